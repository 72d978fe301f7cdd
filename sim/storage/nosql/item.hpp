// An item of a DynamoDB-like table: its key (partition key and sort key values) and its other
// attributes (string values here), or only a size for payload a model does not need to read.
// Size follows DynamoDB's rule (Developer Guide, "Item sizes and formats"): the lengths of
// the attribute names plus the lengths of their values, the key attributes included.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace sdsim::storage::nosql {

// The names of the table's key attributes (they count toward every item's size).
struct KeySchema {
  std::string partition_attribute = "pk";
  std::string sort_attribute = "sk";
};

struct Item {
  std::string partition_key, sort_key;
  std::map<std::string, std::string> attributes;  // non-key attributes
  std::uint32_t payload_bytes = 0;                // size-only bytes (a blob nobody reads)
  const std::string* attribute(const std::string& name) const {
    auto it = attributes.find(name);
    return it == attributes.end() ? nullptr : &it->second;
  }
  bool operator==(const Item&) const = default;
};

inline std::uint64_t item_size(const Item& item, const KeySchema& key) {
  std::uint64_t n = key.partition_attribute.size() + item.partition_key.size() + item.payload_bytes;
  if (!key.sort_attribute.empty()) n += key.sort_attribute.size() + item.sort_key.size();
  for (const auto& [name, value] : item.attributes) n += name.size() + value.size();
  return n;
}

}  // namespace sdsim::storage::nosql
