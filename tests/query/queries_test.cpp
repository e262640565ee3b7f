// The golden query tests: every tests/query/queries/*.test file is one doctest test case (and so
// one CTest entry), each case in it a query and the rows or error it must give. The file format
// is described in tests/query/queries/README.md.

#include <entente/entente.hpp>
#include <entente/query.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;

namespace {

const fs::path queries_dir = fs::path(ENTENTE_TEST_DATA).parent_path() / "query" / "queries";
const fs::path graphs_dir = fs::path(ENTENTE_TEST_DATA) / "queries";

// ---- the file format -----------------------------------------------------------------------

/// One query and what it must give.
struct golden_case {
  std::size_t line = 0;  // of the query's first line
  std::string graph;
  entente::query_options options;
  bool ordered = false;
  std::string query;
  // Either an error (every text must be in its message) ...
  std::vector<std::string> error_texts;
  bool at_run_time = false;  // `run-time error:`: not a parse_error, raised while running
  std::vector<std::string> warning_texts;  // each a part of one of the result's warnings
  // ... or a header and rows, `any_more_rows` when the rows listed are only some of them.
  std::optional<std::string> header;
  std::vector<std::string> rows;
  bool any_more_rows = false;
  std::optional<std::string> cut;      // text the reason for a cut result must contain
  std::optional<std::string> changes;  // what a write query must report it changed
};

/// A .test file that does not follow the format; the message starts with `file:line: `.
class malformed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string_view trim(std::string_view s) {
  const auto* space = " \t\r";
  auto first = s.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(space) - first + 1);
}

/// `prefix` followed by the rest of `line`, trimmed; nothing when `line` does not start so.
std::optional<std::string_view> after(std::string_view line, std::string_view prefix) {
  if (!line.starts_with(prefix)) return std::nullopt;
  return trim(line.substr(prefix.size()));
}

/// Error and cut texts spell a newline `\n` and a backslash `\\`, so that one line can
/// hold a message and the caret display under it.
std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == 'n' || text[i + 1] == '\\')) {
      out += text[i + 1] == 'n' ? '\n' : '\\';
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

/// `name = value` split at the first `=`.
std::pair<std::string, std::string> assignment(std::string_view text, const std::string& where) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos) throw malformed(where + "expected `name = value`");
  auto name = trim(text.substr(0, eq));
  auto value = trim(text.substr(eq + 1));
  if (name.empty() || value.empty()) throw malformed(where + "expected `name = value`");
  return {std::string(name), std::string(value)};
}

std::size_t to_count(const std::string& text, const std::string& where) {
  std::size_t used = 0;
  unsigned long long n = 0;
  try {
    n = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.starts_with('-'))
    throw malformed(where + "'" + text + "' is not a whole number");
  return static_cast<std::size_t>(n);
}

