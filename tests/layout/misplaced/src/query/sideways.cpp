// The query stage reaching into a format's internals and into analysis: both refused.
#include <entente/analysis/centrality.hpp>
#include <entente/paths.hpp>
#include "io/atomic_file.hpp"
#include "query/engine.hpp"

// Longer than the fixture's limit of five lines, with no reason given.
