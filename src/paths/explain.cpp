// Explanations of a path: its weakest link, and each step told as a sentence.

#include <entente/format.hpp>
#include <entente/paths.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace entente {
namespace {

std::string spaced(std::string_view name) {
  std::string text(name);
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

// A type name as a verb phrase: "supports", "wages war on", "is allied with", "is sanctioned by".
std::string verb_phrase(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> fixed[] = {
      {"member_of", "is a member of"},     {"capital_of", "is the capital of"},
      {"holds_office", "holds office in"}, {"office_held_by", "has in office"},
      {"has_part", "has as a part"},       {"has_member", "has as a member"},
      {"has_party", "has as a party"},     {"location_of", "is the location of"}};
  for (auto [n, phrase] : fixed)
    if (n == name) return std::string(phrase);
  auto first = name.substr(0, name.find('_'));
  // A first word that is not a verb in the third person ("allied", "part", "located",
  // "sanctioned") reads as a state: "is allied with".
  if (first.size() < name.size() && !first.ends_with('s')) return "is " + spaced(name);
  return spaced(name);
}

std::string when(const interval& v) {
  if (v.is_open()) return {};
  if (!v.until.is_set()) return "since " + v.since.to_string();
  if (!v.since.is_set()) return "until " + v.until.to_string();
  if (v.since == v.until) return "in " + v.since.to_string();
  return "from " + v.since.to_string() + " to " + v.until.to_string();
}

}  // namespace

path_strength weakest_link(const path& p) {
  const graph& g = p.graph();
  path_strength s;
  if (p.length() == 0) return s;
  s.fewest_sources = std::numeric_limits<std::size_t>::max();
  for (const auto& step : p.steps()) {
    auto r = step.relation;
    if (!s.weakest_relation || g.evidence(r) < s.weakest) {
      s.weakest = g.evidence(r);
      s.weakest_relation = r;
    }
    const auto& since = g.valid(r).since;
    if (since.is_set() && (!s.oldest_since.is_set() || since < s.oldest_since))
      s.oldest_since = since;
    std::vector<source_index> sources;
    for (const auto& c : g.citations(r)) sources.push_back(c.source);
    std::sort(sources.begin(), sources.end());
    sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
    s.fewest_sources = std::min(s.fewest_sources, sources.size());
  }
  s.single_sourced = s.fewest_sources <= 1;
  return s;
}

std::string explain_step(const path& p, std::size_t i) {
  const graph& g = p.graph();
  if (i >= p.length())
    throw error("no step " + std::to_string(i) + " in a path of " + std::to_string(p.length()));
  const auto& step = p.steps()[i];
  auto r = g.relation(step.relation);
  const auto& info = g.schema().relation_type_at(r.type());
  entity_index subject = p.nodes()[i];
  entity_index object = p.nodes()[i + 1];
  std::string verb;
  if (!step.reversed || info.symmetric) {
    verb = verb_phrase(info.name);
  } else if (!info.inverse.empty()) {
    verb = verb_phrase(info.inverse);
  } else {
    // No word for it backwards: state the relation as it is.
    verb = verb_phrase(info.name);
    std::swap(subject, object);
  }
  std::string text = fmt::format("{} {} {} ({}", g.entity(subject).name(), verb,
                                 g.entity(object).name(), r.evidence());
  if (auto t = when(r.valid()); !t.empty()) text += ", " + t;
  for (const auto& [key, v] : r.attributes()) text += fmt::format(", {}: {}", key, v);
  for (const auto& c : r.citations()) {
    text += "; " + g.source_at(c.source).id;
    if (!c.quote.empty()) text += ": \u201c" + c.quote + "\u201d";
  }
  return text + ")";
}

std::string explain(const path& p) {
  std::string text;
  for (std::size_t i = 0; i < p.length(); ++i) {
    if (i > 0) text += '\n';
    text += explain_step(p, i);
  }
  return text;
}

}  // namespace entente
