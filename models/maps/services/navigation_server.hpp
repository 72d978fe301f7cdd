// A navigation server: answers route requests on the road graph it holds in memory. A request
// costs cost.per_request of CPU, then each search the chosen algorithm runs (A*, Dijkstra, or
// both; Yen's k shortest loopless paths when k > 1, every spur search by that algorithm) is
// charged cost.per_node for every node it settled, on one of `workers` cores. The route is
// held against a Dijkstra oracle (the checker, not charged) before the reply leaves.
// The graph is durable; the search arrays are volatile (rebuilt when the server restarts).
#pragma once

#include <memory>

#include "models/maps/experiment.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"
#include "sim/storage/road_graph/shortest_path.hpp"

namespace sdsim::maps {

class NavigationServer : public ServiceHandler<NavigationProtocol> {
 public:
  NavigationServer(Net& net, Experiment& e, int index) : net_(net), e_(e), index_(index) {}
  void start(Inbox& inbox) override;
  void handle(std::unique_ptr<Letter<NavigationProtocol>> msg) override {
    workers_->submit(std::move(msg));
  }

 private:
  using Request = std::unique_ptr<Letter<NavigationProtocol>>;
  void serve(Request& msg);
  // The routes of one algorithm (scale 0: Dijkstra), its rows appended to `out`.
  std::vector<storage::road_graph::Route> routes_by(std::string_view algorithm, double scale,
                                                   const RouteRequest& r, RouteOutcome& out);
  void check(const RouteRequest& r, const std::vector<storage::road_graph::Route>& routes);

  Net& net_;
  Experiment& e_;
  int index_;
  // Searches run between simcalls (no actor switch inside one), so the workers share it.
  std::unique_ptr<storage::road_graph::ShortestPathSearch> search_;
  std::unique_ptr<WorkerPool<Request>> workers_;
};

}  // namespace sdsim::maps
