// Names in any script, with ICU: lookup keys, transliterated keys and the alias index.
// ICU stays in this file; names.hpp shows none of it.

#include <entente/error.hpp>
#include <entente/names.hpp>

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace entente {
namespace {

/// True when every byte is ASCII: such names need neither ICU normalisation nor transliteration.
bool is_ascii(std::string_view s) noexcept {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

/// The key of an ASCII name: letters lowered, digits kept, everything else dropped. This is
/// exactly what the ICU path yields for ASCII input, only without converting to UTF-16.
std::string ascii_key(std::string_view s) {
  std::string key;
  key.reserve(s.size());
  for (char c : s) {
    if (c >= 'A' && c <= 'Z')
      key += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      key += c;
  }
  return key;
}

void check(UErrorCode status, const char* what) {
  if (U_FAILURE(status))
    throw error(std::string("ICU failed to ") + what + ": " + u_errorName(status));
}

/// The normalisers are ICU singletons, immutable and safe to share between threads.
struct normalisers {
  const icu::Normalizer2* nfkc_casefold;
  const icu::Normalizer2* nfd;
  const icu::Normalizer2* nfc;
};

const normalisers& normalisers_instance() {
  static const normalisers n = [] {
    UErrorCode status = U_ZERO_ERROR;
    normalisers made{icu::Normalizer2::getNFKCCasefoldInstance(status),
                     icu::Normalizer2::getNFDInstance(status),
                     icu::Normalizer2::getNFCInstance(status)};
    check(status, "load its normalisation data");
    return made;
  }();
  return n;
}

/// Scripts whose nonspacing marks are accents or optional vowel pointing ("ü", "ŏ", "ё",
/// Hebrew niqqud, Arabic harakat), so dropping them only merges spellings. In abugidas
/// (Devanagari, Thai...) and for the kana voicing marks the marks are part of the letter, so
/// they stay.
bool marks_are_diacritics(UScriptCode script) noexcept {
  switch (script) {
    case USCRIPT_LATIN:
    case USCRIPT_GREEK:
    case USCRIPT_CYRILLIC:
    case USCRIPT_HEBREW:
    case USCRIPT_ARABIC:
    case USCRIPT_SYRIAC:
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED: return true;
    default: return false;
  }
}

/// Modifier letters (category Lm) that are written as apostrophes or primes in
/// romanisations ("Pʼyŏngyang", "Hawaiʻi", "Chernobylʹ"); other modifier letters, such as the
/// Japanese long-vowel mark, are real letters and stay.
bool is_apostrophe_letter(UChar32 c) noexcept { return c >= 0x02B9 && c <= 0x02BF; }

/// The key of a name held by ICU: NFKC with full case folding, then decomposed so that
/// diacritics can be dropped, then only letters, digits and the marks of scripts that need
/// them are kept, and NFC puts Hangul syllables (decomposed into jamo by NFD) back together.
std::string key_of(const icu::UnicodeString& name) {
  const auto& n = normalisers_instance();
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString decomposed =
      n.nfd->normalize(n.nfkc_casefold->normalize(name, status), status);
  check(status, "normalise a name");

  icu::UnicodeString kept;
  bool base_kept = false;
  UScriptCode base_script = USCRIPT_COMMON;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    std::uint32_t category = U_GET_GC_MASK(c);
    if (category & U_GC_M_MASK) {
      // A mark belongs to the character before it: it goes when that went or is a diacritic.
      if (base_kept && !marks_are_diacritics(base_script)) kept.append(c);
      continue;
    }
    UErrorCode script_status = U_ZERO_ERROR;
    base_script = uscript_getScript(c, &script_status);
    base_kept = false;
    if (category & U_GC_ND_MASK) {
      // Digits of every script mean the same number: "٢٠٢٤" keys as "2024".
      kept.append(static_cast<UChar32>(u'0' + u_charDigitValue(c)));
      base_kept = true;
    } else if ((category & (U_GC_L_MASK | U_GC_N_MASK)) && !is_apostrophe_letter(c)) {
      kept.append(c);
      base_kept = true;
    }
  }
  std::string key;
  n.nfc->normalize(kept, status).toUTF8String(key);
  check(status, "recompose a name");
  return key;
}

icu::UnicodeString to_unicode(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

/// ICU's Russian BGN/PCGN romanisation first, because it spells Russian names the way English
/// does ("Сергей" -> "Sergey", "Ким Чен Ын" -> "Kim Chen Yn") where Any-Latin writes ISO 9
/// ("Sergej", "Kim Cen Yn"); Any-Latin for every other script; then plain ASCII.
constexpr const char* transliterator_id = "Russian-Latin/BGN; Any-Latin; Latin-ASCII";

/// This thread's transliterator, or null when ICU lacks the data. A transliterator may not be
/// used by two threads at once, so each thread clones the shared one (built once, on first use:
/// building takes tens of milliseconds, cloning microseconds).
icu::Transliterator* thread_transliterator() {
  static const std::unique_ptr<icu::Transliterator> shared = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createInstance(
        icu::UnicodeString::fromUTF8(transliterator_id), UTRANS_FORWARD, status));
    if (U_FAILURE(status)) made.reset();  // keys then stay in their own script
    return made;
  }();
  // clang-analyzer takes the end of this function for the end of the thread_local's life.
  thread_local std::unique_ptr<icu::Transliterator> mine(shared ? shared->clone() : nullptr);
  return mine.get();  // NOLINT(clang-analyzer-cplusplus.NewDelete)
}

/// A key's characters, for edit distances that count characters rather than UTF-8 bytes.
void decode(std::string_view utf8, std::u32string& out) {
  out.clear();
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  auto length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    out.push_back(static_cast<char32_t>(c));
  }
}

