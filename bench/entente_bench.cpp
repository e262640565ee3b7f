// The knowledge-graph workload of the shared benchmark, run through entente's public API.
// Usage: entente-bench DIR [--threads N]
// Prints one JSON line with the same timing and checksum keys as the peers' programs.
#include <entente/analysis.hpp>
#include <entente/io/tsv.hpp>
#include <entente/paths.hpp>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

namespace {

using steady = std::chrono::steady_clock;

double seconds_since(steady::time_point start) {
  return std::chrono::duration<double>(steady::now() - start).count();
}

// The 200 path pairs and the 200 neighbour sources of queries.tsv.
struct workload {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::vector<std::string> sources;
};

workload read_queries(const std::string& dir) {
  std::ifstream in(dir + "/queries.tsv");
  if (!in) throw std::runtime_error("cannot read " + dir + "/queries.tsv");
  workload w;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto a = line.find('\t');
    auto b = line.find('\t', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    auto kind = line.substr(0, a);
    if (kind == "path") w.pairs.emplace_back(line.substr(a + 1, b - a - 1), line.substr(b + 1));
    if (kind == "neighbors") w.sources.push_back(line.substr(a + 1, b - a - 1));
  }
  return w;
}

std::int64_t weighted_sum(const std::vector<std::int64_t>& values) {
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < values.size(); ++i)
    sum += static_cast<std::int64_t>(i + 1) * values[i];
  return sum;
}

double peak_rss_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  return -1;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 2) {
    fmt::print(stderr, "usage: entente-bench DIR [--threads N]\n");
    return 2;
  }
  const std::string dir = argv[1];
  unsigned threads = 1;
  for (int i = 2; i + 1 < argc; ++i)
    if (std::string_view(argv[i]) == "--threads")
      threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
  const auto work = read_queries(dir);
  std::string json = R"({"system": "entente", "version": "0.1")";
  auto field = [&](std::string_view key, auto value) {
    json += fmt::format(R"(, "{}": {})", key, value);
  };

  // The workload reads every relation as directed, `allied_with` included, which the default
  // vocabulary declares symmetric (a path search would follow it both ways).
  auto vocabulary = entente::schema::geopolitics();
  auto allied = vocabulary.relation_type_at(vocabulary.relation_type("allied_with"));
  entente::relation_type_spec directed{allied.name,
                                       {},
                                       {},
                                       false,
                                       allied.transitive,
                                       allied.inverse,
                                       allied.polarity,
                                       allied.cameo,
                                       allied.weight,
                                       allied.quad_class};
  for (auto k : allied.domain) directed.domain.push_back(vocabulary.kind_at(k).name);
  for (auto k : allied.range) directed.range.push_back(vocabulary.kind_at(k).name);
  vocabulary.add_relation_type(directed);

  auto start = steady::now();
  auto g = entente::io::load_tsv(dir, {.schema = std::move(vocabulary)});
  (void)g.out_relations(0);  // builds the adjacency, type and kind indexes
  field("load_s", seconds_since(start));
  field("n_nodes", g.num_entities());
  field("n_edges", g.num_relations());

  auto at = [&](const std::string& id) {
    auto e = g.find_id(id);
    if (!e) throw std::runtime_error("query id not in graph: " + id);
    return *e;
  };
  const auto supplies = g.schema().relation_type("supplies");
  const auto supports = g.schema().relation_type("supports");

  // q1: distinct entities reached by one outgoing `supplies`.
  start = steady::now();
  std::vector<std::int64_t> q1(work.sources.size(), 0);
  {
    std::vector<std::uint32_t> stamp(g.num_entities(), 0);
    for (std::size_t i = 0; i < work.sources.size(); ++i) {
      auto round = static_cast<std::uint32_t>(i + 1);
      for (const auto& a : g.out_relations(at(work.sources[i]), supplies))
        if (stamp[a.other] != round) {
          stamp[a.other] = round;
          ++q1[i];
        }
    }
  }
  field("q1_s", seconds_since(start));
  field("q1_sum", std::accumulate(q1.begin(), q1.end(), std::int64_t{0}));
  field("q1_wsum", weighted_sum(q1));

  // q2: matches of (a)-[:supports]->(b)-[:supplies]->(c), counted over relations.
  start = steady::now();
  std::vector<std::int64_t> q2(work.sources.size(), 0);
  for (std::size_t i = 0; i < work.sources.size(); ++i)
    for (const auto& a : g.out_relations(at(work.sources[i]), supports))
      q2[i] += static_cast<std::int64_t>(g.out_relations(a.other, supplies).size());
  field("q2_s", seconds_since(start));
  field("q2_sum", std::accumulate(q2.begin(), q2.end(), std::int64_t{0}));
  field("q2_wsum", weighted_sum(q2));

  // q3: length of a shortest directed path over supports, supplies and allied_with.
  start = steady::now();
  std::vector<std::int64_t> q3(work.pairs.size(), -1);
  {
    // One searcher for all pairs: its visited marks are reused, not cleared per query.
    entente::path_searcher search(
        g, {.via = {"supports", "supplies", "allied_with"}, .max_hops = std::size_t{1} << 20});
    for (std::size_t i = 0; i < work.pairs.size(); ++i)
      if (auto p = search.find(at(work.pairs[i].first), at(work.pairs[i].second)))
        q3[i] = static_cast<std::int64_t>(p->length());
  }
  field("q3_s", seconds_since(start));
  std::int64_t q3_sum = 0, reached = 0, longest = 0;
  for (auto n : q3)
    if (n >= 0) {
      q3_sum += n;
      ++reached;
      longest = std::max(longest, n);
    }
  field("q3_sum", q3_sum);
  field("q3_reached", reached);
  field("q3_max_len", longest);
  field("q3_wsum", weighted_sum(q3));

  // q4: PageRank over every relation, damping 0.85.
  start = steady::now();
  auto rank = entente::pagerank(g, {.threads = threads});
  field("q4_s", seconds_since(start));
  std::vector<entente::entity_index> order(g.num_entities());
  std::iota(order.begin(), order.end(), 0);
  std::partial_sort(order.begin(), order.begin() + std::min<std::size_t>(5, order.size()),
                    order.end(), [&](auto a, auto b) {
                      return rank[a] != rank[b] ? rank[a] > rank[b]
                                                : g.entity(a).id() < g.entity(b).id();
                    });
  std::vector<std::string> top5;
  for (std::size_t i = 0; i < 5 && i < order.size(); ++i)
    top5.push_back(fmt::format("\"{}\"", g.entity(order[i]).id()));
  json += fmt::format(R"(, "q4_top": "{}", "q4_top5": [{}])", g.entity(order[0]).id(),
                      fmt::join(top5, ", "));
  json += fmt::format(R"x(, "q4_method": "entente::pagerank, NetworkX definition, {} thread(s)")x",
                      threads);
  field("threads", threads);
  field("peak_rss_mib", peak_rss_mib());
  fmt::print("{}}}\n", json);
} catch (const std::exception& e) {
  fmt::print(stderr, "entente-bench: {}\n", e.what());
  return 2;
}
