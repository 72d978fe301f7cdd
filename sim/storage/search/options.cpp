#include "sim/storage/search/options.hpp"

#include <stdexcept>
#include <string>

namespace sdsim::storage::search {
namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("search options: ") + what);
}

}  // namespace

void SearchOptions::validate() const {
  require(refresh_interval_s > 0, "refresh_interval must be > 0");
  // Elasticsearch refuses sync intervals under 100 ms.
  require(translog_sync_interval_s >= 0.1, "translog.sync_interval must be >= 100ms");
  require(translog_flush_threshold_bytes > 0, "translog.flush_threshold_size must be > 0");
  require(segments_per_tier >= 2, "segments_per_tier must be >= 2");
  require(max_merge_at_once >= 2, "max_merge_at_once must be >= 2");
  require(bm25_k1 >= 0, "bm25 k1 must be >= 0");
  require(bm25_b >= 0 && bm25_b <= 1, "bm25 b must be in [0, 1]");
}

}  // namespace sdsim::storage::search
