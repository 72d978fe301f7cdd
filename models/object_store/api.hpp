// The API service: PUT, GET, DELETE and LIST for clients. A pool of workers, each with its own
// reply mailbox, takes requests in arrival order:
//   PUT    placement picks the nodes; (EC: encode, as flops); shards written in parallel; the
//          write waits for the scheme's acknowledgements; then the object row and the listing
//          index are written to their metadata shards.
//   GET    row from the metadata shard; shards read per the read plan (data first); missing
//          or silent shards are replaced by others; a read that used parity decodes (flops).
//   DELETE row and listing entry removed; data nodes told to leave tombstones.
//   LIST   the bucket's listing index, with prefix and delimiter.
#pragma once

#include <deque>
#include <memory>
#include <vector>

#include <simgrid/s4u.hpp>

#include "models/object_store/cluster.hpp"
#include "sim/net/net.hpp"

namespace sdsim::object_store {

class ApiService : public ServiceHandler {
 public:
  ApiService(Net& net, Cluster& cluster) : net_(net), c_(cluster) {}
  void start() override;
  void handle(std::unique_ptr<Message> msg) override;

 private:
  void work(int index);
  void serve(Caller& caller, std::unique_ptr<Message> msg);
  Status put(Caller& caller, const ObjectOp& op);
  Status get(Caller& caller, const ObjectOp& op, ObjectReply& out, double& bytes);
  Status remove(Caller& caller, const ObjectOp& op);
  Status list(Caller& caller, const ObjectOp& op, ObjectReply& out, double& bytes);
  CallResult meta(Caller& caller, int shard, const char* op, MetaRequest req);

  Net& net_;
  Cluster& c_;
  std::deque<std::unique_ptr<Message>> queue_;
  std::vector<simgrid::s4u::ActorPtr> idle_;
};

}  // namespace sdsim::object_store
