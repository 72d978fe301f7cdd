// What the actors of one run share: the run's counters and the reservation services' durable
// logs (the coordinator's log on its disk: it survives a crash of its host), read by the
// checker and the metrics after the run.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/metrics/histogram.hpp"

namespace sdsim::hotel {

struct Stay {
  std::int64_t reservation_id = 0, hotel = 0, room_type = 0, start_date = 0, end_date = 0,
               rooms = 0;
};

// One two-phase transaction in the coordinator's log, written before PREPARE.
struct TwoPcEntry {
  Stay stay;
  enum class State { preparing, decided_commit, decided_abort } state = State::preparing;
  double prepared_at = -1;  // s: the inventory PREPARE answered (-1: not yet)
  bool payment_prepared = false;
};

// One saga in progress, written before its first step.
struct SagaEntry {
  Stay stay;
  double reserved_at = -1;  // s: the rooms' commit answered (-1: not yet)
};

// A reservation service's durable state (its disk).
struct CoordinatorLog {
  std::int64_t next_id = 0;  // ids the service makes when idempotency is off
  int lives = 0;
  std::set<std::pair<int, std::uint64_t>> sessions;  // (0 inventory / 1 payment db, session)
  std::map<std::string, TwoPcEntry> twopc;           // by gid
  std::map<std::int64_t, SagaEntry> sagas;           // by reservation id
  int busy = 0;  // bookings in progress (volatile, for the drain)
};

struct HotelStats {
  std::uint64_t submitted = 0, booked = 0, resubmitted = 0, sold_out = 0, payment_failed = 0,
                failed = 0;
  std::uint64_t version_conflicts = 0, serialization_failures = 0, deadlocks = 0,
                check_violations = 0;
  std::uint64_t retries = 0;
  // Saga.
  std::uint64_t compensations = 0, saga_forward_recoveries = 0;
  LatencyHistogram inconsistent_window;  // s: rooms committed for a payment that then failed
  std::int64_t rooms_held_unpaid = 0;    // now: rooms committed by sagas whose payment is not done
  // Two-phase commit.
  std::uint64_t twopc_commits = 0, twopc_aborts = 0, twopc_recovered = 0;
  LatencyHistogram prepared_time;  // s: inventory PREPARE to COMMIT/ROLLBACK PREPARED
  std::int64_t prepared_now = 0;
  // Which client intent each reservation id was inserted for (a row counts only if committed).
  std::unordered_map<std::int64_t, std::int64_t> intent_of;
  // Outcome of each request by its message id, for the client-side latency by outcome.
  struct Outcome {
    std::string outcome;
    std::int64_t reservation_id = 0;
    int attempts = 0;
  };
  std::unordered_map<std::uint64_t, Outcome> outcome_of;
  std::uint64_t sessions_reaped = 0;
};

}  // namespace sdsim::hotel