/// Levenshtein distance between `a` and `b`, or `limit + 1` as soon as it must exceed `limit`:
/// suggestions only want close names, so most candidates are rejected after a few rows.
std::size_t bounded_distance(const std::u32string& a, const std::u32string& b, std::size_t limit,
                             std::vector<std::size_t>& row) {
  std::size_t over = limit + 1;
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return over;
  row.resize(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
      best = std::min(best, row[j]);
    }
    if (best > limit) return over;
  }
  return std::min(row[b.size()], over);
}

/// How far a candidate may be from a query of `length` characters and still be suggested.
std::size_t distance_limit(std::size_t length) noexcept {
  return std::max<std::size_t>(1, length / 3);
}

/// Queries at least this long also suggest names that contain them ("Lavrov" -> "Sergey
/// Lavrov"); shorter ones would be contained in too many names to help.
constexpr std::size_t min_contained_length = 3;

}  // namespace

std::string name_key(std::string_view name) {
  if (is_ascii(name)) return ascii_key(name);
  return key_of(to_unicode(name));
}

std::string latin_name_key(std::string_view name) {
  // ASCII is already Latin, and every step of the transliteration leaves it unchanged.
  if (is_ascii(name)) return ascii_key(name);
  icu::UnicodeString text = to_unicode(name);
  // A key that folding alone made ASCII ("Türkiye") had only Latin letters: nothing to
  // transliterate, and transliterating costs ten times as much as keying.
  if (std::string key = key_of(text); is_ascii(key)) return key;
  UErrorCode status = U_ZERO_ERROR;
  // NFC first, so that decomposed input transliterates like composed input ("й" stays one letter).
  text = normalisers_instance().nfc->normalize(text, status);
  check(status, "normalise a name");
  if (auto* latin = thread_transliterator()) latin->transliterate(text);
  return key_of(text);
}

/// One key with every spelling and entity recorded under it.
struct name_slot {
  std::string key;
  std::vector<std::string> spellings;  // as added, without repeats; the first is shown
  std::vector<std::pair<std::uint32_t, entity_index>> entities;  // (order of adding, entity)
};

