// A hot standby replaying the leader's committed-transaction stream (27.4 "Hot Standby"):
// each record becomes one local transaction that installs the new row versions directly (the
// leader already checked the constraints), so queries on the standby see the state as of the
// last replayed commit, through ordinary snapshots. Replayed records are appended to the
// standby's own stream, so after promotion it can feed a new replica (a cascading standby).
#include <stdexcept>

#include "sim/storage/sql/call.hpp"

namespace sdsim::storage::sql {

Work Database::apply(const WalRecord& record) {
  if (!options_.hot_standby) throw std::logic_error("apply() is for a standby");
  Call call(*this);
  work_->wal_bytes += record.bytes;  // the standby writes the WAL it receives and flushes it
  work_->fsyncs += 1;
  if (record.created) {
    int id = static_cast<int>(tables_.size());
    table_ids_[record.created->table()] = id;
    tables_.push_back(std::make_unique<Table>(*record.created, id));
    wal_.publish(WalRecord{wal_.append(record.bytes), 0, record.created, {}, record.bytes});
    return call.finish(Result{}).work;
  }
  TxnId txn = clog_.assign();
  for (const RowChange& change : record.changes) {
    Table& table = *find_table(change.table);
    const Schema& schema = table.schema();
    const auto indexes = static_cast<int>(schema.indexes().size());
    Tid old_tid = 0;
    if (change.op != RowChange::Op::insert) {
      work_->btree_pages += btree_.levels(table.distinct_keys(0));
      for (Tid tid : table.lookup(0, change.old_key)) {
        const TupleVersion& v = table.version(tid);
        bool live = (v.xmin == txn || clog_.status(v.xmin) == TxnStatus::committed) &&
                    (v.xmax == 0 || clog_.status(v.xmax) == TxnStatus::aborted);
        if (live) old_tid = tid;
      }
      if (old_tid == 0) throw std::logic_error("standby is missing a replicated row");
    }
    if (change.op == RowChange::Op::remove) {
      table.version(old_tid).xmax = txn;
      table.version(old_tid).next = 0;
      work_->rows_written += 1;
      table.changes_since_vacuum += 1;
      continue;
    }
    Tid tid = table.add_version(change.row, txn);
    work_->rows_written += 1;
    bool hot = false;
    if (old_tid) {
      TupleVersion& old = table.version(old_tid);
      hot = true;
      for (std::size_t c = 0; c < old.row.size(); ++c)
        if (!(old.row[c] == change.row[c]) && schema.indexed(static_cast<int>(c))) hot = false;
      old.xmax = txn;
      old.next = tid;
      table.changes_since_vacuum += 1;
    }
    for (int i = 0; i < indexes; ++i) {
      table.add_entry(i, schema.key_of(change.row, i), tid);
      if (!hot) {
        work_->btree_pages += btree_.levels(table.distinct_keys(i));
        work_->index_entries += 1;
      }
    }
  }
  clog_.commit(txn);
  wal_.publish(
      WalRecord{wal_.append(record.bytes), txn, std::nullopt, record.changes, record.bytes});
  after_transaction_end();
  return call.finish(Result{}).work;
}

void Database::promote() { options_.hot_standby = false; }

}  // namespace sdsim::storage::sql
