// Indexing, refresh, merges, flush, crash and recovery. Query evaluation is in search_query.cpp.
#include "sim/storage/search/search_index.hpp"

#include <algorithm>
#include <memory>
#include <set>
#include <stdexcept>
#include <utility>

#include "sim/storage/search/analyzer.hpp"

namespace sdsim::storage::search {

SearchIndex::SearchIndex(SearchOptions options)
    : options_((options.validate(), std::move(options))),
      translog_(options_.translog_durability, options_.translog_sync_interval_s) {}

IndexResult SearchIndex::index(Document doc, double now_s) {
  if (!up_) throw std::logic_error("SearchIndex: index while crashed; call recover() first");
  std::uint64_t tokens = 0;
  std::set<std::pair<std::string, std::string>> terms;
  for (const Field& f : doc.fields)
    for (std::string& t : analyze(f.text)) {
      ++tokens;
      terms.emplace(f.name, std::move(t));
    }
  ++stats_.docs_indexed;
  stats_.tokens_indexed += tokens;
  IndexResult r = append(IndexOp{next_seq_no_++, false, std::move(doc)}, now_s);
  r.tokens = tokens;
  r.unique_terms = terms.size();
  return r;
}

IndexResult SearchIndex::remove(const std::string& id, double now_s) {
  if (!up_) throw std::logic_error("SearchIndex: delete while crashed; call recover() first");
  ++stats_.deletes;
  return append(IndexOp{next_seq_no_++, true, Document{id, {}}}, now_s);
}

IndexResult SearchIndex::append(IndexOp op, double now_s) {
  IndexResult r;
  r.seq_no = op.seq_no;
  // In the translog before the acknowledgement; in the buffer until the next refresh.
  r.disk = translog_.append(op, now_s);
  r.durable = options_.translog_durability == TranslogDurability::request;
  stats_.translog_bytes_written += r.disk.sequential_write_bytes;
  stats_.translog_syncs += r.disk.syncs;
  buffer_.push_back(std::move(op));
  if (translog_.size_bytes() > options_.translog_flush_threshold_bytes) r.disk += flush(now_s);
  return r;
}

Segment* SearchIndex::segment_by_id(std::uint64_t id) {
  for (Segment& s : segments_)
    if (s.id == id) return &s;
  return nullptr;
}

void SearchIndex::count_fields(const SegmentData& data, std::uint32_t ord, int sign) {
  for (const auto& [field, length] : data.field_lengths(ord)) {
    FieldStats& fs = field_stats_[field];
    fs.doc_count += static_cast<std::uint64_t>(sign);
    fs.total_length += static_cast<std::uint64_t>(sign) * length;
  }
}

void SearchIndex::kill(const std::string& id) {
  auto it = id_location_.find(id);
  if (it == id_location_.end()) return;
  Segment* s = segment_by_id(it->second.segment_id);
  s->live[it->second.ord] = false;
  --s->live_count;
  count_fields(*s->data, it->second.ord, -1);
  id_location_.erase(it);
}

void SearchIndex::add_segment(std::vector<Document> docs) {
  auto data = std::make_shared<const SegmentData>(std::move(docs));
  const auto n = static_cast<std::uint32_t>(data->docs().size());
  segments_.push_back(Segment{next_segment_id_++, data, std::vector<bool>(n, true), n});
  for (std::uint32_t ord = 0; ord < n; ++ord) {
    id_location_[data->docs()[ord].id] = {segments_.back().id, ord};
    count_fields(*data, ord, +1);
  }
}

RefreshResult SearchIndex::refresh(double now_s) {
  last_refresh_s_ = now_s;
  RefreshResult r;
  if (buffer_.empty()) return r;  // nothing changed: no new segment
  ++stats_.refreshes;
  // Apply the buffered operations in order: a later one on the same id replaces an earlier
  // one, whether that one is visible already or waiting in this same batch.
  std::vector<Document> batch;
  std::vector<bool> dropped;
  std::map<std::string, std::size_t> in_batch;
  for (IndexOp& op : buffer_) {
    if (auto b = in_batch.find(op.doc.id); b != in_batch.end()) {
      dropped[b->second] = true;
      in_batch.erase(b);
    }
    if (visible(op.doc.id)) {
      kill(op.doc.id);
      r.deletes_applied += op.is_delete;
    }
    if (op.is_delete) continue;
    in_batch[op.doc.id] = batch.size();
    batch.push_back(std::move(op.doc));
    dropped.push_back(false);
  }
  buffer_.clear();
  std::vector<Document> docs;
  for (std::size_t i = 0; i < batch.size(); ++i)
    if (!dropped[i]) docs.push_back(std::move(batch[i]));
  if (!docs.empty()) {
    r.docs_made_visible = docs.size();
    add_segment(std::move(docs));
    const SegmentData& data = *segments_.back().data;
    r.segments_written = 1;
    r.disk.sequential_write_bytes += data.size_bytes();
    ++stats_.segments_written;
    stats_.segment_bytes_written += data.size_bytes();
    stats_.postings_written += data.postings_count();
  }
  const std::uint64_t merges_before = stats_.merges;
  r.disk += merge_if_needed();
  r.segments_merged = stats_.merges - merges_before;
  return r;
}

DiskWork SearchIndex::merge_if_needed() {
  DiskWork work;
  while (static_cast<int>(segments_.size()) > options_.segments_per_tier) {
    // The smallest segments by live documents (TieredMergePolicy favours small merges).
    std::vector<std::size_t> order(segments_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (segments_[a].live_count != segments_[b].live_count)
        return segments_[a].live_count < segments_[b].live_count;
      return segments_[a].id < segments_[b].id;
    });
    order.resize(static_cast<std::size_t>(options_.max_merge_at_once));
    std::sort(order.begin(), order.end());  // merge in creation order
    std::vector<Document> docs;
    std::uint64_t read = 0;
    for (std::size_t i : order) {
      const Segment& s = segments_[i];
      read += s.data->size_bytes();
      for (std::uint32_t ord = 0; ord < s.live.size(); ++ord) {
        if (!s.live[ord]) continue;  // deleted documents are dropped here, for good
        docs.push_back(s.data->docs()[ord]);
        id_location_.erase(docs.back().id);
        count_fields(*s.data, ord, -1);
      }
    }
    for (auto it = order.rbegin(); it != order.rend(); ++it)
      segments_.erase(segments_.begin() + static_cast<std::ptrdiff_t>(*it));
    ++stats_.merges;
    work.sequential_read_bytes += read;
    stats_.merge_bytes_read += read;
    if (docs.empty()) continue;
    add_segment(std::move(docs));
    const std::uint64_t bytes = segments_.back().data->size_bytes();
    work.sequential_write_bytes += bytes;
    stats_.merge_bytes_written += bytes;
  }
  return work;
}

