// Many readers of one graph: eight threads run a shuffled mix of queries, prepared queries, path
// searches, views, rankings, exports and name lookups over one shared const graph whose indexes
// no one has built yet, and every answer must be the one a single thread gave first.

#include <entente/entente.hpp>

#include <doctest/doctest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <latch>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace entente;

namespace {

// Syllables that ICU transliterates back to the Latin ones, so that a Cyrillic spelling of a
// generated name finds it through the transliterated keys.
constexpr const char* latin_syllables[] = {"ka", "ri", "mo", "to", "lu",
                                           "na", "si", "vi", "do", "pa"};
constexpr const char* cyrillic_syllables[] = {"ка", "ри", "мо", "то", "лу",
                                              "на", "си", "ви", "до", "па"};

// Entity i's name: two words of two syllables, a syllable per decimal digit (123 is "kari moto").
std::string generated_name(std::size_t i, const char* const (&syllables)[10]) {
  auto word = [&](std::size_t high, std::size_t low) {
    return std::string(syllables[high % 10]) + syllables[low % 10];
  };
  return word(i / 1000, i / 100) + " " + word(i / 10, i);
}

// A few thousand states, organisations and people joined by about fourteen relations each:
// large enough that the index builds on two cores and PageRank splits its entities between
// threads, and that the readers' work overlaps. Every tenth entity has a Cyrillic alias.
graph generated_world(std::size_t n = 5000) {
  graph g;
  g.add_source({"wire", "A wire service", "", date(2020), ""});
  g.add_source({"late", "A later report", "", date(2024, 6), ""});
  const char* kinds[] = {"State", "Organization", "Person"};
  for (std::size_t i = 0; i < n; ++i) {
    std::string name = generated_name(i, latin_syllables);
    name[0] = static_cast<char>(name[0] - 'a' + 'A');  // "Kari Moto"
    name[5] = static_cast<char>(name[5] - 'a' + 'A');
    entity_spec spec{fmt::format("e{}", i), kinds[i % 3], name, {}, {}, {}};
    if (i % 10 == 0) spec.aliases.push_back(generated_name(i, cyrillic_syllables));
    g.add_entity(spec);
  }
  const char* types[] = {"supports", "sanctions", "allied_with", "condemns",
                         "supplies", "aids",      "opposes",     "meets_with"};
  std::mt19937 random(2024);
  for (std::size_t i = 0; i < 14 * n; ++i) {
    auto from = static_cast<entity_index>(random() % n);
    auto to =
        static_cast<entity_index>(i % 3 == 0 ? (from * 7 + 1 + random() % 40) % n : random() % n);
    auto level = static_cast<evidence>(1 + random() % 4);  // speculated to confirmed
    auto r = g.add_relation(from, g.schema().relation_type(types[random() % 8]), to, level,
                            {date(2000 + static_cast<int>(random() % 25)), {}});
    if (i % 5 == 0) g.add_citation(r, citation{i % 10 == 0 ? 1u : 0u, "", std::nullopt});
  }
  return g;
}

std::string text(const path& p) {
  std::string out = fmt::format("{}", p.source());
  for (const auto& s : p.steps()) out += fmt::format(" {}{}", s.reversed ? "<" : ">", s.relation);
  return out;
}
std::string text(const std::optional<path>& p) { return p ? text(*p) : "none"; }
std::string text(const path_result& r) {
  std::string out;
  for (const auto& p : r.paths) out += text(p) + "; ";
  return out + r.why_cut;
}
std::string text(const result_set& rows) {
  std::string out = fmt::format("{}", fmt::join(rows.columns(), " | "));
  for (const auto& row : rows) out += fmt::format("\n{}", fmt::join(row, " | "));
  return out + "\n" + rows.why_cut();
}
template <class T>
std::string text(const std::vector<T>& values) {
  return fmt::format("{} | ", fmt::join(values, " "));
}
std::string text(const graph& g, const std::vector<entity_index>& found) {
  std::string out;
  for (auto e : found) out += std::string(g.entity(e).id()) + " ";
  return out;
}

// What one thread keeps for itself: objects that serve one thread at a time.
struct own {
  std::optional<prepared_query> kb_suppliers;
  std::optional<prepared_query> big_reach;
  std::optional<path_searcher> big_searcher;
};

// The graphs and the objects every thread shares.
struct shared {
  const graph& kb;
  const graph& big;
  view kb_sure;        // one view read by every thread
  view big_alliances;  // likewise, on the generated world
  path_expression kb_support, big_support;
  // One prepared query that the threads take turns with, as its documentation allows.
  std::mutex turn;
  std::optional<prepared_query> taken_in_turn;

