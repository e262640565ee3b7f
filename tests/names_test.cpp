#include <entente/graph.hpp>
#include <entente/names.hpp>

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "testing.hpp"

using namespace entente;

namespace {
/// The id of the entity `name` finds, or "" when it finds none: failures then print a word.
std::string id_of(const graph& g, std::string_view name) {
  auto e = g.find(name);
  return e ? std::string(g.entity(*e).id()) : std::string();
}
std::vector<std::string> ids(const graph& g, const std::vector<entity_index>& es) {
  std::vector<std::string> out;
  for (auto e : es) out.emplace_back(g.entity(e).id());
  return out;
}
using names = std::vector<std::string>;
}  // namespace

// --- keys ---------------------------------------------------------------------------------------

TEST_CASE("names: keys ignore case, with full case folding") {
  CHECK(name_key("KIM JONG UN") == "kimjongun");
  CHECK(name_key("Kim Jong Un") == name_key("kIM jONG uN"));
  CHECK(name_key("Straße") == name_key("STRASSE"));  // ß folds to "ss"
  CHECK(name_key("İstanbul") == name_key("istanbul"));
  CHECK(name_key("КИМ ЧЕН ЫН") == name_key("ким чен ын"));
  CHECK(name_key("ΣΟΦΙΑ") == name_key("σοφια"));
}

TEST_CASE("names: keys ignore diacritics") {
  CHECK(name_key("Türkiye") == name_key("Turkiye"));
  CHECK(name_key("P'yŏngyang") == name_key("Pyongyang"));
  CHECK(name_key("Hồ Chí Minh") == name_key("Ho Chi Minh"));
  CHECK(name_key("Fédération de Russie") == name_key("Federation de Russie"));
  CHECK(name_key("Фёдор") == name_key("Федор"));
  CHECK(name_key("Αθήνα") == name_key("Αθηνα"));
}

TEST_CASE("names: NFC and NFD spellings share a key") {
  CHECK(name_key("T\u00FCrkiye") == name_key("Tu\u0308rkiye"));
  CHECK(name_key("P'y\u014Fngyang") == name_key("P'yo\u0306ngyang"));
  CHECK(name_key("\u0424\u0451\u0434\u043E\u0440") ==
        name_key("\u0424\u0435\u0308\u0434\u043E\u0440"));
  // 김정은 composed (NFC) and as conjoining jamo (NFD).
  std::string nfd = "\u1100\u1175\u11B7\u110C\u1165\u11BC\u110B\u1173\u11AB";
  CHECK(name_key(nfd) == name_key("김정은"));
  CHECK(latin_name_key(nfd) == latin_name_key("김정은"));
  CHECK(latin_name_key("\u0421\u0435\u0440\u0433\u0435\u0438\u0306") ==
        latin_name_key("\u0421\u0435\u0440\u0433\u0435\u0439"));  // Сергей, й decomposed
}

TEST_CASE("names: hyphen, dash and space variants share a key") {
  const auto key = name_key("Kim Jong-un");
  for (const char* spelling :
       {"Kim Jong Un", "KimJongUn", "Kim  Jong   Un", "Kim\u00A0Jong\u00A0Un", "Kim\tJong\nUn",
        "Kim Jong\u2010un", "Kim Jong\u2011un", "Kim Jong\u2012un", "Kim Jong\u2013un",
        "Kim Jong\u2014un", "Kim Jong\u2212un", "Kim Jong\u00ADun", "Kim_Jong_Un",
        "Kim Jong\u30FBUn", " Kim Jong-un. "}) {
    CAPTURE(spelling);
    CHECK(name_key(spelling) == key);
  }
}

