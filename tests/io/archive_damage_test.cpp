// Snapshots that are not intact, from the header on: truncated, damaged, foreign and hostile bytes
// raise io_error and nothing else (all inputs are deterministic, so sanitizer builds see them too).

#include <entente/io/archive.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/archive_testing.hpp"
#include "testing.hpp"

using namespace entente;
using io::archive_format;
using testing::boost_crc;
using testing::each_format;
using testing::forge_checksums;
using testing::get_le;
using testing::header_size;
using testing::magic;
using testing::put_le;
using testing::rich_graph;
using testing::tiny_graph;

namespace {

/// How reading some bytes went: a graph, an io_error, or anything else (a problem).
enum class outcome { accepted, refused, problem };

/// Reads `bytes`; an io_error must start with `prefix`, or it counts as a problem too.
std::pair<outcome, std::string> try_read(const std::string& bytes, std::string_view prefix) {
  try {
    (void)io::read_archive(bytes, "snapshot.kga");
    return {outcome::accepted, ""};
  } catch (const io_error& e) {
    if (std::string_view(e.what()).starts_with(prefix)) return {outcome::refused, e.what()};
    return {outcome::problem,
            std::string("io_error without \"") + std::string(prefix) + "\": " + e.what()};
  } catch (const std::exception& e) {
    return {outcome::problem, std::string("not an io_error: ") + e.what()};
  }
}

/// The first problem found and how many there were, for a failure message.
std::string summary(const std::vector<std::string>& problems) {
  if (problems.empty()) return "no problems";
  return fmt::format("{} problem(s), the first: {}", problems.size(), problems.front());
}

/// A small graph that still holds every kind of field, so that damage at any byte lands in
/// some field or other and a test can afford to try every byte.
graph fuzz_graph() {
  schema s;
  s.add_kind({"Actor", ""});
  s.add_kind({"State", "Actor"});
  s.add_kind({"Item", ""});
  s.add_relation_type({"supplies",
                       {"Actor"},
                       {"Actor"},
                       false,
                       false,
                       "supplied_by",
                       polarity::cooperation,
                       "072",
                       8.3,
                       2});
  s.add_relation_type({"borders", {}, {"State"}, true, true, "", polarity::structural, "", 0, 0});
  graph g(std::move(s));
  g.add_source({"a", "Title", "Pub", date(2024, 6, 19), "https://x.org/?a=1&b=<2>"});
  g.add_source({"b", "", "", date(2023), ""});
  entity_spec prk{"PRK", "State", "North Korea", {"DPRK", "조선"}, {}, {{"wikidata", "Q423"}}};
  prk.attributes.set("b", true);
  prk.attributes.set("d", date(1948, 9));
  prk.attributes.set("i", std::int64_t{-7});
  prk.attributes.set("n", value{});
  prk.attributes.set("r", 0.25);
  prk.attributes.set("s", std::string("<&>"));
  g.add_entity(prk);
  g.add_entity({"RUS", "State", "Russia", {"Россия"}, {}, {}});
  g.add_entity({"shells", "Item", "", {}, {}, {}});
  auto r = g.add_relation({"PRK",
                           "supplies",
                           "RUS",
                           evidence::reported,
                           {date(2023, 9), {}},
                           {{"a", "shells", text_span{1, 7}}, {"b", "", std::nullopt}},
                           {}});
  g.set_relation_attribute(r, "qty", std::int64_t{1000});
  g.add_relation({"RUS", "borders", "PRK", evidence::confirmed, {{}, date(2025, 1, 2)}, {}, {}});
  g.add_relation({"RUS", "supplies", "PRK", evidence::denied, {}, {{"b", "q", std::nullopt}}, {}});
  return g;
}

}  // namespace

// ---- the header ----------------------------------------------------------------------------

