// query/temporal.hpp: temporal values through the public API (their text, the model's dates,
// query values, parameters, the C++ builder, writes and errors). The Cypher functions case by
// case are in the golden files tests/query/queries/temporal*.test.

#include <entente/query.hpp>
#include <entente/query/temporal.hpp>

#include "testing.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace entente;

namespace {

query_value one(const graph& g, std::string_view cypher, const query_options& opts = {}) {
  auto rows = query(g, cypher, opts);
  REQUIRE(rows.size() == 1);
  return rows[0][0];
}

query_value one(std::string_view cypher, const query_options& opts = {}) {
  static const graph empty;
  return one(empty, cypher, opts);
}

}  // namespace

TEST_CASE("temporal: ISO 8601 text as Neo4j writes it") {
  using namespace temporal;
  // 2015-07-21 is 16637 days after 1970-01-01.
  CHECK(to_string(calendar_date{16637}) == "2015-07-21");
  CHECK(to_string(calendar_date{16617, date_precision::month}) == "2015-07");
  CHECK(to_string(calendar_date{16436, date_precision::year}) == "2015");
  CHECK(to_string(calendar_date{0}) == "1970-01-01");
  CHECK(to_string(calendar_date{-719528}) == "0000-01-01");
  CHECK(to_string(calendar_date{-719529}) == "-0001-12-31");
  CHECK(to_string(calendar_date{2932897}) == "+10000-01-01");
  CHECK(to_string(local_time{0}) == "00:00");
  CHECK(to_string(local_time{(12 * 3600 + 31 * 60 + 14) * nanos_per_second + 500'000'000}) ==
        "12:31:14.500");
  CHECK(to_string(zoned_time{0, -(3 * 3600 + 30 * 60)}) == "00:00-03:30");
  CHECK(to_string(zoned_time{0, 3208}) == "00:00+00:53:28");
  CHECK(to_string(local_datetime{16637, 60 * nanos_per_second}) == "2015-07-21T00:01");
  CHECK(to_string(zoned_datetime{16637, 0, 7200, "Europe/Stockholm"}) ==
        "2015-07-21T00:00+02:00[Europe/Stockholm]");
  CHECK(to_string(duration{}) == "PT0S");
  CHECK(to_string(duration{14, 10, 45930, 250'000'000}) == "P1Y2M10DT12H45M30.25S");
  // -0.5 seconds is stored as -1 second and 500000000 nanoseconds.
  CHECK(to_string(duration{0, 0, -1, 500'000'000}) == "PT-0.5S");
  CHECK(to_string(duration{-13, -1, -3600, 0}) == "P-1Y-1M-1DT-1H");
}

TEST_CASE("temporal: the model's dates keep their precision both ways") {
  using namespace temporal;
  for (auto d : {date(2024), date(2024, 6), date(2024, 6, 19), date(1, 1, 1), date(9999, 12, 31)}) {
    CAPTURE(d.to_string());
    auto c = from_model(d);
    CHECK(to_string(c) == d.to_string());
    CHECK(to_model(c) == d);
  }
  CHECK(from_model(date(2024, 6)).precision == date_precision::month);
  CHECK(from_model(date(2024, 6)).days == from_model(date(2024, 6, 1)).days);
  CHECK_THROWS_WITH_AS((void)to_model(calendar_date{-719528}),
                       doctest::Contains("years 1 to 9999, not 0000-01-01"), error);
}

TEST_CASE("temporal: query values know their types") {
  CHECK(query_value(date(2024, 6, 19)).type_name() == "date");
  CHECK(query_value(temporal::local_time{}).type_name() == "localtime");
  CHECK(query_value(temporal::zoned_time{}).type_name() == "time");
  CHECK(query_value(temporal::local_datetime{}).type_name() == "localdatetime");
  CHECK(query_value(temporal::zoned_datetime{}).type_name() == "datetime");
  CHECK(query_value(temporal::duration{}).type_name() == "duration");
  CHECK(query_value(date()).is_null());
  CHECK(query_value(date(2024)).is_date());
  CHECK(query_value(temporal::duration{}).is_temporal());
  CHECK_FALSE(query_value("2024-06-19").is_temporal());
  CHECK(to_string(query_value{query_value(date(2024, 6)), "2024-06"}) == R"([2024-06, "2024-06"])");
  CHECK_THROWS_WITH_AS((void)query_value(date(2024)).as_string(),
                       doctest::Contains("expected a value of type string, got date 2024"), error);
}