TEST_CASE("names: apostrophe variants share a key") {
  const auto key = name_key("Democratic Peoples Republic of Korea");
  for (const char* spelling :
       {"Democratic People's Republic of Korea", "Democratic People\u2019s Republic of Korea",
        "Democratic People\u2018s Republic of Korea", "Democratic People\u02BCs Republic of Korea",
        "Democratic People`s Republic of Korea", "Democratic People\u00B4s Republic of Korea",
        "Democratic People\uFF07s Republic of Korea",
        "Democratic People\u2032s Republic of Korea"}) {
    CAPTURE(spelling);
    CHECK(name_key(spelling) == key);
  }
  CHECK(name_key("P\u02BCy\u014Fngyang") == name_key("Pyongyang"));
  CHECK(name_key("Hawai\u02BBi") == name_key("Hawaii"));
}

TEST_CASE("names: fullwidth and other compatibility forms share a key") {
  CHECK(name_key("ＫＩＭ　ＪＯＮＧ－ＵＮ") == name_key("Kim Jong-un"));
  CHECK(name_key("Ｇ２０") == name_key("G20"));
  CHECK(name_key("ｶﾀｶﾅ") == name_key("カタカナ"));        // halfwidth katakana
  CHECK(name_key("\uFB01nland") == name_key("Finland"));  // the "fi" ligature
  CHECK(name_key("٢٠٢٤") == name_key("2024"));            // Arabic-Indic digits
}

TEST_CASE("names: keys keep letters in their own script") {
  CHECK(name_key("Ким Чен Ын") == "кимченын");
  CHECK(name_key("Ким Чен Ын") != name_key("Kim Chen Yn"));
  // Hangul keys stay whole syllables, not jamo.
  CHECK(name_key("김정은") == "김정은");
  CHECK(name_key("대한 민국") == "대한민국");
  // Marks that are part of a letter stay: the kana voicing mark, Devanagari vowel signs.
  CHECK(name_key("ガ") != name_key("カ"));
  CHECK(name_key("मोदी") != name_key("मोद"));
}

TEST_CASE("names: a name without letters or digits has an empty key and finds nothing") {
  CHECK(name_key(" - ' \u2014 ").empty());
  CHECK(name_key("").empty());
  auto g = testing::small_world();
  CHECK_FALSE(g.find("---"));
  CHECK_FALSE(g.find(""));
}

TEST_CASE("names: latin keys transliterate Cyrillic and Hangul") {
  // Russian follows BGN/PCGN, as English writes Russian names.
  CHECK(latin_name_key("Ким Чен Ын") == "kimchenyn");
  CHECK(latin_name_key("Сергей Лавров") == name_key("Sergey Lavrov"));
  CHECK(latin_name_key("Россия") == "rossiya");
  CHECK(latin_name_key("Україна") == "ukraina");
  // Hangul follows ICU's Revised Romanization, not the McCune-Reischauer of "Kim Jong-un".
  CHECK(latin_name_key("김정은") == "gimjeongeun");
  CHECK(latin_name_key("김정은") != latin_name_key("Kim Jong-un"));
  CHECK(latin_name_key("Łódź") == "lodz");
  CHECK(latin_name_key("Kim Jong-un") == name_key("Kim Jong-un"));
}

// --- lookups through a graph --------------------------------------------------------------------

TEST_CASE("names: a Latin alias finds the entity in any case and spelling") {
  auto g = testing::small_world();
  CHECK(id_of(g, "kim jong un") == "kim-jong-un");
  CHECK(id_of(g, "KIM JONG-UN") == "kim-jong-un");
  CHECK(id_of(g, "Kim Jong\u2011un") == "kim-jong-un");
  CHECK(id_of(g, "ＫＩＭ ＪＯＮＧ ＵＮ") == "kim-jong-un");
  CHECK(id_of(g, "north korea") == "PRK");
  CHECK(id_of(g, "Democratic People\u2019s Republic of Korea") == "PRK");
  CHECK(id_of(g, "democratic peoples republic of korea") == "PRK");
  CHECK(id_of(g, "Sergei Lavrov") == "sergey-lavrov");
  CHECK(id_of(g, "united states of america") == "USA");
  CHECK(id_of(g, "Artillery-Shells") == "artillery-shells");
}