RefreshResult SearchIndex::tick(double now_s) {
  DiskWork sync = up_ ? translog_.sync_due(now_s) : DiskWork{};
  stats_.translog_syncs += sync.syncs;
  RefreshResult r;
  if (up_ && now_s >= last_refresh_s_ + options_.refresh_interval_s) r = refresh(now_s);
  r.disk += sync;
  return r;
}

DiskWork SearchIndex::flush(double now_s) {
  DiskWork work = refresh(now_s).disk;
  // Lucene commit: fsync every segment written since the last commit, then the commit point.
  std::set<std::uint64_t> committed_ids;
  for (const Segment& s : committed_) committed_ids.insert(s.id);
  for (const Segment& s : segments_) work.syncs += committed_ids.count(s.id) ? 0 : 1;
  work.syncs += 1;
  committed_ = segments_;
  committed_seq_no_ = next_seq_no_ - 1;
  translog_.trim_through(committed_seq_no_);
  ++stats_.flushes;
  return work;
}

void SearchIndex::crash() {
  ++stats_.crashes;
  stats_.ops_lost_in_crash += translog_.unsynced_ops();
  translog_.lose_unsynced();
  buffer_.clear();
  segments_.clear();
  id_location_.clear();
  field_stats_.clear();
  up_ = false;
}

void SearchIndex::rebuild_views() {
  id_location_.clear();
  field_stats_.clear();
  for (const Segment& s : segments_)
    for (std::uint32_t ord = 0; ord < s.live.size(); ++ord)
      if (s.live[ord]) {
        id_location_[s.data->docs()[ord].id] = {s.id, ord};
        count_fields(*s.data, ord, +1);
      }
}

RecoveryReport SearchIndex::recover(double now_s) {
  RecoveryReport report;
  if (up_) return report;
  segments_ = committed_;
  rebuild_views();
  for (const IndexOp& op : translog_.ops()) {
    buffer_.push_back(op);
    report.disk.sequential_read_bytes += op_bytes(op);
    ++report.ops_replayed;
  }
  stats_.ops_replayed += report.ops_replayed;
  up_ = true;
  report.disk += refresh(now_s).disk;  // recovery ends with the replayed operations visible
  return report;
}

}  // namespace sdsim::storage::search
