// The payment database's tables (the SQL block): payment orders with the executor's state
// and flags, the append-only double-entry ledger, the sellers' wallets and the dead letters,
// with the constraints that keep them honest (one ledger movement per order by primary key,
// no negative amount, no negative balance). Rows to and from the domain types.
#pragma once

#include <vector>

#include "models/payment/reconciliation.hpp"
#include "sim/storage/sql/schema.hpp"
#include "sim/storage/sql/transaction.hpp"

namespace sdsim::payment {

std::vector<storage::sql::Schema> payment_schemas();

storage::sql::Row new_order_row(std::uint64_t id, std::int64_t amount, std::int64_t seller,
                                double created);
OrderState order_state(const storage::sql::Row& order);
struct OrderKey {
  std::uint64_t id = 0;
  std::int64_t amount = 0, seller = 0;
};
// Defined for PaymentService::Order's shape (id, amount, seller).
template <class Order = OrderKey>
Order order_of(const storage::sql::Row& r) {
  return Order{std::uint64_t(r[0].as_int()), r[1].as_int(), r[2].as_int()};
}
storage::sql::Assignments final_order_sets(OrderState to, std::uint64_t charge, int attempts,
                                           bool books, bool dead_letter, double t);
storage::sql::Row ledger_row(const LedgerEntry& e);

// The committed tables read back after the run.
struct OrderRow {
  OrderRecord record;
  int attempts = 0;
  bool ledger_updated = false, wallet_updated = false, done = false, dead_letter = false;
  double created = 0, finished = 0;
};
OrderRow read_order(const storage::sql::Row& r);
LedgerEntry read_ledger(const storage::sql::Row& r);

}  // namespace sdsim::payment
