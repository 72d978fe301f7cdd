// Flush, compaction and the amplification figures of the LSM store.
#include <algorithm>
#include <set>
#include <utility>

#include "sim/storage/lsm/lsm_store.hpp"
#include "sim/storage/lsm/merge.hpp"

namespace sdsim::storage::lsm {

DiskWork LsmStore::maintain(double now_s) {
  DiskWork work;
  if (!options_.auto_flush || memtable_.size_bytes() < options_.memtable_flush_size_bytes)
    return work;
  work += flush(now_s);
  if (options_.auto_compaction) work += compact_pending(now_s);
  return work;
}

void LsmStore::add_sstable(std::vector<Entry> entries, int level) {
  sstables_.push_back(std::make_unique<SSTable>(next_generation_++, level, std::move(entries),
                                                options_.bloom_filter_fp_chance,
                                                options_.block_size_bytes));
}

DiskWork LsmStore::flush(double now_s) {
  DiskWork work;
  if (memtable_.empty()) return work;
  add_sstable(memtable_.drain(), 0);
  // The SSTable is written sequentially and fsynced; the commit log it covers is recycled.
  work.sequential_write_bytes = sstables_.back()->total_bytes();
  work.syncs = 1;
  commit_log_.discard_all();
  ++stats_.flushes;
  stats_.flush_bytes_written += work.sequential_write_bytes;
  (void)now_s;
  return work;
}

std::vector<std::vector<const SSTable*>> LsmStore::levels() const {
  int top = 0;
  for (const auto& s : sstables_) top = std::max(top, s->level());
  std::vector<std::vector<const SSTable*>> levels(static_cast<std::size_t>(top) + 2);
  for (const auto& s : sstables_) levels[s->level()].push_back(s.get());
  for (std::size_t l = 1; l < levels.size(); ++l)
    std::sort(levels[l].begin(), levels[l].end(),
              [](const SSTable* a, const SSTable* b) { return a->first_key() < b->first_key(); });
  return levels;
}

std::optional<CompactionTask> LsmStore::pick() {
  if (options_.compaction == CompactionStrategy::leveled)
    return pick_leveled(levels(), options_.leveled, options_.size_tiered, level_cursor_);
  std::vector<const SSTable*> all;
  for (const auto& s : sstables_) all.push_back(s.get());
  auto bucket = pick_size_tiered(std::move(all), options_.size_tiered);
  if (bucket.empty()) return std::nullopt;
  CompactionTask task;
  task.inputs = std::move(bucket);
  return task;
}

bool LsmStore::tombstone_purgeable(const Entry& e, const std::vector<const SSTable*>& inputs,
                                   double now_s) const {
  // Cassandra purges a tombstone once localDeletionTime < now - gc_grace_seconds, and only if
  // no data it shadows can survive elsewhere: an SSTable outside the compaction that may hold
  // the key with an older timestamp, or the memtable.
  if (!(e.version.deletion_time_s < now_s - options_.gc_grace_seconds)) return false;
  for (const auto& s : sstables_) {
    if (std::find(inputs.begin(), inputs.end(), s.get()) != inputs.end()) continue;
    if (s->covers(e.key) && s->min_timestamp_us() <= e.version.timestamp_us &&
        s->bloom().may_contain(e.key))
      return false;
  }
  const Version* m = memtable_.find(e.key);
  return !(m && m->timestamp_us <= e.version.timestamp_us);
}

std::optional<CompactionReport> LsmStore::compact_once(double now_s) {
  std::optional<CompactionTask> task = pick();
  if (!task) return std::nullopt;
  MergeResult merged = merge_runs(
      task->inputs, [&](const Entry& e) { return tombstone_purgeable(e, task->inputs, now_s); });
  CompactionReport report;
  report.inputs = static_cast<int>(task->inputs.size());
  report.output_level = task->output_level;
  report.records_read = merged.records_read;
  report.records_written = merged.entries.size();
  report.disk.sequential_read_bytes = total_bytes(task->inputs);

  const std::set<const SSTable*> gone(task->inputs.begin(), task->inputs.end());
  std::erase_if(sstables_, [&](const std::unique_ptr<SSTable>& s) { return gone.count(s.get()); });
  for (auto& run : split_by_size(std::move(merged.entries), task->max_output_bytes)) {
    add_sstable(std::move(run), task->output_level);
    report.disk.sequential_write_bytes += sstables_.back()->total_bytes();
    report.disk.syncs += 1;
    ++report.outputs;
  }
  ++stats_.compactions;
  stats_.compaction_bytes_read += report.disk.sequential_read_bytes;
  stats_.compaction_bytes_written += report.disk.sequential_write_bytes;
  stats_.compaction_records_read += merged.records_read;
  stats_.versions_dropped += merged.versions_dropped;
  stats_.tombstones_purged += merged.tombstones_purged;
  return report;
}

DiskWork LsmStore::compact_pending(double now_s) {
  DiskWork work;
  while (auto report = compact_once(now_s)) work += report->disk;
  return work;
}

namespace {
double ratio(std::uint64_t num, std::uint64_t den) {
  return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}
}  // namespace

double LsmStore::write_amplification() const {
  return ratio(stats_.flush_bytes_written + stats_.compaction_bytes_written,
               stats_.client_bytes_written);
}

double LsmStore::write_amplification_with_commit_log() const {
  return ratio(stats_.flush_bytes_written + stats_.compaction_bytes_written +
                   stats_.commit_log_bytes_written,
               stats_.client_bytes_written);
}

double LsmStore::read_amplification() const { return ratio(stats_.data_block_reads, stats_.gets); }

double LsmStore::space_amplification() const {
  std::vector<const SSTable*> all;
  std::uint64_t on_disk = 0;
  for (const auto& s : sstables_) {
    all.push_back(s.get());
    on_disk += s->data_bytes();
  }
  const MergeResult live = merge_runs(all, [](const Entry&) { return true; });
  std::uint64_t live_bytes = 0;
  for (const Entry& e : live.entries) live_bytes += record_bytes(e.key, e.version);
  return ratio(on_disk, live_bytes);
}

std::uint64_t LsmStore::level_bytes(int level) const {
  std::uint64_t sum = 0;
  for (const auto& s : sstables_)
    if (s->level() == level) sum += s->total_bytes();
  return sum;
}

std::uint64_t LsmStore::disk_bytes() const {
  std::uint64_t sum = 0;
  for (const auto& s : sstables_) sum += s->total_bytes();
  return sum;
}

}  // namespace sdsim::storage::lsm
