#pragma once
/// The vocabulary of a graph: kinds of entity (a hierarchy) and relation types with their
/// domain, range, symmetry, inverse, transitivity, polarity and CAMEO code.

#include <entente/error.hpp>
#include <entente/model.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace entente {

/// Whether a relation type expresses cooperation (+), conflict (−) or structure (0).
enum class polarity : std::int8_t { conflict = -1, structural = 0, cooperation = 1 };

[[nodiscard]] constexpr std::string_view to_string(polarity p) noexcept {
  return p == polarity::cooperation ? "cooperation"
         : p == polarity::conflict  ? "conflict"
                                    : "structural";
}

/// How a step of a pattern or a path reads a relation type, as bits: `step_along` as stored
/// (from source to target), `step_against` backwards (from target to source).
enum step_way : std::uint8_t { step_along = 1, step_against = 2, step_both_ways = 3 };

/// A kind of entity; `parent` is the kind it specialises (a State is an Actor), if any.
struct kind_info {
  std::string name;
  std::optional<kind_id> parent;
};

/// What to declare for a new kind: its name and the name of its parent kind, if any.
struct kind_spec {
  std::string name;
  std::string parent;
};

/// A relation type as the schema knows it. Empty `domain`/`range` allow every kind.
struct relation_type_info {
  std::string name;
  std::vector<kind_id> domain;  ///< kinds allowed as source (subkinds included)
  std::vector<kind_id> range;   ///< kinds allowed as target (subkinds included)
  bool symmetric = false;
  bool transitive = false;
  std::string inverse;  ///< how it reads backwards ("sanctioned_by"), may name a type
  entente::polarity polarity = polarity::structural;
  std::string cameo;    ///< CAMEO code as a string: leading zeros matter ("051")
  double weight = 0.0;  ///< Goldstein-style, −10..+10
  int quad_class =
      0;  ///< 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict; 0 none
  bool functional = false;  ///< one target per source at a time (`located_in`, `capital_of`)
};

/// What to declare for a new relation type; kinds by name.
struct relation_type_spec {
  std::string name;
  std::vector<std::string> domain;
  std::vector<std::string> range;
  bool symmetric = false;
  bool transitive = false;
  std::string inverse;
  entente::polarity polarity = polarity::structural;
  std::string cameo;
  double weight = 0.0;
  int quad_class = 0;
  bool functional = false;
};

/// Kinds, relation types and the rules between them.
class schema {
 public:
  /// An empty schema with no kinds and no relation types.
  schema() = default;

  /// The default geopolitical vocabulary: Actor ⊃ {State, Person, Organization}, Agreement,
  /// Event, Item, Place, and every relation type of the design (supports, supplies, …).
  [[nodiscard]] static schema geopolitics();

  /// An open schema: empty, and a graph under it declares a kind or relation type the first time
  /// an entity or relation uses one (no parent, no domain or range), for graphs that come from
  /// other tools. JSON: `"schema": {"base": "open"}`.
  [[nodiscard]] static schema open() {
    schema s;
    s.open_ = true;
    return s;
  }
  /// Whether names are declared on first use (see `open`).
  [[nodiscard]] bool is_open() const noexcept { return open_; }
  /// Makes this schema open or closed; what it declared stays.
  void set_open(bool open) noexcept { open_ = open; }

  /// Declares a kind; its parent must already exist. Redeclaring an identical kind is a no-op.
  /// An open schema also takes the kind with the empty name: no label, the kind of an entity
  /// that a write made without one (openCypher's `CREATE ()`).
  kind_id add_kind(const kind_spec& spec) {
    std::optional<kind_id> parent;
    if (!spec.parent.empty()) parent = kind(spec.parent);
    if (auto existing = find_kind(spec.name)) {
      if (kinds_[*existing].parent != parent)
        throw schema_error("kind '" + spec.name + "' is already declared with another parent");
      return *existing;
    }
    if (!(open_ && spec.name.empty())) check_name(spec.name, "kind");
    auto id = static_cast<kind_id>(kinds_.size());
    kinds_.push_back({spec.name, parent});
    kind_by_key_.emplace(fold(spec.name), id);
    return id;
  }

