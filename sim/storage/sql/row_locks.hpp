// Row-level locks and waiting (13.3.2 "Row-Level Locks", 13.3.4 "Deadlocks").
//
// A row lock lives in the tuple (PostgreSQL's xmax / multixact), so it is durable: a prepared
// transaction keeps its row locks across a crash. Two volatile structures order the waiters:
//  - the tuple lock: the first transaction that must wait for a row takes it and then waits
//    for the holding transaction to end; later arrivals wait for the tuple-lock holder, which
//    is how PostgreSQL queues waiters for one row (heap_acquire_tuplock) so they get it in turn;
//  - the wait-for graph: each blocked transaction waits for exactly one transaction (the tuple
//    lock holder, or the row's holder; for several holders the first that conflicts, as
//    PostgreSQL waits for multixact members one at a time). A cycle is looked for when a wait
//    begins; the transaction whose wait closes it is the victim (40P01), which is PostgreSQL's
//    outcome when the waits begin more than deadlock_timeout apart.
// Simplification: a request compatible with the tuple-lock holders does not queue behind an
// incompatible waiter (PostgreSQL's lock queue would make it wait; "soft" edges).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/storage/sql/mvcc.hpp"

namespace sdsim::storage::sql {

using Tid = std::uint64_t;  // a tuple version's address in its table (1, 2, ...)

enum class RowLockMode { key_share, share, no_key_update, update };

// Table 13.3 "Conflicting Row-Level Locks".
bool conflicts(RowLockMode held, RowLockMode requested);
const char* sql_name(RowLockMode mode);  // "FOR UPDATE", ...

struct RowLocker {
  TxnId txn;
  RowLockMode mode;
};

struct TupleRef {
  int table;
  Tid tid;
  friend auto operator<=>(const TupleRef&, const TupleRef&) = default;
};

class LockWaits {
 public:
  // Another transaction holding the tuple lock in a mode conflicting with `mode`.
  std::optional<TxnId> tuple_lock_conflict(TupleRef tuple, TxnId me, RowLockMode mode) const;
  void take_tuple_lock(TupleRef tuple, TxnId me, RowLockMode mode);
  bool holds_tuple_lock(TupleRef tuple, TxnId me) const;
  // Wakes the transactions queued behind this holder on this tuple.
  void release_tuple_lock(TupleRef tuple, TxnId me);

  // The cycle `me` would close by waiting for `blocker` ("T4 waits for T3", ...), empty if none.
  std::vector<TxnId> cycle_through(TxnId me, TxnId blocker) const;
  void begin_wait(TxnId me, TxnId blocker, std::optional<TupleRef> on_tuple_lock);
  void end_wait(TxnId me);
  std::optional<TxnId> waiting_for(TxnId me) const;
  std::optional<TupleRef> waiting_on_tuple(TxnId me) const;

  // The transaction ended: drop its tuple locks and waits, wake everyone waiting for it.
  void transaction_ended(TxnId txn);
  // Transactions whose wait ended since the last call, in the order they began waiting.
  std::vector<TxnId> take_woken();
  void clear();  // a crash loses every wait

 private:
  struct Wait {
    TxnId blocker;
    std::optional<TupleRef> tuple;
    std::uint64_t seq;
  };
  void wake(const std::vector<TxnId>& txns);

  std::map<TupleRef, std::vector<RowLocker>> tuple_locks_;
  std::map<TxnId, std::vector<TupleRef>> tuple_locks_of_;
  std::map<TxnId, Wait> waits_;
  std::vector<TxnId> woken_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace sdsim::storage::sql