TEST_CASE("names: a Cyrillic alias finds the same person") {
  auto g = testing::small_world();
  CHECK(g.find("Ким Чен Ын") == g.find("Kim Jong-un"));
  CHECK(id_of(g, "КИМ ЧЕН ЫН") == "kim-jong-un");
  CHECK(id_of(g, "ким чен-ын") == "kim-jong-un");
  CHECK(id_of(g, "Сергей Лавров") == "sergey-lavrov");
  CHECK(id_of(g, "Владимир Путин") == "vladimir-putin");
  CHECK(id_of(g, "россия") == "RUS");
  CHECK(id_of(g, "Северная Корея") == "PRK");
  CHECK(id_of(g, "Україна") == "UKR");
  CHECK(id_of(g, "Украина") == "UKR");
  CHECK(g.at("Ким Чен Ын") == g.at("kim-jong-un"));
}

TEST_CASE("names: a Hangul alias finds the same entity") {
  auto g = testing::small_world();
  CHECK(g.find("김정은") == g.find("Kim Jong-un"));
  CHECK(id_of(g, "북한") == "PRK");
  CHECK(id_of(g, "조선") == "PRK");
  CHECK(id_of(g, "러시아") == "RUS");
  CHECK(id_of(g, "대한민국") == "KOR");
  CHECK(id_of(g, "대한 민국") == "KOR");
  CHECK(id_of(g, "블라디미르 푸틴") == "vladimir-putin");
  CHECK(id_of(g, "\u1100\u1175\u11B7\u110C\u1165\u11BC\u110B\u1173\u11AB") ==
        "kim-jong-un");  // NFD
  CHECK(g.at("러시아") == g.at("RUS"));
}

TEST_CASE("names: a transliteration finds an entity aliased in another script") {
  auto g = testing::small_world();
  // Latin spellings that no alias has, but that ICU produces from the Cyrillic or Hangul ones.
  CHECK(id_of(g, "Kim Chen Yn") == "kim-jong-un");   // from Ким Чен Ын
  CHECK(id_of(g, "Rossiya") == "RUS");               // from Россия
  CHECK(id_of(g, "Severnaya Koreya") == "PRK");      // from Северная Корея
  CHECK(id_of(g, "Gimjeong-eun") == "kim-jong-un");  // from 김정은
  CHECK(id_of(g, "Daehanminguk") == "");             // ICU writes "daehanmingug"
  CHECK(id_of(g, "Daehanmingug") == "KOR");
}

TEST_CASE("names: find_all lists every entity a name names, in order, without repeats") {
  auto g = testing::small_world();
  auto prk = g.at("PRK");
  auto kor = g.at("KOR");
  g.add_alias(prk, "Korea");
  g.add_alias(kor, "KOREA");
  g.add_alias(prk, "korea");
  CHECK(ids(g, g.find_all("Korea")) == names{"PRK", "KOR"});
  CHECK(ids(g, g.find_all("코리아")) == names{});
  CHECK(ids(g, g.find_all("Kim Jong Un")) == names{"kim-jong-un"});
  CHECK(ids(g, g.find_all("kim-jong-un")) == names{"kim-jong-un"});
  CHECK(g.find("korea") == prk);
}

TEST_CASE("names: a lookup does not match a different person") {
  auto g = testing::small_world();
  CHECK_FALSE(g.find("Kim Jong Il"));
  CHECK_FALSE(g.find("Kim Il Sung"));
  CHECK_FALSE(g.find("Ким Чен Ир"));
  CHECK_FALSE(g.find("김정일"));
  CHECK_FALSE(g.find("Kim"));  // a part of a name is not the name
  CHECK_FALSE(g.find("Vladimir Zelensky"));
  CHECK_FALSE(g.find("Sergey Shoigu"));
  CHECK_FALSE(g.find("Korea"));
}

// --- did you mean -------------------------------------------------------------------------------

