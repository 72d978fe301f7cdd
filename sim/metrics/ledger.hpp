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
#pragma once

#include <cstdint>
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
  void failed(Id id);                  // the producer gave up on it
  void appended(Id id);                // written to a (leader's) log
  void committed(Id id);               // its consumer offset was committed
  void pending(Id id);                 // still in a log, not yet consumed, when the run ended
  // Not readable when the run ended, but kept where it would be again (the durable log of a
  // server that is down): still counted lost, and apart as unavailable at end.
  void unavailable(Id id);
  // The application processed it. Returns true on its first processing.
  bool processed(Id id, double time);

  struct Summary {
    std::uint64_t produced = 0, acked = 0, failed = 0, appended = 0;
    std::uint64_t processed = 0;      // messages processed at least once
    std::uint64_t processings = 0;    // processing events, duplicates included
    std::uint64_t duplicated = 0;     // messages processed more than once
    std::uint64_t reordered = 0;
    std::uint64_t lost = 0;           // must arrive, never processed, not pending
    std::uint64_t lost_acked = 0;     // of those, acknowledged ones
    std::uint64_t pending = 0;        // never processed, still in a log at the end
    std::uint64_t unavailable = 0;    // of lost, those marked unavailable at end
    std::uint64_t committed = 0;
    std::uint64_t send_attempts = 0;
    // Invariant violations: an acknowledgement or processing timed before the message's
    // creation (a model bug; must be 0).
    std::uint64_t before_created = 0;
    LatencyHistogram e2e;             // creation -> first processing
    LatencyHistogram produce;         // creation -> acknowledgement (fire-and-forget: -> sent)
  };
  Summary summarize() const;

  std::size_t size() const { return entries_.size(); }
  std::uint64_t first_processings() const { return first_processings_; }
  std::uint32_t times_processed(Id id) const { return entries_.at(id).processings; }
  bool is_acked(Id id) const { return entries_.at(id).flags & kAcked; }
  double created(Id id) const { return entries_.at(id).created; }

 private:
  enum Flag : std::uint8_t {
    kAcked = 1, kFireAndForget = 2, kFailed = 4, kAppended = 8, kCommitted = 16, kPending = 32, kUnavailable = 64
  };
  struct Entry {
    std::uint32_t stream = 0;
    std::uint32_t processings = 0;
    std::uint32_t attempts = 0;
    std::uint8_t flags = 0;
    std::uint64_t order = 0;    // position in its stream
    double created = 0.0;
    double first_send = -1.0;
    double acked_at = -1.0;     // or, fire-and-forget, when it was sent (if told)
    double first_processed = -1.0;
  };
  std::vector<Entry> entries_;
  std::vector<std::uint64_t> stream_next_;       // next order number per stream
  std::vector<std::int64_t> stream_max_seen_;    // highest order processed per stream
  std::uint64_t reordered_ = 0;
  std::uint64_t first_processings_ = 0;
  std::uint64_t before_created_ = 0;
};

}  // namespace sdsim
