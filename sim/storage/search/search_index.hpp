// A search index in the manner of one Elasticsearch shard: documents are analyzed into an
// inverted index; an indexed (or deleted) document is acknowledged once it is in the translog,
// and becomes visible to searches at the next refresh (refresh_interval, 1 s), which writes
// the in-memory buffer out as a new segment; small segments are merged; a flush (Lucene
// commit) makes segments durable and trims the translog. A crash loses the buffer, the
// segments written since the last commit and the unsynced translog tail; recover() goes back
// to the last commit and replays the translog, so with `request` durability every
// acknowledged operation comes back.
//
// Scoring is BM25 as Lucene 8+ computes it (Elasticsearch's default similarity):
//   idf = ln(1 + (N - n + 0.5) / (n + 0.5)), score = idf * f / (f + k1 (1 - b + b dl / avgdl))
// with N the live documents having the field, n those having the term, f the term frequency,
// dl the field's length in tokens and avgdl its average; a boolean query adds its matching
// clauses' scores. Hits are sorted by score, then by document id, so results are
// deterministic. Simplifications: N, n and avgdl are exact over visible live documents (Lucene
// counts deleted documents until a merge drops them, and stores dl lossily in one byte); no
// positions, phrases, fuzziness, replicas or realtime GET.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/storage/search/document.hpp"
#include "sim/storage/search/options.hpp"
#include "sim/storage/search/query.hpp"
#include "sim/storage/search/segment.hpp"
#include "sim/storage/search/translog.hpp"

namespace sdsim::storage::search {

struct IndexResult {
  std::uint64_t seq_no = 0;
  bool durable = false;            // fsynced before the acknowledgement (`request`)
  std::uint64_t tokens = 0;        // analysis work of this document
  std::uint64_t unique_terms = 0;  // postings it will add at the next refresh
  DiskWork disk;                   // translog append (and fsync); a triggered flush included
};

struct RefreshResult {
  std::uint64_t docs_made_visible = 0, deletes_applied = 0;
  std::uint64_t segments_written = 0, segments_merged = 0;
  DiskWork disk;  // new segment bytes and merges (read and rewritten)
};

struct Hit {
  std::string id;
  double score;
};

struct QueryWork {
  std::uint64_t segments_searched = 0, terms_looked_up = 0, postings_read = 0, docs_scored = 0;
};

struct SearchResult {
  std::vector<Hit> hits;  // at most `size`, best first
  std::uint64_t total_hits = 0;
  QueryWork work;
};

struct RecoveryReport {
  std::uint64_t ops_replayed = 0;
  DiskWork disk;
};

struct SearchStats {
  std::uint64_t docs_indexed = 0, deletes = 0, tokens_indexed = 0, postings_written = 0;
  std::uint64_t translog_bytes_written = 0, translog_syncs = 0;
  std::uint64_t refreshes = 0, segments_written = 0, segment_bytes_written = 0;
  std::uint64_t merges = 0, merge_bytes_read = 0, merge_bytes_written = 0;
  std::uint64_t flushes = 0;
  std::uint64_t queries = 0, postings_read = 0, terms_looked_up = 0;
  std::uint64_t crashes = 0, ops_lost_in_crash = 0, ops_replayed = 0;
};

class SearchIndex {
 public:
  explicit SearchIndex(SearchOptions options = {});  // throws on bad options

  // Indexes (or replaces) the document with this id; visible after the next refresh.
  IndexResult index(Document doc, double now_s);
  IndexResult remove(const std::string& id, double now_s);

  // Makes buffered operations visible now (the refresh API).
  RefreshResult refresh(double now_s);
  // Call as simulated time passes: refreshes every refresh_interval and, with `async`
  // durability, fsyncs the translog every sync_interval.
  RefreshResult tick(double now_s);
  // Lucene commit: buffered operations are written, segments fsynced, the translog trimmed.
  DiskWork flush(double now_s);

  SearchResult search(const Query& query, std::size_t size = 10);

  void crash();
  RecoveryReport recover(double now_s);
  bool up() const { return up_; }

  std::uint64_t visible_docs() const { return id_location_.size(); }
  bool visible(const std::string& id) const { return id_location_.count(id) != 0; }
  std::size_t segment_count() const { return segments_.size(); }
  const SearchStats& stats() const { return stats_; }
  const SearchOptions& options() const { return options_; }

 private:
  struct Location {
    std::uint64_t segment_id;
    std::uint32_t ord;
  };
  struct FieldStats {
    std::uint64_t doc_count = 0, total_length = 0;
  };
  using Matches = std::map<std::pair<std::uint64_t, std::uint32_t>, double>;

  IndexResult append(IndexOp op, double now_s);
  void kill(const std::string& id);
  void count_fields(const SegmentData& data, std::uint32_t ord, int sign);
  void add_segment(std::vector<Document> docs);
  DiskWork merge_if_needed();
  void rebuild_views();
  Segment* segment_by_id(std::uint64_t id);
  Matches evaluate(const Query& q, QueryWork& work) const;
  Matches term_matches(const std::string& field, const std::string& term, QueryWork& work) const;

  SearchOptions options_;
  Translog translog_;
  std::vector<IndexOp> buffer_;  // acknowledged, not yet visible
  std::vector<Segment> segments_;
  std::map<std::string, Location> id_location_;  // visible live documents
  std::map<std::string, FieldStats> field_stats_;
  std::uint64_t next_seq_no_ = 1, next_segment_id_ = 1;
  double last_refresh_s_ = 0;
  // The last commit: the segments (and live sets) a crash returns to.
  std::vector<Segment> committed_;
  std::uint64_t committed_seq_no_ = 0;
  std::uint64_t segments_bytes_since_commit_ = 0;
  SearchStats stats_;
  bool up_ = true;
};

}  // namespace sdsim::storage::search