TEST_CASE("archive: the header holds magic, version, kind, size and standard CRC-32s") {
  auto format = each_format();
  auto bytes = io::write_archive(testing::small_world(), format);
  REQUIRE(bytes.size() > header_size);
  std::string_view payload = std::string_view(bytes).substr(header_size);
  CHECK(std::string_view(bytes).substr(0, 8) == magic);
  CHECK(get_le(bytes, 8, 4) == io::archive_version);
  CHECK(get_le(bytes, 12, 4) == static_cast<std::uint64_t>(format == archive_format::binary ? 0
                                                           : format == archive_format::text ? 1
                                                                                            : 2));
  CHECK(get_le(bytes, 16, 8) == payload.size());
  CHECK(get_le(bytes, 24, 4) == boost_crc(payload));
  CHECK(get_le(bytes, 28, 4) == boost_crc(std::string_view(bytes).substr(0, 28)));
  if (format == archive_format::xml) {
    CHECK(payload.starts_with("<?xml"));
    CHECK(payload.find("<entente_snapshot>") != std::string_view::npos);
  }
  if (format != archive_format::binary)
    CHECK(payload.find("North Korea") != std::string_view::npos);
}

TEST_CASE("archive: an empty file is not a snapshot") {
  CHECK_THROWS_WITH_AS(io::read_archive("", "snapshot.kga"),
                       "snapshot.kga: empty file, not an entente snapshot", io_error);
}

TEST_CASE("archive: a foreign file is refused for its magic") {
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  const std::string foreign[] = {"{\"entities\": []}\n",
                                 "id\tkind\tname\nPRK\tState\tNorth Korea\n",
                                 png,
                                 std::string("PK\x03\x04", 4),
                                 "K",
                                 "\x89KGB"};
  for (const auto& bytes : foreign) {
    INFO(bytes);
    CHECK_THROWS_WITH_AS(io::read_archive(bytes, "snapshot.kga"),
                         "snapshot.kga: not an entente snapshot (bad magic)", io_error);
  }
  CHECK_THROWS_WITH_AS(
      io::read_archive("\x89KG", "default origin"),
      "default origin: truncated: 3 bytes, shorter than the 32-byte snapshot header", io_error);
  CHECK_THROWS_WITH_AS(io::read_archive("junk"), "<archive>: not an entente snapshot (bad magic)",
                       io_error);
}

TEST_CASE("archive: random bytes are refused, with or without a snapshot's magic") {
  std::mt19937 rng(7);  // fixed seed: the same bytes on every run
  std::vector<std::string> problems;
  for (std::size_t size : {1, 7, 8, 31, 32, 33, 100, 1000, 5000}) {
    for (int round = 0; round < 20; ++round) {
      std::string bytes(size, '\0');
      for (char& c : bytes) c = static_cast<char>(rng());
      if (auto [how, message] = try_read(bytes, "snapshot.kga: "); how != outcome::refused)
        problems.push_back(fmt::format("{} random bytes: {}", size, message));
      // The right magic and version, then noise: caught by the header checksum.
      std::string forged = bytes;
      forged.replace(0, std::min(forged.size(), magic.size()),
                     magic.substr(0, std::min(forged.size(), magic.size())));
      if (forged.size() >= 12) put_le(forged, 8, io::archive_version, 4);
      if (auto [how, message] = try_read(forged, "snapshot.kga: "); how != outcome::refused)
        problems.push_back(fmt::format("{} bytes after the magic: {}", size, message));
    }
  }
  INFO(summary(problems));
  CHECK(problems.empty());
}

TEST_CASE("archive: a newer format version is refused by name") {
  auto format = each_format();
  auto bytes = io::write_archive(testing::small_world(), format);
  put_le(bytes, 8, io::archive_version + 1, 4);
  CHECK_THROWS_WITH_AS(io::read_archive(bytes, "snapshot.kga"),
                       fmt::format("snapshot.kga: written by a newer entente: format version {}, "
                                   "this build reads up to {}",
                                   io::archive_version + 1, io::archive_version)
                           .c_str(),
                       io_error);
  put_le(bytes, 8, 0xFFFFFFFF, 4);
  CHECK_THROWS_WITH_AS(io::read_archive(bytes, "snapshot.kga"),
                       doctest::Contains("format version 4294967295, this build reads up to"),
                       io_error);
  put_le(bytes, 8, 0, 4);
  CHECK_THROWS_WITH_AS(io::read_archive(bytes, "snapshot.kga"),
                       "snapshot.kga: damaged: format version 0", io_error);
}

