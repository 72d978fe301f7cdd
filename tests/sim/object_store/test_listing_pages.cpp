// A listing driven from the scenario (params.names, params.list) follows S3's ListObjectsV2
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html): listing.csv, read
// from the outside, must hold exactly the keys and common prefixes a brute-force recount of
// the stored names gives, in UTF-8 binary order page after page, no page above MaxKeys
// (a common prefix counting as one return), every page but the last full. Names given twice
// are an input error (exit 2, located, nothing written).
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli.hpp"

namespace {
const char* kNames[] = {"a/1", "a/2", "a/b/3", "a/b/c/4", "a/c/5", "a/d", "a/e/6", "a/e/7",
                        "a/f", "a/g/8", "a/h", "b/1", "a0", "a/"};
}

TEST_CASE("object store: a scenario's ListObjectsV2 listing equals a recount, page by page") {
  simt::TempDir dir("sdsim-simt-os-listing");
  std::string names;
  for (const char* n : kNames) names += std::string("    ") + n + "\n";
  for (int max_keys : {1, 3, 1000}) {
    const std::string out = "out-" + std::to_string(max_keys);
    simt::write_file(dir / "scn.yaml",
                     "name: os-list\nmodel: object_store\nseed: 3\nparams:\n  naming: given\n"
                     "  names: |\n" +
                         names + "  list: {run: true, prefix: a/, delimiter: /, max_keys: " +
                         std::to_string(max_keys) +
                         "}\nworkload: {clients: 2, rate: 1/s, duration: 3s}\n");
    const auto r = simt::sdsim({"run", "scn.yaml", "--quiet", "--out", out}, dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // Brute force: names under a/, cut after the first '/' past the prefix.
    std::set<std::string> expected;
    for (std::string n : kNames) {
      if (n.rfind("a/", 0) != 0) continue;
      const auto cut = n.find('/', 2);
      expected.insert(cut == std::string::npos ? n : n.substr(0, cut + 1));
    }
    const auto csv = simt::read_csv(dir / out / "listing.csv");
    std::vector<std::string> listed;
    std::map<int, int> per_page;
    for (std::size_t i = 0; i < csv.rows.size(); ++i) {
      listed.push_back(csv.str(i, "name"));
      ++per_page[std::stoi(csv.str(i, "page"))];
      const bool prefix = csv.str(i, "kind") == "common_prefix";
      CHECK(prefix == (listed.back().back() == '/' && listed.back() != "a/"));
    }
    CHECK(std::set<std::string>(listed.begin(), listed.end()) == expected);
    CHECK(listed.size() == expected.size());  // nothing twice
    for (const auto& [page, count] : per_page) {
      CHECK(count <= max_keys);
      if (page < per_page.rbegin()->first) CHECK(count == max_keys);
    }
    const std::size_t pages = (expected.size() + max_keys - 1) / max_keys;
    CHECK(per_page.size() == pages);
    const std::string summary = simt::read_file(dir / out / "summary.json");
    CHECK(summary.find("\"listing.pages\": " + std::to_string(pages)) != std::string::npos);
  }
}

TEST_CASE("object store: a name given twice is rejected at its parameter") {
  simt::TempDir dir("sdsim-simt-os-listing");
  simt::write_file(dir / "scn.yaml",
                   "name: os-dup\nmodel: object_store\nseed: 1\nparams:\n  naming: given\n"
                   "  names: |\n    x/1\n    x/1\nworkload: {clients: 1, rate: 1/s, duration: 3s}\n");
  const auto r = simt::sdsim({"run", "scn.yaml", "--quiet", "--out", "out"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("scn.yaml:6:") != std::string::npos);
  CHECK(r.err.find("'x/1' is given twice") != std::string::npos);
  CHECK_FALSE(simt::fs::exists(dir / "out"));
}
