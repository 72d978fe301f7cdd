#include "models/maps/location.hpp"

namespace sdsim::maps {

StoreAmplification store_amplification(const kv_service::KvStore& store) {
  double client = 0, flushed = 0, compacted_written = 0, compacted_read = 0, log = 0, lost = 0;
  for (int n = 0; n < store.nodes(); ++n) {
    const storage::lsm::LsmStats& st = store.storage(n).stats();
    client += double(st.client_bytes_written);
    flushed += double(st.flush_bytes_written);
    compacted_written += double(st.compaction_bytes_written);
    compacted_read += double(st.compaction_bytes_read);
    log += double(st.commit_log_bytes_written);
    lost += double(st.records_lost_in_crash);
  }
  StoreAmplification a;
  if (client > 0) {
    a.write = (flushed + compacted_written) / client;
    a.write_with_commit_log = (flushed + compacted_written + log) / client;
  }
  a.flush_bytes = flushed;
  a.compaction_bytes = compacted_read + compacted_written;
  a.records_lost_in_crash = lost;
  return a;
}

void recount_replicas(LocationState& s) {
  for (std::uint64_t i = 0; i < s.batches.size(); ++i) {
    const std::string key = s.key(i);
    int holding = 0;
    for (int node : s.store->replicas(key))
      if (const auto* v = s.store->storage(node).peek(key); v && !v->tombstone) ++holding;
    s.batches[i].replicas_holding = holding;
  }
}

}  // namespace sdsim::maps