TEST_CASE("archive: an unknown archive kind is refused") {
  auto bytes = io::write_archive(testing::small_world());
  put_le(bytes, 12, 7, 4);
  CHECK_THROWS_WITH_AS(io::read_archive(bytes, "snapshot.kga"),
                       "snapshot.kga: damaged: header checksum mismatch", io_error);
  forge_checksums(bytes);
  CHECK_THROWS_WITH_AS(io::read_archive(bytes, "snapshot.kga"),
                       "snapshot.kga: damaged: unknown archive kind 7", io_error);
}

// ---- damage --------------------------------------------------------------------------------

TEST_CASE("archive: a snapshot truncated at any length is refused") {
  auto format = each_format();
  auto bytes = io::write_archive(rich_graph(), format);
  const std::size_t payload = bytes.size() - header_size;

  CHECK_THROWS_WITH_AS(
      io::read_archive(bytes.substr(0, 20), "snapshot.kga"),
      "snapshot.kga: truncated: 20 bytes, shorter than the 32-byte snapshot header", io_error);
  CHECK_THROWS_WITH_AS(io::read_archive(bytes.substr(0, header_size), "snapshot.kga"),
                       fmt::format("snapshot.kga: truncated: header says {} bytes of payload, "
                                   "file has 0",
                                   payload)
                           .c_str(),
                       io_error);
  CHECK_THROWS_WITH_AS(io::read_archive(bytes.substr(0, bytes.size() - 1), "snapshot.kga"),
                       fmt::format("snapshot.kga: truncated: header says {} bytes of payload, "
                                   "file has {}",
                                   payload, payload - 1)
                           .c_str(),
                       io_error);

  std::vector<std::string> problems;
  for (std::size_t length = 1; length < bytes.size(); ++length) {
    std::string cut = bytes.substr(0, length);
    try {
      (void)io::read_archive(cut, "snapshot.kga");
      problems.push_back(fmt::format("{} bytes: accepted", length));
    } catch (const io_error& e) {
      if (!std::string_view(e.what()).starts_with("snapshot.kga: truncated: "))
        problems.push_back(fmt::format("{} bytes: {}", length, e.what()));
    }
  }
  INFO(summary(problems));
  CHECK(problems.empty());
}

TEST_CASE("archive: bytes after the payload are refused") {
  auto bytes = io::write_archive(tiny_graph());
  const std::size_t payload = bytes.size() - header_size;
  CHECK_THROWS_WITH_AS(io::read_archive(bytes + "abc", "snapshot.kga"),
                       fmt::format("snapshot.kga: damaged: header says {} bytes of payload, "
                                   "file has {}",
                                   payload, payload + 3)
                           .c_str(),
                       io_error);
}

TEST_CASE("archive: a flipped bit or byte anywhere is caught before the payload is read") {
  auto format = each_format();
  const auto bytes = io::write_archive(fuzz_graph(), format);

  CHECK_THROWS_WITH_AS(io::read_archive(std::string(bytes).replace(3, 1, "x"), "snapshot.kga"),
                       "snapshot.kga: not an entente snapshot (bad magic)", io_error);
  auto flipped_size = bytes;
  flipped_size[17] ^= 0x01;
  CHECK_THROWS_WITH_AS(io::read_archive(flipped_size, "snapshot.kga"),
                       "snapshot.kga: damaged: header checksum mismatch", io_error);
  auto flipped_payload = bytes;
  flipped_payload[bytes.size() / 2] ^= 0x40;
  CHECK_THROWS_WITH_AS(io::read_archive(flipped_payload, "snapshot.kga"),
                       "snapshot.kga: damaged: checksum mismatch", io_error);

  std::vector<std::string> problems;
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    for (unsigned char mask : {0x01, 0x80, 0xFF}) {
      auto damaged = bytes;
      damaged[at] = static_cast<char>(damaged[at] ^ mask);
      auto [how, message] = try_read(damaged, "snapshot.kga: ");
      if (how != outcome::refused)
        problems.push_back(fmt::format("byte {} ^ {:#x}: {}", at, mask,
                                       how == outcome::accepted ? "accepted" : message));
    }
  }
  INFO(summary(problems));
  CHECK(problems.empty());
}

