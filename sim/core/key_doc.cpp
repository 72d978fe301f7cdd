#include "sim/core/key_doc.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace sdsim {

std::vector<std::string> key_names(const std::vector<KeyDoc>& keys) {
  std::vector<std::string> out;
  for (const KeyDoc& k : keys) out.push_back(k.key);
  return out;
}

const std::vector<KeyDoc>& children_of(const std::vector<KeyDoc>& keys, const std::string& key) {
  for (const KeyDoc& k : keys)
    if (k.key == key) return k.children;
  throw std::logic_error("key_doc: no key '" + key + "'");
}

std::string describe_keys(const std::vector<KeyDoc>& keys, const std::string& prefix) {
  std::string s;
  for (const KeyDoc& k : keys) {
    const std::string path = prefix.empty() ? k.key : prefix + "." + k.key;
    s += fmt::format("  {:<24} {:<16} {:<12} {}\n", path, k.type, k.default_text.empty() ? "-" : k.default_text, k.doc);
    if (!k.children.empty()) s += describe_keys(k.children, path);
  }
  return s;
}

}  // namespace sdsim
