// Query values into what the graph stores: the typed built-in keys, attributes, property maps
// and the ids of new entities.

#include "query/write_values.hpp"

#include "query/values.hpp"

#include <entente/names.hpp>
#include <entente/schema.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>
#include <vector>

namespace entente::detail::query {
namespace {

std::string describe(const query_value& v) {
  return fmt::format("{} {}", v.type_name(), to_string(v));
}

std::optional<value> to_attribute(const query_value& v) {
  if (v.is_date()) return temporal::to_model(v.as<temporal::calendar_date>());
  if (v.is_bool()) return v.as_bool();
  if (v.is_int()) return v.as_int();
  if (v.is_float()) return v.as<double>();
  if (v.is_string()) return v.as_string();
  return std::nullopt;
}

// The graph stores dates, not times, date-times or durations: those are refused, with a way to
// keep them as text.
[[noreturn]] void refuse_temporal(const query_value& v, std::string_view key,
                                  const write_site& site) {
  site.fail(
      fmt::format("property '{}': the graph stores dates but not a {} ({}); store "
                  "toString(...) of it to keep it as text",
                  key, v.type_name(), to_string(v)));
}

// A date the model cannot hold (a year outside 1..9999) fails at the write.
std::optional<value> attribute_at(const query_value& v, std::string_view key,
                                  const write_site& site) {
  try {
    return to_attribute(v);
  } catch (const parse_error&) {
    throw;
  } catch (const error& e) {
    site.fail(fmt::format("property '{}': {}", key, e.what()));
  }
}

value attribute_of(const query_value& v, std::string_view key, const write_site& site);

bool is_date_map(const query_value& v) {
  return v.is_map() && v.as_map().size() == 1 && v.as_map().front().first == "date";
}

// A list property, as Neo4j stores one: scalars of one type, no nulls, nothing nested. Integers
// and floats do not mix (Neo4j refuses [1, 2.5] too), so a list reads back as it was written.
value_list list_attribute(const query_value::list& items, std::string_view key,
                          const write_site& site) {
  value_list out;
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    if (item.is_null())
      site.fail(fmt::format("property '{}': a list property holds no nulls, but item {} is null",
                            key, i));
    if (item.is_list() || (item.is_map() && !is_date_map(item)) || item.is_entity() ||
        item.is_relation() || item.is_path())
      site.fail(
          fmt::format("property '{}': a list property holds booleans, numbers, strings or "
                      "dates, but item {} is {}",
                      key, i, describe(item)));
    out.push_back(std::visit(
        [](auto&& x) -> scalar {
          if constexpr (std::is_constructible_v<scalar, decltype(x)>)
            return std::move(x);
          else
            return false;  // null and lists were refused above
        },
        attribute_of(item, key, site)));
    if (out[i].index() != out[0].index())
      site.fail(
          fmt::format("property '{}': a list property holds items of one type, but item "
                      "0 is {} and item {} is {}",
                      key, describe(items[0]), i, describe(item)));
  }
  return out;
}

value attribute_of(const query_value& v, std::string_view key, const write_site& site) {
  if (auto a = attribute_at(v, key, site)) return std::move(*a);
  if (v.is_temporal()) refuse_temporal(v, key, site);
  if (v.is_list()) return list_attribute(v.as_list(), key, site);
  // A date, written as the JSON format writes one: {date: "1960-05-01"}.
  if (is_date_map(v)) {
    const auto& text = v.as_map().front().second;
    if (text.is_string())
      if (auto d = date::parse(text.as_string())) return *d;
    site.fail(fmt::format("property '{}': a date is written {{date: \"YYYY[-MM[-DD]]\"}}, got {}",
                          key, describe(v)));
  }
  site.fail(
      fmt::format("property '{}' must be a boolean, a number, a string, a date "
                  "({{date: \"YYYY-MM-DD\"}}) or a list of one of those, got {}",
                  key, describe(v)));
}

std::vector<std::pair<std::string, std::string>> read_external_ids(const query_value& v,
                                                                   const write_site& site) {
  std::vector<std::pair<std::string, std::string>> out;
  if (v.is_null()) return out;
  if (v.is_map())
    for (const auto& [system, id] : v.as_map())
      if (id.is_string()) out.emplace_back(system, id.as_string());
  if (!v.is_map() || out.size() != v.as_map().size())
    site.fail(fmt::format(
        "'external_ids' must be a map of strings ({{wikidata: \"Q423\"}}), got {}", describe(v)));
  return out;
}

date read_date(const query_value& v, std::string_view key, const write_site& site) {
  if (v.is_string())
    if (auto d = date::parse(v.as_string())) return *d;
  if (v.is_date()) return std::get<date>(*attribute_at(v, key, site));
  if (v.is_temporal()) refuse_temporal(v, key, site);
  site.fail(fmt::format("'{}' must be a date written YYYY, YYYY-MM or YYYY-MM-DD, got {}", key,
                        describe(v)));
}

evidence read_evidence(const query_value& v, const write_site& site) {
  if (v.is_null()) return evidence::reported;
  if (v.is_string())
    if (auto level = parse_evidence(v.as_string())) return *level;
  std::vector<std::string> levels;
  for (auto e : all_evidence_levels) levels.emplace_back(to_string(e));
  site.fail(fmt::format("'evidence' must be one of confirmed, reported, alleged, speculated or "
                        "denied, got {}",
                        describe(v)),
            v.is_string() ? schema::closest(v.as_string(), levels) : std::vector<std::string>{});
}

std::string source_id(const graph& g, const query_value& v, const write_site& site) {
  if (!v.is_string())
    site.fail(fmt::format("a source's 'id' must be a string, got {}", describe(v)));
  const auto& id = v.as_string();
  if (!g.find_source(id)) {
    std::vector<std::string> ids;
    for (const auto& s : g.sources()) ids.push_back(s.id);
    site.fail(fmt::format("unknown source '{}'", id), schema::closest(id, ids));
  }
  return id;
}

// `sources`: a list of source ids, or of maps {id, quote}.
std::vector<citation_spec> read_sources(const graph& g, const query_value& v,
                                        const write_site& site) {
  std::vector<citation_spec> out;
  if (v.is_null()) return out;
  auto one = [&](const query_value& item) {
    if (item.is_string()) {
      out.push_back({source_id(g, item, site), {}, {}});
      return;
    }
    if (!item.is_map())
      site.fail(fmt::format("each of 'sources' must be a source id or a map {{id, quote}}, got {}",
                            describe(item)));
    citation_spec c;
    const auto* id = item.find("id");
    if (!id) site.fail(fmt::format("a source map needs an 'id': {}", to_string(item)));
    c.source = source_id(g, *id, site);
    for (const auto& [k, x] : item.as_map()) {
      if (k == "id" || (k == "title" && x.is_string())) continue;
      if (k != "quote")
        site.fail(fmt::format("a source map has only 'id' and 'quote', not '{}'", k),
                  schema::closest(k, {"id", "quote"}));
      if (x.is_null()) continue;
      if (!x.is_string())
        site.fail(fmt::format("a source's 'quote' must be a string, got {}", describe(x)));
      c.quote = x.as_string();
    }
    out.push_back(std::move(c));
  };
  if (v.is_list())
    for (const auto& item : v.as_list()) one(item);
  else
    one(v);
  return out;
}

std::vector<std::string> read_aliases(const query_value& v, const write_site& site) {
  std::vector<std::string> out;
  if (v.is_null()) return out;
  if (v.is_list())
    for (const auto& a : v.as_list())
      if (a.is_string()) out.push_back(a.as_string());
  if (!v.is_list() || out.size() != v.as_list().size())
    site.fail(fmt::format("'aliases' must be a list of strings, got {}", describe(v)));
  return out;
}

// Graph errors (an id taken, a schema rule, an unknown source) said at the write's place.
template <class F>
auto at_site(const write_site& site, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const cypher::syntax_error&) {
    throw;
  } catch (const lookup_error& e) {
    site.fail(e.what());
  } catch (const error& e) {
    site.fail(e.what());
  }
}

