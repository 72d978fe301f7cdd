// Two-phase commit and crash recovery (PREPARE TRANSACTION, COMMIT PREPARED and ROLLBACK
// PREPARED reference pages). A prepared transaction is detached from its session, keeps its
// row locks and survives a crash; COMMIT/ROLLBACK PREPARED may come from any session.
#include <algorithm>

#include "sim/storage/sql/call.hpp"

namespace sdsim::storage::sql {

Result Database::prepare(TxnId txn, const std::string& gid) {
  Call call(*this);
  Transaction& t = active(txn);
  if (t.state == Transaction::State::failed) {  // psql answers ROLLBACK
    end(txn);
    return call.finish(tagged("ROLLBACK"));
  }
  std::optional<Error> refusal;
  if (options_.max_prepared_transactions <= 0)
    refusal = prepared_transactions_disabled();
  else if (static_cast<int>(prepared_.size()) >= options_.max_prepared_transactions)
    refusal = too_many_prepared_transactions(options_.max_prepared_transactions);
  else if (prepared_.count(gid))
    refusal = gid_in_use(gid);
  else if (ssi_.tracked(txn))
    refusal = ssi_.pre_commit(txn);
  if (refusal) {  // a failed PREPARE rolls the transaction back
    abort(t, true);
    end(txn);
    after_transaction_end();
    return call.finish(error_result(*refusal));
  }
  t.state = Transaction::State::prepared;
  t.gid = gid;
  prepared_[gid] = txn;
  wal_.append(wal_size::prepare);
  t.wal_bytes += wal_size::prepare;
  work_->wal_bytes += wal_size::prepare;
  work_->fsyncs += 1;
  return call.finish(tagged("PREPARE TRANSACTION"));
}

Result Database::commit_prepared(const std::string& gid) {
  Call call(*this);
  auto it = prepared_.find(gid);
  if (it == prepared_.end()) return call.finish(error_result(gid_not_found(gid)));
  Transaction& t = txns_.at(it->second);
  prepared_.erase(it);
  Result r = tagged("COMMIT PREPARED");
  r.lsn = finish_commit(t, wal_size::commit_prepared);
  return call.finish(r);
}

Result Database::rollback_prepared(const std::string& gid) {
  Call call(*this);
  auto it = prepared_.find(gid);
  if (it == prepared_.end()) return call.finish(error_result(gid_not_found(gid)));
  Transaction& t = txns_.at(it->second);
  prepared_.erase(it);
  abort(t, false);
  wal_.append(wal_size::commit_prepared);
  work_->wal_bytes += wal_size::commit_prepared;
  work_->fsyncs += 1;
  end(t.id);
  after_transaction_end();
  return call.finish(tagged("ROLLBACK PREPARED"));
}

std::vector<std::string> Database::prepared() const {
  std::vector<std::string> gids;
  for (const auto& [gid, txn] : prepared_) gids.push_back(gid);
  return gids;
}

// Recovery replays the flushed WAL: every commit survives (synchronous_commit = on), open
// transactions end up aborted in the commit log, prepared ones are restored with their locks.
CrashReport Database::crash() {
  CrashReport report;
  Work ignored;
  work_ = &ignored;
  std::vector<TxnId> lost, kept;
  for (auto& [id, t] : txns_) {
    if (t.state == Transaction::State::prepared) {
      kept.push_back(id);
      continue;
    }
    if (t.state == Transaction::State::active) report.transactions_lost += 1;
    if (t.pending) report.statements_interrupted += 1;
    lost.push_back(id);
  }
  for (TxnId id : lost) {
    Transaction& t = txns_.at(id);
    if (t.state == Transaction::State::active) {
      clog_.abort(id);
      release_row_locks(t);
    }
    end(id);
  }
  waits_.clear();
  ssi_.recover_after_crash(kept);
  report.prepared_kept = static_cast<int>(kept.size());
  work_ = nullptr;
  return report;
}

}  // namespace sdsim::storage::sql
