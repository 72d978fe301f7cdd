// An Elasticsearch-like search node: one shard (sim/storage/search) on a platform host, served
// by a daemon service with a write pool and a search pool, restarted with its host. A
// refresher actor calls the shard's tick every refresh_interval (refresh, and with async
// durability the translog fsync every translog_sync_interval).
//
// What a crash loses: the in-memory buffer, the segments written since the last flush (Lucene
// commit) and, with async durability, the translog tail since its last fsync; the restart
// returns to the last commit and replays the translog, so with request durability every
// acknowledged document is searchable again. Measured: the indexing-to-searchable delay of
// every acknowledged document (from its acknowledgement to the refresh that shows it; those
// a restart replayed apart). The refresher refreshes at every multiple of refresh_interval,
// whatever refreshed in between (a flush, the refresh API), as Elasticsearch's schedule does.
//
// Cost model: indexing costs cpu_per_token per token and cpu_per_posting_indexed per unique
// term; its translog bytes are written to the disk, with request durability before the
// acknowledgement together with one fsync, with async at the next periodic fsync. A refresh
// writes its segment bytes to the page cache (at memory_bandwidth); a merge reads and writes
// its bytes on the disk; a flush writes the segment bytes not yet on disk and fsyncs each new
// segment and the commit point. A search costs cpu_per_query, cpu_per_posting_read per
// posting and cpu_per_doc_scored per document scored. A restart reads the translog it
// replays and re-analyzes its documents (at the shard's mean tokens per document).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/metrics/histogram.hpp"
#include "sim/net/net.hpp"
#include "sim/services/search/protocol.hpp"
#include "sim/services/search/search_config.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::search_service {

struct SearchNodeStats {
  std::uint64_t docs_acknowledged = 0, searches = 0, restarts = 0;
  std::uint64_t docs_lost = 0;                // acknowledged, and not searchable after a restart
  LatencyHistogram searchable_delay;          // s: acknowledgement to the refresh that shows it
  LatencyHistogram searchable_after_restart;  // s: the same for documents a restart replayed
  double recovery_seconds = 0;
  double translog_bytes_charged = 0, segment_bytes_to_page_cache = 0, disk_bytes_written = 0;
};

struct SearchDurable {
  explicit SearchDurable(const storage::search::SearchOptions& o) : index(o) {}
  storage::search::SearchIndex index;
  std::vector<std::pair<std::string, double>>
      awaiting;                          // acknowledged, not yet visible: (id, when)
  std::vector<std::string> unsynced;     // async: acknowledged since the last translog fsync
  double uncommitted_segment_bytes = 0;  // written by refreshes since the last flush (page cache)
  std::uint64_t uncommitted_segments = 0;
  double unsynced_translog_bytes = 0;
  std::uint64_t lives = 0;
  SearchNodeStats stats;
};

class SearchNode {
 public:
  SearchNode(RunContext& ctx, std::string name, const std::string& host, SearchConfig cfg);
  SearchNode(const SearchNode&) = delete;
  SearchNode& operator=(const SearchNode&) = delete;

  void start();

  const Endpoint<SearchProtocol>& endpoint() const { return endpoint_; }
  const std::string& name() const { return name_; }
  const SearchConfig& config() const { return cfg_; }
  const storage::search::SearchIndex& index() const { return durable_->index; }
  const SearchNodeStats& stats() const { return durable_->stats; }

 private:
  RunContext& ctx_;
  std::string name_;
  SearchConfig cfg_;
  Endpoint<SearchProtocol> endpoint_;
  std::shared_ptr<SearchDurable> durable_;
};

}  // namespace sdsim::search_service
