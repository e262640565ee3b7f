#include <entente/model.hpp>

#include <doctest/doctest.h>

using entente::attributes;
using entente::date;
using entente::evidence;
using entente::interval;

TEST_CASE(
    "model: evidence levels are ordered confirmed > reported > alleged > speculated > denied") {
  CHECK(evidence::confirmed > evidence::reported);
  CHECK(evidence::reported > evidence::alleged);
  CHECK(evidence::alleged > evidence::speculated);
  CHECK(evidence::speculated > evidence::denied);
}

TEST_CASE("model: evidence names round-trip and unknown names are refused") {
  for (evidence e : entente::all_evidence_levels) CHECK(entente::parse_evidence(to_string(e)) == e);
  CHECK_FALSE(entente::parse_evidence("sure").has_value());
  CHECK_FALSE(entente::parse_evidence("Confirmed").has_value());
}

TEST_CASE("model: partial dates parse at year, month and day precision") {
  CHECK(date::parse("2014") == date(2014));
  CHECK(date::parse("2023-09") == date(2023, 9));
  CHECK(date::parse("2024-06-19") == date(2024, 6, 19));
  CHECK(date::parse("2024-02-29") == date(2024, 2, 29));
  CHECK(date(2023, 9).to_string() == "2023-09");
  CHECK(date(812).to_string() == "0812");
  CHECK(date().to_string().empty());
}

TEST_CASE("model: malformed dates are refused") {
  for (const char* bad : {"", "14", "2014-", "2014-13", "2014-00", "2023-02-29", "2024-06-31",
                          "2024/06/19", "20x4", "2024-6-19", "0000"})
    CHECK_MESSAGE(!date::parse(bad).has_value(), bad);
}

TEST_CASE("model: a partial date covers its whole year or month") {
  CHECK(date(2014).first_day() == date(2014, 1, 1));
  CHECK(date(2014).last_day() == date(2014, 12, 31));
  CHECK(date(2024, 2).last_day() == date(2024, 2, 29));
  CHECK(date(2023, 2).last_day() == date(2023, 2, 28));
  CHECK(date(2024, 6, 19).last_day() == date(2024, 6, 19));
}

TEST_CASE("model: an interval holds at dates it overlaps, open ends unbounded") {
  interval since_2014{date(2014), {}};
  CHECK(since_2014.holds_at(date(2014, 3)));
  CHECK(since_2014.holds_at(date(2030)));
  CHECK_FALSE(since_2014.holds_at(date(2013, 12, 31)));

  interval soviet_era{{}, date(1991)};
  CHECK(soviet_era.holds_at(date(1950)));
  CHECK(soviet_era.holds_at(date(1991, 12, 26)));
  CHECK_FALSE(soviet_era.holds_at(date(1992)));

  interval july{date(2024, 7), date(2024, 7)};
  CHECK(july.holds_at(date(2024)));  // overlaps the year
  CHECK(july.holds_at(date(2024, 7, 11)));
  CHECK_FALSE(july.holds_at(date(2024, 8, 1)));
  CHECK(interval{}.holds_at(date(1900)));
  CHECK(interval{}.is_open());
}

TEST_CASE("model: attributes keep one typed value per key") {
  attributes a;
  a.set("role", std::string("foreign minister"));
  a.set("quantity", std::int64_t{5000000});
  a.set("share", 0.5);
  a.set("secret", true);
  a.set("since", date(2024, 6, 19));
  a.set("quantity", std::int64_t{6000000});
  REQUIRE(a.size() == 5);
  CHECK(std::get<std::int64_t>(*a.find("quantity")) == 6000000);
  CHECK(std::get<std::string>(*a.find("role")) == "foreign minister");
  CHECK(entente::type_name(*a.find("share")) == "real");
  CHECK(entente::type_name(*a.find("since")) == "date");
  CHECK(a.find("missing") == nullptr);
  CHECK(a.erase("secret"));
  CHECK_FALSE(a.erase("secret"));
  CHECK(a.begin()->first == "quantity");  // ordered by key
}

TEST_CASE("model: a date cannot be built from parts that name no date") {
  CHECK_THROWS_WITH_AS(date(2024, 13), "no such date: year 2024, month 13, day 0", entente::error);
  CHECK_THROWS_AS(date(2024, 6, 31), entente::error);
  CHECK_THROWS_AS(date(2024, 0, 5), entente::error);  // a day without a month
  CHECK_THROWS_AS(date(0), entente::error);
  CHECK_THROWS_AS(date(10000), entente::error);
  CHECK(date(2024, 2, 29).day() == 29);
}

TEST_CASE("model: a list attribute holds scalars of one type, or none") {
  using entente::value_list;
  CHECK(entente::type_name(entente::value(value_list{1, 2})) == "list");
  CHECK(entente::type_name(value_list{"a"}.front()) == "string");
  CHECK(entente::list_error(value_list{}).empty());
  CHECK(entente::list_error(value_list{date(2014), date(2024, 6)}).empty());
  CHECK(entente::mismatched_item(value_list{1, 2, "three"}) == 2);
  CHECK(entente::list_error(value_list{1, 2, "three"}) ==
        "list item 2 is a string, but item 0 is an integer (a list holds items of one type)");
  CHECK(entente::list_error(value_list{1, 2.5}) ==
        "list item 1 is a real, but item 0 is an integer (a list holds items of one type)");
  CHECK(entente::list_error(value_list{date(2014), date()}) ==
        "list item 1 is an unset date (a list holds no nulls)");
  CHECK(entente::as_value(value_list{true}.front()) == entente::value(true));
}

TEST_CASE("model: attributes refuse a list of mixed items and compare lists item by item") {
  using entente::value_list;
  attributes a;
  CHECK_THROWS_WITH_AS(a.set("mixed", value_list{true, 1}),
                       "list item 1 is an integer, but item 0 is a bool (a list holds items of "
                       "one type)",
                       entente::error);
  CHECK(a.empty());
  a.set("tags", value_list{"a", "b"});
  attributes b;
  b.set("tags", value_list{"a", "b"});
  CHECK(a == b);
  b.set("tags", value_list{"b", "a"});
  CHECK(a != b);
  b.set("tags", value_list{});
  CHECK(a != b);
}
