// The stages after MATCH: UNWIND, the projection of WITH and RETURN (grouping, DISTINCT,
// ORDER BY, SKIP, LIMIT) and the sink that gathers the result.

#include "query/stages.hpp"
#include "query/values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace entente::detail::query {

void unwind_stage::start(context& ctx) {
  if (item && ctx.unwound.size() <= item->unwind) ctx.unwound.resize(item->unwind + 1);
}

void unwind_stage::push(row& r, context& ctx) {
  query_value computed;
  const query_value* v = nullptr;
  if (!parameter.empty()) {
    auto it = ctx.opts.parameters.find(parameter);
    if (it != ctx.opts.parameters.end()) v = &it->second;
  } else {
    computed = list(r, ctx);
    v = &computed;
  }
  if (!v || v->is_null()) return;
  // By position: the slot holds where the item is in the parameter, which `x.key` reads.
  const bool by_position = item && !item->read_whole;
  if (by_position) ctx.unwound[item->unwind] = v;
  row work = r;
  work.resize(width);
  if (!v->is_list()) {
    work[slot] = by_position ? query_value(std::int64_t{0}) : *v;
    next->push(work, ctx);
    return;
  }
  const auto& items = v->as_list();
  constexpr std::size_t ahead = 8;
  const bool prefetch = by_position && !item->id_keys.empty();
  for (std::size_t i = 0; i < items.size(); ++i) {
    ctx.tick();
    if (prefetch && i + ahead < items.size()) prefetch_ids(items[i + ahead], ctx);
    if (by_position)
      work[slot] = i;
    else
      work[slot] = items[i];
    next->push(work, ctx);
  }
}

void unwind_stage::prefetch_ids(const query_value& upcoming, const context& ctx) const {
  if (!upcoming.is_map()) return;
  for (const auto& key : item->id_keys)
    if (const auto* id = upcoming.find(key); id && id->is_string())
      ctx.g.prefetch_id(id->as_string());
}

std::int64_t projection_stage::count(const evaluator& e, source_position at, const char* what,
                                     context& ctx) {
  auto n = e(row{}, ctx);
  if (!n.is_int() || n.as_int() < 0)
    throw cypher::syntax_error(
        *text, at, fmt::format("{} needs a non-negative integer, got {}", what, to_string(n)));
  return n.as_int();
}

void projection_stage::start(context& ctx) {
  groups.clear();
  buffered.clear();
  seen.clear();
  skipped = passed = 0;
  skip = skip_count ? count(skip_count, skip_at, "SKIP", ctx) : 0;
  limit.reset();
  if (limit_count) limit = count(limit_count, limit_at, "LIMIT", ctx);
}

row projection_stage::project(const row& in, context& ctx) {
  row out;
  out.reserve(items.size() + (order_sees_input ? in.size() : 0));
  for (const auto& item : items) out.push_back(item(in, ctx));
  return out;
}

void projection_stage::push(row& r, context& ctx) {
  if (aggregating) {
    row key;
    for (std::size_t i = 0; i < items.size(); ++i)
      if (!is_aggregate[i]) key.push_back(items[i](r, ctx));
    auto it = groups.find(key);
    if (it == groups.end())
      it = groups
               .emplace(std::move(key),
                        std::pair{r, std::vector<aggregate_state>(aggregates.size())})
               .first;
    for (std::size_t a = 0; a < aggregates.size(); ++a)
      accumulate(aggregates[a], it->second.second[a], r, ctx);
    return;
  }
  row out = project(r, ctx);
  if (where_sees_input || (order_sees_input && !order.empty()))
    out.insert(out.end(), r.begin(), r.end());
  if (order.empty()) {
    emit(out, ctx);
    return;
  }
  buffered.push_back(std::move(out));
}

// Past projection: DISTINCT, WHERE, SKIP and LIMIT, then on to the next stage.
void projection_stage::emit(row& out, context& ctx) {
  if (where && where_first && truth(where(out, ctx)) != true) return;
  if (distinct && !seen.insert(out).second) return;
  if (skipped < skip) {
    ++skipped;
    return;
  }
  if (limit && passed >= *limit) {
    if (final) throw stop_query{};
    return;
  }
  ++passed;
  // openCypher's `WITH ... ORDER BY ... LIMIT n WHERE c` filters what LIMIT kept.
  if (where && !where_first && truth(where(out, ctx)) != true) return;
  if (where_sees_input) out.resize(items.size());
  next->push(out, ctx);
}

void projection_stage::finish(context& ctx) {
  if (aggregating) {
    // With no grouping key and no input, aggregates still give one row (count 0).
    bool has_keys =
        std::find(is_aggregate.begin(), is_aggregate.end(), false) != is_aggregate.end();
    if (groups.empty() && !has_keys)
      groups.emplace(row{},
                     std::pair{row(input_width), std::vector<aggregate_state>(aggregates.size())});
    for (auto& [key, group] : groups) {
      row results;
      for (std::size_t a = 0; a < aggregates.size(); ++a)
        results.push_back(result_of(aggregates[a], group.second[a]));
      row out;
      std::size_t k = 0;
      for (std::size_t i = 0; i < items.size(); ++i)
        out.push_back(is_aggregate[i] ? finals[i](group.first, results, ctx) : key[k++]);
      if (order.empty())
        emit(out, ctx);
      else
        buffered.push_back(std::move(out));
    }
    groups.clear();
  }
  if (!order.empty()) {
    std::vector<std::pair<row, row>> keyed;
    keyed.reserve(buffered.size());
    for (auto& b : buffered) {
      row keys;
      for (const auto& o : order) keys.push_back(o.key(b, ctx));
      keyed.emplace_back(std::move(keys), std::move(b));
    }
    buffered.clear();
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) {
      for (std::size_t i = 0; i < order.size(); ++i) {
        int c = compare_for_order(x.first[i], y.first[i]);
        if (c) return order[i].descending ? c > 0 : c < 0;
      }
      return false;
    });
    for (auto& [keys, b] : keyed) {
      if (!where_sees_input) b.resize(items.size());
      emit(b, ctx);
    }
  }
  stage::finish(ctx);
}

void union_stage::join() {
  joint_.owner = this;
  for (auto& part : parts) part.back()->next = &joint_;
}

void union_stage::start(context& ctx) {
  seen_.clear();
  for (auto& part : parts)
    for (auto& st : part) st->start(ctx);
}

void union_stage::push(row& r, context& ctx) {
  for (auto& part : parts) {
    input_ = r;  // each part starts from the row as given
    part.front()->push(input_, ctx);
    part.front()->finish(ctx);
  }
}

void union_stage::joint::push(row& r, context& ctx) {
  if (owner->distinct && !owner->seen_.insert(r).second) return;
  owner->next->push(r, ctx);
}

void sink::push(row& r, context&) {
  if (max_rows && rows.size() >= *max_rows)
    throw stop_query{fmt::format("stopped at the limit of {} rows", *max_rows)};
  rows.push_back(r);
}

}  // namespace entente::detail::query
