#include "sim/storage/lsm/memtable.hpp"

#include <utility>

namespace sdsim::storage::lsm {

bool Memtable::apply(std::string key, Version version) {
  auto it = rows_.lower_bound(key);
  if (it != rows_.end() && it->first == key) {
    if (!supersedes(version, it->second)) return false;
    size_bytes_ -= record_bytes(it->first, it->second);
    size_bytes_ += record_bytes(it->first, version);
    it->second = std::move(version);
    return true;
  }
  size_bytes_ += record_bytes(key, version);
  rows_.emplace_hint(it, std::move(key), std::move(version));
  return true;
}

const Version* Memtable::find(std::string_view key) const {
  auto it = rows_.find(key);
  return it == rows_.end() ? nullptr : &it->second;
}

std::vector<Entry> Memtable::drain() {
  std::vector<Entry> out;
  out.reserve(rows_.size());
  while (!rows_.empty()) {
    auto node = rows_.extract(rows_.begin());
    out.push_back(Entry{std::move(node.key()), std::move(node.mapped())});
  }
  size_bytes_ = 0;
  return out;
}

void Memtable::clear() {
  rows_.clear();
  size_bytes_ = 0;
}

}  // namespace sdsim::storage::lsm
