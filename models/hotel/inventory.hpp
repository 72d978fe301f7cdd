// The book's schema (Hotel Reservation System, "Data model"): room_type_inventory has one row
// per hotel, room type and night (total_inventory, total_reserved, version); reservation has
// one row per booking, keyed by the client's reservation_id. And the availability rule:
//
//   for every night d of the stay:  total_reserved(d) + rooms <= floor(total_inventory * (1 + ob))
//
// A stay is the nights [start_date, end_date): a guest arriving on day 3 and leaving on day 5
// sleeps the nights 3 and 4 and frees the room on night 5. The book's query reads
// `date BETWEEN start_date AND end_date`, which also counts the departure day; we take the
// hotel industry's half-open stay and test the choice (tests/unit/hotel).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "sim/storage/sql/schema.hpp"

namespace sdsim::hotel {

inline constexpr const char* kInventory = "room_type_inventory";
inline constexpr const char* kReservation = "reservation";
inline constexpr const char* kPayment = "payment";
inline constexpr const char* kCheckName = "room_type_inventory_reserved_check";

// floor(total * (1 + overbooking)), exact for the decimal ratios people write (0.1 x 100 = 110).
std::int64_t allowed_rooms(std::int64_t total_inventory, double overbooking);

// The rule for one night.
bool night_available(std::int64_t total_inventory, std::int64_t total_reserved, std::int64_t rooms,
                     double overbooking);

// A row of room_type_inventory as the model reads it.
struct NightRow {
  std::int64_t hotel = 0, room_type = 0, date = 0, total = 0, reserved = 0, version = 0;
};
NightRow night_row(const storage::sql::Row& row);
storage::sql::Key night_key(std::int64_t hotel, std::int64_t room_type, std::int64_t date);

// The stay's nights: start_date .. end_date - 1.
std::vector<std::int64_t> stay_nights(std::int64_t start_date, std::int64_t end_date);

// Whether every night of the stay has room (rows in date order, one per night of the stay).
bool stay_available(const std::vector<NightRow>& nights, std::int64_t rooms, double overbooking);

// Schemas. with_check adds the CHECK constraint of the `constraint` mode.
storage::sql::Schema inventory_schema(bool with_check, double overbooking);
storage::sql::Schema reservation_schema();
storage::sql::Schema payment_schema();

// A reservation row: (reservation_id, hotel_id, room_type_id, start_date, end_date, rooms,
// status, guest_id); status "confirmed", "pending" (a saga awaiting payment), "cancelled".
storage::sql::Row reservation_row(std::int64_t id, std::int64_t hotel, std::int64_t room_type,
                                  std::int64_t start, std::int64_t end, std::int64_t rooms,
                                  const std::string& status, std::int64_t guest);

// The invariant, recounted from the reservation table (not the counter): for every night the
// rooms of live (not cancelled) reservations, against the allowed maximum.
struct InventoryAudit {
  std::int64_t nights = 0;              // inventory rows
  std::int64_t overbooked_nights = 0;   // reservations exceed allowed_rooms
  std::int64_t counter_mismatches = 0;  // total_reserved != initial + reservations (lost updates)
  std::int64_t over_capacity_counters = 0;  // total_reserved > allowed_rooms (the counter says so)
  std::int64_t rooms_booked = 0;            // room-nights of live reservations
  std::int64_t worst_excess = 0;            // max over nights of booked - allowed (0 when none)
  double occupancy_max = 0;                 // max over nights of held rooms / total_inventory
};
// `initial` is total_reserved at the start, per night key (hotel, room_type, date).
using NightId = std::tuple<std::int64_t, std::int64_t, std::int64_t>;
InventoryAudit audit_inventory(const std::vector<storage::sql::Row>& inventory,
                               const std::vector<storage::sql::Row>& reservations,
                               const std::map<NightId, std::int64_t>& initial, double overbooking);

}  // namespace sdsim::hotel
