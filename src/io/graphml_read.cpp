// GraphML, reading (see io/graphml.hpp). libxml2's streaming reader hands out the elements one at
// a time: the <key>s are kept (they are few), each <node> and <edge> becomes an entity or a
// relation when its end tag is read, and an edge that names a node not declared yet waits, under
// that node's id, until the node comes; those still waiting at </graph> are errors. Citations
// of a source that entente's source list has not given yet (NetworkX writes the graph's data
// after the edges) wait for </graph> too, so that the sources keep the list's order.

#include <entente/io/graphml.hpp>

#include "io/graphml_read.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace entente::io {
namespace {

using detail::graphml_role;
using detail::in_quotes;
using detail::xml_node;
using detail::xml_position;

/// The type of a relation whose edge names none.
constexpr std::string_view default_relation_type = "related_to";
/// How entente joins the aliases, source ids and quotes of one record.
constexpr std::string_view list_separator = " | ";

/// One <data> of the node or edge being read (or a key's default standing in for one).
struct datum {
  std::size_t key;
  std::string text;
  xml_position at;
};

/// One citation of an edge: the source by its id, which the graph may not have yet.
struct cited {
  std::string source;
  std::string quote;
};

/// An edge read whole: added at once when both its nodes are known, else held until they are.
struct edge_record {
  std::string id;
  std::string from;
  std::string to;
  std::string type;
  bool undirected = false;
  evidence level = evidence::reported;
  interval valid;
  std::vector<cited> citations;
  attributes attrs;
  xml_position at;
};

/// The citations of a relation that name a source the graph did not have when it was added.
struct waiting_citations {
  relation_index relation;
  std::vector<cited> citations;
};

std::vector<std::string> split(std::string_view text, std::string_view separator) {
  std::vector<std::string> pieces;
  for (;;) {
    auto at = text.find(separator);
    pieces.emplace_back(text.substr(0, at));
    if (at == std::string_view::npos) return pieces;
    text.remove_prefix(at + separator.size());
  }
}

class graphml_reader {
 public:
  graphml_reader(detail::xml_reader& xml, const graphml_read_options& opts)
      : xml_(xml), opts_(opts) {}

  graph read() {
    while (xml_.next() && xml_.kind() != xml_node::element) {
    }
    if (xml_.kind() != xml_node::element) fail("the document holds no element");
    if (!in_graphml() || xml_.local_name() != "graphml")
      fail("the root element is <" + std::string(xml_.local_name()) + ">, not <graphml>");
    for_each_child("<graphml>", [&] {
      const auto name = xml_.local_name();
      if (!in_graphml() || name == "desc" || name == "data") return xml_.skip();
      if (name == "key") {
        if (g_) fail("a <key> after the <graph>: GraphML declares its keys first");
        return keys_.read(xml_);
      }
      if (name == "graph") {
        if (g_) fail("a second <graph>: entente reads one graph per file");
        return read_graph();
      }
      unexpected("<graphml>");
    });
    if (!g_) fail("the document holds no <graph>");
    while (xml_.next()) {
    }
    xml_.finish();
    return std::move(*g_);
  }

 private:
  // ---- the document's structure --------------------------------------------------------------

  [[noreturn]] void fail(const std::string& what, xml_position at) const { xml_.fail(what, at); }
  [[noreturn]] void fail(const std::string& what) const { xml_.fail(what, xml_.position()); }
  [[noreturn]] void unexpected(std::string_view where) const {
    detail::unexpected_element(xml_, where);
  }
  [[nodiscard]] bool in_graphml() const { return detail::is_graphml(xml_); }
  template <class OnElement>
  void for_each_child(std::string_view where, OnElement&& on_element) {
    detail::for_each_child(xml_, where, std::forward<OnElement>(on_element));
  }

