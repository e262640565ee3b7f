// Micro-benchmarks of the operations the workload is made of: name lookup, typed adjacency,
// prepared pattern queries and shortest paths, each timed alone with Google Benchmark.
//
// Usage: entente-micro [--kg=DIR] [--entities=N] [--relations=N] [--seed=N] [--benchmark_...]
//   --kg=DIR (or ENTENTE_MICRO_KG=DIR) loads a folder written by ../shared/bench/gen_kg.py and
//   takes its queries.tsv; without it a graph with the same distributions is generated in
//   process (20,000 entities, 100,000 relations, seed 1 by default) and so are the queries.
// Every eighth entity gets its name in Cyrillic letters as an alias, for lookups across scripts.

#include "../workload.hpp"

#include <entente/graph.hpp>
#include <entente/io/tsv.hpp>
#include <entente/paths.hpp>
#include <entente/query.hpp>

#include <benchmark/benchmark.h>
#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using entente::entity_index;
using entente::graph;

// ---- a seeded graph with the distributions of gen_kg.py ------------------------------------

enum kind_bit : unsigned { state = 1, person = 2, organization = 4, agreement = 8, item = 16 };
constexpr unsigned actor = state | person | organization;
constexpr unsigned state_org = state | organization;

struct kind_share {
  const char* name;
  unsigned bit;
  double share;
};
constexpr std::array<kind_share, 5> kinds{{{"State", state, 0.02},
                                           {"Person", person, 0.40},
                                           {"Organization", organization, 0.20},
                                           {"Agreement", agreement, 0.08},
                                           {"Item", item, 0.30}}};

struct type_share {
  const char* name;
  double weight;
  unsigned from, to;
};
constexpr std::array<type_share, 20> relation_types{{
    {"supports", 10, actor, actor},
    {"supplies", 8, state_org, state_org},
    {"sanctions", 5, state_org, actor},
    {"allied_with", 4, state_org, state_org},
    {"condemns", 6, actor, actor},
    {"leads", 2, person, state_org},
    {"member_of", 6, actor, organization},
    {"party_to", 5, state_org, agreement},
    {"visits", 5, person, state},
    {"opposes", 6, actor, actor},
    {"trades_with", 5, state_org, state_org},
    {"seeks", 5, actor, item},
    {"cooperates_with", 5, state_org, state_org},
    {"aids", 4, state_org, actor},
    {"hosts", 3, state_org, person},
    {"meets_with", 6, person, person},
    {"praises", 4, actor, actor},
    {"threatens", 4, actor, state_org},
    {"signed", 4, actor, agreement},
    {"holds_office", 3, person, state_org},
}};

constexpr std::array<std::string_view, 24> syllables{
    "ka",  "ri",  "mo",  "sen", "tal", "vor", "na",  "lek", "dra", "pol", "um",  "zi",
    "ber", "gan", "hol", "ish", "jun", "kov", "lin", "mar", "nor", "os",  "pra", "ruk"};

class generator {
 public:
  explicit generator(std::uint64_t seed) : rng_(seed) {}

