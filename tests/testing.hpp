#pragma once
// A small, hand-checked world shared by the tests.

#include <entente/graph.hpp>

namespace entente::testing {

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
