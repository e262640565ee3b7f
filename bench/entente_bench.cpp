// The knowledge-graph workload of the shared benchmark, run through entente's public API.
// Usage: entente-bench DIR [--via api|cypher] [--threads N] [--graph FILE]
//        entente-bench DIR --snapshot FILE   (TSV load against snapshot load of the same graph)
//        entente-bench DIR --mapped FILE     (q1-q4 in memory against the same graph mapped)
//        entente-bench DIR --save FILE       (the graph, read as the workload reads it, saved)
// `--graph FILE` reads the graph from FILE (any format io::load reads; a .kgm is mapped, and the
// system is then "entente-mapped") instead of DIR's TSV files, and the queries from DIR.
// Prints one JSON line with the same timing and checksum keys as the peers' programs, plus
// "via". With `--via cypher` q1-q3 go through the query engine, each as one prepared query run
// once per source with parameters (as the Kùzu peer does); the system is then "entente-cypher",
// so that both variants get their own row in the shared summary. Load and q4 are the same in
// both variants.

#include "workload.hpp"

#include <entente/analysis.hpp>
#include <entente/io/archive.hpp>
#include <entente/io/load.hpp>
#include <entente/io/mapped.hpp>
#include <entente/io/tsv.hpp>
#include <entente/paths.hpp>
#include <entente/query.hpp>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using steady = std::chrono::steady_clock;

double seconds_since(steady::time_point start) {
  return std::chrono::duration<double>(steady::now() - start).count();
}

std::int64_t weighted_sum(const std::vector<std::int64_t>& values) {
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < values.size(); ++i)
    sum += static_cast<std::int64_t>(i + 1) * values[i];
  return sum;
}

// A field of /proc/self/status or /proc/self/smaps_rollup, in MiB (-1 when missing).
double proc_mib(const char* file, std::string_view field) {
  std::ifstream status(file);
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with(field) && line.size() > field.size() && line[field.size()] == ':')
      return std::strtod(line.c_str() + field.size() + 1, nullptr) / 1024.0;
  return -1;
}

double peak_rss_mib() { return proc_mib("/proc/self/status", "VmHWM"); }

// Per-query answers of q1, q2 (one per source) and q3 (one per pair, -1 when unreachable),
// and the seconds each step took.
struct answers {
  std::vector<std::int64_t> q1, q2, q3;
  double q1_s = 0, q2_s = 0, q3_s = 0;
};

class api_runner {
 public:
  explicit api_runner(const entente::graph& g)
      : g_(g),
        supplies_(g.schema().relation_type("supplies")),
        supports_(g.schema().relation_type("supports")) {}

  // q1: distinct entities reached by one outgoing `supplies`. The few targets of a source are
  // sorted: a mark per entity would cost an allocation as large as the graph (most of the
  // step's time at 2,000,000 entities).
  std::vector<std::int64_t> q1(const std::vector<std::string>& sources) const {
    std::vector<std::int64_t> counts(sources.size(), 0);
    std::vector<entente::entity_index> targets;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      targets.clear();
      for (const auto& a : g_.out_relations(at(sources[i]), supplies_)) targets.push_back(a.other);
      std::sort(targets.begin(), targets.end());
      counts[i] = std::unique(targets.begin(), targets.end()) - targets.begin();
    }
    return counts;
  }

  // q2: matches of (a)-[:supports]->(b)-[:supplies]->(c), counted over relations.
  std::vector<std::int64_t> q2(const std::vector<std::string>& sources) const {
    std::vector<std::int64_t> counts(sources.size(), 0);
    for (std::size_t i = 0; i < sources.size(); ++i)
      for (const auto& a : g_.out_relations(at(sources[i]), supports_))
        counts[i] += static_cast<std::int64_t>(g_.out_relations(a.other, supplies_).size());
    return counts;
  }

  // q3: length of a shortest directed path over supports, supplies and allied_with.
  std::vector<std::int64_t> q3(
      const std::vector<std::pair<std::string, std::string>>& pairs) const {
    std::vector<std::int64_t> lengths(pairs.size(), -1);
    // One searcher for all pairs: its visited marks are reused, not cleared per query.
    entente::path_searcher search(
        g_, {.via = {"supports", "supplies", "allied_with"}, .max_hops = std::size_t{1} << 20});
    for (std::size_t i = 0; i < pairs.size(); ++i)
      if (auto p = search.find(at(pairs[i].first), at(pairs[i].second)))
        lengths[i] = static_cast<std::int64_t>(p->length());
    return lengths;
  }

 private:
  entente::entity_index at(const std::string& id) const {
    auto e = g_.find_id(id);
    if (!e) throw std::runtime_error("query id not in graph: " + id);
    return *e;
  }

  const entente::graph& g_;
  entente::relation_type_id supplies_;
  entente::relation_type_id supports_;
};

