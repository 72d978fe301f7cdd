#include "sim/services/lsm/lsm_config.hpp"

#include <cmath>

#include "sim/model/service_params.hpp"

namespace sdsim::lsm_service {

using storage::lsm::CommitLogSync;
using storage::lsm::CompactionStrategy;

storage::lsm::LsmOptions LsmNodeConfig::options() const {
  storage::lsm::LsmOptions o = storage::lsm::LsmOptions::cassandra_defaults(compaction);
  o.size_tiered.min_threshold = min_threshold;
  o.size_tiered.max_threshold = max_threshold;
  o.size_tiered.bucket_low = bucket_low;
  o.size_tiered.bucket_high = bucket_high;
  o.size_tiered.min_sstable_size_bytes = static_cast<std::uint64_t>(std::llround(min_sstable_size));
  o.leveled.sstable_size_bytes = static_cast<std::uint64_t>(std::llround(sstable_size));
  o.leveled.fanout_size = fanout_size;
  o.memtable_flush_size_bytes = static_cast<std::uint64_t>(std::llround(memtable_flush_size));
  if (bloom_filter_fp_chance > 0) o.bloom_filter_fp_chance = bloom_filter_fp_chance;
  o.block_size_bytes = static_cast<std::uint64_t>(std::llround(block_size));
  o.commitlog_sync = commitlog_sync;
  o.commitlog_sync_period_s = commitlog_sync_period;
  o.gc_grace_seconds = gc_grace;
  o.auto_flush = true;  // the node hands the flush and compaction work to its compactors
  o.auto_compaction = true;
  o.validate();
  return o;
}

const ParamTable<LsmCosts>& lsm_cost_params() {
  static const ParamTable<LsmCosts> t = [] {
    ParamTable<LsmCosts> c;
    c.duration("cpu_per_write", &LsmCosts::cpu_per_write, "1us",
               "CPU of one write (commit-log append, memtable insert)")
        .duration("cpu_per_read", &LsmCosts::cpu_per_read, "5us",
                  "CPU of one read besides its bloom checks")
        .duration("cpu_per_bloom_check", &LsmCosts::cpu_per_bloom_check, "200ns",
                  "CPU of one bloom filter probe")
        .duration("cpu_per_compacted_record", &LsmCosts::cpu_per_compacted_record, "200ns",
                  "CPU of merging one record in a compaction")
        .duration("disk_seek", &LsmCosts::disk_seek, "100us",
                  "latency before each data-block read (SSD)")
        .duration("fsync", &LsmCosts::fsync, "500us", "latency of one fsync (SSD)");
    return c;
  }();
  return t;
}

const ParamTable<LsmNodeConfig>& lsm_node_params() {
  static const ParamTable<LsmNodeConfig> t = [] {
    ParamTable<LsmNodeConfig> p;
    p.choice("compaction", &LsmNodeConfig::compaction, "size_tiered",
             "compaction strategy: size_tiered (STCS, Cassandra's default) or leveled (LCS)",
             {{"size_tiered", CompactionStrategy::size_tiered},
              {"leveled", CompactionStrategy::leveled}})
        .integer("min_threshold", &LsmNodeConfig::min_threshold, "4",
                 "STCS: SSTables of one bucket needed to compact", 2, 1000)
        .integer("max_threshold", &LsmNodeConfig::max_threshold, "32",
                 "STCS: most SSTables in one compaction", 2, 1000)
        .real("bucket_low", &LsmNodeConfig::bucket_low, "0.5",
              "STCS: a bucket takes sizes above avg * bucket_low", 0.01, 1)
        .real("bucket_high", &LsmNodeConfig::bucket_high, "1.5",
              "STCS: ... and below avg * bucket_high", 1, 100)
        .size("min_sstable_size", &LsmNodeConfig::min_sstable_size, "50MiB",
              "STCS: smaller SSTables share one bucket")
        .size("sstable_size", &LsmNodeConfig::sstable_size, "160MiB",
              "LCS: target SSTable size (sstable_size_in_mb)", 1)
        .integer("fanout_size", &LsmNodeConfig::fanout_size, "10",
                 "LCS: each level holds fanout_size times the previous", 2, 1000)
        .size("memtable_flush_size", &LsmNodeConfig::memtable_flush_size, "64MiB",
              "memtable size that triggers a flush (Cassandra sizes it by heap share; RocksDB's 64 "
              "MiB)",
              1)
        .real("bloom_filter_fp_chance", &LsmNodeConfig::bloom_filter_fp_chance, "0",
              "bloom filter false-positive chance; 0: the strategy's default (0.01 STCS, 0.1 LCS, "
              "as Cassandra)",
              0, 1)
        .size("block_size", &LsmNodeConfig::block_size, "4KiB",
              "data block read per SSTable a lookup visits", 64)
        .choice("commitlog_sync", &LsmNodeConfig::commitlog_sync, "periodic",
                "periodic: acknowledge at once, fsync every commitlog_sync_period (Cassandra's "
                "default); batch: fsync "
                "before acknowledging",
                {{"periodic", CommitLogSync::periodic}, {"batch", CommitLogSync::batch}})
        .duration("commitlog_sync_period", &LsmNodeConfig::commitlog_sync_period, "10s",
                  "periodic: time between commit-log fsyncs (Cassandra default)", 0.001)
        .duration("gc_grace", &LsmNodeConfig::gc_grace, "864000s",
                  "tombstones are kept at least this long (gc_grace_seconds, 10 days)")
        .integer("concurrent_reads", &LsmNodeConfig::concurrent_reads, "32",
                 "read threads (Cassandra default)", 1, 4096)
        .integer("concurrent_writes", &LsmNodeConfig::concurrent_writes, "32",
                 "write threads (Cassandra default)", 1, 4096)
        .integer(
            "concurrent_compactors", &LsmNodeConfig::concurrent_compactors, "2",
            "actors running flushes and compactions (Cassandra: min(disks, cores), at least 2)", 1,
            64)
        .group("costs", "what the node's work costs (an SSD-backed node)", &LsmNodeConfig::costs,
               lsm_cost_params());
    return p;
  }();
  return t;
}

}  // namespace sdsim::lsm_service

// `sdsim describe service lsm`
static const sdsim::ServiceParamsRegistration lsm_registration{
    "lsm", "one Cassandra-like LSM storage node (sim/services/lsm)",
    &sdsim::lsm_service::lsm_node_params};
