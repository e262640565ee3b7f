// GraphML, reading: walking elements, and the <key>s with what their data mean (see
// graphml_read.hpp).

#include "io/graphml_read.hpp"

#include <initializer_list>
#include <utility>

namespace entente::detail {

std::string in_quotes(std::string_view text) {
  constexpr std::size_t longest = 80;
  if (text.size() <= longest) return "'" + std::string(text) + "'";
  std::size_t cut = longest;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(text.substr(0, cut)) + "…'";
}

bool is_graphml(const xml_reader& xml) {
  const auto ns = xml.namespace_uri();
  return ns.empty() || ns == graphml_namespace;
}

void unexpected_element(const xml_reader& xml, std::string_view where) {
  xml.fail("unexpected <" + std::string(xml.local_name()) + "> in " + std::string(where),
           xml.position());
}

std::string read_text(xml_reader& xml, std::string_view where) {
  std::string text;
  if (xml.is_empty()) return text;
  while (xml.next()) {
    switch (xml.kind()) {
      case xml_node::end_element: return text;
      case xml_node::element:
        xml.fail(std::string(where) + " holds an element <" + std::string(xml.local_name()) +
                     ">, but may hold only text",
                 xml.position());
      case xml_node::text: text += xml.value(); break;
      case xml_node::other: break;
    }
  }
  return text;
}

std::string_view kind_of_value(graphml_type type, graphml_hint hint) {
  switch (type) {
    case graphml_type::boolean: return "a boolean";
    case graphml_type::integer: return "an integer";
    case graphml_type::real: return "a number";
    case graphml_type::string: break;
  }
  return hint == graphml_hint::date ? "a date" : hint == graphml_hint::none ? "a string" : "a list";
}

std::string because(const std::string& why) { return why.empty() ? std::string() : ": " + why; }

void graphml_keys::read(xml_reader& xml) {
  const auto at = xml.position();
  graphml_key key;
  auto id = xml.attribute("id");
  if (!id || id->empty()) xml.fail("a <key> without an id", at);
  if (by_id_.contains(*id)) xml.fail("key " + in_quotes(*id) + " is declared twice", at);
  key.id = *id;
  key.domain = xml.attribute("for").value_or("all");
  if (key.domain == "all") {
    key.for_node = key.for_edge = key.for_graph = true;
  } else if (key.domain == "node" || key.domain == "edge" || key.domain == "graph") {
    key.for_node = key.domain == "node";
    key.for_edge = key.domain == "edge";
    key.for_graph = key.domain == "graph";
  } else if (key.domain != "graphml" && key.domain != "port" && key.domain != "hyperedge" &&
             key.domain != "endpoint") {
    xml.fail("key " + in_quotes(key.id) + " is for " + in_quotes(key.domain) +
                 ", which GraphML does not know (node, edge, graph, graphml, all, port, "
                 "hyperedge, endpoint)",
             at);
  }
  if (auto yfiles = xml.attribute("yfiles.type")) {
    key.yfiles = *yfiles == "nodegraphics"   ? graphml_graphics::node
                 : *yfiles == "edgegraphics" ? graphml_graphics::edge
                                             : graphml_graphics::other;
  } else if (auto type = xml.attribute("attr.type")) {
    auto known = parse_graphml_type(*type);
    if (!known)
      xml.fail("key " + in_quotes(key.id) + " has attr.type " + in_quotes(*type) +
                   ", which GraphML does not define (boolean, int, long, float, double, string)",
               at);
    key.type = *known;
  }
  key.name = xml.attribute("attr.name").value_or(key.id);
  xml_position default_at;
  for_each_child(xml, "<key>", [&] {
    // yEd's graphics keys may hold drawings as their defaults: nothing to read there.
    if (!is_graphml(xml) || key.yfiles != graphml_graphics::none) return xml.skip();
    if (xml.local_name() == "desc") {
      key.hint = parse_graphml_hint(read_text(xml, "the <desc> of key " + in_quotes(key.id)));
    } else if (xml.local_name() == "default") {
      default_at = xml.position();
      key.default_text = read_text(xml, "the <default> of key " + in_quotes(key.id));
    } else {
      unexpected_element(xml, "<key>");
    }
  });
  if (key.default_text && key.yfiles == graphml_graphics::none) {
    std::string why;
    if (!parse_graphml_value(*key.default_text, key.type, key.hint, why))
      xml.fail("the <default> of key " + in_quotes(key.id) + ", " + in_quotes(*key.default_text) +
                   ", is not " + std::string(kind_of_value(key.type, key.hint)) + because(why),
               default_at);
  }
  by_id_.emplace(key.id, keys_.size());
  keys_.push_back(std::move(key));
}

std::optional<std::size_t> graphml_keys::find(const std::string& id) const {
  auto found = by_id_.find(id);
  if (found == by_id_.end()) return std::nullopt;
  return found->second;
}

/// Whether a key that is not yEd's names node (or edge) data `name`.
bool graphml_keys::declares(std::string_view name, bool node) const {
  for (const auto& key : keys_)
    if (key.yfiles == graphml_graphics::none && key.name == name &&
        (node ? key.for_node : key.for_edge))
      return true;
  return false;
}

namespace {

/// Whether `name` is one of the graph keys over which entente writes its source list:
/// `sources`, then `sources_2`, `sources_3`... (no leading zeros).
bool names_source_list(std::string_view name) {
  if (name == "sources") return true;
  constexpr std::string_view prefix = "sources_";
  if (!name.starts_with(prefix)) return false;
  const auto number = name.substr(prefix.size());
  return !number.empty() && number.front() != '0' &&
         number.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

void graphml_keys::choose_roles(const xml_reader& xml, xml_position at) {
  using role = graphml_role;
  entente_ = declares("kind", true) && declares("type", false) && declares("evidence", false);
  // In other tools' files the first of these names that the file declares wins.
  auto first_declared = [&](std::initializer_list<std::string_view> names, bool node) {
    for (auto name : names)
      if (declares(name, node)) return name;
    return std::string_view();
  };
  const auto name_key = entente_ ? "name" : first_declared({"name", "label"}, true);
  const auto kind_key = entente_ ? "kind" : first_declared({"kind", "labels"}, true);
  const auto type_key = entente_ ? "type" : first_declared({"type", "label", "relation"}, false);
  // Two keys of one name would make one attribute of two columns.
  std::unordered_map<std::string, std::size_t> node_names;
  std::unordered_map<std::string, std::size_t> edge_names;
  auto claim = [&](std::unordered_map<std::string, std::size_t>& names, std::size_t k,
                   const char* what) {
    if (auto [it, fresh] = names.emplace(keys_[k].name, k); !fresh)
      xml.fail("keys " + in_quotes(keys_[it->second].id) + " and " + in_quotes(keys_[k].id) +
                   " both name " + what + " data " + in_quotes(keys_[k].name),
               at);
  };
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    auto& key = keys_[k];
    if (key.yfiles != graphml_graphics::none) {
      key.node_role = key.yfiles == graphml_graphics::node ? role::graphics_label : role::ignored;
      key.edge_role = key.yfiles == graphml_graphics::edge ? role::graphics_label : role::ignored;
      continue;
    }
    if (key.for_node) claim(node_names, k, "node");
    if (key.for_edge) claim(edge_names, k, "edge");
    key.attribute = entente_ && key.name.starts_with('_') ? key.name.substr(1) : key.name;
    auto is = [&](std::string_view name) { return !name.empty() && key.name == name; };
    if (is(name_key)) key.node_role = role::name;
    if (is(kind_key)) key.node_role = kind_key == "labels" ? role::labels : role::kind;
    if (is(type_key)) key.edge_role = role::type;
    if (!entente_) continue;
    if (key.name == "aliases") key.node_role = role::aliases;
    if (key.name == "external_ids") key.node_role = role::external_ids;
    key.lists_sources = key.for_graph && names_source_list(key.name);
    if (key.name == "evidence") key.edge_role = role::evidence;
    if (key.name == "since") key.edge_role = role::since;
    if (key.name == "until") key.edge_role = role::until;
    if (key.name == "sources") key.edge_role = role::sources;
    if (key.name == "quotes") key.edge_role = role::quotes;
  }
  // Nor may two keys make one attribute (in entente's files `_x` makes `x`).
  std::unordered_map<std::string, std::size_t> node_attributes;
  std::unordered_map<std::string, std::size_t> edge_attributes;
  auto claim_attribute = [&](std::unordered_map<std::string, std::size_t>& names, std::size_t k,
                             const char* what) {
    if (auto [it, fresh] = names.emplace(keys_[k].attribute, k); !fresh)
      xml.fail("keys " + in_quotes(keys_[it->second].id) + " and " + in_quotes(keys_[k].id) +
                   " both make the " + what + " attribute " + in_quotes(keys_[k].attribute),
               at);
  };
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    if (keys_[k].for_node && keys_[k].node_role == role::attribute)
      claim_attribute(node_attributes, k, "node");
    if (keys_[k].for_edge && keys_[k].edge_role == role::attribute)
      claim_attribute(edge_attributes, k, "edge");
  }
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    if (!keys_[k].default_text) continue;
    if (keys_[k].for_node && keys_[k].node_role != role::ignored) node_defaults_.push_back(k);
    if (keys_[k].for_edge && keys_[k].edge_role != role::ignored) edge_defaults_.push_back(k);
  }
}

}  // namespace entente::detail
