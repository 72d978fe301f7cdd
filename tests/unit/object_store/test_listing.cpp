#include <doctest/doctest.h>

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
