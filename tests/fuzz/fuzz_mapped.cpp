// Fuzzes the mapped snapshot reader (io/mapped.hpp). The input is a whole file; when it is long
// enough to have a footer, the footer's file size and the section table's checksum are made
// right here (as a hostile file would forge them), so that the fuzzer reaches the sections and
// not just the table's checksum. Whatever opens is read in every way a reader can read it, each
// damaged value must throw io_error and nothing else, and a file that `verify_mapped` passes must
// read as the graph its own save reads back as.

#include "fuzz.hpp"

#include "../io/mapped_testing.hpp"

#include <entente/io/mapped.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace {

std::uint32_t crc32(std::string_view bytes) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    c ^= b;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return ~c;
}

std::uint64_t get_le(std::string_view bytes, std::size_t at, std::size_t size) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < size; ++i)
    v |= std::uint64_t{static_cast<unsigned char>(bytes[at + i])} << (8 * i);
  return v;
}
void put_le(std::string& out, std::size_t at, std::uint64_t value, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) out[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

/// The footer's size and the table's checksum made right (see src/io/mapped_format.hpp).
void forge(std::string& bytes) {
  if (bytes.size() < 128) return;
  const std::size_t footer = bytes.size() - 64;
  put_le(bytes, footer + 16, bytes.size(), 8);
  const std::uint64_t table = get_le(bytes, footer, 8);
  if (table > footer) return;
  put_le(bytes, footer + 52, crc32(std::string_view(bytes).substr(table, footer + 52 - table)), 4);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace entente;
  std::string bytes(fuzzing::text(data, size));
  forge(bytes);
  static const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                            ("fuzz_mapped-" + std::to_string(::getpid()) + ".kgm");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  try {
    graph g = io::load_mapped(file);
    testing::read_all(g);
    graph copy = g;
    copy.add_entity({"fuzz-entity", "State", "", {}, {}, {}});  // the copy checks every value
  } catch (const error&) {
  }
  bool verified = true;
  try {
    io::verify_mapped(file);
  } catch (const error&) {
    verified = false;
  }
  if (verified) {
    try {
      graph g = io::load_mapped(file);
      const auto again = std::filesystem::path(file).replace_extension(".again.kgm");
      io::save_mapped(g, again);
      if (!(io::load_mapped(again) == g))
        fuzzing::broken("a verified mapped snapshot reads back as the graph it saves");
      std::filesystem::remove(again);
    } catch (const error& e) {
      fuzzing::broken("a verified mapped snapshot reads and saves", e.what());
    }
  }
  return 0;
}