class cypher_runner {
 public:
  explicit cypher_runner(const entente::graph& g) : g_(g) {}

  std::vector<std::int64_t> q1(const std::vector<std::string>& sources) const {
    return count_per_source("MATCH (a {id: $s})-[:supplies]->(b) RETURN count(DISTINCT b) AS n",
                            sources);
  }

  std::vector<std::int64_t> q2(const std::vector<std::string>& sources) const {
    return count_per_source(
        "MATCH (a {id: $s})-[:supports]->(b)-[:supplies]->(c) RETURN count(*) AS n", sources);
  }

  std::vector<std::int64_t> q3(
      const std::vector<std::pair<std::string, std::string>>& pairs) const {
    entente::prepared_query shortest(
        g_,
        "MATCH p = shortestPath((a {id: $s})-[:supports|supplies|allied_with*]->(b {id: $t})) "
        "RETURN length(p) AS n");
    std::vector<std::int64_t> lengths(pairs.size(), -1);
    entente::query_options opts;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      opts.parameters["s"] = pairs[i].first;
      opts.parameters["t"] = pairs[i].second;
      auto rows = shortest.run(opts);
      if (rows.size() > 1) throw unexpected("q3", rows.size(), pairs[i].first);
      if (!rows.empty() && !rows[0][0].is_null()) lengths[i] = rows[0][0].as_int();
    }
    return lengths;
  }

 private:
  // Runs a counting query once per source; an aggregate without grouping keys always yields
  // exactly one row, so anything else is an engine error worth stopping for.
  std::vector<std::int64_t> count_per_source(std::string_view cypher,
                                             const std::vector<std::string>& sources) const {
    entente::prepared_query counting(g_, cypher);
    std::vector<std::int64_t> counts(sources.size(), 0);
    entente::query_options opts;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      opts.parameters["s"] = sources[i];
      auto rows = counting.run(opts);
      if (rows.size() != 1) throw unexpected(cypher, rows.size(), sources[i]);
      counts[i] = rows[0][0].as_int();
    }
    return counts;
  }

  static std::runtime_error unexpected(std::string_view what, std::size_t rows,
                                       std::string_view source) {
    return std::runtime_error(fmt::format("{} returned {} rows for source {}", what, rows, source));
  }

  const entente::graph& g_;
};

}  // namespace

