#include "models/hotel/checker.hpp"

#include <set>

namespace sdsim::hotel {

namespace sq = storage::sql;

namespace {
bool live(const sq::Row& r) { return r.at(6).as_text() != "cancelled"; }
}  // namespace

std::int64_t duplicate_reservations(
    const std::vector<sq::Row>& reservations,
    const std::unordered_map<std::int64_t, std::int64_t>& intent_of) {
  std::set<std::int64_t> intents;
  std::int64_t rows = 0;
  for (const sq::Row& r : reservations) {
    if (!live(r)) continue;
    ++rows;
    const auto it = intent_of.find(r.at(0).as_int());
    intents.insert(it == intent_of.end() ? r.at(0).as_int() : it->second);
  }
  return rows - static_cast<std::int64_t>(intents.size());
}

PaymentAudit audit_payments(const std::vector<sq::Row>& reservations,
                            const std::vector<sq::Row>& payments) {
  std::set<std::int64_t> paid, alive;
  for (const sq::Row& p : payments) paid.insert(p.at(0).as_int());
  PaymentAudit a;
  for (const sq::Row& r : reservations) {
    if (!live(r)) continue;
    const std::int64_t id = r.at(0).as_int();
    alive.insert(id);
    if (r.at(6).as_text() == "pending") ++a.pending;
    if (!paid.count(id)) {
      ++a.unpaid;
      a.unpaid_rooms += r.at(5).as_int() * (r.at(4).as_int() - r.at(3).as_int());
    }
  }
  for (std::int64_t id : paid)
    if (!alive.count(id)) ++a.orphan_payments;
  return a;
}

}  // namespace sdsim::hotel
