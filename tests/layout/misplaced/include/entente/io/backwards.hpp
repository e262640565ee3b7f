#pragma once
// A format that reaches forward into the query stage: the layout check must refuse it.
#include <entente/graph.hpp>
#include <entente/query.hpp>
#include "io/atomic_file.hpp"
