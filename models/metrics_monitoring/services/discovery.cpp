#include "models/metrics_monitoring/services/discovery.hpp"

#include <algorithm>

namespace sdsim::metrics_monitoring {
namespace {
const std::string kTargets = "/targets/", kCollectors = "/collectors/";
}

HashRing collector_ring(const std::vector<std::string>& collector_names) {
  HashRing ring(64);
  std::vector<HashRing::NodeSpec> nodes;
  for (const std::string& n : collector_names) nodes.push_back({n, n});
  ring.add_nodes(nodes);
  return ring;
}

int owner_of(const HashRing& ring, const std::string& instance, const std::set<int>& live) {
  const std::vector<int> pick = ring.select(HashRing::hash(instance), 1, false, {},
                                            [&live](int node) { return live.count(node) > 0; });
  return pick.empty() ? -1 : pick.front();
}

Discovery::Discovery(Experiment& x, Rpc& rpc, std::uint64_t client_id)
    : x_(x),
      client_(rpc, x.coord.endpoints(), client_id),
      ring_(collector_ring(x.collector_names)) {}

void Discovery::register_target(int target) {
  client_.put(kTargets + x_.target_names[std::size_t(target)], std::to_string(target));
}

bool Discovery::register_collector(int collector) {
  collector_ = collector;
  auto g = client_.grant(x_.cfg.collector_lease);
  if (!g || !g->ok) return false;
  lease_ = g->lease;
  auto p = client_.put(kCollectors + x_.collector_names[std::size_t(collector)],
                       std::to_string(collector), lease_);
  return p && p->ok;
}

bool Discovery::keep_alive() {
  if (lease_ == 0) return false;
  auto ttl = client_.keep_alive(lease_);
  if (ttl && *ttl == 0) lease_ = 0;  // gone: register again
  return lease_ != 0;
}

void Discovery::refresh() {
  if (auto r = client_.range(kCollectors); r && r->ok) {
    live_.clear();
    for (const coord::KeyValue& kv : r->kvs) live_.insert(std::stoi(kv.value));
    suspected_.clear();
    viewed_ = true;
  }
  if (auto r = client_.range(kTargets); r && r->ok) {
    targets_.clear();
    for (const coord::KeyValue& kv : r->kvs) targets_.push_back(std::stoi(kv.value));
    std::sort(targets_.begin(), targets_.end());
  }
}

int Discovery::collector_for(const std::string& instance) {
  refresh();
  if (!viewed_) return -1;
  std::set<int> usable;
  for (int c : live_)
    if (!suspected_.count(c)) usable.insert(c);
  return owner_of(ring_, instance, usable);
}

}  // namespace sdsim::metrics_monitoring