  shared(const graph& kb_graph, const graph& big_graph)
      : kb(kb_graph),
        big(big_graph),
        kb_sure(make_view(kb, {.min_evidence = evidence::reported})),
        big_alliances(
            make_view(big, {.relation_types = {"allied_with", "supports"}, .kinds = {"State"}})),
        kb_support(kb.schema(), "(supports|supplies)+/wages_war_on"),
        big_support(big.schema(), "supports/(aids|supplies)*/sanctions") {}
};

struct task {
  std::string name;
  int repeat;  // how many times each thread runs it
  std::function<std::string(shared&, own&)> run;
};

// The work, each item answering with text that the single-threaded run must match.
std::vector<task> tasks() {
  std::vector<task> all;
  auto add = [&](std::string name, int repeat, std::function<std::string(shared&, own&)> run) {
    all.push_back({std::move(name), repeat, std::move(run)});
  };

  // Cypher, on the bundled knowledge base and on the generated world.
  const std::pair<const char*, const char*> cypher[] = {
      {"kb",
       "MATCH (a)-[r:supplies]->({id: 'RUS'}) RETURN a.id, r.item, r.evidence ORDER BY r.item"},
      {"kb",
       "MATCH (a:State)-[:supports*1..2]->(b) RETURN a.name, count(DISTINCT b) AS n "
       "ORDER BY n DESC, a.name"},
      {"kb", "MATCH p = shortestPath((a {id: 'kim-jong-un'})-[*..6]-(b {id: 'UKR'})) RETURN p"},
      {"kb", "MATCH (n) WHERE 'DPRK' IN n.aliases RETURN n"},
      {"big", "MATCH ({id: 'e42'})-[:supports|aids*1..2]->(b) RETURN count(DISTINCT b)"},
      {"big",
       "MATCH (a:State)-[r:sanctions]->(b:Person) WHERE r.evidence = 'confirmed' "
       "RETURN count(r)"},
      {"big",
       "MATCH (a {name: 'Kari Moto'})-[r]-(b) RETURN type(r), b.id "
       "ORDER BY b.id, type(r)"},
  };
  for (const auto& [which, q] : cypher)
    add(fmt::format("query on {}: {}", which, q), 4, [which = which, q = q](shared& s, own&) {
      return text(query(std::string_view(which) == "kb" ? s.kb : s.big, q));
    });
  add("query with parameters and a date", 4, [](shared& s, own&) {
    return text(query(s.kb,
                      "MATCH (a)-[r]->(b {id: $id}) RETURN a.id, type(r) ORDER BY a.id, type(r)",
                      {.parameters = {{"id", std::string("PRK")}}, .as_of = date(2023)}));
  });

  // Prepared queries: each thread plans its own, and one is passed from thread to thread.
  add("own prepared query on kb", 4, [](shared& s, own& mine) {
    if (!mine.kb_suppliers)
      mine.kb_suppliers.emplace(s.kb,
                                "MATCH (a)-[:supplies]->(b {id: $id}) RETURN count(DISTINCT a)");
    std::string out;
    for (const char* id : {"RUS", "PRK", "UKR", "IRN"})
      out += text(mine.kb_suppliers->run({.parameters = {{"id", std::string(id)}}}));
    return out;
  });
  add("own prepared query on the generated world", 3, [](shared& s, own& mine) {
    if (!mine.big_reach)
      mine.big_reach.emplace(s.big,
                             "MATCH ({id: $id})-[:supports*1..2]->(b) RETURN count(DISTINCT b)");
    std::string out;
    for (int i = 0; i < 5000; i += 611)
      out += text(mine.big_reach->run({.parameters = {{"id", fmt::format("e{}", i)}}}));
    return out;
  });
  add("prepared query taken in turn", 4, [](shared& s, own&) {
    std::lock_guard lock(s.turn);
    if (!s.taken_in_turn)
      s.taken_in_turn.emplace(s.kb,
                              "MATCH (a)-[r]->({id: $id}) RETURN type(r), count(*) "
                              "ORDER BY type(r)");
    return text(s.taken_in_turn->run({.parameters = {{"id", std::string("RUS")}}}));
  });

  // Path searches.
  add("shortest paths on kb", 6, [](shared& s, own&) {
    const auto kim = s.kb.at("Kim Jong-un"), ukr = s.kb.at("Ukraine");
    return text(shortest_path(s.kb, kim, ukr)) + " / " +
           text(shortest_path(s.kb, kim, ukr,
                              {.via = {"supports", "leads", "wages_war_on"},
                               .direction = direction::any,
                               .min_evidence = evidence::confirmed})) +
           " / " + text(k_shortest_paths(s.kb, kim, ukr, 4, {.direction = direction::any}));
  });
  add("path expressions on kb", 6, [](shared& s, own&) {
    const auto prk = s.kb.at("PRK"), ukr = s.kb.at("UKR");
    return text(rpq_shortest_path(s.kb, prk, ukr, s.kb_support)) + " / " +
           text(rpq_paths(s.kb, prk, ukr, s.kb_support, {.max_hops = 4}));
  });
  add("shortest paths on the generated world", 2, [](shared& s, own&) {
    std::string out;
    for (entity_index a = 3; a < 5000; a += 797) {
      const auto b = static_cast<entity_index>((a * 13 + 5) % 5000);
      out += text(shortest_path(s.big, a, b, {.via = {"supports", "allied_with"}})) + " / " +
             text(k_shortest_paths(s.big, a, b, 3, {.direction = direction::any, .max_hops = 4}));
      out += " / " + text(rpq_shortest_path(s.big, a, b, s.big_support, {.max_hops = 6})) + " / " +
             text(rpq_reachable(s.big, a, s.big_support, {.max_hops = 3})) + "\n";
    }
    return out;
  });
  add("own path searcher on the generated world", 3, [](shared& s, own& mine) {
    if (!mine.big_searcher)
      mine.big_searcher.emplace(
          s.big, path_options{.via = {"sanctioned_by", "condemns"}, .direction = direction::any});
    std::string out;
    for (entity_index a = 1; a < 5000; a += 499)
      out += text(mine.big_searcher->find(a, 4999 - a)) + "; ";
    return out;
  });

  // Views, one made per run and one shared.
  add("a view of kb, made here", 6, [](shared& s, own&) {
    auto v = make_view(
        s.kb, {.relation_types = {"supports", "supplies", "aids"}, .as_known = date(2024, 12)});
    return fmt::format("{} {} ", num_edges(v), text(degrees(v))) + text(pagerank(v));
  });
  add("the shared view of kb", 6, [](shared& s, own&) {
    return fmt::format("{} ", num_edges(s.kb_sure)) + text(degrees(s.kb_sure)) +
           text(betweenness(s.kb_sure, {.directed = false}));
  });
  add("the shared view of the generated world", 2, [](shared& s, own&) {
    return fmt::format("{} ", num_edges(s.big_alliances)) +
           text(pagerank(s.big_alliances, {.threads = 2}));
  });

  // Rankings.
  add("pagerank and betweenness of kb", 6, [](shared& s, own&) {
    return text(pagerank(s.kb)) + text(betweenness(s.kb)) + text(betweenness(s.kb, {.threads = 2}));
  });
  add("pagerank of the generated world", 2, [](shared& s, own&) {
    return text(pagerank(s.big)) + text(pagerank(s.big, {.threads = 2}));
  });
  add("betweenness of a part of the generated world on two threads", 1, [](shared& s, own&) {
    auto part = make_view(s.big, {.relation_types = {"allied_with"}, .kinds = {"State"}});
    return text(betweenness(part, {.threads = 2}));
  });

  // Exports, and a snapshot read back (on two threads of its own, for the generated world).
  add("exports of kb", 3, [](shared& s, own&) {
    return io::write_json(s.kb) + io::write_dot(s.kb) + io::write_graphml(s.kb) +
           io::write_rdf(s.kb) + io::write_archive(s.kb, io::archive_format::text);
  });
  add("a snapshot of the generated world, read back", 1, [](shared& s, own&) {
    const graph back = io::read_archive(io::write_archive(s.big));
    if (!(back == s.big)) throw error("the snapshot read back differs");
    return fmt::format("{} {}", back.num_entities(), back.num_relations());
  });

  // Names, in any script, and what a misspelling suggests.
  add("names in kb", 8, [](shared& s, own&) {
    std::string out;
    for (const char* name : {"Ким Чен Ын", "김정은", "北京", "Rossiya", "Severnaya Koreya",
                             "united states of america", "Лавров", "Kiev", "nobody at all"}) {
      auto e = s.kb.find(name);
      out += e ? std::string(s.kb.entity(*e).id()) + " " : "- ";
    }
    out += text(s.kb, s.kb.find_all("Putin"));
    out += text(s.kb.names().suggest("Lavrof")) + text(s.kb.names().suggest("Путн"));
    try {
      (void)s.kb.at("Kim Jong Il");
    } catch (const lookup_error& e) {
      out += text(e.suggestions());
    }
    return out + fmt::format("{} {}", s.kb.at("Пхеньян"), s.kb.at("소련"));
  });
  add("names in the generated world", 3, [](shared& s, own&) {
    std::string out;
    for (std::size_t i = 0; i < 5000; i += 373) {
      // A Latin name and its Cyrillic spelling: stored for every tenth entity, found through
      // the transliterated keys for the others.
      auto latin = s.big.find(generated_name(i, latin_syllables));
      auto cyrillic = s.big.find(generated_name(i, cyrillic_syllables));
      out += fmt::format("{} {} ", latin ? *latin : no_index, cyrillic ? *cyrillic : no_index);
    }
    out += text(s.big.names().suggest("Kari Motu"));
    try {
      (void)s.big.at("Kari Motulu Pa");
    } catch (const lookup_error& e) {
      out += text(e.suggestions());
    }
    return out;
  });
  return all;
}

// Runs `t`, an exception being an answer too.
std::string answer(const task& t, shared& s, own& mine) {
  try {
    return t.run(s, mine);
  } catch (const std::exception& e) {
    return std::string("threw: ") + e.what();
  }
}

}  // namespace

