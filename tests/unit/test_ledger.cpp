#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "sim/metrics/ledger.hpp"

using sdsim::DeliveryLedger;

TEST_CASE("ledger: an acknowledged message never processed is lost, a pending one is not") {
  DeliveryLedger l;
  auto a = l.add(0, 0.0), b = l.add(0, 0.0), c = l.add(0, 0.0), d = l.add(0, 0.0);
  l.acked(a, 0.1);
  l.acked(b, 0.1);
  l.acked(c, 0.1);
  l.pending(c);
  l.failed(d);  // its producer gave up: it never had to arrive
  l.processed(a, 1.0);
  auto s = l.summarize();
  CHECK(s.produced == 4);
  CHECK(s.acked == 3);
  CHECK(s.lost == 1);
  CHECK(s.lost_acked == 1);
  CHECK(s.pending == 1);
  CHECK(s.failed == 1);
  CHECK(s.e2e.count() == 1);
  CHECK(s.e2e.max() == doctest::Approx(1.0));
}

TEST_CASE("ledger: fire-and-forget messages must arrive too") {
  DeliveryLedger l;
  auto a = l.add(0, 0.0);
  l.sent_unacknowledged(a);
  CHECK(l.summarize().lost == 1);
  CHECK(l.summarize().lost_acked == 0);
}

TEST_CASE("ledger: duplicates counted once per message, reorders per stream") {
  DeliveryLedger l;
  auto a0 = l.add(0, 0.0), a1 = l.add(0, 0.0), b0 = l.add(1, 0.0);
  CHECK(l.processed(a1, 1.0));
  CHECK(l.processed(a0, 1.1));  // after a later message of stream 0: reordered
  CHECK_FALSE(l.processed(a0, 1.2));
  CHECK_FALSE(l.processed(a0, 1.3));
  CHECK(l.processed(b0, 1.0));  // another stream: no order with stream 0
  auto s = l.summarize();
  CHECK(s.duplicated == 1);
  CHECK(s.processings == 5);
  CHECK(s.reordered == 1);
  CHECK(l.times_processed(a0) == 3);
}

TEST_CASE(
    "ledger: an acknowledgement or processing before the creation breaks the invariant end >= "
    "start") {
  DeliveryLedger l;
  auto a = l.add(0, 2.0), b = l.add(0, 2.0);
  l.acked(a, 2.5);
  l.processed(a, 3.0);
  CHECK(l.summarize().before_created == 0);
  l.acked(b, 1.9);  // acknowledged before it existed
  l.processed(b, 1.95);
  CHECK(l.summarize().before_created == 2);
}

TEST_CASE(
    "ledger: unreadable at the end is lost, and apart unavailable when a down server kept it") {
  DeliveryLedger l;
  auto a = l.add(0, 0.0), b = l.add(0, 0.0), c = l.add(0, 0.0);
  for (auto id : {a, b, c}) l.acked(id, 0.1);
  l.pending(a);      // in a live leader's log: a backlog
  l.unavailable(b);  // in the flushed log of a broker that is down
  auto s = l.summarize();
  CHECK(s.pending == 1);
  CHECK(s.lost == 2);
  CHECK(s.unavailable == 1);
}

TEST_CASE("ledger: a fire-and-forget message's produce latency ends when it was sent") {
  DeliveryLedger l;
  auto a = l.add(0, 1.0), b = l.add(0, 1.0);
  l.sent_unacknowledged(a, 1.25);
  l.sent_unacknowledged(b);  // no time given: no latency
  auto s = l.summarize();
  CHECK(s.produce.count() == 1);
  CHECK(s.produce.max() == doctest::Approx(0.25).epsilon(0.05));
}

// ---- the compact ledger against the ledger that kept every message (its previous version,
// kept here as the reference), on the same random event sequences ----------------------------
namespace reference {
using sdsim::LatencyHistogram;
class ReferenceLedger {
 public:
  using Id = std::uint64_t;  // dense, from 0, in registration order

  // A new message of `stream` created at `time` (s). Its order in the stream is its
  // registration order.
  Id add(std::uint32_t stream, double time);
  void send_attempt(Id id, double time);
  // A fire-and-forget send (acks=0): the sender will never know, so the message must arrive.
  void sent_unacknowledged(Id id);
  void acked(Id id, double time);
  void failed(Id id);     // the producer gave up on it
  void appended(Id id);   // written to a (leader's) log
  void committed(Id id);  // its consumer offset was committed
  void pending(Id id);    // still in a log, not yet consumed, when the run ended
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
    std::uint64_t committed = 0;
    std::uint64_t send_attempts = 0;
    LatencyHistogram e2e;      // creation -> first processing
    LatencyHistogram produce;  // creation -> acknowledgement
  };
  Summary summarize() const;

  std::size_t size() const { return entries_.size(); }
  std::uint64_t first_processings() const { return first_processings_; }
  std::uint32_t times_processed(Id id) const { return entries_.at(id).processings; }
  bool is_acked(Id id) const { return entries_.at(id).flags & kAcked; }
  double created(Id id) const { return entries_.at(id).created; }

 private:
  enum Flag : std::uint8_t {
    kAcked = 1,
    kFireAndForget = 2,
    kFailed = 4,
    kAppended = 8,
    kCommitted = 16,
    kPending = 32
  };
  struct Entry {
    std::uint32_t stream = 0;
    std::uint32_t processings = 0;
    std::uint32_t attempts = 0;
    std::uint8_t flags = 0;
    std::uint64_t order = 0;  // position in its stream
    double created = 0.0;
    double first_send = -1.0;
    double acked_at = -1.0;
    double first_processed = -1.0;
  };
  std::vector<Entry> entries_;
  std::vector<std::uint64_t> stream_next_;     // next order number per stream
  std::vector<std::int64_t> stream_max_seen_;  // highest order processed per stream
  std::uint64_t reordered_ = 0;
  std::uint64_t first_processings_ = 0;
};

