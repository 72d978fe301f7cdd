// The leaderboard model (System Design Interview vol. 2, ch. 10, "Real-time Gaming
// Leaderboard"): game clients report won games and ask for the top 10 and their rank; the
// leaderboard service keeps the board in Redis sorted sets (one, or sharded by score range
// or by hash over a Redis Cluster) or in SQL rows, a new board per month. See README.md.
#pragma once

#include <memory>

#include "models/leaderboard/experiment.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/metrics/recorder.hpp"
#include "sim/model/model.hpp"

namespace sdsim::leaderboard {

class LeaderboardModel : public Model {
 public:
  std::string name() const override { return "leaderboard"; }
  std::string summary() const override;
  std::string description() const override;
  std::vector<ParamSpec> params() const override { return leaderboard::params().specs(); }
  MetricTable metric_table() const override;  // metrics.cpp
  std::vector<RoleRequest> roles(const ParamValues& p, const WorkloadSpec& load) const override;
  std::string default_platform(const ParamValues& p, const WorkloadSpec& load) const override;
  void check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const override;
  double default_drain() const override { return 10.0; }
  void setup(RunContext& ctx) override;
  void finish(RunContext& ctx) override;  // metrics.cpp

 private:
  void preload(RunContext& ctx);
  void observe(const RequestRecord& r);

  struct Results {
    double update_p50 = 0, update_p99 = 0, top10_p50 = 0, top10_p99 = 0, rank_p50 = 0, rank_p99 = 0;
    double top10_correct = 0, rank_correct = 0, history_correct = 0;
    double load_max = 0, load_mean = 0, memory_max = 0, memory_mean = 0, bytes_per_entry = 0;
    double mismatched_users = 0, missing_wins = 0, board_players = 0, tie_violations = 0;
    double lost_updates = 0, takeover_at = 0, after_takeover_correct = 0;
  };
  std::shared_ptr<Experiment> x_;
  LatencyHistogram update_, top10_, rank_;
  double warmup_ = 0;
  Results results_;
};

}  // namespace sdsim::leaderboard
