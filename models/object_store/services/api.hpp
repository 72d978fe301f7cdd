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
#include <simgrid/s4u.hpp>
#include <vector>

#include "models/object_store/cluster.hpp"
#include "sim/net/rpc.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"

namespace sdsim::object_store {

class ApiService : public ServiceHandler<ApiProtocol> {
 public:
  ApiService(Net& net, Cluster& cluster) : net_(net), c_(cluster) {}
  void start(Inbox& inbox) override;
  void handle(std::unique_ptr<Letter<ApiProtocol>> msg) override;

 private:
  using Request = std::unique_ptr<Letter<ApiProtocol>>;
  void serve(Rpc& rpc, Request& msg);
  Status put(Rpc& rpc, const Put& op);
  Status get(Rpc& rpc, const Get& op, ObjectReply& out);
  Status remove(Rpc& rpc, const Delete& op);
  Status list(Rpc& rpc, const List& op, ObjectReply& out);
  template <class R>
  Result<MetaReply> meta(Rpc& rpc, int shard, const R& request);

  Net& net_;
  Cluster& c_;
  std::vector<std::unique_ptr<Rpc>> rpcs_;  // one per worker, opened by the worker itself
  std::unique_ptr<WorkerPool<Request>> workers_;
};

}  // namespace sdsim::object_store
