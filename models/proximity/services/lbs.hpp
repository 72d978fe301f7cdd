// The location-based service (LBS): stateless servers behind the load balancer (the clients
// spread their searches over them in turn). A search costs cost.lbs_per_query of CPU, then:
//   without the cache  one IndexSearch to a read replica, which runs the whole search;
//   with the cache     (geohash only) the cells of the search's block are read from Redis,
//                      key "geohash:<hash>" (the hash's length is its precision), value the
//                      cell's rows; a miss reads the rows from a replica (CellRead) and SETs them
//                      with cache.ttl. The LBS then filters by exact distance itself.
// Replicas are tried in turn from a rotating start; one that does not answer within
// replica_timeout is suspected for 10 time-outs and skipped meanwhile (unless all are), and the
// next one is asked: a replica crash shifts its load to the others and reads stay correct.
// Every check_every-th search is held against brute force (the checker, not charged).
#pragma once

#include <memory>
#include <vector>

#include "models/proximity/experiment.hpp"
#include "sim/net/rpc.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"
#include "sim/services/redis/redis_client.hpp"

namespace sdsim::proximity {

class LbsServer : public ServiceHandler<LbsProtocol> {
 public:
  static constexpr int kWorkers =
      64;  // searches in flight per LBS server (threads of a web server)

  LbsServer(Net& net, Experiment& e, int index) : net_(net), e_(e), index_(index) {}
  void start(Inbox& inbox) override;
  void handle(std::unique_ptr<Letter<LbsProtocol>> msg) override {
    workers_->submit(std::move(msg));
  }

 private:
  using Request = std::unique_ptr<Letter<LbsProtocol>>;
  struct Worker {
    std::unique_ptr<Rpc> rpc;
    std::unique_ptr<redis_service::RedisClient> redis;
  };
  void serve(Worker& w, Request& msg);
  bool via_index(Worker& w, const Search& s, SearchOutcome& out,
                 std::vector<storage::geo::Hit>& hits);
  bool via_cache(Worker& w, const Search& s, SearchOutcome& out,
                 std::vector<storage::geo::Hit>& hits);
  // Sends `request` to the replicas in turn until one answers; nullptr when none did.
  template <class Request>
  std::unique_ptr<Letter<typename Request::Reply>> ask_index(Rpc& rpc, const Request& request,
                                                             int& server);
  void check(const Search& s, const std::vector<storage::geo::Hit>& hits, SearchOutcome& out);

  Net& net_;
  Experiment& e_;
  int index_;
  std::vector<Worker> workers_state_;
  std::vector<double> suspect_until_;  // by replica, s (volatile: a restart trusts all)
  std::size_t next_ = 0;               // rotating start over the replicas
  std::unique_ptr<WorkerPool<Request>> workers_;
};

}  // namespace sdsim::proximity
