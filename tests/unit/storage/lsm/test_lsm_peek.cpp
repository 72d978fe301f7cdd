// LsmStore::peek, the checkers' look into a store: the same version get() returns, through
// flushes, compactions, overwrites and deletes, with nothing counted; while crashed, exactly
// what recover() brings back (the synced commit log and the SSTables).
#include <doctest/doctest.h>

#include <map>
#include <random>

#include "tests/unit/storage/lsm/lsm_test_support.hpp"

using namespace sdsim::storage::lsm;
using namespace sdsim::storage::lsm::test;

TEST_CASE("storage/lsm: peek finds what get finds, and counts nothing") {
  for (CompactionStrategy strategy :
       {CompactionStrategy::size_tiered, CompactionStrategy::leveled}) {
    LsmStore store(tiny_options(strategy));
    std::mt19937 rng(11);
    std::map<std::string, std::optional<std::uint32_t>> truth;  // key -> value size, or deleted
    for (int i = 0; i < 3000; ++i) {
      const std::string key = key_of(int(rng() % 400));
      const double t = 1.0 + i * 1e-3;
      if (rng() % 10 == 0) {
        store.remove(key, us(t), t);
        truth[key] = std::nullopt;
      } else {
        const auto size = std::uint32_t(1 + rng() % 40);
        store.put(key, Value::of_size(size), us(t), t);
        truth[key] = size;
      }
    }
    REQUIRE(store.stats().compactions > 0);
    const LsmStats before = store.stats();
    for (int k = 0; k < 450; ++k) {
      const std::string key = key_of(k);
      const Version* v = store.peek(key);
      auto it = truth.find(key);
      if (it == truth.end()) {
        CHECK(v == nullptr);
        continue;
      }
      REQUIRE(v != nullptr);
      CHECK(v->tombstone == !it->second.has_value());
      if (it->second) CHECK(v->value.size_bytes() == *it->second);
    }
    CHECK(store.stats().gets == before.gets);
    CHECK(store.stats().bloom_checks == before.bloom_checks);
    CHECK(store.stats().data_block_reads == before.data_block_reads);
    for (int k = 0; k < 450; ++k) {  // and get agrees
      const std::string key = key_of(k);
      const Version* v = store.peek(key);
      const ReadResult r = store.get(key);
      CHECK(r.value.has_value() == (v != nullptr && !v->tombstone));
      CHECK(r.timestamp_us == (v ? v->timestamp_us : 0));
    }
  }
}

TEST_CASE("storage/lsm: peek on a crashed store shows what recovery brings back") {
  LsmOptions o = tiny_options(CompactionStrategy::size_tiered);
  o.memtable_flush_size_bytes = 1 << 20;  // nothing flushed: the commit log decides
  LsmStore store(o);
  for (int i = 0; i < 10; ++i) store.put(key_of(i), Value::bytes("v"), us(i + 1), i + 1);
  store.sync_due(10.0);  // 0..9 synced
  for (int i = 10; i < 15; ++i) store.put(key_of(i), Value::bytes("v"), us(i + 1), i + 1);
  CHECK(store.peek(key_of(12)) != nullptr);
  store.crash();
  for (int i = 0; i < 10; ++i) CHECK(store.peek(key_of(i)) != nullptr);
  for (int i = 10; i < 15; ++i) CHECK(store.peek(key_of(i)) == nullptr);
  store.recover(16.0);
  for (int i = 0; i < 15; ++i)
    CHECK((store.peek(key_of(i)) != nullptr) == store.get(key_of(i)).value.has_value());
}
