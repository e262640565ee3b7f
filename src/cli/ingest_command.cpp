// `entente ingest ARTICLE [--graph G] [--source-id ID] [--format review|json] [--accept OUT]`
// (DESIGN §4): the relations an article states, proposed for a person to accept.

#include "cli.hpp"

#include <entente/entente.hpp>
#include <entente/ingest.hpp>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace entente::cli {
namespace {

struct ingest_request {
  std::string article;
  std::string source_id;
  std::string source_title;
  std::string published;
  std::string accept;
  std::vector<std::size_t> pick;  // 1-based, as the review numbers them
  std::vector<std::string> lexicons;
  double min_confidence = 0;
};

std::string read_article(const std::string& file) {
  std::string text;
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in || std::filesystem::is_directory(file))
      throw io_error(fmt::format("cannot read the article '{}'", file));
    std::ostringstream all;
    all << in.rdbuf();
    text = all.str();
  }
  return text;
}

// A source id from the file's name: "articles/Kim backs Putin.md" -> "kim-backs-putin".
std::string id_from_file(const std::string& file) {
  const std::string id =
      kebab_id(file == "-" ? "article" : std::filesystem::path(file).stem().string());
  return id.empty() ? "article" : id;
}

json actor_json(const ingest_actor& a) {
  if (a.entity) return a.id;
  return {{"new", {{"kind", a.kind}, {"name", a.name}}}};
}

json candidates_json(const ingest_result& r) {
  json out = json::array();
  for (const auto& c : r.candidates) {
    json attributes = json::object();
    for (const auto& [k, v] : c.attributes) attributes[k] = v;
    out.push_back({{"from", actor_json(c.from)},
                   {"type", c.type},
                   {"to", actor_json(c.to)},
                   {"attributes", attributes},
                   {"evidence", std::string(to_string(c.evidence))},
                   {"span", {c.quote_span.begin, c.quote_span.end}},
                   {"quote", c.quote},
                   {"confidence", std::round(c.confidence * 100) / 100}});
  }
  return out;
}

std::string actor_text(const ingest_actor& a) {
  std::string text =
      a.entity ? fmt::format("{} ({})", a.name, a.id) : fmt::format("{} (new {})", a.name, a.kind);
  if (a.via != "name" && a.via != "new" && a.written != a.name)
    text += fmt::format(" ← “{}”, {}", a.written, a.via);
  return text;
}

