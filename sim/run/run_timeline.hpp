// The run's timeline (sim/model/timeline.hpp): the one owner of when a run ends. Its end actor
// is the simulation's only non-daemon actor and lives on the control host, as do the nature
// processes; see timeline.hpp for the rule.
#pragma once

#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <simgrid/s4u.hpp>

#include "sim/model/timeline.hpp"

namespace sdsim {

class Recorder;

class RunTimeline : public Timeline {
 public:
  // `load_end`: workload.duration (+inf when the load alone decides); `horizon`: the
  // scenario's hard end (+inf for none).
  RunTimeline(simgrid::s4u::Host* control, double load_end, double drain, double horizon, const Recorder& recorder)
      : control_(control), load_end_(load_end), drain_(drain), horizon_(horizon), recorder_(recorder) {}

  void spawn_nature(const std::string& name, std::function<void()> body) override;
  void add_load(simgrid::s4u::ActorPtr actor) override;
  void drain_until(std::function<bool()> settled) override { settled_ = std::move(settled); }
  double load_end() const override { return load_end_; }
  double drain() const override { return drain_; }

  // Starts the end actor; call after the model's setup.
  void start();
  // The load made no progress for kStallLimit: the run was stopped (a failed run).
  bool stalled() const { return stalled_; }
  double load_ended_at() const { return load_ended_at_; }
  simgrid::s4u::Host* control() const { return control_; }

  static constexpr double kStallLimit = 3600.0;   // s of simulated time without a request recorded
  static constexpr double kSettleCheck = 0.5;      // s between checks of the model's settled()

 private:
  void run_to_end();
  bool wait_for_loads(double deadline);  // false: stalled

  simgrid::s4u::Host* control_;
  double load_end_, drain_, horizon_;
  const Recorder& recorder_;
  struct Load {
    simgrid::s4u::ActorPtr actor;
    std::shared_ptr<bool> ended;  // set by the actor's on_exit (normal end or killed)
  };
  std::vector<Load> loads_;
  std::function<bool()> settled_;
  bool stalled_ = false;
  double load_ended_at_ = 0.0;
};

}  // namespace sdsim