TEST_CASE("names: an unknown name lists the closest names") {
  auto g = testing::small_world();
  CHECK_THROWS_WITH_AS((void)g.at("Kim Jong Il"), doctest::Contains("did you mean"), lookup_error);
  CHECK_THROWS_WITH_AS((void)g.at("Kim Jong Il"),
                       R"(no entity named "Kim Jong Il"; did you mean "Kim Jong-un"?)",
                       lookup_error);
  CHECK_THROWS_WITH_AS((void)g.at("Russsia"),
                       R"(no entity named "Russsia"; did you mean "Russia"?)", lookup_error);
  CHECK_THROWS_WITH_AS((void)g.at("Korea"),
                       R"(no entity named "Korea"; did you mean "North Korea" or "South Korea"?)",
                       lookup_error);
  try {
    (void)g.at("Ukrain");
    FAIL("no lookup_error");
  } catch (const lookup_error& e) {
    CHECK(e.suggestions() == names{"Ukraine"});
  }
}

TEST_CASE("names: an unknown name in Cyrillic or Hangul suggests names in its script") {
  auto g = testing::small_world();
  CHECK_THROWS_WITH_AS((void)g.at("Ким Чен Ир"),
                       R"(no entity named "Ким Чен Ир"; did you mean "Ким Чен Ын"?)", lookup_error);
  CHECK_THROWS_WITH_AS((void)g.at("김정운"), R"(no entity named "김정운"; did you mean "김정은"?)",
                       lookup_error);
}

TEST_CASE("names: a Latin typo can suggest a name written in Cyrillic") {
  auto g = testing::small_world();
  CHECK(g.names().suggest("Kim Chen Ir") == names{"Ким Чен Ын"});
  CHECK(g.names().suggest("Severnaja Koreja") == names{"Северная Корея"});
}

TEST_CASE("names: a part of a name suggests the names that contain it") {
  auto g = testing::small_world();
  CHECK(g.names().suggest("Lavrov") == names{"Sergey Lavrov"});
  CHECK(g.names().suggest("Путин") == names{"Владимир Путин"});
}

TEST_CASE("names: a name close to nothing suggests nothing") {
  auto g = testing::small_world();
  CHECK(g.names().suggest("Zimbabwe").empty());
  CHECK(g.names().suggest("").empty());
  CHECK(g.names().suggest("Kim Jong Il", 0).empty());
  CHECK_THROWS_WITH_AS((void)g.at("Zimbabwe"), R"(no entity named "Zimbabwe")", lookup_error);
}

TEST_CASE("names: suggestions come nearest first, one per entity, at most max") {
  name_index idx;
  idx.add("Austria", 0);
  idx.add("Australia", 1);
  idx.add("Commonwealth of Australia", 1);
  idx.add("Austrian Empire", 2);
  idx.add("Estonia", 3);
  // Australia is one edit away, Austria three, though Austria was added first.
  CHECK(idx.suggest("Australie") == names{"Australia", "Austria"});
  CHECK(idx.suggest("Australie", 1) == names{"Australia"});
  // Entity 1 is shown once; a name containing the query comes after the near ones.
  CHECK(idx.suggest("Austria", 10) == names{"Austria", "Australia", "Austrian Empire"});
  CHECK(idx.suggest("Australia", 10) == names{"Australia", "Austria"});
}

TEST_CASE("names: a suggestion names each entity once, in the query's script when it can") {
  auto g = testing::small_world();
  CHECK(g.names().suggest("Rossia") == names{"Russia"});  // not also its alias "Россия"
  CHECK(g.names().suggest("Россиа") == names{"Россия"});  // not "Russia"
}

// --- the index itself ---------------------------------------------------------------------------

TEST_CASE("names: find keeps insertion order without repeats") {
  name_index idx;
  idx.add("Korea", 5);
  idx.add("Korea", 2);
  idx.add("KOREA", 5);
  idx.add("Corea", 7);
  CHECK(idx.find("korea") == std::vector<entity_index>{5, 2});
  CHECK(idx.find("Kor-ea") == std::vector<entity_index>{5, 2});
  CHECK(idx.find("Japan").empty());
}

