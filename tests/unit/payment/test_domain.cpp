// The payment model's domain logic against the definitions it follows:
// - idempotency: Stripe's "Idempotent requests" (docs.stripe.com/api/idempotent_requests): the
//   first result for a key, success or failure, is returned for every repeat; a repeat with
//   other parameters is an error; keys may be removed after 24 hours; a request that did not
//   begin executing is not saved (it may be retried);
// - retries: AWS Architecture Blog, "Exponential Backoff And Jitter" (2015): full jitter is
//   random_between(0, min(cap, base * 2 ** attempt)); RFC 9110 10.2.3 Retry-After;
// - the order's state machine and the double-entry ledger: the book's payment chapter
//   (NOT_STARTED -> EXECUTING -> SUCCESS | FAILED; every movement a debit and an equal credit).
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "models/payment/idempotency.hpp"
#include "models/payment/order.hpp"
#include "models/payment/reconciliation.hpp"
#include "models/payment/retry.hpp"
#include "sim/core/random.hpp"

using namespace sdsim;
using namespace sdsim::payment;

namespace {
struct P {
  int order = 0, amount = 0;
  bool operator==(const P&) const = default;
};
}  // namespace

TEST_CASE("payment: idempotency store returns the first result, success or failure") {
  IdempotencyStore<P, std::string> keys(86400.0);
  std::string r;
  CHECK(keys.begin(7, P{1, 100}, 0.0) == KeyCheck::fresh);
  CHECK(keys.begin(7, P{1, 100}, 1.0) == KeyCheck::in_progress);  // the first still executing
  keys.finish(7, "declined");
  CHECK(keys.begin(7, P{1, 100}, 2.0, &r) == KeyCheck::stored);
  CHECK(r == "declined");  // a failure is replayed like a success
  CHECK(keys.lookup(7, 3.0) == std::optional<std::string>("declined"));
  CHECK(keys.begin(7, P{1, 200}, 4.0) == KeyCheck::mismatch);    // same key, other parameters
  CHECK(keys.begin(7, P{1, 100}, 5.0, &r) == KeyCheck::stored);  // the mismatch changed nothing
}

TEST_CASE(
    "payment: idempotency keys expire after the retention, unexecuted requests are not kept") {
  IdempotencyStore<P, std::string> keys(86400.0);
  CHECK(keys.begin(1, P{1, 100}, 0.0) == KeyCheck::fresh);
  keys.finish(1, "charged");
  CHECK(keys.lookup(1, 86399.0).has_value());
  CHECK_FALSE(keys.lookup(1, 86400.0).has_value());
  CHECK(keys.begin(1, P{1, 100}, 86400.0) == KeyCheck::fresh);  // expired: executes again
  CHECK(keys.expired() == 1);
  CHECK(keys.begin(2, P{2, 100}, 0.0) == KeyCheck::fresh);
  keys.abandon(2);  // the card network was unreachable: nothing began executing
  CHECK_FALSE(keys.lookup(2, 1.0).has_value());
  CHECK(keys.begin(2, P{2, 100}, 1.0) == KeyCheck::fresh);
}

TEST_CASE("payment: each retry schedule's delays") {
  RandomStream rng(1, "retry-test");
  RetryPolicy p;
  p.base = 0.1;
  p.cap = 1.0;
  p.strategy = RetryStrategy::immediate;
  CHECK(p.delay(1, rng) == 0.0);
  CHECK(p.delay(3, rng, 2.0) == 2.0);  // Retry-After is a floor
  p.strategy = RetryStrategy::fixed;
  CHECK(p.delay(1, rng) == doctest::Approx(0.1));
  CHECK(p.delay(9, rng) == doctest::Approx(0.1));
  p.strategy = RetryStrategy::incremental;
  CHECK(p.delay(1, rng) == doctest::Approx(0.1));
  CHECK(p.delay(3, rng) == doctest::Approx(0.3));
  CHECK(p.delay(50, rng) == doctest::Approx(1.0));  // capped
  p.strategy = RetryStrategy::exponential;
  p.jitter = false;
  CHECK(p.delay(1, rng) == doctest::Approx(0.1));
  CHECK(p.delay(2, rng) == doctest::Approx(0.2));
  CHECK(p.delay(4, rng) == doctest::Approx(0.8));
  CHECK(p.delay(5, rng) == doctest::Approx(1.0));
  CHECK(p.delay(1000, rng) == doctest::Approx(1.0));
  CHECK(p.delay(2, rng, 0.5) == doctest::Approx(0.5));
  p.jitter = true;  // full jitter: uniform in [0, ceiling), mean ceiling / 2
  double sum = 0, hi = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const double d = p.delay(3, rng);
    CHECK(d >= 0.0);
    hi = std::max(hi, d);
    sum += d;
  }
  CHECK(hi < 0.4);
  CHECK(sum / n == doctest::Approx(0.2).epsilon(0.02));
}

