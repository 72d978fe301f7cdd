// Serializable Snapshot Isolation (13.2.3 "Serializable Isolation Level"; Ports & Grittner,
// "Serializable Snapshot Isolation in PostgreSQL", VLDB 2012, which describes the rules
// PostgreSQL implements in predicate.c).
//
// Each SERIALIZABLE transaction takes SIREAD (predicate) locks on what it read and records
// rw-antidependencies: R ->rw W when R read something W wrote and R's snapshot does not see
// W's write. A dangerous structure T0 ->rw T1 ->rw T2 where T2 commits first is broken by a
// serialization failure (40001); which transaction fails follows PostgreSQL's choices: the
// pivot is doomed when possible (it fails at its next read, write or commit), a transaction
// already prepared is never doomed, and a read-only transaction whose snapshot precedes T2's
// commit is no anomaly.
//
// Granularity (documented simplification): a key lookup locks that key of that index (standing
// for PostgreSQL's tuple and index-page locks); any other scan locks the whole table, as a
// PostgreSQL sequential scan does. There is no lock promotion, no summarising of old
// transactions and no "safe snapshot" release for READ ONLY transactions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/storage/sql/errors.hpp"
#include "sim/storage/sql/mvcc.hpp"
#include "sim/storage/sql/value.hpp"

namespace sdsim::storage::sql {

struct PredicateTarget {
  int table;
  int index;  // -1: the whole table
  Key key;
  friend auto operator<=>(const PredicateTarget&, const PredicateTarget&) = default;
  friend bool operator==(const PredicateTarget&, const PredicateTarget&) = default;
};

class SsiTracker {
 public:
  // At the transaction's first snapshot.
  void register_transaction(TxnId txn, bool declared_read_only, Csn snapshot);
  bool tracked(TxnId txn) const { return xacts_.count(txn) != 0; }

  // A read is about to examine tuples: a doomed transaction fails here.
  std::optional<Error> check_doomed_for_read(TxnId reader) const;
  void predicate_lock(TxnId reader, const PredicateTarget& target);
  // The reader examined a version whose insert or delete by `writer` it does not see.
  std::optional<Error> conflict_out(TxnId reader, TxnId writer);
  // The writer is about to write where these targets are (its own table, keys).
  std::optional<Error> conflict_in(TxnId writer, const std::vector<PredicateTarget>& targets);

  // At COMMIT and PREPARE TRANSACTION.
  std::optional<Error> pre_commit(TxnId txn);
  void committed(TxnId txn, Csn commit_csn, bool wrote);
  void rolled_back(TxnId txn);
  // After a crash: only prepared transactions survive, with their SIREAD locks, and (as
  // PostgreSQL assumes on recovery) with conflicts in and out to unknown transactions.
  void recover_after_crash(const std::vector<TxnId>& prepared);
  // Forgets committed transactions no unfinished serializable transaction overlaps.
  void forget_finished();

  std::size_t transactions() const { return xacts_.size(); }
  bool doomed(TxnId txn) const;

 private:
  static constexpr std::uint64_t kNotYet = UINT64_MAX;
  struct Xact {
    bool declared_read_only = false, read_only = false;
    bool prepared = false, committed = false, doomed = false, wrote = false;
    bool conflict_out_to_committed = false, summary_in = false, summary_out = false;
    Csn snapshot = 0, commit_csn = 0;
    std::uint64_t last_commit_before_snapshot = 0;
    std::uint64_t prepare_seq = kNotYet, commit_seq = kNotYet;
    std::uint64_t earliest_out_conflict_commit = kNotYet;
    std::vector<TxnId> in, out;  // in: readers ->rw me; out: me ->rw writers (creation order)
    std::vector<PredicateTarget> locks;
  };

  bool edge_exists(TxnId reader, TxnId writer) const;
  void add_edge(TxnId reader, TxnId writer);
  void remove_edge(TxnId reader, TxnId writer);
  bool dangerous(const Xact& reader, const Xact& writer) const;
  // Records reader ->rw writer, first failing or dooming a transaction if that closes a
  // dangerous structure; `me` is the transaction running the statement.
  std::optional<Error> flag(TxnId reader, TxnId writer, TxnId me);
  void forget(TxnId txn);

  std::map<TxnId, Xact> xacts_;
  std::map<PredicateTarget, std::vector<TxnId>> locks_;
  std::uint64_t last_commit_seq_ = 0;  // PostgreSQL's LastSxactCommitSeqNo
};

}  // namespace sdsim::storage::sql
