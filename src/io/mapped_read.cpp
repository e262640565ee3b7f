// Opening mapped snapshots (`*.kgm`; mapped_format.hpp has the layout), and checking one whole.
//
// Opening maps the file read-only and checks, before the graph reads anything, what costs the
// same whatever the graph's size: the header, the footer and its checksum, the section table
// (each section inside the file, aligned, as long as its count says, the counts agreeing with
// each other and with the schema), the schema and sources (a small snapshot, checked as any),
// the offsets by type and by kind, and the ends of the string table. Plain mmap rather than
// Boost.Interprocess: one call, read-only, and nothing to link.

#include <entente/io/archive.hpp>
#include <entente/io/mapped.hpp>

#include "io/crc32.hpp"
#include "io/file_bytes.hpp"
#include "io/mapped_details.hpp"
#include "io/mapped_format.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <bit>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>

namespace entente::io {
namespace {

using detail::mapped_loader;
using detail::mapped_section;

std::uint64_t get(std::string_view bytes, std::size_t at, std::size_t size) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < size; ++i)
    value |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  return value;
}

constexpr std::array<const char*, detail::mapped_section_count> section_names = {
    "meta",       "entities",     "kinds",      "relations",  "string offsets", "strings",
    "id table",   "out offsets",  "out index",  "in offsets", "in index",       "type offsets",
    "type index", "kind offsets", "kind index", "details"};

/// The item size each section must have (1 for bytes).
constexpr std::array<std::uint32_t, detail::mapped_section_count> item_sizes = {
    1, 12, 2, 24, 8, 1, 16, 4, 12, 4, 12, 4, 4, 4, 4, 1};

struct section {
  std::uint64_t offset = 0;
  std::uint64_t count = 0;
  std::uint32_t crc = 0;
  std::string_view bytes;
};

/// The file, mapped read-only for as long as a graph reads it.
class mapped_file final : public detail::mapped_storage {
 public:
  explicit mapped_file(const std::filesystem::path& file) : origin_(file.string()) {
    // Not blocking: a named pipe would otherwise wait here for a writer.
    detail::unique_fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (!fd) fail("cannot read", errno);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) fail("cannot read", errno);
    if (S_ISDIR(st.st_mode)) fail("cannot read", EISDIR);
    if (!S_ISREG(st.st_mode))
      throw io_error(origin_ + ": cannot map: not a regular file (a mapped snapshot is one)");
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ < detail::mapped_header_size + detail::mapped_footer_size)
      throw io_error(
          fmt::format("{}: not a mapped snapshot: {} bytes are too few for one", origin_, size_));
    void* at = ::mmap(nullptr, size_, PROT_READ, MAP_SHARED, fd.get(), 0);
    if (at == MAP_FAILED) fail("cannot map", errno);
    data_ = static_cast<const char*>(at);
  }
  ~mapped_file() override { ::munmap(const_cast<char*>(data_), size_); }
  mapped_file(const mapped_file&) = delete;
  mapped_file& operator=(const mapped_file&) = delete;

  [[nodiscard]] const std::string& origin() const noexcept override { return origin_; }
  [[nodiscard]] detail::decoded_details decode() const override {
    return detail::decode_details(details, strings, sources, origin_);
  }
  [[nodiscard]] std::string_view bytes() const noexcept { return {data_, size_}; }

  // What decode() needs, set by the opener.
  std::string_view details;
  std::size_t strings = 0;
  std::size_t sources = 0;

 private:
  [[noreturn]] void fail(const char* what, int err) const {
    throw io_error(origin_ + ": " + what + ": " + std::generic_category().message(err));
  }
  std::string origin_;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

class opener {
 public:
  explicit opener(std::shared_ptr<mapped_file> file) : file_(std::move(file)) {}

  graph open() {
    if constexpr (std::endian::native != std::endian::little)
      fail("not readable here: mapped snapshots need a little-endian machine");
    check_ends();
    read_table();
    graph g = read_meta();
    check_counts(g);
    file_->details = at(mapped_section::details).bytes;
    file_->strings = count(mapped_section::string_offsets) - 1;
    file_->sources = g.sources().size();
    mapped_loader::map(g, file_, arrays());
    return g;
  }
  [[nodiscard]] const std::array<section, detail::mapped_section_count>& sections() const {
    return sections_;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw io_error(file_->origin() + ": " + what);
  }
  [[noreturn]] void damaged(const std::string& what) const { fail("damaged: " + what); }