  graph make(std::size_t n_entities, std::size_t n_relations) {
    graph g(entente::bench::directed_vocabulary());
    g.reserve(n_entities, n_relations);

    // Exact kind counts, shuffled over the ids, as gen_kg.py does.
    std::vector<unsigned> kind_of;
    std::size_t assigned = 0;
    for (std::size_t k = 0; k < kinds.size(); ++k) {
      auto count = k + 1 < kinds.size()
                       ? static_cast<std::size_t>(kinds[k].share * static_cast<double>(n_entities))
                       : n_entities - assigned;
      kind_of.insert(kind_of.end(), count, static_cast<unsigned>(k));
      assigned += count;
    }
    std::shuffle(kind_of.begin(), kind_of.end(), rng_);

    // Endpoint weight 1/rank over a seeded permutation of ranks: degrees follow a power law.
    std::vector<double> weight(n_entities);
    for (std::size_t i = 0; i < n_entities; ++i) weight[i] = 1.0 / static_cast<double>(i + 1);
    std::shuffle(weight.begin(), weight.end(), rng_);

    bits_.reserve(n_entities);
    for (std::size_t i = 0; i < n_entities; ++i) {
      const auto& k = kinds[kind_of[i]];
      g.add_entity(fmt::format("E{:07}", i + 1), g.schema().kind(k.name), display_name(k.bit, i));
      bits_.push_back(k.bit);
    }
    weight_ = std::move(weight);

    std::vector<double> type_weights;
    std::vector<entente::relation_type_id> type_ids;
    type_weights.reserve(relation_types.size());
    type_ids.reserve(relation_types.size());
    for (const auto& t : relation_types) {
      type_weights.push_back(t.weight);
      type_ids.push_back(g.schema().relation_type(t.name));
    }
    std::discrete_distribution<std::size_t> pick_type(type_weights.begin(), type_weights.end());
    std::discrete_distribution<int> pick_evidence({50, 35, 15});
    constexpr std::array evidence{entente::evidence::confirmed, entente::evidence::reported,
                                  entente::evidence::alleged};
    std::uniform_int_distribution<int> year(1990, 2025), month(1, 12), day(1, 28);

    for (std::size_t r = 0; r < n_relations; ++r) {
      auto t = pick_type(rng_);
      auto from = draw(relation_types[t].from);
      auto to = draw(relation_types[t].to);
      while (to == from) to = draw(relation_types[t].to);
      g.add_relation(from, type_ids[t], to, evidence[static_cast<std::size_t>(pick_evidence(rng_))],
                     {entente::date(year(rng_), month(rng_), day(rng_)), {}});
    }
    return g;
  }

  std::mt19937_64& rng() { return rng_; }

 private:
  std::string word(int min_syllables, int max_syllables) {
    std::uniform_int_distribution<int> count(min_syllables, max_syllables);
    std::uniform_int_distribution<std::size_t> pick(0, syllables.size() - 1);
    std::string w;
    for (int n = count(rng_); n > 0; --n) w += syllables[pick(rng_)];
    w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
    return w;
  }

  std::string display_name(unsigned bit, std::size_t serial) {
    switch (bit) {
      case state: return "Republic of " + word(2, 3);
      case person: return word(2, 3) + " " + word(2, 3);
      case organization: return word(2, 3) + " Council";
      case agreement: return "Treaty of " + word(2, 3) + " " + std::to_string(1990 + serial % 36);
      default: return "drones lot " + std::to_string(serial + 1);
    }
  }

  // An entity of one of the kinds in `mask`, with probability proportional to its weight.
  entity_index draw(unsigned mask) {
    auto& pool = pools_[mask];
    if (pool.members.empty()) {
      double total = 0;
      for (std::size_t i = 0; i < bits_.size(); ++i)
        if (bits_[i] & mask) {
          pool.members.push_back(static_cast<entity_index>(i));
          pool.cumulative.push_back(total += weight_[i]);
        }
      if (pool.members.empty()) throw std::runtime_error("too few entities for every kind");
    }
    std::uniform_real_distribution<double> u(0, pool.cumulative.back());
    auto at = std::upper_bound(pool.cumulative.begin(), pool.cumulative.end(), u(rng_));
    auto i = std::min<std::size_t>(static_cast<std::size_t>(at - pool.cumulative.begin()),
                                   pool.members.size() - 1);
    return pool.members[i];
  }

  struct pool {
    std::vector<entity_index> members;
    std::vector<double> cumulative;
  };

  std::mt19937_64 rng_;
  std::vector<unsigned> bits_;
  std::vector<double> weight_;
  std::map<unsigned, pool> pools_;
};

