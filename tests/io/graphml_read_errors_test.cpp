// Reading GraphML: every error says what and where, and libxml2 neither prints nor loads anything.

#include <entente/io/graphml.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace entente;
using testing::scratch;

namespace {

/// A document with `keys` before a directed graph holding `content`, for the file people.graphml.
/// The graph's content starts on line 4, after one line of keys on line 5.
std::string document(const std::string& keys, const std::string& content) {
  return "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n" +
         keys + "<graph edgedefault=\"directed\">\n" + content + "</graph>\n</graphml>\n";
}

graph read(const std::string& text) { return io::read_graphml(text, {.origin = "people.graphml"}); }

/// The message `read(text)` throws as a parse_error, or "" when it throws none.
std::string parse_failure(const std::string& text) {
  try {
    (void)read(text);
  } catch (const parse_error& e) {
    return e.what();
  }
  return "";
}

const std::string name_key_line = "<key id=\"d0\" for=\"node\" attr.name=\"name\"/>\n";

}  // namespace

// ---- structure -------------------------------------------------------------------------------

TEST_CASE("graphml errors: data naming an undeclared key") {
  CHECK(parse_failure(document(name_key_line,
                               "  <node id=\"a\">\n    <data key=\"d9\">x</data>\n"
                               "  </node>\n")) ==
        "people.graphml: node 'a': <data> names key 'd9', which no <key> declares (line 6, "
        "column 19)");
}

TEST_CASE("graphml errors: data of a key declared for other elements") {
  CHECK(parse_failure(document("<key id=\"w\" for=\"edge\" attr.name=\"weight\"/>\n",
                               "<node id=\"a\"><data key=\"w\">1</data></node>\n")) ==
        "people.graphml: node 'a': key 'w' is declared for 'edge', not for nodes (line 5, "
        "column 27)");
  CHECK(parse_failure(document("<key id=\"g\" for=\"graph\" attr.name=\"title\"/>\n",
                               "<node id=\"a\"/><edge source=\"a\" target=\"a\"><data "
                               "key=\"g\">x</data></edge>\n")) ==
        "people.graphml: the edge from 'a' to 'a': key 'g' is declared for 'graph', not for "
        "edges (line 5, column 56)");
}

TEST_CASE("graphml errors: an edge to a node no <node> declares, found at the end") {
  const auto text = document("",
                             "<node id=\"a\"/>\n<node id=\"b\"/>\n<edge id=\"e3\" source=\"a\" "
                             "target=\"x9\"/>\n<edge source=\"b\" target=\"a\"/>\n");
  CHECK(parse_failure(text) ==
        "people.graphml: edge 'e3' names node 'x9', which no <node> declares (line 6, column 37)");
  CHECK(parse_failure(document("", "<edge source=\"p\" target=\"q\"/>\n")) ==
        "people.graphml: the edge from 'p' to 'q' names node 'p', which no <node> declares (line "
        "4, column 28)");
}

TEST_CASE("graphml errors: a node id declared twice") {
  CHECK(parse_failure(
            document("", "<node id=\"a\"/>\n<node id=\"b\"/>\n<node id=\"a\">\n</node>\n")) ==
        "people.graphml: node 'a' is declared twice (line 6, column 13)");
}

TEST_CASE("graphml errors: a node or an edge without what identifies it") {
  CHECK(parse_failure(document("", "<node/>\n")) ==
        "people.graphml: a <node> without an id (line 4, column 6)");
  CHECK(parse_failure(document("", "<node id=\"\"/>\n")) ==
        "people.graphml: a <node> with an empty id (line 4, column 12)");
  CHECK(parse_failure(document("", "<node id=\"a\"/><edge id=\"e\" source=\"a\"/>\n")) ==
        "people.graphml: edge 'e' without a target (line 4, column 38)");
  CHECK(parse_failure(document("", "<node id=\"a\"/><edge source=\"a\" target=\"\"/>\n")) ==
        "people.graphml: the edge from 'a' to '' has an empty target (line 4, column 41)");
  CHECK(parse_failure(document("<key id=\"k\"/>\n", "<node id=\"a\"><data>1</data></node>\n")) ==
        "people.graphml: node 'a': a <data> without a key (line 5, column 19)");
}

