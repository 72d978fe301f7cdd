// The listing index of one bucket: object names in sorted order, listed like `aws s3 ls`.
// With a delimiter, names that continue past the prefix with the delimiter are rolled up into
// one common prefix ("CA/" for "CA/cities/la.txt" listed at the root with "/").
#pragma once

#include <set>
#include <string>
#include <vector>

namespace sdsim::object_store {

struct ListResult {
  std::vector<std::string> objects;          // names listed as they are
  std::vector<std::string> common_prefixes;  // rolled-up prefixes, each ending with the delimiter
  std::size_t entries() const { return objects.size() + common_prefixes.size(); }
};

class ListingIndex {
 public:
  void add(const std::string& name) { names_.insert(name); }
  void remove(const std::string& name) { names_.erase(name); }
  std::size_t size() const { return names_.size(); }
  // Names starting with `prefix`; an empty delimiter lists them all.
  ListResult list(const std::string& prefix, const std::string& delimiter) const;

 private:
  std::set<std::string> names_;
};

}  // namespace sdsim::object_store
