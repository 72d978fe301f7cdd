// The run's timeline as a model sees it. sim/run owns it: when the load ends, how long the
// run drains after it, and the "nature" processes (failure generators, replacement timers)
// that run on a control host no fault can reach, so crashing a model's host never changes
// how long the run lasts or what fails when.
//
// The run ends when
//   1. the load is over: `workload.duration` has passed, and every load actor has ended
//      (normally, or killed with its host); a load that makes no progress for an hour of
//      simulated time is stopped as a failed run (exit 3), since it can never end;
//   2. then the drain is over: the model's settled() predicate holds (checked every 0.5 s),
//      or `workload.drain` has passed since the load ended. Without a predicate a run with
//      load actors ends at once (they drained themselves), one without drains fully;
//   3. or the scenario's `horizon` comes, whichever is first.
#pragma once

#include <functional>
#include <string>

#include <simgrid/s4u.hpp>

namespace sdsim {

class Timeline {
 public:
  virtual ~Timeline() = default;
  // A process of the run's nature on the control host (a daemon; it cannot send messages:
  // it acts on the model's state directly, as a disk failure or a replacement would).
  virtual void spawn_nature(const std::string& name, std::function<void()> body) = 0;
  // `action` at absolute simulated time `time`, run by nature (never if the run ended first).
  void at(double time, const std::string& name, std::function<void()> action) {
    spawn_nature(name, [time, action = std::move(action)] {
      simgrid::s4u::this_actor::sleep_until(time);
      action();
    });
  }
  // A load actor: the load lasts until it has ended. Make it a daemon.
  virtual void add_load(simgrid::s4u::ActorPtr actor) = 0;
  // After the load, the run drains until `settled` holds (or the drain time passed).
  virtual void drain_until(std::function<bool()> settled) = 0;
  // When the load stops being issued (workload.duration), +inf when the load alone decides.
  virtual double load_end() const = 0;
  virtual double drain() const = 0;  // s
};

}  // namespace sdsim
