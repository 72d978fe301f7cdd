// The placement service: keeps the cluster map from data-node heartbeats, declares a node
// dead after `grace` without one (and queues the repair of every shard it held), declares it
// alive again on its next heartbeat, and picks the nodes of a new object on the consistent-
// hash ring (rack-aware unless configured off). It also runs the repair workers.
#pragma once

#include <memory>

#include "models/object_store/cluster.hpp"
#include "sim/net/net.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::object_store {

class PlacementService : public ServiceHandler {
 public:
  PlacementService(RunContext& ctx, Cluster& cluster) : ctx_(ctx), c_(cluster) {}
  void start() override;
  void handle(std::unique_ptr<Message> msg) override;

 private:
  void net_reply(const Message& req, std::unique_ptr<Message> rep);
  void monitor();
  void declare_dead(int node);

  RunContext& ctx_;
  Cluster& c_;
};

}  // namespace sdsim::object_store
