#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "models/object_store/listing.hpp"

using namespace sdsim::object_store;

namespace {
ListingIndex book_example() {
  ListingIndex idx;
  for (const char* n : {"CA/cities/la.txt", "CA/cities/sf.txt", "NY/cities/ny.txt", "federal.txt"})
    idx.add(n);
  return idx;
}
}  // namespace

TEST_CASE("listing the root with delimiter '/' rolls names up like aws s3 ls") {
  auto r = book_example().list("", "/");
  CHECK(r.common_prefixes == std::vector<std::string>{"CA/", "NY/"});
  CHECK(r.objects == std::vector<std::string>{"federal.txt"});
  CHECK(r.entries() == 3);
}

TEST_CASE("listing a prefix, with and without delimiter") {
  auto idx = book_example();
  auto r = idx.list("CA/", "/");
  CHECK(r.common_prefixes == std::vector<std::string>{"CA/cities/"});
  CHECK(r.objects.empty());
  r = idx.list("CA/cities/", "/");
  CHECK(r.objects == std::vector<std::string>{"CA/cities/la.txt", "CA/cities/sf.txt"});
  r = idx.list("CA/", "");
  CHECK(r.objects.size() == 2);
  CHECK(r.common_prefixes.empty());
  CHECK(idx.list("", "").entries() == 4);
  CHECK(idx.list("TX/", "/").entries() == 0);
  CHECK(idx.list("C", "/").common_prefixes == std::vector<std::string>{"CA/"});
}

TEST_CASE("deleted names disappear from listings") {
  auto idx = book_example();
  idx.remove("NY/cities/ny.txt");
  auto r = idx.list("", "/");
  CHECK(r.common_prefixes == std::vector<std::string>{"CA/"});
  CHECK(r.entries() == 2);
}

// ListObjectsV2 pages (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html):
// "Each rolled-up result counts as only one return against the MaxKeys value"; KeyCount <=
// MaxKeys; IsTruncated while more results remain, NextContinuationToken resumes. The keys are
// the example of the S3 user guide's "Organizing objects using prefixes"
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-prefixes.html).
namespace {
ListingIndex photos() {
  ListingIndex idx;
  for (const char* n : {"sample.jpg", "photos/2006/January/sample.jpg",
                        "photos/2006/February/sample2.jpg", "photos/2006/February/sample3.jpg",
                        "photos/2006/February/sample4.jpg"})
    idx.add(n);
  return idx;
}
// Every entry of a listing in order, page by page; `pages` counts them.
std::vector<std::string> all_pages(const ListingIndex& idx, const std::string& prefix,
                                   const std::string& delimiter, std::size_t max_keys,
                                   int& pages) {
  std::vector<std::string> out;
  std::string token;
  pages = 0;
  do {
    const ListPage p = idx.list_page(prefix, delimiter, max_keys, token);
    ++pages;
    CHECK(p.key_count <= max_keys);
    CHECK(p.key_count == p.result.entries());
    CHECK(p.is_truncated == !p.next_token.empty());
    // Keys and prefixes of one page in one sorted sequence.
    std::vector<std::string> page = p.result.objects;
    page.insert(page.end(), p.result.common_prefixes.begin(), p.result.common_prefixes.end());
    std::sort(page.begin(), page.end());
    out.insert(out.end(), page.begin(), page.end());
    token = p.next_token;
  } while (!token.empty() && pages < 1000);
  return out;
}
}  // namespace

TEST_CASE("ListObjectsV2: common prefixes of the S3 guide's example, one return each") {
  const auto idx = photos();
  ListPage p = idx.list_page("", "/", 1000, "");
  CHECK(p.result.objects == std::vector<std::string>{"sample.jpg"});
  CHECK(p.result.common_prefixes == std::vector<std::string>{"photos/"});
  CHECK(p.key_count == 2);
  CHECK_FALSE(p.is_truncated);
  p = idx.list_page("photos/2006/", "/", 1000, "");
  CHECK(p.result.common_prefixes ==
        std::vector<std::string>{"photos/2006/February/", "photos/2006/January/"});
  CHECK(p.result.objects.empty());
  // MaxKeys 1: the first page holds one common prefix, the next resumes after all its keys.
  p = idx.list_page("photos/2006/", "/", 1, "");
  CHECK(p.result.common_prefixes == std::vector<std::string>{"photos/2006/February/"});
  CHECK(p.is_truncated);
  p = idx.list_page("photos/2006/", "/", 1, p.next_token);
  CHECK(p.result.common_prefixes == std::vector<std::string>{"photos/2006/January/"});
  CHECK_FALSE(p.is_truncated);
  // Without a delimiter, 2 keys a page: 5 keys take 3 pages.
  int pages = 0;
  const auto keys = all_pages(idx, "", "", 2, pages);
  CHECK(pages == 3);
  CHECK(keys.size() == 5);
  CHECK(keys.front() == "photos/2006/February/sample2.jpg");  // UTF-8 binary order
}

TEST_CASE("ListObjectsV2: pages of any size concatenate to the whole listing") {
  ListingIndex idx;
  for (int i = 0; i < 60; ++i)
    idx.add(std::string(1, char('a' + i % 4)) + (i % 3 ? "/" : "-") + std::to_string(i) +
            (i % 5 ? "/x" : ""));
  for (const std::string delimiter : {"", "/"})
    for (const std::string prefix : {"", "a", "a/", "b/1"}) {
      const ListResult whole = idx.list(prefix, delimiter);
      std::vector<std::string> expected = whole.objects;
      expected.insert(expected.end(), whole.common_prefixes.begin(), whole.common_prefixes.end());
      std::sort(expected.begin(), expected.end());
      for (std::size_t max_keys : {1u, 2u, 3u, 7u, 1000u}) {
        int pages = 0;
        INFO("prefix '" << prefix << "' delimiter '" << delimiter << "' max_keys " << max_keys);
        CHECK(all_pages(idx, prefix, delimiter, max_keys, pages) == expected);
        const std::size_t n = expected.size();
        CHECK(pages == std::max<std::size_t>(1, (n + max_keys - 1) / max_keys));
      }
    }
}
