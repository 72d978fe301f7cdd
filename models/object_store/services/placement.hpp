// The placement service: keeps the cluster map from data-node heartbeats, declares a node
// dead after `grace` without one (and queues the repair of every shard it held), declares it
// alive again on its next heartbeat, and picks the nodes of a new object on the consistent-
// hash ring (rack-aware unless configured off). It also runs the repair workers.
#pragma once

#include <memory>

#include "models/object_store/cluster.hpp"
#include "sim/net/service.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::object_store {

class PlacementService : public ServiceHandler<PlacementProtocol> {
 public:
  PlacementService(RunContext& ctx, Cluster& cluster) : ctx_(ctx), c_(cluster) {}
  void start(Inbox& inbox) override;
  void handle(std::unique_ptr<Letter<PlacementProtocol>> msg) override;

 private:
  void monitor();
  void declare_dead(int node);

  RunContext& ctx_;
  Cluster& c_;
};

}  // namespace sdsim::object_store
