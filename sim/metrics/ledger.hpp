// The delivery ledger: follows every message of a run from its send attempts to its
// acknowledgement, its place in a log, its processing by the application and the commit of
// its offset, then says what was lost, duplicated or reordered. Plain C++, reusable by any
// model that delivers messages (a queue, an event pipeline, an e-mail system).
//
//   lost        a message that had to arrive (acknowledged to its producer, or sent
//               fire-and-forget) and was never processed, and is not still waiting in a log
//               (a backlog is "pending", not lost)
//   duplicated  processed more than once
//   reordered   processed for the first time after a later message of the same stream
//               (a stream is whatever must stay ordered: one producer into one partition)
//
// Memory is bounded by what is in flight: counts are kept as they happen, each message keeps
// two bytes of state (its flags and how often it was processed, saturating at 3) in chunks of
// 4096 that shrink to a single value once all their messages are in the same state, and the
// full record (creation time, stream, order) only until the message retires: once it has
// been processed and acknowledged (or sent fire-and-forget). The latency histograms take each
// value when it becomes known.
#pragma once

#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "sim/metrics/histogram.hpp"

namespace sdsim {

class DeliveryLedger {
 public:
  using Id = std::uint64_t;  // dense, from 0, in registration order

  // A new message of `stream` created at `time` (s). Its order in the stream is its
  // registration order.
  Id add(std::uint32_t stream, double time);
  void send_attempt(Id id, double time);
  // A fire-and-forget send (acks=0): the sender will never know, so the message must arrive.
  void sent_unacknowledged(Id id);
  // The same, with the moment the request left the sender: its produce latency.
  void sent_unacknowledged(Id id, double time);
  void acked(Id id, double time);
  void failed(Id id);     // the producer gave up on it
  void appended(Id id);   // written to a (leader's) log
  void committed(Id id);  // its consumer offset was committed
  void pending(Id id);    // still in a log, not yet consumed, when the run ended
  // Not readable when the run ended, but kept where it would be again (the durable log of a
  // server that is down): still counted lost, and apart as unavailable at end.
  void unavailable(Id id);
  // The application processed it. Returns true on its first processing.
  bool processed(Id id, double time);

  struct Summary {
    std::uint64_t produced = 0, acked = 0, failed = 0, appended = 0;
    std::uint64_t processed = 0;    // messages processed at least once
    std::uint64_t processings = 0;  // processing events, duplicates included
    std::uint64_t duplicated = 0;   // messages processed more than once
    std::uint64_t reordered = 0;
    std::uint64_t lost = 0;        // must arrive, never processed, not pending
    std::uint64_t lost_acked = 0;  // of those, acknowledged ones
    std::uint64_t pending = 0;     // never processed, still in a log at the end
    std::uint64_t unavailable = 0; // of lost, those marked unavailable at end
    std::uint64_t committed = 0;
    std::uint64_t send_attempts = 0;
    // Invariant violations: an acknowledgement or processing timed before the message's
    // creation (a model bug; must be 0). Checked while the message is followed in full.
    std::uint64_t before_created = 0;
    LatencyHistogram e2e;      // creation -> first processing
    LatencyHistogram produce;  // creation -> acknowledgement (fire-and-forget: -> sent)
  };
  Summary summarize() const;

  std::size_t size() const { return next_; }
  std::uint64_t first_processings() const { return first_processings_; }
  std::uint32_t times_processed(Id id) const;  // saturates at 3
  bool is_acked(Id id) const { return state(id) & kAcked; }
  // Its creation time, until it retires (then std::out_of_range). A message retires at the
  // first add() after it was both processed and acknowledged (or sent fire-and-forget).
  double created(Id id) const;
  // What memory holds: messages followed in full, and state chunks not yet shrunk (tests).
  std::size_t followed() const { return window_.size() + overflow_.size(); }
  std::size_t chunks_held() const;

 private:
  using State = std::uint16_t;
  enum Flag : State {
    kAcked = 1,
    kFireAndForget = 2,
    kFailed = 4,
    kAppended = 8,
    kCommitted = 16,
    kPending = 32,
    kUnavailable = 64
  };
  static constexpr int kProcessingsShift = 8;  // bits 8-9: times processed, saturating at 3
  static constexpr std::size_t kChunk = 4096;
  static constexpr std::size_t kWindow = 4096;  // followed in order before moving aside
  struct Chunk {
    std::vector<State> states;  // empty: all kChunk states equal `uniform`
    State uniform = 0;
  };
  struct Followed {
    double created = 0.0;
    std::uint64_t order = 0;  // position in its stream
    std::uint32_t stream = 0;
  };
  static std::uint32_t processings(State s) { return s >> kProcessingsShift; }
  static bool retired(State s) {
    return processings(s) > 0 && (s & (kAcked | kFireAndForget));
  }
  State state(Id id) const;
  State& state_of(Id id);  // expands a shrunk chunk
  bool set_flag(Id id, Flag f);   // true when newly set
  Followed& followed(Id id);      // std::out_of_range once retired
  const Followed* find_followed(Id id) const;
  void note_retired(Id id);
  void let_go();  // retires what can be, shrinks uniform chunks

  std::vector<Chunk> chunks_;
  std::size_t probe_ = 0;        // next chunk to try to shrink
  std::deque<Followed> window_;  // ids [window_base_, next_)
  Id window_base_ = 0, next_ = 0;
  std::unordered_map<Id, Followed> overflow_;  // moved aside from the window's front
  std::vector<Id> overflow_retired_;
  std::vector<std::uint64_t> stream_next_;     // next order number per stream
  std::vector<std::int64_t> stream_max_seen_;  // highest order processed per stream
  std::uint64_t reordered_ = 0, first_processings_ = 0, processings_ = 0, duplicated_ = 0;
  std::uint64_t before_created_ = 0;
  std::uint64_t acked_ = 0, failed_ = 0, appended_ = 0, committed_ = 0, send_attempts_ = 0;
  LatencyHistogram e2e_, produce_;
};

}  // namespace sdsim
