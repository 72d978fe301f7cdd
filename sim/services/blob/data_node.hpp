// A data node: chunks appended to large data files on its disks, a blob id -> extent map
// (durable: it survives crashes), tombstones for deletes, and a heartbeat to the placement
// service. Each chunk I/O runs in its own actor, so disks and the network overlap; a crash
// kills the I/O in progress (a write not yet on disk is neither stored nor acknowledged).
#pragma once

#include <memory>

#include "sim/core/random.hpp"
#include "sim/net/service.hpp"
#include "sim/services/blob/blob_store.hpp"

namespace sdsim::blob_service {

class DataNode : public ServiceHandler<DataNodeProtocol> {
 public:
  DataNode(BlobStore& store, int node, RandomStream rng);
  void start(Inbox& inbox) override;
  void handle(std::unique_ptr<Letter<DataNodeProtocol>> msg) override;

 private:
  using Request = std::unique_ptr<Letter<DataNodeProtocol>>;
  void write(const Envelope& msg, const ChunkWrite& req);
  void read(const Envelope& msg, const ChunkRead& req);
  void remove(const ChunkDelete& req);
  void heartbeat();
  void changed(std::uint64_t id);

  BlobStore& b_;
  Net& net_;
  int node_;
  std::shared_ptr<NodeStore> store_;
  RandomStream rng_;
};

}  // namespace sdsim::blob_service
