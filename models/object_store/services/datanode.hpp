// A data node: shards appended to large data files on its disks, an object id -> extent map
// (durable: it survives crashes), tombstones for deletes, and a heartbeat to the placement
// service. Each request runs in its own actor, so disks and the network overlap.
#pragma once

#include <memory>

#include "models/object_store/cluster.hpp"
#include "sim/core/random.hpp"
#include "sim/net/service.hpp"

namespace sdsim::object_store {

class DataNode : public ServiceHandler<DataNodeProtocol> {
 public:
  DataNode(Net& net, Cluster& cluster, int node, RandomStream rng);
  void start(Inbox& inbox) override;
  void handle(std::unique_ptr<Letter<DataNodeProtocol>> msg) override;

 private:
  using Request = std::unique_ptr<Letter<DataNodeProtocol>>;
  void write(const Envelope& msg, const ChunkWrite& req);
  void read(const Envelope& msg, const ChunkRead& req);
  void remove(const ChunkDelete& req);
  void heartbeat();

  Net& net_;
  Cluster& c_;
  int node_;
  std::shared_ptr<NodeStore> store_;
  RandomStream rng_;
};

}  // namespace sdsim::object_store