std::string shortened(std::string_view text, std::size_t most) {
  if (text.size() <= most) return std::string(text);
  std::size_t cut = most;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

void print_review(const ingest_result& r, const source_info& source) {
  std::size_t existing = 0;
  for (const auto& c : r.candidates) existing += c.existing ? 1 : 0;
  fmt::print("{} sentences, {} candidate relations ({} already in the graph), {} new entities\n",
             r.sentences.size(), r.candidates.size(), existing, r.new_entities.size());
  fmt::print("source: {}{}{}\n", source.id,
             source.title.empty() ? "" : fmt::format(" “{}”", source.title),
             source.published.is_set() ? fmt::format(" ({})", source.published.to_string()) : "");
  std::size_t shown_sentence = static_cast<std::size_t>(-1);
  for (std::size_t i = 0; i < r.candidates.size(); ++i) {
    const auto& c = r.candidates[i];
    if (c.sentence != shown_sentence) {
      shown_sentence = c.sentence;
      const auto& s = r.sentences[c.sentence];
      fmt::print("\nsentence {} (characters {}–{})\n  “{}”\n", c.sentence + 1, s.span.begin,
                 s.span.end, shortened(s.text, 240));
    }
    fmt::print("  [{}] {} {} {}\n", i + 1, actor_text(c.from), c.type, actor_text(c.to));
    for (const auto& [k, v] : c.attributes) fmt::print("      {}: {}\n", k, v);
    fmt::print(
        "      evidence {}{}; confidence {:.2f}\n", to_string(c.evidence),
        c.evidence_cue.empty() ? " (a plain statement)" : fmt::format(" (“{}”)", c.evidence_cue),
        c.confidence);
    fmt::print("      quote: “{}”\n", c.quote);
    if (c.existing)
      fmt::print("      already in the graph (relation {}): accepting adds the citation\n",
                 *c.existing);
  }
  if (!r.new_entities.empty()) {
    fmt::print("\nnew entities (not in the graph; accepting a candidate adds its own):\n");
    std::vector<table_row> rows;
    for (const auto& e : r.new_entities)
      rows.push_back({{e.kind, e.name,
                       fmt::format("{} mention{}, first at character {}", e.mentions,
                                   e.mentions == 1 ? "" : "s", e.first.begin)},
                      {}});
    print_table(rows, "  ");
  }
  if (!r.unknown_cues.empty()) {
    fmt::print("\nwords between two actors that no pattern reads (a lexicon may learn them):\n");
    std::vector<table_row> rows;
    for (const auto& u : r.unknown_cues)
      rows.push_back(
          {{u.from, fmt::format("“{}”", u.words), u.to, fmt::format("sentence {}", u.sentence + 1)},
           {}});
    print_table(rows, "  ");
  }
  if (!r.candidates.empty())
    fmt::print("\naccept them with --accept OUT, or some with --accept OUT --pick 1,2,…\n");
}

int run_ingest(const ingest_request& req, const common_options& common) {
  const std::string text = read_article(req.article);
  entente::lexicon lex = lexicon::builtin();
  for (const auto& file : req.lexicons) lex.add_file(file);
  const auto g = load_graph(common);

  source_info source;
  source.id = req.source_id.empty() ? id_from_file(req.article) : req.source_id;
  if (auto known = g.find_source(source.id)) source = g.source_at(*known);
  if (!req.source_title.empty()) source.title = req.source_title;
  if (auto d = date_option(req.published, "--published")) source.published = *d;

  ingest_options options;
  options.lexicon = &lex;
  options.min_confidence = req.min_confidence;
  const auto result = [&] {
    try {
      return ingest(g, text, options);
    } catch (const parse_error& e) {  // bytes that are not UTF-8, by line and column
      throw parse_error(
          fmt::format("{}: {}", req.article == "-" ? "the article" : req.article, e.what()));
    }
  }();
  if (source.title.empty())
    for (const auto& s : result.sentences)
      if (s.role == sentence_role::heading) {
        source.title = s.text;
        break;
      }

  if (common.format == "json")
    fmt::print("{}\n", candidates_json(result).dump(2));
  else
    print_review(result, source);

  if (req.accept.empty()) return ok;
  std::vector<std::size_t> chosen;
  if (req.pick.empty())
    for (std::size_t i = 0; i < result.candidates.size(); ++i) chosen.push_back(i);
  for (auto n : req.pick) {
    if (n == 0 || n > result.candidates.size())
      throw error(fmt::format("--pick: no candidate {} (they are numbered 1 to {})", n,
                              result.candidates.size()));
    chosen.push_back(n - 1);
  }
  auto grown = g;
  const auto done = accept_candidates(grown, result, chosen, source);
  {
    terminal_progress progress("writing " + std::filesystem::path(req.accept).filename().string());
    io::save(grown, req.accept);
  }
  fmt::print(
      stderr,
      "entente: accepted {} candidates: {} relations added, {} citations added to "
      "relations already there, {} new entities{}; wrote {}\n",
      chosen.size(), done.relations_added, done.citations_added, done.entities_added.size(),
      done.entities_added.empty() ? "" : fmt::format(" ({})", fmt::join(done.entities_added, ", ")),
      req.accept);
  return ok;
}

}  // namespace

command add_ingest_command(CLI::App& app, common_options& common) {
  auto* sub = app.add_subcommand("ingest", "candidate relations read from an article");
  auto req = std::make_shared<ingest_request>();
  sub->add_option("ARTICLE", req->article,
                  "the article: plain text or Markdown, UTF-8 (- reads standard input)")
      ->required();
  sub->add_option("--source-id", req->source_id,
                  "the article's id in the graph's sources (default: from its file name)");
  sub->add_option("--source-title", req->source_title, "its title (default: its first heading)");
  sub->add_option("--published", req->published, "when it was published (2024-06-19)");
  sub->add_option("--format", common.format, "review (for a person) or json")
      ->transform(CLI::IsMember({"review", "json", "table"}));
  sub->add_option("--accept", req->accept,
                  "add the candidates to the graph and write it here (by extension)");
  sub->add_option("--pick", req->pick, "with --accept: only these candidates (1,3,…)")
      ->delimiter(',')
      ->check(whole_number(1, 1000000));
  sub->add_option("--lexicon", req->lexicons, "a .lex file of further cues (repeatable)");
  sub->add_option("--min-confidence", req->min_confidence, "leave out candidates below (0..1)")
      ->check(CLI::Range(0.0, 1.0));
  sub->footer(
      "The graph (--graph, default the bundled knowledge base) supplies the actors by their "
      "names and aliases in any script; the lexicon (built in, extended with --lexicon) the "
      "relation patterns and evidence cues. Each candidate shows its quote, evidence and "
      "confidence; one the graph already states adds its citation when accepted.");
  return {sub, [req, &common] {
            if (common.format == "table") common.format = "review";
            return run_ingest(*req, common);
          }};
}

}  // namespace entente::cli
