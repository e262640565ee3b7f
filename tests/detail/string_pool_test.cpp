// detail/string_pool.hpp: interning, lookup, copies, and truncation (a failed write query
// takes back the strings it added).

#include <entente/detail/string_pool.hpp>

#include <doctest/doctest.h>

#include <string>

using entente::detail::string_pool;
using entente::detail::symbol;

TEST_CASE("string pool: a string interned twice has one symbol; symbols are dense") {
  string_pool pool;
  CHECK(pool.intern("RUS") == 0);
  CHECK(pool.intern("a string longer than a slot holds") == 1);
  CHECK(pool.intern("RUS") == 0);
  CHECK(pool.size() == 2);
  CHECK(pool[1] == "a string longer than a slot holds");
  symbol found = 99;
  CHECK(pool.find("RUS", found));
  CHECK(found == 0);
  CHECK_FALSE(pool.find("UKR", found));
}

TEST_CASE("string pool: truncation forgets the later strings and keeps the earlier ones") {
  string_pool pool;
  // Enough strings for several rehashes, so that later ones sit in the probe chains of
  // earlier ones.
  for (int i = 0; i < 5000; ++i) (void)pool.intern("s" + std::to_string(i));
  pool.truncate(2500);
  CHECK(pool.size() == 2500);
  symbol found = 0;
  for (int i = 0; i < 5000; ++i) {
    bool kept = pool.find("s" + std::to_string(i), found);
    CHECK(kept == (i < 2500));
    if (kept) CHECK(found == static_cast<symbol>(i));
  }
  // A forgotten string comes back as a new symbol; truncating past the end changes nothing.
  CHECK(pool.intern("s4000") == 2500);
  pool.truncate(5000);
  CHECK(pool.size() == 2501);
  CHECK(string_pool(pool).size() == 2501);
}