TEST_CASE("threads: eight readers of one graph give the answers one reader gives") {
  const auto all = tasks();

  // The answers of one thread, on graphs of their own.
  const graph kb_alone = io::load(io::bundled_graph_path());
  const graph big_alone = generated_world();
  std::vector<std::string> expected;
  {
    shared alone(kb_alone, big_alone);
    own mine;
    for (const auto& t : all) expected.push_back(answer(t, alone, mine));
  }

  // Copies start without indexes (detail::lazy): the threads race to build the adjacency,
  // kind and name indexes and the transliterated name keys on first use.
  const graph kb = kb_alone;
  const graph big = big_alone;
  REQUIRE(kb == kb_alone);
  REQUIRE(big == big_alone);
  shared together(kb, big);

  constexpr std::size_t readers = 8;
  struct report {
    std::size_t runs = 0;
    std::vector<std::string> wrong;
  };
  std::vector<report> reports(readers);
  std::latch start(readers);
  std::vector<std::thread> threads;
  const auto began = std::chrono::steady_clock::now();
  for (std::size_t t = 0; t < readers; ++t)
    threads.emplace_back([&, t] {
      std::vector<std::size_t> order;
      for (std::size_t i = 0; i < all.size(); ++i)
        order.insert(order.end(), static_cast<std::size_t>(all[i].repeat), i);
      std::shuffle(order.begin(), order.end(), std::mt19937(static_cast<unsigned>(t)));
      own mine;
      start.arrive_and_wait();
      for (std::size_t i : order) {
        auto got = answer(all[i], together, mine);
        ++reports[t].runs;
        if (got != expected[i])
          reports[t].wrong.push_back(
              fmt::format("{}:\n  expected {}\n  got {}", all[i].name, expected[i], got));
      }
    });
  for (auto& th : threads) th.join();
  const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - began);

  std::size_t runs = 0;
  for (std::size_t t = 0; t < readers; ++t) {
    runs += reports[t].runs;
    for (const auto& w : reports[t].wrong) FAIL_CHECK("thread ", t, ": ", w);
  }
  MESSAGE(runs << " runs of " << all.size() << " kinds of work on " << readers << " threads in "
               << took.count() << " s");
  for (std::size_t i = 0; i < all.size(); ++i)
    CHECK_MESSAGE(expected[i].rfind("threw", 0) != 0, all[i].name, ": ", expected[i]);
}
