#pragma once
// What the snapshot tests share: the header as bytes, checksums forged as a hostile file would,
// and the graphs they write.

#include <entente/io/archive.hpp>

#include <doctest/doctest.h>
#include <boost/crc.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

namespace entente::testing {

inline constexpr std::size_t header_size = 32;
inline constexpr std::string_view magic{"\x89KGA\r\n\x1a\n", 8};

/// Picks the archive format for this run of the test case, one SUBCASE per format.
inline io::archive_format each_format() {
  io::archive_format format = io::archive_format::binary;
  SUBCASE("binary") { format = io::archive_format::binary; }
  SUBCASE("text") { format = io::archive_format::text; }
  SUBCASE("xml") { format = io::archive_format::xml; }
  return format;
}

inline std::uint64_t get_le(const std::string& bytes, std::size_t at, std::size_t size) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < size; ++i)
    v |= std::uint64_t{static_cast<unsigned char>(bytes[at + i])} << (8 * i);
  return v;
}
inline void put_le(std::string& bytes, std::size_t at, std::uint64_t v, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) bytes[at + i] = static_cast<char>(v >> (8 * i));
}

inline std::uint32_t boost_crc(std::string_view bytes) {
  boost::crc_32_type crc;
  crc.process_bytes(bytes.data(), bytes.size());
  return crc.checksum();
}

/// Recomputes both checksums, as a hostile file would, so damage reaches the payload reader.
inline void forge_checksums(std::string& bytes) {
  put_le(bytes, 16, bytes.size() - header_size, 8);
  put_le(bytes, 24, boost_crc(std::string_view(bytes).substr(header_size)), 4);
  put_le(bytes, 28, boost_crc(std::string_view(bytes).substr(0, 28)), 4);
}

