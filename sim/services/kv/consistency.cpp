#include "sim/services/kv/consistency.hpp"

namespace sdsim::kv_service {

const char* consistency_name(Consistency c) {
  switch (c) {
    case Consistency::one:
      return "ONE";
    case Consistency::quorum:
      return "QUORUM";
    case Consistency::all:
      return "ALL";
  }
  return "?";
}

int required_replicas(Consistency level, int replication_factor) {
  switch (level) {
    case Consistency::one:
      return 1;
    case Consistency::quorum:
      return replication_factor / 2 + 1;
    case Consistency::all:
      return replication_factor;
  }
  return replication_factor;
}

bool supersedes(const KvVersion& a, const KvVersion& b) {
  if (a.timestamp_us != b.timestamp_us) return a.timestamp_us > b.timestamp_us;
  if (a.tombstone() != b.tombstone()) return a.tombstone();
  if (!a.value || !b.value) return false;
  return value_greater(*a.value, *b.value);
}

KvVersion reconcile(const std::vector<KvVersion>& answers) {
  KvVersion best;
  for (const KvVersion& v : answers)
    if (supersedes(v, best)) best = v;
  return best;
}

}  // namespace sdsim::kv_service