// The 200 sources and 200 pairs, drawn as gen_kg.py draws them: sources with an outgoing
// `supports` or `supplies`, pairs from an entity with an outgoing path type to one with an
// incoming one.
entente::bench::workload draw_queries(const graph& g, std::mt19937_64& rng) {
  auto type = [&](const char* name) { return g.schema().relation_type(name); };
  const std::array path_types{type("supports"), type("supplies"), type("allied_with")};
  std::vector<entity_index> neighbour_sources, path_sources, path_targets;
  for (entity_index e = 0; e < g.num_entities(); ++e) {
    auto has = [&](bool out, auto... types) {
      return ((out ? !g.out_relations(e, types).empty() : !g.in_relations(e, types).empty()) ||
              ...);
    };
    if (has(true, path_types[0], path_types[1])) neighbour_sources.push_back(e);
    if (has(true, path_types[0], path_types[1], path_types[2])) path_sources.push_back(e);
    if (has(false, path_types[0], path_types[1], path_types[2])) path_targets.push_back(e);
  }
  if (path_sources.empty() || path_targets.empty()) throw std::runtime_error("graph too small");
  entente::bench::workload w;
  auto id = [&](entity_index e) { return std::string(g.entity(e).id()); };
  std::shuffle(neighbour_sources.begin(), neighbour_sources.end(), rng);
  for (std::size_t i = 0; i < 200 && i < neighbour_sources.size(); ++i)
    w.sources.push_back(id(neighbour_sources[i]));
  std::uniform_int_distribution<std::size_t> s(0, path_sources.size() - 1);
  std::uniform_int_distribution<std::size_t> t(0, path_targets.size() - 1);
  while (w.pairs.size() < 200) {
    auto a = path_sources[s(rng)], b = path_targets[t(rng)];
    if (a != b) w.pairs.emplace_back(id(a), id(b));
  }
  return w;
}

// Latin letters spelt in Cyrillic, so that an alias shares no letter with the name it renders.
std::string in_cyrillic(std::string_view latin) {
  static constexpr std::array<std::string_view, 26> letters{
      "а", "б", "ц", "д", "е", "ф", "г", "х", "и", "й", "к",  "л", "м",
      "н", "о", "п", "к", "р", "с", "т", "у", "в", "в", "кс", "ы", "з"};
  std::string out;
  for (char c : latin) {
    auto lower = std::tolower(static_cast<unsigned char>(c));
    if (lower >= 'a' && lower <= 'z')
      out += letters[static_cast<std::size_t>(lower - 'a')];
    else
      out += c;
  }
  return out;
}

// ---- what the benchmarks run on --------------------------------------------------------------

struct setup {
  std::string kg_dir = [] {
    const char* env = std::getenv("ENTENTE_MICRO_KG");
    return std::string(env ? env : "");
  }();
  std::size_t entities = 20000;
  std::size_t relations = 100000;
  std::uint64_t seed = 1;
};

struct fixture {
  graph g;
  entente::bench::workload work;
  std::vector<std::pair<entity_index, entity_index>> pair_entities;
  std::vector<std::string> ids, names, aliases, misses;
  std::vector<entity_index> hubs, medians;  // by number of outgoing `supports`
};

