// Compaction triggers and results, after Cassandra's docs: "Size Tiered Compaction Strategy"
// (min_threshold 4, max_threshold 32, bucket_low 0.5, bucket_high 1.5, min_sstable_size) and
// "Leveled Compaction Strategy" (non-overlapping levels, each 10x the previous one).
#include <doctest/doctest.h>

#include <algorithm>

#include "sim/core/random.hpp"
#include "tests/unit/storage/lsm/lsm_test_support.hpp"

using namespace sdsim::storage::lsm;
using namespace sdsim::storage::lsm::test;

namespace {

// Writes `keys` keys (the same ones each time) and flushes: one SSTable of similar size.
void flush_round(LsmStore& store, int keys, int round, int first_key = 0) {
  for (int i = 0; i < keys; ++i)
    store.put(key_of(first_key + i), Value::of_size(40), us(round), round);
  store.flush(round);
}

}  // namespace

TEST_CASE("storage/lsm: size-tiered compacts once min_threshold (4) similar SSTables exist") {
  LsmOptions o = tiny_options(CompactionStrategy::size_tiered);
  o.auto_flush = false;  // flushes by hand; compaction still follows each flush when asked
  LsmStore store(o);
  for (int round = 1; round <= 3; ++round) flush_round(store, 30, round);
  CHECK_FALSE(store.compact_once(3.0));
  CHECK(store.sstables().size() == 3);
  flush_round(store, 30, 4);
  auto report = store.compact_once(4.0);
  REQUIRE(report);
  CHECK(report->inputs == 4);
  CHECK(report->outputs == 1);
  REQUIRE(store.sstables().size() == 1);
  // The merge kept one version per key: the three overwritten ones are gone.
  CHECK(store.sstables()[0]->entries().size() == 30);
  CHECK(store.stats().versions_dropped == 90);
  CHECK(store.get(key_of(5)).timestamp_us == us(4));
}

TEST_CASE("storage/lsm: size-tiered leaves an SSTable of a different size out of the bucket") {
  LsmOptions o = tiny_options(CompactionStrategy::size_tiered);
  o.auto_flush = false;
  o.size_tiered.min_sstable_size_bytes = 1;  // no "small" bucket: sizes alone decide
  LsmStore store(o);
  flush_round(store, 200, 1, 1000);  // ~6x the others: outside avg * bucket_high
  const std::uint64_t big = store.sstables()[0]->generation();
  for (int round = 2; round <= 5; ++round) flush_round(store, 30, round, 100 * round);
  auto report = store.compact_once(5.0);
  REQUIRE(report);
  CHECK(report->inputs == 4);
  CHECK(store.sstables().size() == 2);
  CHECK(std::any_of(store.sstables().begin(), store.sstables().end(),
                    [&](const auto& s) { return s->generation() == big; }));
}

TEST_CASE("storage/lsm: size-tiered takes at most max_threshold SSTables at once") {
  LsmOptions o = tiny_options(CompactionStrategy::size_tiered);
  o.auto_flush = false;
  o.auto_compaction = false;
  o.size_tiered.max_threshold = 6;
  LsmStore store(o);
  for (int round = 1; round <= 10; ++round) flush_round(store, 20, round, 100 * round);
  auto report = store.compact_once(10.0);
  REQUIRE(report);
  CHECK(report->inputs == 6);
  CHECK(store.sstables().size() == 5);
}

TEST_CASE(
    "storage/lsm: leveled keeps every level within fanout^L SSTables' worth, without overlap") {
  LsmOptions o = tiny_options(CompactionStrategy::leveled);
  o.leveled.sstable_size_bytes = 2048;
  o.memtable_flush_size_bytes = 1024;
  LsmStore store(o);
  sdsim::RandomStream rng(7, "lsm-leveled");
  for (int i = 0; i < 20000; ++i) {
    store.put(key_of(static_cast<int>(rng.below(5000))), Value::of_size(30), us(i), i);
  }
  int top = 0;
  for (const auto& s : store.sstables()) top = std::max(top, s->level());
  REQUIRE(top >= 2);  // the data reached L2, so the 10x rule was exercised twice
  for (int level = 1; level <= top; ++level) {
    INFO("level " << level);
    // Compaction stops only when no level's score exceeds 1.001.
    CHECK(store.level_bytes(level) <= max_bytes_for_level(level, o.leveled) * 1.001);
    // L1 holds 10 SSTables' worth, and each level above 10x the previous one.
    const std::uint64_t below =
        level == 1 ? o.leveled.sstable_size_bytes : max_bytes_for_level(level - 1, o.leveled);
    CHECK(max_bytes_for_level(level, o.leveled) == 10 * below);
    std::vector<const SSTable*> here;
    for (const auto& s : store.sstables())
      if (s->level() == level) here.push_back(s.get());
    std::sort(here.begin(), here.end(),
              [](const SSTable* a, const SSTable* b) { return a->first_key() < b->first_key(); });
    for (std::size_t i = 1; i < here.size(); ++i)
      CHECK(here[i - 1]->last_key() < here[i]->first_key());
  }
  // The level below the top is full enough that the top had to be fed from it.
  CHECK(store.level_bytes(top - 1) > max_bytes_for_level(top - 1, o.leveled) / 2);
  // A read visits at most one SSTable per level beyond L0.
  int l0 = 0;
  for (const auto& s : store.sstables()) l0 += s->level() == 0;
  for (int k = 0; k < 5000; k += 97) CHECK(store.get(key_of(k)).sstables_in_range <= l0 + top);
}

TEST_CASE("storage/lsm: leveled compacts L0 into L1 once L0 holds more than an SSTable's worth") {
  // Cassandra's LeveledManifest: two or more L0 SSTables are compacted; they stay in L0 while
  // together smaller than sstable_size, and go to L1 (with L1's overlapping SSTables) above.
  LsmOptions o = tiny_options(CompactionStrategy::leveled);
  o.auto_flush = false;
  o.leveled.sstable_size_bytes = 4000;
  LsmStore store(o);
  flush_round(store, 20, 1, 0);          // ~1.3 KB each
  CHECK_FALSE(store.compact_once(1.0));  // a single L0 SSTable: nothing to do
  flush_round(store, 20, 2, 100);
  auto small = store.compact_once(2.0);
  REQUIRE(small);
  CHECK(small->output_level == 0);
  flush_round(store, 40, 3, 200);
  auto promote = store.compact_once(3.0);
  REQUIRE(promote);
  CHECK(promote->output_level == 1);
  CHECK(store.level_bytes(0) == 0);
  CHECK(store.level_bytes(1) > 4000);
}
