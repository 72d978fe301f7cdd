#include "models/object_store/listing.hpp"

namespace sdsim::object_store {

ListResult ListingIndex::list(const std::string& prefix, const std::string& delimiter) const {
  ListResult r;
  for (auto it = names_.lower_bound(prefix); it != names_.end(); ++it) {
    const std::string& name = *it;
    if (name.compare(0, prefix.size(), prefix) != 0) break;  // sorted: past the prefix
    const std::size_t cut =
        delimiter.empty() ? std::string::npos : name.find(delimiter, prefix.size());
    if (cut == std::string::npos) {
      r.objects.push_back(name);
      continue;
    }
    std::string common = name.substr(0, cut + delimiter.size());
    if (r.common_prefixes.empty() || r.common_prefixes.back() != common)
      r.common_prefixes.push_back(std::move(common));
  }
  return r;
}

}  // namespace sdsim::object_store
