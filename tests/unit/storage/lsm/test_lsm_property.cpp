// The LSM store against a std::map reference over random puts, deletes and reads with
// flushes, compactions, periodic syncs and crashes. The reference applies Cassandra's
// reconcile rules on its own (higher timestamp; on a tie tombstone, then greater value). What
// must survive a crash: under batch every acknowledged write; under periodic the state as of
// the last commit-log sync or flush (both make everything before them durable).
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <tuple>

#include "sim/core/random.hpp"
#include "tests/unit/storage/lsm/lsm_test_support.hpp"

using namespace sdsim::storage::lsm;
using namespace sdsim::storage::lsm::test;

namespace {

struct RefVersion {
  std::int64_t ts;
  bool tombstone;
  std::string value;
};
using Reference = std::map<std::string, RefVersion>;

void apply(Reference& ref, const std::string& key, RefVersion v) {
  auto it = ref.find(key);
  if (it == ref.end()) {
    ref.emplace(key, std::move(v));
    return;
  }
  const RefVersion& old = it->second;
  const bool wins = std::make_tuple(v.ts, v.tombstone, v.value) >
                    std::make_tuple(old.ts, old.tombstone, old.value);
  if (wins) it->second = std::move(v);
}

void check_all(LsmStore& store, const Reference& ref, int keys) {
  for (int i = 0; i < keys; ++i) {
    const std::string k = key_of(i);
    ReadResult r = store.get(k);
    auto it = ref.find(k);
    const bool live = it != ref.end() && !it->second.tombstone;
    INFO("key " << k);
    REQUIRE(r.value.has_value() == live);
    if (live) REQUIRE(r.value->data() == it->second.value);
  }
}

struct Outcome {
  std::uint64_t crashes = 0, acknowledged_lost = 0, compactions = 0, purged = 0;
};

Outcome run(CompactionStrategy strategy, CommitLogSync sync, std::uint64_t seed) {
  LsmOptions o = tiny_options(strategy);
  o.commitlog_sync = sync;
  o.gc_grace_seconds = 100;  // well above the 5 s clock skew: no purged tombstone is needed again
  LsmStore store(o);
  sdsim::RandomStream rng(seed, "lsm-property");
  const int keys = 500;
  Reference acked, durable;
  std::uint64_t flushes = store.stats().flushes;
  Outcome out;
  double now = 0;
  for (int step = 0; step < 20000; ++step) {
    now += 0.5;
    const std::string key = key_of(static_cast<int>(rng.below(keys)));
    // Clock skew: a write may carry a timestamp up to 5 s older than another's.
    const std::int64_t ts = us(now) - static_cast<std::int64_t>(rng.below(5'000'000));
    const double u = rng.uniform01();
    if (u < 0.6) {
      std::string value = "v" + std::to_string(rng.below(1000));
      store.put(key, Value::bytes(value), ts, now);
      apply(acked, key, {ts, false, value});
    } else if (u < 0.8) {
      store.remove(key, ts, now);
      apply(acked, key, {ts, true, ""});
    } else if (u < 0.95) {
      ReadResult r = store.get(key);
      auto it = acked.find(key);
      const bool live = it != acked.end() && !it->second.tombstone;
      REQUIRE(r.value.has_value() == live);
      if (live) REQUIRE(r.value->data() == it->second.value);
    } else if (u < 0.97) {
      store.flush(now);
    } else if (u < 0.995) {
      if (store.sync_due(now).syncs > 0) durable = acked;
    } else {
      store.crash();
      store.recover(now);
      ++out.crashes;
      Reference& expected = sync == CommitLogSync::batch ? acked : durable;
      for (const auto& [k, v] : acked) {
        auto d = durable.find(k);
        if (d == durable.end() || d->second.ts != v.ts || d->second.value != v.value)
          ++out.acknowledged_lost;
      }
      check_all(store, expected, keys);
      acked = expected;
    }
    if (store.stats().flushes != flushes || sync == CommitLogSync::batch) durable = acked;
    flushes = store.stats().flushes;
  }
  check_all(store, acked, keys);
  store.compact_pending(now + 1000);  // every tombstone is past gc_grace now
  check_all(store, acked, keys);
  out.compactions = store.stats().compactions;
  out.purged = store.stats().tombstones_purged;
  return out;
}

}  // namespace

TEST_CASE(
    "storage/lsm: property: the store matches a std::map under batch sync, crashes included") {
  for (auto strategy : {CompactionStrategy::size_tiered, CompactionStrategy::leveled}) {
    for (std::uint64_t seed : {1, 2, 3}) {
      INFO("strategy " << int(strategy) << " seed " << seed);
      Outcome o = run(strategy, CommitLogSync::batch, seed);
      CHECK(o.crashes > 0);
      CHECK(o.compactions > 10);
      CHECK(o.purged > 0);
    }
  }
}

TEST_CASE(
    "storage/lsm: property: under periodic sync a crash rolls back to the last sync or flush") {
  std::uint64_t lost = 0;
  for (auto strategy : {CompactionStrategy::size_tiered, CompactionStrategy::leveled}) {
    for (std::uint64_t seed : {4, 5, 6}) {
      INFO("strategy " << int(strategy) << " seed " << seed);
      Outcome o = run(strategy, CommitLogSync::periodic, seed);
      CHECK(o.crashes > 0);
      lost += o.acknowledged_lost;
    }
  }
  CHECK(lost > 0);  // periodic sync did lose acknowledged writes
}
