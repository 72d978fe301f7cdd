// Global secondary indexes (DynamoDB Developer Guide, "Global secondary indexes": updated
// asynchronously, eventually consistent, sparse, items re-keyed by the index's key; "GSI
// write throttling": table writes are throttled when an index cannot keep up).
#include <doctest/doctest.h>

#include "sim/core/random.hpp"
#include "sim/storage/nosql/table.hpp"

using namespace sdsim;
using namespace sdsim::storage::nosql;

namespace {
TableOptions roomy(int partitions) {
  TableOptions o;
  o.partitions = partitions;
  o.read_capacity = o.write_capacity = o.partition_read_limit = o.partition_write_limit = 1e9;
  return o;
}
IndexOptions by_status(std::size_t backlog = 100000) {
  return IndexOptions{"by_status", "status", "created", 1e9, 1e9, backlog};
}
// Propagates everything pending, oldest first per base partition.
void drain(Table& t, SecondaryIndex& idx, double now) {
  for (int p = 0; p < t.partitions(); ++p) {
    auto batch = idx.peek(p, 1000000);
    for (const auto& u : batch) idx.apply(u, now);
    idx.acknowledge(p, batch.size());
  }
}
}  // namespace

TEST_CASE("nosql index: updates are queued, not visible until applied, then re-keyed") {
  Table t(roomy(4));
  SecondaryIndex& idx = t.add_index(by_status());
  t.put(Item{"order-1", "", {{"status", "open"}, {"created", "10"}}, 0}, 1.0);
  t.put(Item{"order-2", "", {{"status", "open"}, {"created", "05"}}, 0}, 1.0);
  t.put(Item{"order-3", "", {{"created", "07"}}, 0}, 1.0);  // no status: not in the index (sparse)
  CHECK(idx.pending() == 2);
  CHECK(idx.query("open", 10, 1.0).items.empty());  // eventually consistent: not yet
  drain(t, idx, 1.5);
  auto q = idx.query("open", 10, 1.5);
  REQUIRE(q.items.size() == 2);
  CHECK(q.items[0].partition_key == "order-2");  // by the index's sort key
  CHECK(idx.stats().lag_max_s == doctest::Approx(0.5));
  // A status change moves the item; a delete removes it.
  t.put(Item{"order-1", "", {{"status", "shipped"}, {"created", "10"}}, 0}, 2.0);
  t.remove("order-2", "", 2.0);
  drain(t, idx, 2.0);
  CHECK(idx.query("open", 10, 2.0).items.empty());
  CHECK(idx.query("shipped", 10, 2.0).items.size() == 1);
  CHECK(idx.size() == 1);
}

TEST_CASE("nosql index: applying a batch twice or out of date changes nothing") {
  Table t(roomy(1));
  SecondaryIndex& idx = t.add_index(by_status());
  t.put(Item{"a", "", {{"status", "x"}, {"created", "1"}}, 0}, 0);
  t.put(Item{"a", "", {{"status", "y"}, {"created", "1"}}, 0}, 0);
  auto batch = idx.peek(0, 10);
  REQUIRE(batch.size() == 2);
  idx.apply(batch[1], 0);
  CHECK_FALSE(idx.apply(batch[0], 0).has_value());  // older than what the index holds
  CHECK_FALSE(idx.apply(batch[1], 0).has_value());  // delivered twice
  CHECK(idx.query("y", 10, 0).items.size() == 1);
  CHECK(idx.query("x", 10, 0).items.empty());
  CHECK(idx.stats().skipped_duplicates == 2);
}

TEST_CASE("nosql index: table writes are throttled while the index's backlog is full") {
  Table t(roomy(2));
  SecondaryIndex& idx = t.add_index(by_status(3));
  for (int i = 0; i < 3; ++i)
    CHECK(t.put(Item{"k" + std::to_string(i), "", {{"status", "s"}, {"created", "1"}}, 0}, 0).ok());
  auto r = t.put(Item{"k9", "", {{"status", "s"}, {"created", "1"}}, 0}, 0);
  CHECK(r.throttled == Throttle::index_backlog);
  CHECK(
      t.put(Item{"plain", "", {}, 0}, 0).ok());  // a write the index does not see is not held back
  drain(t, idx, 0);
  CHECK(t.put(Item{"k9", "", {{"status", "s"}, {"created", "1"}}, 0}, 0).ok());
}

TEST_CASE("nosql index property: once drained, the index equals the items re-keyed") {
  Table t(roomy(5));
  SecondaryIndex& idx = t.add_index(by_status());
  RandomStream rng(11, "nosql-index-property");
  const char* statuses[] = {"open", "paid", "shipped"};
  for (int i = 0; i < 2000; ++i) {
    const std::string pk = "o" + std::to_string(rng.below(200));
    if (rng.bernoulli(0.2))
      t.remove(pk, "", i);
    else if (rng.bernoulli(0.1))
      t.put(Item{pk, "", {{"note", "no status"}}, 0}, i);
    else
      t.put(Item{pk, "", {{"status", statuses[rng.below(3)]}, {"created", std::to_string(i)}}, 0},
            i);
    if (rng.bernoulli(0.05)) drain(t, idx, i);
  }
  drain(t, idx, 3000);
  std::size_t expected = 0;
  for (const char* s : statuses) {
    std::size_t n = 0;
    for (const Item& it : t.all_items())
      if (const auto* a = it.attribute("status"); a && *a == s) ++n;
    CHECK(idx.query(s, 1000000, 3000).items.size() == n);
    expected += n;
  }
  CHECK(idx.size() == expected);
  CHECK(idx.pending() == 0);
}
