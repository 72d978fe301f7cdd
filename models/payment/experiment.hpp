// What the actors of one payment run share and what survives their crashes: the PSP's books
// (its charges, the settlement file it will produce, its idempotency keys) and the counters
// the metrics read. The PSP is outside the architecture: its records are never lost.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "models/payment/idempotency.hpp"
#include "models/payment/protocol.hpp"
#include "models/payment/reconciliation.hpp"
#include "sim/metrics/histogram.hpp"

namespace sdsim::payment {

struct ChargeParams {
  std::uint64_t order_id = 0;
  std::int64_t amount = 0;
  bool operator==(const ChargeParams&) const = default;
};

struct PspBook {
  explicit PspBook(double retention) : keys(retention) {}
  IdempotencyStore<ChargeParams, ChargeReply> keys;
  std::vector<SettlementRow> settlement;           // every charge, in charge order
  std::map<std::uint64_t, int> charges_per_order;  // real orders only
  std::uint64_t next_charge = 0;
  std::uint64_t charge_calls = 0, queries = 0, replays = 0, conflicts = 0, mismatches = 0;
  std::uint64_t answers_dropped = 0;  // charged, answer never sent (timeout_after_charge)
  std::uint64_t card_failures = 0;    // card network error, refusal or time-out: transient
  // The hosted flow: one payment session per key (its token), and its result's deliveries.
  std::map<std::uint64_t, std::uint64_t> sessions;  // key -> token
  std::uint64_t abandoned = 0;
  std::uint64_t webhooks = 0, webhooks_lost = 0, webhooks_duplicated = 0, redirects_lost = 0;
};

inline constexpr std::uint64_t kUnknownOrderBase = 1'000'000'000'000ULL;  // planted charges' orders

struct Counters {
  std::uint64_t psp_calls = 0, psp_queries = 0, psp_timeouts = 0, fresh_keys = 0;
  std::uint64_t recoveries = 0, recovered_orders = 0, resolved_by_query = 0;
  std::uint64_t dead_letters = 0;
  // The hosted flow, as the payment service saw it.
  std::uint64_t registrations = 0, events = 0, events_ignored = 0;
  std::uint64_t by_webhook = 0, by_redirect = 0, by_poll = 0;  // which path finished an order
  std::uint64_t commit_retries = 0;
  int injected_missing_ledger = 0, injected_amount_difference = 0, injected_unknown_charge = 0;
  std::vector<std::uint64_t> missing_ledger_orders;      // the orders the planted bug skipped
  std::vector<std::uint64_t> amount_difference_charges;  // the charges settled one cent off
  std::uint64_t lives = 0;                               // payment service incarnations
  // Database sessions of this life, and of earlier ones (ended by the next recovery).
  std::set<std::uint64_t> sessions, stale_sessions;
  // Orders stored (or maybe stored) and not final: the run drains until none is left.
  std::set<std::uint64_t> open_orders, ambiguous_inserts;
};

// retry_queue.mode log: the bodies of the records on the retry and dead-letter topics (the log
// carries record ids; a record's bytes are the application's, as Kafka's values are), and what
// the retry consumers did with them.
struct RetryRecord {
  std::uint64_t order_id = 0;
  std::int64_t amount = 0, seller = 0;
  int attempt = 0;        // the PSP call this retry will be (2 for the first retry)
  double failed_at = 0;   // s: the failed call it retries ended
  double due = 0;         // s: failed_at + the retry policy's delay (and Retry-After)
  double started = -1;    // s: a retry consumer's worker first made the call (-1: skipped or never read)
  int executions = 0;     // calls made for it: more than 1 when re-read after a crash
};
struct DeadLetter {
  std::uint64_t order_id = 0;
  int attempts = 0;  // PSP calls made
  double time = 0;   // s: handed to the dead-letter producer
};
struct RetryQueueBook {
  std::vector<RetryRecord> records;  // retry topic: by record id
  std::vector<DeadLetter> dead;      // dead-letter topic: by record id
  std::uint64_t published = 0;       // retry records the log acknowledged
  std::uint64_t append_failures = 0; // retry or dead-letter records the producer gave up on
  std::uint64_t retried = 0, skipped = 0;
  std::uint64_t redelivered = 0;  // executions of a record already executed (re-read, at least once)
  LatencyHistogram delay;  // s: failed call's end to its retry's start
};

struct Experiment {
  explicit Experiment(double retention) : psp(retention) {}
  PspBook psp;
  Counters n;
  RetryQueueBook queue;
};

}  // namespace sdsim::payment