fixture make_fixture(const setup& s) {
  fixture f;
  std::mt19937_64 rng(s.seed);
  if (!s.kg_dir.empty()) {
    f.g = entente::io::load_tsv(s.kg_dir, {.schema = entente::bench::directed_vocabulary()});
    f.work = entente::bench::read_queries(s.kg_dir);
  } else {
    generator gen(s.seed);
    f.g = gen.make(s.entities, s.relations);
    f.work = draw_queries(f.g, gen.rng());
  }
  auto& g = f.g;
  for (std::size_t e = 0; e < g.num_entities(); e += 8)
    g.add_alias(static_cast<entity_index>(e),
                in_cyrillic(g.entity(static_cast<entity_index>(e)).name()));
  for (const auto& [a, b] : f.work.pairs) f.pair_entities.emplace_back(g.at(a), g.at(b));

  // 1,024 entities with an alias, each looked up by id, by its name in lower case and by alias.
  std::uniform_int_distribution<std::size_t> pick(0, (g.num_entities() - 1) / 8);
  for (int i = 0; i < 1024; ++i) {
    auto e = g.entity(static_cast<entity_index>(pick(rng) * 8));
    f.ids.emplace_back(e.id());
    std::string lower(e.name());
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    f.names.push_back(lower);
    f.aliases.emplace_back(e.aliases().front());
    f.misses.push_back(fmt::format("Nobody Vandersloot {}", i));
  }

  const auto supports = g.schema().relation_type("supports");
  std::vector<std::pair<std::size_t, entity_index>> by_degree;
  for (entity_index e = 0; e < g.num_entities(); ++e)
    if (auto n = g.out_relations(e, supports).size()) by_degree.emplace_back(n, e);
  std::sort(by_degree.begin(), by_degree.end());
  const std::size_t picks = std::min<std::size_t>(16, by_degree.size());
  for (std::size_t i = 0; i < picks; ++i) {
    f.hubs.push_back(by_degree[by_degree.size() - 1 - i].second);
    f.medians.push_back(by_degree[(by_degree.size() - picks) / 2 + i].second);
  }
  (void)g.names();  // built on first use; not part of any lookup's time
  return f;
}

// ---- the benchmarks --------------------------------------------------------------------------

template <class Lookup>
void lookups(benchmark::State& state, const std::vector<std::string>& keys, Lookup lookup) {
  std::size_t i = 0, found = 0;
  for (auto _ : state) {
    (void)_;  // only counts the iterations
    auto e = lookup(keys[i++ % keys.size()]);
    found += e.has_value();
    benchmark::DoNotOptimize(e);
  }
  state.counters["found"] =
      benchmark::Counter(static_cast<double>(found) / static_cast<double>(state.iterations()));
}

void typed_adjacency(benchmark::State& state, const graph& g,
                     const std::vector<entity_index>& entities) {
  const auto supports = g.schema().relation_type("supports");
  std::size_t i = 0;
  std::int64_t entries = 0;
  for (auto _ : state) {
    (void)_;  // only counts the iterations
    auto found = g.out_relations(entities[i++ % entities.size()], supports);
    entity_index sum = 0;
    for (const auto& a : found) sum += a.other;
    benchmark::DoNotOptimize(sum);
    entries += static_cast<std::int64_t>(found.size());
  }
  state.SetItemsProcessed(entries);
  state.counters["entries/call"] =
      benchmark::Counter(static_cast<double>(entries) / static_cast<double>(state.iterations()));
}

void prepared(benchmark::State& state, const graph& g, const char* cypher,
              const std::vector<std::string>& sources) {
  entente::prepared_query q(g, cypher);
  entente::query_options opts;
  std::size_t i = 0;
  for (auto _ : state) {
    (void)_;  // only counts the iterations
    opts.parameters["s"] = sources[i++ % sources.size()];
    auto rows = q.run(opts);
    benchmark::DoNotOptimize(rows);
  }
}

void shortest_paths(benchmark::State& state, const graph& g,
                    const std::vector<std::pair<entity_index, entity_index>>& pairs) {
  entente::path_searcher search(
      g, {.via = {"supports", "supplies", "allied_with"}, .max_hops = std::size_t{1} << 20});
  std::size_t i = 0, reached = 0;
  for (auto _ : state) {
    (void)_;  // only counts the iterations
    const auto& [from, to] = pairs[i++ % pairs.size()];
    auto p = search.find(from, to);
    reached += p.has_value();
    benchmark::DoNotOptimize(p);
  }
  state.counters["reached"] =
      benchmark::Counter(static_cast<double>(reached) / static_cast<double>(state.iterations()));
}

