// The LSM node's parameter table against Cassandra's documented defaults (cassandra.yaml of
// Cassandra 4.1: commitlog_sync periodic, commitlog_sync_period 10000ms, concurrent_reads and
// concurrent_writes 32; the CQL compaction sub-options of STCS and LCS; gc_grace_seconds
// 864000; bloom_filter_fp_chance 0.01, 0.1 for LCS tables).
#include <doctest/doctest.h>

#include "sim/core/doc.hpp"
#include "sim/services/lsm/lsm_config.hpp"

using namespace sdsim;
using namespace sdsim::lsm_service;
using storage::lsm::CompactionStrategy;
using storage::lsm::LsmOptions;

namespace {
LsmNodeConfig read(const std::string& yaml) {
  Doc doc = parse_yaml_text(yaml, "test");
  Diagnostics diags;
  ParamValues v = validate_params(&doc, lsm_node_params().specs(), "", diags);
  REQUIRE(diags.ok());
  return lsm_node_params().read(v);
}
}  // namespace

TEST_CASE(
    "lsm node: the table's defaults are Cassandra's and give the block's Cassandra defaults") {
  const LsmNodeConfig c = read("{}");
  CHECK(c.concurrent_reads == 32);
  CHECK(c.concurrent_writes == 32);
  CHECK(c.commitlog_sync_period == 10.0);
  const LsmOptions o = c.options();
  const LsmOptions ref = LsmOptions::cassandra_defaults(CompactionStrategy::size_tiered);
  CHECK(o.compaction == CompactionStrategy::size_tiered);
  CHECK(o.size_tiered.min_threshold == ref.size_tiered.min_threshold);
  CHECK(o.size_tiered.max_threshold == ref.size_tiered.max_threshold);
  CHECK(o.size_tiered.bucket_low == ref.size_tiered.bucket_low);
  CHECK(o.size_tiered.bucket_high == ref.size_tiered.bucket_high);
  CHECK(o.size_tiered.min_sstable_size_bytes == ref.size_tiered.min_sstable_size_bytes);
  CHECK(o.leveled.sstable_size_bytes == ref.leveled.sstable_size_bytes);
  CHECK(o.leveled.fanout_size == ref.leveled.fanout_size);
  CHECK(o.bloom_filter_fp_chance == 0.01);
  CHECK(o.commitlog_sync == storage::lsm::CommitLogSync::periodic);
  CHECK(o.gc_grace_seconds == 864000);
  CHECK(o.memtable_flush_size_bytes == ref.memtable_flush_size_bytes);
}

TEST_CASE("lsm node: leveled tables get fp chance 0.1 unless it is set") {
  CHECK(read("{compaction: leveled}").options().bloom_filter_fp_chance == 0.1);
  CHECK(read("{compaction: leveled, bloom_filter_fp_chance: 0.01}")
            .options()
            .bloom_filter_fp_chance == 0.01);
  CHECK(read("{commitlog_sync: batch}").options().commitlog_sync ==
        storage::lsm::CommitLogSync::batch);
}

TEST_CASE("lsm node: a bad value is a located error") {
  Doc doc = parse_yaml_text("{commitlog_sync: sometimes}", "test");
  Diagnostics diags;
  (void)validate_params(&doc, lsm_node_params().specs(), "", diags);
  CHECK_FALSE(diags.ok());
}
