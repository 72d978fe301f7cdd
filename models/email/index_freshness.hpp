// When a stored email becomes searchable and how far the index lags the mail store. The index
// (one Elasticsearch shard, sim/services/search) shows a document at the first scheduled
// refresh after it was indexed: refreshes run at every multiple of refresh_interval
// (https://www.elastic.co/guide/en/elasticsearch/reference/current/index-modules.html,
// index.refresh_interval). Emails reach the indexer through the log; an indexer that crashes
// starts again from its group's committed offsets (Kafka's consumer position after a restart,
// https://kafka.apache.org/documentation/#consumerconfigs_auto.offset.reset), so it re-reads
// what it had indexed but not committed: duplicates, counted, harmless (indexing is by id).
#pragma once

#include <cstdint>
#include <map>
#include <vector>

namespace sdsim::email {

// The first refresh strictly after `indexed_at` on the grid of `refresh_interval`.
double searchable_at(double indexed_at, double refresh_interval);

class FreshnessLedger {
 public:
  void stored(std::uint64_t id, double t);
  // An index acknowledgement at `t` (searchable at the next refresh); false when `id` was
  // already indexed (a re-read after a crash: counted as a duplicate).
  bool indexed(std::uint64_t id, double t, double refresh_interval);
  // The index was seen to show `id` at `t` (a check of the search node itself): replaces the
  // time indexed() predicted, which a crash of the node between the acknowledgement and the
  // refresh makes too early (the document shows only after the restart replayed it).
  void observed(std::uint64_t id, double t);

  std::size_t stored_count() const { return stored_.size(); }
  std::size_t searchable_count() const { return searchable_.size(); }
  std::uint64_t duplicates() const { return duplicates_; }
  // Stored and not searchable at time t.
  std::size_t inconsistent_at(double t) const;
  // The largest number of emails stored and not yet searchable at any instant.
  std::size_t inconsistent_max() const;
  // s: searchable - stored, per email searchable.
  std::vector<double> freshness() const;
  const std::map<std::uint64_t, double>& stored_times() const { return stored_; }
  const std::map<std::uint64_t, double>& searchable_times() const { return searchable_; }

 private:
  std::map<std::uint64_t, double> stored_, searchable_;
  std::uint64_t duplicates_ = 0;
};

}  // namespace sdsim::email
