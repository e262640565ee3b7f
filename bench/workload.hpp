#pragma once
// What the benchmark programs share: the queries of a workload folder (queries.tsv of
// ../shared/bench/gen_kg.py) and the vocabulary it is read with.

#include <entente/schema.hpp>

#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace entente::bench {

// The 200 path pairs and the 200 neighbour sources of queries.tsv.
struct workload {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::vector<std::string> sources;
};

inline workload read_queries(const std::string& dir) {
  std::ifstream in(dir + "/queries.tsv");
  if (!in) throw std::runtime_error("cannot read " + dir + "/queries.tsv");
  workload w;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto a = line.find('\t');
    auto b = line.find('\t', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    auto kind = line.substr(0, a);
    if (kind == "path") w.pairs.emplace_back(line.substr(a + 1, b - a - 1), line.substr(b + 1));
    if (kind == "neighbors") w.sources.push_back(line.substr(a + 1, b - a - 1));
  }
  return w;
}

// The workload reads every relation as directed, `allied_with` included, which the default
// vocabulary declares symmetric (a path search would follow it both ways).
inline schema directed_vocabulary() {
  auto vocabulary = schema::geopolitics();
  auto allied = vocabulary.relation_type_at(vocabulary.relation_type("allied_with"));
  relation_type_spec directed{.name = allied.name,
                              .symmetric = false,
                              .transitive = allied.transitive,
                              .inverse = allied.inverse,
                              .polarity = allied.polarity,
                              .cameo = allied.cameo,
                              .weight = allied.weight,
                              .quad_class = allied.quad_class,
                              .functional = allied.functional};
  for (auto k : allied.domain) directed.domain.push_back(vocabulary.kind_at(k).name);
  for (auto k : allied.range) directed.range.push_back(vocabulary.kind_at(k).name);
  vocabulary.add_relation_type(directed);
  return vocabulary;
}

}  // namespace entente::bench
