// The documentation of a section's keys (workload:, faults:, output:, platform files, the
// scenario's top level): what `sdsim describe <topic>` prints and, the same table, what the
// section's loader accepts (its list of allowed keys), so the two cannot drift apart.
#pragma once

#include <string>
#include <vector>

namespace sdsim {

struct KeyDoc {
  std::string key;
  std::string type;          // "duration", "rate", "int", "choice: a | b", "map", "list", ...
  std::string default_text;  // as a user would write it; "" = required or none
  std::string doc;           // one line
  std::vector<KeyDoc> children = {};
};

// The keys of a section, in table order (for check_keys).
std::vector<std::string> key_names(const std::vector<KeyDoc>& keys);
// The child table of `key` (empty when it has none).
const std::vector<KeyDoc>& children_of(const std::vector<KeyDoc>& keys, const std::string& key);
// Prints a table: key path, type, default, doc; children indented under their parent.
std::string describe_keys(const std::vector<KeyDoc>& keys, const std::string& prefix = "");

}  // namespace sdsim
