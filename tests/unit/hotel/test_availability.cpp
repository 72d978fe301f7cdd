// The availability rule and the checkers on hand-made rows. The rule is the book's (Hotel
// Reservation System, "Concurrency issues": total_reserved + rooms <= 110% of total_inventory
// with 10% overbooking); a stay is the nights [start_date, end_date), as hotels sell them
// (check-out day not a night), where the book's SQL reads `date BETWEEN start AND end`.
#include <doctest/doctest.h>

#include "models/hotel/checker.hpp"
#include "models/hotel/inventory.hpp"

using namespace sdsim::hotel;
namespace sq = sdsim::storage::sql;

TEST_CASE("hotel: allowed rooms with overbooking") {
  CHECK(allowed_rooms(100, 0.1) == 110);  // 100 * 1.1 is 110.00000000000001 in doubles
  CHECK(allowed_rooms(100, 0.0) == 100);
  CHECK(allowed_rooms(10, 0.15) == 11);  // 11.5 rounds down: half a room is no room
  CHECK(allowed_rooms(20, 0.15) == 23);  // 20 * 1.15 is 22.999999999999996 in doubles
  CHECK(allowed_rooms(1, 0.1) == 1);
}

TEST_CASE("hotel: the rule for one night") {
  CHECK(night_available(100, 109, 1, 0.1));
  CHECK_FALSE(night_available(100, 110, 1, 0.1));
  CHECK_FALSE(night_available(100, 109, 2, 0.1));
  CHECK(night_available(100, 99, 1, 0.0));
  CHECK_FALSE(night_available(100, 100, 1, 0.0));
}

TEST_CASE("hotel: a stay is the nights [start, end)") {
  CHECK(stay_nights(3, 5) == std::vector<std::int64_t>{3, 4});  // arrives day 3, leaves day 5
  CHECK(stay_nights(3, 4) == std::vector<std::int64_t>{3});
  CHECK(stay_nights(3, 3).empty());
}

TEST_CASE("hotel: a multi-night stay is refused when one night is full") {
  const std::vector<NightRow> nights{
      {0, 0, 3, 100, 50, 1}, {0, 0, 4, 100, 100, 1}, {0, 0, 5, 100, 10, 1}};
  CHECK_FALSE(stay_available(nights, 1, 0.0));
  CHECK(stay_available(nights, 1, 0.1));  // 101 <= 110 on the full night
  CHECK(stay_available({nights[0], nights[2]}, 1, 0.0));
}

namespace {
sq::Row inv(std::int64_t date, std::int64_t total, std::int64_t reserved) {
  return {0, 0, date, total, reserved, 1};
}
sq::Row res(std::int64_t id, std::int64_t start, std::int64_t end, std::int64_t rooms,
            const char* status = "confirmed") {
  return reservation_row(id, 0, 0, start, end, rooms, status, id);
}
}  // namespace

TEST_CASE("hotel: the audit recounts the reservation table, not the counter") {
  const std::map<NightId, std::int64_t> initial{{{0, 0, 0}, 9}, {{0, 0, 1}, 0}};
  // Night 0: 10 rooms, 9 held before the run; two reservations of night 0 (a lost update left
  // the counter at 10). Night 1: one reservation of two nights also covers it.
  const std::vector<sq::Row> inventory{inv(0, 10, 10), inv(1, 10, 1)};
  const std::vector<sq::Row> reservations{res(1, 0, 1, 1), res(2, 0, 2, 1),
                                          res(3, 1, 2, 5, "cancelled")};
  const InventoryAudit a = audit_inventory(inventory, reservations, initial, 0.0);
  CHECK(a.nights == 2);
  CHECK(a.overbooked_nights == 1);  // 9 + 2 = 11 > 10 on night 0
  CHECK(a.worst_excess == 1);
  CHECK(a.counter_mismatches == 1);  // night 0 says 10, holds 11; night 1 says 1, holds 1
  CHECK(a.rooms_booked == 3);        // 1 + 2 room-nights; the cancelled one is not held
  CHECK(a.occupancy_max == doctest::Approx(1.1));
  // With 10% overbooking 11 of 10 is allowed.
  CHECK(audit_inventory(inventory, reservations, initial, 0.1).overbooked_nights == 0);
}

TEST_CASE("hotel: duplicates are live rows beyond one per client intent") {
  const std::vector<sq::Row> rows{res(10, 0, 1, 1), res(11, 0, 1, 1), res(12, 0, 1, 1, "cancelled"),
                                  res(13, 0, 1, 1)};
  CHECK(duplicate_reservations(rows, {{10, 1}, {11, 1}, {12, 1}, {13, 2}}) ==
        1);                                      // intent 1 booked twice
  CHECK(duplicate_reservations(rows, {}) == 0);  // ids are the intents (idempotency on)
}

TEST_CASE("hotel: payment audit") {
  const std::vector<sq::Row> rows{res(1, 0, 2, 2), res(2, 0, 1, 1, "pending"),
                                  res(3, 0, 1, 1, "cancelled")};
  const std::vector<sq::Row> payments{{1, 400.0}, {3, 100.0}};
  const PaymentAudit a = audit_payments(rows, payments);
  CHECK(a.unpaid == 1);  // reservation 2: pending, no payment
  CHECK(a.unpaid_rooms == 1);
  CHECK(a.pending == 1);
  CHECK(a.orphan_payments == 1);  // payment 3 for a cancelled reservation
}
