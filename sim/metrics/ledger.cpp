#include "sim/metrics/ledger.hpp"

#include <algorithm>
#include <stdexcept>

namespace sdsim {

DeliveryLedger::Id DeliveryLedger::add(std::uint32_t stream, double time) {
  let_go();
  if (stream >= stream_next_.size()) {
    stream_next_.resize(stream + 1, 0);
    stream_max_seen_.resize(stream + 1, -1);
  }
  const Id id = next_++;
  if (id % kChunk == 0) chunks_.push_back(Chunk{std::vector<State>(kChunk, 0), 0});
  window_.push_back(Followed{time, stream_next_[stream]++, stream});
  return id;
}

DeliveryLedger::State DeliveryLedger::state(Id id) const {
  if (id >= next_) throw std::out_of_range("DeliveryLedger: unknown message");
  const Chunk& c = chunks_[id / kChunk];
  return c.states.empty() ? c.uniform : c.states[id % kChunk];
}

DeliveryLedger::State& DeliveryLedger::state_of(Id id) {
  if (id >= next_) throw std::out_of_range("DeliveryLedger: unknown message");
  Chunk& c = chunks_[id / kChunk];
  if (c.states.empty()) {
    c.states.assign(kChunk, c.uniform);
    probe_ = std::min(probe_, std::size_t(id / kChunk));
  }
  return c.states[id % kChunk];
}

bool DeliveryLedger::set_flag(Id id, Flag f) {
  State& s = state_of(id);
  if (s & f) return false;
  s |= f;
  return true;
}

const DeliveryLedger::Followed* DeliveryLedger::find_followed(Id id) const {
  if (id >= window_base_ && id < next_) return &window_[id - window_base_];
  auto it = overflow_.find(id);
  return it == overflow_.end() ? nullptr : &it->second;
}

DeliveryLedger::Followed& DeliveryLedger::followed(Id id) {
  const Followed* f = find_followed(id);
  if (f == nullptr) throw std::out_of_range("DeliveryLedger: message already retired");
  return const_cast<Followed&>(*f);
}

double DeliveryLedger::created(Id id) const {
  const Followed* f = find_followed(id);
  if (f == nullptr) throw std::out_of_range("DeliveryLedger: message already retired");
  return f->created;
}

void DeliveryLedger::note_retired(Id id) {
  if (id < window_base_ && retired(state(id))) overflow_retired_.push_back(id);
}

void DeliveryLedger::send_attempt(Id id, double) {
  state(id);  // an unknown id is a bug
  ++send_attempts_;
}

void DeliveryLedger::sent_unacknowledged(Id id) {
  set_flag(id, kFireAndForget);
  note_retired(id);
}

void DeliveryLedger::sent_unacknowledged(Id id, double time) {
  const bool first = set_flag(id, kFireAndForget);
  if (const Followed* f = find_followed(id)) {
    if (time < f->created) ++before_created_;
    if (first && !(state(id) & kAcked) && time >= f->created) produce_.add(time - f->created);
  }
  note_retired(id);
}

void DeliveryLedger::acked(Id id, double time) {
  if (const Followed* f = find_followed(id); f != nullptr && time < f->created)
    ++before_created_;
  if (!set_flag(id, kAcked)) return;
  ++acked_;
  // A time before the creation is counted in before_created, never as a negative latency.
  if (const double d = time - followed(id).created; d >= 0) produce_.add(d);
  note_retired(id);
}

void DeliveryLedger::failed(Id id) { failed_ += set_flag(id, kFailed); }
void DeliveryLedger::appended(Id id) { appended_ += set_flag(id, kAppended); }
void DeliveryLedger::committed(Id id) { committed_ += set_flag(id, kCommitted); }
void DeliveryLedger::pending(Id id) { set_flag(id, kPending); }
void DeliveryLedger::unavailable(Id id) { set_flag(id, kUnavailable); }

std::uint32_t DeliveryLedger::times_processed(Id id) const { return processings(state(id)); }

bool DeliveryLedger::processed(Id id, double time) {
  if (const Followed* f = find_followed(id); f != nullptr && time < f->created)
    ++before_created_;
  State& s = state_of(id);
  const std::uint32_t before = processings(s);
  ++processings_;
  if (before < 3)
    s = State((s & ((1 << kProcessingsShift) - 1)) | ((before + 1) << kProcessingsShift));
  if (before == 1) ++duplicated_;
  if (before > 0) return false;
  const Followed& f = followed(id);
  if (time >= f.created) e2e_.add(time - f.created);
  ++first_processings_;
  auto& max_seen = stream_max_seen_[f.stream];
  if (static_cast<std::int64_t>(f.order) < max_seen)
    ++reordered_;
  else
    max_seen = static_cast<std::int64_t>(f.order);
  note_retired(id);
  return true;
}

void DeliveryLedger::let_go() {
  // Retired messages leave the window's front; a front that does not retire (lost, or slow)
  // moves aside once the window is large, so it cannot hold back what follows.
  while (!window_.empty() && (retired(state(window_base_)) || window_.size() > kWindow)) {
    if (!retired(state(window_base_))) overflow_.emplace(window_base_, window_.front());
    window_.pop_front();
    ++window_base_;
  }
  for (Id id : overflow_retired_) overflow_.erase(id);
  overflow_retired_.clear();
  // At each new chunk, try a few older chunks (not the last two, still busy) for shrinking.
  if (next_ % kChunk != 0 || chunks_.size() < 3) return;
  const std::size_t last = chunks_.size() - 2;  // chunks [0, last) may be tried
  for (int tries = 0; tries < 8 && probe_ < last; ++tries, ++probe_) {
    Chunk& c = chunks_[probe_];
    if (c.states.empty()) continue;
    const State first = c.states.front();
    if (std::all_of(c.states.begin(), c.states.end(),
                    [first](State s) { return s == first; })) {
      c.uniform = first;
      c.states = std::vector<State>();
    }
  }
  if (probe_ >= last) probe_ = 0;  // go round again: late events change old chunks
}

std::size_t DeliveryLedger::chunks_held() const {
  return std::size_t(std::count_if(chunks_.begin(), chunks_.end(),
                                   [](const Chunk& c) { return !c.states.empty(); }));
}

DeliveryLedger::Summary DeliveryLedger::summarize() const {
  Summary s;
  s.produced = next_;
  s.acked = acked_;
  s.failed = failed_;
  s.appended = appended_;
  s.committed = committed_;
  s.send_attempts = send_attempts_;
  s.processed = first_processings_;
  s.processings = processings_;
  s.duplicated = duplicated_;
  s.reordered = reordered_;
  s.before_created = before_created_;
  s.e2e = e2e_;
  s.produce = produce_;
  auto count = [&s](State st, std::uint64_t n) {
    if (processings(st) > 0 || !(st & (kAcked | kFireAndForget))) return;
    if (st & kPending) {
      s.pending += n;
    } else {
      s.lost += n;
      if (st & kAcked) s.lost_acked += n;
      if (st & kUnavailable) s.unavailable += n;
    }
  };
  for (std::size_t c = 0; c < chunks_.size(); ++c) {
    const std::size_t n = std::min<std::size_t>(kChunk, next_ - c * kChunk);
    if (chunks_[c].states.empty())
      count(chunks_[c].uniform, n);
    else
      for (std::size_t i = 0; i < n; ++i) count(chunks_[c].states[i], 1);
  }
  return s;
}

}  // namespace sdsim