TEST_CASE("names: transliterated keys are a fallback after exact keys") {
  name_index idx;
  idx.add("Rossiya", 1);
  idx.add("Россия", 2);
  idx.add("Российская Федерация", 3);
  CHECK(idx.find("Rossiya") == std::vector<entity_index>{1});  // its own key wins
  CHECK(idx.find("Россия") == std::vector<entity_index>{2});
  CHECK(idx.find("Rossiyskaya Federatsiya") == std::vector<entity_index>{3});

  name_index cyrillic_only;
  cyrillic_only.add("Украина", 4);
  cyrillic_only.add("Україна", 5);
  cyrillic_only.add("Ukraine", 6);
  // Both Cyrillic spellings transliterate to "ukraina"; found in the order they were added.
  CHECK(cyrillic_only.find("Ukraina") == std::vector<entity_index>{4, 5});

  // Both ways: a Cyrillic query finds a Latin name through its own transliteration.
  name_index latin_only;
  latin_only.add("Kim", 7);
  CHECK(latin_only.find("Ким") == std::vector<entity_index>{7});
  CHECK(latin_only.find("Кім") == std::vector<entity_index>{7});  // Ukrainian і is "i" too
  CHECK(latin_only.find("Кин").empty());
}

TEST_CASE("names: names added after a lookup are found by transliteration too") {
  name_index idx;
  idx.add("Россия", 1);
  CHECK(idx.find("Rossiya") == std::vector<entity_index>{1});  // builds the latin keys
  idx.add("Беларусь", 2);
  CHECK(idx.find("Belarus'") == std::vector<entity_index>{2});
  CHECK(idx.suggest("Belarusk") == names{"Беларусь"});
}

TEST_CASE("names: size counts distinct spellings") {
  name_index idx;
  CHECK(idx.size() == 0);
  idx.add("Kim Jong-un", 0);
  idx.add("Kim Jong-un", 0);
  idx.add("KIM JONG UN", 0);
  idx.add("Ким Чен Ын", 0);
  idx.add("--", 0);  // no key, not indexed
  CHECK(idx.size() == 3);
  CHECK(idx.find("kim jong un") == std::vector<entity_index>{0});
}

TEST_CASE("names: a moved index keeps its names") {
  name_index idx;
  idx.add("Ким Чен Ын", 3);
  name_index moved = std::move(idx);
  CHECK(moved.find("Kim Chen Yn") == std::vector<entity_index>{3});
  CHECK(moved.size() == 1);
}

TEST_CASE("names: the name index is rebuilt after add_alias and set_name") {
  auto g = testing::small_world();
  auto kim = g.at("Kim Jong-un");  // builds the index
  CHECK_FALSE(g.find("Rocket Man"));
  g.add_alias(kim, "Rocket Man");
  CHECK(g.find("rocket-man") == kim);
  g.add_alias(kim, "김 위원장");
  CHECK(g.find("김위원장") == kim);

  auto usa = g.at("United States");
  g.set_name(usa, "América");
  CHECK(g.find("AMERICA") == usa);
  CHECK_FALSE(g.find("United States"));  // the old name is gone; the aliases stay
  CHECK(g.find("United States of America") == usa);
  CHECK(g.names().suggest("Amerika") == names{"América"});
}

TEST_CASE("names: lookups from many threads agree") {
  auto g = testing::small_world();  // the index and its latin keys are built by the threads
  const std::vector<std::string> queries{"Ким Чен Ын",  "Kim Chen Yn",      "김정은", "Rossiya",
                                         "Kim Jong Il", "Severnaya Koreya", "Lavrov"};
  std::vector<std::vector<std::string>> found(4), suggested(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < found.size(); ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round)
        for (const auto& q : queries) {
          auto e = g.find(q);
          if (round == 0) {
            found[t].push_back(e ? std::string(g.entity(*e).id()) : "");
            for (auto& s : g.names().suggest(q)) suggested[t].push_back(s);
          }
        }
    });
  for (auto& t : threads) t.join();
  CHECK(found[0] == names{"kim-jong-un", "kim-jong-un", "kim-jong-un", "RUS", "", "PRK", ""});
  for (std::size_t t = 1; t < found.size(); ++t) {
    CHECK(found[t] == found[0]);
    CHECK(suggested[t] == suggested[0]);
  }
}