 private:
  void check_ends() const {
    std::string_view bytes = file_->bytes();
    if (bytes.substr(0, 8) != detail::mapped_magic)
      fail("not a mapped snapshot (it lacks the magic bytes of one)");
    if (auto version = get(bytes, 8, 4); version != mapped_version)
      fail(fmt::format("mapped snapshot format {} is not the format {} this build reads", version,
                       mapped_version));
    std::string_view footer = bytes.substr(bytes.size() - detail::mapped_footer_size);
    if (footer.substr(56) != detail::mapped_end_magic)
      fail(fmt::format("truncated or damaged: no footer at its end ({} bytes)", bytes.size()));
    if (get(footer, 16, 8) != bytes.size())
      fail(fmt::format("truncated or damaged: its footer says {} bytes, the file has {}",
                       get(footer, 16, 8), bytes.size()));
  }

  void read_table() {
    std::string_view bytes = file_->bytes();
    std::string_view footer = bytes.substr(bytes.size() - detail::mapped_footer_size);
    const std::uint64_t table = get(footer, 0, 8);
    const std::uint64_t entries = get(footer, 8, 4);
    if (entries != detail::mapped_section_count ||
        table != bytes.size() - detail::mapped_footer_size - entries * detail::mapped_entry_size)
      damaged(fmt::format("its footer names {} sections at byte {}", entries, table));
    std::string_view tail = bytes.substr(table);
    if (detail::crc32(tail.substr(0, tail.size() - 12)) != get(tail, tail.size() - 12, 4))
      damaged("its section table fails its checksum");
    for (std::uint32_t i = 0; i < detail::mapped_section_count; ++i) {
      std::string_view entry = tail.substr(i * detail::mapped_entry_size);
      section& s = sections_[i];
      s.offset = get(entry, 8, 8);
      s.count = get(entry, 16, 8);
      s.crc = static_cast<std::uint32_t>(get(entry, 24, 4));
      if (get(entry, 0, 4) != i + 1 || get(entry, 4, 4) != item_sizes[i])
        damaged(
            fmt::format("section {} of its table is not the {} it should be", i, section_names[i]));
      if (s.offset % detail::mapped_alignment != 0 || s.offset < detail::mapped_header_size ||
          s.offset > table || s.count > (table - s.offset) / item_sizes[i])
        damaged(fmt::format("its {} lie outside the file", section_names[i]));
      s.bytes = bytes.substr(s.offset, s.count * item_sizes[i]);
    }
  }

  graph read_meta() const {
    std::string_view meta = at(mapped_section::meta).bytes;
    std::size_t pos = 0;
    auto number = [&] {
      if (meta.size() - pos < 8) damaged("its schema and sources end early");
      auto x = get(meta, pos, 8);
      pos += 8;
      return x;
    };
    auto text = [&] {
      auto n = number();
      if (n > meta.size() - pos) damaged("its schema and sources end early");
      std::string_view s = meta.substr(pos, n);
      pos += n;
      return s;
    };
    graph g = read_archive(text(), file_->origin() + " (schema and sources)");
    std::vector<std::string> warnings;
    for (auto n = number(); n > 0; --n) {
      if (n > meta.size() / 8) damaged("its warnings cannot fit");
      warnings.emplace_back(text());
    }
    if (pos != meta.size()) damaged("bytes follow its warnings");
    mapped_loader::set_warnings(g, std::move(warnings));
    return g;
  }