TEST_CASE("temporal: value equality tells precisions apart") {
  CHECK(query_value(date(2024, 6)) == query_value(date(2024, 6)));
  CHECK_FALSE(query_value(date(2024, 6)) == query_value(date(2024, 6, 1)));
  CHECK_FALSE(query_value(date(2024, 6, 1)) == query_value("2024-06-01"));
  CHECK(query_value(temporal::duration{1, 0, 0, 0}) == query_value(temporal::duration{1, 0, 0, 0}));
  CHECK_FALSE(query_value(temporal::duration{0, 1, 0, 0}) ==
              query_value(temporal::duration{0, 0, 86400, 0}));
}

TEST_CASE("temporal: ORDER BY places the temporal types between paths and strings") {
  std::vector<query_value> in_order = {query_value::list{},
                                       temporal::zoned_datetime{0, 0, 0, {}},
                                       temporal::local_datetime{0, 0},
                                       date(2024),
                                       date(2024, 1),
                                       date(2024, 1, 1),
                                       date(2024, 1, 2),
                                       temporal::zoned_time{0, 0},
                                       temporal::local_time{0},
                                       temporal::duration{0, 1, 0, 0},
                                       "a",
                                       true,
                                       1,
                                       nullptr};
  for (std::size_t i = 0; i < in_order.size(); ++i)
    for (std::size_t j = 0; j < in_order.size(); ++j) {
      CAPTURE(to_string(in_order[i]));
      CAPTURE(to_string(in_order[j]));
      int c = compare_for_order(in_order[i], in_order[j]);
      CHECK((i < j ? c < 0 : i > j ? c > 0 : c == 0));
    }
}

TEST_CASE("temporal: dates as parameters compare with the graph's dates") {
  auto g = testing::small_world();
  // PRK supplies RUS since 2023-09 (month precision).
  auto since = [&](const query_value& from) {
    return one(g, R"(MATCH (:State {id: "PRK"})-[r:supplies]->() RETURN r.since >= $from)",
               {.parameters = {{"from", from}}});
  };
  CHECK(since(date(2023, 9, 1)) == query_value(true));
  CHECK(since(date(2023, 9, 15)).is_null());  // September 2023 may or may not be before the 15th
  CHECK(since(date(2023, 10, 1)) == query_value(false));
  CHECK(since(date(2023, 9)) == query_value(true));
  CHECK(since(date(2023)).is_null());
  CHECK(since("2023-09") == query_value(true));  // text in the graph's form compares as text
  CHECK(since("2023-09-01") == query_value(false));
  CHECK(since(5).is_null());
}

TEST_CASE("temporal: the C++ builder writes temporal literals as calls") {
  using namespace pattern;
  CHECK(expr(query_value(date(2024, 6, 19))).text() == R"(date("2024-06-19"))");
  CHECK(expr(query_value(temporal::duration{1, 2, 3, 0})).text() == R"(duration("P1M2DT3S"))");
  // An explicit list: braces around one query_value make a list under GCC, a copy under clang.
  CHECK(expr(query_value(query_value::list{query_value(date(2024, 6, 19))})).text() ==
        R"([date("2024-06-19")])");
  CHECK_THROWS_WITH_AS(expr(query_value(date(2024, 6))),
                       doctest::Contains("pass it as a parameter"), error);
  auto g = testing::small_world();
  auto rows = match(node("a").out("", "r").to(node("b")))
                  .where(prop("r", "since") >= query_value(date(2023, 9, 1)))
                  .returns(prop("a", "id").as("id"))
                  .run(g);
  std::vector<std::string> ids;
  for (const auto& row : rows) ids.push_back(row[0].as_string());
  // Since 2024, 2023-09 and 2024-07 hold wholly on or after 1 September 2023.
  CHECK(ids.size() == 3);
  // Every literal survives the trip through Cypher text.
  for (const auto& v :
       {query_value(temporal::local_time{45'296'789'000'000}),
        query_value(temporal::zoned_time{0, -16200}), query_value(temporal::local_datetime{-1, 1}),
        query_value(temporal::zoned_datetime{19893, 0, 7200, "Europe/Berlin"}),
        query_value(temporal::duration{-14, 3, -2, 999'999'999})}) {
    CAPTURE(to_string(v));
    CHECK(one(std::string("RETURN ") + expr(v).text()) == v);
  }
}