/// A schema extended in every way it can be, and a graph using all of it: every value type,
/// partial and open dates, citations with and without quotes and spans, parallel relations,
/// scripts other than Latin, characters XML escapes, and the traces of a removal.
inline graph rich_graph() {
  auto s = schema::geopolitics();
  s.add_kind({"Militia", "Organization"});
  s.add_kind({"Vessel", ""});
  s.add_relation_type({"funds",
                       {"State"},
                       {"Militia", "Person"},
                       false,
                       false,
                       "funded_by",
                       polarity::cooperation,
                       "0711",
                       7.25,
                       2});
  s.add_relation_type({"borders", {}, {}, true, true, "", polarity::structural, "", 0.0, 0});
  s.add_relation_type({"ships_to",
                       {"Vessel"},
                       {"State", "Place"},
                       false,
                       false,
                       "receives_from",
                       polarity::conflict,
                       "",
                       -0.1,
                       4});
  graph g(std::move(s));

  g.add_source({"kh-2024-06", "Putin and Kim sign a pact", "The Korea Herald", date(2024, 6, 19),
                "https://example.org/a?x=1&y=<2>"});
  g.add_source({"ria-2023", "Визит в Пхеньян", "", date(2023), ""});
  g.add_source({"undated", "", "", date(), ""});
  g.add_source({"monthly", "t", "p", date(2023, 9), "u"});

  entity_spec prk{"PRK",
                  "State",
                  "North Korea",
                  {"DPRK", "Северная Корея", "조선", "北朝鮮"},
                  {},
                  {{"wikidata", "Q423"}, {"iso", "KP"}, {"wikidata", "Q423-again"}}};
  auto& a = prk.attributes;
  a.set("founded", date(1948, 9, 9));
  a.set("founded_month", date(1948, 9));
  a.set("founded_year", date(1948));
  a.set("population", std::int64_t{26'000'000});
  a.set("lowest", std::numeric_limits<std::int64_t>::min());
  a.set("highest", std::numeric_limits<std::int64_t>::max());
  a.set("gdp_per_capita", 1234.5678);
  a.set("third", 1.0 / 3.0);
  a.set("tiny", std::numeric_limits<double>::denorm_min());
  a.set("huge", std::numeric_limits<double>::max());
  a.set("un_member", true);
  a.set("nuclear_free", false);
  a.set("unknown", value{});
  a.set("motto", std::string("a <b> & \"c\" 'd'\r\n\ttab  trailing  "));
  a.set("control", std::string("nul\0and\x01"
                               "bell\x7f",
                               14));
  a.set("empty", std::string());
  a.set("한국어", std::string("조선민주주의인민공화국"));
  g.add_entity(prk);
  g.add_entity({"RUS", "state", "Russia", {"Россия", "Russian Federation"}, {}, {}});
  g.add_entity({"kim-jong-un",
                "Person",
                "Kim Jong-un",
                {"김정은", "Ким Чен Ын"},
                {},
                {{"wikidata", "Q56226"}}});
  g.add_entity({"wagner", "Militia", "Wagner Group", {}, {}, {}});
  g.add_entity({"angara", "Vessel", "Angara", {"Ангара"}, {}, {}});
  g.add_entity({"UKR", "State", "", {}, {}, {}});  // named after its id
  auto nameless = g.add_entity({"nameless", "Place", "x", {}, {}, {}});
  g.set_name(nameless, "");  // an empty name set on purpose stays empty
  auto gone = g.add_entity({"gone", "Place", "Gone", {}, {}, {}});
  g.add_entity({"wonsan", "Place", "Wonsan", {"원산"}, {}, {}});

  g.add_relation({"PRK",
                  "supports",
                  "RUS",
                  evidence::confirmed,
                  {date(2024), {}},
                  {{"kh-2024-06", "fully and unconditionally supports", text_span{10, 44}},
                   {"ria-2023", "", std::nullopt}},
                  {}});
  g.add_relation({"PRK",
                  "supports",
                  "RUS",
                  evidence::alleged,
                  {date(2022, 2), date(2022, 3, 1)},
                  {{"monthly", "", text_span{0, 0}}},
                  {}});
  auto supplies = g.add_relation({"PRK",
                                  "supplies",
                                  "RUS",
                                  evidence::reported,
                                  {date(2023, 9), {}},
                                  {{"kh-2024-06", "shells", std::nullopt}},
                                  {}});
  g.set_relation_attribute(supplies, "item", std::string("artillery shells"));
  g.set_relation_attribute(supplies, "quantity", std::int64_t{1'000'000});
  g.set_relation_attribute(supplies, "share", 0.6);
  g.set_relation_attribute(supplies, "verified", false);
  g.set_relation_attribute(supplies, "first_seen", date(2023, 8));
  g.set_relation_attribute(supplies, "note", value{});
  g.add_relation({"RUS", "aids", "PRK", evidence::speculated, {{}, date(2025)}, {}, {}});
  g.add_relation({"RUS", "condemns", "UKR", evidence::denied, {}, {}, {}});
  g.add_relation({"RUS", "funds", "wagner", evidence::reported, {}, {}, {}});
  g.add_relation(
      {"angara", "ships_to", "PRK", evidence::confirmed, {date(2023, 10, 1), {}}, {}, {}});
  g.add_relation({"PRK", "borders", "RUS", evidence::confirmed, {}, {}, {}});
  g.add_relation({"wonsan", "located_in", "PRK", evidence::confirmed, {}, {}, {}});
  auto leads = g.add_relation({"kim-jong-un",
                               "leads",
                               "PRK",
                               evidence::confirmed,
                               {date(2011, 12, 17), {}},
                               {{"undated", "", text_span{3, 9}}},
                               {}});
  g.set_relation_attribute(leads, "scratch", true);
  g.erase_relation_attribute(leads, "scratch");  // leaves an empty annotation slot behind
  g.add_relation({"gone", "located_in", "PRK", evidence::reported, {}, {}, {}});
  g.add_relation({"RUS", "supports", "PRK", evidence::reported, {}, {}, {}});
  g.remove_entity(gone);  // drops its relation; "wonsan" takes its index
  return g;
}

/// Two states and one relation without annotations: a binary payload that ends with
/// [relation count: u64][one 20-byte relation record][annotated count: u64].
inline graph tiny_graph() {
  graph g;
  g.add_entity({"AAA", "State", "Aland", {}, {}, {}});
  g.add_entity({"BBB", "State", "Borduria", {}, {}, {}});
  g.add_relation({"AAA", "supports", "BBB", evidence::reported, {date(2024), {}}, {}, {}});
  return g;
}

}  // namespace entente::testing