TEST_CASE("archive: damage behind a forged checksum fails cleanly, never with a crash") {
  auto format = each_format();
  const auto bytes = io::write_archive(fuzz_graph(), format);
  // Every payload byte of the binary and text forms; the XML form is longer, so every other one.
  const std::size_t stride = format == archive_format::xml ? 2 : 1;
  std::vector<std::string> problems;
  std::size_t refused = 0;
  for (std::size_t at = header_size; at < bytes.size(); at += stride) {
    for (unsigned char mask : {0x01, 0x20, 0xFF}) {
      auto damaged = bytes;
      damaged[at] = static_cast<char>(damaged[at] ^ mask);
      forge_checksums(damaged);
      // Either a graph (a changed letter in a name is still a graph) or a clean io_error.
      auto [how, message] = try_read(damaged, "snapshot.kga: damaged");
      if (how == outcome::problem)
        problems.push_back(fmt::format("byte {} ^ {:#x}: {}", at, mask, message));
      refused += how == outcome::refused;
    }
  }
  INFO(summary(problems));
  CHECK(problems.empty());
  CHECK(refused > 0);
}

TEST_CASE("archive: a payload cut short behind a forged checksum fails cleanly") {
  auto format = each_format();
  const auto bytes = io::write_archive(fuzz_graph(), format);
  std::vector<std::string> problems;
  for (std::size_t length = header_size; length < bytes.size(); ++length) {
    auto cut = bytes.substr(0, length);
    forge_checksums(cut);
    auto [how, message] = try_read(cut, "snapshot.kga: damaged");
    // Only the whitespace that ends a text or XML archive may go unnoticed.
    bool lost_content = bytes.find_first_not_of(" \t\r\n", length) != std::string::npos;
    if (how == outcome::problem || (how == outcome::accepted && lost_content))
      problems.push_back(
          fmt::format("{} bytes: {}", length, how == outcome::accepted ? "accepted" : message));
  }
  INFO(summary(problems));
  CHECK(problems.empty());
}