void write_entity_property(context& ctx, entity_index e, std::string_view key, const query_value& v,
                           const write_site& site) {
  graph& g = *ctx.writable;
  ctx.before_changing_entity(e);
  ++ctx.changes.properties_set;
  if (key == "id") {
    if (v.is_string() && v.as_string() == g.entity(e).id()) return;
    site.fail(fmt::format("the id of entity '{}' cannot change", g.entity(e).id()));
  }
  if (key == "name") {
    if (!v.is_null() && !v.is_string())
      site.fail(fmt::format("'name' must be a string, got {}", describe(v)));
    std::string name(v.is_null() ? g.entity(e).id() : std::string_view(v.as_string()));
    g.set_name(e, name);
    return;
  }
  if (key == "kind") {
    if (!v.is_string())
      site.fail(
          fmt::format("'kind' must name a kind (an entity always has one), got {}", describe(v)));
    at_site(site, [&] { g.set_kind(e, v.as_string()); });
    return;
  }
  if (key == "aliases") {
    g.set_aliases(e, read_aliases(v, site));
    return;
  }
  if (key == "external_ids") {
    g.set_external_ids(e, read_external_ids(v, site));
    return;
  }
  if (v.is_null())
    g.erase_attribute(e, key);
  else
    g.set_attribute(e, key, attribute_of(v, key, site));
}

