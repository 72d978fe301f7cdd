#include "models/hotel/inventory.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::hotel {

namespace sq = storage::sql;

std::int64_t allowed_rooms(std::int64_t total, double overbooking) {
  // 100 * 1.1 is 110.00000000000001 and 10 * 1.15 is 11.499999999999998: a small epsilon keeps
  // the decimal reading (and cannot move a value that is not within 1e-9 of an integer).
  return static_cast<std::int64_t>(
      std::floor(static_cast<double>(total) * (1.0 + overbooking) + 1e-9));
}

bool night_available(std::int64_t total, std::int64_t reserved, std::int64_t rooms,
                     double overbooking) {
  return reserved + rooms <= allowed_rooms(total, overbooking);
}

NightRow night_row(const sq::Row& r) {
  return {r.at(0).as_int(), r.at(1).as_int(), r.at(2).as_int(),
          r.at(3).as_int(), r.at(4).as_int(), r.at(5).is_null() ? 0 : r.at(5).as_int()};
}

sq::Key night_key(std::int64_t hotel, std::int64_t room_type, std::int64_t date) {
  return {hotel, room_type, date};
}

std::vector<std::int64_t> stay_nights(std::int64_t start, std::int64_t end) {
  std::vector<std::int64_t> out;
  for (std::int64_t d = start; d < end; ++d) out.push_back(d);
  return out;
}

bool stay_available(const std::vector<NightRow>& nights, std::int64_t rooms, double overbooking) {
  return std::all_of(nights.begin(), nights.end(), [&](const NightRow& n) {
    return night_available(n.total, n.reserved, rooms, overbooking);
  });
}

sq::Schema inventory_schema(bool with_check, double overbooking) {
  sq::Schema s(kInventory,
               {{"hotel_id", sq::Type::int64},
                {"room_type_id", sq::Type::int64},
                {"date", sq::Type::int64},
                {"total_inventory", sq::Type::int64, true},
                {"total_reserved", sq::Type::int64, true},
                {"version", sq::Type::int64}},
               {"hotel_id", "room_type_id", "date"});
  s.version_column("version");
  // CHECK (total_reserved <= floor(total_inventory * (1 + overbooking))): the constraint mode.
  if (with_check)
    s.check(kCheckName, [overbooking](const sq::RowRef& r) {
      return r.i64("total_reserved") <= allowed_rooms(r.i64("total_inventory"), overbooking);
    });
  return s;
}

sq::Schema reservation_schema() {
  return sq::Schema(kReservation,
                    {{"reservation_id", sq::Type::int64},
                     {"hotel_id", sq::Type::int64, true},
                     {"room_type_id", sq::Type::int64, true},
                     {"start_date", sq::Type::int64, true},
                     {"end_date", sq::Type::int64, true},
                     {"rooms", sq::Type::int64, true},
                     {"status", sq::Type::text, true},
                     {"guest_id", sq::Type::int64, true}},
                    {"reservation_id"});
}

sq::Schema payment_schema() {
  return sq::Schema(kPayment,
                    {{"reservation_id", sq::Type::int64}, {"amount", sq::Type::float64, true}},
                    {"reservation_id"});
}

sq::Row reservation_row(std::int64_t id, std::int64_t hotel, std::int64_t room_type,
                        std::int64_t start, std::int64_t end, std::int64_t rooms,
                        const std::string& status, std::int64_t guest) {
  return {id, hotel, room_type, start, end, rooms, status, guest};
}

InventoryAudit audit_inventory(const std::vector<sq::Row>& inventory,
                               const std::vector<sq::Row>& reservations,
                               const std::map<NightId, std::int64_t>& initial, double overbooking) {
  std::map<NightId, std::int64_t> booked;
  InventoryAudit a;
  for (const sq::Row& r : reservations) {
    if (r.at(6).as_text() == "cancelled") continue;
    for (std::int64_t d : stay_nights(r.at(3).as_int(), r.at(4).as_int())) {
      booked[{r.at(1).as_int(), r.at(2).as_int(), d}] += r.at(5).as_int();
      a.rooms_booked += r.at(5).as_int();
    }
  }
  for (const sq::Row& row : inventory) {
    const NightRow n = night_row(row);
    const NightId id{n.hotel, n.room_type, n.date};
    ++a.nights;
    const auto b = booked.find(id);
    const auto i = initial.find(id);
    const std::int64_t start = i == initial.end() ? 0 : i->second;
    const std::int64_t held = start + (b == booked.end() ? 0 : b->second);
    const std::int64_t allowed = allowed_rooms(n.total, overbooking);
    if (held > allowed) {
      ++a.overbooked_nights;
      a.worst_excess = std::max(a.worst_excess, held - allowed);
    }
    a.occupancy_max = std::max(a.occupancy_max, double(held) / double(n.total));
    if (held != n.reserved) ++a.counter_mismatches;
    if (n.reserved > allowed) ++a.over_capacity_counters;
  }
  return a;
}

}  // namespace sdsim::hotel
