// Transaction status and snapshots (PostgreSQL's commit log and snapshot, 13.1 "MVCC
// Introduction"). A snapshot is the commit sequence number (CSN) current when it was taken:
// a transaction's effects are visible to it exactly when that transaction had committed by
// then, which is what PostgreSQL's xmin/xmax/xip snapshot expresses.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

namespace sdsim::storage::sql {

using TxnId = std::uint64_t;  // 0 means none
using Csn = std::uint64_t;    // commit sequence number, 1, 2, ... in commit order

enum class TxnStatus : std::uint8_t { in_progress, committed, aborted };

// Survives a crash (it is PostgreSQL's pg_xact); a prepared transaction stays in progress.
class CommitLog {
 public:
  TxnId assign() {
    status_.push_back(TxnStatus::in_progress);
    csn_.push_back(0);
    return status_.size();
  }
  Csn commit(TxnId txn) {
    status_[txn - 1] = TxnStatus::committed;
    return csn_[txn - 1] = ++last_csn_;
  }
  void abort(TxnId txn) { status_[txn - 1] = TxnStatus::aborted; }
  TxnStatus status(TxnId txn) const { return status_[txn - 1]; }
  Csn csn(TxnId txn) const { return csn_[txn - 1]; }
  Csn last_csn() const { return last_csn_; }
  // Committed no later than `snapshot`.
  bool committed_by(TxnId txn, Csn snapshot) const {
    return status_[txn - 1] == TxnStatus::committed && csn_[txn - 1] <= snapshot;
  }

 private:
  std::vector<TxnStatus> status_;
  std::vector<Csn> csn_;
  Csn last_csn_ = 0;
};

struct Snapshot {
  Csn csn = 0;
  TxnId own = 0;  // the transaction sees its own changes
};

}  // namespace sdsim::storage::sql
