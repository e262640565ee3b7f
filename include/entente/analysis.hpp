#pragma once
/// Analysis of a whole graph, one topic per header under entente/analysis/; this one includes
/// them all.

#include <entente/analysis/balance.hpp>
