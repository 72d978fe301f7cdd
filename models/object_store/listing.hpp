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

// One page of S3's ListObjectsV2 (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html):
// keys and common prefixes in UTF-8 binary order, each rolled-up prefix counting as one return
// against MaxKeys; IsTruncated when more entries follow, then NextContinuationToken resumes
// after the last entry of this page (a common prefix is never split across pages).
struct ListPage {
  ListResult result;
  std::size_t key_count = 0;  // KeyCount: keys + common prefixes on this page, <= max_keys
  bool is_truncated = false;
  std::string next_token;  // opaque; empty when not truncated
};

class ListingIndex {
 public:
  void add(const std::string& name) { names_.insert(name); }
  void remove(const std::string& name) { names_.erase(name); }
  std::size_t size() const { return names_.size(); }
  // Names starting with `prefix`; an empty delimiter lists them all.
  ListResult list(const std::string& prefix, const std::string& delimiter) const;
  // ListObjectsV2: at most `max_keys` entries from `token` (a previous page's next_token, or
  // "" for the first page).
  ListPage list_page(const std::string& prefix, const std::string& delimiter,
                     std::size_t max_keys, const std::string& token) const;

 private:
  std::set<std::string> names_;
};

}  // namespace sdsim::object_store
