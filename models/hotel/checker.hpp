// The hotel model's checkers, recounted after the run from the databases' committed rows (the
// source of truth), never from the services' own counters:
//   - the inventory invariant and the counter (inventory.hpp, audit_inventory);
//   - duplicate reservations: live rows beyond one per client intent (a double click booked
//     twice);
//   - payment atomicity: every live reservation has its payment row and every payment row its
//     live reservation (what a saga must reach once compensated and 2PC holds always).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sim/storage/sql/value.hpp"

namespace sdsim::hotel {

// Live (not cancelled) reservation rows minus the distinct intents they were made for.
std::int64_t duplicate_reservations(
    const std::vector<storage::sql::Row>& reservations,
    const std::unordered_map<std::int64_t, std::int64_t>& intent_of);

struct PaymentAudit {
  std::int64_t unpaid = 0;           // live reservations without a payment row (rooms held unpaid)
  std::int64_t unpaid_rooms = 0;     // their room-nights
  std::int64_t orphan_payments = 0;  // payment rows without a live reservation
  std::int64_t pending = 0;          // reservations still 'pending'
};
PaymentAudit audit_payments(const std::vector<storage::sql::Row>& reservations,
                            const std::vector<storage::sql::Row>& payments);

}  // namespace sdsim::hotel
