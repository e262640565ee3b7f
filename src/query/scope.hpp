#pragma once
// The variables a query has bound at one point and the slot of the row each one lives in:
// what the binder resolves names against. Internal, not installed.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace entente::detail::query {

/// What a variable holds, so that a name reused in a pattern or read as a property is checked.
enum class var_kind { node, relation, relations, path, value };

/// A variable that `UNWIND $list AS x` binds to each item of a parameter. Its slot holds the
/// item's position in the list rather than a copy of the item for as long as nothing reads the
/// item whole: `x.key` reads it in place, in the list. Copying a map per row is most of the
/// work of a bulk `UNWIND $rows AS r CREATE ...`.
struct unwound_item {
  std::size_t unwind = 0;   // which UNWIND of the query: its list is `context::unwound[unwind]`
  bool read_whole = false;  // set by any use of the variable but `x.key`: the slot holds the item
  // Keys whose values the query looks up, or makes, as entity ids (`MATCH (a {id: r.from})`):
  // the UNWIND asks for their places in the id table a few rows ahead, so that the lookups'
  // cache misses overlap instead of coming one after another.
  std::vector<std::string> id_keys;
};

struct variable_info {
  std::size_t slot;
  var_kind kind;
  std::shared_ptr<unwound_item> item = nullptr;  // for an UNWIND of a parameter
  bool never_element = false;  // a value known never to be an entity, relation or path
};

/// The variables visible at one point of the query, each in a slot of the row.
struct scope {
  std::vector<std::pair<std::string, variable_info>> vars;  // in order of introduction
  std::size_t width = 0;

 private:
  mutable std::unordered_map<std::string, std::size_t> index_;  // name -> position in vars

 public:
  /// The variable `name`, or null. Finding a variable read by UNWIND counts as reading its item
  /// whole; `peek` is for the readers that only read `x.key` (or only ask whether it exists).
  const variable_info* find(std::string_view name) const {
    const auto* info = peek(name);
    if (info && info->item) info->item->read_whole = true;
    return info;
  }
  const variable_info* peek(std::string_view name) const {
    // A script of many CREATE clauses binds thousands of variables: past a few, look them up
    // by hash. Variables are only ever appended, so the index catches up with what was added.
    if (vars.size() <= 16) {
      for (const auto& [n, info] : vars)
        if (n == name) return &info;
      return nullptr;
    }
    if (index_.size() > vars.size()) index_.clear();
    for (std::size_t i = index_.size(); i < vars.size(); ++i) index_.emplace(vars[i].first, i);
    auto it = index_.find(std::string(name));
    return it == index_.end() ? nullptr : &vars[it->second].second;
  }
  std::size_t add(std::string name, var_kind kind, std::shared_ptr<unwound_item> item = nullptr) {
    vars.emplace_back(std::move(name), variable_info{width, kind, std::move(item)});
    return width++;
  }
  /// Adds `name` for an inner scope (a comprehension's variable), hiding a variable of that
  /// name from outside.
  std::size_t shadow(const std::string& name, var_kind kind) {
    std::erase_if(vars, [&](const auto& v) { return v.first == name; });
    index_.clear();
    return add(name, kind);
  }
  std::size_t hidden() { return width++; }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [n, info] : vars) out.push_back(n);
    return out;
  }
};

}  // namespace entente::detail::query