void shortest_paths_cypher(benchmark::State& state, const graph& g,
                           const std::vector<std::pair<std::string, std::string>>& pairs) {
  entente::prepared_query q(
      g,
      "MATCH p = shortestPath((a {id: $s})-[:supports|supplies|allied_with*]->(b {id: $t})) "
      "RETURN length(p) AS n");
  entente::query_options opts;
  std::size_t i = 0;
  for (auto _ : state) {
    (void)_;  // only counts the iterations
    const auto& [from, to] = pairs[i++ % pairs.size()];
    opts.parameters["s"] = from;
    opts.parameters["t"] = to;
    auto rows = q.run(opts);
    benchmark::DoNotOptimize(rows);
  }
}

// Reads --kg=, --entities=, --relations= and --seed=; anything else left is an error.
bool parse_flags(int argc, char** argv, setup& s) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&](std::string_view flag) -> std::optional<std::string_view> {
      if (arg.substr(0, flag.size()) != flag) return std::nullopt;
      return arg.substr(flag.size());
    };
    if (auto v = value("--kg=")) {
      s.kg_dir = std::string(*v);
    } else if (auto n = value("--entities=")) {
      s.entities = std::stoull(std::string(*n));
    } else if (auto m = value("--relations=")) {
      s.relations = std::stoull(std::string(*m));
    } else if (auto seed = value("--seed=")) {
      s.seed = std::stoull(std::string(*seed));
    } else {
      fmt::print(stderr, "entente-micro: unknown argument '{}'\n", arg);
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) try {
  benchmark::Initialize(&argc, argv);
  setup s;
  if (!parse_flags(argc, argv, s)) return 2;
  const auto f = make_fixture(s);
  const auto& g = f.g;
  benchmark::AddCustomContext(
      "graph", fmt::format("{} ({} entities, {} relations)",
                           s.kg_dir.empty() ? fmt::format("generated, seed {}", s.seed) : s.kg_dir,
                           g.num_entities(), g.num_relations()));

  benchmark::RegisterBenchmark("lookup/find_id", [&](benchmark::State& st) {
    lookups(st, f.ids, [&](const std::string& k) { return g.find_id(k); });
  });
  benchmark::RegisterBenchmark("lookup/find_name_lowercase", [&](benchmark::State& st) {
    lookups(st, f.names, [&](const std::string& k) { return g.find(k); });
  });
  benchmark::RegisterBenchmark("lookup/find_alias_cyrillic", [&](benchmark::State& st) {
    lookups(st, f.aliases, [&](const std::string& k) { return g.find(k); });
  });
  benchmark::RegisterBenchmark("lookup/find_miss", [&](benchmark::State& st) {
    lookups(st, f.misses, [&](const std::string& k) { return g.find(k); });
  });
  benchmark::RegisterBenchmark("adjacency/out_supports_hubs",
                               [&](benchmark::State& st) { typed_adjacency(st, g, f.hubs); });
  benchmark::RegisterBenchmark("adjacency/out_supports_median",
                               [&](benchmark::State& st) { typed_adjacency(st, g, f.medians); });
  benchmark::RegisterBenchmark("query/one_hop_prepared", [&](benchmark::State& st) {
    prepared(st, g, "MATCH (a {id: $s})-[:supplies]->(b) RETURN count(DISTINCT b) AS n",
             f.work.sources);
  });
  benchmark::RegisterBenchmark("query/two_hop_prepared", [&](benchmark::State& st) {
    prepared(st, g, "MATCH (a {id: $s})-[:supports]->(b)-[:supplies]->(c) RETURN count(*) AS n",
             f.work.sources);
  });
  benchmark::RegisterBenchmark("query/shortest_path_prepared", [&](benchmark::State& st) {
    shortest_paths_cypher(st, g, f.work.pairs);
  });
  benchmark::RegisterBenchmark("paths/path_searcher_find", [&](benchmark::State& st) {
    shortest_paths(st, g, f.pair_entities);
  });

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
} catch (const std::exception& e) {
  fmt::print(stderr, "entente-micro: {}\n", e.what());
  return 2;
}
