// Bulk writes through Cypher against the TSV load of the same graph.
// Usage: entente-bulk-write DIR [--batch N]... [--layout combined|per-type] [--runs R]
//                               [--scratch DIR]
// DIR is a workload folder of ../shared/bench/gen_kg.py. The program times
//   - the TSV load (entente::io::load_tsv until every index is built, as --snapshot of
//     entente-bench times it), median of R runs;
//   - the same graph built from an empty one by `UNWIND $rows AS r CREATE ...` queries whose
//     parameters are made in C++ from the TSV rows (made before the clock starts; their time is
//     reported apart), until every index is built, per batch size: N rows of a file per query,
//     0 for all rows at once (default: 100000 and 0), median of R runs each;
//   the two in turns, round by round. Besides wall-clock seconds it reports the process's CPU
//   seconds, which the other programs on a busy machine disturb less.
// A label and a relation type are static in Cypher, so a batch is split by kind (by type):
//   combined  one query per batch, one `UNWIND ... CREATE` per kind or type of the batch, joined
//             by `WITH count(*) AS done` (one transaction per batch);
//   per-type  one query per kind or type and batch of its rows.
// Every graph built through Cypher is checked against the TSV loader: the same rows are written
// as a TSV folder in the order the queries created them (into --scratch, by default a folder
// beside DIR), loaded, and compared with graph ==; a difference stops the program.
// Prints one JSON line.

#include "workload.hpp"

#include <entente/io/tsv.hpp>
#include <entente/query.hpp>

#include <fmt/core.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using steady = std::chrono::steady_clock;
namespace fs = std::filesystem;

double seconds_since(steady::time_point start) {
  return std::chrono::duration<double>(steady::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double peak_rss_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  return -1;
}

// One TSV file as its header and its rows split on tabs; each row keeps its line, so that the
// rows can be written again in another order.
struct tsv_file {
  std::string header;
  std::vector<std::string> lines;
  std::vector<std::vector<std::string>> fields;

  std::size_t column(const std::string& name, const std::string& file) const {
    std::size_t i = 0;
    for (std::string_view rest = header;; ++i) {
      auto tab = rest.find('\t');
      if (rest.substr(0, tab) == name) return i;
      if (tab == std::string_view::npos) break;
      rest.remove_prefix(tab + 1);
    }
    throw std::runtime_error(fmt::format("{} has no column '{}'", file, name));
  }
};

tsv_file read_tsv(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  tsv_file t;
  std::getline(in, t.header);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> row;
    for (std::string_view rest = line;;) {
      auto tab = rest.find('\t');
      row.emplace_back(rest.substr(0, tab));
      if (tab == std::string_view::npos) break;
      rest.remove_prefix(tab + 1);
    }
    t.fields.push_back(std::move(row));
    t.lines.push_back(std::move(line));
  }
  return t;
}

// Rows of one kind (or relation type) that one `UNWIND ... CREATE` writes.
struct group {
  std::size_t label = 0;  // kind_id or relation_type_id
  std::vector<std::size_t> rows;
};
// The groups one query writes.
using batch_query = std::vector<group>;

enum class layout { combined, per_type };

