#include "sim/metrics/ledger.hpp"

namespace sdsim {

DeliveryLedger::Id DeliveryLedger::add(std::uint32_t stream, double time) {
  if (stream >= stream_next_.size()) {
    stream_next_.resize(stream + 1, 0);
    stream_max_seen_.resize(stream + 1, -1);
  }
  Entry e;
  e.stream = stream;
  e.order = stream_next_[stream]++;
  e.created = time;
  entries_.push_back(e);
  return entries_.size() - 1;
}

void DeliveryLedger::send_attempt(Id id, double time) {
  Entry& e = entries_.at(id);
  if (e.attempts++ == 0) e.first_send = time;
}

void DeliveryLedger::sent_unacknowledged(Id id) { entries_.at(id).flags |= kFireAndForget; }
void DeliveryLedger::sent_unacknowledged(Id id, double time) {
  Entry& e = entries_.at(id);
  e.flags |= kFireAndForget;
  if (e.acked_at < 0) e.acked_at = time;
}

void DeliveryLedger::acked(Id id, double time) {
  Entry& e = entries_.at(id);
  if (time < e.created) ++before_created_;
  if (e.flags & kAcked) return;
  e.flags |= kAcked;
  e.acked_at = time;
}

void DeliveryLedger::failed(Id id) { entries_.at(id).flags |= kFailed; }
void DeliveryLedger::appended(Id id) { entries_.at(id).flags |= kAppended; }
void DeliveryLedger::committed(Id id) { entries_.at(id).flags |= kCommitted; }
void DeliveryLedger::pending(Id id) { entries_.at(id).flags |= kPending; }
void DeliveryLedger::unavailable(Id id) { entries_.at(id).flags |= kUnavailable; }

bool DeliveryLedger::processed(Id id, double time) {
  Entry& e = entries_.at(id);
  if (time < e.created) ++before_created_;
  if (e.processings++ > 0) return false;
  e.first_processed = time;
  ++first_processings_;
  auto& max_seen = stream_max_seen_[e.stream];
  if (static_cast<std::int64_t>(e.order) < max_seen) ++reordered_;
  else max_seen = static_cast<std::int64_t>(e.order);
  return true;
}

DeliveryLedger::Summary DeliveryLedger::summarize() const {
  Summary s;
  s.reordered = reordered_;
  s.before_created = before_created_;
  for (const Entry& e : entries_) {
    ++s.produced;
    s.send_attempts += e.attempts;
    const bool acked = e.flags & kAcked;
    if (acked) ++s.acked;
    if (e.flags & kFailed) ++s.failed;
    if (e.flags & kAppended) ++s.appended;
    if (e.flags & kCommitted) ++s.committed;
    if (e.processings > 0) {
      ++s.processed;
      s.processings += e.processings;
      if (e.processings > 1) ++s.duplicated;
      s.e2e.add(e.first_processed - e.created);
    } else if (acked || (e.flags & kFireAndForget)) {
      if (e.flags & kPending) {
        ++s.pending;
      } else {
        ++s.lost;
        if (acked) ++s.lost_acked;
        if (e.flags & kUnavailable) ++s.unavailable;
      }
    }
    if (acked || ((e.flags & kFireAndForget) && e.acked_at >= 0))
      s.produce.add(e.acked_at - e.created);
  }
  return s;
}

}  // namespace sdsim
