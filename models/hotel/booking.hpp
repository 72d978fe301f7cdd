// What each concurrency mode makes a booking do, as decisions a reservation service applies
// statement by statement (services/reservation_service.cpp) and the unit tests replay against
// the SQL block (tests/unit/hotel): which isolation level, whether to read the nights first and
// with which lock, what to write, and what an error means.
#pragma once

#include <optional>
#include <string>

#include "models/hotel/inventory.hpp"
#include "models/hotel/params.hpp"
#include "sim/storage/sql/database.hpp"

namespace sdsim::hotel {

// The isolation level of the booking transaction: SERIALIZABLE for the serializable mode, the
// configured level otherwise.
storage::sql::Isolation booking_isolation(Concurrency mode, storage::sql::Isolation configured);

// Whether the application reads the nights before it writes (the constraint mode does not: the
// CHECK decides), and the lock of that read (FOR UPDATE in the pessimistic mode).
bool reads_first(Concurrency mode);
std::optional<storage::sql::LockClause> read_lock(Concurrency mode);

// The UPDATE of one night. `read` is the night as the booking read it (ignored when the mode
// reads nothing). Optimistic: SET total_reserved = read + rooms WHERE version = read.version
// (0 rows: a conflict); constraint and none_write: increment: total_reserved + rooms; the
// others write the count the application computed, read + rooms.
struct NightWrite {
  storage::sql::Assignments sets;
  std::optional<std::int64_t> expected_version;
};
NightWrite night_write(Concurrency mode, NoneWrite none_write, const NightRow& read,
                       std::int64_t rooms);

// What a failed statement means for the booking.
enum class Verdict {
  resubmitted,  // 23505: the reservation_id is booked already
  sold_out,     // 23514: the CHECK refused the count
  retry,        // 40001 serialization failure, 40P01 deadlock victim
  failed        // anything else (08006 connection lost, ...)
};
Verdict classify(const std::string& sqlstate);

}  // namespace sdsim::hotel
