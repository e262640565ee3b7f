// The shared benchmark workload's distribution (../shared/bench/gen_kg.py), written as it is
// drawn, for sizes whose rows do not fit in memory at once (100M relations, 20M entities):
//
//     entente-gen-stream --entities N --relations M [--seed S] [--zipf S] --out DIR
//
// Writes DIR/entities.tsv, DIR/relations.tsv and DIR/queries.tsv in the shared generator's
// layout: the same kinds and their shares, the same relation types with their frequencies and
// endpoint kinds, evidence 50/35/15, `since` uniform over 1990–2025, endpoints drawn with weight
// 1/rank^s over a seeded permutation (no self-loops), 200 path pairs and 200 neighbour sources.
// The files are not byte-identical to the shared generator's (another random generator), but
// their distribution is the same, which bench/scale.sh checks against the Boost.Graph reference
// at 1M relations. Memory: the endpoint pools (a cumulative weight and an index per entity and
// pool), about 80 bytes per entity; the relations are streamed.

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

enum kind : std::uint8_t { state, person, organization, agreement, item, kind_count };
constexpr std::array<const char*, kind_count> kind_names = {"state", "person", "organization",
                                                            "agreement", "item"};
constexpr std::array<double, kind_count> kind_shares = {0.02, 0.40, 0.20, 0.08, 0.30};

using kind_set = std::uint8_t;  // a bit per kind
constexpr kind_set bit(kind k) { return static_cast<kind_set>(1u << k); }
constexpr kind_set actor = bit(state) | bit(person) | bit(organization);
constexpr kind_set state_org = bit(state) | bit(organization);

struct relation_type {
  const char* name;
  int frequency;
  kind_set from;
  kind_set to;
};
constexpr std::array<relation_type, 20> relation_types = {{
    {"supports", 10, actor, actor},
    {"supplies", 8, state_org, state_org},
    {"sanctions", 5, state_org, actor},
    {"allied_with", 4, state_org, state_org},
    {"condemns", 6, actor, actor},
    {"leads", 2, bit(person), state_org},
    {"member_of", 6, actor, bit(organization)},
    {"party_to", 5, state_org, bit(agreement)},
    {"visits", 5, bit(person), bit(state)},
    {"opposes", 6, actor, actor},
    {"trades_with", 5, state_org, state_org},
    {"seeks", 5, actor, bit(item)},
    {"cooperates_with", 5, state_org, state_org},
    {"aids", 4, state_org, actor},
    {"hosts", 3, state_org, bit(person)},
    {"meets_with", 6, bit(person), bit(person)},
    {"praises", 4, actor, actor},
    {"threatens", 4, actor, state_org},
    {"signed", 4, actor, bit(agreement)},
    {"holds_office", 3, bit(person), state_org},
}};
constexpr std::array<const char*, 3> evidence_names = {"confirmed", "reported", "alleged"};
constexpr std::array<int, 3> evidence_weights = {50, 35, 15};

constexpr std::array<const char*, 24> syllables = {
    "ka",  "ri",  "mo",  "sen", "tal", "vor", "na",  "lek", "dra", "pol", "um",  "zi",
    "ber", "gan", "hol", "ish", "jun", "kov", "lin", "mar", "nor", "os",  "pra", "ruk"};
constexpr std::array<const char*, 10> org_suffixes = {
    "Council", "Ministry",  "Corporation", "Agency", "Front",
    "Union",   "Institute", "Brigade",     "Bank",   "Party"};
constexpr std::array<const char*, 10> item_kinds = {"artillery shells",
                                                    "ballistic missiles",
                                                    "drones",
                                                    "rifles",
                                                    "fuel",
                                                    "grain",
                                                    "satellite technology",
                                                    "radar systems",
                                                    "armoured vehicles",
                                                    "machine tools"};