// The queries that write `label_of.size()` rows whose kind (type) is `label_of[row]`, `batch`
// rows at a time (0: all at once), in file order within each group.
std::vector<batch_query> plan(const std::vector<std::size_t>& label_of, std::size_t labels,
                              std::size_t batch, layout how) {
  const std::size_t n = label_of.size();
  if (batch == 0) batch = std::max<std::size_t>(n, 1);
  std::vector<batch_query> out;
  if (how == layout::combined) {
    for (std::size_t begin = 0; begin < n; begin += batch) {
      std::vector<group> by_label(labels);
      for (std::size_t r = begin; r < std::min(n, begin + batch); ++r)
        by_label[label_of[r]].rows.push_back(r);
      batch_query q;
      for (std::size_t l = 0; l < labels; ++l)
        if (!by_label[l].rows.empty()) {
          by_label[l].label = l;
          q.push_back(std::move(by_label[l]));
        }
      out.push_back(std::move(q));
    }
    return out;
  }
  std::vector<std::vector<std::size_t>> rows_of(labels);
  for (std::size_t r = 0; r < n; ++r) rows_of[label_of[r]].push_back(r);
  for (std::size_t l = 0; l < labels; ++l)
    for (std::size_t begin = 0; begin < rows_of[l].size(); begin += batch) {
      group g{l, {}};
      auto first = rows_of[l].begin() + static_cast<std::ptrdiff_t>(begin);
      g.rows.assign(
          first, first + static_cast<std::ptrdiff_t>(std::min(batch, rows_of[l].size() - begin)));
      out.push_back({std::move(g)});
    }
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// A parameter is named after the kind or type it carries: $person, $supports.
std::string entity_query(const batch_query& q, const entente::schema& s) {
  std::vector<std::string> parts;
  for (const auto& g : q) {
    const auto& kind = s.kind_at(static_cast<entente::kind_id>(g.label)).name;
    parts.push_back(
        fmt::format("UNWIND ${} AS e CREATE (:{} {{id: e.id, name: e.name}})", lower(kind), kind));
  }
  return fmt::format("{}", fmt::join(parts, "\nWITH count(*) AS done\n"));
}

std::string relation_query(const batch_query& q, const entente::schema& s) {
  std::vector<std::string> parts;
  for (const auto& g : q) {
    const auto& type = s.relation_type_at(static_cast<entente::relation_type_id>(g.label)).name;
    parts.push_back(
        fmt::format("UNWIND ${} AS r MATCH (a {{id: r.from}}), (b {{id: r.to}}) "
                    "CREATE (a)-[:{} {{evidence: r.evidence, since: r.since}}]->(b)",
                    type, type));
  }
  return fmt::format("{}", fmt::join(parts, "\nWITH count(*) AS done\n"));
}

// One query ready to run: its text, its parameters and how many rows it writes.
struct prepared_write {
  std::string text;
  entente::query_options opts;
  std::size_t rows = 0;
};

// The workload's rows, read once, with the kind (type) of each and the columns the queries use.
struct workload_rows {
  tsv_file entities, relations;
  std::vector<std::size_t> kind_of, type_of;
  std::size_t e_id = 0, e_name = 0;
  std::size_t r_from = 0, r_to = 0, r_evidence = 0, r_since = 0;

  workload_rows(const fs::path& dir, const entente::schema& s) {
    entities = read_tsv(dir / "entities.tsv");
    relations = read_tsv(dir / "relations.tsv");
    const std::string ef = "entities.tsv", rf = "relations.tsv";
    e_id = entities.column("id", ef);
    e_name = entities.column("name", ef);
    auto e_kind = entities.column("kind", ef);
    r_from = relations.column("from", rf);
    r_to = relations.column("to", rf);
    r_evidence = relations.column("evidence", rf);
    r_since = relations.column("since", rf);
    auto r_type = relations.column("type", rf);
    for (const auto& row : entities.fields) kind_of.push_back(s.kind(row.at(e_kind)));
    for (const auto& row : relations.fields) {
      auto t = s.find_relation_type(row.at(r_type));
      if (!t) throw std::runtime_error("unknown relation type " + row.at(r_type));
      type_of.push_back(*t);
    }
  }

  std::vector<prepared_write> entity_writes(const std::vector<batch_query>& qs,
                                            const entente::schema& s) const {
    std::vector<prepared_write> out;
    for (const auto& q : qs) {
      prepared_write w{entity_query(q, s), {}, 0};
      for (const auto& g : q) {
        entente::query_value::list items;
        items.reserve(g.rows.size());
        for (auto r : g.rows) {
          const auto& f = entities.fields[r];
          items.emplace_back(entente::query_value::map{{"id", f.at(e_id)}, {"name", f.at(e_name)}});
        }
        w.rows += items.size();
        w.opts.parameters[lower(s.kind_at(static_cast<entente::kind_id>(g.label)).name)] =
            std::move(items);
      }
      out.push_back(std::move(w));
    }
    return out;
  }

  std::vector<prepared_write> relation_writes(const std::vector<batch_query>& qs,
                                              const entente::schema& s) const {
    std::vector<prepared_write> out;
    for (const auto& q : qs) {
      prepared_write w{relation_query(q, s), {}, 0};
      for (const auto& g : q) {
        entente::query_value::list items;
        items.reserve(g.rows.size());
        for (auto r : g.rows) {
          const auto& f = relations.fields[r];
          items.emplace_back(entente::query_value::map{{"from", f.at(r_from)},
                                                       {"to", f.at(r_to)},
                                                       {"evidence", f.at(r_evidence)},
                                                       {"since", f.at(r_since)}});
        }
        w.rows += items.size();
        w.opts
            .parameters[s.relation_type_at(static_cast<entente::relation_type_id>(g.label)).name] =
            std::move(items);
      }
      out.push_back(std::move(w));
    }
    return out;
  }
};

// Writes the rows as a TSV folder in the order the queries create them.
void write_in_query_order(const workload_rows& w, const std::vector<batch_query>& entity_plan,
                          const std::vector<batch_query>& relation_plan, const fs::path& folder) {
  fs::create_directories(folder);
  auto write = [&](const tsv_file& t, const std::vector<batch_query>& qs, const char* name) {
    std::ofstream out(folder / name, std::ios::binary);
    out << t.header << '\n';
    for (const auto& q : qs)
      for (const auto& g : q)
        for (auto r : g.rows) out << t.lines[r] << '\n';
    if (!out) throw std::runtime_error("cannot write " + (folder / name).string());
  };
  write(w.entities, entity_plan, "entities.tsv");
  write(w.relations, relation_plan, "relations.tsv");
}

// Wall-clock and process CPU seconds (every thread) since it was made; the CPU figure moves
// less than the wall clock when other programs share the cores.
class stopwatch {
 public:
  stopwatch() : wall_(steady::now()), cpu_(cpu_now()) {}
  [[nodiscard]] double wall() const { return seconds_since(wall_); }
  [[nodiscard]] double cpu() const { return cpu_now() - cpu_; }

 private:
  static double cpu_now() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
  }
  steady::time_point wall_;
  double cpu_;
};

