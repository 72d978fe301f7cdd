// Bloom filters measured against their parameter (Cassandra's bloom_filter_fp_chance): the
// textbook sizing m = -n ln p / (ln 2)^2 bits, k = m/n ln 2 hashes gives a false-positive
// rate of about p, and never a false negative.
#include <doctest/doctest.h>

#include <string>

#include "sim/storage/lsm/bloom_filter.hpp"
#include "tests/unit/storage/lsm/lsm_test_support.hpp"

using namespace sdsim::storage::lsm;
using namespace sdsim::storage::lsm::test;

namespace {

double measured_fp_rate(double p, int keys, int probes) {
  BloomFilter bloom(keys, p);
  for (int i = 0; i < keys; ++i) bloom.add("present:" + std::to_string(i));
  for (int i = 0; i < keys; ++i) REQUIRE(bloom.may_contain("present:" + std::to_string(i)));
  int positives = 0;
  for (int i = 0; i < probes; ++i) positives += bloom.may_contain("absent:" + std::to_string(i));
  return static_cast<double>(positives) / probes;
}

}  // namespace

TEST_CASE("storage/lsm: bloom filter sizing follows the optimum for the fp chance") {
  BloomFilter one_percent(1000, 0.01);
  CHECK(one_percent.bit_count() == 9586);  // ceil(1000 * 9.585...)
  CHECK(one_percent.hash_count() == 7);
  BloomFilter ten_percent(1000, 0.1);
  CHECK(ten_percent.bit_count() == 4793);
  CHECK(ten_percent.hash_count() == 3);
  CHECK_FALSE(BloomFilter().may_contain("anything"));
}

TEST_CASE("storage/lsm: measured bloom false-positive rate is within 15% of the parameter") {
  // 200,000 probes: the binomial standard error is about 2% of p at p = 0.01.
  for (double p : {0.01, 0.1, 0.001}) {
    const double rate = measured_fp_rate(p, 20000, 400000);
    INFO("p = " << p << ", measured " << rate);
    CHECK(rate > p * 0.85);
    CHECK(rate < p * 1.15);
  }
}

TEST_CASE("storage/lsm: the store's reads of absent keys measure the same false-positive rate") {
  LsmOptions o = tiny_options(CompactionStrategy::size_tiered);
  o.auto_flush = o.auto_compaction = false;
  o.bloom_filter_fp_chance = 0.05;
  LsmStore store(o);
  for (int i = 0; i <= 20000; i += 2) store.put(key_of(i), Value::of_size(8), 1, 1.0);
  store.flush(1.0);
  for (int i = 1; i < 20000; i += 2) CHECK_FALSE(store.get(key_of(i)).value);  // odd: absent
  const LsmStats& s = store.stats();
  REQUIRE(s.bloom_checks == 10000);
  const double rate =
      static_cast<double>(s.bloom_false_positives) / static_cast<double>(s.bloom_checks);
  CHECK(rate > 0.05 * 0.8);
  CHECK(rate < 0.05 * 1.2);
  CHECK(s.data_block_reads == s.bloom_false_positives);  // only a false positive costs a read
}