void write_relation_property(context& ctx, relation_index r, std::string_view key,
                             const query_value& v, const write_site& site) {
  graph& g = *ctx.writable;
  ctx.before_changing_relation(r);
  ++ctx.changes.properties_set;
  if (key == "evidence") {
    g.set_evidence(r, read_evidence(v, site));
    return;
  }
  if (key == "since" || key == "until") {
    interval valid = g.valid(r);
    (key == "since" ? valid.since : valid.until) = v.is_null() ? date() : read_date(v, key, site);
    if (valid.since.is_set() && valid.until.is_set() &&
        valid.until.last_day() < valid.since.first_day())
      site.fail(fmt::format("'until' {} is before 'since' {}", valid.until.to_string(),
                            valid.since.to_string()));
    g.set_valid(r, valid);
    return;
  }
  if (key == "sources") {
    g.set_citations(r, read_sources(g, v, site));
    return;
  }
  if (v.is_null())
    g.erase_relation_attribute(r, key);
  else
    g.set_relation_attribute(r, key, attribute_of(v, key, site));
}

// An attribute as a value that writes back as the same attribute (a date as a date).
query_value attribute_value(const value& v) { return from_attribute(v); }

// The properties of an entity or relation as a map, for `SET a = b`. Copied onto a relation
// (`onto_relation`), an entity gives its name and attributes: aliases and external ids are an
// entity's own, and a relation could hold neither.
query_value::map properties_of(const query_value& v, bool onto_relation = false) {
  query_value::map out;
  if (v.is_entity()) {
    const auto& e = v.as_entity();
    out.emplace_back("name", e.name());
    if (!onto_relation) {
      out.emplace_back("aliases", entity_property(e, "aliases"));
      out.emplace_back("external_ids", entity_property(e, "external_ids"));
    }
    for (const auto& [k, x] : e.attributes()) out.emplace_back(k, attribute_value(x));
  } else {
    const auto& r = v.as_relation();
    for (auto key : relation_keys) out.emplace_back(std::string(key), relation_property(r, key));
    for (const auto& [k, x] : r.attributes()) out.emplace_back(k, attribute_value(x));
  }
  return out;
}

bool has_key(const query_value::map& m, std::string_view key) {
  return std::any_of(m.begin(), m.end(), [&](const auto& e) { return e.first == key; });
}

}  // namespace

void write_site::fail(const std::string& message, std::vector<std::string> suggestions) const {
  throw cypher::write_error(*text, at, message, std::move(suggestions));
}

void write_kind(context& ctx, entity_index e, std::string_view kind, const write_site& site) {
  ctx.before_changing_entity(e);
  at_site(site, [&] { ctx.writable->set_kind(e, kind); });
  ++ctx.changes.kinds_set;
}

void write_property(context& ctx, const query_value& subject, std::string_view key,
                    const query_value& v, const write_site& site) {
  if (subject.is_entity())
    write_entity_property(ctx, subject.as_entity().index(), key, v, site);
  else if (subject.is_relation())
    write_relation_property(ctx, subject.as_relation().index(), key, v, site);
  else
    site.fail(fmt::format("only entities and relations have properties to set, not {}",
                          describe(subject)));
}