entente::date to_date(const std::string& text, const std::string& where) {
  auto d = entente::date::parse(text);
  if (!d) throw malformed(where + "'" + text + "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
  return *d;
}

void set_option(entente::query_options& options, std::string_view text, const std::string& where) {
  auto [name, value] = assignment(text, where);
  if (name == "min_evidence") {
    auto level = entente::parse_evidence(value);
    if (!level) throw malformed(where + "'" + value + "' is not an evidence level");
    options.min_evidence = *level;
  } else if (name == "as_of") {
    options.as_of = to_date(value, where);
  } else if (name == "as_known") {
    options.as_known = to_date(value, where);
  } else if (name == "max_rows") {
    options.max_rows = to_count(value, where);
  } else if (name == "timeout_ms") {
    options.timeout = std::chrono::milliseconds(to_count(value, where));
  } else {
    throw malformed(where + "unknown option '" + name +
                    "' (known: min_evidence, as_of, as_known, max_rows, timeout_ms)");
  }
}

void set_parameter(entente::query_options& options, std::string_view text,
                   const std::string& where) {
  auto [name, json] = assignment(text, where);
  if (name.starts_with('$')) name.erase(0, 1);
  auto value = entente::query_value_from_json(json);
  if (!value) throw malformed(where + "the value of $" + name + " is not JSON: " + json);
  options.parameters[name] = std::move(*value);
}

/// The cases of one .test file, in order.
std::vector<golden_case> read_cases(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw malformed(file.string() + ": cannot read");
  const std::string name = file.filename().string();

  enum class part { settings, query, expected };
  std::vector<golden_case> cases;
  golden_case current;
  part at = part::settings;
  std::string last_graph;
  std::vector<std::string> query_lines;
  std::size_t number = 0;

  auto where = [&] { return name + ":" + std::to_string(number) + ": "; };
  auto finish = [&] {
    if (at == part::settings && query_lines.empty())
      throw malformed(where() + "a case with no query");
    if (at != part::expected) throw malformed(where() + "the case has no `----` line");
    // A query that ends with a write clause has no columns: `changes:` alone may follow.
    if (!current.header && current.changes) current.header = "";
    if (!current.header && current.error_texts.empty())
      throw malformed(where() + "the case expects nothing: give a header line or `error:`");
    if (current.graph.empty()) {
      if (last_graph.empty()) throw malformed(where() + "no `graph:` given yet");
      current.graph = last_graph;
    }
    last_graph = current.graph;
    cases.push_back(std::move(current));
    current = {};
    query_lines.clear();
    at = part::settings;
  };

  std::string raw;
  while (std::getline(in, raw)) {
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    std::string_view line = raw;
    std::string_view bare = trim(line);

    if (bare == "====") {
      finish();
      continue;
    }
    if (at == part::query) {
      if (bare == "----") {
        while (!query_lines.empty() && trim(query_lines.back()).empty()) query_lines.pop_back();
        for (std::size_t i = 0; i < query_lines.size(); ++i)
          current.query += (i > 0 ? "\n" : "") + query_lines[i];
        at = part::expected;
      } else {
        query_lines.push_back(raw);
      }
      continue;
    }
    if (bare.empty() || bare.starts_with('#')) continue;

    if (at == part::settings) {
      if (auto graph = after(bare, "graph:")) {
        current.graph = std::string(*graph);
      } else if (auto param = after(bare, "param:")) {
        set_parameter(current.options, *param, where());
      } else if (auto option = after(bare, "option:")) {
        set_option(current.options, *option, where());
      } else if (bare == "ordered") {
        current.ordered = true;
      } else if (bare == "----") {
        throw malformed(where() + "a case with no query");
      } else {
        current.line = number;
        query_lines.push_back(raw);
        at = part::query;
      }
      continue;
    }

    // The expected part.
    auto run_time_text = after(line, "run-time error:");
    if (auto error_text = run_time_text ? run_time_text : after(line, "error:")) {
      if (current.header) throw malformed(where() + "a case expects either rows or an error");
      if (!current.error_texts.empty() && current.at_run_time != bool(run_time_text))
        throw malformed(where() + "an error is raised either at run time or before");
      current.at_run_time = bool(run_time_text);
      current.error_texts.push_back(unescape(*error_text));
    } else if (auto warning_text = after(line, "warning:")) {
      current.warning_texts.push_back(unescape(*warning_text));
    } else if (auto changes_text = after(line, "changes:")) {
      if (current.changes) throw malformed(where() + "a second `changes:` line");
      current.changes = std::string(*changes_text);
    } else if (auto cut_text = after(line, "cut:")) {
      if (current.cut) throw malformed(where() + "a second `cut:` line");
      current.cut = unescape(*cut_text);
    } else if (!current.error_texts.empty()) {
      throw malformed(where() + "a case expects either rows or an error");
    } else if (bare == "...") {
      if (!current.header) throw malformed(where() + "`...` before the header line");
      current.any_more_rows = true;
    } else if (current.any_more_rows) {
      throw malformed(where() + "rows after `...`");
    } else if (!current.header) {
      current.header = std::string(bare);
    } else {
      current.rows.emplace_back(bare);
    }
  }
  if (at != part::settings || !query_lines.empty()) finish();
  for (const auto& c : cases) {
    if (c.cut && !c.error_texts.empty())
      throw malformed(name + ":" + std::to_string(c.line) + ": a case cannot be cut and fail");
    if (c.changes && !c.error_texts.empty())
      throw malformed(name + ":" + std::to_string(c.line) +
                      ": a case that fails changes nothing: no `changes:` line");
  }
  if (cases.empty()) throw malformed(name + ": no cases");
  return cases;
}

// ---- running -------------------------------------------------------------------------------

/// The graph the last write case left, which `graph: changed` reads.
entente::graph& changed_graph() {
  static entente::graph changed;
  return changed;
}

/// The graph a case names, loaded once: `bundled`, `changed` or a file under
/// tests/data/queries.
const entente::graph& graph_named(const std::string& name) {
  if (name == "changed") return changed_graph();
  static std::map<std::string, entente::graph, std::less<>> loaded;
  if (auto it = loaded.find(name); it != loaded.end()) return it->second;
  fs::path path =
      name == "bundled" ? fs::path(ENTENTE_DATA_DIR) / "korea_russia.kg.json" : graphs_dir / name;
  return loaded.emplace(name, entente::io::load(path)).first->second;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

std::string show_rows(const std::string& header, const std::vector<std::string>& rows) {
  std::string out = "    " + header + "\n";
  for (const auto& row : rows) out += "    " + row + "\n";
  if (rows.empty()) out += "    (no rows)\n";
  return out;
}

/// The rows of `wanted` that `got` lacks, as multisets.
std::vector<std::string> missing_from(std::vector<std::string> wanted,
                                      std::vector<std::string> got) {
  std::sort(wanted.begin(), wanted.end());
  std::sort(got.begin(), got.end());
  std::vector<std::string> out;
  std::set_difference(wanted.begin(), wanted.end(), got.begin(), got.end(),
                      std::back_inserter(out));
  return out;
}

/// What is wrong with the result of `c`, or "" when it is right.
std::string check_case(const golden_case& c) {
  const entente::graph& g = graph_named(c.graph);
  // A write query runs on a copy, which the cases after it may read as `graph: changed`.
  entente::graph copy;
  bool writes = false;
  entente::result_set result;
  try {
    auto q = entente::cypher::parse(c.query);
    writes = q.writes();
    if (writes) {
      copy = g;
      result = entente::query(copy, q, c.options);
      changed_graph() = copy;
    } else {
      result = entente::query(g, q, c.options);
    }
  } catch (const entente::error& e) {
    // A parse_error is found before the query runs; any other error of entente while it runs.
    bool at_run_time = dynamic_cast<const entente::parse_error*>(&e) == nullptr;
    if (writes && !(copy == g))
      return std::string("the query failed but the graph changed:\n") + e.what() + "\n";
    if (writes) changed_graph() = copy;
    if (c.error_texts.empty()) return std::string("unexpected error:\n") + e.what() + "\n";
    if (at_run_time != c.at_run_time)
      return std::string(at_run_time ? "an error at run time, expected one before it runs:\n"
                                     : "an error before running, expected one at run time:\n") +
             e.what() + "\n";
    std::string wrong;
    for (const auto& text : c.error_texts)
      if (std::string_view(e.what()).find(text) == std::string_view::npos)
        wrong += "  the message lacks: " + text + "\n";
    if (wrong.empty()) return {};
    return std::string("the error message is not as expected:\n") + e.what() + "\n" + wrong;
  } catch (const std::exception& e) {
    return std::string("an exception that is not entente's:\n") + e.what() + "\n";
  }

  std::vector<std::string> rows;
  for (const auto& row : result) {
    std::vector<std::string> cells;
    for (const auto& value : row) cells.push_back(entente::to_string(value));
    rows.push_back(join(cells, " | "));
  }
  std::string header = join(result.columns(), " | ");
  std::string actual = "  actual" +
                       std::string(result.cut() ? " (cut: " + result.why_cut() + ")" : "") + ":\n" +
                       show_rows(header, rows);
  if (!c.error_texts.empty()) return "expected an error, got rows\n" + actual;

  std::string wrong;
  if (header != *c.header) wrong += "  the columns differ\n";
  // Every warning is expected: a case names a part of each (`warning:` lines, in order).
  const auto& warnings = result.warnings();
  for (std::size_t i = 0; i < std::max(warnings.size(), c.warning_texts.size()); ++i) {
    if (i >= c.warning_texts.size())
      wrong += "  an unexpected warning: " + warnings[i] + "\n";
    else if (i >= warnings.size())
      wrong += "  a missing warning: " + c.warning_texts[i] + "\n";
    else if (warnings[i].find(c.warning_texts[i]) == std::string::npos)
      wrong += "  the warning lacks: " + c.warning_texts[i] + "\n  in: " + warnings[i] + "\n";
  }
  if (c.changes && to_string(result.changes()) != *c.changes)
    wrong += "  the changes differ: " + to_string(result.changes()) + "\n";
  if (c.cut && !result.cut()) wrong += "  the result should be cut (" + *c.cut + ")\n";
  if (c.cut && result.cut() && result.why_cut().find(*c.cut) == std::string::npos)
    wrong += "  the reason for the cut lacks: " + *c.cut + "\n";
  if (!c.cut && result.cut()) wrong += "  the result is cut: " + result.why_cut() + "\n";

  if (c.ordered) {
    bool same = c.any_more_rows ? rows.size() >= c.rows.size() &&
                                      std::equal(c.rows.begin(), c.rows.end(), rows.begin())
                                : rows == c.rows;
    if (!same) wrong += "  the rows differ (in order)\n";
  } else {
    auto missing = missing_from(c.rows, rows);
    auto extra = c.any_more_rows ? std::vector<std::string>{} : missing_from(rows, c.rows);
    for (const auto& row : missing) wrong += "  missing:    " + row + "\n";
    for (const auto& row : extra) wrong += "  unexpected: " + row + "\n";
  }
  if (wrong.empty()) return {};
  std::string expected = "  expected" + std::string(c.ordered ? " (in order)" : "") + ":\n" +
                         show_rows(*c.header, c.rows);
  if (c.any_more_rows) expected += "    ...\n";
  return wrong + expected + actual;
}

void run_file(const fs::path& file) {
  std::vector<golden_case> cases;
  try {
    cases = read_cases(file);
  } catch (const std::exception& e) {
    FAIL("malformed test file: " << std::string(e.what()));
  }
  for (const auto& c : cases) {
    std::string wrong;
    try {
      wrong = check_case(c);
    } catch (const std::exception& e) {
      wrong = std::string("cannot run: ") + e.what() + "\n";
    }
    if (!wrong.empty()) {
      FAIL_CHECK(file.filename().string() << ":" << c.line << ": " << c.graph << "\n"
                                          << c.query << "\n"
                                          << wrong);
    }
  }
}

// ---- one test case per file ----------------------------------------------------------------

// doctest registers test cases before main, each as a plain function; a file found under
// tests/query/queries gets one of these trampolines, which runs the file at its own index.
constexpr std::size_t max_files = 64;

std::vector<fs::path>& golden_files() {
  static std::vector<fs::path> files;
  return files;
}

template <std::size_t I>
void run_golden_file() {
  run_file(golden_files().at(I));
}

template <std::size_t... I>
constexpr std::array<void (*)(), sizeof...(I)> trampolines(std::index_sequence<I...>) {
  return {&run_golden_file<I>...};
}

void no_files() { FAIL("no .test files under " << queries_dir.string()); }
void too_many_files() {
  FAIL("more than " << max_files << " .test files: raise max_files in queries_test.cpp");
}

void register_test(void (*run)(), std::string name) {
  static std::deque<std::string> names;  // doctest keeps the pointer
  names.push_back(std::move(name));
  doctest::detail::regTest(
      doctest::detail::TestCase(run, __FILE__, __LINE__,
                                doctest_detail_test_suite_ns::getCurrentTestSuite()) *
      names.back().c_str());
}

[[maybe_unused]] const bool registered = [] {
  std::vector<fs::path> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(queries_dir, ec))
    if (entry.path().extension() == ".test") found.push_back(entry.path());
  std::sort(found.begin(), found.end());
  if (found.empty()) register_test(&no_files, "no golden files");
  if (found.size() > max_files) register_test(&too_many_files, "too many golden files");
  found.resize(std::min(found.size(), max_files));
  golden_files() = found;
  static constexpr auto run = trampolines(std::make_index_sequence<max_files>());
  for (std::size_t i = 0; i < found.size(); ++i)
    register_test(run[i], found[i].filename().string());
  return true;
}();

}  // namespace