  /// The text of the first of yEd's `label` elements (`NodeLabel`, `EdgeLabel`) in the current
  /// graphics data that has any, without the elements inside it; the rest is skipped.
  std::string read_graphics_label(std::string_view label) {
    std::string text;
    if (xml_.is_empty()) return text;
    for (int depth = 0; xml_.next();) {
      if (xml_.kind() == xml_node::end_element) {
        if (depth-- == 0) break;
      } else if (xml_.kind() == xml_node::element) {
        if (!text.empty() || xml_.local_name() != label) {
          if (!xml_.is_empty()) ++depth;
          continue;
        }
        if (xml_.is_empty()) continue;
        while (xml_.next() && xml_.kind() != xml_node::end_element) {
          if (xml_.kind() == xml_node::element) xml_.skip();
          if (xml_.kind() == xml_node::text) text += xml_.value();
        }
        text = detail::trim_blank(text);
      }
    }
    return text;
  }

  // ---- the graph -------------------------------------------------------------------------------

  void read_graph() {
    const auto at = xml_.position();
    const auto edgedefault = xml_.attribute("edgedefault").value_or("directed");
    if (edgedefault != "directed" && edgedefault != "undirected")
      fail("edgedefault " + in_quotes(edgedefault) + " is neither 'directed' nor 'undirected'", at);
    undirected_ = edgedefault == "undirected";
    keys_.choose_roles(xml_, at);
    seen_in_element_.assign(keys_.size(), 0);
    schema vocabulary = opts_.schema      ? *opts_.schema
                        : keys_.entente() ? schema::geopolitics()
                                          : schema::open();
    g_.emplace(std::move(vocabulary), opts_.mode);
    for_each_child("<graph>", [&] {
      const auto name = xml_.local_name();
      if (!in_graphml() || name == "desc") return xml_.skip();
      if (name == "data") return read_graph_data();
      if (name == "node") return read_node();
      if (name == "edge") return read_edge();
      if (name == "hyperedge") fail("a <hyperedge>: entente reads edges between two nodes only");
      if (name == "locator") fail("a <locator>: entente reads no graph from another document");
      unexpected("<graph>");
    });
    for (const auto& held : held_) {
      if (!held) continue;
      const auto& missing = g_->find_id(held->from) ? held->to : held->from;
      fail(describe(*held) + " names node " + in_quotes(missing) + ", which no <node> declares",
           held->at);
    }
    cite_waiting();
  }

  /// Reads a <data> of the graph when it holds (part of) entente's source list, and skips any
  /// other: graph data have no place in an entente graph.
  void read_graph_data() {
    const auto at = xml_.position();
    const auto id = xml_.attribute("key");
    const auto k = id ? keys_.find(*id) : std::nullopt;
    if (!k || !keys_[*k].lists_sources) return xml_.skip();
    if (listed_by_key_.empty()) listed_by_key_.assign(keys_.size(), false);
    if (listed_by_key_[*k]) fail("a second <data> for key " + in_quotes(*id) + " in the graph", at);
    listed_by_key_[*k] = true;
    list_sources(detail::read_text(xml_, "the graph's <data>"), keys_[*k].name, at);
  }

  /// Adds the sources that `text`, a JSON array of objects, lists in their order. (Citations
  /// add no source before the end of the graph, so the graph has only sources listed earlier.)
  void list_sources(const std::string& text, const std::string& key_name, xml_position at) {
    std::string why;
    auto records = detail::parse_graphml_member_lists(text, why);
    if (!records)
      fail("the graph's " + key_name + " are not a JSON list of objects of strings" +
               detail::because(why),
           at);
    for (std::size_t i = 0; i < records->size(); ++i) {
      const auto where = "source " + std::to_string(i + 1) + " of the graph's " + key_name;
      auto s = source_of((*records)[i], where, at);
      if (g_->find_source(s.id))
        fail(where + ": source " + in_quotes(s.id) + " is listed twice", at);
      g_->add_source(std::move(s));
    }
  }