void write_properties(context& ctx, const query_value& subject, const query_value& map,
                      bool replace, const write_site& site) {
  if (!subject.is_entity() && !subject.is_relation())
    site.fail(fmt::format("only entities and relations have properties to set, not {}",
                          describe(subject)));
  query_value::map entries;
  if (map.is_map())
    entries = map.as_map();
  else if (map.is_entity() || map.is_relation())
    entries = properties_of(map, subject.is_relation());
  else if (!map.is_null())
    site.fail(fmt::format("SET {} needs a map, got {}", replace ? "=" : "+=", describe(map)));
  if (replace) {
    // What the map does not name goes: attributes are removed, built-in keys reset.
    auto reset_already = [&](std::string_view k, const query_value& x) {
      return x.is_null() ||
             (x.is_list() && x.as_list().empty() && (k == "aliases" || k == "sources")) ||
             (subject.is_relation() && k == "evidence" &&
              x == query_value(to_string(evidence::reported))) ||
             (subject.is_entity() && k == "name" && x == query_value(subject.as_entity().id()));
    };
    for (const auto& [k, x] : properties_of(subject))
      if (!has_key(entries, k) && !reset_already(k, x))
        write_property(ctx, subject, k, nullptr, site);
  }
  for (const auto& [k, x] : entries) write_property(ctx, subject, k, x, site);
}

namespace {

// Calls `f(key, value)` for each property of a pattern's map in one row, without building the
// map: CREATE runs this once per row of a bulk load.
template <class F>
void for_each_property(const property_writes& p, const row& r, context& ctx, const write_site& site,
                       F&& f) {
  for (const auto& [key, value] : p.entries) {
    auto v = value(r, ctx);
    if (p.null_refused && v.is_null())
      site.fail(fmt::format("MERGE cannot match on a null value: '{}' is null", key));
    f(key, v);
  }
  if (!p.whole) return;
  auto m = p.whole(r, ctx);
  if (m.is_map())
    for (const auto& [key, value] : m.as_map()) f(key, value);
  else if (!m.is_null())
    site.fail(fmt::format("a property map must be a map, got {}", describe(m)));
}

}  // namespace

query_value::map evaluate_map(const property_writes& p, const row& r, context& ctx,
                              const write_site& site) {
  query_value::map out;
  for (const auto& [key, value] : p.entries) out.emplace_back(key, value(r, ctx));
  if (p.whole) {
    auto m = p.whole(r, ctx);
    if (m.is_map())
      out = m.as_map();
    else if (!m.is_null())
      site.fail(fmt::format("a property map must be a map, got {}", describe(m)));
  }
  return out;
}

entity_index create_entity(context& ctx, const node_to_create& n, const row& r,
                           const write_site& site) {
  graph& g = *ctx.writable;
  if (n.kind == no_kind)
    site.fail(
        "MERGE found no match and must make the whole pattern, but a new entity needs a "
        "kind: write one label, as in (n:State)");
  entity_spec spec;
  spec.kind = g.schema().kind_at(n.kind).name;
  std::size_t written = 0;
  for_each_property(n.properties, r, ctx, site, [&](const std::string& key, const query_value& v) {
    if (v.is_null()) return;
    ++written;
    if (key == "id" || key == "name") {
      if (!v.is_string() || v.as_string().empty())
        site.fail(fmt::format("'{}' must be a string that is not empty, got {}", key, describe(v)));
      (key == "id" ? spec.id : spec.name) = v.as_string();
    } else if (key == "kind") {
      auto k = v.is_string() ? g.schema().find_kind(v.as_string()) : std::nullopt;
      if (k != n.kind)
        site.fail(fmt::format("property 'kind' {} is not the kind the pattern gives, {}",
                              to_string(v), spec.kind));
    } else if (key == "aliases") {
      spec.aliases = read_aliases(v, site);
    } else if (key == "external_ids") {
      spec.external_ids = read_external_ids(v, site);
    } else {
      spec.attributes.set(key, attribute_of(v, key, site));
    }
  });
  if (spec.id.empty()) {
    // An open schema numbers what comes without a name, as graphs from other tools do.
    if (spec.name.empty() && !g.schema().is_open())
      site.fail(fmt::format("a new {} needs an 'id' or a 'name'", spec.kind));
    spec.id = spec.name.empty() ? numbered_entity_id(ctx, spec.kind) : new_entity_id(g, spec.name);
  }
  auto e = at_site(site, [&] { return g.add_entity(spec); });
  ++ctx.changes.entities_created;
  ctx.changes.properties_set += written;
  return e;
}

