#include "sim/storage/lsm/options.hpp"

#include <stdexcept>
#include <string>

namespace sdsim::storage::lsm {
namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("lsm options: ") + what);
}

}  // namespace

void LsmOptions::validate() const {
  require(size_tiered.min_threshold >= 2, "min_threshold must be >= 2");
  require(size_tiered.max_threshold >= size_tiered.min_threshold,
          "max_threshold must be >= min_threshold");
  require(size_tiered.bucket_low > 0 && size_tiered.bucket_low < 1, "bucket_low must be in (0, 1)");
  require(size_tiered.bucket_high > 1, "bucket_high must be > 1");
  require(leveled.sstable_size_bytes > 0, "sstable_size_in_mb must be > 0");
  require(leveled.fanout_size >= 2, "fanout_size must be >= 2");
  require(leveled.max_compacting_l0 >= 2, "max_compacting_l0 must be >= 2");
  require(memtable_flush_size_bytes > 0, "memtable_flush_size must be > 0");
  require(bloom_filter_fp_chance > 0 && bloom_filter_fp_chance < 1,
          "bloom_filter_fp_chance must be in (0, 1)");
  require(block_size_bytes > 0, "block_size must be > 0");
  require(commitlog_sync_period_s > 0, "commitlog_sync_period must be > 0");
  require(gc_grace_seconds >= 0, "gc_grace_seconds must be >= 0");
}

LsmOptions LsmOptions::cassandra_defaults(CompactionStrategy strategy) {
  LsmOptions o;
  o.compaction = strategy;
  if (strategy == CompactionStrategy::leveled) o.bloom_filter_fp_chance = 0.1;
  return o;
}

}  // namespace sdsim::storage::lsm
