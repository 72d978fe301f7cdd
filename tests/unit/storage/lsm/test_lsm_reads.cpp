// Read path and last-write-wins, after Cassandra's storage engine docs (reads merge the
// memtable and the SSTables, newest first by max timestamp) and its reconcile rules (higher
// timestamp wins; on a tie a tombstone wins, then the greater value).
#include <doctest/doctest.h>

#include "tests/unit/storage/lsm/lsm_test_support.hpp"

using namespace sdsim::storage::lsm;
using namespace sdsim::storage::lsm::test;

namespace {

LsmStore manual_store() {
  LsmOptions o = tiny_options(CompactionStrategy::size_tiered);
  o.auto_flush = false;
  o.auto_compaction = false;
  return LsmStore(o);
}

}  // namespace

TEST_CASE("storage/lsm: the memtable's version shadows the SSTables' older ones") {
  LsmStore store = manual_store();
  store.put("k", Value::bytes("old"), 100, 1.0);
  store.flush(1.0);
  store.put("k", Value::bytes("new"), 200, 2.0);
  ReadResult r = store.get("k");
  REQUIRE(r.value);
  CHECK(r.value->data() == "new");
  CHECK(r.memtable_hit);
  CHECK(r.timestamp_us == 200);
  // The SSTable's newest write (100) is older than the memtable's: it is not even read.
  CHECK(r.data_block_reads == 0);
}

TEST_CASE("storage/lsm: last write wins on the client timestamp, not on arrival order") {
  LsmStore store = manual_store();
  store.put("k", Value::bytes("later"), 500, 1.0);
  store.flush(1.0);
  store.put("k", Value::bytes("skewed"), 400, 2.0);  // arrives later with an older timestamp
  ReadResult r = store.get("k");
  REQUIRE(r.value);
  CHECK(r.value->data() == "later");
  CHECK(r.data_block_reads == 1);
  store.flush(2.0);
  CHECK(store.get("k").value->data() == "later");
}

TEST_CASE("storage/lsm: timestamp ties go to the tombstone, then to the greater value") {
  LsmStore store = manual_store();
  store.put("a", Value::bytes("apple"), 10, 1.0);
  store.put("a", Value::bytes("zebra"), 10, 1.0);
  store.put("a", Value::bytes("mango"), 10, 1.0);
  CHECK(store.get("a").value->data() == "zebra");
  store.put("b", Value::bytes("x"), 10, 1.0);
  store.flush(1.0);
  store.remove("b", 10, 2.0);
  CHECK_FALSE(store.get("b").value);
}

TEST_CASE("storage/lsm: SSTables are read newest first and the search stops early") {
  LsmStore store = manual_store();
  for (int i = 1; i <= 3; ++i) {
    store.put("k", Value::bytes("v" + std::to_string(i)), i * 100, i);
    store.put("other" + std::to_string(i), Value::bytes("x"), i * 100, i);
    store.flush(i);
  }
  REQUIRE(store.sstables().size() == 3);
  ReadResult r = store.get("k");
  CHECK(r.value->data() == "v3");
  CHECK(r.sstables_in_range == 3);
  CHECK(r.data_block_reads == 1);  // the newest SSTable's version beats the others' max
  CHECK(r.disk.random_reads == 1);
}

TEST_CASE("storage/lsm: a tombstone hides older values in every SSTable") {
  LsmStore store = manual_store();
  store.put("k", Value::bytes("v"), 100, 1.0);
  store.flush(1.0);
  store.remove("k", 200, 2.0);
  CHECK_FALSE(store.get("k").value);
  CHECK(store.get("k").timestamp_us == 200);
  store.flush(2.0);
  CHECK_FALSE(store.get("k").value);
  store.put("k", Value::bytes("again"), 300, 3.0);
  CHECK(store.get("k").value->data() == "again");
}

TEST_CASE("storage/lsm: compaction keeps tombstones for gc_grace_seconds, then purges them") {
  LsmOptions o = tiny_options(CompactionStrategy::size_tiered);
  o.auto_flush = o.auto_compaction = false;
  o.gc_grace_seconds = 1000;
  LsmStore store(o);
  for (int t = 0; t < 4; ++t) {
    for (int i = 0; i < 20; ++i) store.put(key_of(i), Value::of_size(20), us(t + 1), t + 1);
    if (t == 3) store.remove(key_of(7), us(10), 10.0);
    store.flush(t + 1);
  }
  SUBCASE("before gc_grace: kept") {
    REQUIRE(store.compact_once(500.0));
    CHECK(store.stats().tombstones_purged == 0);
    REQUIRE(store.sstables().size() == 1);
    CHECK(store.sstables()[0]->entries().size() == 20);
    CHECK_FALSE(store.get(key_of(7)).value);
  }
  SUBCASE("after gc_grace: purged, and the value stays deleted") {
    REQUIRE(store.compact_once(1011.0));
    CHECK(store.stats().tombstones_purged == 1);
    CHECK(store.sstables()[0]->entries().size() == 19);
    CHECK_FALSE(store.get(key_of(7)).value);
    CHECK(store.get(key_of(8)).value);
  }
}

TEST_CASE(
    "storage/lsm: a tombstone survives gc_grace while an SSTable outside the compaction may hold "
    "the key") {
  LsmOptions o = tiny_options(CompactionStrategy::size_tiered);
  o.auto_flush = o.auto_compaction = false;
  o.gc_grace_seconds = 0;
  o.size_tiered.min_sstable_size_bytes = 1;  // bucket by size ratio only
  LsmStore store(o);
  // One big old SSTable holding the key, then four small similar ones, one with its tombstone.
  for (int i = 0; i < 200; ++i) store.put(key_of(i), Value::of_size(50), 1, 1.0);
  store.flush(1.0);
  for (int t = 0; t < 4; ++t) {
    for (int i = 0; i < 5; ++i) store.put(key_of(300 + 5 * t + i), Value::of_size(50), 10 + t, 2.0);
    if (t == 0) store.remove(key_of(42), 10, 2.0);
    store.flush(2.0);
  }
  auto report = store.compact_once(100.0);
  REQUIRE(report);
  CHECK(report->inputs == 4);  // the big SSTable is in another bucket
  CHECK(store.stats().tombstones_purged == 0);
  CHECK_FALSE(store.get(key_of(42)).value);  // not resurrected from the big SSTable
}
