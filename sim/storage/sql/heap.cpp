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

// Dead to everyone: never committed, or deleted by a transaction every snapshot sees.
bool Table::dead(const TupleVersion& v, Csn horizon, const CommitLog& clog) const {
  return clog.status(v.xmin) == TxnStatus::aborted ||
         (v.xmax != 0 && clog.committed_by(v.xmax, horizon));
}

std::map<Tid, TupleVersion>::iterator Table::remove(std::map<Tid, TupleVersion>::iterator it) {
  const Tid tid = it->first;
  for (std::size_t i = 0; i < indexes_.size(); ++i) {
    auto entry = indexes_[i].find(schema_.key_of(it->second.row, static_cast<int>(i)));
    if (entry == indexes_[i].end()) continue;
    auto& tids = entry->second;
    tids.erase(std::remove(tids.begin(), tids.end(), tid), tids.end());
    if (tids.empty()) indexes_[i].erase(entry);
  }
  return heap_.erase(it);
}

std::int64_t Table::vacuum(Csn horizon, const CommitLog& clog) {
  std::int64_t removed = 0;
  for (auto it = heap_.begin(); it != heap_.end();) {
    if (!dead(it->second, horizon, clog)) {
      ++it;
      continue;
    }
    it = remove(it);
    ++removed;
  }
  changes_since_vacuum = 0;
  return removed;
}

std::int64_t Table::prune(int index, const Key& key, Csn horizon, const CommitLog& clog) {
  auto entry = indexes_[index].find(key);
  if (entry == indexes_[index].end()) return 0;
  std::vector<Tid> doomed;
  for (Tid tid : entry->second)
    if (dead(heap_.at(tid), horizon, clog)) doomed.push_back(tid);
  // remove() edits the lists this loop would otherwise walk, so the victims are listed first.
  for (Tid tid : doomed) remove(heap_.find(tid));
  return static_cast<std::int64_t>(doomed.size());
}

}  // namespace sdsim::storage::sql
