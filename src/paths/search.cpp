// The out-of-line half of search.hpp: type masks, step rules, the words for why a search
// stopped, and what an enumeration answers before it searches.

#include "paths/search.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace entente::detail {

[[noreturn]] void unknown_type(const schema& s, std::string_view name, std::string where) {
  throw lookup_error("unknown relation type '" + std::string(name) + "'" + where,
                     schema::closest(name, s.step_names()));
}

void apply_direction(std::vector<std::uint8_t>& mask, direction d) {
  for (auto& m : mask) {
    if (m == 0) continue;
    if (d == direction::in) m = swapped(m);
    if (d == direction::any) m = both_ways;
  }
}

std::string limit_reached(std::size_t limit) {
  return fmt::format("stopped at the limit of {} path{}", limit, limit == 1 ? "" : "s");
}
std::string hops_reached(std::size_t hops) {
  return fmt::format("stopped at the limit of {} hop{}", hops, hops == 1 ? "" : "s");
}

step_rules::step_rules(const graph& g, const path_options& opts)
    : graph_(&g), filter_(g, opts), max_hops_(opts.max_hops), timeout_(opts.timeout) {
  const auto& s = g.schema();
  // Without `via`, every type as stored (symmetric ones both ways): inverse readings only when
  // asked for by name, as in Cypher.
  std::vector<std::uint8_t> mask = s.every_step_way();
  if (!opts.via.empty()) {
    mask.assign(s.num_relation_types(), 0);
    for (const auto& name : opts.via)
      if (!s.add_step_ways(name, mask)) unknown_type(s, name);
  }
  apply_direction(mask, opts.direction);
  along_.all = against_.all = !mask.empty();
  for (std::size_t t = 0; t < mask.size(); ++t) {
    auto tt = static_cast<relation_type_id>(t);
    if (mask[t] & along)
      along_.types.push_back(tt);
    else
      along_.all = false;
    if (mask[t] & against)
      against_.types.push_back(tt);
    else
      against_.all = false;
  }
}

std::optional<path_result> settled_before_search(const graph& g, entity_index from, entity_index to,
                                                 const path_options& opts, budget& clock) {
  enumeration out;
  if (clock.expired())
    out.cut.set(deadline_reached);
  else if (from != to)
    return std::nullopt;
  else if (opts.limit == 0)
    out.cut.set(limit_reached(0));
  else
    out.result.paths.emplace_back(g, from);
  return out.finish();
}

}  // namespace entente::detail