  /// The source that one object of the source list spells: its fields as .kg.json names them.
  source_info source_of(const detail::graphml_members& fields, const std::string& where,
                        xml_position at) const {
    constexpr std::string_view names[] = {"id", "title", "publisher", "published", "url"};
    // The text fields, by the number of their name; `published` is a date.
    std::string source_info::*const text_fields[] = {
        &source_info::id, &source_info::title, &source_info::publisher, nullptr, &source_info::url};
    source_info s;
    bool seen[std::size(names)] = {};
    for (const auto& [field, text] : fields) {
      const auto f = static_cast<std::size_t>(std::find(std::begin(names), std::end(names), field) -
                                              std::begin(names));
      if (f == std::size(names))
        fail(where + " has a field " + in_quotes(field) +
                 ", which sources do not have (id, title, publisher, published, url)",
             at);
      if (seen[f]) fail(where + " has its field " + in_quotes(field) + " twice", at);
      seen[f] = true;
      if (text_fields[f] != nullptr) {
        s.*text_fields[f] = text;
        continue;
      }
      auto when = date::parse(text);
      if (!when || !when->is_set())
        fail(where + ": published " + in_quotes(text) +
                 " is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
             at);
      s.published = *when;
    }
    if (s.id.empty()) fail(where + " has no id", at);
    return s;
  }

  /// Starts reading the data of a node or an edge named `owner` in messages.
  void begin_element(std::string owner, xml_position at) {
    owner_ = std::move(owner);
    owner_at_ = at;
    data_.clear();
    ++element_number_;
  }

  /// Reads a <data> of the current node (or edge), or skips it when it means nothing here.
  void read_data(bool on_node) {
    const auto at = xml_.position();
    auto id = xml_.attribute("key");
    if (!id) fail(owner_ + ": a <data> without a key", at);
    auto found = keys_.find(*id);
    if (!found)
      fail(owner_ + ": <data> names key " + in_quotes(*id) + ", which no <key> declares", at);
    const auto k = *found;
    const auto& key = keys_[k];
    if (on_node ? !key.for_node : !key.for_edge)
      fail(owner_ + ": key " + in_quotes(key.id) + " is declared for " + in_quotes(key.domain) +
               ", not for " + (on_node ? "nodes" : "edges"),
           at);
    if (seen_in_element_[k] == element_number_)
      fail(owner_ + ": a second <data> for key " + in_quotes(key.id), at);
    seen_in_element_[k] = element_number_;
    const auto meaning = on_node ? key.node_role : key.edge_role;
    if (meaning == graphml_role::ignored) return xml_.skip();
    if (meaning == graphml_role::graphics_label) {
      data_.push_back({k, read_graphics_label(on_node ? "NodeLabel" : "EdgeLabel"), at});
    } else {
      data_.push_back({k, detail::read_text(xml_, owner_ + ": a <data>"), at});
    }
  }

  /// Stands in the default of each key with one that the element has no <data> for.
  void add_defaults(const std::vector<std::size_t>& keys) {
    for (auto k : keys)
      if (seen_in_element_[k] != element_number_)
        data_.push_back({k, *keys_[k].default_text, owner_at_});
  }

  /// The typed value of `d`, an attribute's data.
  value typed(const datum& d) const {
    const auto& key = keys_[d.key];
    std::string why;
    auto v = detail::parse_graphml_value(d.text, key.type, key.hint, why);
    if (!v)
      fail(owner_ + ": " + in_quotes(d.text) + " is not " +
               std::string(detail::kind_of_value(key.type, key.hint)) + ", as key " +
               in_quotes(key.id) + " (" + key.name + ") requires" + detail::because(why),
           d.at);
    return std::move(*v);
  }

