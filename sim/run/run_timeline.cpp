#include "sim/run/run_timeline.hpp"

#include <algorithm>
#include <cmath>

#include "sim/metrics/recorder.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim {

void RunTimeline::spawn_nature(const std::string& name, std::function<void()> body) {
  sg4::Actor::create(name, control_, std::move(body))->daemonize();
}

void RunTimeline::start() {
  sg4::Actor::create("sdsim/end", control_, [this] { run_to_end(); });
}

void RunTimeline::add_load(sg4::ActorPtr actor) {
  auto ended = std::make_shared<bool>(false);
  actor->on_exit([ended](bool) { *ended = true; });  // no simcall: on_exit must not block
  loads_.push_back(Load{std::move(actor), std::move(ended)});
}

// Joins the load actors one after another. A load that records no request for kStallLimit of
// simulated time can never finish (a closed-loop client waiting forever on a dead server):
// returns false then.
bool RunTimeline::wait_for_loads(double deadline) {
  for (const Load& load : loads_) {
    while (!*load.ended) {
      const double now = sg4::Engine::get_clock();
      const double stall_at = recorder_.last_recorded_at() + kStallLimit;
      if (now >= deadline) return true;
      if (now >= stall_at) return false;
      load.actor->join(std::min(deadline, stall_at) - now);
    }
  }
  return true;
}

void RunTimeline::run_to_end() {
  if (std::isfinite(load_end_)) sg4::this_actor::sleep_until(std::min(load_end_, horizon_));
  if (!wait_for_loads(horizon_)) {
    stalled_ = true;
    return;
  }
  load_ended_at_ = sg4::Engine::get_clock();
  const double drain_end = std::min(horizon_, load_ended_at_ + drain_);
  if (!settled_ && !loads_.empty()) return;  // the load actors drained themselves
  while (sg4::Engine::get_clock() < drain_end) {
    if (settled_ && settled_()) return;
    const double next = settled_ ? sg4::Engine::get_clock() + kSettleCheck : drain_end;
    sg4::this_actor::sleep_until(std::min(next, drain_end));
  }
}

}  // namespace sdsim
