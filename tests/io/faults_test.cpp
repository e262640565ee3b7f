// Saving and loading when the disk or the file misbehaves: a full disk, a read-only folder, a
// missing folder, a target that is a folder, a file that shrinks while it is read. Each is a
// clear io_error naming the file, and leaves the old version, and nothing else, behind.

#include <entente/io/load.hpp>
#include <entente/io/tsv.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "io/faults_testing.hpp"
#include "testing.hpp"

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/fanotify.h>
#include <unistd.h>

using namespace entente;
using testing::contains;
namespace fs = std::filesystem;

namespace {

/// The formats that save, each by the name `io::save` knows it by.
struct format {
  const char* what;
  const char* name;
  bool folder;  ///< a folder of files rather than a file
};
constexpr format formats[] = {
    {"JSON", "world.kg.json", false},    {"snapshot", "world.kga", false},
    {"GraphML", "world.graphml", false}, {"DOT", "world.dot", false},
    {"Turtle", "world.ttl", false},      {"TSV", "world", true},
    {"CSV", "world.csv", true},
};

/// Every file under `dir` with its bytes, by its path inside `dir`.
std::map<std::string, std::string> contents(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file())
      files[fs::relative(entry.path(), dir).string()] = testing::read_file(entry.path());
  return files;
}

/// The message of the io_error `call` throws; the test fails when it throws none.
std::string io_error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const io_error& e) {
    return e.what();
  }
  FAIL("no io_error");
  return {};
}

/// A graph that fills several MB in every format.
const graph& large_graph() {
  static const graph g = testing::many_relations(2000, 20000);
  return g;
}

/// Saves a small graph in every format onto `disk`: the old versions.
void save_old_versions(const fs::path& disk) {
  for (const auto& f : formats) io::save(testing::tiny_world(), disk / f.name);
}

/// Saves the large graph in every format onto `disk`: each save must fail with an io_error that
/// names its target and holds `reason(format, target)`, and leave the disk as it was.
template <class Reason>
void check_every_save_fails(const fs::path& disk, Reason reason) {
  const auto before = contents(disk);
  for (const auto& f : formats) {
    CAPTURE(f.what);
    const auto target = disk / f.name;
    const auto message = io_error_of([&] { io::save(large_graph(), target); });
    CHECK(message.starts_with(target.string()));
    CHECK(contains(message, reason(f, target)));
    CHECK(contents(disk) == before);
  }
}

}  // namespace

TEST_CASE("faults: a full disk leaves every format's old version and nothing else") {
  testing::scratch dir;
  testing::small_disk disk(dir.path / "disk", 512 * 1024);
  ENTENTE_REQUIRE_DISK(disk);
  save_old_versions(disk.path);
  check_every_save_fails(disk.path, [](const format&, const fs::path&) {
    return std::string(": cannot save (writing): No space left on device");
  });
}

TEST_CASE("faults: a read-only folder leaves every format's old version") {
  testing::scratch dir;
  testing::small_disk disk(dir.path / "disk", 1024 * 1024);
  ENTENTE_REQUIRE_DISK(disk);
  save_old_versions(disk.path);
  if (!disk.make_read_only()) {
    MESSAGE("skipped: cannot remount the test's tmpfs read-only");
    return;
  }
  check_every_save_fails(disk.path, [&](const format& f, const fs::path& target) {
    return ": cannot save (creating a file in " + (f.folder ? target : disk.path).string() +
           "): Read-only file system";
  });
}

TEST_CASE("faults: saving a file into a missing folder names the folder and creates nothing") {
  testing::scratch dir;
  for (const auto& f : formats) {
    if (f.folder) continue;  // a folder format makes its folder, and the folders above it
    CAPTURE(f.what);
    const auto target = dir.path / "missing" / f.name;
    CHECK(io_error_of([&] { io::save(testing::tiny_world(), target); }) ==
          target.string() + ": cannot save (opening the folder " + (dir.path / "missing").string() +
              "): No such file or directory");
  }
  CHECK(testing::names_in(dir.path).empty());
}

