#include "sim/storage/append_log/replica_log.hpp"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace sdsim::storage {

void ReplicaLog::set_high_watermark(Offset hw) { hw_ = std::max(hw_, std::min(hw, log_end())); }

SequenceCheck ReplicaLog::check_sequence(std::int64_t producer_id, std::int32_t base_seq) const {
  if (producer_id < 0) return SequenceCheck::Append;
  auto it = state_.producers.find(producer_id);
  const std::int32_t last = it == state_.producers.end() ? -1 : it->second.last_seq;
  if (base_seq == last + 1) return SequenceCheck::Append;
  if (base_seq <= last) return SequenceCheck::Duplicate;  // a retry of what is already here
  return SequenceCheck::OutOfOrder;                       // a gap: an earlier batch is missing
}

Offset ReplicaLog::append(RecordBatch batch) {
  batch.base_offset = log_end();
  unflushed_bytes_ += batch.bytes();
  if (epochs_.empty() || epochs_.back().epoch != batch.epoch)
    epochs_.push_back({batch.epoch, batch.base_offset});
  apply(state_, batch);
  batches_.push_back(std::move(batch));
  return batches_.back().base_offset;
}

void ReplicaLog::apply(State& st, const RecordBatch& b) {
  if (b.producer_id >= 0 && b.control == Control::None) {
    ProducerState& p = st.producers[b.producer_id];
    p.last_seq = b.base_seq + std::int32_t(b.ids.size()) - 1;
    p.recent_base_seqs.push_back(b.base_seq);
    if (p.recent_base_seqs.size() > 5) p.recent_base_seqs.pop_front();
  }
  if (b.txn != 0) {
    if (b.control == Control::None) {
      if (!st.finished_txns.count(b.txn)) st.open_txns.emplace(b.txn, b.base_offset);
    } else {
      st.open_txns.erase(b.txn);
      st.finished_txns[b.txn] = b.control == Control::Abort;
      st.marker_ends[b.txn] = b.end();
    }
  }
}

void ReplicaLog::rebuild_state() {
  state_ = forgotten_;
  for (const RecordBatch& b : batches_) apply(state_, b);
}

void ReplicaLog::forget_before(Offset offset) {
  if (offset > durable_ || offset > hw_)
    throw std::logic_error("ReplicaLog: forgetting what is not durable and committed");
  while (!batches_.empty() && batches_.front().end() <= offset) {
    apply(forgotten_, batches_.front());
    start_ = batches_.front().end();
    batches_.pop_front();
  }
}

void ReplicaLog::truncate(Offset offset) {
  if (offset >= log_end()) return;
  if (offset < start_) throw std::logic_error("ReplicaLog: truncating below the forgotten prefix");
  while (!batches_.empty() && batches_.back().base_offset >= offset) batches_.pop_back();
  if (!batches_.empty() && batches_.back().end() > offset) {
    RecordBatch& b = batches_.back();
    b.ids.resize(std::size_t(offset - b.base_offset));
  }
  // Runs of epochs with no batch left go (forgotten batches keep theirs).
  while (!epochs_.empty() &&
         (batches_.empty() ? epochs_.back().start >= start_
                           : epochs_.back().start > batches_.back().base_offset))
    epochs_.pop_back();
  durable_ = std::min(durable_, log_end());
  hw_ = std::min(hw_, log_end());
  unflushed_bytes_ = 0.0;
  for (const RecordBatch& b : batches_)
    if (b.end() > durable_) unflushed_bytes_ += b.bytes();
  rebuild_state();
}

void ReplicaLog::flush() {
  durable_ = log_end();
  unflushed_bytes_ = 0.0;
}

double ReplicaLog::bytes_until(Offset offset) const {
  offset = std::min(offset, log_end());
  double bytes = 0.0;
  if (offset <= durable_) return bytes;
  for (std::size_t i = batch_index(durable_);
       i < batches_.size() && batches_[i].base_offset < offset; ++i)
    bytes += batches_[i].bytes();
  return bytes;
}

