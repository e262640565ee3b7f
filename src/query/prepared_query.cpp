// Prepared queries and `query`: a query planned once against a graph, then run as many times
// as asked, each run pushing one empty row through its stages.

#include "query/engine.hpp"
#include "query/planner.hpp"
#include "query/stages.hpp"

#include <entente/query.hpp>
#include <entente/schema.hpp>

#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace entente {

namespace detail {

// A query bound and planned against one graph, ready to run many times.
struct query_plan {
  std::unique_ptr<cypher::query> owned;  // when the plan keeps its own syntax tree
  const cypher::query* q = nullptr;
  const graph* g = nullptr;
  graph* writable = nullptr;  // the same graph, when the query may write to it
  bool fresh = false;         // planned and not yet run
  std::vector<std::unique_ptr<query::stage>> stages;
  query::sink rows;
  std::vector<std::string> columns;
  std::vector<std::pair<std::string, cypher::source_position>> parameters;
  std::vector<std::string> warnings;

  void build() {
    auto planned = query::plan_query(*g, *q, writable);
    stages = std::move(planned.stages);
    columns = std::move(planned.columns);
    parameters = std::move(planned.parameters);
    warnings = std::move(planned.warnings);
    stages.back()->next = &rows;
    fresh = true;
  }

  result_set run(const query_options& opts) {
    if (!q->writes()) return run_planned(opts, nullptr);
    // One transaction: planned afresh (the last run may have changed what a plan relies on),
    // and the graph as it was put back when anything fails.
    graph_transaction transaction(*writable);
    try {
      if (!fresh) build();
      return run_planned(opts, &transaction);
    } catch (...) {
      transaction.roll_back();
      fresh = false;
      throw;
    }
  }

  void check_parameters(const query_options& opts) const {
    for (const auto& [name, at] : parameters)
      if (!opts.parameters.count(name)) {
        std::vector<std::string> given;
        for (const auto& [k, v] : opts.parameters) given.push_back(k);
        throw cypher::name_error(q->text, at, fmt::format("parameter ${} is not given", name),
                                 schema::closest(name, given));
      }
  }

  result_set run_planned(const query_options& opts, graph_transaction* transaction) {
    fresh = false;
    check_parameters(opts);
    query::context ctx(*g, opts);
    if (transaction) {
      ctx.writable = writable;
      ctx.transaction = transaction;
    }
    rows.rows.clear();
    rows.max_rows = opts.max_rows;
    for (auto& st : stages) st->start(ctx);
    std::string why_cut;
    try {
      if (opts.timeout && *opts.timeout <= std::chrono::steady_clock::duration::zero())
        throw query::stop_query{"stopped at the deadline of 0 ms"};
      query::row first;
      stages.front()->push(first, ctx);
      stages.front()->finish(ctx);
    } catch (const query::stop_query& stop) {
      // Rows reach the end only once every write is done, so a stop before that is the
      // deadline, in the middle of the writes.
      if (ctx.writes_pending > 0)
        throw error(
            fmt::format("the query {}, before its writes were done; the graph is "
                        "unchanged",
                        stop.why));
      why_cut = stop.why;
    }
    if (ctx.walk_cut && why_cut.empty())
      why_cut = fmt::format(
          "variable-length patterns stopped at {} relations, the most one walks; longer matches "
          "are missing",
          query::max_walk_hops);
    result_set out(columns, std::move(rows.rows), std::move(why_cut), ctx.changes);
    out.set_warnings(warnings);
    return out;
  }
};

}  // namespace detail

prepared_query::prepared_query(const graph& g, std::string_view cypher)
    : prepared_query(g, cypher::parse(cypher)) {}

prepared_query::prepared_query(const graph& g, cypher::query q)
    : plan_(std::make_unique<detail::query_plan>()) {
  plan_->owned = std::make_unique<cypher::query>(std::move(q));
  plan_->q = plan_->owned.get();
  plan_->g = &g;
  plan_->build();
}

prepared_query::prepared_query(graph& g, std::string_view cypher)
    : prepared_query(g, cypher::parse(cypher)) {}

prepared_query::prepared_query(graph& g, cypher::query q)
    : plan_(std::make_unique<detail::query_plan>()) {
  plan_->owned = std::make_unique<cypher::query>(std::move(q));
  plan_->q = plan_->owned.get();
  plan_->g = &g;
  plan_->writable = &g;
  if (plan_->q->writes() && g.schema().is_open()) {
    // Planning may declare names in an open schema; here, outside a run, that must not stay.
    // The plan is checked on a copy and made again by the first run.
    graph scratch = g;
    detail::query_plan check;
    check.q = plan_->q;
    check.g = check.writable = &scratch;
    check.build();
    plan_->columns = check.columns;
    return;
  }
  plan_->build();
}

prepared_query::~prepared_query() = default;
prepared_query::prepared_query(prepared_query&&) noexcept = default;
prepared_query& prepared_query::operator=(prepared_query&&) noexcept = default;

result_set prepared_query::run(const query_options& opts) { return plan_->run(opts); }

const std::vector<std::string>& prepared_query::columns() const noexcept { return plan_->columns; }

const std::string& prepared_query::text() const noexcept { return plan_->q->text; }

bool prepared_query::writes() const noexcept { return plan_->q->writes(); }

result_set query(const graph& g, const cypher::query& q, const query_options& opts) {
  detail::query_plan plan;
  plan.q = &q;
  plan.g = &g;
  plan.build();
  return plan.run(opts);
}

result_set query(graph& g, const cypher::query& q, const query_options& opts) {
  if (!q.writes()) return query(std::as_const(g), q, opts);
  detail::query_plan plan;
  plan.q = &q;
  plan.g = &g;
  plan.writable = &g;
  return plan.run(opts);  // plans inside the transaction
}

}  // namespace entente
