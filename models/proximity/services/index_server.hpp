// An index server: one copy of the geo index database (the primary or a read replica). At
// every start it builds its in-memory index from the durable business table, charged as CPU
// (build_steps x cost.per_build_step) before it reads its first request: a restarted server
// serves nothing until rebuilt. Then `index_workers` workers answer searches (the whole search,
// charged per query, per cell or node visited and per distance computed) and cell reads (the
// rows of one geohash cell, for the LBS's cache).
#pragma once

#include <memory>

#include "models/proximity/experiment.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"

namespace sdsim::proximity {

class IndexServer : public ServiceHandler<IndexProtocol> {
 public:
  IndexServer(Net& net, Experiment& e, int index) : net_(net), e_(e), index_(index) {}
  void start(Inbox& inbox) override;
  void handle(std::unique_ptr<Letter<IndexProtocol>> msg) override {
    workers_->submit(std::move(msg));
  }

 private:
  using Request = std::unique_ptr<Letter<IndexProtocol>>;
  void serve(Request& msg);
  void charge(double seconds) const;

  Net& net_;
  Experiment& e_;
  int index_;
  std::unique_ptr<WorkerPool<Request>> workers_;
};

}  // namespace sdsim::proximity