  void check_counts(const graph& g) const {
    const std::uint64_t n = count(mapped_section::entities);
    const std::uint64_t m = count(mapped_section::relations);
    auto expect = [&](mapped_section s, std::uint64_t want) {
      if (count(s) != want)
        damaged(fmt::format("it holds {} {} where {} belong", count(s),
                            section_names[static_cast<std::size_t>(s) - 1], want));
    };
    if (n >= no_index || m >= no_index) damaged("it counts more entities or relations than fit");
    expect(mapped_section::kinds, n);
    expect(mapped_section::out_offsets, n + 1);
    expect(mapped_section::in_offsets, n + 1);
    expect(mapped_section::out_entries, m);
    expect(mapped_section::in_entries, m);
    expect(mapped_section::type_offsets, g.schema().num_relation_types() + 1);
    expect(mapped_section::by_type, m);
    expect(mapped_section::kind_offsets, g.schema().num_kinds() + 1);
    expect(mapped_section::by_kind, n);
    const std::uint64_t slots = count(mapped_section::id_slots);
    if (!std::has_single_bit(slots) || slots <= n)
      damaged(fmt::format("its id table has {} slots for {} entities", slots, n));
    const std::uint64_t strings = count(mapped_section::string_offsets);
    auto offsets = array<std::uint64_t>(mapped_section::string_offsets);
    if (strings == 0 || strings - 1 >= no_index || offsets.front() != 0 ||
        offsets.back() > count(mapped_section::string_bytes))
      damaged("its string table does not add up");
    check_offsets(mapped_section::type_offsets, m);
    check_offsets(mapped_section::kind_offsets, n);
  }

  // Offsets by type or kind: few, so checked whole.
  void check_offsets(mapped_section s, std::uint64_t total) const {
    auto offsets = array<std::uint32_t>(s);
    for (std::size_t i = 0; i + 1 < offsets.size(); ++i)
      if (offsets[i] > offsets[i + 1])
        damaged(fmt::format("its {} go backwards", section_names[static_cast<std::size_t>(s) - 1]));
    if (offsets.front() != 0 || offsets.back() != total)
      damaged(fmt::format("its {} do not add up", section_names[static_cast<std::size_t>(s) - 1]));
  }

  [[nodiscard]] mapped_loader::arrays arrays() const {
    mapped_loader::arrays a;
    a.entities = array<mapped_loader::entity_record>(mapped_section::entities);
    a.kinds = array<kind_id>(mapped_section::kinds);
    a.relations = array<mapped_loader::relation_record>(mapped_section::relations);
    a.string_offsets = array<std::uint64_t>(mapped_section::string_offsets);
    a.string_bytes = at(mapped_section::string_bytes).bytes;
    a.id_slots = array<detail::id_slot>(mapped_section::id_slots);
    a.out_offsets = array<std::uint32_t>(mapped_section::out_offsets);
    a.out_entries = array<adjacency_entry>(mapped_section::out_entries);
    a.in_offsets = array<std::uint32_t>(mapped_section::in_offsets);
    a.in_entries = array<adjacency_entry>(mapped_section::in_entries);
    a.type_offsets = array<std::uint32_t>(mapped_section::type_offsets);
    a.by_type = array<relation_index>(mapped_section::by_type);
    a.kind_offsets = array<std::uint32_t>(mapped_section::kind_offsets);
    a.by_kind = array<entity_index>(mapped_section::by_kind);
    return a;
  }

  [[nodiscard]] const section& at(mapped_section s) const {
    return sections_[static_cast<std::size_t>(s) - 1];
  }
  [[nodiscard]] std::uint64_t count(mapped_section s) const { return at(s).count; }
  // A section's items where the file holds them: aligned, since sections start at multiples of
  // 64 bytes of a page-aligned mapping.
  template <class T>
  [[nodiscard]] std::span<const T> array(mapped_section s) const {
    const section& sec = at(s);
    return {reinterpret_cast<const T*>(sec.bytes.data()), static_cast<std::size_t>(sec.count)};
  }

  std::shared_ptr<mapped_file> file_;
  std::array<section, detail::mapped_section_count> sections_{};
};

}  // namespace

graph load_mapped(const std::filesystem::path& file) {
  return opener(std::make_shared<mapped_file>(file)).open();
}

void verify_mapped(const std::filesystem::path& file) {
  auto mapping = std::make_shared<mapped_file>(file);
  opener open(mapping);
  graph g = open.open();
  for (std::size_t i = 0; i < detail::mapped_section_count; ++i)
    if (detail::crc32(open.sections()[i].bytes) != open.sections()[i].crc)
      open.damaged(fmt::format("its {} fail their checksum", section_names[i]));
  // Every value in range, as the graph's first change checks them, and the index the same as
  // one built anew from the relations.
  graph copy = mapped_loader::owned_copy(g);
  if (!mapped_loader::same_index(g, copy)) open.damaged("its index does not match its relations");
  for (entity_index e = 0; e < g.num_entities(); ++e)
    if (g.find_id(g.entity(e).id()) != e)
      open.damaged(fmt::format("its id table does not find entity {}", e));
}

}  // namespace entente::io