TEST_CASE("graphml errors: two data of one key on one node") {
  CHECK(parse_failure(document(name_key_line,
                               "<node id=\"a\"><data key=\"d0\">x</data><data "
                               "key=\"d0\">y</data></node>\n")) ==
        "people.graphml: node 'a': a second <data> for key 'd0' (line 5, column 51)");
}

TEST_CASE("graphml errors: keys that are declared wrongly") {
  CHECK(parse_failure(document(name_key_line + name_key_line, "")) ==
        "people.graphml: key 'd0' is declared twice (line 4, column 41)");
  CHECK(parse_failure(document("<key for=\"node\"/>\n", "")) ==
        "people.graphml: a <key> without an id (line 3, column 16)");
  CHECK(parse_failure(document("<key id=\"v\" for=\"node\" attr.name=\"v\" "
                               "attr.type=\"vector_float\"/>\n",
                               "")) ==
        "people.graphml: key 'v' has attr.type 'vector_float', which GraphML does not define "
        "(boolean, int, long, float, double, string) (line 3, column 62)");
  CHECK(parse_failure(document("<key id=\"v\" for=\"vertex\"/>\n", "")) ==
        "people.graphml: key 'v' is for 'vertex', which GraphML does not know (node, edge, "
        "graph, graphml, all, port, hyperedge, endpoint) (line 3, column 25)");
  CHECK(parse_failure(document("<key id=\"a\" for=\"node\" attr.name=\"x\"/>\n<key id=\"b\" "
                               "for=\"all\" attr.name=\"x\"/>\n",
                               "")) ==
        "people.graphml: keys 'a' and 'b' both name node data 'x' (line 5, column 30)");
  const std::string entente_keys =
      "<key id=\"k\" for=\"node\" attr.name=\"kind\"/>\n"
      "<key id=\"t\" for=\"edge\" attr.name=\"type\"/>\n"
      "<key id=\"e\" for=\"edge\" attr.name=\"evidence\"/>\n";
  CHECK(parse_failure(document(entente_keys + "<key id=\"a\" for=\"edge\" attr.name=\"x\"/>\n"
                                              "<key id=\"b\" for=\"edge\" attr.name=\"_x\"/>\n",
                               "")) ==
        "people.graphml: keys 'a' and 'b' both make the edge attribute 'x' (line 8, column 30)");
  CHECK(parse_failure(document("<key id=\"n\" for=\"node\" attr.name=\"n\" "
                               "attr.type=\"int\"><default>many</default></key>\n",
                               "")) ==
        "people.graphml: the <default> of key 'n', 'many', is not an integer (line 3, column "
        "62)");
  CHECK(parse_failure("<graphml><graph edgedefault=\"directed\"/><key id=\"k\"/></graphml>") ==
        "people.graphml: a <key> after the <graph>: GraphML declares its keys first (line 1, "
        "column 52)");
}

TEST_CASE("graphml errors: what entente does not read is refused, not dropped") {
  CHECK(parse_failure(document("",
                               "<node id=\"a\">\n<graph edgedefault=\"directed\"/>\n"
                               "</node>\n")) ==
        "people.graphml: node 'a' holds a nested <graph>, which entente does not read (line 5, "
        "column 30)");
  CHECK(parse_failure(document("", "<node id=\"a\"><port name=\"p\"/></node>\n")) ==
        "people.graphml: node 'a' has a <port>: entente reads no ports (line 4, column 28)");
  CHECK(parse_failure(document("",
                               "<node id=\"a\"/><edge source=\"a\" target=\"a\" "
                               "sourceport=\"p\"/>\n")) ==
        "people.graphml: the edge from 'a' to 'a' ends at a port: entente reads no ports (line 4, "
        "column 57)");
  CHECK(parse_failure(document("", "<hyperedge><endpoint node=\"a\"/></hyperedge>\n")) ==
        "people.graphml: a <hyperedge>: entente reads edges between two nodes only (line 4, "
        "column 11)");
  CHECK(parse_failure(document("",
                               "<locator xlink:href=\"other.graphml\" "
                               "xmlns:xlink=\"http://www.w3.org/1999/xlink\"/>\n")) ==
        "people.graphml: a <locator>: entente reads no graph from another document (line 4, "
        "column 79)");
  CHECK(parse_failure("<graphml><graph edgedefault=\"directed\"/><graph "
                      "edgedefault=\"directed\"/></graphml>") ==
        "people.graphml: a second <graph>: entente reads one graph per file (line 1, column 70)");
  CHECK(parse_failure(document("", "<node id=\"a\"><nodes/></node>\n")) ==
        "people.graphml: unexpected <nodes> in node 'a' (line 4, column 20)");
  CHECK(parse_failure(document("", "<node id=\"a\">hello</node>\n")) ==
        "people.graphml: text 'hello' in node 'a' (line 4, column 13)");
  CHECK(parse_failure(document(name_key_line,
                               "<node id=\"a\"><data key=\"d0\">a <b>bold</b> "
                               "name</data></node>\n")) ==
        "people.graphml: node 'a': a <data> holds an element <b>, but may hold only text (line 5, "
        "column 33)");
}

