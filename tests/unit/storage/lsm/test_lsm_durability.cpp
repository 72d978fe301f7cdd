// Crash and recovery after Cassandra's commit log docs: with commitlog_sync: periodic (the
// default, commitlog_sync_period 10 s) writes are acknowledged before the log is synced, so a
// crash can lose acknowledged writes on that replica; with batch the log is synced before the
// acknowledgement. On restart the commit log is replayed into the memtable.
#include <doctest/doctest.h>

#include <stdexcept>

#include "tests/unit/storage/lsm/lsm_test_support.hpp"

using namespace sdsim::storage::lsm;
using namespace sdsim::storage::lsm::test;

namespace {

LsmStore store_with(CommitLogSync sync) {
  LsmOptions o = tiny_options(CompactionStrategy::size_tiered);
  o.memtable_flush_size_bytes = 1 << 20;  // no flush: only the commit log can save a write
  o.commitlog_sync = sync;
  return LsmStore(o);
}

int surviving(LsmStore& store, int from, int to) {
  int n = 0;
  for (int i = from; i < to; ++i) n += store.get(key_of(i)).value.has_value();
  return n;
}

}  // namespace

TEST_CASE("storage/lsm: periodic sync loses the acknowledged writes of the last period") {
  LsmStore store = store_with(CommitLogSync::periodic);
  for (int i = 0; i < 10; ++i) {
    WriteResult w = store.put(key_of(i), Value::bytes("v"), us(i + 1), i + 1);
    CHECK_FALSE(w.durable);  // acknowledged, not yet on disk
    CHECK(w.foreground.syncs == 0);
  }
  CHECK(store.sync_due(9.5).syncs == 0);   // the 10 s period has not passed
  CHECK(store.sync_due(10.0).syncs == 1);  // writes 0..9 reach the disk
  for (int i = 10; i < 15; ++i) store.put(key_of(i), Value::bytes("v"), us(i + 1), i + 1);
  store.crash();
  CHECK_FALSE(store.up());
  CHECK_THROWS_AS(store.get(key_of(0)), std::logic_error);
  RecoveryReport r = store.recover(16.0);
  CHECK(r.records_replayed == 10);
  CHECK(r.disk.sequential_read_bytes > 0);
  CHECK(surviving(store, 0, 10) == 10);
  CHECK(surviving(store, 10, 15) == 0);  // five acknowledged writes lost
  CHECK(store.stats().records_lost_in_crash == 5);
}

TEST_CASE("storage/lsm: batch sync loses no acknowledged write") {
  LsmStore store = store_with(CommitLogSync::batch);
  for (int i = 0; i < 15; ++i) {
    WriteResult w = store.put(key_of(i), Value::bytes("v"), us(i + 1), i + 1);
    CHECK(w.durable);
    CHECK(w.foreground.syncs == 1);  // fsync before the acknowledgement
  }
  store.crash();
  CHECK(store.recover(16.0).records_replayed == 15);
  CHECK(surviving(store, 0, 15) == 15);
  CHECK(store.stats().records_lost_in_crash == 0);
}

TEST_CASE("storage/lsm: flushed SSTables survive a crash whatever the sync mode") {
  LsmStore store = store_with(CommitLogSync::periodic);
  for (int i = 0; i < 10; ++i) store.put(key_of(i), Value::bytes("v"), us(1), 1.0);
  store.flush(2.0);  // data now in an SSTable; its commit log records are recycled
  store.put(key_of(10), Value::bytes("v"), us(3), 3.0);
  store.crash();
  CHECK(store.recover(4.0).records_replayed == 0);
  CHECK(surviving(store, 0, 10) == 10);
  CHECK(surviving(store, 10, 11) == 0);
}

TEST_CASE("storage/lsm: replay restores the synced version, not a later unsynced overwrite") {
  LsmStore store = store_with(CommitLogSync::periodic);
  store.put("k", Value::bytes("synced"), 1, 1.0);
  store.sync_due(10.0);
  store.put("k", Value::bytes("lost"), 2, 11.0);
  CHECK(store.get("k").value->data() == "lost");
  store.crash();
  store.recover(12.0);
  CHECK(store.get("k").value->data() == "synced");
}