struct name_index::impl {
  std::vector<name_slot> slots;
  std::unordered_map<std::string, std::uint32_t> slot_of_key;
  std::uint32_t added = 0;  // numbers the (name, entity) pairs, for insertion order across slots
  std::size_t spellings = 0;

  // Transliterated keys, built on the first lookup that needs them (transliteration costs
  // microseconds a name, which a graph that is only ever looked up by id should not pay).
  mutable std::mutex latin_mutex;
  mutable std::atomic<bool> latin_ready{false};
  // Only latin keys that differ from their slot's key are kept: most names are already Latin,
  // and `slot_of_key` finds those.
  mutable std::vector<std::vector<std::string>> latin_of_slot;  // distinct latin keys per slot
  mutable std::unordered_map<std::string, std::vector<std::uint32_t>> slots_of_latin;

  void add_latin(std::uint32_t slot, std::string_view spelling) const {
    std::string latin = latin_name_key(spelling);
    if (latin.empty() || latin == slots[slot].key) return;
    auto& mine = latin_of_slot[slot];
    if (std::find(mine.begin(), mine.end(), latin) != mine.end()) return;
    slots_of_latin[latin].push_back(slot);
    mine.push_back(std::move(latin));
  }

  void ensure_latin() const {
    if (latin_ready.load(std::memory_order_acquire)) return;
    std::lock_guard lock(latin_mutex);
    if (latin_ready.load(std::memory_order_relaxed)) return;
    latin_of_slot.assign(slots.size(), {});
    for (std::uint32_t s = 0; s < slots.size(); ++s)
      for (const auto& spelling : slots[s].spellings) add_latin(s, spelling);
    latin_ready.store(true, std::memory_order_release);
  }
};

name_index::name_index() : impl_(std::make_unique<impl>()) {}
name_index::~name_index() = default;
name_index::name_index(name_index&&) noexcept = default;
name_index& name_index::operator=(name_index&&) noexcept = default;

void name_index::add(std::string_view name, entity_index e) {
  if (!impl_) impl_ = std::make_unique<impl>();  // a moved-from index is usable again
  auto& d = *impl_;
  std::string key = name_key(name);
  if (key.empty()) return;  // nothing to look it up by
  auto [it, is_new] =
      d.slot_of_key.try_emplace(std::move(key), static_cast<std::uint32_t>(d.slots.size()));
  if (is_new) d.slots.push_back({it->first, {}, {}});
  std::uint32_t s = it->second;
  auto& slot = d.slots[s];

  auto order = d.added++;
  if (std::none_of(slot.entities.begin(), slot.entities.end(),
                   [e](const auto& x) { return x.second == e; }))
    slot.entities.emplace_back(order, e);

  if (std::find(slot.spellings.begin(), slot.spellings.end(), name) != slot.spellings.end()) return;
  slot.spellings.emplace_back(name);
  ++d.spellings;
  // add is not const, so no lookup runs beside it: latin keys already built can grow here.
  if (d.latin_ready.load(std::memory_order_relaxed)) {
    d.latin_of_slot.resize(d.slots.size());
    d.add_latin(s, name);
  }
}