TEST_CASE("graphml errors: a document that is not GraphML") {
  CHECK(parse_failure("<gexf><graph/></gexf>") ==
        "people.graphml: the root element is <gexf>, not <graphml> (line 1, column 6)");
  CHECK(parse_failure("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"/>") ==
        "people.graphml: the document holds no <graph> (line 1, column 55)");
  CHECK(parse_failure(document("", "").replace(document("", "").find("directed"), 8, "sideways")) ==
        "people.graphml: edgedefault 'sideways' is neither 'directed' nor 'undirected' (line 3, "
        "column 30)");
}

TEST_CASE("graphml errors: malformed XML, with libxml2's line and column") {
  CHECK(parse_failure(document("", "<node id=\"a\">\n</nod>\n")) ==
        "people.graphml: malformed XML: Opening and ending tag mismatch: node line 4 and nod "
        "(line 5, column 7)");
  CHECK(parse_failure("") ==
        "people.graphml: malformed XML: the document is empty (line 1, column 1)");
  CHECK(parse_failure("<graphml><graph edgedefault=\"directed\">") ==
        "people.graphml: malformed XML: the document ends before its root element does, or goes "
        "on after it (line 1, column 40)");
  CHECK(parse_failure("<graphml><graph edgedefault=\"directed\"/></graphml><extra/>") ==
        "people.graphml: malformed XML: the document ends before its root element does, or goes "
        "on after it (line 1, column 51)");
  CHECK(parse_failure("<graphml><y:node/></graphml>") ==
        "people.graphml: malformed XML: Namespace prefix y on node is not defined (line 1, "
        "column 17)");
}

// ---- values ----------------------------------------------------------------------------------

TEST_CASE("graphml errors: a value that does not parse as its key's type") {
  auto typed = [](const std::string& type, const std::string& text) {
    return parse_failure(
        document("<key id=\"k\" for=\"node\" attr.name=\"v\" attr.type=\"" + type + "\"/>\n",
                 "<node id=\"a\"><data key=\"k\">" + text + "</data></node>\n"));
  };
  CHECK(typed("int", "abc") ==
        "people.graphml: node 'a': 'abc' is not an integer, as key 'k' (v) requires (line 5, "
        "column 27)");
  CHECK(typed("long", "99999999999999999999") ==
        "people.graphml: node 'a': '99999999999999999999' is not an integer, as key 'k' (v) "
        "requires: it does not fit in 64 bits (line 5, column 27)");
  CHECK(typed("long", "1.5") ==
        "people.graphml: node 'a': '1.5' is not an integer, as key 'k' (v) requires (line 5, "
        "column 27)");
  CHECK(typed("double", "1,5") ==
        "people.graphml: node 'a': '1,5' is not a number, as key 'k' (v) requires (line 5, column "
        "27)");
  CHECK(typed("float", "") ==
        "people.graphml: node 'a': '' is not a number, as key 'k' (v) requires (line 5, column "
        "27)");
  CHECK(typed("boolean", "maybe") ==
        "people.graphml: node 'a': 'maybe' is not a boolean, as key 'k' (v) requires: expected "
        "true, false, 1 or 0 (line 5, column 27)");
}

TEST_CASE("graphml errors: entente's hints and fixed keys check their values") {
  auto hinted = [](const std::string& hint, const std::string& text) {
    return parse_failure(
        document("<key id=\"k\" for=\"node\" attr.name=\"v\" "
                 "attr.type=\"string\"><desc>" +
                     hint + "</desc></key>\n",
                 "<node id=\"a\"><data key=\"k\">" + text + "</data></node>\n"));
  };
  CHECK(hinted("entente:date", "2024-13") ==
        "people.graphml: node 'a': '2024-13' is not a date, as key 'k' (v) requires: expected "
        "YYYY, YYYY-MM or YYYY-MM-DD (line 5, column 27)");
  CHECK(hinted("entente:list", "[1, \"a\"]") ==
        "people.graphml: node 'a': '[1, \"a\"]' is not a list, as key 'k' (v) requires: list item "
        "1 is a string, but item 0 is an integer (a list holds items of one type) (line 5, column "
        "27)");
  CHECK(hinted("entente:list", "[1, [2]]") ==
        "people.graphml: node 'a': '[1, [2]]' is not a list, as key 'k' (v) requires: a list "
        "holds no lists or objects (at character 5) (line 5, column 27)");
  CHECK(hinted("entente:list", "[\"a\" \"b\"]") ==
        "people.graphml: node 'a': '[\"a\" \"b\"]' is not a list, as key 'k' (v) requires: "
        "expected ',' or ']' (at character 6) (line 5, column 27)");
  CHECK(hinted("entente:list", "[\"\\ud800\"]") ==
        "people.graphml: node 'a': '[\"\\ud800\"]' is not a list, as key 'k' (v) requires: a lone "
        "surrogate in a \\u escape (at character 9) (line 5, column 27)");
  CHECK(hinted("entente:date-list", "[\"2014\", 2015]") ==
        "people.graphml: node 'a': '[\"2014\", 2015]' is not a list, as key 'k' (v) requires: a "
        "list of dates holds only strings (at character 10) (line 5, column 27)");
  // A description other than a hint is only a description.
  CHECK(parse_failure(document("<key id=\"k\" for=\"node\" attr.name=\"v\"><desc>entente:dates "
                               "of birth</desc></key>\n",
                               "<node id=\"a\"><data key=\"k\">[x</data></node>\n")) == "");

  const std::string entente_keys =
      "<key id=\"kind\" for=\"node\" attr.name=\"kind\"/>\n"
      "<key id=\"type\" for=\"edge\" attr.name=\"type\"/>\n"
      "<key id=\"evidence\" for=\"edge\" attr.name=\"evidence\"/>\n"
      "<key id=\"since\" for=\"edge\" attr.name=\"since\"/>\n"
      "<key id=\"quotes\" for=\"edge\" attr.name=\"quotes\"/>\n";
  auto edge = [&](const std::string& data) {
    return parse_failure(document(entente_keys,
                                  "<node id=\"a\"><data key=\"kind\">State</data></node>\n"
                                  "<edge id=\"r0\" source=\"a\" target=\"a\"><data "
                                  "key=\"type\">supports</data>" +
                                      data + "</edge>\n"));
  };
  CHECK(edge("<data key=\"evidence\">rumoured</data>") ==
        "people.graphml: edge 'r0': evidence 'rumoured' is not one of confirmed, reported, "
        "alleged, speculated, denied (line 10, column 89)");
  CHECK(edge("<data key=\"since\">last year</data>") ==
        "people.graphml: edge 'r0': since 'last year' is not a date (YYYY, YYYY-MM or "
        "YYYY-MM-DD) (line 10, column 86)");
  CHECK(edge("<data key=\"quotes\">said so</data>") ==
        "people.graphml: edge 'r0': quotes without sources (line 10, column 87)");
  CHECK(edge("") == "");
}

TEST_CASE("graphml errors: external ids that are not a JSON object of strings") {
  auto ids = [](const std::string& text) {
    return parse_failure(
        document("<key id=\"kind\" for=\"node\" attr.name=\"kind\"/>\n"
                 "<key id=\"type\" for=\"edge\" attr.name=\"type\"/>\n"
                 "<key id=\"evidence\" for=\"edge\" attr.name=\"evidence\"/>\n"
                 "<key id=\"x\" for=\"node\" attr.name=\"external_ids\"/>\n",
                 "<node id=\"a\"><data key=\"kind\">State</data><data key=\"x\">" + text +
                     "</data></node>\n"));
  };
  CHECK(ids("wikidata=Q423") ==
        "people.graphml: node 'a': external ids 'wikidata=Q423' are not a JSON object of "
        "strings: expected '{' (at character 1) (line 8, column 56)");
  CHECK(ids("{\"wikidata\": 423}") ==
        "people.graphml: node 'a': external ids '{\"wikidata\": 423}' are not a JSON object of "
        "strings: the member 'wikidata' is not a string (at character 14) (line 8, column 56)");
  CHECK(ids("{\"a\": \"b\"} {}") ==
        "people.graphml: node 'a': external ids '{\"a\": \"b\"} {}' are not a JSON object of "
        "strings: text follows the closing '}' (at character 12) (line 8, column 56)");
  CHECK(ids("{\"a\": \"b\",}") ==
        "people.graphml: node 'a': external ids '{\"a\": \"b\",}' are not a JSON object of "
        "strings: expected a member name in quotes (at character 11) (line 8, column 56)");
  CHECK(ids("{\"a\" \"b\"}") ==
        "people.graphml: node 'a': external ids '{\"a\" \"b\"}' are not a JSON object of "
        "strings: expected ':' (at character 6) (line 8, column 56)");
  // Empty data, or white space, is no external id; in other tools' files the key is an attribute.
  CHECK(ids("") == "");
  CHECK(ids(" \n ") == "");
  CHECK(parse_failure(document("<key id=\"x\" for=\"node\" attr.name=\"external_ids\"/>\n",
                               "<node id=\"a\"><data key=\"x\">wikidata=Q423</data></node>\n")) ==
        "");
}

TEST_CASE("graphml errors: a source list that is not the JSON entente writes") {
  const std::string keys =
      "<key id=\"kind\" for=\"node\" attr.name=\"kind\"/>\n"
      "<key id=\"type\" for=\"edge\" attr.name=\"type\"/>\n"
      "<key id=\"evidence\" for=\"edge\" attr.name=\"evidence\"/>\n"
      "<key id=\"s\" for=\"graph\" attr.name=\"sources\"/>\n"
      "<key id=\"s2\" for=\"graph\" attr.name=\"sources_2\"/>\n";
  auto sources = [&](const std::string& text) {
    return parse_failure(document(keys, "<data key=\"s\">" + text + "</data>\n"));
  };
  CHECK(sources("{\"id\": \"a\"}") ==
        "people.graphml: the graph's sources are not a JSON list of objects of strings: it does "
        "not start with '[' (at character 1) (line 9, column 14)");
  CHECK(sources("[{\"id\": \"a\"} {\"id\": \"b\"}]") ==
        "people.graphml: the graph's sources are not a JSON list of objects of strings: expected "
        "',' or ']' (at character 14) (line 9, column 14)");
  CHECK(sources("[\"a\"]") ==
        "people.graphml: the graph's sources are not a JSON list of objects of strings: expected "
        "'{' (at character 2) (line 9, column 14)");
  CHECK(sources("[{\"id\": \"a\", \"published\": 2024}]") ==
        "people.graphml: the graph's sources are not a JSON list of objects of strings: the "
        "member 'published' is not a string (at character 27) (line 9, column 14)");
  CHECK(sources("[{\"id\": \"a\"}, {\"title\": \"T\"}]") ==
        "people.graphml: source 2 of the graph's sources has no id (line 9, column 14)");
  CHECK(sources("[{\"id\": \"\"}]") ==
        "people.graphml: source 1 of the graph's sources has no id (line 9, column 14)");
  CHECK(sources("[{\"id\": \"a\", \"author\": \"X\"}]") ==
        "people.graphml: source 1 of the graph's sources has a field 'author', which sources do "
        "not have (id, title, publisher, published, url) (line 9, column 14)");
  CHECK(sources("[{\"id\": \"a\", \"title\": \"X\", \"title\": \"Y\"}]") ==
        "people.graphml: source 1 of the graph's sources has its field 'title' twice (line 9, "
        "column 14)");
  CHECK(sources("[{\"id\": \"a\", \"published\": \"June 2024\"}]") ==
        "people.graphml: source 1 of the graph's sources: published 'June 2024' is not a date "
        "(YYYY, YYYY-MM or YYYY-MM-DD) (line 9, column 14)");
  CHECK(sources("[{\"id\": \"a\"}, {\"id\": \"a\"}]") ==
        "people.graphml: source 2 of the graph's sources: source 'a' is listed twice (line 9, "
        "column 14)");
  CHECK(parse_failure(document(keys,
                               "<data key=\"s\">[{\"id\": \"a\"}]</data>\n"
                               "<data key=\"s2\">[{\"id\": \"a\"}]</data>\n")) ==
        "people.graphml: source 1 of the graph's sources_2: source 'a' is listed twice (line 10, "
        "column 15)");
  CHECK(parse_failure(document(keys,
                               "<data key=\"s\">[]</data>\n"
                               "<data key=\"s\">[]</data>\n")) ==
        "people.graphml: a second <data> for key 's' in the graph (line 10, column 14)");
  CHECK(sources("[]") == "");
  CHECK(sources(" [ ] ") == "");
  // Graph data of other keys, and in other tools' files, are skipped as they were.
  CHECK(parse_failure(document(keys, "<data key=\"nowhere\">x</data>\n")) == "");
  CHECK(parse_failure(document("<key id=\"s\" for=\"graph\" attr.name=\"sources\"/>\n",
                               "<data key=\"s\">not JSON</data>\n")) == "");
}

TEST_CASE("graphml errors: an unknown kind or type under a closed schema") {
  const std::string keys =
      "<key id=\"kind\" for=\"node\" attr.name=\"kind\"/>\n"
      "<key id=\"type\" for=\"edge\" attr.name=\"type\"/>\n"
      "<key id=\"evidence\" for=\"edge\" attr.name=\"evidence\"/>\n";
  CHECK(parse_failure(document(keys, "<node id=\"a\"><data key=\"kind\">Stat</data></node>\n")) ==
        "people.graphml: node 'a': unknown kind 'Stat'; did you mean \"State\"? (line 7, column "
        "13)");
  CHECK(parse_failure(document(keys,
                               "<node id=\"a\"><data key=\"kind\">State</data></node>\n"
                               "<edge source=\"a\" target=\"a\"><data "
                               "key=\"type\">suports</data></edge>\n")) ==
        "people.graphml: the edge from 'a' to 'a': unknown relation type 'suports'; did you mean "
        "\"supports\"? (line 8, column 28)");
}

TEST_CASE("graphml errors: directed and undirected edges of one type") {
  const std::string keys = "<key id=\"t\" for=\"edge\" attr.name=\"type\"/>\n";
  CHECK(parse_failure(document(keys,
                               "<node id=\"a\"/>\n<edge source=\"a\" target=\"a\"><data "
                               "key=\"t\">x</data></edge>\n<edge source=\"a\" target=\"a\" "
                               "directed=\"false\"><data key=\"t\">x</data></edge>\n")) ==
        "people.graphml: the edge from 'a' to 'a' is undirected, but earlier edges of type 'x' "
        "are not: a type is either symmetric (undirected edges) or not (line 7, column 45)");
  CHECK(parse_failure(document(keys,
                               "<node id=\"a\"/>\n<edge source=\"a\" target=\"a\" "
                               "directed=\"false\"/>\n<edge source=\"a\" target=\"a\"/>\n")) ==
        "people.graphml: the edge from 'a' to 'a' is directed, but earlier edges of type "
        "'related_to' are not: a type is either symmetric (undirected edges) or not (line 7, "
        "column 28)");
  CHECK(parse_failure(document(keys,
                               "<node id=\"a\"/>\n<edge source=\"a\" target=\"a\" "
                               "directed=\"maybe\"/>\n")) ==
        "people.graphml: the edge from 'a' to 'a': directed 'maybe' is neither true nor false "
        "(line 6, column 45)");
  const auto undirected = std::string(
      "<graphml><key id=\"t\" for=\"edge\" attr.name=\"type\"/>"
      "<key id=\"k\" for=\"node\" attr.name=\"kind\"/><graph edgedefault=\"undirected\">"
      "<node id=\"a\"><data key=\"k\">State</data></node>\n"
      "<edge source=\"a\" target=\"a\"><data key=\"t\">supports</data></edge>"
      "</graph></graphml>");
  CHECK_THROWS_WITH_AS(
      io::read_graphml(undirected, {.schema = schema::geopolitics()}),
      "<graphml>: the edge from 'a' to 'a' is undirected, but its type 'supports' is not "
      "symmetric in the schema (line 2, column 28)",
      parse_error);
}

TEST_CASE("graphml errors: a relation outside its type's rules, strict and lenient") {
  graph g;
  g.add_entity({"a", "Place", "A", {}, {}, {}});
  g.add_entity({"b", "Place", "B", {}, {}, {}});
  graph lenient(schema::geopolitics(), validation::lenient);
  lenient.add_entity({"a", "Place", "A", {}, {}, {}});
  lenient.add_entity({"b", "Place", "B", {}, {}, {}});
  lenient.add_relation({"a", "leads", "b", evidence::reported, {}, {}, {}});
  const auto text = io::write_graphml(lenient);
  CHECK_THROWS_WITH_AS(io::read_graphml(text, {.origin = "x.graphml"}),
                       doctest::Contains("x.graphml: edge 'r0': relation a -[leads]-> b breaks "
                                         "rule leads.domain"),
                       schema_error);
  auto back = io::read_graphml(text, {.mode = validation::lenient});
  CHECK(back.num_relations() == 1);
  CHECK(back.warnings().size() == 1);
}

// ---- safety ----------------------------------------------------------------------------------

TEST_CASE("graphml errors: an external entity is never loaded") {
  scratch dir;
  const auto secret = dir.path / "secret.txt";
  std::ofstream(secret) << "the secret";
  const std::string text =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE graphml [\n<!ENTITY xxe SYSTEM \"file://" +
      secret.string() +
      "\">\n]>\n<graphml><key id=\"n\" for=\"node\" attr.name=\"name\"/>"
      "<graph edgedefault=\"directed\"><node id=\"a\"><data "
      "key=\"n\">&xxe;</data></node></graph></graphml>\n";
  const auto failure = parse_failure(text);
  CHECK(failure ==
        "people.graphml: the document type declares entities, which entente does not read (they "
        "could expand past any size or read other files) (line 6, column 1)");
  CHECK(failure.find("the secret") == std::string::npos);
  // Nor through the document type itself.
  CHECK(parse_failure("<?xml version=\"1.0\"?>\n<!DOCTYPE graphml SYSTEM \"file://" +
                      secret.string() +
                      "\">\n<graphml><graph edgedefault=\"directed\"/></graphml>") == "");
}

TEST_CASE("graphml errors: entity expansion fails at once, in text and in attributes") {
  std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE graphml [\n<!ENTITY l0 \"ha\">\n";
  for (int i = 1; i <= 9; ++i) {
    laughs += "<!ENTITY l" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) laughs += "&l" + std::to_string(i - 1) + ";";
    laughs += "\">\n";
  }
  laughs += "]>\n";
  const auto start = std::chrono::steady_clock::now();
  for (const char* body :
       {"<graphml><graph edgedefault=\"directed\"><node id=\"&l9;\"/></graph></graphml>",
        "<graphml><graph edgedefault=\"directed\">&l9;</graph></graphml>"}) {
    CAPTURE(body);
    CHECK_THROWS_AS(read(laughs + body), parse_error);
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("graphml errors: libxml2 prints nothing of its own") {
  // Its messages would go to stderr: catch what reaches the descriptor while it reads bad XML.
  scratch dir;
  const auto captured = dir.path / "stderr.txt";
  std::fflush(stderr);
  const int saved = ::dup(2);
  const int into = ::open(captured.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(saved >= 0);
  REQUIRE(into >= 0);
  ::dup2(into, 2);
  for (const char* bad : {"<graphml><graph>", "<graphml><a:b/></graphml>", "<graphml>&x;</graphml>",
                          "\xFF\xFE<", "<?xml version=\"1.0\" encoding=\"no-such\"?><graphml/>"})
    CHECK_THROWS_AS(read(bad), parse_error);
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  ::close(into);
  CHECK(testing::read_file(captured).empty());
}

// ---- files -----------------------------------------------------------------------------------

TEST_CASE("graphml errors: a file's errors name it, and a missing file is an io_error") {
  scratch dir;
  const auto file = dir.path / "people.graphml";
  std::ofstream(file) << document("", "<edge id=\"e3\" source=\"a\" target=\"x9\"/>\n");
  CHECK_THROWS_WITH_AS(
      io::load_graphml(file),
      (file.string() + ": edge 'e3' names node 'a', which no <node> declares (line 4, column 37)")
          .c_str(),
      parse_error);
  CHECK_THROWS_WITH_AS(
      io::load_graphml(dir.path / "missing.graphml"),
      doctest::Contains(("cannot open " + (dir.path / "missing.graphml").string()).c_str()),
      io_error);
  CHECK_THROWS_WITH_AS(io::load_graphml(dir.path), doctest::Contains("is a directory"), io_error);
}