// The same graph loaded from its TSV folder and from a snapshot of it, each until every index
// is built, three times over; prints the medians and their ratio as one JSON line.
int compare_snapshot(const std::string& dir, const std::string& file) {
  std::vector<double> tsv, kga;
  std::size_t bytes = 0;
  for (int round = 0; round < 3; ++round) {
    auto start = steady::now();
    auto g = entente::io::load_tsv(dir, {.schema = entente::bench::directed_vocabulary()});
    (void)g.out_relations(0);
    tsv.push_back(seconds_since(start));
    const auto entities = g.num_entities();
    const auto relations = g.num_relations();
    entente::io::save_archive(g, file);
    bytes = std::filesystem::file_size(file);
    g = entente::graph();  // one graph in memory at a time
    start = steady::now();
    auto h = entente::io::load_archive(file);
    (void)h.out_relations(0);
    kga.push_back(seconds_since(start));
    if (h.num_entities() != entities || h.num_relations() != relations)
      throw std::runtime_error("the snapshot does not hold the graph it was made from");
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  fmt::print(R"({{"system": "entente", "tsv_load_s": {}, "kga_load_s": {}, "kga_bytes": {}, )"
             R"("kga_speedup": {:.2f}}})"
             "\n",
             median(tsv), median(kga), bytes, median(tsv) / median(kga));
  return 0;
}

// q1-q3 through the API or the query engine.
answers run_steps(const entente::graph& g, const entente::bench::workload& work,
                  const std::string& via) {
  answers got;
  auto run = [&](const auto& runner) {
    auto start = steady::now();
    got.q1 = runner.q1(work.sources);
    got.q1_s = seconds_since(start);
    start = steady::now();
    got.q2 = runner.q2(work.sources);
    got.q2_s = seconds_since(start);
    start = steady::now();
    got.q3 = runner.q3(work.pairs);
    got.q3_s = seconds_since(start);
  };
  if (via == "api")
    run(api_runner(g));
  else
    run(cypher_runner(g));
  return got;
}

// q4: PageRank over every relation, damping 0.85; the seconds and the five highest, by id.
std::pair<double, std::vector<std::string>> run_q4(const entente::graph& g, unsigned threads) {
  auto start = steady::now();
  auto rank = entente::pagerank(g, {.threads = threads});
  double seconds = seconds_since(start);
  std::vector<entente::entity_index> order(g.num_entities());
  std::iota(order.begin(), order.end(), 0);
  std::partial_sort(
      order.begin(),
      order.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(5, order.size())),
      order.end(), [&](auto a, auto b) {
        return rank[a] != rank[b] ? rank[a] > rank[b] : g.entity(a).id() < g.entity(b).id();
      });
  std::vector<std::string> top5;
  for (std::size_t i = 0; i < 5 && i < order.size(); ++i)
    top5.emplace_back(g.entity(order[i]).id());
  return {seconds, top5};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// q1-q4 on the graph in memory (read from DIR's TSV files) and on the same graph saved to FILE
// and mapped, each three times with warm caches (a first run of each untimed); prints the
// medians, their ratios, the time to open the mapped file and the answers' agreement.
int compare_mapped(const std::string& dir, const std::string& file) {
  const auto work = entente::bench::read_queries(dir);
  auto memory = entente::io::load_tsv(dir, {.schema = entente::bench::directed_vocabulary()});
  entente::io::save_mapped(memory, file);
  auto open_start = steady::now();
  auto mapped = entente::io::load_mapped(file);
  const double open_s = seconds_since(open_start);
  std::string json = fmt::format(R"({{"system": "entente", "relations": {}, "kgm_bytes": {}, )"
                                 R"("open_s": {})",
                                 memory.num_relations(), std::filesystem::file_size(file), open_s);
  bool same = true;
  std::vector<double> times[2][4];
  const entente::graph* graphs[2] = {&memory, &mapped};
  std::vector<std::string> top[2];
  answers first;  // the answers in memory, which the mapped graph's must equal
  for (int round = 0; round < 4; ++round)
    for (int which = 0; which < 2; ++which) {
      auto got = run_steps(*graphs[which], work, "api");
      auto [q4_s, top5] = run_q4(*graphs[which], 1);
      if (round == 0) {
        top[which] = top5;
        continue;  // warms the caches (and the mapped graph's first checks)
      }
      times[which][0].push_back(got.q1_s);
      times[which][1].push_back(got.q2_s);
      times[which][2].push_back(got.q3_s);
      times[which][3].push_back(q4_s);
      if (round == 1 && which == 0) first = got;
      if (round == 1 && which == 1)
        same = first.q1 == got.q1 && first.q2 == got.q2 && first.q3 == got.q3;
    }
  for (int q = 0; q < 4; ++q) {
    double in_memory = median(times[0][q]);
    double on_file = median(times[1][q]);
    json += fmt::format(R"(, "q{0}_memory_s": {1}, "q{0}_mapped_s": {2}, "q{0}_ratio": {3:.3f})",
                        q + 1, in_memory, on_file, on_file / in_memory);
  }
  json += fmt::format(R"(, "same_answers": {}}})", same && top[0] == top[1] ? "true" : "false");
  fmt::print("{}\n", json);
  return same ? 0 : 1;
}

int main(int argc, char** argv) try {
  const char* usage =
      "usage: entente-bench DIR [--via api|cypher] [--threads N] [--graph FILE]\n"
      "       entente-bench DIR --snapshot FILE\n"
      "       entente-bench DIR --mapped FILE\n"
      "       entente-bench DIR --save FILE\n";
  std::string snapshot;
  std::string mapped;
  std::string graph_file;
  std::string save;
  std::string dir;
  unsigned threads = 1;
  std::string via = "api";
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (i + 1 < argc && arg == "--threads") {
      threads = static_cast<unsigned>(std::atoi(argv[++i]));
    } else if (i + 1 < argc && arg == "--via") {
      via = argv[++i];
    } else if (i + 1 < argc && arg == "--snapshot") {
      snapshot = argv[++i];
    } else if (i + 1 < argc && arg == "--mapped") {
      mapped = argv[++i];
    } else if (i + 1 < argc && arg == "--save") {
      save = argv[++i];
    } else if (i + 1 < argc && arg == "--graph") {
      graph_file = argv[++i];
    } else if (dir.empty() && !arg.starts_with("--")) {
      dir = arg;
    } else {
      fmt::print(stderr, "entente-bench: unexpected argument '{}'\n{}", arg, usage);
      return 2;
    }
  }
  if (dir.empty()) {
    fmt::print(stderr, "{}", usage);
    return 2;
  }
  if (via != "api" && via != "cypher") {
    fmt::print(stderr, "entente-bench: --via takes api or cypher, not '{}'\n", via);
    return 2;
  }

  if (!snapshot.empty()) return compare_snapshot(dir, snapshot);
  if (!mapped.empty()) return compare_mapped(dir, mapped);
  if (!save.empty()) {
    entente::io::save(entente::io::load_tsv(dir, {.schema = entente::bench::directed_vocabulary()}),
                      save);
    return 0;
  }

  const auto work = entente::bench::read_queries(dir);
  const bool is_mapped = graph_file.ends_with(".kgm");
  std::string system = via == "api" ? "entente" : "entente-cypher";
  if (is_mapped) system += "-mapped";
  std::string json = fmt::format(R"({{"system": "{}", "version": "0.1", "via": "{}")", system, via);
  auto field = [&](std::string_view key, auto value) {
    json += fmt::format(R"(, "{}": {})", key, value);
  };

  auto start = steady::now();
  auto g = graph_file.empty()
               ? entente::io::load_tsv(dir, {.schema = entente::bench::directed_vocabulary()})
               : entente::io::load(graph_file);
  (void)g.out_relations(
      0);  // builds the adjacency, type and kind indexes (a mapped file's: reads them)
  field("load_s", seconds_since(start));
  field("n_nodes", g.num_entities());
  field("n_edges", g.num_relations());

  const answers got = run_steps(g, work, via);

  // The keys in the order the peers print them.
  auto sum = [](const std::vector<std::int64_t>& v) {
    return std::accumulate(v.begin(), v.end(), std::int64_t{0});
  };
  field("q1_s", got.q1_s);
  field("q1_sum", sum(got.q1));
  field("q1_wsum", weighted_sum(got.q1));
  field("q2_s", got.q2_s);
  field("q2_sum", sum(got.q2));
  field("q2_wsum", weighted_sum(got.q2));
  field("q3_s", got.q3_s);
  std::int64_t q3_sum = 0, reached = 0, longest = 0;
  for (auto n : got.q3)
    if (n >= 0) {
      q3_sum += n;
      ++reached;
      longest = std::max(longest, n);
    }
  field("q3_sum", q3_sum);
  field("q3_reached", reached);
  field("q3_max_len", longest);
  field("q3_wsum", weighted_sum(got.q3));

  auto [q4_s, top5] = run_q4(g, threads);
  field("q4_s", q4_s);
  std::vector<std::string> quoted;
  for (const auto& id : top5) quoted.push_back(fmt::format("\"{}\"", id));
  json += fmt::format(R"(, "q4_top": "{}", "q4_top5": [{}])", top5.empty() ? "" : top5[0],
                      fmt::join(quoted, ", "));
  json += fmt::format(R"x(, "q4_method": "entente::pagerank, NetworkX definition, {} thread(s)")x",
                      threads);
  field("threads", threads);
  field("peak_rss_mib", peak_rss_mib());
  // What of the memory is the process's own, and what file pages it shares with others (a
  // mapped graph's): proportional set size below resident set size means shared pages.
  field("rss_anon_mib", proc_mib("/proc/self/status", "RssAnon"));
  field("rss_file_mib", proc_mib("/proc/self/status", "RssFile"));
  field("pss_mib", proc_mib("/proc/self/smaps_rollup", "Pss"));
  fmt::print("{}}}\n", json);
} catch (const std::exception& e) {
  fmt::print(stderr, "entente-bench: {}\n", e.what());
  return 2;
}