double ReplicaLog::flush_to(Offset offset) {
  offset = std::min(offset, log_end());
  if (offset <= durable_) return 0.0;
  const double bytes = bytes_until(offset);
  durable_ = offset;
  unflushed_bytes_ = std::max(0.0, unflushed_bytes_ - bytes);
  return bytes;
}

void ReplicaLog::crash() { truncate(durable_); }

Offset ReplicaLog::end_offset_for_epoch(std::int32_t epoch) const {
  auto it = std::upper_bound(epochs_.begin(), epochs_.end(), epoch,
                             [](std::int32_t e, const EpochStart& s) { return e < s.epoch; });
  return it == epochs_.end() ? log_end() : it->start;
}

std::size_t ReplicaLog::batch_index(Offset offset) const {
  auto it = std::upper_bound(batches_.begin(), batches_.end(), offset,
                             [](Offset o, const RecordBatch& b) { return o < b.base_offset; });
  assert(it != batches_.begin());
  return std::size_t(it - batches_.begin()) - 1;
}

template <class Visit>
void ReplicaLog::for_each_read(Offset from, Offset until, std::size_t max_records,
                               Visit visit) const {
  until = std::min(until, log_end());
  if (from >= until || from < 0) return;
  if (from < start_) throw std::logic_error("ReplicaLog: reading the forgotten prefix");
  std::size_t taken = 0;
  for (std::size_t i = batch_index(from); i < batches_.size() && taken < max_records; ++i) {
    const RecordBatch& b = batches_[i];
    if (b.base_offset >= until) break;
    if (b.control != Control::None) {
      ++taken;
      if (!visit(b, b.base_offset, b.end())) return;
      continue;
    }
    const Offset lo = std::max(from, b.base_offset);
    Offset hi = std::min(until, b.end());
    const std::size_t room = max_records - taken;
    if (room < std::size_t(hi - lo)) hi = lo + Offset(room);
    taken += std::size_t(hi - lo);
    if (!visit(b, lo, hi)) return;
  }
}

std::vector<RecordBatch> ReplicaLog::read(Offset from, Offset until,
                                          std::size_t max_records) const {
  std::vector<RecordBatch> out;
  for_each_read(from, until, max_records, [&out](const RecordBatch& b, Offset lo, Offset hi) {
    if (b.control != Control::None) {
      out.push_back(b);
      return true;
    }
    RecordBatch part = b;
    part.base_offset = lo;
    part.ids.assign(b.ids.begin() + (lo - b.base_offset), b.ids.begin() + (hi - b.base_offset));
    if (part.base_seq >= 0) part.base_seq += std::int32_t(lo - b.base_offset);
    out.push_back(std::move(part));
    return true;
  });
  return out;
}

bool ReplicaLog::has_records(Offset from, Offset until, std::size_t max_records) const {
  bool any = false;
  for_each_read(from, until, max_records,
                [&any](const RecordBatch&, Offset, Offset) { return !(any = true); });
  return any;
}

double ReplicaLog::add_read_bytes(Offset from, Offset until, std::size_t max_records, double sum,
                                  double enough) const {
  double& bytes = sum;
  for_each_read(from, until, max_records, [&](const RecordBatch& b, Offset lo, Offset hi) {
    // The same arithmetic as bytes() of the part read() would copy.
    bytes += b.control != Control::None
                 ? b.bytes()
                 : RecordBatch::bytes_for(b.record_bytes, std::size_t(hi - lo));
    return bytes < enough;
  });
  return bytes;
}

Offset ReplicaLog::last_stable_offset() const {
  Offset lso = hw_;
  for (const auto& [txn, first] : state_.open_txns) lso = std::min(lso, first);
  return lso;
}

bool ReplicaLog::aborted(std::int64_t txn) const {
  auto it = state_.finished_txns.find(txn);
  return it != state_.finished_txns.end() && it->second;
}

}  // namespace sdsim::storage
