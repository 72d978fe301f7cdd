#include "sim/storage/search/translog.hpp"

#include <utility>

namespace sdsim::storage::search {

// Sequence number, operation type and length framing: 24 bytes besides the source.
std::uint64_t op_bytes(const IndexOp& op) {
  return 24 + (op.is_delete ? op.doc.id.size() : source_bytes(op.doc));
}

Translog::Translog(TranslogDurability durability, double sync_interval_s)
    : durability_(durability), sync_interval_s_(sync_interval_s) {}

DiskWork Translog::append(IndexOp op, double now_s) {
  DiskWork work;
  work.sequential_write_bytes = op_bytes(op);
  bytes_ += work.sequential_write_bytes;
  ops_.push_back(std::move(op));
  if (durability_ == TranslogDurability::request) work += sync(now_s);
  return work;
}

DiskWork Translog::sync_due(double now_s) {
  if (durability_ != TranslogDurability::async || now_s < last_sync_s_ + sync_interval_s_)
    return {};
  return sync(now_s);
}

DiskWork Translog::sync(double now_s) {
  last_sync_s_ = now_s;
  DiskWork work;
  if (synced_ == ops_.size()) return work;
  synced_ = ops_.size();
  work.syncs = 1;
  return work;
}

void Translog::trim_through(std::uint64_t seq_no) {
  while (!ops_.empty() && ops_.front().seq_no <= seq_no) {
    bytes_ -= op_bytes(ops_.front());
    ops_.pop_front();
    if (synced_ > 0) --synced_;
  }
}

void Translog::lose_unsynced() {
  while (ops_.size() > synced_) {
    bytes_ -= op_bytes(ops_.back());
    ops_.pop_back();
  }
}

}  // namespace sdsim::storage::search
