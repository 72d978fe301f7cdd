// Service discovery through the coordination service (sim/coord, etcd-like), for one actor:
// targets register under /targets/<instance>; collectors register /collectors/<name> under a
// lease they keep alive, so a dead collector's key goes away a lease TTL after its last
// keep-alive. Targets are spread over the live collectors by consistent hashing
// (sim/storage/hash_ring): each target goes to the first live collector clockwise from its
// hash, so when a collector dies only its own targets move, and they come back to it when it
// returns. When the service cannot be reached, the last view is kept.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "models/metrics_monitoring/experiment.hpp"
#include "sim/coord/coord_client.hpp"
#include "sim/storage/hash_ring.hpp"

namespace sdsim::metrics_monitoring {

// The assignment rule alone (plain C++, unit-tested): the owner of `instance` among the
// collectors of `ring` for which `live` holds, -1 when none is.
int owner_of(const HashRing& ring, const std::string& instance, const std::set<int>& live);
HashRing collector_ring(const std::vector<std::string>& collector_names);

class Discovery {
 public:
  Discovery(Experiment& x, Rpc& rpc, std::uint64_t client_id);
  void register_target(int target);
  // Grants a lease and registers the collector under it; false when the service is away.
  bool register_collector(int collector);
  // Renews the lease; false when it is gone (the caller registers again).
  bool keep_alive();
  // Refreshes the view of live collectors and registered targets.
  void refresh();
  const std::set<int>& live() const { return live_; }
  const std::vector<int>& registered_targets() const { return targets_; }
  // The collector that should have `instance`, from the last view (refreshed first by push
  // agents), skipping collectors that failed this actor since.
  int collector_for(const std::string& instance);
  void suspect(int collector) { suspected_.insert(collector); }

 private:
  Experiment& x_;
  coord::CoordClient client_;
  HashRing ring_;
  std::int64_t lease_ = 0;
  int collector_ = -1;
  std::set<int> live_, suspected_;
  std::vector<int> targets_;
  bool viewed_ = false;
};

}  // namespace sdsim::metrics_monitoring
