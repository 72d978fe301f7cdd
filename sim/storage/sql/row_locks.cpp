#include "sim/storage/sql/row_locks.hpp"

#include <algorithm>

namespace sdsim::storage::sql {

bool conflicts(RowLockMode held, RowLockMode requested) {
  // Strength order key_share < share < no_key_update < update; the table is symmetric.
  auto a = static_cast<int>(held), b = static_cast<int>(requested);
  if (a > b) std::swap(a, b);
  static const bool table[4][4] = {
      // key_share, share, no_key_update, update
      {false, false, false, true},  // key_share
      {false, false, true, true},   // share
      {false, true, true, true},    // no_key_update
      {true, true, true, true},     // update
  };
  return table[a][b];
}

const char* sql_name(RowLockMode mode) {
  switch (mode) {
    case RowLockMode::key_share:
      return "FOR KEY SHARE";
    case RowLockMode::share:
      return "FOR SHARE";
    case RowLockMode::no_key_update:
      return "FOR NO KEY UPDATE";
    case RowLockMode::update:
      return "FOR UPDATE";
  }
  return "?";
}

std::optional<TxnId> LockWaits::tuple_lock_conflict(TupleRef tuple, TxnId me,
                                                    RowLockMode mode) const {
  auto it = tuple_locks_.find(tuple);
  if (it == tuple_locks_.end()) return std::nullopt;
  for (const auto& holder : it->second)
    if (holder.txn != me && conflicts(holder.mode, mode)) return holder.txn;
  return std::nullopt;
}

bool LockWaits::holds_tuple_lock(TupleRef tuple, TxnId me) const {
  auto it = tuple_locks_.find(tuple);
  if (it == tuple_locks_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(),
                     [&](const RowLocker& h) { return h.txn == me; });
}

void LockWaits::take_tuple_lock(TupleRef tuple, TxnId me, RowLockMode mode) {
  if (holds_tuple_lock(tuple, me)) return;
  tuple_locks_[tuple].push_back({me, mode});
  tuple_locks_of_[me].push_back(tuple);
}

void LockWaits::release_tuple_lock(TupleRef tuple, TxnId me) {
  auto it = tuple_locks_.find(tuple);
  if (it == tuple_locks_.end()) return;
  auto& holders = it->second;
  auto before = holders.size();
  holders.erase(std::remove_if(holders.begin(), holders.end(),
                               [&](const RowLocker& h) { return h.txn == me; }),
                holders.end());
  if (holders.size() == before) return;
  if (holders.empty()) tuple_locks_.erase(it);
  auto& mine = tuple_locks_of_[me];
  mine.erase(std::remove(mine.begin(), mine.end(), tuple), mine.end());
  std::vector<TxnId> queued;
  for (const auto& [txn, wait] : waits_)
    if (wait.blocker == me && wait.tuple && *wait.tuple == tuple) queued.push_back(txn);
  wake(queued);
}

std::vector<TxnId> LockWaits::cycle_through(TxnId me, TxnId blocker) const {
  std::vector<TxnId> path{me};
  for (TxnId at = blocker; path.size() <= waits_.size() + 1;) {
    if (at == me) return path;
    path.push_back(at);
    auto it = waits_.find(at);
    if (it == waits_.end()) return {};
    at = it->second.blocker;
  }
  return {};
}

void LockWaits::begin_wait(TxnId me, TxnId blocker, std::optional<TupleRef> on_tuple_lock) {
  waits_[me] = Wait{blocker, on_tuple_lock, next_seq_++};
}

void LockWaits::end_wait(TxnId me) { waits_.erase(me); }

std::optional<TxnId> LockWaits::waiting_for(TxnId me) const {
  auto it = waits_.find(me);
  if (it == waits_.end()) return std::nullopt;
  return it->second.blocker;
}

std::optional<TupleRef> LockWaits::waiting_on_tuple(TxnId me) const {
  auto it = waits_.find(me);
  if (it == waits_.end()) return std::nullopt;
  return it->second.tuple;
}

void LockWaits::transaction_ended(TxnId txn) {
  waits_.erase(txn);
  if (auto it = tuple_locks_of_.find(txn); it != tuple_locks_of_.end()) {
    for (auto tuple : std::vector<TupleRef>(it->second)) release_tuple_lock(tuple, txn);
    tuple_locks_of_.erase(txn);
  }
  std::vector<TxnId> waiting;
  for (const auto& [t, wait] : waits_)
    if (wait.blocker == txn) waiting.push_back(t);
  wake(waiting);
  woken_.erase(std::remove(woken_.begin(), woken_.end(), txn), woken_.end());
}

void LockWaits::wake(const std::vector<TxnId>& txns) {
  std::vector<std::pair<std::uint64_t, TxnId>> order;
  for (TxnId t : txns) order.push_back({waits_.at(t).seq, t});
  std::sort(order.begin(), order.end());
  for (auto [seq, t] : order) {
    waits_.erase(t);
    woken_.push_back(t);
  }
}

std::vector<TxnId> LockWaits::take_woken() {
  std::vector<TxnId> out;
  out.swap(woken_);
  return out;
}

void LockWaits::clear() {
  tuple_locks_.clear();
  tuple_locks_of_.clear();
  waits_.clear();
  woken_.clear();
}

}  // namespace sdsim::storage::sql
