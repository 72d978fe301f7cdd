// Parameters of the search index, named after Elasticsearch's index settings, with its
// defaults: refresh_interval 1 s, translog durability `request`, sync_interval 5 s,
// flush_threshold_size 512 MB; Lucene's TieredMergePolicy segments_per_tier and
// max_merge_at_once 10; BM25 k1 = 1.2, b = 0.75 (the default similarity).
#pragma once

#include <cstdint>

#include "sim/storage/search/translog.hpp"

namespace sdsim::storage::search {

struct SearchOptions {
  double refresh_interval_s = 1.0;
  TranslogDurability translog_durability = TranslogDurability::request;
  double translog_sync_interval_s = 5.0;
  std::uint64_t translog_flush_threshold_bytes = 512ull * 1024 * 1024;
  int segments_per_tier = 10;  // merge once there are more segments than this
  int max_merge_at_once = 10;
  double bm25_k1 = 1.2;
  double bm25_b = 0.75;

  // Throws std::invalid_argument naming the first bad option.
  void validate() const;
};

}  // namespace sdsim::storage::search
