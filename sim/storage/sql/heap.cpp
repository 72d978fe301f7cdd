#include "sim/storage/sql/heap.hpp"

#include <algorithm>

namespace sdsim::storage::sql {

bool visible(const TupleVersion& v, const Snapshot& snapshot, const CommitLog& clog) {
  bool inserted = v.xmin == snapshot.own || clog.committed_by(v.xmin, snapshot.csn);
  if (!inserted) return false;
  if (v.xmax == 0) return true;
  if (v.xmax == snapshot.own) return false;
  return !clog.committed_by(v.xmax, snapshot.csn);
}

Tid Table::add_version(Row row, TxnId xmin) {
  Tid tid = next_tid_++;
  TupleVersion v;
  v.row = std::move(row);
  v.xmin = xmin;
  heap_.emplace(tid, std::move(v));
  return tid;
}

void Table::add_entry(int index, const Key& key, Tid tid) { indexes_[index][key].push_back(tid); }

const std::vector<Tid>& Table::lookup(int index, const Key& key) const {
  static const std::vector<Tid> none;
  auto it = indexes_[index].find(key);
  return it == indexes_[index].end() ? none : it->second;
}

std::int64_t Table::vacuum(Csn horizon, const CommitLog& clog) {
  std::int64_t removed = 0;
  for (auto it = heap_.begin(); it != heap_.end();) {
    const TupleVersion& v = it->second;
    // Dead to everyone: never committed, or deleted by a transaction every snapshot sees.
    bool dead = clog.status(v.xmin) == TxnStatus::aborted ||
                (v.xmax != 0 && clog.committed_by(v.xmax, horizon));
    if (!dead) {
      ++it;
      continue;
    }
    for (std::size_t i = 0; i < indexes_.size(); ++i) {
      auto entry = indexes_[i].find(schema_.key_of(v.row, static_cast<int>(i)));
      if (entry == indexes_[i].end()) continue;
      auto& tids = entry->second;
      tids.erase(std::remove(tids.begin(), tids.end(), it->first), tids.end());
      if (tids.empty()) indexes_[i].erase(entry);
    }
    it = heap_.erase(it);
    ++removed;
  }
  changes_since_vacuum = 0;
  return removed;
}

}  // namespace sdsim::storage::sql