// The runner's own checks of the format, through a file of each kind of mistake.
TEST_CASE("golden format: a malformed file is refused with its line") {
  fs::path dir = fs::temp_directory_path() / ("entente-queries-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto refusal = [&](const std::string& text) -> std::string {
    fs::path file = dir / "bad.test";
    std::ofstream(file) << text;
    try {
      (void)read_cases(file);
    } catch (const malformed& e) {
      return e.what();
    }
    return "accepted";
  };
  CHECK(refusal("MATCH (n) RETURN n\nn\n") == "bad.test:2: the case has no `----` line");
  CHECK(refusal("graph: tiny.kg.json\nMATCH (n) RETURN n\n----\n") ==
        "bad.test:3: the case expects nothing: give a header line or `error:`");
  CHECK(refusal("MATCH (n) RETURN n\n----\nn\n") == "bad.test:3: no `graph:` given yet");
  CHECK(refusal("graph: x\noption: speed = 3\nRETURN 1\n----\n1\n") ==
        "bad.test:2: unknown option 'speed' (known: min_evidence, as_of, as_known, max_rows, "
        "timeout_ms)");
  CHECK(refusal("graph: x\noption: as_of = 2024-13\nRETURN 1\n----\n1\n") ==
        "bad.test:2: '2024-13' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
  CHECK(refusal("graph: x\nparam: p = [1,\nRETURN 1\n----\n1\n")
            .starts_with("bad.test:2: the value of $p is not JSON"));
  CHECK(refusal("graph: x\nRETURN 1\n----\n1\nerror: no\n") ==
        "bad.test:5: a case expects either rows or an error");
  CHECK(refusal("graph: x\nRETURN 1\n----\n1\n...\n2\n") == "bad.test:6: rows after `...`");
  CHECK(refusal("# nothing\n") == "bad.test: no cases");
  CHECK(refusal("graph: x\n----\n1\n") == "bad.test:2: a case with no query");

  fs::path file = dir / "good.test";
  std::ofstream(file) << "graph: g\nparam: m = {\"b\": 1, \"a\": [true, null]}\n"
                         "option: max_rows = 2\nordered\nRETURN $m\n  AS m\n----\nm\n"
                         "{b: 1, a: [true, null]}\n====\nRETURN 1\n----\nerror: a\\nb\\\\c\n";
  auto cases = read_cases(file);
  REQUIRE(cases.size() == 2);
  CHECK(cases[0].line == 5);
  CHECK(cases[0].query == "RETURN $m\n  AS m");
  CHECK(cases[0].ordered);
  CHECK(cases[0].options.max_rows == 2u);
  CHECK(entente::to_string(cases[0].options.parameters.at("m")) == "{b: 1, a: [true, null]}");
  CHECK(cases[1].graph == "g");
  CHECK(cases[1].error_texts == std::vector<std::string>{"a\nb\\c"});
  fs::remove_all(dir);
}