struct options {
  std::uint64_t entities = 0;
  std::uint64_t relations = 0;
  std::uint64_t seed = 1;
  double zipf = 1.0;
  std::string out;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "entente-gen-stream: %s\nusage: entente-gen-stream --entities N --relations M "
               "[--seed S] [--zipf S] --out DIR\n",
               why);
  std::exit(2);
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (i + 1 >= argc) usage("an option lacks its value");
    const char* v = argv[++i];
    if (a == "--entities")
      o.entities = std::strtoull(v, nullptr, 10);
    else if (a == "--relations")
      o.relations = std::strtoull(v, nullptr, 10);
    else if (a == "--seed")
      o.seed = std::strtoull(v, nullptr, 10);
    else if (a == "--zipf")
      o.zipf = std::strtod(v, nullptr);
    else if (a == "--out")
      o.out = v;
    else
      usage("unknown option");
  }
  if (o.entities < 100 || o.relations < 1 || o.out.empty())
    usage("need --entities >= 100, --relations >= 1 and --out");
  if (o.entities > 0xFFFFFFFFull) usage("at most 2^32 - 1 entities");
  return o;
}

/// A buffered file written in large blocks.
class writer {
 public:
  explicit writer(const std::filesystem::path& file) : f_(std::fopen(file.c_str(), "wb")) {
    if (!f_) {
      std::perror(file.c_str());
      std::exit(1);
    }
    buffer_.reserve(1 << 22);
  }
  writer(const writer&) = delete;
  writer& operator=(const writer&) = delete;
  ~writer() {
    flush();
    if (std::fclose(f_) != 0) std::perror("close");
  }
  void put(std::string_view s) {
    buffer_.append(s);
    if (buffer_.size() >= (1 << 22)) flush();
  }
  void put(char c) { buffer_.push_back(c); }

 private:
  void flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), f_) != buffer_.size()) {
      std::perror("write");
      std::exit(1);
    }
    buffer_.clear();
  }
  std::FILE* f_;
  std::string buffer_;
};

/// Entities of some kinds with cumulative weights, for drawing by weight with a binary search.
struct pool {
  std::vector<std::uint32_t> members;
  std::vector<double> cumulative;
  std::uint32_t draw(std::mt19937_64& rng) const {
    std::uniform_real_distribution<double> u(0.0, cumulative.back());
    auto at = std::upper_bound(cumulative.begin(), cumulative.end(), u(rng));
    return members[std::min<std::size_t>(at - cumulative.begin(), members.size() - 1)];
  }
};

std::string id_of(std::uint64_t i, int width) {
  char text[32];
  std::snprintf(text, sizeof text, "E%0*llu", width, static_cast<unsigned long long>(i + 1));
  return text;
}

std::string word(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> count(2, 3), pick(0, syllables.size() - 1);
  std::string w;
  for (int n = count(rng); n > 0; --n) w += syllables[pick(rng)];
  w[0] = static_cast<char>(w[0] - 'a' + 'A');
  return w;
}

std::string name_of(std::mt19937_64& rng, kind k, std::uint64_t serial) {
  switch (k) {
    case state: return "Republic of " + word(rng);
    case person: return word(rng) + " " + word(rng);
    case organization: return word(rng) + " " + org_suffixes[rng() % org_suffixes.size()];
    case agreement: return "Treaty of " + word(rng) + " " + std::to_string(1990 + rng() % 36);
    default:
      return std::string(item_kinds[rng() % item_kinds.size()]) + " lot " + std::to_string(serial);
  }
}

