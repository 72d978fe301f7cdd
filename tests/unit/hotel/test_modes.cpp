// Each concurrency mode's statements (models/hotel/booking.hpp, as the reservation service
// issues them) replayed on the SQL block for two bookings racing for the last room:
//   T1 reads, T2 reads, T1 writes, T2 writes (waits for T1's row lock), T1 commits, T2 goes on.
// What PostgreSQL 15 does with them (docs, chapter 13): READ COMMITTED re-evaluates T2's update
// on the row T1 committed and applies it (13.2.1: read-then-write loses the update, the
// increment does not); REPEATABLE READ and SERIALIZABLE fail T2 with 40001 (13.2.2, 13.2.3);
// SELECT ... FOR UPDATE makes T2's read wait and see T1's row (13.3.2); the version predicate
// finds no row (0 rows updated); the CHECK fails T2's increment with 23514 (5.4.1).
#include <doctest/doctest.h>

#include "models/hotel/booking.hpp"

using namespace sdsim::hotel;
namespace sq = sdsim::storage::sql;

namespace {

struct Race {
  std::string t2;  // T2's end: "booked", "sold_out", "retry", "conflict", "resubmitted"
  std::int64_t total_reserved = 0;
  std::size_t reservations = 0;
  bool t2_read_waited = false, t2_write_waited = false;
};

sq::Result finish(sq::Database& db, sq::TxnId t, sq::Result r) {
  while (r.blocked()) {
    for (sq::TxnId w : db.take_woken())
      if (w == t) return finish(db, t, db.resume(t));
    return r;
  }
  return r;
}

// One night with 100 rooms, 99 reserved, no overbooking; two bookings of one room.
Race race(Concurrency mode, NoneWrite none_write = NoneWrite::computed,
          sq::Isolation level = sq::Isolation::read_committed, std::int64_t id2 = 2) {
  sq::Database db;
  REQUIRE(db.create_table(inventory_schema(mode == Concurrency::constraint, 0.0)).ok());
  REQUIRE(db.create_table(reservation_schema()).ok());
  const sq::TxnId load = db.begin().txn;
  REQUIRE(db.insert(load, kInventory, {0, 0, 0, 100, 99, sq::Value::null()}).ok());
  REQUIRE(db.commit(load).ok());
  const sq::Key key = night_key(0, 0, 0);
  const sq::Isolation iso = booking_isolation(mode, level);
  const sq::TxnId t1 = db.begin(iso).txn, t2 = db.begin(iso).txn;
  REQUIRE(db.insert(t1, kReservation, reservation_row(1, 0, 0, 0, 1, 1, "confirmed", 1)).ok());
  Race out;
  sq::Result r2 = db.insert(t2, kReservation, reservation_row(id2, 0, 0, 0, 1, 1, "confirmed", 2));
  NightRow n1{0, 0, 0}, n2{0, 0, 0};
  if (reads_first(mode)) {
    const sq::Result r1 = db.select_by_key(t1, kInventory, key, read_lock(mode));
    REQUIRE(r1.ok());
    n1 = night_row(r1.rows.at(0));
    REQUIRE(stay_available({n1}, 1, 0.0));
    if (r2.ok()) {
      r2 = db.select_by_key(t2, kInventory, key, read_lock(mode));
      out.t2_read_waited = r2.blocked();
    }
  }
  NightWrite w1 = night_write(mode, none_write, n1, 1);
  REQUIRE(db.update_by_key(t1, kInventory, key, w1.sets, w1.expected_version).count == 1);
  if (r2.ok() && reads_first(mode)) {  // T2 read without waiting: it decides on what it saw
    n2 = night_row(r2.rows.at(0));
    REQUIRE(stay_available({n2}, 1, 0.0));
  }
  if (r2.ok()) {
    NightWrite w2 = night_write(mode, none_write, n2, 1);
    r2 = db.update_by_key(t2, kInventory, key, w2.sets, w2.expected_version);
    out.t2_write_waited = r2.blocked();
  }
  REQUIRE(db.commit(t1).ok());
  r2 = finish(db, t2, r2);
  if (out.t2_read_waited && r2.ok()) {  // the pessimistic read, after T1: the row is full now
    n2 = night_row(r2.rows.at(0));
    out.t2 = stay_available({n2}, 1, 0.0) ? "booked" : "sold_out";
    db.rollback(t2);
  } else if (r2.failed()) {
    const Verdict v = classify(r2.sqlstate());
    out.t2 = v == Verdict::retry         ? "retry"
             : v == Verdict::sold_out    ? "sold_out"
             : v == Verdict::resubmitted ? "resubmitted"
                                         : "failed";
    db.rollback(t2);
  } else if (r2.count == 0) {
    out.t2 = "conflict";
    db.rollback(t2);
  } else {
    REQUIRE(db.commit(t2).ok());
    out.t2 = "booked";
  }
  out.total_reserved = night_row(db.committed_rows(kInventory).at(0)).reserved;
  out.reservations = db.committed_rows(kReservation).size();
  return out;
}

}  // namespace

TEST_CASE("hotel: none at READ COMMITTED loses the update (sold twice, counter +1)") {
  const Race r = race(Concurrency::none);
  CHECK(r.t2_write_waited);  // T2's UPDATE waited for T1's row lock, then re-evaluated
  CHECK(r.t2 == "booked");
  CHECK(r.reservations == 2);
  CHECK(r.total_reserved == 100);
}

TEST_CASE("hotel: none with an unchecked increment overbooks (sold twice, counter 101)") {
  const Race r = race(Concurrency::none, NoneWrite::increment);
  CHECK(r.t2 == "booked");
  CHECK(r.reservations == 2);
  CHECK(r.total_reserved == 101);
}

TEST_CASE("hotel: none at REPEATABLE READ fails the second writer with 40001") {
  const Race r = race(Concurrency::none, NoneWrite::computed, sq::Isolation::repeatable_read);
  CHECK(r.t2 == "retry");
  CHECK(r.reservations == 1);
  CHECK(r.total_reserved == 100);
}

TEST_CASE("hotel: pessimistic makes the second read wait and see the room gone") {
  const Race r = race(Concurrency::pessimistic);
  CHECK(r.t2_read_waited);
  CHECK(r.t2 == "sold_out");
  CHECK(r.reservations == 1);
  CHECK(r.total_reserved == 100);
}

TEST_CASE("hotel: optimistic finds the version changed (0 rows)") {
  const Race r = race(Concurrency::optimistic);
  CHECK(r.t2 == "conflict");
  CHECK(r.reservations == 1);
  CHECK(r.total_reserved == 100);
}

TEST_CASE("hotel: constraint refuses the second increment with 23514") {
  const Race r = race(Concurrency::constraint);
  CHECK(r.t2_write_waited);
  CHECK(r.t2 == "sold_out");
  CHECK(r.reservations == 1);
  CHECK(r.total_reserved == 100);
}

TEST_CASE("hotel: serializable fails the second writer with 40001") {
  const Race r = race(Concurrency::serializable);
  CHECK(r.t2 == "retry");
  CHECK(r.reservations == 1);
  CHECK(r.total_reserved == 100);
}

TEST_CASE(
    "hotel: a re-submission of the same reservation_id waits for the first, then gets 23505") {
  // PostgreSQL docs, "Index Uniqueness Checks": the second inserter waits for the first
  // transaction and fails if it committed.
  const Race r =
      race(Concurrency::pessimistic, NoneWrite::computed, sq::Isolation::read_committed, 1);
  CHECK(r.t2 == "resubmitted");
  CHECK(r.reservations == 1);
  CHECK(r.total_reserved == 100);
}
