// Fuzzes names (names.hpp) and lookups by name (graph::find, graph::at): the input is lines of
// text, any bytes. Every line is keyed and transliterated; the lines after the first are indexed
// as the names of entities 0, 1, ..., each must find its own entity, and the first line is
// looked up and given suggestions there and in the bundled knowledge base.

#include "fuzz.hpp"

#include <entente/names.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace entente;
  auto text = fuzzing::text(data, size);
  std::vector<std::string_view> lines;
  for (auto nl = text.find('\n'); nl != std::string_view::npos; nl = text.find('\n')) {
    lines.push_back(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
  lines.push_back(text);

  try {
    name_index index;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      (void)latin_name_key(lines[i]);
      index.add(lines[i], static_cast<entity_index>(i - 1));
    }
    for (std::size_t i = 1; i < lines.size(); ++i) {
      if (name_key(lines[i]).empty()) continue;  // nothing to look it up by
      auto found = index.find(lines[i]);
      if (std::find(found.begin(), found.end(), i - 1) == found.end())
        fuzzing::broken("a name finds the entity it was added for", lines[i]);
    }
    const auto name = lines.front();
    auto found = index.find(name);
    for (auto e : found)
      if (e + 1 >= lines.size() || std::count(found.begin(), found.end(), e) != 1)
        fuzzing::broken("find gives entities that were added, without repeats", name);
    if (index.suggest(name, 3).size() > 3) fuzzing::broken("suggest gives at most `max` names");

    const auto& g = fuzzing::bundled_graph();
    (void)g.find(name);
    (void)g.find_all(name);
    try {
      (void)g.at(name);
    } catch (const lookup_error& e) {
      if (e.suggestions().size() > 3) fuzzing::broken("a lookup error suggests few names");
    }
  } catch (const error&) {
  }
  return 0;
}