TEST_CASE("faults: saving a file over a folder is refused, and the folder stays as it was") {
  testing::scratch dir;
  for (const auto& f : formats) {
    if (f.folder) continue;
    CAPTURE(f.what);
    const auto target = dir.path / f.name;
    fs::create_directory(target);
    std::ofstream(target / "inside") << "keep";
    CHECK(io_error_of([&] { io::save(testing::tiny_world(), target); }) ==
          target.string() + ": cannot save: it is a folder");
    CHECK(testing::read_file(target / "inside") == "keep");
  }
}

namespace {

/// Holds the first read of `file` until another thread has cut the file to `size`, as another
/// program might between two reads: a fanotify permission event, which needs root. Where
/// fanotify is refused, `held` is false and `why` says why.
class cut_at_first_read {
 public:
  cut_at_first_read(const fs::path& file, std::uintmax_t size) {
    group_ = ::fanotify_init(FAN_CLASS_CONTENT | FAN_CLOEXEC, O_RDONLY);
    if (group_ < 0 ||
        ::fanotify_mark(group_, FAN_MARK_ADD, FAN_ACCESS_PERM, AT_FDCWD, file.c_str()) != 0) {
      why = std::strerror(errno);
      return;
    }
    held = true;
    cutter_ = std::thread([this, file, size] {
      pollfd reading{group_, POLLIN, 0};
      fanotify_event_metadata event{};
      if (::poll(&reading, 1, 10'000) != 1 || ::read(group_, &event, sizeof event) <= 0) return;
      cut = ::truncate(file.c_str(), static_cast<off_t>(size)) == 0;
      // No more events: the reader waits for this one alone.
      ::fanotify_mark(group_, FAN_MARK_FLUSH, 0, AT_FDCWD, nullptr);
      const fanotify_response allow{event.fd, FAN_ALLOW};
      (void)!::write(group_, &allow, sizeof allow);
      ::close(event.fd);
    });
  }
  cut_at_first_read(const cut_at_first_read&) = delete;
  cut_at_first_read& operator=(const cut_at_first_read&) = delete;
  ~cut_at_first_read() {
    if (cutter_.joinable()) cutter_.join();
    if (group_ >= 0) ::close(group_);  // would allow a read still held
  }

  bool held = false;
  std::atomic<bool> cut = false;
  std::string why;

 private:
  int group_ = -1;
  std::thread cutter_;
};

std::string ended_early(const fs::path& file, std::uintmax_t at, std::uintmax_t size) {
  return fmt::format(
      "{}: ended early, at byte {} of the {} it held when opened: it shrank while "
      "it was read",
      file.string(), at, size);
}

}  // namespace

TEST_CASE("faults: a JSON or snapshot file that shrinks while it is read says where it ended") {
  testing::scratch dir;
  for (const std::string name : {"world.kg.json", "world.kga"}) {
    CAPTURE(name);
    const auto file = dir.path / name;
    io::save(large_graph(), file);
    const auto size = fs::file_size(file);
    cut_at_first_read cutter(file, size / 4);
    if (!cutter.held) {
      MESSAGE("skipped: cannot hold a read with fanotify: " << cutter.why);
      return;
    }
    CHECK(io_error_of([&] { (void)io::load(file); }) == ended_early(file, size / 4, size));
    CHECK(cutter.cut);
  }
}

TEST_CASE("faults: a TSV file that shrinks while it is read says where it ended") {
  testing::scratch dir;
  io::save_tsv(large_graph(), dir.path);
  const auto relations = dir.path / "relations.tsv";
  const auto size = fs::file_size(relations);
  bool cut = false;
  io::tsv_options opts;
  opts.buffer_size = 64 * 1024;
  // Cut as soon as the first block is in: the reader must meet the end where the cut put it.
  opts.progress = [&](const progress_report& p) {
    if (!cut && p.task == "reading relations.tsv") {
      fs::resize_file(relations, size / 4);
      cut = true;
    }
  };
  CHECK(io_error_of([&] { (void)io::load_tsv(dir.path, opts); }) ==
        ended_early(relations, size / 4, size));
}
