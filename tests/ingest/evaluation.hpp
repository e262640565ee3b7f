#pragma once
// How well `ingest` reads: precision and recall of the relations between actors it proposes,
// against the annotated corpus (tests/ingest/corpus/: an article, the graph an analyst has, the
// relations a careful reader encodes) and against the bundled knowledge base for the two seed
// articles (tests/ingest/seeds/: the relations that cite each, between actors). A relation counts
// when subject, type and object match (either way round for a symmetric type); the evidence
// level (exact) and the item are scored on the relations that count.

#include <entente/entente.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace entente::testing::evaluation {

struct counts {
  std::size_t true_positives = 0, false_positives = 0, false_negatives = 0;
  std::size_t evidence_right = 0;          // of the true positives
  std::size_t items = 0, items_right = 0;  // true positives with an item in the gold, and right
  void add(const counts& o) {
    true_positives += o.true_positives;
    false_positives += o.false_positives;
    false_negatives += o.false_negatives;
    evidence_right += o.evidence_right;
    items += o.items;
    items_right += o.items_right;
  }
  [[nodiscard]] double precision() const {
    const auto n = true_positives + false_positives;
    return n == 0 ? 0 : static_cast<double>(true_positives) / static_cast<double>(n);
  }
  [[nodiscard]] double recall() const {
    const auto n = true_positives + false_negatives;
    return n == 0 ? 0 : static_cast<double>(true_positives) / static_cast<double>(n);
  }
  [[nodiscard]] double evidence_accuracy() const {
    return true_positives == 0
               ? 0
               : static_cast<double>(evidence_right) / static_cast<double>(true_positives);
  }
};

struct report {
  counts all;
  std::map<std::string, counts> by_type;
  void add(const report& o) {
    all.add(o.all);
    for (const auto& [t, c] : o.by_type) by_type[t].add(c);
  }
};

// One fact as scored: ends as ids (or "new:" and a new entity's name key), ends sorted for a
// symmetric type.
struct fact {
  std::string from, type, to;
  auto operator<=>(const fact&) const = default;
};

// What is said of one fact: its evidence levels and items.
struct said {
  std::set<std::string> evidence;
  std::set<std::string> items;  // name keys
  std::string surest_evidence;  // the surest level a candidate gives it (predictions)
  entente::evidence surest = entente::evidence::reported;
  double confidence = -1;
};

inline std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline bool is_actor(const graph& g, std::string_view kind) {
  const auto actor = g.schema().find_kind("Actor");
  const auto k = g.schema().find_kind(kind);
  return actor && k && g.schema().is_a(*k, *actor);
}

inline fact make_fact(const graph& g, std::string from, const std::string& type, std::string to) {
  if (auto t = g.schema().find_relation_type(type);
      t && g.schema().relation_type_at(*t).symmetric && to < from)
    std::swap(from, to);
  return {std::move(from), type, std::move(to)};
}

inline report score(const std::map<fact, said>& gold, const std::map<fact, said>& predicted) {
  report r;
  for (const auto& [f, p] : predicted) {
    auto& c = r.by_type[f.type];
    auto it = gold.find(f);
    if (it == gold.end()) {
      ++c.false_positives;
      continue;
    }
    ++c.true_positives;
    if (it->second.evidence.contains(p.surest_evidence)) ++c.evidence_right;
    if (!it->second.items.empty()) {
      ++c.items;
      // An item is right when one names the other: "Fath-360 close-range ballistic missiles"
      // is the gold's "ballistic-missiles".
      const bool any = std::any_of(p.items.begin(), p.items.end(), [&](const std::string& i) {
        return std::any_of(
            it->second.items.begin(), it->second.items.end(), [&](const std::string& wanted) {
              return i.find(wanted) != std::string::npos || wanted.find(i) != std::string::npos;
            });
      });
      if (any) ++c.items_right;
    }
  }
  for (const auto& [f, s] : gold)
    if (!predicted.contains(f)) ++r.by_type[f.type].false_negatives;
  for (const auto& [t, c] : r.by_type) r.all.add(c);
  return r;
}

