#pragma once
/// Progress of long work (loading a large TSV folder, betweenness on a large graph), for a
/// caller that shows it: a terminal line, a log, a progress bar.

#include <cstdint>
#include <functional>
#include <string_view>

namespace entente {

/// How far a piece of work has come.
struct progress_report {
  std::string_view task;    ///< what is being done: "reading relations.tsv", "betweenness"
  std::uint64_t done = 0;   ///< units done so far (bytes, sources, …)
  std::uint64_t total = 0;  ///< units in all; 0 when not known
};

/// Called now and then during long work, on the thread that started it, with `done` never
/// going back and a last call with `done == total` when the task completes. It should be cheap;
/// an exception it throws stops the work and comes out of the call that started it (a way to
/// cancel).
using progress_callback = std::function<void(const progress_report&)>;

}  // namespace entente