TEST_CASE("temporal: writes store dates in the model") {
  auto g = testing::small_world();
  auto rows =
      query(g, R"(MATCH (:State {id: "PRK"})-[r:supplies]->() SET r.since = date("2023-08-30"),
                         r.until = "2024" RETURN r.since)");
  REQUIRE(rows.size() == 1);
  CHECK(rows.changes().properties_set == 2);
  auto found = query(g, R"(MATCH (:State {id: "PRK"})-[r:supplies]->() RETURN id(r))");
  auto index = static_cast<relation_index>(found[0][0].as_int());
  CHECK(g.relation(index).valid().since == date(2023, 8, 30));
  CHECK(g.relation(index).valid().until == date(2024));
  (void)query(g,
              R"(MATCH (p {id: "kim-jong-un"}) SET p.born = date({year: 1984, month: 1, day: 8}))");
  const auto* born = g.entity(*g.find_id("kim-jong-un")).attributes().find("born");
  REQUIRE(born != nullptr);
  CHECK(std::get<date>(*born) == date(1984, 1, 8));
  // A refused write leaves the graph as it was.
  auto before = g;
  CHECK_THROWS_WITH_AS((void)query(g, R"(MATCH (p {id: "kim-jong-un"}) SET p.born = datetime())"),
                       doctest::Contains("store toString(...) of it"), cypher::write_error);
  CHECK(g == before);
}

TEST_CASE("temporal: bad values fail with what and where") {
  // A value the function cannot read is a syntax error at the call.
  try {
    (void)one("RETURN 1 AS x,\n       date('2024-13-01')");
    FAIL("no error");
  } catch (const cypher::syntax_error& e) {
    CHECK(e.position().line == 2);
    CHECK(e.position().column == 8);
    CHECK(std::string(e.what()).find("there is no month 13") != std::string::npos);
  }
  CHECK_THROWS_WITH_AS((void)one("RETURN datetime('2024-06-19T10:00[Mars/Olympus]')"),
                       doctest::Contains("unknown time zone 'Mars/Olympus'"), cypher::syntax_error);
  // Operators that mean nothing for temporal values.
  CHECK_THROWS_WITH_AS((void)one("RETURN date('2024-01-01') + date('2024-01-02')"),
                       doctest::Contains("cannot apply + to date 2024-01-01 and date 2024-01-02"),
                       error);
  CHECK_THROWS_WITH_AS((void)one("RETURN duration('P1D') / 0"),
                       doctest::Contains("division by zero"), error);
  CHECK_THROWS_WITH_AS((void)one("RETURN -date('2024-01-01')"),
                       doctest::Contains("cannot negate date"), error);
  CHECK_THROWS_WITH_AS((void)one("UNWIND [duration('P1D'), 1] AS d RETURN sum(d)"),
                       doctest::Contains("sum and avg need numbers or durations, got integer 1"),
                       error);
  CHECK_THROWS_WITH_AS((void)one("UNWIND [1, duration('P1D')] AS d RETURN avg(d)"),
                       doctest::Contains("got duration P1D"), error);
  CHECK_THROWS_WITH_AS((void)one("RETURN duration({years: 1e300})"),
                       doctest::Contains("the duration is too large"), cypher::syntax_error);
}

TEST_CASE("temporal: values past the range of 64-bit arithmetic fail, never wrap") {
  for (const auto* cypher : {
           "RETURN datetime.fromepoch(9223372036854775807, 999999999)",
           "RETURN duration({months: 9223372036854775807}) + duration({months: 1})",
           "RETURN date({year: 999999999, month: 12, day: 31}) + duration('P1D')",
           "RETURN duration({seconds: 9223372036854775807}).milliseconds",
           "RETURN datetime({year: 999999999, month: 12, day: 31, hour: 23}).epochMillis",
           "RETURN localdatetime({year: -999999999}) - duration({years: 1})",
           "RETURN datetime('2024-01-01T00:00[Europe/Paris]') + duration({seconds: "
           "9223372036854775807})",
       }) {
    CAPTURE(cypher);
    CHECK_THROWS_AS((void)one(cypher), error);
  }
}

TEST_CASE("temporal: a day forth and back, an hour forth and back") {
  // Every day of a leap year and of a common year, across each month end.
  for (int year : {2023, 2024}) {
    auto rows =
        query(graph(),
              "UNWIND range(0, 365) AS i WITH date({year: $year, ordinalDay: 1}) + "
              "duration({days: i}) AS d RETURN d, d + duration('P1D') - duration('P1D') = d "
              "AS back, (d + duration('PT1H')).day = d.day AS same_day",
              {.parameters = {{"year", year}}});
    REQUIRE(rows.size() == 366);
    for (const auto& r : rows) {
      CAPTURE(to_string(r[0]));
      CHECK(r[1] == query_value(true));
      CHECK(r[2] == query_value(true));
    }
  }
}
