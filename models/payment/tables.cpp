#include "models/payment/tables.hpp"

namespace sq = sdsim::storage::sql;

namespace sdsim::payment {

// Column order of `orders`: id, amount, seller, state, attempts, charge_id, ledger_updated,
// wallet_updated, is_payment_done, dead_letter, created, finished.
std::vector<sq::Schema> payment_schemas() {
  using sq::Type;
  std::vector<sq::Schema> s;
  s.push_back(
      sq::Schema("orders",
                 {{"id", Type::int64},
                  {"amount", Type::int64, true},
                  {"seller", Type::int64, true},
                  {"state", Type::text, true},
                  {"attempts", Type::int64, true},
                  {"charge_id", Type::int64, true},
                  {"ledger_updated", Type::int64, true},
                  {"wallet_updated", Type::int64, true},
                  {"is_payment_done", Type::int64, true},
                  {"dead_letter", Type::int64, true},
                  {"created", Type::float64, true},
                  {"finished", Type::float64, true}},
                 {"id"})
          .check("orders_amount_check", [](const sq::RowRef& r) { return r.i64("amount") > 0; }));
  s.push_back(sq::Schema("ledger",
                         {{"entry_id", Type::int64},
                          {"txn", Type::int64, true},
                          {"account", Type::text, true},
                          {"debit", Type::int64, true},
                          {"credit", Type::int64, true},
                          {"time", Type::float64, true}},
                         {"entry_id"})
                  // One side of one movement: a debit or a credit, never both, never negative.
                  .check("ledger_side_check", [](const sq::RowRef& r) {
                    const auto d = r.i64("debit"), c = r.i64("credit");
                    return d >= 0 && c >= 0 && (d == 0) != (c == 0);
                  }));
  s.push_back(
      sq::Schema("wallet", {{"seller", Type::int64}, {"balance", Type::int64, true}}, {"seller"})
          .check("wallet_balance_check",
                 [](const sq::RowRef& r) { return r.i64("balance") >= 0; }));
  s.push_back(sq::Schema(
      "dead_letters",
      {{"order_id", Type::int64}, {"attempts", Type::int64, true}, {"time", Type::float64, true}},
      {"order_id"}));
  return s;
}

sq::Row new_order_row(std::uint64_t id, std::int64_t amount, std::int64_t seller, double created) {
  return {std::int64_t(id), amount, seller, "NOT_STARTED", 0, 0, 0, 0, 0, 0, created, 0.0};
}

OrderState order_state(const sq::Row& r) {
  const std::string& s = r[3].as_text();
  if (s == "EXECUTING") return OrderState::executing;
  if (s == "SUCCESS") return OrderState::success;
  if (s == "FAILED") return OrderState::failed;
  return OrderState::not_started;
}

sq::Assignments final_order_sets(OrderState to, std::uint64_t charge, int attempts, bool books,
                                 bool dead_letter, double t) {
  return {sq::set("state", std::string(state_name(to))), sq::set("attempts", attempts),
          sq::set("charge_id", std::int64_t(charge)),    sq::set("ledger_updated", books ? 1 : 0),
          sq::set("wallet_updated", books ? 1 : 0),      sq::set("is_payment_done", 1),
          sq::set("dead_letter", dead_letter ? 1 : 0),   sq::set("finished", t)};
}

sq::Row ledger_row(const LedgerEntry& e) {
  return {std::int64_t(e.entry_id), std::int64_t(e.txn), e.account, e.debit, e.credit, e.time};
}

OrderRow read_order(const sq::Row& r) {
  OrderRow o;
  o.record = OrderRecord{std::uint64_t(r[0].as_int()), r[1].as_int(), order_state(r),
                         std::uint64_t(r[5].as_int()), r[2].as_int()};
  o.attempts = int(r[4].as_int());
  o.ledger_updated = r[6].as_int() != 0;
  o.wallet_updated = r[7].as_int() != 0;
  o.done = r[8].as_int() != 0;
  o.dead_letter = r[9].as_int() != 0;
  o.created = r[10].as_double();
  o.finished = r[11].as_double();
  return o;
}

LedgerEntry read_ledger(const sq::Row& r) {
  return LedgerEntry{std::uint64_t(r[0].as_int()),
                     std::uint64_t(r[1].as_int()),
                     r[3 - 1].as_text(),
                     r[3].as_int(),
                     r[4].as_int(),
                     r[5].as_double()};
}

}  // namespace sdsim::payment
