// Prints how well `ingest` reads, as Markdown tables for the README: precision and recall per
// relation type and in all, and the evidence level and item of the relations found, on the
// annotated corpus and on the two seed articles (`bash scripts/evaluate-ingest.sh`).

#include "ingest/evaluation.hpp"

#include <fmt/core.h>

#include <string>

using namespace entente::testing::evaluation;

namespace {

std::string ratio(std::size_t n, std::size_t of) {
  return of == 0 ? "–" : fmt::format("{:.2f}", static_cast<double>(n) / static_cast<double>(of));
}

void print(const std::string& title, const report& r) {
  fmt::print(
      "\n{}\n\n| relation type | gold | found | right | precision | recall | evidence right |\n"
      "|---|---:|---:|---:|---:|---:|---:|\n",
      title);
  auto row = [](const std::string& name, const counts& c) {
    fmt::print("| {} | {} | {} | {} | {} | {} | {} |\n", name, c.true_positives + c.false_negatives,
               c.true_positives + c.false_positives, c.true_positives,
               ratio(c.true_positives, c.true_positives + c.false_positives),
               ratio(c.true_positives, c.true_positives + c.false_negatives),
               ratio(c.evidence_right, c.true_positives));
  };
  for (const auto& [type, c] : r.by_type) row("`" + type + "`", c);
  row("**all**", r.all);
  fmt::print("\nItems right on the relations found that have one in the gold: {} of {}.\n",
             r.all.items_right, r.all.items);
}

}  // namespace

int main() {
  const std::filesystem::path dir = ENTENTE_INGEST_DIR;
  report corpus;
  for (const auto& name : corpus_names(dir / "corpus"))
    corpus.add(corpus_article(dir / "corpus", name));
  print("The project's corpus (tests/ingest/corpus/, " +
            std::to_string(corpus_names(dir / "corpus").size()) + " articles):",
        corpus);
  const auto kb =
      entente::io::load(std::filesystem::path(ENTENTE_DATA_DIR) / "korea_russia.kg.json");
  report seeds;
  for (const char* source : seed_sources)
    seeds.add(seed_article(kb, dir / "seeds" / (std::string(source) + ".txt"), source));
  print("The two seed articles against the bundled knowledge base:", seeds);
}