  void read_node() {
    const auto at = xml_.position();
    auto id = xml_.attribute("id");
    if (!id) fail("a <node> without an id", at);
    if (id->empty()) fail("a <node> with an empty id", at);
    if (g_->find_id(*id)) fail("node " + in_quotes(*id) + " is declared twice", at);
    begin_element("node " + in_quotes(*id), at);
    for_each_child(owner_, [&] {
      const auto name = xml_.local_name();
      if (!in_graphml() || name == "desc") return xml_.skip();
      if (name == "data") return read_data(true);
      if (name == "graph") fail(owner_ + " holds a nested <graph>, which entente does not read");
      if (name == "port") fail(owner_ + " has a <port>: entente reads no ports");
      if (name == "locator") fail(owner_ + " has a <locator>: entente reads no other documents");
      unexpected(owner_);
    });
    add_defaults(keys_.node_defaults());

    entity_spec spec;
    spec.id = std::move(*id);
    std::string drawn_label;
    for (const auto& d : data_) {
      const auto& key = keys_[d.key];
      switch (key.node_role) {
        case graphml_role::name: spec.name = d.text; break;
        case graphml_role::kind: spec.kind = d.text; break;
        case graphml_role::labels: {
          std::vector<std::string> labels;
          for (auto& label : split(d.text, ":"))
            if (!label.empty()) labels.push_back(std::move(label));
          if (!labels.empty()) spec.kind = labels.front();
          // The other labels have no place in an entity but this attribute.
          if (labels.size() > 1) spec.attributes.set(key.attribute, d.text);
          break;
        }
        case graphml_role::aliases: spec.aliases = split(d.text, list_separator); break;
        case graphml_role::external_ids: {
          if (detail::is_blank(d.text)) break;
          std::string why;
          auto ids = detail::parse_graphml_members(d.text, why);
          if (!ids)
            fail(owner_ + ": external ids " + in_quotes(d.text) +
                     " are not a JSON object of strings" + detail::because(why),
                 d.at);
          spec.external_ids = std::move(*ids);
          break;
        }
        case graphml_role::graphics_label: drawn_label = d.text; break;
        case graphml_role::attribute: spec.attributes.set(key.attribute, typed(d)); break;
        default: break;
      }
    }
    if (spec.name.empty()) spec.name = std::move(drawn_label);
    const auto& vocabulary = g_->schema();
    if (!vocabulary.is_open() && !vocabulary.find_kind(spec.kind))
      fail(owner_ + ": unknown kind " + in_quotes(spec.kind) +
               did_you_mean(schema::closest(spec.kind, vocabulary.kind_names())),
           at);
    try {
      g_->add_entity(spec);
    } catch (const error& e) {
      fail(owner_ + ": " + e.what(), at);
    }
    release_edges_waiting_for(spec.id);
  }

  // ---- edges -----------------------------------------------------------------------------------

  static std::string describe(const edge_record& edge) {
    if (!edge.id.empty()) return "edge " + in_quotes(edge.id);
    return "the edge from " + in_quotes(edge.from) + " to " + in_quotes(edge.to);
  }

