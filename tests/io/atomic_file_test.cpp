// The atomic replacement every save goes through (src/io/atomic_file.hpp): where its bytes wait
// until the commit, and which temporary files a save removes from its folder.

#include "io/atomic_file.hpp"

#include <entente/error.hpp>

#include <doctest/doctest.h>

#include "io/faults_testing.hpp"
#include "testing.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <fcntl.h>
#include <sys/file.h>

using namespace entente;
using detail::atomic_file;
using detail::temporary;
using testing::names_in;
namespace fs = std::filesystem;

namespace {

void spit(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

/// The one name in `names` that is not `except`; empty when there is none or more than one.
std::string other_than(const std::set<std::string>& names, const std::string& except) {
  std::set<std::string> rest = names;
  rest.erase(except);
  return rest.size() == 1 ? *rest.begin() : std::string();
}

}  // namespace

TEST_CASE("atomic file: an unnamed file shows nothing in the folder until the commit") {
  testing::scratch dir;
  const auto target = dir.path / "world.kg.json";
  spit(target, "old");
  {
    atomic_file out(target);
    out.write("new");
    CHECK(names_in(dir.path) == std::set<std::string>{"world.kg.json"});
    CHECK(testing::read_file(target) == "old");
    out.commit();
  }
  CHECK(testing::read_file(target) == "new");
  CHECK(names_in(dir.path) == std::set<std::string>{"world.kg.json"});
  {
    atomic_file abandoned(target);
    abandoned.write("never");
  }
  CHECK(testing::read_file(target) == "new");
  CHECK(names_in(dir.path) == std::set<std::string>{"world.kg.json"});
}

TEST_CASE("atomic file: a named temporary file, as where O_TMPFILE is refused, goes either way") {
  testing::scratch dir;
  const auto target = dir.path / "world.kga";
  spit(target, "old");
  {
    atomic_file out(target, temporary::named);
    out.write("new");
    const std::string temp = other_than(names_in(dir.path), "world.kga");
    CHECK(temp.starts_with(fmt::format(".world.kga.tmp-{}-", ::getpid())));
    CHECK(testing::read_file(dir.path / temp) == "new");
    out.commit();
  }
  CHECK(testing::read_file(target) == "new");
  CHECK(names_in(dir.path) == std::set<std::string>{"world.kga"});
  {
    atomic_file abandoned(target, temporary::named);
    abandoned.write("never");
  }
  CHECK(names_in(dir.path) == std::set<std::string>{"world.kga"});
}

TEST_CASE("atomic file: a save removes what dead writers left in its folder, of any name") {
  testing::scratch dir;
  const pid_t dead = testing::dead_pid();
  const std::set<std::string> kept = {
      "world.kg.json",
      fmt::format("world.kg.json.tmp-{}-1", dead),       // not hidden: not of the scheme
      fmt::format(".world.kg.json.tmp-{}-1.bak", dead),  // something after the counter
      fmt::format(".world.kg.json.tmp-{}-", dead),       // no counter
      ".world.kg.json.tmp--1-1",                         // no PID
      ".tmp-1-1",                                        // no name
  };
  for (const auto& name : kept) spit(dir.path / name, "x");
  spit(dir.path / fmt::format(".world.kg.json.tmp-{}-7", dead), "half a file");
  spit(dir.path / fmt::format(".other.kga.tmp-{}-12", dead), "half another");
  fs::create_directory(dir.path / fmt::format(".folder.tmp-{}-3", dead));  // not a file

  detail::write_file_atomically(dir.path / "world.kg.json", "new");
  std::set<std::string> expected = kept;
  expected.insert(fmt::format(".folder.tmp-{}-3", dead));
  CHECK(names_in(dir.path) == expected);
  CHECK(testing::read_file(dir.path / "world.kg.json") == "new");
}

TEST_CASE("atomic file: a temporary file its writer holds stays, however old") {
  testing::scratch dir;
  const auto target = dir.path / "world.kga";
  atomic_file other_writer(target, temporary::named);  // holds its lock, as a live writer does
  other_writer.write("the other writer's bytes");
  const std::string held = other_than(names_in(dir.path), "");
  REQUIRE_FALSE(held.empty());

  const auto in_two_days = std::chrono::system_clock::now() + std::chrono::hours(48);
  CHECK(detail::remove_abandoned_temporaries(dir.path, in_two_days) == 0);
  detail::write_file_atomically(target, "mine");
  CHECK(names_in(dir.path) == std::set<std::string>{"world.kga", held});
  other_writer.commit();
  CHECK(testing::read_file(target) == "the other writer's bytes");
  CHECK(names_in(dir.path) == std::set<std::string>{"world.kga"});
}

TEST_CASE("atomic file: an unlocked temporary file of a live PID stays for a minute") {
  // What a writer's file looks like between its creation and its lock, or a dead writer's whose
  // PID another process has taken since: only its age tells them apart.
  testing::scratch dir;
  const std::string name = fmt::format(".world.kga.tmp-{}-999999", ::getpid());
  spit(dir.path / name, "x");
  const auto now = std::chrono::system_clock::now();
  CHECK(detail::remove_abandoned_temporaries(dir.path, now) == 0);
  CHECK(detail::remove_abandoned_temporaries(dir.path, now + std::chrono::seconds(30)) == 0);
  CHECK(fs::exists(dir.path / name));
  CHECK(detail::remove_abandoned_temporaries(dir.path, now + std::chrono::minutes(2)) == 1);
  CHECK_FALSE(fs::exists(dir.path / name));
}

TEST_CASE("atomic file: a temporary file another process holds a lock on stays") {
  testing::scratch dir;
  const pid_t dead = testing::dead_pid();
  const auto file = dir.path / fmt::format(".world.kga.tmp-{}-1", dead);
  spit(file, "x");
  // A lock taken through another open file, as a writer in another PID namespace would hold it.
  detail::unique_fd holder(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  REQUIRE(::flock(holder.get(), LOCK_EX) == 0);
  CHECK(detail::remove_abandoned_temporaries(dir.path) == 0);
  holder.reset();
  CHECK(detail::remove_abandoned_temporaries(dir.path) == 1);
  CHECK_FALSE(fs::exists(file));
}

TEST_CASE("atomic file: a target that is not a regular file is refused before anything is made") {
  testing::scratch dir;
  fs::create_directory(dir.path / "taken");
  CHECK_THROWS_WITH_AS(atomic_file(dir.path / "taken"),
                       ((dir.path / "taken").string() + ": cannot save: it is a folder").c_str(),
                       io_error);
  fs::create_symlink("/dev/full", dir.path / "device.kga");
  CHECK_THROWS_WITH_AS(
      atomic_file(dir.path / "device.kga"),
      ((dir.path / "device.kga").string() + ": cannot save: it is not a regular file").c_str(),
      io_error);
  CHECK(fs::is_character_file("/dev/full"));
  CHECK(names_in(dir.path) == std::set<std::string>{"taken", "device.kga"});
}

TEST_CASE("atomic file: a target whose name is as long as a name may be is saved either way") {
  testing::scratch dir;
  const std::string name = std::string(251, 'n') + ".kga";  // 255 bytes
  for (const auto where : {temporary::unnamed, temporary::named}) {
    atomic_file out(dir.path / name, where);
    out.write(where == temporary::named ? "named" : "unnamed");
    out.commit();
    CHECK(testing::read_file(dir.path / name) == (where == temporary::named ? "named" : "unnamed"));
  }
  CHECK(names_in(dir.path) == std::set<std::string>{name});
}
