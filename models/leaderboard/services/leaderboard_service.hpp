// The leaderboard service (the book's "leaderboard service" box, with the game service's
// score update folded in): game clients send it won games and queries; `workers` of them
// at a time are carried out against the store (Redis sorted sets or SQL rows), each answer
// checked by the oracle and written to queries.csv. Updates of one player are serialized
// (a per-player lock), so a fixed-range move never races another update of the player.
// At each month boundary (plus a grace for updates in flight) the previous month's board
// is archived (read whole, checked against the oracle): the rollover's cost.
#pragma once

#include <memory>
#include <vector>

#include "models/leaderboard/experiment.hpp"
#include "models/leaderboard/protocol.hpp"
#include "models/leaderboard/store.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"

namespace sdsim::leaderboard {

class LeaderboardService : public ServiceHandler<LeaderboardProtocol> {
 public:
  LeaderboardService(Net& net, std::shared_ptr<Experiment> x) : net_(net), x_(std::move(x)) {}
  void start(Inbox& inbox) override;
  void handle(std::unique_ptr<Letter<LeaderboardProtocol>> msg) override;

 private:
  struct Job {
    std::unique_ptr<Letter<LeaderboardProtocol>> request;
    double arrived;
  };
  void serve(int worker, Job& job);
  Store& store(int worker);
  void archive_months();
  // durable: checks that Redis still holds the board; refills it from the SQL table when not
  // (board_guard.cpp).
  void guard_board();

  Net& net_;
  std::shared_ptr<Experiment> x_;
  std::vector<std::unique_ptr<Store>> stores_;
  std::unique_ptr<WorkerPool<Job>> workers_;
};

}  // namespace sdsim::leaderboard