ReferenceLedger::Id ReferenceLedger::add(std::uint32_t stream, double time) {
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

void ReferenceLedger::send_attempt(Id id, double time) {
  Entry& e = entries_.at(id);
  if (e.attempts++ == 0) e.first_send = time;
}

void ReferenceLedger::sent_unacknowledged(Id id) { entries_.at(id).flags |= kFireAndForget; }

void ReferenceLedger::acked(Id id, double time) {
  Entry& e = entries_.at(id);
  if (e.flags & kAcked) return;
  e.flags |= kAcked;
  e.acked_at = time;
}

void ReferenceLedger::failed(Id id) { entries_.at(id).flags |= kFailed; }
void ReferenceLedger::appended(Id id) { entries_.at(id).flags |= kAppended; }
void ReferenceLedger::committed(Id id) { entries_.at(id).flags |= kCommitted; }
void ReferenceLedger::pending(Id id) { entries_.at(id).flags |= kPending; }

bool ReferenceLedger::processed(Id id, double time) {
  Entry& e = entries_.at(id);
  if (e.processings++ > 0) return false;
  e.first_processed = time;
  ++first_processings_;
  auto& max_seen = stream_max_seen_[e.stream];
  if (static_cast<std::int64_t>(e.order) < max_seen)
    ++reordered_;
  else
    max_seen = static_cast<std::int64_t>(e.order);
  return true;
}

ReferenceLedger::Summary ReferenceLedger::summarize() const {
  Summary s;
  s.reordered = reordered_;
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
      }
    }
    if (acked) s.produce.add(e.acked_at - e.created);
  }
  return s;
}

}  // namespace reference

TEST_CASE(
    "ledger: counts equal those of the ledger that kept every message, on random event sequences") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    std::mt19937_64 rng(seed);
    auto chance = [&rng](double p) {
      return std::uniform_real_distribution<double>(0, 1)(rng) < p;
    };
    DeliveryLedger compact;
    reference::ReferenceLedger full;
    const int messages =
        seed == 3 ? 150000 : 20000;  // the last one past the window and many chunks
    std::vector<std::uint64_t> in_flight;
    double now = 0.0;
    const bool fire_and_forget = seed == 2;
    for (int i = 0; i < messages; ++i) {
      now += 0.001;
      const auto stream = std::uint32_t(rng() % 7);
      const auto id = compact.add(stream, now);
      REQUIRE(full.add(stream, now) == id);
      compact.send_attempt(id, now);
      full.send_attempt(id, now);
      in_flight.push_back(id);
      // Settle a few messages in flight, in a shuffled order (reorders, duplicates, losses).
      while (in_flight.size() > 50 || (!in_flight.empty() && chance(0.5))) {
        const std::size_t k = chance(0.8) ? 0 : std::size_t(rng() % in_flight.size());
        const auto m = in_flight[k];
        in_flight.erase(in_flight.begin() + std::ptrdiff_t(k));
        const double t = now + 0.01 * double(rng() % 100);
        if (chance(0.02)) {  // retried
          compact.send_attempt(m, t);
          full.send_attempt(m, t);
        }
        if (fire_and_forget) {
          compact.sent_unacknowledged(m);
          full.sent_unacknowledged(m);
        } else if (chance(0.97)) {
          compact.acked(m, t);
          full.acked(m, t);
        } else {
          compact.failed(m);
          full.failed(m);
        }
        if (chance(0.99)) {
          compact.appended(m);
          full.appended(m);
        }
        const int times = chance(0.95) ? 1 : int(rng() % 4);  // lost, or processed again
        for (int j = 0; j < times; ++j) {
          CHECK(compact.processed(m, t + 0.5 + j) == full.processed(m, t + 0.5 + j));
          if (chance(0.9)) {
            compact.committed(m);
            full.committed(m);
          }
        }
        if (times == 0 && chance(0.5)) {
          compact.pending(m);
          full.pending(m);
        }
      }
    }
    for (auto m : in_flight) {  // still waiting at the end
      compact.pending(m);
      full.pending(m);
    }
    const auto a = compact.summarize();
    const auto b = full.summarize();
    CHECK(a.produced == b.produced);
    CHECK(a.acked == b.acked);
    CHECK(a.failed == b.failed);
    CHECK(a.appended == b.appended);
    CHECK(a.processed == b.processed);
    CHECK(a.processings == b.processings);
    CHECK(a.duplicated == b.duplicated);
    CHECK(a.reordered == b.reordered);
    CHECK(a.lost == b.lost);
    CHECK(a.lost_acked == b.lost_acked);
    CHECK(a.pending == b.pending);
    CHECK(a.committed == b.committed);
    CHECK(a.send_attempts == b.send_attempts);
    for (auto [x, y] : {std::pair{&a.e2e, &b.e2e}, std::pair{&a.produce, &b.produce}}) {
      CHECK(x->count() == y->count());
      CHECK(x->max() == y->max());
      CHECK(x->min() == y->min());
      for (double q : {0.5, 0.9, 0.99}) CHECK(x->quantile(q) == y->quantile(q));
    }
    CHECK(b.duplicated > 0);
    CHECK(b.reordered > 0);
    CHECK(b.lost + b.pending > 0);
    // Memory: what is followed in full is what is in flight, plus the messages never retired.
    CHECK(compact.followed() <=
          4096 + 50 + (b.produced - b.processed) + b.failed);  // window + in flight
    if (seed != 3) CHECK(compact.chunks_held() <= compact.size() / 4096 + 1);
  }
}
