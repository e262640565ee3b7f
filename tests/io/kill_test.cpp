// Writers killed with SIGKILL at random moments of a save, over and over: after every kill the
// target holds one whole version, the old or the new, and nothing else is left in its folder
// (src/io/atomic_file.hpp says why). Each writer is a process of its own, forked from the test
// with both versions of the graph already built, so that a kill costs a fork rather than a
// graph's construction.

#include "io/atomic_file.hpp"

#include <entente/io/archive.hpp>
#include <entente/io/json.hpp>
#include <entente/io/load.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "io/faults_testing.hpp"
#include "testing.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace entente;
namespace fs = std::filesystem;
using std::chrono::milliseconds;
using clock_type = std::chrono::steady_clock;

namespace {

/// A process saving `g` to `target`: as every program does, or (`named`) through a named
/// temporary file from the start, as on a file system that refuses O_TMPFILE.
class writer {
 public:
  writer(const graph& g, const fs::path& target, bool named) {
    std::fflush(nullptr);  // nothing buffered is written twice
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ > 0) return;
    try {
      if (!named) {
        io::save(g, target);
      } else {
        detail::atomic_file out(target, detail::temporary::named);
        out.write(target.extension() == ".kga" ? io::write_archive(g) : io::write_json(g) + "\n");
        out.commit();
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "writer: %s\n", e.what());
      ::_exit(1);
    }
    ::_exit(0);  // at once: the graph is the test's, and doctest's state too
  }
  writer(const writer&) = delete;
  writer& operator=(const writer&) = delete;
  ~writer() {
    if (pid_ > 0) kill();
  }

  [[nodiscard]] pid_t pid() const noexcept { return pid_; }
  /// Kills the writer; true when the kill came before it had finished.
  bool kill() {
    ::kill(pid_, SIGKILL);
    const int status = wait();
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) return true;
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    return false;
  }
  /// Lets the writer finish; its save must succeed.
  void finish() {
    const int status = wait();
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
  }

 private:
  int wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = 0;  // reaped: the PID may belong to another process from now on
    return status;
  }

  pid_t pid_ = 0;
};

/// The writer of `left`, a temporary file of `name`'s (`.NAME.tmp-PID-N`); 0 for another file.
pid_t writer_of(const std::string& left, const std::string& name) {
  const std::string prefix = "." + name + ".tmp-";
  int pid = 0;
  unsigned long n = 0;
  char after = 0;
  return left.starts_with(prefix) &&
                 std::sscanf(left.c_str() + prefix.size(), "%d-%lu%c", &pid, &n, &after) == 2
             ? pid
             : 0;
}

/// Kills writers of `folder / name` at random moments of their saves, `kills` times, and checks
/// after each that the target holds one whole version, and what else the folder holds.
void kill_writers(const fs::path& folder, const std::string& name, bool named, int kills) {
  const auto target = folder / name;
  // Two versions, and each saved whole: what the target may hold. A save must take long enough
  // for the kills to land all over it; the graph doubles until it does (the quickest of three
  // saves counts).
  std::size_t relations = 20000;
  graph versions[2];
  std::string saved[2];
  milliseconds save_time{};
  for (;;) {
    for (int v : {0, 1})
      versions[v] =
          testing::many_relations(relations / 10, relations + static_cast<std::size_t>(v));
    save_time = milliseconds::max();
    for (int v : {0, 1, 0}) {
      const auto start = clock_type::now();
      writer(versions[v], target, named).finish();
      save_time =
          std::min(save_time, std::chrono::duration_cast<milliseconds>(clock_type::now() - start));
      saved[v] = testing::read_file(target);
    }
    if (save_time > milliseconds(150) || relations >= 640000) break;
    relations *= 2;
  }
  REQUIRE(save_time > milliseconds(100));
  REQUIRE(saved[0] != saved[1]);
  CHECK(io::load(target) == versions[0]);

  const auto seed = std::random_device()();
  INFO("random seed " << seed);
  std::mt19937 random(seed);
  std::uniform_int_distribution<long> moment(0, save_time.count() * 1100);  // µs, a little past
  std::map<pid_t, int> killed;  // the version each killed writer was saving
  int current = 0, mid_save = 0, replaced = 0, left = 0;
  for (int k = 0; k < kills; ++k) {
    INFO("kill " << k);
    const int next = 1 - current;
    writer w(versions[next], target, named);
    std::this_thread::sleep_for(std::chrono::microseconds(moment(random)));
    const pid_t pid = w.pid();
    if (w.kill()) {
      ++mid_save;
      killed[pid] = next;
    }
    const std::string now = testing::read_file(target);
    if (now == saved[next]) {
      current = next;
      ++replaced;
    }
    REQUIRE_MESSAGE(now == saved[current], "the target holds neither version whole");
    // Besides the target, at most one temporary file of a killed writer: one between its link
    // and its rename, whole; or, named from the start, the last one's, or the one before's when
    // the last was killed before its save could sweep.
    auto names = testing::names_in(folder);
    names.erase(name);
    REQUIRE(names.size() <= 1);
    for (const auto& temp : names) {
      const pid_t by = writer_of(temp, name);
      REQUIRE_MESSAGE(killed.contains(by), "left by no killed writer: " << temp);
      ++left;
      if (!named) CHECK(testing::read_file(folder / temp) == saved[killed[by]]);
    }
  }
  // The next save removes what the last kill left.
  writer(versions[1 - current], target, named).finish();
  CHECK(testing::names_in(folder) == std::set<std::string>{name});
  MESSAGE(
      fmt::format("{}{}: {} kills, {} during the save ({} once the new version was in place), "
                  "{} leaving a temporary file; a save of {} relations took {} ms",
                  name, named ? " through named files" : "", kills, mid_save,
                  replaced - (kills - mid_save), left, relations, save_time.count()));
}

}  // namespace

TEST_SUITE("kill") {
  // No commas in these names: doctest's labelling reads them as lists of names.
  TEST_CASE(
      "kill: a JSON save killed at any moment leaves the old or the new file and nothing "
      "else") {
    testing::scratch dir;
    kill_writers(dir.path, "world.kg.json", false, 100);
  }

  TEST_CASE(
      "kill: a snapshot save killed at any moment leaves the old or the new file and "
      "nothing else") {
    testing::scratch dir;
    kill_writers(dir.path, "world.kga", false, 100);
  }

  TEST_CASE("kill: where O_TMPFILE is refused the next save removes what a killed one left") {
    testing::scratch json, snapshot;
    kill_writers(json.path, "world.kg.json", true, 25);
    kill_writers(snapshot.path, "world.kga", true, 25);
  }
}
