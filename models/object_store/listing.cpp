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

// The token names the last entry returned: "k" + a key, or "p" + a common prefix (whose keys
// are all skipped on the next page).
ListPage ListingIndex::list_page(const std::string& prefix, const std::string& delimiter,
                                 std::size_t max_keys, const std::string& token) const {
  ListPage page;
  auto it = names_.lower_bound(prefix);
  std::string rolled;  // the common prefix of the last token, if it was one
  if (!token.empty()) {
    const std::string after = token.substr(1);
    it = names_.upper_bound(after);
    if (token[0] == 'p') rolled = after;
  }
  for (; it != names_.end(); ++it) {
    const std::string& name = *it;
    if (name.compare(0, prefix.size(), prefix) != 0) break;
    if (!rolled.empty() && name.compare(0, rolled.size(), rolled) == 0) continue;
    const std::size_t cut =
        delimiter.empty() ? std::string::npos : name.find(delimiter, prefix.size());
    const bool is_prefix = cut != std::string::npos;
    std::string entry = is_prefix ? name.substr(0, cut + delimiter.size()) : name;
    if (is_prefix && !page.result.common_prefixes.empty() &&
        page.result.common_prefixes.back() == entry)
      continue;
    if (page.key_count == max_keys) {  // one more entry exists: this page is truncated
      page.is_truncated = true;
      break;
    }
    ++page.key_count;
    page.next_token = (is_prefix ? "p" : "k") + entry;
    if (is_prefix) {
      rolled = entry;
      page.result.common_prefixes.push_back(std::move(entry));
    } else {
      page.result.objects.push_back(std::move(entry));
    }
  }
  if (!page.is_truncated) page.next_token.clear();
  return page;
}

}  // namespace sdsim::object_store
