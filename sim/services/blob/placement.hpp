// The blob store's placement service: keeps the cluster map from data-node heartbeats,
// declares a node dead after `heartbeat.grace` without one, alive again on its next
// heartbeat, and picks the nodes of a new blob on the consistent-hash ring among those up
// with a healthy disk (rack-aware unless configured off). A restart loses its heartbeat
// clocks: every node's grace starts again.
#pragma once

#include <memory>

#include "sim/net/service.hpp"
#include "sim/services/blob/blob_store.hpp"

namespace sdsim::blob_service {

class PlacementService : public ServiceHandler<PlacementProtocol> {
 public:
  explicit PlacementService(BlobStore& store) : b_(store) {}
  void start(Inbox& inbox) override;
  void handle(std::unique_ptr<Letter<PlacementProtocol>> msg) override;

 private:
  void monitor();
  void declare_dead(int node);

  BlobStore& b_;
};

}  // namespace sdsim::blob_service
