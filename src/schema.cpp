#include <entente/schema.hpp>

#include <algorithm>
#include <cctype>

namespace entente {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::vector<std::string> schema::closest(std::string_view name,
                                         const std::vector<std::string>& candidates,
                                         std::size_t max) {
  std::vector<std::pair<std::size_t, std::string>> scored;
  std::size_t limit = std::max<std::size_t>(2, name.size() / 2);
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(name, c);
    if (d <= limit) scored.emplace_back(d, c);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> best;
  for (std::size_t i = 0; i < scored.size() && i < max; ++i) best.push_back(scored[i].second);
  return best;
}

schema schema::geopolitics() {
  schema s;
  s.add_kind({"Actor", ""});
  s.add_kind({"State", "Actor"});
  s.add_kind({"Person", "Actor"});
  s.add_kind({"Organization", "Actor"});
  s.add_kind({"Agreement", ""});
  s.add_kind({"Event", ""});
  s.add_kind({"Item", ""});
  s.add_kind({"Place", ""});

  using L = std::vector<std::string>;
  const L actor{"Actor"};
  const L body{"State", "Organization"};  // actors that act as collectives
  const auto coop = polarity::cooperation;
  const auto conflict = polarity::conflict;
  const auto structural = polarity::structural;

  // Weights and QuadClasses are the Goldstein values GDELT and ICEWS publish for the CAMEO code;
  // types without a fitting code get a weight in the same spirit and no code.
  // name, domain, range, symmetric, transitive, inverse, polarity, cameo, weight, quad class,
  // functional
  const relation_type_spec types[] = {
      // cooperation
      {"supports", actor, actor, false, false, "supported_by", coop, "051", 3.4, 1},
      {"supplies", actor, actor, false, false, "supplied_by", coop, "072", 8.3, 2},
      {"allied_with", actor, actor, true, false, "", coop, "", 7.0, 2},
      {"cooperates_with", actor, actor, true, false, "", coop, "061", 6.4, 2},
      {"trades_with", actor, actor, true, false, "", coop, "061", 6.4, 2},
      {"aids", actor, actor, false, false, "aided_by", coop, "071", 7.4, 2},
      {"seeks", actor, {"Item"}, false, false, "sought_by", coop, "02", 3.0, 1},
      {"visits",
       actor,
       {"State", "Organization", "Place", "Event"},
       false,
       false,
       "visited_by",
       coop,
       "042",
       1.9,
       1},
      {"hosts",
       {"State", "Organization", "Place"},
       actor,
       false,
       false,
       "hosted_by",
       coop,
       "043",
       2.8,
       1},
      {"meets_with", actor, actor, true, false, "", coop, "04", 1.0, 1},
      {"praises", actor, actor, false, false, "praised_by", coop, "051", 3.4, 1},
      {"votes_with", actor, actor, true, false, "", coop, "", 2.0, 1},
      {"party_to", actor, {"Agreement"}, false, false, "has_party", coop, "", 5.0, 2},
      {"signed", actor, {"Agreement"}, false, false, "signed_by", coop, "057", 8.0, 1},
      {"member_of", actor, {"Organization"}, false, false, "has_member", coop, "", 2.0, 2},
      // conflict
      {"sanctions", actor, actor, false, false, "sanctioned_by", conflict, "163", -8.0, 4},
      {"condemns", actor, actor, false, false, "condemned_by", conflict, "111", -2.0, 3},
      {"opposes", actor, actor, false, false, "opposed_by", conflict, "12", -4.0, 3},
      {"threatens", actor, actor, false, false, "threatened_by", conflict, "130", -4.4, 3},
      {"wages_war_on", actor, actor, false, false, "attacked_by", conflict, "190", -10.0, 4},
      {"occupies",
       actor,
       {"State", "Place"},
       false,
       false,
       "occupied_by",
       conflict,
       "19",
       -10.0,
       4},
      {"annexed", actor, {"State", "Place"}, false, false, "annexed_by", conflict, "19", -10.0, 4},
      {"deters", actor, actor, false, false, "deterred_by", conflict, "", -3.0, 3},
      {"vetoes",
       actor,
       {"Agreement", "Event", "Organization", "State"},
       false,
       false,
       "vetoed_by",
       conflict,
       "129",
       -5.0,
       3},
      // structural
      {"leads", {"Person"}, body, false, false, "led_by", structural, "", 0.0, 0},
      {"holds_office", {"Person"}, body, false, false, "office_held_by", structural, "", 0.0, 0},
      {"part_of", {}, {}, false, true, "has_part", structural, "", 0.0, 0},
      {"located_in",
       {},
       {"Place", "State"},
       false,
       true,
       "location_of",
       structural,
       "",
       0.0,
       0,
       true},
      {"capital_of",
       {"Place"},
       {"State"},
       false,
       false,
       "has_capital",
       structural,
       "",
       0.0,
       0,
       true},
      // roles of n-ary facts (an Event or Agreement entity and its participants)
      {"visited_by", {"Event"}, actor, false, false, "", structural, "", 0.0, 0},
      {"hosted_by", {"Event"}, actor, false, false, "", structural, "", 0.0, 0},
      {"participates_in",
       actor,
       {"Event"},
       false,
       false,
       "has_participant",
       structural,
       "",
       0.0,
       0},
      {"concerns", {"Event", "Agreement"}, {}, false, false, "subject_of", structural, "", 0.0, 0},
  };
  for (const auto& t : types) s.add_relation_type(t);
  return s;
}

bool schema::add_step_ways(std::string_view name, std::vector<std::uint8_t>& ways) const {
  ways.resize(types_.size(), 0);
  bool found = false;
  if (auto t = find_relation_type(name)) {
    found = true;
    ways[*t] |= step_along;
    // A declared type that reads as `t` backwards: a `u` relation a→b is a `t` relation b→a.
    for (std::size_t u = 0; u < types_.size(); ++u) {
      auto ut = static_cast<relation_type_id>(u);
      if (ut != *t && (inverse_of(ut) == *t || inverse_of(*t) == ut)) ways[u] |= step_against;
    }
  }
  for (std::size_t u = 0; u < types_.size(); ++u)
    if (types_[u].inverse == name) {
      ways[u] |= step_against;
      found = true;
    }
  for (std::size_t u = 0; u < types_.size(); ++u)
    if (ways[u] != 0 && types_[u].symmetric) ways[u] = step_both_ways;
  return found;
}

std::vector<std::uint8_t> schema::every_step_way() const {
  std::vector<std::uint8_t> ways(types_.size(), step_along);
  for (std::size_t u = 0; u < types_.size(); ++u)
    if (types_[u].symmetric) ways[u] = step_both_ways;
  return ways;
}

std::vector<std::string> schema::step_names() const {
  auto names = relation_type_names();
  for (const auto& info : types_)
    if (!info.inverse.empty() && !find_relation_type(info.inverse)) names.push_back(info.inverse);
  return names;
}

}  // namespace entente