relation_index create_relation(context& ctx, const relation_to_create& rel,
                               const std::vector<node_to_create>& nodes, const row& r,
                               const write_site& site) {
  graph& g = *ctx.writable;
  const auto& left = r[nodes[rel.left].slot];
  const auto& right = r[nodes[rel.right].slot];
  const auto& type = g.schema().relation_type_at(rel.type).name;
  for (const auto* end : {&left, &right})
    if (!end->is_entity())
      site.fail(fmt::format("a new '{}' relation needs an entity at each end, got {}", type,
                            describe(*end)));
  auto a = left.as_entity().index(), b = right.as_entity().index();
  if (rel.reversed) std::swap(a, b);
  auto made = at_site(site, [&] { return g.add_relation(a, rel.type, b); });
  ++ctx.changes.relations_created;
  for_each_property(rel.properties, r, ctx, site,
                    [&](const std::string& key, const query_value& v) {
                      if (!v.is_null()) write_relation_property(ctx, made, key, v, site);
                    });
  for (const auto& c : ctx.opts.cite) at_site(site, [&] { g.add_citation(made, c); });
  return made;
}

query_value declare_source(context& ctx, const query_value::map& props, bool merge,
                           const write_site& site) {
  static const std::vector<std::string> keys = {"id", "title", "publisher", "published", "url"};
  graph& g = *ctx.writable;
  source_info s;
  for (const auto& [key, v] : props) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end())
      site.fail(fmt::format("a source has no property '{}' (it has id, title, publisher, "
                            "published and url)",
                            key),
                schema::closest(key, keys));
    if (v.is_null()) continue;
    if (key == "published") {
      s.published = read_date(v, key, site);
      continue;
    }
    if (!v.is_string())
      site.fail(fmt::format("a source's '{}' must be a string, got {}", key, describe(v)));
    (key == "id"          ? s.id
     : key == "title"     ? s.title
     : key == "publisher" ? s.publisher
                          : s.url) = v.as_string();
  }
  if (s.id.empty()) site.fail("a source needs an 'id'");
  auto existing = g.find_source(s.id);
  if (existing && !merge)
    site.fail(fmt::format("source '{}' is already in the graph (MERGE finds it)", s.id));
  if (!existing) {
    existing = g.add_source(s);
    ++ctx.changes.sources_created;
  }
  const auto& made = g.source_at(*existing);
  auto text = [](const std::string& t) { return t.empty() ? query_value() : query_value(t); };
  return query_value::map{{"id", made.id},
                          {"title", text(made.title)},
                          {"publisher", text(made.publisher)},
                          {"published", date_value(made.published)},
                          {"url", text(made.url)}};
}

namespace {

// A name's words in Latin letters, lower case, joined by hyphens; "entity" when it has none.
std::string id_words(std::string_view name) {
  std::string base;
  std::size_t i = 0;
  while (i < name.size()) {
    auto j = name.find_first_of(" \t\n-_/.,;:()'\"", i);
    if (j == std::string_view::npos) j = name.size();
    auto word = latin_name_key(name.substr(i, j - i));
    if (!word.empty()) base += (base.empty() ? "" : "-") + word;
    i = j + 1;
  }
  return base.empty() ? "entity" : base;
}

// A label's words: "TheLabel" is "The Label", as labels are written in camel case.
std::string label_words(std::string_view label) {
  std::string words;
  for (std::size_t i = 0; i < label.size(); ++i) {
    auto c = static_cast<unsigned char>(label[i]);
    if (i > 0 && std::isupper(c)) {
      auto before = static_cast<unsigned char>(label[i - 1]);
      if (std::islower(before) || std::isdigit(before)) words += ' ';
    }
    words += label[i];
  }
  return words;
}

}  // namespace

std::string numbered_entity_id(context& ctx, std::string_view kind) {
  auto base = kind.empty() ? std::string("node") : id_words(label_words(kind));
  // Where the last search for this base stopped: a bulk CREATE does not search from 1 again.
  auto& next = ctx.next_entity_number[base];
  std::string id;
  do id = fmt::format("{}-{}", base, ++next);
  while (ctx.writable->find_id(id));
  return id;
}

std::string new_entity_id(const graph& g, std::string_view name) {
  auto base = id_words(name);
  std::string id = base;
  for (int n = 2; g.find_id(id); ++n) id = fmt::format("{}-{}", base, n);
  return id;
}

}  // namespace entente::detail::query