  /// Declares a relation type; its kinds must exist. Redeclaring replaces the earlier rules.
  relation_type_id add_relation_type(const relation_type_spec& spec) {
    check_name(spec.name, "relation type");
    relation_type_info info{
        spec.name,       kinds_of(spec.domain), kinds_of(spec.range), spec.symmetric,
        spec.transitive, spec.inverse,          spec.polarity,        spec.cameo,
        spec.weight,     spec.quad_class,       spec.functional};
    if (auto existing = find_relation_type(spec.name)) {
      types_[*existing] = std::move(info);
      return *existing;
    }
    auto id = static_cast<relation_type_id>(types_.size());
    types_.push_back(std::move(info));
    type_by_name_.emplace(spec.name, id);
    return id;
  }

  [[nodiscard]] std::size_t num_kinds() const noexcept { return kinds_.size(); }
  [[nodiscard]] std::size_t num_relation_types() const noexcept { return types_.size(); }
  [[nodiscard]] const kind_info& kind_at(kind_id k) const { return kinds_.at(k); }
  [[nodiscard]] const relation_type_info& relation_type_at(relation_type_id t) const {
    return types_.at(t);
  }
  [[nodiscard]] const std::vector<kind_info>& kinds() const noexcept { return kinds_; }
  [[nodiscard]] const std::vector<relation_type_info>& relation_types() const noexcept {
    return types_;
  }

  /// The kind named `name`, matched case-insensitively ("state" finds State), or nothing.
  [[nodiscard]] std::optional<kind_id> find_kind(std::string_view name) const {
    auto it = kind_by_key_.find(fold(name));
    if (it == kind_by_key_.end()) return std::nullopt;
    return it->second;
  }
  /// The kind named `name`; throws lookup_error naming the closest kinds.
  [[nodiscard]] kind_id kind(std::string_view name) const {
    if (auto k = find_kind(name)) return *k;
    throw lookup_error("unknown kind '" + std::string(name) + "'", closest(name, kind_names()));
  }
  /// The relation type named exactly `name`, or nothing.
  [[nodiscard]] std::optional<relation_type_id> find_relation_type(std::string_view name) const {
    auto it = type_by_name_.find(std::string(name));
    if (it == type_by_name_.end()) return std::nullopt;
    return it->second;
  }
  /// The relation type named `name`; throws lookup_error naming the closest types.
  [[nodiscard]] relation_type_id relation_type(std::string_view name) const {
    if (auto t = find_relation_type(name)) return *t;
    throw lookup_error("unknown relation type '" + std::string(name) + "'",
                       closest(name, relation_type_names()));
  }

  /// True when `k` is `ancestor` or one of its descendants (a State is an Actor).
  [[nodiscard]] bool is_a(kind_id k, kind_id ancestor) const {
    for (std::optional<kind_id> cur = k; cur; cur = kinds_.at(*cur).parent)
      if (*cur == ancestor) return true;
    return false;
  }

  /// The relation type that `t` reads as backwards, when its `inverse` names a declared type.
  [[nodiscard]] std::optional<relation_type_id> inverse_of(relation_type_id t) const {
    const auto& info = types_.at(t);
    if (info.symmetric) return t;
    if (info.inverse.empty()) return std::nullopt;
    return find_relation_type(info.inverse);
  }