TEST_CASE("payment: the order state machine") {
  using S = OrderState;
  CHECK(can_transition(S::not_started, S::executing));
  CHECK_FALSE(can_transition(S::not_started, S::success));
  CHECK(can_transition(S::executing, S::success));
  CHECK(can_transition(S::executing, S::failed));
  CHECK_FALSE(can_transition(S::executing, S::not_started));
  for (S from : {S::success, S::failed})
    for (S to : {S::not_started, S::executing, S::success, S::failed})
      CHECK_FALSE(can_transition(from, to));
  CHECK(state_name(S::executing) == "EXECUTING");
}

TEST_CASE(
    "payment: the ledger balances after every transaction of random pay-ins, and not with a half") {
  RandomStream rng(7, "ledger-test");
  std::vector<LedgerEntry> ledger;
  for (std::uint64_t order = 1; order <= 2000; ++order) {
    const double t = rng.uniform(0.0, 100.0);  // commits interleave in any order
    for (const LedgerEntry& e :
         pay_in_entries(order, std::int64_t(rng.below(10)), 1 + std::int64_t(rng.below(9999)), t))
      ledger.push_back(e);
  }
  std::shuffle(ledger.begin(), ledger.end(), std::mt19937(3));
  CHECK(max_imbalance(ledger) == 0);
  // A transaction that wrote only its debit (entries outside one transaction, a crash between).
  ledger.push_back(LedgerEntry{999999, 5000, std::string(kReceivable), 250, 0, 50.0});
  CHECK(max_imbalance(ledger) == 250);
}

TEST_CASE("payment: reconciliation classifies every mismatch of hand-made files") {
  // Orders 1-4 paid; 5 FAILED though charged; 9 unknown to the system.
  const std::vector<OrderRecord> orders{
      {1, 100, OrderState::success, 11, 0}, {2, 200, OrderState::success, 12, 1},
      {3, 300, OrderState::success, 13, 0}, {4, 400, OrderState::success, 14, 1},
      {5, 500, OrderState::failed, 0, 0},   {6, 600, OrderState::success, 16, 1}};
  std::vector<LedgerEntry> ledger;
  for (auto [o, s, a] : {std::tuple{1, 0, 100}, {2, 1, 200}, {3, 0, 300}, {4, 1, 400}, {6, 1, 600}})
    for (const LedgerEntry& e : pay_in_entries(o, s, a, 1.0)) ledger.push_back(e);
  // 2 is missing from the ledger (its entries dropped), 3 settled at 301, 4 charged twice,
  // 5 charged, 9 unknown, 6 never settled.
  ledger.erase(
      std::remove_if(ledger.begin(), ledger.end(), [](const LedgerEntry& e) { return e.txn == 2; }),
      ledger.end());
  const std::vector<SettlementRow> settlement{{11, 1, 100}, {12, 2, 200}, {13, 3, 301},
                                              {14, 4, 400}, {24, 4, 400}, {15, 5, 500},
                                              {19, 9, 900}};
  const Reconciliation r = reconcile(settlement, ledger, orders, true, 2.0);
  auto find = [&r](std::uint64_t order, MismatchKind k) {
    return std::count_if(r.mismatches.begin(), r.mismatches.end(),
                         [&](const Mismatch& m) { return m.order_id == order && m.kind == k; });
  };
  CHECK(r.mismatches.size() == 6);
  CHECK(find(2, MismatchKind::missing_ledger_entry) == 1);
  CHECK(find(3, MismatchKind::amount_difference) == 1);
  CHECK(find(4, MismatchKind::duplicate_charge) == 1);
  CHECK(find(5, MismatchKind::charged_not_recorded) == 1);
  CHECK(find(9, MismatchKind::unknown_charge) == 1);
  CHECK(find(6, MismatchKind::missing_settlement) == 1);
  for (const Mismatch& m : r.mismatches) {
    if (m.kind == MismatchKind::amount_difference) CHECK(m.difference == 1);
    if (m.kind == MismatchKind::duplicate_charge) CHECK(m.charge_id == 24);
    CHECK(m.fixed == (class_of(m.kind) == MismatchClass::auto_fixable));
  }
  CHECK(class_of(MismatchKind::unknown_charge) == MismatchClass::unclassifiable);
  CHECK(class_of(MismatchKind::amount_difference) == MismatchClass::manual_review);
  // The fixes post balanced movements for 2 and 5; the fixed ledger reconciles them.
  CHECK(r.fixes.size() == 4);
  std::vector<LedgerEntry> fixed = ledger;
  fixed.insert(fixed.end(), r.fixes.begin(), r.fixes.end());
  CHECK(max_imbalance(fixed) == 0);
  const Reconciliation again = reconcile(settlement, fixed, orders, true, 3.0);
  CHECK(again.mismatches.size() == 4);  // the fixable class is gone
  // A clean day has no mismatch.
  CHECK(reconcile({{11, 1, 100}}, {pay_in_entries(1, 0, 100, 1.0)}, {orders[0]}, true, 2.0)
            .mismatches.empty());
}
