// Fuzzes the openCypher front end and engine (query.hpp): the input is the text of a query. It
// is parsed, printed in canonical form (which must parse to the same canonical form), bound and
// run against the golden queries' small graph with the parameters those queries use, a row
// limit and a deadline, so that slow inputs stop; every value of the result is printed. A query
// that writes runs on a copy of the graph: when it fails, the copy must be as it was; when it
// succeeds, the changed graph must save and read back to itself.

#include "fuzz.hpp"

#include <entente/io/json.hpp>
#include <entente/query.hpp>
#include <entente/query/parser.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace {

entente::query_options options() {
  using entente::query_value;
  entente::query_options opts;
  opts.parameters = {
      {"b", false},
      {"f", 2.0},
      {"i", 3},
      {"id", "AVA"},
      {"ids", query_value::list{"AVA", "DRU"}},
      {"l", query_value::list{1, "a", query_value::list{true}}},
      {"limit", 2},
      {"m", query_value::map{{"name", "Avalon"}, {"n", 2}}},
      {"min", 150},
      {"name", "Avalon"},
      {"nothing", nullptr},
      {"props", query_value::map{{"kind", "Person"}, {"name", "Bob Baker"}}},
      {"s", "a \"quoted\" line\nnext \\ end"},
      {"skip", 1},
      {"x", nullptr},
  };
  opts.max_rows = 100;
  opts.timeout = std::chrono::milliseconds(100);
  return opts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace entente;
  static const query_options opts = options();
  const auto& g = fuzzing::tiny_graph();
  try {
    auto q = cypher::parse(fuzzing::text(data, size));
    auto canonical = cypher::to_string(q);
    std::string again;
    try {
      again = cypher::to_string(cypher::parse(canonical));
    } catch (const error& e) {
      fuzzing::broken("the canonical form parses", canonical + "\n----\n" + e.what());
    }
    if (again != canonical)
      fuzzing::broken("the canonical form parses to itself", canonical + "\n----\n" + again);
    result_set rows;
    graph copy;  // lives as long as the rows, whose entities are its own
    if (q.writes()) {
      copy = g;
      try {
        rows = query(copy, q, opts);
      } catch (const error&) {
        if (!(copy == g)) fuzzing::broken("a write query that fails changes nothing", canonical);
        throw;
      }
      try {
        if (!(io::read_json(io::write_json(copy)) == copy))
          fuzzing::broken("the graph a write query leaves reads back to itself", canonical);
      } catch (const error& e) {
        fuzzing::broken("the graph a write query leaves saves and reads back",
                        canonical + "\n----\n" + e.what());
      }
    } else {
      rows = query(g, q, opts);
    }
    std::size_t printed = 0;
    for (const auto& row : rows)
      for (const auto& value : row) printed += to_string(value).size();
    (void)printed;
  } catch (const error&) {
  }
  return 0;
}