  /// Adds to `ways` (one `step_way` mask per relation type) how a step named `name` reads the
  /// stored types: the type `name` along, the type whose inverse name it is against
  /// (`sanctioned_by` reads `sanctions` backwards), a declared type that is the other's inverse
  /// against, and a symmetric type both ways (`allied_with` one way is `allied_with` the other).
  /// Cypher patterns, `path_options::via` and path expressions all read names through this.
  /// False when `name` names neither a type nor an inverse.
  bool add_step_ways(std::string_view name, std::vector<std::uint8_t>& ways) const;
  /// How a step that names no type reads the stored types: every type along, symmetric types
  /// both ways.
  [[nodiscard]] std::vector<std::uint8_t> every_step_way() const;
  /// The names a step may use: every type's name and the inverse names no type declares.
  [[nodiscard]] std::vector<std::string> step_names() const;

  /// Why a `type` relation from a `from` entity to a `to` entity breaks the schema, naming the
  /// rule; nothing when it is allowed.
  [[nodiscard]] std::optional<std::string> violation(relation_type_id type, kind_id from,
                                                     kind_id to) const {
    const auto& info = types_.at(type);
    if (auto why = outside(info.domain, from, info.name, ".domain", "source")) return why;
    return outside(info.range, to, info.name, ".range", "target");
  }

  [[nodiscard]] std::vector<std::string> kind_names() const {
    std::vector<std::string> names;
    for (const auto& k : kinds_) names.push_back(k.name);
    return names;
  }
  [[nodiscard]] std::vector<std::string> relation_type_names() const {
    std::vector<std::string> names;
    for (const auto& t : types_) names.push_back(t.name);
    return names;
  }

  /// Up to `max` of `candidates` closest to `name` by edit distance (case-insensitive),
  /// nearest first; only reasonably close ones.
  [[nodiscard]] static std::vector<std::string> closest(std::string_view name,
                                                        const std::vector<std::string>& candidates,
                                                        std::size_t max = 3);

  friend bool operator==(const schema& a, const schema& b) {
    auto same_kinds = std::equal(a.kinds_.begin(), a.kinds_.end(), b.kinds_.begin(), b.kinds_.end(),
                                 [](const kind_info& x, const kind_info& y) {
                                   return x.name == y.name && x.parent == y.parent;
                                 });
    auto same_types = std::equal(a.types_.begin(), a.types_.end(), b.types_.begin(), b.types_.end(),
                                 [](const relation_type_info& x, const relation_type_info& y) {
                                   return x.name == y.name && x.domain == y.domain &&
                                          x.range == y.range && x.symmetric == y.symmetric &&
                                          x.transitive == y.transitive && x.inverse == y.inverse &&
                                          x.polarity == y.polarity && x.cameo == y.cameo &&
                                          x.weight == y.weight && x.quad_class == y.quad_class &&
                                          x.functional == y.functional;
                                 });
    return same_kinds && same_types && a.open_ == b.open_;
  }

 private:
  static std::string fold(std::string_view name) {
    std::string key(name);
    for (char& c : key)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return key;
  }
  static void check_name(const std::string& name, const char* what) {
    if (name.empty()) throw schema_error(std::string("a ") + what + " needs a name");
  }
  std::vector<kind_id> kinds_of(const std::vector<std::string>& names) const {
    std::vector<kind_id> ids;
    for (const auto& n : names) ids.push_back(kind(n));
    return ids;
  }
  // The rule's text is built only when it is broken: this runs for every relation added.
  std::optional<std::string> outside(const std::vector<kind_id>& allowed, kind_id k,
                                     const std::string& type, const char* part,
                                     const char* end) const {
    if (allowed.empty()) return std::nullopt;
    for (kind_id a : allowed)
      if (is_a(k, a)) return std::nullopt;
    std::string names;
    for (kind_id a : allowed) names += (names.empty() ? "" : "|") + kinds_[a].name;
    return "rule " + type + part + ": the " + end + " must be " + names + ", not " +
           kinds_.at(k).name;
  }

  bool open_ = false;
  std::vector<kind_info> kinds_;
  std::vector<relation_type_info> types_;
  std::unordered_map<std::string, kind_id> kind_by_key_;
  std::unordered_map<std::string, relation_type_id> type_by_name_;
};

}  // namespace entente
