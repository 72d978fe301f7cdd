#include "sim/storage/sql/ssi.hpp"

#include <algorithm>

namespace sdsim::storage::sql {

void SsiTracker::register_transaction(TxnId txn, bool declared_read_only, Csn snapshot) {
  Xact& x = xacts_[txn];
  x.declared_read_only = x.read_only = declared_read_only;
  x.snapshot = snapshot;
  x.last_commit_before_snapshot = last_commit_seq_;
}

bool SsiTracker::doomed(TxnId txn) const {
  auto it = xacts_.find(txn);
  return it != xacts_.end() && it->second.doomed;
}

std::optional<Error> SsiTracker::check_doomed_for_read(TxnId reader) const {
  if (doomed(reader))
    return ssi_failure("Canceled on identification as a pivot, during conflict out checking.");
  return std::nullopt;
}

void SsiTracker::predicate_lock(TxnId reader, const PredicateTarget& target) {
  auto& holders = locks_[target];
  if (std::find(holders.begin(), holders.end(), reader) != holders.end()) return;
  holders.push_back(reader);
  xacts_.at(reader).locks.push_back(target);
}

bool SsiTracker::edge_exists(TxnId reader, TxnId writer) const {
  const auto& out = xacts_.at(reader).out;
  return std::find(out.begin(), out.end(), writer) != out.end();
}

void SsiTracker::add_edge(TxnId reader, TxnId writer) {
  xacts_.at(reader).out.push_back(writer);
  xacts_.at(writer).in.push_back(reader);
}

void SsiTracker::remove_edge(TxnId reader, TxnId writer) {
  if (auto r = xacts_.find(reader); r != xacts_.end())
    r->second.out.erase(std::remove(r->second.out.begin(), r->second.out.end(), writer),
                        r->second.out.end());
  if (auto w = xacts_.find(writer); w != xacts_.end())
    w->second.in.erase(std::remove(w->second.in.begin(), w->second.in.end(), reader),
                       w->second.in.end());
}

// Whether adding reader ->rw writer completes a structure that may be an anomaly
// (PostgreSQL's OnConflict_CheckForSerializationFailure).
bool SsiTracker::dangerous(const Xact& reader, const Xact& writer) const {
  // reader -> writer -> T2 where the writer already committed with a conflict out.
  if (writer.committed && (writer.conflict_out_to_committed || writer.summary_out)) return true;
  if (writer.summary_out) return true;
  // The writer is a pivot to a T2 that prepared (committed) first, unless the reader or the
  // writer committed before T2, or the read-only reader took its snapshot before T2 committed.
  for (TxnId t2_id : writer.out) {
    const Xact& t2 = xacts_.at(t2_id);
    if (t2.prepared && (!reader.committed || t2.prepare_seq <= reader.commit_seq) &&
        (!writer.committed || t2.prepare_seq <= writer.commit_seq) &&
        (!reader.read_only || t2.prepare_seq <= reader.last_commit_before_snapshot))
      return true;
  }
  // The reader becomes a pivot T0 -> reader -> writer with the writer already prepared.
  if (writer.prepared && !reader.read_only) {
    if (reader.summary_in) return true;
    for (TxnId t0_id : reader.in) {
      const Xact& t0 = xacts_.at(t0_id);
      if (!t0.doomed && (!t0.committed || t0.commit_seq >= writer.prepare_seq) &&
          (!t0.read_only || t0.last_commit_before_snapshot >= writer.prepare_seq))
        return true;
    }
  }
  return false;
}

std::optional<Error> SsiTracker::flag(TxnId reader, TxnId writer, TxnId me) {
  Xact& w = xacts_.at(writer);
  if (dangerous(xacts_.at(reader), w)) {
    if (writer == me) return ssi_failure("Canceled on identification as pivot, during write.");
    if (w.prepared)
      return ssi_failure("Canceled on conflict out to pivot " + std::to_string(writer) +
                         ", during read.");
    w.doomed = true;  // it fails at its next read, write or commit
  }
  add_edge(reader, writer);
  return std::nullopt;
}

std::optional<Error> SsiTracker::conflict_out(TxnId reader, TxnId writer) {
  if (reader == writer) return std::nullopt;
  auto wit = xacts_.find(writer);
  if (wit == xacts_.end()) return std::nullopt;  // not serializable, or long finished
  Xact& w = wit->second;
  const Xact& r = xacts_.at(reader);
  if (w.doomed) return std::nullopt;  // it will roll back
  if (w.summary_out) {
    if (!w.prepared) {
      w.doomed = true;
      return std::nullopt;
    }
    return ssi_failure("Canceled on conflict out to old pivot " + std::to_string(writer) + ".");
  }
  // A read-only reader appears to run before a committed writer with no earlier conflict out.
  if (r.declared_read_only && w.committed &&
      (!w.conflict_out_to_committed ||
       r.last_commit_before_snapshot < w.earliest_out_conflict_commit))
    return std::nullopt;
  bool concurrent = !w.committed || w.commit_csn > r.snapshot;
  if (!concurrent || edge_exists(reader, writer)) return std::nullopt;
  return flag(reader, writer, reader);
}

std::optional<Error> SsiTracker::conflict_in(TxnId writer,
                                             const std::vector<PredicateTarget>& targets) {
  Xact& me = xacts_.at(writer);
  if (me.doomed)
    return ssi_failure("Canceled on identification as a pivot, during conflict in checking.");
  me.wrote = true;
  for (const auto& target : targets) {
    auto it = locks_.find(target);
    if (it == locks_.end()) continue;
    for (TxnId holder : std::vector<TxnId>(it->second)) {
      if (holder == writer) continue;
      const Xact& h = xacts_.at(holder);
      if (h.doomed || (h.committed && h.commit_csn <= me.snapshot)) continue;
      if (edge_exists(holder, writer)) continue;
      if (auto error = flag(holder, writer, writer)) return error;
    }
  }
  return std::nullopt;
}

std::optional<Error> SsiTracker::pre_commit(TxnId txn) {
  Xact& me = xacts_.at(txn);
  if (me.doomed)
    return ssi_failure("Canceled on identification as a pivot, during commit attempt.");
  // A reader of ours that is itself read by an uncommitted writer (or by us) is a pivot whose
  // T2, us, is about to commit first: doom that pivot.
  for (TxnId near_id : me.in) {
    Xact& near = xacts_.at(near_id);
    if (near.committed || near.doomed) continue;
    for (TxnId far_id : near.in) {
      const Xact& far = xacts_.at(far_id);
      if (far_id == txn || (!far.committed && !far.read_only && !far.doomed)) {
        if (near.prepared)
          return ssi_failure("Canceled on commit attempt with conflict in from prepared pivot.");
        near.doomed = true;
        break;
      }
    }
  }
  me.prepare_seq = ++last_commit_seq_;
  me.prepared = true;
  return std::nullopt;
}

void SsiTracker::committed(TxnId txn, Csn commit_csn, bool wrote) {
  Xact& me = xacts_.at(txn);
  me.committed = true;
  me.commit_seq = ++last_commit_seq_;
  me.commit_csn = commit_csn;
  if (!wrote && !me.wrote) me.read_only = true;  // an implicitly read-only transaction
  for (TxnId w_id : std::vector<TxnId>(me.out)) {
    const Xact& w = xacts_.at(w_id);
    if (!me.read_only && w.committed) {
      me.earliest_out_conflict_commit = std::min(me.earliest_out_conflict_commit, w.prepare_seq);
      me.conflict_out_to_committed = true;
    }
    if (w.committed || w.last_commit_before_snapshot >= last_commit_seq_) remove_edge(txn, w_id);
  }
  for (TxnId r_id : std::vector<TxnId>(me.in)) {
    const Xact& r = xacts_.at(r_id);
    if (r.committed || r.read_only) remove_edge(r_id, txn);
  }
  if (!me.read_only && me.summary_out) {
    me.earliest_out_conflict_commit = 1;
    me.conflict_out_to_committed = true;
  }
}

void SsiTracker::forget(TxnId txn) {
  auto it = xacts_.find(txn);
  if (it == xacts_.end()) return;
  for (TxnId w : std::vector<TxnId>(it->second.out)) remove_edge(txn, w);
  for (TxnId r : std::vector<TxnId>(it->second.in)) remove_edge(r, txn);
  for (const auto& target : it->second.locks) {
    auto lock = locks_.find(target);
    if (lock == locks_.end()) continue;
    auto& holders = lock->second;
    holders.erase(std::remove(holders.begin(), holders.end(), txn), holders.end());
    if (holders.empty()) locks_.erase(lock);
  }
  xacts_.erase(it);
}

void SsiTracker::rolled_back(TxnId txn) { forget(txn); }

void SsiTracker::recover_after_crash(const std::vector<TxnId>& prepared) {
  std::vector<TxnId> lost;
  for (const auto& [txn, x] : xacts_)
    if (std::find(prepared.begin(), prepared.end(), txn) == prepared.end()) lost.push_back(txn);
  for (TxnId txn : lost) forget(txn);
  for (auto& [txn, x] : xacts_) {
    x.in.clear();
    x.out.clear();
    x.summary_in = x.summary_out = true;
  }
}

void SsiTracker::forget_finished() {
  Csn oldest = UINT64_MAX;
  for (const auto& [txn, x] : xacts_)
    if (!x.committed) oldest = std::min(oldest, x.snapshot);
  std::vector<TxnId> done;
  for (const auto& [txn, x] : xacts_)
    if (x.committed && x.commit_csn <= oldest) done.push_back(txn);
  for (TxnId txn : done) forget(txn);
}

}  // namespace sdsim::storage::sql
