// Net cooperation between two actors, year by year.

#include <entente/analysis/cooperation.hpp>
#include <entente/view.hpp>

#include <doctest/doctest.h>

#include "states.hpp"
#include "testing.hpp"

using namespace entente;
using testing::states;

TEST_CASE("analysis: net cooperation between North Korea and Russia, year by year") {
  auto g = testing::small_world();
  auto series = net_cooperation(g, g.at("PRK"), g.at("RUS"));
  // supports since 2024 (3.4), supports since 2022 (3.4), supplies since 2023-09 (8.3), aids
  // undated (7.4); open ends reach 2025, the latest year the graph names (article-b).
  REQUIRE(series.years.size() == 4);
  CHECK(series.years[0].year == 2022);
  CHECK(series.years[0].score == doctest::Approx(3.4));
  CHECK(series.years[1].year == 2023);
  CHECK(series.years[1].score == doctest::Approx(11.7));
  CHECK(series.years[2].score == doctest::Approx(15.1));
  CHECK(series.years[3].year == 2025);
  CHECK(series.years[3].relations.size() == 3);
  CHECK(series.undated.score == doctest::Approx(7.4));
  CHECK(series.undated.relations.size() == 1);
  CHECK(series.total == doctest::Approx(22.5));
  CHECK(series.relations.size() == 4);
  CHECK(net_cooperation(g, g.at("RUS"), g.at("PRK")).total == doctest::Approx(22.5));

  auto clipped = net_cooperation(g, g.at("PRK"), g.at("RUS"), {.last_year = 2023});
  CHECK(clipped.years.size() == 2);
  CHECK(clipped.total == doctest::Approx(22.5));
}

TEST_CASE("analysis: net cooperation weighs conflict negatively, skips denials, has gaps") {
  auto g = states({"A", "B"}, {});
  g.add_relation({"A", "sanctions", "B", evidence::confirmed, {date(2010), date(2011)}});
  g.add_relation({"B", "supports", "A", evidence::reported, {date(2014, 3), date(2014, 5)}});
  g.add_relation({"A", "aids", "B", evidence::denied, {date(2012), {}}});
  auto series = net_cooperation(g, g.at("A"), g.at("B"));
  REQUIRE(series.years.size() == 5);  // 2010..2014, 2012 and 2013 empty
  CHECK(series.years[0].score == doctest::Approx(-8.0));
  CHECK(series.years[1].score == doctest::Approx(-8.0));
  CHECK(series.years[2].year == 2012);
  CHECK(series.years[2].relations.empty());
  CHECK(series.years[4].score == doctest::Approx(3.4));
  CHECK(series.total == doctest::Approx(-4.6));
  CHECK(series.undated.relations.empty());

  auto sure = make_view(g, {.min_evidence = evidence::confirmed});
  CHECK(net_cooperation(sure, g.at("A"), g.at("B")).total == doctest::Approx(-8.0));
}

TEST_CASE("analysis: net cooperation rejects bad input") {
  auto g = testing::small_world();
  CHECK_THROWS_AS((void)net_cooperation(g, 0, 99), lookup_error);
  CHECK_THROWS_WITH_AS(
      (void)net_cooperation(g, g.at("PRK"), g.at("RUS"), {.first_year = 2025, .last_year = 2020}),
      "net_cooperation: first_year 2025 is after last_year 2020", entente::error);
}
