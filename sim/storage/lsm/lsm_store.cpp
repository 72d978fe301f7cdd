// Writes, reads, crash and recovery. Flush and compaction are in lsm_maintenance.cpp.
#include "sim/storage/lsm/lsm_store.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace sdsim::storage::lsm {

LsmStore::LsmStore(LsmOptions options)
    : options_((options.validate(), std::move(options))),
      commit_log_(options_.commitlog_sync, options_.commitlog_sync_period_s) {}

WriteResult LsmStore::put(std::string key, Value value, std::int64_t timestamp_us, double now_s) {
  ++stats_.puts;
  Version v;
  v.timestamp_us = timestamp_us;
  v.value = std::move(value);
  return write(std::move(key), std::move(v), now_s);
}

WriteResult LsmStore::remove(std::string key, std::int64_t timestamp_us, double now_s) {
  ++stats_.deletes;
  Version v;
  v.timestamp_us = timestamp_us;
  v.tombstone = true;
  v.deletion_time_s = now_s;
  return write(std::move(key), std::move(v), now_s);
}

WriteResult LsmStore::write(std::string key, Version version, double now_s) {
  if (!up_) throw std::logic_error("LsmStore: write while crashed; call recover() first");
  WriteResult result;
  // Commit log first, then the memtable: what is acknowledged is in the log.
  const CommitLog::Append append = commit_log_.append(key, version, now_s);
  result.durable = append.synced;
  result.foreground = append.work;
  stats_.commit_log_bytes_written += append.work.sequential_write_bytes;
  stats_.commit_log_syncs += append.work.syncs;
  stats_.client_bytes_written += key.size() + (version.tombstone ? 0 : version.value.size_bytes());
  memtable_.apply(std::move(key), std::move(version));
  result.background = maintain(now_s);
  return result;
}

ReadResult LsmStore::get(std::string_view key) {
  if (!up_) throw std::logic_error("LsmStore: read while crashed; call recover() first");
  ++stats_.gets;
  ReadResult r;
  const Version* best = memtable_.find(key);
  if (best) {
    r.memtable_hit = true;
    ++stats_.memtable_hits;
  }
  std::vector<const SSTable*> candidates;
  for (const auto& s : sstables_)
    if (s->covers(key)) candidates.push_back(s.get());
  // Newest first by the newest write each SSTable holds (Cassandra's read path): once the
  // version in hand is newer than anything an SSTable holds, no later SSTable can beat it.
  std::sort(candidates.begin(), candidates.end(), [](const SSTable* a, const SSTable* b) {
    if (a->max_timestamp_us() != b->max_timestamp_us())
      return a->max_timestamp_us() > b->max_timestamp_us();
    return a->generation() > b->generation();
  });
  r.sstables_in_range = static_cast<int>(candidates.size());
  for (const SSTable* s : candidates) {
    if (best && s->max_timestamp_us() < best->timestamp_us) break;
    ++r.bloom_checks;
    if (!s->bloom().may_contain(key)) {
      ++stats_.bloom_negatives;
      continue;
    }
    ++stats_.index_reads;
    const SSTable::Lookup found = s->find(key);
    ++r.data_block_reads;
    r.disk.random_reads += 1;
    r.disk.random_read_bytes += found.block_bytes;
    if (!found.entry) {
      ++r.bloom_false_positives;
      continue;
    }
    if (!best || supersedes(found.entry->version, *best)) best = &found.entry->version;
  }
  stats_.sstables_in_range += candidates.size();
  stats_.bloom_checks += r.bloom_checks;
  stats_.bloom_false_positives += r.bloom_false_positives;
  stats_.data_block_reads += r.data_block_reads;
  stats_.data_bytes_read += r.disk.random_read_bytes;
  if (best) {
    r.timestamp_us = best->timestamp_us;
    if (!best->tombstone) r.value = best->value;
  }
  return r;
}

const Version* LsmStore::peek(std::string_view key) const {
  const Version* best = nullptr;
  auto consider = [&best](const Version& v) {
    if (!best || supersedes(v, *best)) best = &v;
  };
  if (up_) {
    if (const Version* m = memtable_.find(key)) consider(*m);
  } else {
    for (const Entry& e : commit_log_.records())
      if (e.key == key) consider(e.version);
  }
  for (const auto& s : sstables_)
    if (s->covers(key))
      if (const SSTable::Lookup found = s->find(key); found.entry) consider(found.entry->version);
  return best;
}

DiskWork LsmStore::sync_due(double now_s) {
  if (!up_) return {};
  const DiskWork work = commit_log_.sync_due(now_s);
  stats_.commit_log_syncs += work.syncs;
  return work;
}

void LsmStore::crash() {
  ++stats_.crashes;
  stats_.records_lost_in_crash += commit_log_.unsynced_records();
  memtable_.clear();
  commit_log_.lose_unsynced();
  up_ = false;
}

RecoveryReport LsmStore::recover(double now_s) {
  RecoveryReport report;
  if (up_) return report;
  for (const Entry& e : commit_log_.records()) {
    memtable_.apply(e.key, e.version);
    report.disk.sequential_read_bytes += record_bytes(e.key, e.version);
    ++report.records_replayed;
  }
  stats_.records_replayed += report.records_replayed;
  up_ = true;
  report.disk += maintain(now_s);
  return report;
}

}  // namespace sdsim::storage::lsm
