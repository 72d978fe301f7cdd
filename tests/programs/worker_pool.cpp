// The worker pool against a late reply: a pool worker's call to a slow endpoint times out, a
// second call (to a fast one) is answered, the job ends, the slow answer arrives while the
// worker is idle in the pool with no receive posted, and the same worker's next call (through
// the same Rpc, its mailbox eager) must still be answered. A worker that suspends
// itself while idle fails this: SimGrid suspends the late reply's communication with its
// receiver and never resumes it, and every later message to that mailbox queues behind it.
#include "sim/net/worker_pool.hpp"

#include <memory>
#include <vector>

#include "harness_b.hpp"
#include "sim/net/rpc.hpp"
#include "sim/services/external/external_endpoint.hpp"

using namespace sdsim;
using namespace sdsim::external_service;
namespace sg4 = simgrid::s4u;

int main() {
  harness_b::Sim sim("worker_pool", harness_b::one_rack(3), {{"external", 2}, {"client", 1}});
  // About 2 s an answer: twice the first call's time-out.
  ExternalEndpoint slow(sim.ctx(), "slow", sim.hosts("external")[0],
                        harness_b::configure(external_params(),
                                             "{latency_mean: 2s, latency_cv: 0.01, "
                                             "failure_rate: 0, timeout_rate: 0}"));
  ExternalEndpoint fast(sim.ctx(), "fast", sim.hosts("external")[1],
                        harness_b::configure(external_params(),
                                             "{latency_mean: 10ms, latency_cv: 0.01, "
                                             "failure_rate: 0, timeout_rate: 0}"));
  slow.start();
  fast.start();
  std::vector<Status> outcomes;
  std::vector<double> ends;
  sim.driver("driver", sim.hosts("client")[0], [&] {
    std::vector<std::unique_ptr<Rpc>> rpcs(1);
    struct Job {
      const ExternalEndpoint* to = nullptr;
      double timeout = 0;
    };
    auto call = [&](Rpc& rpc, const ExternalEndpoint& to, double timeout) {
      const auto r = rpc.call(to.endpoint(), ExternalCall{"call", 100, 100}, CallOptions{timeout, 0});
      outcomes.push_back(r.status);
      ends.push_back(sg4::Engine::get_clock());
    };
    WorkerPool<Job> pool("pool", 1, [&](int w, Job& j) {
      if (!rpcs[w]) rpcs[w] = std::make_unique<Rpc>(sim.net(), "pool-worker");
      call(*rpcs[w], *j.to, j.timeout);
      if (j.to == &slow) call(*rpcs[w], fast, 1.0);  // takes the receive the time-out left posted
    });
    pool.submit(Job{&slow, 1.0});   // times out at 1 s; its answer comes at about 2 s, to an idle worker
    sg4::this_actor::sleep_until(5.0);
    pool.submit(Job{&fast, 10.0});  // answered at once
    sg4::this_actor::sleep_until(30.0);
  });
  sim.run();
  sim.check(outcomes.size() == 3, fmt::format("every call ended ({} of 3)", outcomes.size()));
  if (outcomes.size() == 3) {
    sim.check(outcomes[0] == Status::Timeout, "the slow call timed out");
    sim.check(outcomes[1] == Status::Ok, "the fast call after it was answered");
    sim.check(outcomes[2] == Status::Ok,
              fmt::format("the next job's call, after the late reply reached the idle worker, "
                          "was answered (ended at {:.3f} s)",
                          ends[2]));
  }
  return sim.finish();
}