TEST_CASE("archive: forged counts, lengths and indexes are refused by name") {
  const auto bytes = io::write_archive(tiny_graph());
  // The relation count and the one relation record come just before the string table: its
  // size (8 bytes), four lengths (4 bytes each) and the bytes' length (8 bytes), then the
  // strings "AAA", "Aland", "BBB" and "Borduria" in one piece.
  const std::size_t strings = bytes.find("AAAAlandBBBBorduria");
  REQUIRE(strings != std::string::npos);
  const std::size_t table = strings - 8 - 16 - 8;
  const std::size_t record = table - 20;
  const std::size_t relations = record - 8;
  auto forged = [&](std::size_t at, std::uint64_t v, std::size_t size) {
    auto b = bytes;
    put_le(b, at, v, size);
    forge_checksums(b);
    return b;
  };
  REQUIRE(get_le(bytes, relations, 8) == 1);
  REQUIRE(get_le(bytes, record, 4) == 0);
  REQUIRE(get_le(bytes, record + 4, 4) == 1);

  CHECK_THROWS_WITH_AS(
      io::read_archive(forged(relations, std::uint64_t{1} << 40, 8), "snapshot.kga"),
      fmt::format("snapshot.kga: damaged: 1099511627776 relations cannot fit in the {} bytes left",
                  bytes.size() - relations - 8)
          .c_str(),
      io_error);
  CHECK_THROWS_WITH_AS(io::read_archive(forged(record, 99, 4), "snapshot.kga"),
                       "snapshot.kga: damaged: relation 0 starts at entity 99, the snapshot has 2 "
                       "entities",
                       io_error);
  CHECK_THROWS_WITH_AS(io::read_archive(forged(record + 4, 2, 4), "snapshot.kga"),
                       "snapshot.kga: damaged: relation 0 ends at entity 2, the snapshot has 2 "
                       "entities",
                       io_error);
  CHECK_THROWS_WITH_AS(io::read_archive(forged(record + 16, 999, 2), "snapshot.kga"),
                       fmt::format("snapshot.kga: damaged: relation 0 has relation type 999, the "
                                   "schema has {}",
                                   tiny_graph().schema().num_relation_types())
                           .c_str(),
                       io_error);
  CHECK_THROWS_WITH_AS(io::read_archive(forged(record + 18, 9, 1), "snapshot.kga"),
                       "snapshot.kga: damaged: relation 0 has evidence level 9", io_error);
  CHECK_THROWS_WITH_AS(
      io::read_archive(forged(record + 10, 13, 1), "snapshot.kga"),
      "snapshot.kga: damaged: relation 0 has an invalid date (year 2024, month 13, "
      "day 0)",
      io_error);

  // The payload opens with the validation mode (1 byte), the number of kinds (8 bytes) and the
  // length of the first kind's name (8 bytes).
  CHECK_THROWS_WITH_AS(io::read_archive(forged(header_size, 5, 1), "snapshot.kga"),
                       "snapshot.kga: damaged: unknown validation mode 5", io_error);
  const std::size_t left = bytes.size() - header_size - 9;
  CHECK_THROWS_WITH_AS(
      io::read_archive(forged(header_size + 1, std::uint64_t{1} << 60, 8), "snapshot.kga"),
      fmt::format("snapshot.kga: damaged: 1152921504606846976 kinds cannot fit in "
                  "the {} bytes left",
                  left)
          .c_str(),
      io_error);
  CHECK_THROWS_WITH_AS(
      io::read_archive(forged(header_size + 9, std::uint64_t{1} << 62, 8), "snapshot.kga"),
      fmt::format("snapshot.kga: damaged: name (a string of 4611686018427387904 "
                  "bytes) cannot fit in the {} bytes left",
                  left - 8)
          .c_str(),
      io_error);

  // The string table and the entities' columns behind it: kinds (2 bytes each), ids and names
  // (string numbers, 4 bytes each), then the count of entities with details.
  REQUIRE(get_le(bytes, table, 8) == 4);
  const std::size_t kinds = strings + 19;
  const std::size_t ids = kinds + 4;
  const std::size_t names = ids + 8;
  const std::size_t detailed = names + 8;
  REQUIRE(get_le(bytes, ids + 4, 4) == 2);
  REQUIRE(get_le(bytes, detailed, 8) == 0);
  CHECK_THROWS_WITH_AS(
      io::read_archive(forged(table + 8 + 4, 6, 4), "snapshot.kga"),
      "snapshot.kga: damaged: the string table holds 19 bytes, its strings' lengths add up to 20",
      io_error);
  auto twin_string = bytes;
  twin_string.replace(strings + 8, 3, "AAA");  // "BBB" becomes the first string again
  forge_checksums(twin_string);
  CHECK_THROWS_WITH_AS(io::read_archive(twin_string, "snapshot.kga"),
                       "snapshot.kga: damaged: a string comes twice in the string table", io_error);
  CHECK_THROWS_WITH_AS(io::read_archive(forged(kinds + 2, 77, 2), "snapshot.kga"),
                       fmt::format("snapshot.kga: damaged: entity 1 has kind 77, the schema has "
                                   "{} kinds",
                                   tiny_graph().schema().num_kinds())
                           .c_str(),
                       io_error);
  CHECK_THROWS_WITH_AS(io::read_archive(forged(names + 4, 4, 4), "snapshot.kga"),
                       "snapshot.kga: damaged: entity 1 names string 4, the table has 4", io_error);
  // A second entity with the first one's id.
  CHECK_THROWS_WITH_AS(io::read_archive(forged(ids + 4, 0, 4), "snapshot.kga"),
                       "snapshot.kga: damaged: entity 'AAA' is already in the graph", io_error);
  CHECK_THROWS_WITH_AS(
      io::read_archive(forged(detailed, std::uint64_t{1} << 40, 8), "snapshot.kga"),
      fmt::format("snapshot.kga: damaged: 1099511627776 detailed_entities cannot "
                  "fit in the {} bytes left",
                  bytes.size() - detailed - 8)
          .c_str(),
      io_error);
}