std::vector<entity_index> name_index::find(std::string_view name) const {
  std::vector<entity_index> found;
  if (!impl_) return found;
  const auto& d = *impl_;
  std::string key = name_key(name);
  if (key.empty()) return found;
  if (auto it = d.slot_of_key.find(key); it != d.slot_of_key.end()) {
    for (const auto& [order, e] : d.slots[it->second].entities) found.push_back(e);
    return found;
  }

  d.ensure_latin();
  std::string latin = latin_name_key(name);
  std::vector<std::pair<std::uint32_t, entity_index>> hits;
  auto take = [&](std::uint32_t s) {
    hits.insert(hits.end(), d.slots[s].entities.begin(), d.slots[s].entities.end());
  };
  // Names keyed by the query's latin key ("Ким" finds "Kim"), and names whose own latin key it
  // is ("Kim" finds "Ким"), merged in the order they were added.
  if (auto it = d.slot_of_key.find(latin); it != d.slot_of_key.end()) take(it->second);
  if (auto it = d.slots_of_latin.find(latin); it != d.slots_of_latin.end())
    for (auto s : it->second) take(s);
  std::sort(hits.begin(), hits.end());
  for (const auto& [order, e] : hits)
    if (std::find(found.begin(), found.end(), e) == found.end()) found.push_back(e);
  return found;
}

std::vector<std::string> name_index::suggest(std::string_view name, std::size_t max) const {
  std::vector<std::string> names;
  if (!impl_ || max == 0) return names;
  const auto& d = *impl_;
  d.ensure_latin();

  // The query as a key and as a latin key; a Latin typo can then reach a Cyrillic name.
  struct probe {
    std::string utf8;
    std::u32string chars;
    std::size_t limit;
    bool own_script;  // the query's own key, not its transliteration
  };
  std::vector<probe> probes;
  for (bool own_script : {true, false}) {
    std::string k = own_script ? name_key(name) : latin_name_key(name);
    if (k.empty() ||
        std::any_of(probes.begin(), probes.end(), [&](auto& p) { return p.utf8 == k; }))
      continue;
    probe p{std::move(k), {}, 0, own_script};
    decode(p.utf8, p.chars);
    p.limit = distance_limit(p.chars.size());
    probes.push_back(std::move(p));
  }
  if (probes.empty()) return names;

  std::u32string chars;
  std::vector<std::size_t> row;
  constexpr auto far = static_cast<std::size_t>(-1);
  // How far `candidate` (whose characters are `chars`) is from the probe, or `far` when it is
  // not close enough to suggest.
  auto distance = [&](const probe& p, const std::string& candidate) {
    // A query inside a longer name is that many insertions away, and close however many.
    if (p.chars.size() >= min_contained_length && chars.size() > p.chars.size() &&
        candidate.find(p.utf8) != std::string::npos)
      return chars.size() - p.chars.size();
    auto x = bounded_distance(p.chars, chars, p.limit, row);
    return x <= p.limit ? x : far;
  };

  // Scored by twice the distance, plus one when only a transliteration is that close: at equal
  // distance a name in the query's own script comes first ("Путин" -> "Владимир Путин").
  std::vector<std::pair<std::size_t, std::uint32_t>> scored;  // (score, slot)
  for (std::uint32_t s = 0; s < d.slots.size(); ++s) {
    const auto& slot = d.slots[s];
    std::size_t best = far;
    auto measure = [&](const std::string& candidate, bool is_key) {
      decode(candidate, chars);
      for (const auto& p : probes)
        if (auto x = distance(p, candidate); x != far)
          best = std::min(best, 2 * x + (is_key && p.own_script ? 0 : 1));
    };
    measure(slot.key, true);
    for (const auto& latin : d.latin_of_slot[s]) measure(latin, false);
    if (best != far) scored.emplace_back(best, s);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });

  // One name per entity: three spellings of one person would crowd out the other candidates.
  std::vector<entity_index> shown;
  for (const auto& [dist, s] : scored) {
    if (names.size() == max) break;
    const auto& slot = d.slots[s];
    bool adds_someone = std::any_of(slot.entities.begin(), slot.entities.end(), [&](const auto& x) {
      return std::find(shown.begin(), shown.end(), x.second) == shown.end();
    });
    if (!adds_someone) continue;
    for (const auto& [order, e] : slot.entities) shown.push_back(e);
    names.push_back(slot.spellings.front());
  }
  return names;
}

std::size_t name_index::size() const noexcept { return impl_ ? impl_->spellings : 0; }

}  // namespace entente
