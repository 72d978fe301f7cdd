// Amplification figures as RocksDB's tuning guide defines them, measured from what the store
// did: write amplification = bytes written to disk / bytes written by clients; read
// amplification = disk reads per point lookup; space amplification = bytes on disk / bytes of
// the live data.
#include <doctest/doctest.h>

#include "tests/unit/storage/lsm/lsm_test_support.hpp"

using namespace sdsim::storage::lsm;
using namespace sdsim::storage::lsm::test;

namespace {

std::uint64_t sstable_bytes(const LsmStore& store) {
  std::uint64_t sum = 0;
  for (const auto& s : store.sstables()) sum += s->total_bytes();
  return sum;
}

}  // namespace

TEST_CASE(
    "storage/lsm: write amplification counts flushes and compaction output over client bytes") {
  LsmOptions o = tiny_options(CompactionStrategy::size_tiered);
  o.auto_flush = o.auto_compaction = false;
  LsmStore store(o);
  std::uint64_t client = 0;
  for (int round = 0; round < 4; ++round) {
    for (int i = 0; i < 50; ++i) {
      store.put(key_of(100 * round + i), Value::of_size(90), 1, 1.0);
      client += key_of(0).size() + 90;
    }
    store.flush(1.0);
  }
  const std::uint64_t flushed = sstable_bytes(store);
  CHECK(store.stats().client_bytes_written == client);
  CHECK(store.write_amplification() == doctest::Approx(double(flushed) / double(client)));
  CHECK(store.write_amplification() > 1.0);  // record headers, index and bloom filter
  REQUIRE(store.compact_once(1.0));
  const std::uint64_t compacted = sstable_bytes(store);
  CHECK(store.write_amplification() ==
        doctest::Approx(double(flushed + compacted) / double(client)));
  CHECK(store.write_amplification_with_commit_log() >
        store.write_amplification() + 1.0);  // every record went through the log once
}

TEST_CASE(
    "storage/lsm: read amplification is one disk read per hit, about 4p per miss in 4 SSTables") {
  LsmOptions o = tiny_options(CompactionStrategy::size_tiered);
  o.auto_flush = o.auto_compaction = false;
  o.bloom_filter_fp_chance = 0.01;
  LsmStore store(o);
  // Four SSTables covering the same key range, each with a quarter of the keys.
  for (int round = 0; round < 4; ++round) {
    for (int i = round; i < 8000; i += 4) store.put(key_of(i), Value::of_size(10), 1 + round, 1.0);
    store.flush(1.0);
  }
  for (int i = 0; i < 8000; ++i) REQUIRE(store.get(key_of(i)).value);
  // A hit reads its own SSTable plus the false positives among those checked before it.
  CHECK(store.read_amplification() >= 1.0);
  CHECK(store.read_amplification() < 1.05);
  LsmStore misses(o);
  for (int round = 0; round < 4; ++round) {
    for (int i = round; i < 8000; i += 4) misses.put(key_of(2 * i), Value::of_size(10), 1, 1.0);
    misses.flush(1.0);
  }
  for (int i = 0; i < 8000; ++i) misses.get(key_of(2 * i + 1));
  CHECK(misses.read_amplification() == doctest::Approx(4 * 0.01).epsilon(0.3));
}

TEST_CASE(
    "storage/lsm: space amplification is 4 with four copies of the data, 1 after compaction") {
  LsmOptions o = tiny_options(CompactionStrategy::size_tiered);
  o.auto_flush = o.auto_compaction = false;
  LsmStore store(o);
  for (int round = 1; round <= 4; ++round) {
    for (int i = 0; i < 100; ++i) store.put(key_of(i), Value::of_size(60), round, round);
    store.flush(round);
  }
  CHECK(store.space_amplification() == doctest::Approx(4.0));
  REQUIRE(store.compact_once(4.0));
  CHECK(store.space_amplification() == doctest::Approx(1.0));
  // Deleting half the keys leaves tombstones and dead values on disk: above 2 until purged.
  for (int i = 0; i < 50; ++i) store.remove(key_of(i), 10, 5.0);
  store.flush(5.0);
  CHECK(store.space_amplification() > 2.0);
}
