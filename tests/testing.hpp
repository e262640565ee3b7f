#pragma once
// What the tests share: a small, hand-checked world and a few helpers for files and text.

#include <entente/graph.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

namespace entente::testing {

/// Whether `part` occurs in `text`.
inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// How many times `part` occurs in `text`, overlaps included.
inline std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

/// A file's bytes.
inline std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A fresh, empty folder of its own (named by process and a counter, so parallel tests never
/// share one), removed at the end of the test.
struct scratch {
  scratch() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           fmt::format("entente-test-{}-{}", ::getpid(), counter++);
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  scratch(const scratch&) = delete;
  scratch& operator=(const scratch&) = delete;
  ~scratch() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::filesystem::path path;
};

/// Two entities and one relation that cites a source with a quote and carries an attribute:
/// small enough for a test to spell out a whole export of it.
inline graph tiny_world() {
  graph g;
  g.add_source({"article-a", "North Korea backs Russia", "Example Daily", date(2024, 7),
                "https://example.org/a?x=1"});
  attributes capital;
  capital.set("capital", std::string("Pyongyang"));
  g.add_entity({"PRK", "State", "North Korea", {"DPRK", "북한"}, capital, {}});
  g.add_entity({"RUS", "State", "Russia", {}, {}, {}});
  attributes item;
  item.set("item", std::string("artillery-shells"));
  g.add_relation({"PRK",
                  "supplies",
                  "RUS",
                  evidence::alleged,
                  {date(2023, 9), date(2024)},
                  {{"article-a", "shells by the million", std::nullopt}},
                  item});
  return g;
}

/// Two entities and a relation whose attributes are lists of every item type, an empty list,
/// and strings that hold what separates things in one format or another (`,` `|` `"` `\` `[`,
/// a tab, a line break): what every format's list syntax must carry.
inline graph list_world() {
  graph g;
  attributes lists;
  lists.set("tags", value_list{"nuclear", "a, b", "bar|pipe", "say \"hi\"", "back\\slash", "[x]",
                               "tab\tline\nend", "", "북한"});
  lists.set("numbers", value_list{1, -2, std::int64_t{9007199254740993}});
  lists.set("shares", value_list{0.5, 1.0, -2.25});
  lists.set("flags", value_list{true, false});
  lists.set("days", value_list{date(2014), date(2023, 9), date(2024, 6, 19)});
  lists.set("nothing", value_list{});
  lists.set("single", value_list{"one"});
  g.add_entity({"PRK", "State", "North Korea", {}, lists, {}});
  g.add_entity({"RUS", "State", "Russia", {}, {}, {}});
  attributes items;
  items.set("items", value_list{"artillery shells", "ballistic missiles"});
  items.set("batches", value_list{});
  items.set("quantities", value_list{1000000, 50});
  g.add_relation({"PRK", "supplies", "RUS", evidence::alleged, {}, {}, items});
  return g;
}

/// A larger graph of `entities` states and `relations` relations, each citing a source with a
/// quote and carrying an attribute: its exports run past the block size in which they are saved.
inline graph many_relations(std::size_t entities, std::size_t relations) {
  graph g;
  g.add_source({"s", "A source", "", date(2024), ""});
  for (std::size_t e = 0; e < entities; ++e)
    g.add_entity({fmt::format("e{}", e), "State", fmt::format("State number {}", e), {}, {}, {}});
  const char* types[] = {"supports", "sanctions", "cooperates_with", "condemns"};
  for (std::size_t i = 0; i < relations; ++i) {
    auto r = g.add_relation(static_cast<entity_index>(i % entities),
                            g.schema().relation_type(types[i % 4]),
                            static_cast<entity_index>((i * 7 + 1) % entities), evidence::reported,
                            {date(2000 + static_cast<int>(i % 25)), {}});
    g.add_citation(r, citation{0, fmt::format("quote number {}", i), std::nullopt});
    g.set_relation_attribute(r, "rank", static_cast<std::int64_t>(i));
  }
  return g;
}

/// Ten entities and fourteen relations around North Korea's support for Russia's war.
///
///   kim-jong-un -leads-> PRK          vladimir-putin -leads-> RUS
///   PRK -supports-> RUS (confirmed)   PRK -supports-> RUS (alleged, parallel)
///   PRK -supplies-> RUS               RUS -aids-> PRK
///   RUS -wages_war_on-> UKR           USA -sanctions-> RUS       USA -supports-> UKR
///   KOR -condemns-> PRK               sergey-lavrov -holds_office-> RUS
///   sergey-lavrov -visits-> PRK       RUS -seeks-> artillery-shells
///   european-union -sanctions-> PRK
inline graph small_world() {
  graph g;
  g.add_source({"article-a", "North Korea backs Russia", "Example Daily", date(2024, 7), ""});
  g.add_source({"article-b", "Lavrov in Wonsan", "Example Weekly", date(2025, 7, 12), ""});
  g.add_source({"reference", "General reference", "", date(), ""});
  auto add = [&](const char* id, const char* kind, const char* name,
                 std::vector<std::string> aliases = {}) {
    g.add_entity({id, kind, name, std::move(aliases), {}, {}});
  };
  add("PRK", "State", "North Korea",
      {"DPRK", "Democratic People's Republic of Korea", "Северная Корея", "조선", "북한"});
  add("RUS", "State", "Russia", {"Russian Federation", "Россия", "러시아"});
  add("UKR", "State", "Ukraine", {"Україна", "Украина"});
  add("USA", "State", "United States", {"US", "United States of America"});
  add("KOR", "State", "South Korea", {"Republic of Korea", "대한민국"});
  add("kim-jong-un", "Person", "Kim Jong-un", {"Kim Jong Un", "Ким Чен Ын", "김정은"});
  add("vladimir-putin", "Person", "Vladimir Putin", {"Владимир Путин", "블라디미르 푸틴"});
  add("sergey-lavrov", "Person", "Sergey Lavrov", {"Sergei Lavrov", "Сергей Лавров"});
  add("artillery-shells", "Item", "artillery shells", {});
  add("european-union", "Organization", "European Union", {"EU"});

  auto rel = [&](const char* from, const char* type, const char* to, evidence e,
                 interval valid = {}, const char* source = "article-a", const char* quote = "") {
    return g.add_relation({from, type, to, e, valid, {{source, quote, std::nullopt}}, {}});
  };
  rel("kim-jong-un", "leads", "PRK", evidence::confirmed, {}, "reference");
  rel("vladimir-putin", "leads", "RUS", evidence::confirmed, {}, "reference");
  rel("PRK", "supports", "RUS", evidence::confirmed, {date(2024), {}}, "article-a",
      "fully and unconditionally supports");
  rel("PRK", "supports", "RUS", evidence::alleged, {date(2022), {}}, "article-b");
  auto supplies = rel("PRK", "supplies", "RUS", evidence::reported, {date(2023, 9), {}});
  g.set_relation_attribute(supplies, "item", std::string("artillery-shells"));
  rel("RUS", "aids", "PRK", evidence::speculated);
  rel("RUS", "wages_war_on", "UKR", evidence::confirmed, {date(2022, 2, 24), {}});
  rel("USA", "sanctions", "RUS", evidence::confirmed, {date(2014), {}});
  rel("USA", "supports", "UKR", evidence::confirmed);
  rel("KOR", "condemns", "PRK", evidence::reported);
  auto office = rel("sergey-lavrov", "holds_office", "RUS", evidence::confirmed, {date(2004), {}},
                    "reference");
  g.set_relation_attribute(office, "role", std::string("foreign minister"));
  rel("sergey-lavrov", "visits", "PRK", evidence::confirmed, {date(2024, 7), date(2024, 7)},
      "article-b");
  rel("RUS", "seeks", "artillery-shells", evidence::reported);
  rel("european-union", "sanctions", "PRK", evidence::confirmed, {date(2016), {}});
  return g;
}

}  // namespace entente::testing
