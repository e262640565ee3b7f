// Fuzzes the parameters of `entente query --param NAME=VALUE` (query.hpp, parse_parameter): the
// input is the argument. A value that reads is printed as a Cypher literal; a JSON number
// written without a minus sign never reads as a negative one.

#include "fuzz.hpp"

#include <entente/query.hpp>

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace entente;
  auto text = fuzzing::text(data, size);
  try {
    auto [name, value] = parse_parameter(text);
    if (name.empty()) fuzzing::broken("a parameter has a name");
    (void)to_string(value);
    auto raw = text.substr(text.find('=') + 1);
    if (raw.starts_with("\xEF\xBB\xBF")) raw.remove_prefix(3);  // JSON may open with a BOM
    while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t' || raw.front() == '\n' ||
                            raw.front() == '\r'))
      raw.remove_prefix(1);
    if (value.is_number() && !raw.starts_with('-') && value.as_number() < 0)
      fuzzing::broken("a number without a minus sign reads as one at least 0", raw);
  } catch (const error&) {
  }
  return 0;
}
