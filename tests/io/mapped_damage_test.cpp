// Mapped snapshots that are not intact: truncated at every length, a byte damaged at every
// offset, values forged where the checksums do not look. Each is refused with io_error, when
// opened or when the damaged part is read, or reads as the graph it was; nothing else (the
// sanitizer builds run these too, so a read outside the file would fail them).

#include <entente/io/mapped.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <exception>
#include <fstream>
#include <string>
#include <vector>

#include "io/archive_testing.hpp"
#include "io/mapped_testing.hpp"
#include "testing.hpp"

using namespace entente;

namespace {

void write(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << bytes;
}

/// Reads everything, then changes a copy, which checks every value as it copies.
void read_all(const graph& g) {
  testing::read_all(g);
  graph copy = g;
  copy.add_entity({"damage-test", "State", "", {}, {}, {}});
}

// Opening checks only what costs the same whatever the size: damage in a large section reads as
// other values (a name with another letter) until `verify_mapped` compares the checksums.
enum class outcome { intact, different, refused, problem };

/// Opens `file` and reads all of it: the graph it was, another one, refused with an io_error
/// naming the file, or a problem.
std::pair<outcome, std::string> try_open(const std::filesystem::path& file, const graph& original) {
  try {
    graph g = io::load_mapped(file);
    read_all(g);
    return {g == original ? outcome::intact : outcome::different, ""};
  } catch (const io_error& e) {
    if (std::string(e.what()).starts_with(file.string())) return {outcome::refused, e.what()};
    return {outcome::problem, std::string("io_error not naming the file: ") + e.what()};
  } catch (const std::exception& e) {
    return {outcome::problem, std::string("not an io_error: ") + e.what()};
  }
}

struct saved {
  testing::scratch dir;
  graph g = testing::rich_graph();
  std::filesystem::path file = dir.path / "g.kgm";
  std::string bytes;
  saved() {
    io::save_mapped(g, file);
    bytes = testing::read_file(file);
  }
};

std::string summary(const std::vector<std::string>& problems) {
  if (problems.empty()) return "no problems";
  return fmt::format("{} problem(s), the first: {}", problems.size(), problems.front());
}

}  // namespace

TEST_CASE("mapped damage: a file cut short at any length is refused when opened") {
  saved s;
  std::vector<std::string> problems;
  for (std::size_t n = 0; n < s.bytes.size(); ++n) {
    write(s.file, s.bytes.substr(0, n));
    auto [result, why] = try_open(s.file, s.g);
    if (result != outcome::refused) problems.push_back(fmt::format("{} bytes: {}", n, why));
  }
  CHECK_MESSAGE(problems.empty(), summary(problems));
}

TEST_CASE("mapped damage: a damaged byte anywhere is refused or read safely, and verify finds it") {
  saved s;
  std::vector<std::string> problems;
  std::size_t refused = 0;
  for (std::size_t at = 0; at < s.bytes.size(); ++at) {
    std::string damaged = s.bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5A);
    write(s.file, damaged);
    auto [result, why] = try_open(s.file, s.g);
    if (result == outcome::refused) ++refused;
    // What opening lets through, verifying finds, unless the byte lies where nothing reads.
    bool verified = true;
    try {
      io::verify_mapped(s.file);
    } catch (const io_error&) {
      verified = false;
    }
    if (result == outcome::problem)
      problems.push_back(fmt::format("byte {}: {}", at, why));
    else if (verified && result != outcome::intact)
      problems.push_back(fmt::format("byte {}: verified, but it does not read as it was", at));
  }
  CHECK_MESSAGE(problems.empty(), summary(problems));
  CHECK(refused > s.bytes.size() / 2);
}

TEST_CASE("mapped damage: verify finds what a checksum covers and opening does not look at") {
  saved s;
  // A date of the first relation: opening does not read it, reading it refuses it, and verifying
  // names the section.
  io::verify_mapped(s.file);
  std::string damaged = s.bytes;
  const std::size_t table = testing::get_le(damaged, damaged.size() - 64, 8);
  const std::size_t relations_at = testing::get_le(damaged, table + 3 * 32 + 8, 8);
  damaged[relations_at + 14] = static_cast<char>(damaged[relations_at + 14] ^ 0x7F);  // a month
  write(s.file, damaged);
  graph g = io::load_mapped(s.file);
  CHECK_THROWS_WITH_AS((void)g.valid(0), doctest::Contains("g.kgm: damaged: relation 0"), io_error);
  CHECK_THROWS_WITH_AS(io::verify_mapped(s.file),
                       doctest::Contains("relations fail their checksum"), io_error);
}

TEST_CASE("mapped damage: a newer format version and a foreign file are refused by name") {
  saved s;
  std::string newer = s.bytes;
  testing::put_le(newer, 8, io::mapped_version + 1, 4);
  write(s.file, newer);
  const std::string refusal = fmt::format("mapped snapshot format {} is not the format {}",
                                          io::mapped_version + 1, io::mapped_version);
  CHECK_THROWS_WITH_AS((void)io::load_mapped(s.file), doctest::Contains(refusal.c_str()), io_error);
  write(s.file, std::string(200, 'x'));
  CHECK_THROWS_WITH_AS((void)io::load_mapped(s.file), doctest::Contains("not a mapped snapshot"),
                       io_error);
}