/// Days since 1970-01-01 as ISO text (the civil calendar, proleptic Gregorian).
std::string iso_day(std::int64_t days) {
  days += 719468;
  const std::int64_t era = days / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const auto year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  const options o = parse(argc, argv);
  const auto start = std::chrono::steady_clock::now();
  std::filesystem::create_directories(o.out);
  std::mt19937_64 rng(o.seed);
  const std::uint64_t n = o.entities, m = o.relations;
  const int width = std::max<int>(7, static_cast<int>(std::to_string(n).size()));

  // Kinds in their shares, shuffled; weights 1/rank^s over a shuffled ranking.
  std::vector<kind> kinds;
  kinds.reserve(n);
  std::uint64_t assigned = 0;
  for (int k = 0; k < kind_count; ++k) {
    std::uint64_t count =
        k + 1 == kind_count
            ? n - assigned
            : static_cast<std::uint64_t>(std::llround(kind_shares[k] * static_cast<double>(n)));
    kinds.insert(kinds.end(), count, static_cast<kind>(k));
    assigned += count;
  }
  std::shuffle(kinds.begin(), kinds.end(), rng);
  {
    writer entities(std::filesystem::path(o.out) / "entities.tsv");
    entities.put("id\tkind\tname\n");
    for (std::uint64_t i = 0; i < n; ++i) {
      entities.put(id_of(i, width));
      entities.put('\t');
      entities.put(kind_names[kinds[i]]);
      entities.put('\t');
      entities.put(name_of(rng, kinds[i], i + 1));
      entities.put('\n');
    }
  }

  std::vector<double> weight(n);
  {
    std::vector<std::uint32_t> ranks(n);
    std::iota(ranks.begin(), ranks.end(), 1u);
    std::shuffle(ranks.begin(), ranks.end(), rng);
    for (std::uint64_t i = 0; i < n; ++i) weight[i] = 1.0 / std::pow(ranks[i], o.zipf);
  }
  std::array<pool, 1 << kind_count> pools;
  auto pool_of = [&](kind_set set) -> const pool& {
    pool& p = pools[set];
    if (p.members.empty()) {
      double total = 0;
      for (std::uint64_t i = 0; i < n; ++i)
        if (set & bit(kinds[i])) {
          p.members.push_back(static_cast<std::uint32_t>(i));
          total += weight[i];
          p.cumulative.push_back(total);
        }
    }
    return p;
  };
  std::vector<int> frequencies;
  for (const auto& t : relation_types) frequencies.push_back(t.frequency);
  std::discrete_distribution<int> type_of(frequencies.begin(), frequencies.end());
  std::discrete_distribution<int> evidence_of(evidence_weights.begin(), evidence_weights.end());
  const std::int64_t first_day = 7305, last_day = 20453;  // 1990-01-01, 2025-12-31
  std::uniform_int_distribution<std::int64_t> day_of(first_day, last_day);

  std::vector<bool> path_out(n), path_in(n), neighbour_source(n);
  {
    writer relations(std::filesystem::path(o.out) / "relations.tsv");
    relations.put("from\ttype\tto\tevidence\tsince\n");
    for (std::uint64_t r = 0; r < m; ++r) {
      const auto& t = relation_types[type_of(rng)];
      const std::uint32_t from = pool_of(t.from).draw(rng);
      std::uint32_t to = pool_of(t.to).draw(rng);
      while (to == from) to = pool_of(t.to).draw(rng);
      relations.put(id_of(from, width));
      relations.put('\t');
      relations.put(t.name);
      relations.put('\t');
      relations.put(id_of(to, width));
      relations.put('\t');
      relations.put(evidence_names[evidence_of(rng)]);
      relations.put('\t');
      relations.put(iso_day(day_of(rng)));
      relations.put('\n');
      const std::string_view name = t.name;
      if (name == "supports" || name == "supplies" || name == "allied_with") {
        path_out[from] = true;
        path_in[to] = true;
      }
      if (name == "supports" || name == "supplies") neighbour_source[from] = true;
      if ((r + 1) % 10'000'000 == 0)
        std::fprintf(stderr, "entente-gen-stream: %llu of %llu relations\n",
                     static_cast<unsigned long long>(r + 1), static_cast<unsigned long long>(m));
    }
  }

  auto members = [&](const std::vector<bool>& marked) {
    std::vector<std::uint32_t> out;
    for (std::uint64_t i = 0; i < n; ++i)
      if (marked[i]) out.push_back(static_cast<std::uint32_t>(i));
    return out;
  };
  const auto outs = members(path_out), ins = members(path_in);
  auto sources = members(neighbour_source);
  std::size_t pairs = 0;
  {
    writer queries(std::filesystem::path(o.out) / "queries.tsv");
    queries.put("query\tsource\ttarget\n");
    if (!outs.empty() && !ins.empty() && !(outs.size() == 1 && ins == outs))
      for (; pairs < 200;) {
        const auto s = outs[rng() % outs.size()], d = ins[rng() % ins.size()];
        if (s == d) continue;
        queries.put("path\t" + id_of(s, width) + "\t" + id_of(d, width) + "\n");
        ++pairs;
      }
    std::shuffle(sources.begin(), sources.end(), rng);
    sources.resize(std::min<std::size_t>(200, sources.size()));
    for (auto s : sources) queries.put("neighbors\t" + id_of(s, width) + "\t\n");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr,
               "wrote %llu entities, %llu relations, %zu path pairs, %zu neighbour sources to %s "
               "in %.1f s\n",
               static_cast<unsigned long long>(n), static_cast<unsigned long long>(m), pairs,
               sources.size(), o.out.c_str(), seconds);
  return 0;
}