  void read_edge() {
    edge_record edge;
    edge.at = xml_.position();
    edge.id = xml_.attribute("id").value_or("");
    auto from = xml_.attribute("source");
    auto to = xml_.attribute("target");
    if (!from || !to)
      fail((edge.id.empty() ? "an <edge>" : "edge " + in_quotes(edge.id)) + " without a " +
               (from ? "target" : "source"),
           edge.at);
    edge.from = std::move(*from);
    edge.to = std::move(*to);
    if (xml_.attribute("sourceport") || xml_.attribute("targetport"))
      fail(describe(edge) + " ends at a port: entente reads no ports", edge.at);
    edge.undirected = undirected_;
    if (auto directed = xml_.attribute("directed")) {
      if (*directed != "true" && *directed != "false")
        fail(describe(edge) + ": directed " + in_quotes(*directed) + " is neither true nor false",
             edge.at);
      edge.undirected = *directed == "false";
    }
    begin_element(describe(edge), edge.at);
    for_each_child(owner_, [&] {
      const auto name = xml_.local_name();
      if (!in_graphml() || name == "desc") return xml_.skip();
      if (name == "data") return read_data(false);
      if (name == "graph") fail(owner_ + " holds a nested <graph>, which entente does not read");
      unexpected(owner_);
    });
    add_defaults(keys_.edge_defaults());

    std::string drawn_label;
    std::vector<std::string> sources;
    std::vector<std::string> quotes;
    xml_position sources_at;
    xml_position quotes_at;
    for (const auto& d : data_) {
      const auto& key = keys_[d.key];
      switch (key.edge_role) {
        case graphml_role::type: edge.type = d.text; break;
        case graphml_role::graphics_label: drawn_label = d.text; break;
        case graphml_role::evidence: {
          auto level = parse_evidence(detail::trim_blank(d.text));
          if (!level)
            fail(owner_ + ": evidence " + in_quotes(d.text) +
                     " is not one of confirmed, reported, alleged, speculated, denied",
                 d.at);
          edge.level = *level;
          break;
        }
        case graphml_role::since:
        case graphml_role::until: {
          const auto text = detail::trim_blank(d.text);
          auto when = date::parse(text);
          if (!text.empty() && !when)
            fail(owner_ + ": " + key.name + " " + in_quotes(d.text) +
                     " is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                 d.at);
          (key.edge_role == graphml_role::since ? edge.valid.since : edge.valid.until) =
              when.value_or(date());
          break;
        }
        case graphml_role::sources:
          if (!d.text.empty()) sources = split(d.text, list_separator);
          sources_at = d.at;
          break;
        case graphml_role::quotes:
          quotes = split(d.text, list_separator);
          quotes_at = d.at;
          break;
        case graphml_role::attribute: edge.attrs.set(key.attribute, typed(d)); break;
        default: break;
      }
    }
    if (edge.type.empty()) edge.type = std::move(drawn_label);
    if (edge.type.empty()) edge.type = default_relation_type;
    cite(edge, sources, sources_at, quotes, quotes_at);
    add_or_hold(std::move(edge));
  }

  /// Gives `edge` one citation per source id, the n-th quote to the n-th source. A quote that
  /// holds " | " splits into more pieces than there are sources: the surplus goes back into the
  /// last quote. A source the graph does not have yet is noted in the order of its first
  /// citation, for the end of the graph, when the source list has been read wherever it is.
  void cite(edge_record& edge, const std::vector<std::string>& sources, xml_position sources_at,
            std::vector<std::string>& quotes, xml_position quotes_at) {
    if (sources.empty() && !quotes.empty() && !(quotes.size() == 1 && quotes[0].empty()))
      fail(owner_ + ": quotes without sources", quotes_at);
    for (std::size_t i = 0; i < sources.size(); ++i) {
      if (sources[i].empty()) fail(owner_ + ": an empty source id among its sources", sources_at);
      if (!g_->find_source(sources[i]) && awaited_ids_.insert(sources[i]).second)
        awaited_sources_.push_back(sources[i]);
      std::string quote = i < quotes.size() ? std::move(quotes[i]) : std::string();
      if (i + 1 == sources.size())
        for (std::size_t extra = i + 1; extra < quotes.size(); ++extra)
          (quote += list_separator) += quotes[extra];
      edge.citations.push_back({sources[i], std::move(quote)});
    }
  }

  /// Gives the relations whose citations waited their sources: those the source list did not
  /// hold are added with their ids alone, in the order of their first citation.
  void cite_waiting() {
    for (auto& id : awaited_sources_)
      if (!g_->find_source(id)) g_->add_source({.id = std::move(id)});
    for (auto& [r, citations] : waiting_citations_)
      for (auto& c : citations)
        g_->add_citation(r, citation{*g_->find_source(c.source), std::move(c.quote), std::nullopt});
  }

  void add_or_hold(edge_record edge) {
    auto from = g_->find_id(edge.from);
    auto to = g_->find_id(edge.to);
    if (from && to) return add_relation(edge, *from, *to);
    if (edge.from.empty() || edge.to.empty())
      fail(describe(edge) + " has an empty " + (edge.from.empty() ? "source" : "target"), edge.at);
    const auto index = held_.size();
    if (!from) waiting_[edge.from].push_back(index);
    if (!to && edge.to != edge.from) waiting_[edge.to].push_back(index);
    held_.push_back(std::move(edge));
    ++held_count_;
  }

  /// Adds the held edges that were waiting for node `id` and have both nodes now.
  void release_edges_waiting_for(const std::string& id) {
    auto found = waiting_.find(id);
    if (found == waiting_.end()) return;
    const auto indexes = std::move(found->second);
    waiting_.erase(found);
    for (auto index : indexes) {
      auto& slot = held_[index];
      if (!slot) continue;
      auto from = g_->find_id(slot->from);
      auto to = g_->find_id(slot->to);
      if (!from || !to) continue;  // it waits on, under the id of its other node
      auto edge = std::move(*slot);
      slot.reset();
      --held_count_;
      add_relation(edge, *from, *to);
    }
    if (held_count_ == 0) held_.clear();
  }

  /// The relation type named `edge.type`. An open schema declares a new one, symmetric when the
  /// edge is undirected; an undirected edge needs a symmetric type, and a type the reader
  /// declared for edges of one kind may not serve the other.
  relation_type_id type_of(const edge_record& edge) {
    const auto& vocabulary = g_->schema();
    auto type = vocabulary.find_relation_type(edge.type);
    if (!type) {
      if (!vocabulary.is_open())
        fail(describe(edge) + ": unknown relation type " + in_quotes(edge.type) +
                 did_you_mean(schema::closest(edge.type, vocabulary.relation_type_names())),
             edge.at);
      type = g_->add_relation_type({.name = edge.type, .symmetric = edge.undirected});
      declared_for_.resize(vocabulary.num_relation_types(), 0);
      declared_for_[*type] = edge.undirected ? 2 : 1;
      return *type;
    }
    const bool symmetric = vocabulary.relation_type_at(*type).symmetric;
    const auto declared = *type < declared_for_.size() ? declared_for_[*type] : 0;
    if ((edge.undirected && !symmetric) || (!edge.undirected && declared == 2)) {
      if (declared != 0)
        fail(describe(edge) + " is " + (edge.undirected ? "undirected" : "directed") +
                 ", but earlier edges of type " + in_quotes(edge.type) + " are not: a type is " +
                 "either symmetric (undirected edges) or not",
             edge.at);
      fail(describe(edge) + " is undirected, but its type " + in_quotes(edge.type) +
               " is not symmetric in the schema",
           edge.at);
    }
    return *type;
  }

  void add_relation(edge_record& edge, entity_index from, entity_index to) {
    const auto type = type_of(edge);
    relation_index r = 0;
    try {
      r = g_->add_relation(from, type, to, edge.level, edge.valid);
    } catch (const schema_error& e) {
      throw schema_error(xml_.origin() + ": " + describe(edge) + ": " + e.what() + " (line " +
                         std::to_string(edge.at.line) + ", column " +
                         std::to_string(edge.at.column) + ")");
    }
    const bool known = std::all_of(edge.citations.begin(), edge.citations.end(),
                                   [&](const cited& c) { return g_->find_source(c.source); });
    if (known) {
      for (auto& c : edge.citations)
        g_->add_citation(r, citation{*g_->find_source(c.source), std::move(c.quote), std::nullopt});
    } else {
      waiting_citations_.push_back({r, std::move(edge.citations)});
    }
    for (const auto& [key, v] : edge.attrs) g_->set_relation_attribute(r, key, v);
  }

  detail::xml_reader& xml_;
  const graphml_read_options& opts_;
  std::optional<graph> g_;
  bool undirected_ = false;  // edgedefault="undirected"
  detail::graphml_keys keys_;

  // The keys of the source list whose <data> the graph had.
  std::vector<bool> listed_by_key_;
  // Sources cited before the graph had them, in the order of their first citation, and the
  // citations that wait for them.
  std::vector<std::string> awaited_sources_;
  std::unordered_set<std::string> awaited_ids_;
  std::vector<waiting_citations> waiting_citations_;

  // The node or edge being read.
  std::string owner_;  // how messages name it
  xml_position owner_at_;
  std::vector<datum> data_;
  std::uint64_t element_number_ = 0;
  std::vector<std::uint64_t> seen_in_element_;  // by key: the element that last had its <data>

  // Edges waiting for a node, by the ids of the nodes they wait for.
  std::vector<std::optional<edge_record>> held_;
  std::size_t held_count_ = 0;
  std::unordered_map<std::string, std::vector<std::size_t>> waiting_;
  std::vector<std::uint8_t> declared_for_;  // by type: 1 directed, 2 undirected edges made it
};

}  // namespace

graph read_graphml(std::string_view text, const graphml_read_options& opts) {
  detail::xml_reader xml(text, opts.origin, opts.progress);
  return graphml_reader(xml, opts).read();
}

graph load_graphml(const std::filesystem::path& file, graphml_read_options opts) {
  opts.origin = file.string();
  detail::xml_reader xml(file, opts.progress);
  return graphml_reader(xml, opts).read();
}

}  // namespace entente::io
