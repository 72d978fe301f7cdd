// The nightly reconciliation of the book's payment chapter: the PSP's settlement file is
// compared with the payment system's ledger and orders, and every difference is classified
// as fixable automatically, needing manual review with a known cause, or unclassifiable
// (the book's three classes). Plain C++ over rows, so it is tested on hand-made files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/payment/order.hpp"

namespace sdsim::payment {

// One line of settlement.csv: a charge the PSP settled.
struct SettlementRow {
  std::uint64_t charge_id = 0, order_id = 0;
  std::int64_t amount = 0;  // minor units (cents)
  std::string currency = "USD";
  std::string status = "settled";
  double time = 0;  // s
};

// One ledger entry: a debit or a credit of one account, in one transaction.
struct LedgerEntry {
  std::uint64_t entry_id = 0, txn = 0;  // txn: the payment order the movement belongs to
  std::string account;
  std::int64_t debit = 0, credit = 0;  // cents
  double time = 0;                     // s, when its transaction committed
};

struct OrderRecord {
  std::uint64_t order_id = 0;
  std::int64_t amount = 0;  // cents
  OrderState state = OrderState::not_started;
  std::uint64_t charge_id = 0;  // the PSP charge the executor recorded (0: none)
  std::int64_t seller = 0;
};

enum class MismatchKind {
  missing_ledger_entry,  // charge settled and order SUCCESS, no ledger movement
  charged_not_recorded,  // charge settled, its order not SUCCESS (a lost payment)
  amount_difference,     // ledger and settlement disagree on the amount
  duplicate_charge,      // a second settled charge for an order (a double charge)
  missing_settlement,    // a ledger movement the PSP never settled
  unknown_charge,        // a settled charge for an order the system does not know
};
enum class MismatchClass { auto_fixable, manual_review, unclassifiable };

std::string_view kind_name(MismatchKind k);
std::string_view class_name(MismatchClass c);
MismatchClass class_of(MismatchKind k);

struct Mismatch {
  std::uint64_t order_id = 0, charge_id = 0;
  MismatchKind kind{};
  std::int64_t difference = 0;  // cents: settlement less ledger
  bool fixed = false;
};

struct Reconciliation {
  std::vector<Mismatch> mismatches;
  std::vector<LedgerEntry> fixes;  // entries posted for the auto-fixable class
};

// The accounts of a pay-in: the PSP's receivable is debited, the seller's wallet credited.
inline constexpr std::string_view kReceivable = "psp_receivable";
std::string seller_account(std::int64_t seller);

// The two entries of a pay-in of `amount` for order `order` to `seller`.
std::vector<LedgerEntry> pay_in_entries(std::uint64_t order, std::int64_t seller,
                                        std::int64_t amount, double time);

// Compares; when `auto_fix`, posts the pay-in entries of the auto-fixable class (at `now`).
Reconciliation reconcile(const std::vector<SettlementRow>& settlement,
                         const std::vector<LedgerEntry>& ledger,
                         const std::vector<OrderRecord>& orders, bool auto_fix, double now);

// The double-entry invariant: sum of debits less sum of credits over the transactions
// committed so far, at each commit (entries grouped by txn, in commit-time order); the
// largest absolute value (0 when every transaction balances).
std::int64_t max_imbalance(const std::vector<LedgerEntry>& ledger);

}  // namespace sdsim::payment
