#pragma once
/// Everything entente offers, in one include.

#include <entente/analysis.hpp>
#include <entente/query/parser.hpp>
#include <entente/error.hpp>
#include <entente/format.hpp>
#include <entente/graph.hpp>
#include <entente/graph_merge.hpp>
#include <entente/ingest.hpp>
#include <entente/io/archive.hpp>
#include <entente/io/mapped.hpp>
#include <entente/io/csv.hpp>
#include <entente/io/dot.hpp>
#include <entente/io/graphml.hpp>
#include <entente/io/json.hpp>
#include <entente/io/load.hpp>
#include <entente/io/rdf.hpp>
#include <entente/io/tsv.hpp>
#include <entente/model.hpp>
#include <entente/names.hpp>
#include <entente/paths.hpp>
#include <entente/progress.hpp>
#include <entente/query.hpp>
#include <entente/schema.hpp>
#include <entente/view.hpp>
