#include <entente/io/dot.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace entente;
namespace fs = std::filesystem;

namespace {

graph pair_graph() {
  graph g;
  g.add_source({"article-a", "North Korea backs Russia", "Example Daily", date(2024, 7), ""});
  g.add_entity({"PRK", "State", "North Korea", {}, {}, {}});
  g.add_entity({"RUS", "State", "Russia", {}, {}, {}});
  g.add_relation({"PRK",
                  "supports",
                  "RUS",
                  evidence::confirmed,
                  {date(2024), {}},
                  {{"article-a", "fully and unconditionally supports", std::nullopt}},
                  {}});
  return g;
}

/// The line of `text` that holds `part`, or "" when none does.
std::string line_with(const std::string& text, const std::string& part) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find(part) != std::string::npos) return line;
  return "";
}

}  // namespace

TEST_CASE("dot: a small graph, whole") {
  CHECK(io::write_dot(pair_graph()) ==
        "digraph entente {\n"
        "  rankdir=LR;\n"
        "  fontname=\"Helvetica\";\n"
        "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
        "  edge [fontname=\"Helvetica\", fontsize=10];\n"
        "  \"PRK\" [label=\"North Korea\\nState\", tooltip=\"PRK\"];\n"
        "  \"RUS\" [label=\"Russia\\nState\", tooltip=\"RUS\"];\n"
        "  \"PRK\" -> \"RUS\" [label=\"supports\\n2024–\", style=solid, color=\"#2e7d32\", "
        "fontcolor=\"#2e7d32\", tooltip=\"confirmed\\narticle-a: “fully and unconditionally "
        "supports”\"];\n"
        "}\n");
}

TEST_CASE("dot: line style follows evidence, colour follows polarity") {
  auto g = testing::small_world();
  auto dot = io::write_dot(g);
  // PRK supports RUS twice: confirmed (solid) and alleged (dotted); parallel edges stay apart.
  CHECK(line_with(dot, "\"PRK\" -> \"RUS\" [label=\"supports\\n2024–\"").find("style=solid") !=
        std::string::npos);
  CHECK(line_with(dot, "\"PRK\" -> \"RUS\" [label=\"supports\\n2022–\"").find("style=dotted") !=
        std::string::npos);
  CHECK(line_with(dot, "\"PRK\" -> \"RUS\" [label=\"supplies").find("style=dashed") !=
        std::string::npos);
  CHECK(line_with(dot, "\"RUS\" -> \"UKR\" [label=\"wages_war_on").find("color=\"#c62828\"") !=
        std::string::npos);
  CHECK(line_with(dot, "\"kim-jong-un\" -> \"PRK\" [label=\"leads\"").find("#455a64") !=
        std::string::npos);
  g.add_relation({"RUS", "supplies", "PRK", evidence::denied, {}, {}, {}});
  g.add_relation({"sergey-lavrov",
                  "visits",
                  "KOR",
                  evidence::alleged,
                  {date(2024, 7, 11), date(2024, 7, 11)},
                  {},
                  {}});
  CHECK(io::write_dot(g).find("\"sergey-lavrov\" -> \"KOR\" [label=\"visits\\n2024-07-11\"") !=
        std::string::npos);
  CHECK(line_with(io::write_dot(g), "\"RUS\" -> \"PRK\" [label=\"supplies (denied)\"")
            .find("color=\"#9e9e9e\"") != std::string::npos);
}

TEST_CASE("dot: any text is quoted safely") {
  graph g;
  g.add_entity({"say \"hi\"", "State", "A \"quoted\" \\N name\non two lines\x01", {}, {}, {}});
  g.add_entity({"back\\slash", "State", "Ким Чен Ын 김정은", {}, {}, {}});
  g.add_relation({"say \"hi\"", "supports", "back\\slash", evidence::reported, {}, {}, {}});
  auto dot = io::write_dot(g, {.title = "a \"title\""});
  CHECK(dot.find("  label=\"a \\\"title\\\"\";\n") != std::string::npos);
  // Quotes escaped, a backslash doubled (Graphviz would read \N as the node's name), a line
  // break as \n and a control character as a space.
  CHECK(
      dot.find(
          "  \"say \\\"hi\\\"\" [label=\"A \\\"quoted\\\" \\\\N name\\non two lines \\nState\"") !=
      std::string::npos);
  // An id with a backslash is named by its number, and still labelled by its name.
  CHECK(dot.find("  \"e1\" [label=\"Ким Чен Ын 김정은\\nState\", tooltip=\"back\\\\slash\"]") !=
        std::string::npos);
  CHECK(dot.find("  \"say \\\"hi\\\"\" -> \"e1\" ") != std::string::npos);
}

TEST_CASE("dot: options: focus in bold, evidence in labels, top to bottom") {
  auto g = pair_graph();
  auto dot = io::write_dot(g, {.focus = {0}, .evidence_in_labels = true, .left_to_right = false});
  CHECK(dot.find("rankdir") == std::string::npos);
  CHECK(line_with(dot, "  \"PRK\" [").find("penwidth=2.5") != std::string::npos);
  CHECK(line_with(dot, "  \"RUS\" [").find("penwidth") == std::string::npos);
  CHECK(dot.find("label=\"supports (confirmed)\\n2024–\"") != std::string::npos);
}

TEST_CASE("dot: save_dot writes the file, and a bad path is an io_error") {
  testing::scratch dir;
  io::save_dot(pair_graph(), dir.path / "pair.dot");
  CHECK(testing::read_file(dir.path / "pair.dot") == io::write_dot(pair_graph()));
  CHECK_THROWS_AS(io::save_dot(pair_graph(), dir.path / "missing" / "pair.dot"), io_error);
}

TEST_CASE("dot: a large graph saves the same text it writes") {
  auto g = testing::many_relations(2000, 20000);
  testing::scratch dir;
  io::save_dot(g, dir.path / "large.dot");
  auto text = io::write_dot(g);
  REQUIRE(text.size() > (std::size_t{1} << 21));  // saved in several blocks
  CHECK(testing::read_file(dir.path / "large.dot") == text);
}
