// The table's operations against the DynamoDB Developer Guide ("Working with items":
// PutItem replaces the whole item; "Query": one partition key, sort-key order, a sort-key
// condition and a limit; "Scan": a filter is applied after the read and the read is charged in
// full; "Partitions and data distribution": the partition key's hash decides the partition),
// and a property test against a naive std::map of the same items.
#include <doctest/doctest.h>

#include <map>

#include "sim/core/random.hpp"
#include "sim/storage/nosql/table.hpp"

using namespace sdsim;
using namespace sdsim::storage::nosql;

namespace {
Item item(const std::string& pk, const std::string& sk,
          std::map<std::string, std::string> attrs = {}) {
  return Item{pk, sk, std::move(attrs), 0};
}
TableOptions roomy(int partitions) {
  TableOptions o;
  o.partitions = partitions;
  o.read_capacity = 1e9;
  o.write_capacity = 1e9;
  o.partition_read_limit = 1e9;
  o.partition_write_limit = 1e9;
  return o;
}
}  // namespace

TEST_CASE("nosql table: partitions from capacity, DynamoDB's rule") {
  TableOptions o;
  o.read_capacity = 7500;
  o.write_capacity = 2000;
  CHECK(o.partition_count() == 5);  // ceil(2.5 + 2)
  o.read_capacity = 100;
  o.write_capacity = 100;
  CHECK(o.partition_count() == 1);
}

TEST_CASE("nosql table: put replaces, get and delete, item sizes") {
  Table t(roomy(4));
  CHECK(t.put(item("u1", "a", {{"name", "x"}}), 0).ok());
  auto r = t.put(item("u1", "a", {{"name", "yy"}}), 0);
  CHECK(r.replaced);
  CHECK(r.bytes == 2 + 2 + 2 + 1 + 4 + 2);  // "pk"+"u1", "sk"+"a", "name"+"yy"
  auto g = t.get("u1", "a", true, 0);
  REQUIRE(g.items.size() == 1);
  CHECK(*g.items[0].attribute("name") == "yy");
  CHECK(t.items() == 1);
  CHECK(t.remove("u1", "a", 0).ok());
  CHECK(t.get("u1", "a", true, 0).items.empty());
  CHECK(t.items() == 0);
}

TEST_CASE("nosql table: query is one partition key in sort-key order, within a range and a limit") {
  Table t(roomy(8));
  for (const char* sk : {"2024-03", "2024-01", "2024-02", "2023-12"}) t.put(item("user", sk), 0);
  t.put(item("other", "2024-01"), 0);
  auto q = t.query("user", "2024-01", "", 10, true, 0);
  REQUIRE(q.items.size() == 3);
  CHECK(q.items[0].sort_key == "2024-01");
  CHECK(q.items[2].sort_key == "2024-03");
  CHECK(t.query("user", "2024-01", "2024-03", 10, true, 0).items.size() == 2);
  CHECK(t.query("user", "", "", 2, true, 0).items.size() == 2);
  CHECK(q.partition == t.partition_of("user"));
}

TEST_CASE("nosql table: a filtered scan is charged for everything it read") {
  Table t(roomy(1));
  for (int i = 0; i < 100; ++i)
    t.put(Item{"k" + std::to_string(i), "", {{"color", i % 4 == 0 ? "red" : "blue"}}, 1000}, 0);
  auto s = t.scan(0, "color", "red", true, 0);
  CHECK(s.items.size() == 25);
  CHECK(s.bytes_read > 100 * 1000);
  CHECK(s.units == read_units(s.bytes_read, true));
}

TEST_CASE("nosql table: a hot partition is throttled while the others are not") {
  TableOptions o;
  o.partitions = 4;
  o.write_capacity = 400;  // 100 WCU/s per partition
  o.burst_seconds = 0;
  Table t(o);
  int hot_ok = 0, hot_throttled = 0;
  for (int i = 0; i < 300; ++i) {
    auto r = t.put(item("hot", std::to_string(i)), 0.5);
    (r.ok() ? hot_ok : hot_throttled)++;
  }
  CHECK(hot_ok == 100);
  CHECK(hot_throttled == 200);
  CHECK(t.partition_stats(t.partition_of("hot")).write_throttles == 200);
  // Another partition still has its own share.
  std::string cold;
  for (int i = 0; cold.empty(); ++i)
    if (t.partition_of("k" + std::to_string(i)) != t.partition_of("hot"))
      cold = "k" + std::to_string(i);
  CHECK(t.put(item(cold, "x"), 0.5).ok());
}

TEST_CASE("nosql table property: contents equal a naive map after random puts and deletes") {
  Table t(roomy(6));
  std::map<std::pair<std::string, std::string>, std::string> naive;
  RandomStream rng(3, "nosql-table-property");
  for (int i = 0; i < 3000; ++i) {
    const std::string pk = "p" + std::to_string(rng.below(40)),
                      sk = "s" + std::to_string(rng.below(10));
    if (rng.bernoulli(0.3)) {
      t.remove(pk, sk, 0);
      naive.erase({pk, sk});
    } else {
      const std::string v = std::to_string(i);
      t.put(item(pk, sk, {{"v", v}}), 0);
      naive[{pk, sk}] = v;
    }
  }
  CHECK(t.items() == naive.size());
  for (const auto& [k, v] : naive) {
    auto g = t.get(k.first, k.second, true, 0);
    REQUIRE(g.items.size() == 1);
    CHECK(*g.items[0].attribute("v") == v);
  }
  // Every partition key lives in exactly one partition; scans over all partitions see all items.
  std::size_t scanned = 0;
  for (int p = 0; p < t.partitions(); ++p)
    for (const Item& it : t.scan(p, "", "", true, 0).items) {
      CHECK(t.partition_of(it.partition_key) == p);
      ++scanned;
    }
  CHECK(scanned == naive.size());
}
