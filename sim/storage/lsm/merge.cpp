#include "sim/storage/lsm/merge.hpp"

#include <queue>
#include <utility>

namespace sdsim::storage::lsm {
namespace {

struct Cursor {
  const std::vector<Entry>* run;
  std::size_t pos;
  std::size_t input;  // breaks key ties so the merge order never depends on heap internals
  const Entry& entry() const { return (*run)[pos]; }
};

struct After {
  bool operator()(const Cursor& a, const Cursor& b) const {
    const int c = a.entry().key.compare(b.entry().key);
    return c != 0 ? c > 0 : a.input > b.input;
  }
};

}  // namespace

MergeResult merge_runs(const std::vector<const SSTable*>& inputs,
                       const std::function<bool(const Entry&)>& tombstone_purgeable) {
  MergeResult result;
  std::priority_queue<Cursor, std::vector<Cursor>, After> heap;
  std::size_t total = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    total += inputs[i]->entries().size();
    if (!inputs[i]->entries().empty()) heap.push({&inputs[i]->entries(), 0, i});
  }
  result.entries.reserve(total);
  auto advance = [&heap](Cursor c) {
    if (++c.pos < c.run->size()) heap.push(c);
  };
  while (!heap.empty()) {
    Cursor top = heap.top();
    heap.pop();
    const Entry* best = &top.entry();
    ++result.records_read;
    advance(top);
    while (!heap.empty() && heap.top().entry().key == best->key) {
      Cursor same = heap.top();
      heap.pop();
      ++result.records_read;
      ++result.versions_dropped;
      if (supersedes(same.entry().version, best->version)) best = &same.entry();
      advance(same);
    }
    if (best->version.tombstone && tombstone_purgeable(*best)) {
      ++result.tombstones_purged;
      continue;
    }
    result.entries.push_back(*best);
  }
  return result;
}

std::vector<std::vector<Entry>> split_by_size(std::vector<Entry> entries, std::uint64_t max_bytes) {
  std::vector<std::vector<Entry>> runs;
  std::vector<Entry> current;
  std::uint64_t bytes = 0;
  for (Entry& e : entries) {
    bytes += record_bytes(e.key, e.version);
    current.push_back(std::move(e));
    if (bytes >= max_bytes) {
      runs.push_back(std::move(current));
      current.clear();
      bytes = 0;
    }
  }
  if (!current.empty()) runs.push_back(std::move(current));
  return runs;
}

}  // namespace sdsim::storage::lsm
