#include <entente/graph.hpp>
#include <doctest/doctest.h>
#include "testing.hpp"
TEST_CASE("smoke") { auto g = entente::testing::small_world(); CHECK(g.num_entities() == 10); }
