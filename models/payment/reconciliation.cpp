#include "models/payment/reconciliation.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

namespace sdsim::payment {

std::string_view kind_name(MismatchKind k) {
  switch (k) {
    case MismatchKind::missing_ledger_entry:
      return "missing_ledger_entry";
    case MismatchKind::charged_not_recorded:
      return "charged_not_recorded";
    case MismatchKind::amount_difference:
      return "amount_difference";
    case MismatchKind::duplicate_charge:
      return "duplicate_charge";
    case MismatchKind::missing_settlement:
      return "missing_settlement";
    case MismatchKind::unknown_charge:
      return "unknown_charge";
  }
  return "?";
}

std::string_view class_name(MismatchClass c) {
  switch (c) {
    case MismatchClass::auto_fixable:
      return "auto_fixable";
    case MismatchClass::manual_review:
      return "manual_review";
    case MismatchClass::unclassifiable:
      return "unclassifiable";
  }
  return "?";
}

MismatchClass class_of(MismatchKind k) {
  switch (k) {
    case MismatchKind::missing_ledger_entry:
    case MismatchKind::charged_not_recorded:
      return MismatchClass::auto_fixable;
    case MismatchKind::unknown_charge:
      return MismatchClass::unclassifiable;
    default:
      return MismatchClass::manual_review;
  }
}

std::string seller_account(std::int64_t seller) { return "seller-" + std::to_string(seller); }

std::vector<LedgerEntry> pay_in_entries(std::uint64_t order, std::int64_t seller,
                                        std::int64_t amount, double time) {
  return {LedgerEntry{2 * order, order, std::string(kReceivable), amount, 0, time},
          LedgerEntry{2 * order + 1, order, seller_account(seller), 0, amount, time}};
}

Reconciliation reconcile(const std::vector<SettlementRow>& settlement,
                         const std::vector<LedgerEntry>& ledger,
                         const std::vector<OrderRecord>& orders, bool auto_fix, double now) {
  std::map<std::uint64_t, const OrderRecord*> by_order;
  for (const OrderRecord& o : orders) by_order[o.order_id] = &o;
  std::map<std::uint64_t, std::int64_t> credited;  // order -> amount the ledger moved
  for (const LedgerEntry& e : ledger) credited[e.txn] += e.credit;
  // Charges per order in settlement order; the order's own charge is the one it recorded,
  // or the first settled when it recorded none.
  std::map<std::uint64_t, std::vector<const SettlementRow*>> charges;
  for (const SettlementRow& s : settlement) charges[s.order_id].push_back(&s);

  Reconciliation out;
  auto add = [&out](const SettlementRow& s, MismatchKind k, std::int64_t diff) {
    out.mismatches.push_back(Mismatch{s.order_id, s.charge_id, k, diff, false});
  };
  for (const auto& [order_id, list] : charges) {
    auto o = by_order.find(order_id);
    if (o == by_order.end()) {
      for (const SettlementRow* s : list) add(*s, MismatchKind::unknown_charge, s->amount);
      continue;
    }
    const OrderRecord& order = *o->second;
    const SettlementRow* own = list.front();
    for (const SettlementRow* s : list)
      if (s->charge_id == order.charge_id) own = s;
    for (const SettlementRow* s : list)
      if (s != own) add(*s, MismatchKind::duplicate_charge, s->amount);
    auto c = credited.find(order_id);
    if (c == credited.end()) {
      const MismatchKind k = order.state == OrderState::success
                                 ? MismatchKind::missing_ledger_entry
                                 : MismatchKind::charged_not_recorded;
      add(*own, k, own->amount);
      if (auto_fix) {
        for (LedgerEntry e : pay_in_entries(order_id, order.seller, own->amount, now))
          out.fixes.push_back(e);
        out.mismatches.back().fixed = true;
      }
    } else if (c->second != own->amount) {
      add(*own, MismatchKind::amount_difference, own->amount - c->second);
    }
  }
  for (const auto& [order_id, amount] : credited)
    if (!charges.count(order_id))
      out.mismatches.push_back(
          Mismatch{order_id, 0, MismatchKind::missing_settlement, -amount, false});
  return out;
}

std::int64_t max_imbalance(const std::vector<LedgerEntry>& ledger) {
  // Commit order: a transaction's entries share its commit time.
  std::map<std::pair<double, std::uint64_t>, std::int64_t> per_txn;
  for (const LedgerEntry& e : ledger) per_txn[{e.time, e.txn}] += e.debit - e.credit;
  std::int64_t running = 0, worst = 0;
  for (const auto& [at, delta] : per_txn) {
    running += delta;
    worst = std::max(worst, std::abs(running));
  }
  return worst;
}

}  // namespace sdsim::payment
