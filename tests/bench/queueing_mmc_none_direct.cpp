// The M/M/c queue of scenarios/queueing/mmc-no-network.yaml written directly on SimGrid,
// without sdsim and without a network: the reference of queueing_network_none.sh. It does the
// work of a textbook queue with SimGrid's own primitives and nothing else:
//   - one host (a zone with that host alone); CM02, TCP-gamma 0;
//   - a generator actor draws Poisson arrivals and sends each customer to the station's
//     mailbox as a zero-byte message, detached (put_init + detach with a deleter);
//   - a dispatcher actor (the mailbox's eager receiver) appends it to one FIFO queue and wakes
//     an idle (suspended) server; c server actors sleep for an exponential service time;
//   - no reply: the server that finishes a customer measures its sojourn time itself.
// Customers that arrive before the warm-up are left out of the statistics, as in sdsim.
//
//   queueing_mmc_none_direct --servers=10 --lambda=8 --service=1 --requests=200000 --warmup=1000
//   --seed=1
#include <cstdint>
#include <deque>
#include <memory>
#include <simgrid/s4u.hpp>
#include <string>
#include <vector>

#include "queueing_mmc_common.hpp"

namespace sg4 = simgrid::s4u;

namespace {

using mmc_bench::Exponential;
using mmc_bench::Params;

struct Customer {
  double start;          // when the generator sent it (s)
  double arrived = 0.0;  // when the station received it (s)
};

struct Station {
  Params p;
  Exponential rng;
  std::deque<std::unique_ptr<Customer>> queue;
  std::vector<sg4::ActorPtr> idle;
  long completed = 0;
  std::vector<double> sojourn;  // customers that arrived after warm-up
  double sojourn_sum = 0.0, wait_sum = 0.0;
  long waits = 0;

  explicit Station(const Params& params) : p(params), rng(mmc_bench::station_seed(params.seed)) {
    sojourn.reserve(static_cast<std::size_t>(params.requests));
  }
  bool done() const { return completed >= p.requests; }

  void dispatch(sg4::Mailbox* box) {
    box->set_receiver(sg4::Actor::self());
    while (true) {
      auto c = box->get_unique<Customer>();
      c->arrived = sg4::Engine::get_clock();
      queue.push_back(std::move(c));
      if (!idle.empty()) {
        sg4::ActorPtr server = idle.back();
        idle.pop_back();
        server->resume();
      }
    }
  }

  // Servers are not daemons: the run ends when the last customer is served and every server
  // has seen it.
  void serve() {
    while (!done()) {
      if (queue.empty()) {
        idle.push_back(sg4::Actor::self());
        sg4::this_actor::suspend();
        continue;
      }
      std::unique_ptr<Customer> c = std::move(queue.front());
      queue.pop_front();
      const double now = sg4::Engine::get_clock();
      if (c->arrived >= p.warmup) {
        wait_sum += now - c->arrived;
        ++waits;
      }
      sg4::this_actor::sleep_for(rng.draw(p.service));
      if (c->start >= p.warmup) {
        const double s = sg4::Engine::get_clock() - c->start;
        sojourn.push_back(s);
        sojourn_sum += s;
      }
      if (++completed == p.requests)
        for (auto& server : idle) server->resume();  // they see done() and end
    }
  }
};

void generate(const Params& p, sg4::Mailbox* station) {
  Exponential rng(p.seed);
  double t = 0.0;
  for (long i = 0; i < p.requests; ++i) {
    t += rng.draw(1.0 / p.lambda);
    sg4::this_actor::sleep_until(t);
    station->put_init(new Customer{t}, 0)->detach([](void* c) {
      delete static_cast<Customer*>(c);
    });
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Params p = mmc_bench::parse("queueing_mmc_none_direct", argc, argv);
  auto engine = mmc_bench::make_engine(argv[0]);
  auto* zone = sg4::create_full_zone("dc");
  sg4::Host* host = zone->create_host("host", 1e9);
  zone->seal();

  sg4::Mailbox* box = sg4::Mailbox::by_name("station");
  Station station(p);
  sg4::Actor::create("dispatcher", host, [&] { station.dispatch(box); })->daemonize();
  for (int i = 0; i < p.servers; ++i)
    sg4::Actor::create("server-" + std::to_string(i), host, [&] { station.serve(); });
  sg4::Actor::create("generator", host, [&] { generate(p, box); });
  engine->run();
  mmc_bench::print_results(std::move(station.sojourn), station.sojourn_sum, station.wait_sum,
                           station.waits);
  return 0;
}
