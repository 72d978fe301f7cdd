// The hotel model's metric table and its end-of-run accounting (recounts from the databases).
#include "models/hotel/checker.hpp"
#include "models/hotel/model.hpp"
#include "sim/model/run_context.hpp"

namespace sdsim::hotel {

namespace {
bool with_payment(const RunShape& s) { return params().read(s.params).across != Across::local; }
bool twopc(const RunShape& s) { return params().read(s.params).across == Across::twopc; }
bool saga(const RunShape& s) { return params().read(s.params).across == Across::saga; }
}  // namespace

MetricTable HotelModel::metric_table() const {
  const Results& r = results_;
  const HotelStats& s = *stats_;
  const Config& c = cfg_;
  auto n = [](auto f) { return [f] { return double(f()); }; };
  MetricTable t;
  t.add("bookings.submitted", "", "booking requests a reservation service took",
        n([&s] { return s.submitted; }))
      .add("bookings.succeeded", "",
           "bookings answered 'booked' (committed; with a payment step: paid)",
           n([&s] { return s.booked; }))
      .add("bookings.rejected", "", "bookings refused for lack of rooms (the rule or the CHECK)",
           n([&s] { return s.sold_out; }))
      .add("bookings.resubmitted", "",
           "re-submissions of a reservation_id already booked (23505): answered once",
           n([&s] { return s.resubmitted; }))
      .add("bookings.failed", "", "bookings that ended in an error or spent their retries",
           n([&s] { return s.failed; }))
      .add("overbooked_nights", "",
           "inventory nights whose live reservations (recounted from the reservation table) exceed "
           "floor(total_inventory * (1 + overbooking)): the invariant",
           n([&r] { return r.inventory.overbooked_nights; }))
      .add("overbooked.worst_excess", "", "rooms above the allowed maximum on the worst night",
           n([&r] { return r.inventory.worst_excess; }))
      .add("counter_mismatches", "",
           "nights whose total_reserved differs from the rooms of their reservations (a lost "
           "update)",
           n([&r] { return r.inventory.counter_mismatches; }))
      .add("occupancy.max", "",
           "highest night's rooms held (initial plus live reservations) / total_inventory; at most "
           "1 + overbooking",
           [&r] { return r.inventory.occupancy_max; })
      .add("rooms_booked", "", "room-nights of live reservations at the end",
           n([&r] { return r.inventory.rooms_booked; }))
      .add("duplicate_reservations", "",
           "live reservation rows beyond one per client intent (a click booked twice)",
           [&r] { return r.duplicates; })
      .add("conflicts.retries", "", "bookings retried (version conflicts, 40001, 40P01)",
           n([&s] { return s.retries; }))
      .add("conflicts.version", "", "optimistic updates that found the version changed (0 rows)",
           n([&s] { return s.version_conflicts; }))
      .add("serialization_failures", "", "40001 answers (REPEATABLE READ / SERIALIZABLE)",
           n([&s] { return s.serialization_failures; }))
      .add("check_violations", "", "23514 answers: the CHECK on total_reserved refused a booking",
           n([&s] { return s.check_violations; }))
      .add("deadlocks", "", "40P01 answers of the inventory database", [&r] { return r.deadlocks; })
      .add("lock_wait.p99", "s", "99th percentile of row-lock waits on the inventory database",
           [&r] { return r.lock_wait_p99; })
      .add("lock_wait.max", "s", "longest row-lock wait on the inventory database",
           [&r] { return r.lock_wait_max; })
      .add("booking.latency.p50", "s", "client-side latency of bookings answered 'booked'",
           [&r] { return r.latency_p50; })
      .add("booking.latency.p99", "s", "99th percentile of the same",
           [&r] { return r.latency_p99; })
      .add("throughput.bookings_per_s", "1/s",
           "bookings answered 'booked' per second, first to last", [&r] { return r.throughput; })
      .add_if("bookings.payment_failed", "",
              "bookings whose payment failed (rooms released or never committed)",
              "across: saga or twopc", with_payment, n([&s] { return s.payment_failed; }))
      .add_if("bookings.unpaid", "",
              "live reservations without a payment row at the end (must be 0)",
              "across: saga or twopc", with_payment, n([&r] { return r.payments.unpaid; }))
      .add_if("payments.orphaned", "",
              "payment rows without a live reservation at the end (must be 0)",
              "across: saga or twopc", with_payment, n([&r] { return r.payments.orphan_payments; }))
      .add_if("saga.compensations", "",
              "compensating transactions that released a failed payment's rooms", "across: saga",
              saga, n([&s] { return s.compensations; }))
      .add_if("saga.forward_recoveries", "",
              "sagas a restarted coordinator completed because the payment was recorded",
              "across: saga", saga, n([&s] { return s.saga_forward_recoveries; }))
      .add_if(
          "saga.inconsistent_window.max", "s",
          "longest time rooms stayed committed for a payment that failed (commit to compensation)",
          "across: saga", saga, [&s] { return s.inconsistent_window.max(); })
      .add_if("saga.inconsistent_window.mean", "s", "mean of the same", "across: saga", saga,
              [&s] { return s.inconsistent_window.mean(); })
      .add_if("twopc.commits", "", "two-phase transactions committed on both databases",
              "across: twopc", twopc, n([&s] { return s.twopc_commits; }))
      .add_if("twopc.aborts", "",
              "two-phase transactions rolled back (payment declined, or presumed abort)",
              "across: twopc", twopc, n([&s] { return s.twopc_aborts; }))
      .add_if("twopc.recovered", "",
              "two-phase transactions a restarted coordinator finished from its log",
              "across: twopc", twopc, n([&s] { return s.twopc_recovered; }))
      .add_if("twopc.blocked_time", "s",
              "longest time an inventory transaction stayed prepared (PREPARE to COMMIT/ROLLBACK "
              "PREPARED), "
              "holding its row locks",
              "across: twopc", twopc, [&s] { return s.prepared_time.max(); })
      .add_if("twopc.prepared_time.p50", "s", "median of the same", "across: twopc", twopc,
              [&s] { return s.prepared_time.quantile(0.5); })
      .add_if("twopc.prepared_left", "",
              "prepared transactions left on either database at the end (must be 0)",
              "across: twopc", twopc, [&r] { return r.prepared_left; })
      // The book's estimate (Hotel Reservation System, "Back-of-the-envelope estimation").
      .add("estimate.reservations_per_day", "1/d",
           "scale.rooms x scale.occupancy / scale.stay_nights",
           [&c] { return c.scale.rooms * c.scale.occupancy / c.scale.stay_nights; })
      .add("estimate.reservation_tps", "1/s", "estimate.reservations_per_day / 86400 s",
           [&c] { return c.scale.rooms * c.scale.occupancy / c.scale.stay_nights / 86400.0; })
      .add("estimate.booking_page_qps", "1/s", "reservation TPS x funnel_ratio (the booking page)",
           [&c] {
             return c.scale.rooms * c.scale.occupancy / c.scale.stay_nights / 86400.0 *
                    c.scale.funnel_ratio;
           })
      .add("estimate.detail_page_qps", "1/s",
           "reservation TPS x funnel_ratio^2 (hotel and room detail pages)",
           [&c] {
             return c.scale.rooms * c.scale.occupancy / c.scale.stay_nights / 86400.0 *
                    c.scale.funnel_ratio * c.scale.funnel_ratio;
           })
      .add("estimate.inventory_rows", "", "scale.hotels x scale.room_types x scale.days",
           [&c] { return double(c.scale.hotels) * c.scale.room_types * c.scale.days; });
  return t;
}

void HotelModel::finish(RunContext&) {
  Results& r = results_;
  const auto inventory = inventory_db_->database().committed_rows(kInventory);
  const auto reservations = inventory_db_->database().committed_rows(kReservation);
  r.inventory = audit_inventory(inventory, reservations, initial_, cfg_.inventory.overbooking);
  r.duplicates = double(duplicate_reservations(reservations, stats_->intent_of));
  r.payments = audit_payments(reservations, payment_db_->database().committed_rows(kPayment));
  r.prepared_left = double(inventory_db_->database().prepared().size() +
                           payment_db_->database().prepared().size());
  const auto& st = inventory_db_->stats();
  r.lock_wait_p99 = st.lock_wait.quantile(0.99);
  r.lock_wait_max = st.lock_wait.max();
  r.deadlocks = double(st.deadlocks);
  r.latency_p50 = booked_latency_.quantile(0.5);
  r.latency_p99 = booked_latency_.quantile(0.99);
  const double span = last_booking_ - first_booking_;
  r.throughput = span > 0 ? double(booked_latency_.count()) / span : 0.0;
}

}  // namespace sdsim::hotel
