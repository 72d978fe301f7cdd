// The in-memory write buffer: the winning version of each key written since the last flush,
// sorted so a flush writes it out as one SSTable without sorting. Its size is the sum of the
// records' serialized sizes, which is what memtable_flush_size is compared with.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/storage/lsm/version.hpp"

namespace sdsim::storage::lsm {

class Memtable {
 public:
  // Applies a write with last-write-wins; returns false when an existing newer version won.
  bool apply(std::string key, Version version);
  const Version* find(std::string_view key) const;

  std::uint64_t size_bytes() const { return size_bytes_; }
  bool empty() const { return rows_.empty(); }
  std::size_t key_count() const { return rows_.size(); }

  // Moves the contents out, sorted by key, and leaves the memtable empty.
  std::vector<Entry> drain();
  void clear();

 private:
  std::map<std::string, Version, std::less<>> rows_;
  std::uint64_t size_bytes_ = 0;
};

}  // namespace sdsim::storage::lsm