// How sure a level is, for choosing one fact's level among its candidates'.
inline int sureness(evidence e) {
  switch (e) {
    case evidence::confirmed: return 4;
    case evidence::reported: return 3;
    case evidence::alleged: return 2;
    case evidence::speculated: return 1;
    default: return 0;  // a denial states nothing sure
  }
}

inline std::string actor_key(const ingest_actor& a) {
  return a.entity ? a.id : "new:" + name_key(a.name);
}

// The facts `ingest` proposes between actors.
inline std::map<fact, said> predictions(const graph& g, const std::string& text) {
  std::map<fact, said> out;
  for (const auto& c : ingest(g, text).candidates) {
    if (!is_actor(g, c.from.kind) || !is_actor(g, c.to.kind)) continue;
    auto& s = out[make_fact(g, actor_key(c.from), c.type, actor_key(c.to))];
    s.evidence.insert(std::string(to_string(c.evidence)));
    for (const auto& [k, v] : c.attributes)
      if (k == "item") s.items.insert(name_key(v));
    // A fact several sentences state is as sure as the surest of them: an article that
    // confirms it once confirms it.
    if (s.confidence < 0 || sureness(c.evidence) > sureness(s.surest)) {
      s.surest = c.evidence;
      s.surest_evidence = std::string(to_string(c.evidence));
    }
    s.confidence = std::max(s.confidence, c.confidence);
  }
  return out;
}

// An article of the corpus: `name`.md read against `name`.kg.json, scored with `name`.gold.json.
inline report corpus_article(const std::filesystem::path& folder, const std::string& name) {
  const auto g = io::load(folder / (name + ".kg.json"));
  const auto gold_json = nlohmann::json::parse(read_text(folder / (name + ".gold.json")));
  auto end = [](const nlohmann::json& j) {
    if (j.is_string()) return j.get<std::string>();
    return "new:" + name_key(j.at("new").at("name").get<std::string>());
  };
  std::map<fact, said> gold;
  for (const auto& r : gold_json.at("relations")) {
    auto& s =
        gold[make_fact(g, end(r.at("from")), r.at("type").get<std::string>(), end(r.at("to")))];
    s.evidence.insert(r.at("evidence").get<std::string>());
    if (r.contains("attributes") && r.at("attributes").contains("item"))
      s.items.insert(name_key(r.at("attributes").at("item").get<std::string>()));
  }
  return score(gold, predictions(g, read_text(folder / (name + ".md"))));
}

// A seed article against the bundled knowledge base: the relations citing `source` between
// actors are the gold.
inline report seed_article(const graph& kb, const std::filesystem::path& text,
                           const std::string& source) {
  const auto src = kb.source_named(source);
  std::map<fact, said> gold;
  for (relation_index r = 0; r < kb.num_relations(); ++r) {
    const auto rel = kb.relation(r);
    const auto from = kb.entity(rel.from()), to = kb.entity(rel.to());
    if (!is_actor(kb, from.kind_name()) || !is_actor(kb, to.kind_name())) continue;
    const auto cites = rel.citations();
    if (std::none_of(cites.begin(), cites.end(),
                     [&](const citation& c) { return c.source == src; }))
      continue;
    auto& s = gold[make_fact(kb, std::string(from.id()), std::string(rel.type_name()),
                             std::string(to.id()))];
    s.evidence.insert(std::string(to_string(rel.evidence())));
    if (const value* item = rel.attributes().find("item"))
      if (const auto* text_item = std::get_if<std::string>(item))
        s.items.insert(name_key(*text_item));
  }
  return score(gold, predictions(kb, read_text(text)));
}

// The corpus articles: every `*.gold.json` of the folder, by name.
inline std::vector<std::string> corpus_names(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const auto file = entry.path().filename().string();
    if (file.ends_with(".gold.json")) names.push_back(file.substr(0, file.size() - 10));
  }
  std::sort(names.begin(), names.end());
  return names;
}

inline const char* const seed_sources[] = {"article-lavrov-pyongyang",
                                           "article-kim-russia-support"};

}  // namespace entente::testing::evaluation