TEST_CASE("archive: an entity's details in a binary snapshot are refused out of order") {
  graph g;
  g.add_entity({"AAA", "State", "Aland", {"Åland"}, {}, {}});
  g.add_entity({"BBB", "State", "Borduria", {"Bordurie"}, {}, {}});
  auto bytes = io::write_archive(g);
  // Details: a count, then for each entity its number (4 bytes), aliases (a count and string
  // numbers), attributes and external ids (8-byte counts): 32 bytes, the annotation count after.
  const std::size_t annotations = bytes.size() - 8;
  const std::size_t last = annotations - 32;
  const std::size_t first = last - 32;
  REQUIRE(get_le(bytes, first, 4) == 0);
  REQUIRE(get_le(bytes, last, 4) == 1);
  auto forged = [&](std::size_t at, std::uint64_t v) {
    auto b = bytes;
    put_le(b, at, v, 4);
    forge_checksums(b);
    return b;
  };
  CHECK_THROWS_WITH_AS(io::read_archive(forged(last, 0), "snapshot.kga"),
                       "snapshot.kga: damaged: details for entity 0 out of order", io_error);
  CHECK_THROWS_WITH_AS(io::read_archive(forged(last, 2), "snapshot.kga"),
                       "snapshot.kga: damaged: details for entity 2, the snapshot has 2 entities",
                       io_error);
  CHECK_THROWS_WITH_AS(io::read_archive(forged(first + 12, 9), "snapshot.kga"),
                       "snapshot.kga: damaged: entity 0 has alias string 9, the table has 6",
                       io_error);
}

TEST_CASE("archive: forged lengths and elements in text and XML snapshots are refused") {
  SUBCASE("text") {
    auto bytes = io::write_archive(tiny_graph(), archive_format::text);
    auto at = bytes.find("5 Actor");
    REQUIRE(at != std::string::npos);
    bytes.replace(at, 1, "99999999999");
    forge_checksums(bytes);
    CHECK_THROWS_WITH_AS(io::read_archive(bytes, "snapshot.kga"),
                         doctest::Contains("snapshot.kga: damaged: name (a string of 99999999999 "
                                           "bytes) cannot fit in the"),
                         io_error);
  }
  SUBCASE("xml") {
    auto bytes = io::write_archive(tiny_graph(), archive_format::xml);
    auto at = bytes.find("<relations>1</relations>");
    REQUIRE(at != std::string::npos);
    bytes.replace(at, 24, "<relations>99999999</relations>");
    forge_checksums(bytes);
    CHECK_THROWS_WITH_AS(
        io::read_archive(bytes, "snapshot.kga"),
        doctest::Contains("snapshot.kga: damaged: 99999999 relations cannot fit in "
                          "the"),
        io_error);
  }
  SUBCASE("xml, an element missing") {
    auto bytes = io::write_archive(tiny_graph(), archive_format::xml);
    auto at = bytes.find("<aliases>0</aliases>");
    REQUIRE(at != std::string::npos);
    bytes.erase(at, 20);
    forge_checksums(bytes);
    CHECK_THROWS_WITH_AS(
        io::read_archive(bytes, "snapshot.kga"),
        "snapshot.kga: damaged: expected <aliases> in the XML, found '<attributes>'", io_error);
  }
  SUBCASE("xml, an end tag longer than its start tag") {
    auto bytes = io::write_archive(tiny_graph(), archive_format::xml);
    auto at = bytes.find("</validation>");
    REQUIRE(at != std::string::npos);
    bytes.replace(at, 13, "</validation_and_then_a_great_deal_more_than_that>");
    forge_checksums(bytes);
    (void)try_read(bytes, "snapshot.kga: damaged");  // a graph or an error; under ASan, no overread
  }
}
