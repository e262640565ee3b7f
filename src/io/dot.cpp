// Graphviz DOT export.

#include <entente/io/dot.hpp>

#include "io/atomic_file.hpp"
#include "io/text_sink.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace entente::io {
namespace {

/// `text` as a quoted DOT label: backslashes doubled (Graphviz reads `\N`, `\G` and the like
/// in labels as substitutions), quotes escaped, line breaks as `\n`, other control characters
/// as spaces.
std::string quoted_label(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + '"';
}

/// A node's name: the entity's id, quoted. DOT keeps a quoted id as it is but for `\"`, so an id
/// with a backslash (which could end the quotes early) or a control character is named by its
/// number instead; its label still shows its name.
std::string node_name(const graph& g, entity_index e) {
  std::string_view id = g.entity(e).id();
  bool plain = std::none_of(id.begin(), id.end(), [](char c) {
    return c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == '\x7f';
  });
  if (!plain) return fmt::format("\"e{}\"", e);
  std::string out = "\"";
  for (char c : id) {
    if (c == '"') out += '\\';
    out += c;
  }
  return out + '"';
}

std::string_view edge_style(evidence level) {
  switch (level) {
    case evidence::confirmed: return "solid";
    case evidence::reported: return "dashed";
    default: return "dotted";
  }
}

std::string_view edge_colour(const graph& g, relation_index r) {
  if (g.evidence(r) == evidence::denied) return "#9e9e9e";
  switch (g.schema().relation_type_at(g.type(r)).polarity) {
    case polarity::cooperation: return "#2e7d32";
    case polarity::conflict: return "#c62828";
    case polarity::structural: break;
  }
  return "#455a64";
}

std::string edge_label(const graph& g, relation_index r, const dot_options& opts) {
  std::string label = g.schema().relation_type_at(g.type(r)).name;
  if (opts.evidence_in_labels || g.evidence(r) == evidence::denied)
    label += fmt::format(" ({})", to_string(g.evidence(r)));
  const interval& valid = g.valid(r);
  if (valid.since.is_set() && valid.since == valid.until)
    label += fmt::format("\n{}", valid.since.to_string());  // a day's event: one date
  else if (valid.since.is_set() || valid.until.is_set())
    label += fmt::format("\n{}–{}", valid.since.to_string(), valid.until.to_string());
  return label;
}

// What a reader of the picture can hover over: where the relation comes from.
std::string edge_tooltip(const graph& g, relation_index r) {
  std::string tip = std::string(to_string(g.evidence(r)));
  for (const auto& c : g.citations(r)) {
    tip += fmt::format("\n{}", g.source_at(c.source).id);
    if (!c.quote.empty()) tip += fmt::format(": “{}”", c.quote);
  }
  return tip;
}

}  // namespace

namespace {

void emit_dot(const graph& g, const dot_options& opts, detail::text_sink& sink) {
  std::string& out = sink.text();
  out += "digraph entente {\n";
  if (opts.left_to_right) out += "  rankdir=LR;\n";
  if (!opts.title.empty())
    out += fmt::format("  label={};\n  labelloc=t;\n", quoted_label(opts.title));
  out += "  fontname=\"Helvetica\";\n";
  out += "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  for (entity_index e = 0; e < g.num_entities(); ++e) {
    auto x = g.entity(e);
    out += fmt::format("  {} [label={}, tooltip={}", node_name(g, e),
                       quoted_label(fmt::format("{}\n{}", x.name(), x.kind_name())),
                       quoted_label(x.id()));
    if (std::find(opts.focus.begin(), opts.focus.end(), e) != opts.focus.end())
      out += ", penwidth=2.5, fontname=\"Helvetica-Bold\"";
    out += "];\n";
    sink.pass_on();
  }
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    const auto colour = edge_colour(g, r);
    out += fmt::format(
        "  {} -> {} [label={}, style={}, color=\"{}\", fontcolor=\"{}\", tooltip={}];\n",
        node_name(g, g.from(r)), node_name(g, g.to(r)), quoted_label(edge_label(g, r, opts)),
        edge_style(g.evidence(r)), colour, colour, quoted_label(edge_tooltip(g, r)));
    sink.pass_on();
  }
  out += "}\n";
}

}  // namespace

std::string write_dot(const graph& g, const dot_options& opts) {
  detail::text_sink sink;
  emit_dot(g, opts, sink);
  return sink.take();
}

void save_dot(const graph& g, const std::filesystem::path& file, const dot_options& opts) {
  detail::atomic_file out(file);
  detail::text_sink sink(out);
  emit_dot(g, opts, sink);
  sink.commit();
}

}  // namespace entente::io
