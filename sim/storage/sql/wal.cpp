#include "sim/storage/sql/wal.hpp"

#include <algorithm>

namespace sdsim::storage::sql {

namespace wal_size {
std::int64_t tuple(const Row& row) {
  std::int64_t bytes = tuple_header + static_cast<std::int64_t>((row.size() + 7) / 8);
  for (const auto& v : row) bytes += static_cast<std::int64_t>(v.width());
  return bytes;
}
std::int64_t index_insert(const Key& key) {
  std::int64_t bytes = record_header + block_reference + 8;
  for (const auto& v : key) bytes += static_cast<std::int64_t>(v.width());
  return bytes;
}
}  // namespace wal_size

std::vector<const WalRecord*> WalLog::records_after(Lsn after) const {
  auto it = std::upper_bound(records_.begin(), records_.end(), after,
                             [](Lsn lsn, const WalRecord& r) { return lsn < r.lsn; });
  std::vector<const WalRecord*> out;
  for (; it != records_.end(); ++it) out.push_back(&*it);
  return out;
}

void WalLog::discard_through(Lsn lsn) {
  while (!records_.empty() && records_.front().lsn <= lsn) records_.pop_front();
}

}  // namespace sdsim::storage::sql
