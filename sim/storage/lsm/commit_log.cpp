#include "sim/storage/lsm/commit_log.hpp"

namespace sdsim::storage::lsm {

CommitLog::CommitLog(CommitLogSync mode, double sync_period_s)
    : mode_(mode), sync_period_s_(sync_period_s) {}

CommitLog::Append CommitLog::append(const std::string& key, const Version& version, double now_s) {
  Append result;
  const std::uint64_t size = record_bytes(key, version);
  records_.push_back(Entry{key, version});
  bytes_ += size;
  result.work.sequential_write_bytes = size;
  if (mode_ == CommitLogSync::batch) {
    result.work += sync(now_s);
    result.synced = true;
  }
  return result;
}

DiskWork CommitLog::sync_due(double now_s) {
  if (mode_ != CommitLogSync::periodic || now_s < last_sync_s_ + sync_period_s_) return {};
  return sync(now_s);
}

DiskWork CommitLog::sync(double now_s) {
  last_sync_s_ = now_s;
  DiskWork work;
  if (synced_count_ == records_.size()) return work;  // nothing new: no fsync issued
  synced_count_ = records_.size();
  work.syncs = 1;
  return work;
}

void CommitLog::discard_all() {
  records_.clear();
  synced_count_ = 0;
  bytes_ = 0;
}

void CommitLog::lose_unsynced() {
  while (records_.size() > synced_count_) {
    bytes_ -= record_bytes(records_.back().key, records_.back().version);
    records_.pop_back();
  }
}

}  // namespace sdsim::storage::lsm
