// The one worker pool: `workers` daemon actors on the calling actor's host take jobs in FIFO
// order; an idle worker sleeps until a job comes (the last one to fall idle is woken first).
// Made by a service in its start(), it lives and dies with that incarnation: a crash loses the
// queued jobs (volatile) and kills the workers with the host.
//
// An idle worker blocks on its own semaphore rather than suspending itself: SimGrid suspends
// a communication that starts while its receiver is suspended, and resuming the actor does
// not resume it (a late reply reaching an idle worker's eager mailbox stalled every later
// message to that mailbox: the worker went deaf).
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <simgrid/s4u.hpp>

namespace sdsim {

template <class Job>
class WorkerPool {
 public:
  using Work = std::function<void(int worker, Job& job)>;

  WorkerPool(const std::string& name, int workers, Work work) : state_(std::make_shared<State>()) {
    state_->work = std::move(work);
    for (int i = 0; i < workers; ++i) state_->wake.push_back(simgrid::s4u::Semaphore::create(0));
    for (int i = 0; i < workers; ++i)
      simgrid::s4u::Actor::create(name + "-" + std::to_string(i), simgrid::s4u::this_actor::get_host(),
                                  [s = state_, i] { run(*s, i); })
          ->daemonize();
  }

  void submit(Job job) {
    state_->queue.push_back(std::move(job));
    if (!state_->idle.empty()) {
      const int w = state_->idle.back();
      state_->idle.pop_back();
      state_->wake[w]->release();
    }
  }
  std::size_t queued() const { return state_->queue.size(); }
  std::size_t idle() const { return state_->idle.size(); }

 private:
  // Shared with the workers, so it outlives whichever of them unwinds last at a crash.
  struct State {
    Work work;
    std::deque<Job> queue;
    std::vector<int> idle;                            // workers waiting, by index
    std::vector<simgrid::s4u::SemaphorePtr> wake;  // one per worker
  };
  static void run(State& s, int index) {
    while (true) {
      if (s.queue.empty()) {
        s.idle.push_back(index);
        s.wake[index]->acquire();
        continue;
      }
      Job job = std::move(s.queue.front());
      s.queue.pop_front();
      s.work(index, job);
    }
  }
  std::shared_ptr<State> state_;
};

}  // namespace sdsim
