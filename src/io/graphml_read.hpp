#pragma once
// What the GraphML reader's sources share: walking elements, and the <key>s with what their data
// mean (graphml_keys.cpp); the nodes and edges are read in graphml_read.cpp. Internal, not
// installed.

#include "io/graphml_values.hpp"
#include "io/xml_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace entente::detail {

inline constexpr std::string_view graphml_namespace = "http://graphml.graphdrawing.org/xmlns";

/// `text` in single quotes, cut (at a character boundary) when it is long: messages stay short
/// whatever a file holds.
[[nodiscard]] std::string in_quotes(std::string_view text);

/// Whether the element `xml` stands on is GraphML's (files without the namespace count as such).
[[nodiscard]] bool is_graphml(const xml_reader& xml);

/// Throws "unexpected <NAME> in WHERE" for the element `xml` stands on.
[[noreturn]] void unexpected_element(const xml_reader& xml, std::string_view where);

/// Calls `on_element` for each child element of the one `xml` stands on, which must read or skip
/// it whole; text between them may only be white space.
template <class OnElement>
void for_each_child(xml_reader& xml, std::string_view where, OnElement&& on_element) {
  if (xml.is_empty()) return;
  // libxml2 places text no better than the parser's position, which may be past it.
  const auto at = xml.position();
  while (xml.next()) {
    switch (xml.kind()) {
      case xml_node::end_element: return;
      case xml_node::element: on_element(); break;
      case xml_node::text:
        if (!is_blank(xml.value()))
          xml.fail("text " + in_quotes(trim_blank(xml.value())) + " in " + std::string(where), at);
        break;
      case xml_node::other: break;
    }
  }
}

/// The text of the element `xml` stands on, which may hold no elements.
[[nodiscard]] std::string read_text(xml_reader& xml, std::string_view where);

/// What the data of one key mean on a node or on an edge.
enum class graphml_role : std::uint8_t {
  attribute,  // an attribute named `graphml_key::attribute`
  ignored,    // yEd's graphics without a label, its resources
  name,
  kind,
  labels,  // Neo4j's `:Label:Other`: the first is the kind
  aliases,
  external_ids,  // entente's: a JSON object, system to id
  type,
  evidence,
  since,
  until,
  sources,
  quotes,
  graphics_label,  // yEd's graphics: the text of their first label
};

/// yEd's keys whose data are drawings rather than values (`yfiles.type`).
enum class graphml_graphics : std::uint8_t { none, node, edge, other };

struct graphml_key {
  std::string id;
  std::string name;       // attr.name, or the id when there is none
  std::string attribute;  // the attribute its data make (entente's files drop one leading '_')
  std::string domain;     // `for`, as written
  graphml_type type = graphml_type::string;
  graphml_hint hint = graphml_hint::none;
  graphml_graphics yfiles = graphml_graphics::none;
  bool for_node = false;
  bool for_edge = false;
  bool for_graph = false;
  bool lists_sources = false;  // entente's graph keys `sources`, `sources_2`...: the source list
  std::optional<std::string> default_text;
  graphml_role node_role = graphml_role::attribute;
  graphml_role edge_role = graphml_role::attribute;
};

/// What a key's values are, with an article: "an integer", "a list".
[[nodiscard]] std::string_view kind_of_value(graphml_type type, graphml_hint hint);

/// Why a value does not parse, from `parse_graphml_value`, as the end of a message.
[[nodiscard]] std::string because(const std::string& why);

/// The <key>s of a document, read one at a time, then given their meaning once the <graph>
/// starts and the whole set shows whose file it is.
class graphml_keys {
 public:
  /// Reads the <key> that `xml` stands on.
  void read(xml_reader& xml);
  /// Decides whether the file is entente's own (its keys name node data `kind` and edge data
  /// `type` and `evidence`) and what each key's data mean; two keys that name the same data of
  /// nodes (or of edges) are an error at `at`.
  void choose_roles(const xml_reader& xml, xml_position at);

  [[nodiscard]] bool entente() const noexcept { return entente_; }
  [[nodiscard]] std::size_t size() const noexcept { return keys_.size(); }
  [[nodiscard]] const graphml_key& operator[](std::size_t k) const { return keys_[k]; }
  /// The number of the key with id `id`, or nothing.
  [[nodiscard]] std::optional<std::size_t> find(const std::string& id) const;
  /// The keys with a <default> that nodes (edges) take.
  [[nodiscard]] const std::vector<std::size_t>& node_defaults() const noexcept {
    return node_defaults_;
  }
  [[nodiscard]] const std::vector<std::size_t>& edge_defaults() const noexcept {
    return edge_defaults_;
  }

 private:
  [[nodiscard]] bool declares(std::string_view name, bool node) const;

  std::vector<graphml_key> keys_;
  std::unordered_map<std::string, std::size_t> by_id_;
  std::vector<std::size_t> node_defaults_;
  std::vector<std::size_t> edge_defaults_;
  bool entente_ = false;
};

}  // namespace entente::detail