// Runs the queries on `g`; throws when one writes other than the rows it was given.
void run_writes(entente::graph& g, const std::vector<prepared_write>& writes, bool entities) {
  for (const auto& w : writes) {
    auto result = entente::query(g, w.text, w.opts);
    const auto& c = result.changes();
    auto made = entities ? c.entities_created : c.relations_created;
    if (made != w.rows)
      throw std::runtime_error(
          fmt::format("a query created {} of its {} rows:\n{}", made, w.rows, w.text));
  }
}

// One batch size: its queries, ready to run, and the times of its runs.
struct mode {
  std::size_t batch = 0;
  std::vector<batch_query> entity_plan, relation_plan;
  std::vector<prepared_write> entity_writes, relation_writes;
  double params_s = 0;
  std::vector<double> entities_s, relations_s, index_s, total_s, cpu_s;

  mode(const workload_rows& w, const entente::schema& vocabulary, std::size_t b, layout how)
      : batch(b),
        entity_plan(plan(w.kind_of, vocabulary.num_kinds(), b, how)),
        relation_plan(plan(w.type_of, vocabulary.num_relation_types(), b, how)) {
    stopwatch clock;
    entity_writes = w.entity_writes(entity_plan, vocabulary);
    relation_writes = w.relation_writes(relation_plan, vocabulary);
    params_s = clock.wall();
  }

  // Builds the graph from an empty one, until its indexes are built, as the TSV load is timed.
  entente::graph build(const entente::schema& vocabulary) {
    entente::graph g(vocabulary);
    stopwatch clock;
    run_writes(g, entity_writes, true);
    entities_s.push_back(clock.wall());
    run_writes(g, relation_writes, false);
    relations_s.push_back(clock.wall() - entities_s.back());
    (void)g.out_relations(0);
    total_s.push_back(clock.wall());
    cpu_s.push_back(clock.cpu());
    index_s.push_back(total_s.back() - entities_s.back() - relations_s.back());
    return g;
  }

  // Throws unless `built` is what the TSV loader makes of the same rows in the same order.
  void check(const entente::graph& built, const workload_rows& w, const entente::schema& vocabulary,
             const fs::path& scratch) const {
    write_in_query_order(w, entity_plan, relation_plan, scratch);
    auto expected = entente::io::load_tsv(scratch, {.schema = vocabulary});
    if (!(expected == built))
      throw std::runtime_error(fmt::format(
          "batch {}: the graph built through Cypher differs from the TSV load of the same rows "
          "({} entities, {} relations against {}, {})",
          batch, built.num_entities(), built.num_relations(), expected.num_entities(),
          expected.num_relations()));
  }
};

}  // namespace

