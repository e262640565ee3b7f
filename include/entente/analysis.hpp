#pragma once
/// Analysis of a whole graph, one topic per header under entente/analysis/, all included here:
/// consistency (schema violations, unsourced relations, contradictions), centrality (PageRank,
/// degrees, betweenness), neighbourhood, components, balance (signed ties, structural balance,
/// unbalanced triads), cooperation (net cooperation by year) and provenance (corroboration).

#include <entente/analysis/balance.hpp>
#include <entente/analysis/centrality.hpp>
#include <entente/analysis/components.hpp>
#include <entente/analysis/consistency.hpp>
#include <entente/analysis/cooperation.hpp>
#include <entente/analysis/neighbourhood.hpp>
#include <entente/analysis/provenance.hpp>
