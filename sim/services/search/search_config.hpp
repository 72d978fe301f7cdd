// The search node's settings: the shard's index settings named and defaulted as
// Elasticsearch's (index.refresh_interval 1s, index.translog.durability request,
// index.translog.sync_interval 5s, index.translog.flush_threshold_size 512mb, Lucene's
// TieredMergePolicy 10/10, BM25 k1 1.2 b 0.75), its thread pools (Elasticsearch's write pool
// has one thread per core, its search pool cores * 3 / 2 + 1), and the cost model.
#pragma once

#include "sim/core/param_table.hpp"
#include "sim/storage/search/options.hpp"

namespace sdsim::search_service {

struct SearchCosts {
  double cpu_per_token{};            // s: analysis
  double cpu_per_posting_indexed{};  // s
  double cpu_per_posting_read{};     // s
  double cpu_per_doc_scored{};       // s
  double cpu_per_query{};            // s: parsing and collection
  double memory_bandwidth{};         // B/s: segments written by a refresh go to the page cache
  double fsync{};                    // s
};

struct SearchConfig {
  double refresh_interval{};  // s
  storage::search::TranslogDurability translog_durability{};
  double translog_sync_interval{};         // s
  double translog_flush_threshold_size{};  // B
  int segments_per_tier{}, max_merge_at_once{};
  double bm25_k1{}, bm25_b{};
  int write_threads{}, search_threads{};
  SearchCosts costs;

  storage::search::SearchOptions options() const;  // throws std::invalid_argument
};

const ParamTable<SearchConfig>& search_params();

}  // namespace sdsim::search_service