int main(int argc, char** argv) try {
  const char* usage =
      "usage: entente-bulk-write DIR [--batch N]... [--layout combined|per-type] [--runs R] "
      "[--scratch DIR]\n";
  std::string dir, scratch;
  std::vector<std::size_t> batches;
  layout how = layout::combined;
  int runs = 3;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (i + 1 < argc && arg == "--batch") {
      batches.push_back(std::strtoull(argv[++i], nullptr, 10));
    } else if (i + 1 < argc && arg == "--runs") {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (i + 1 < argc && arg == "--scratch") {
      scratch = argv[++i];
    } else if (i + 1 < argc && arg == "--layout") {
      std::string_view l = argv[++i];
      if (l != "combined" && l != "per-type") {
        fmt::print(stderr, "entente-bulk-write: --layout is combined or per-type\n");
        return 2;
      }
      how = l == "combined" ? layout::combined : layout::per_type;
    } else if (dir.empty() && !arg.starts_with("--")) {
      dir = arg;
    } else {
      fmt::print(stderr, "entente-bulk-write: unexpected argument '{}'\n{}", arg, usage);
      return 2;
    }
  }
  if (dir.empty()) {
    fmt::print(stderr, "{}", usage);
    return 2;
  }
  if (batches.empty()) batches = {100000, 0};
  if (scratch.empty()) scratch = fs::path(dir).lexically_normal().string() + "-query-order";

  const auto vocabulary = entente::bench::directed_vocabulary();

  stopwatch reading;
  const workload_rows rows(dir, vocabulary);
  const double read_s = reading.wall();
  std::vector<mode> modes;
  for (auto batch : batches) modes.emplace_back(rows, vocabulary, batch, how);

  // Round by round, the TSV load and then each batch size, so that a change in the machine's
  // load falls on all of them alike. The time of one copy of the whole graph is reported too:
  // what a write query pays, once, when it changes something the graph already held (its
  // transaction's undo); a query that only adds, as these do, copies nothing.
  std::vector<double> tsv, tsv_cpu, copies;
  for (int round = 0; round < runs; ++round) {
    stopwatch loading;
    auto g = entente::io::load_tsv(dir, {.schema = entente::bench::directed_vocabulary()});
    (void)g.out_relations(0);
    tsv.push_back(loading.wall());
    tsv_cpu.push_back(loading.cpu());
    if (g.num_entities() != rows.kind_of.size() || g.num_relations() != rows.type_of.size())
      throw std::runtime_error("the rows read differ in number from the TSV load");
    stopwatch copying;
    entente::graph copy = g;
    copies.push_back(copying.wall());
    if (!(copy == g)) throw std::runtime_error("a copy of the graph differs from it");
    for (auto& m : modes) {
      auto built = m.build(vocabulary);
      if (round == 0) m.check(built, rows, vocabulary, scratch);
    }
  }
  fs::remove_all(scratch);

  std::string figures;
  for (const auto& m : modes)
    figures += fmt::format(
        R"({}{{"batch": {}, "queries": {}, "params_s": {:.4f}, "entities_s": {:.4f}, )"
        R"("relations_s": {:.4f}, "index_s": {:.4f}, "cypher_s": {:.4f}, "cypher_cpu_s": {:.4f}, )"
        R"("ratio_to_tsv": {:.3f}, "cpu_ratio_to_tsv": {:.3f}, "equal": true}})",
        figures.empty() ? "" : ", ", m.batch, m.entity_writes.size() + m.relation_writes.size(),
        m.params_s, median(m.entities_s), median(m.relations_s), median(m.index_s),
        median(m.total_s), median(m.cpu_s), median(m.total_s) / median(tsv),
        median(m.cpu_s) / median(tsv_cpu));

  fmt::print(
      R"({{"system": "entente", "layout": "{}", "runs": {}, "entities": {}, "relations": {}, )"
      R"("tsv_load_s": {:.4f}, "tsv_load_cpu_s": {:.4f}, "graph_copy_s": {:.4f}, )"
      R"("read_rows_s": {:.4f}, "cypher": [{}], "peak_rss_mib": {:.0f}}})"
      "\n",
      how == layout::combined ? "combined" : "per-type", runs, rows.kind_of.size(),
      rows.type_of.size(), median(tsv), median(tsv_cpu), median(copies), read_s, figures,
      peak_rss_mib());
} catch (const std::exception& e) {
  fmt::print(stderr, "entente-bulk-write: {}\n", e.what());
  return 2;
}
