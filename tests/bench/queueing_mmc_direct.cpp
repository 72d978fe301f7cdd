// The M/M/c queue of scenarios/queueing/mmc.yaml written directly on SimGrid, without sdsim:
// the networked reference of the benchmark (queueing_mmc.sh). It models the same system with the
// same SimGrid mechanics as sdsim's queueing model on its default platform:
//   - two hosts, each with a split-duplex 1000 TBps, 0 s link in a star zone; CM02, TCP-gamma 0;
//   - a client host with a generator actor (Poisson arrivals) and a collector actor (eager
//     reply mailbox) that measures the sojourn time;
//   - a station host with a dispatcher actor (eager mailbox) feeding one FIFO queue and c server
//     actors that sleep for an exponential service time, then reply;
//   - 1 KB requests and replies, sent detached (put_init + detach with a deleter).
// Requests that start before the warm-up are left out of the statistics, as in sdsim.
//
//   queueing_mmc_direct --servers=10 --lambda=8 --service=1 --requests=200000 --warmup=1000
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

constexpr std::uint64_t kMessageBytes = 1000;  // 1 KB, as sdsim's request_size/reply_size

struct Request {
  double start;          // when the client sent it (s)
  double arrived = 0.0;  // when the station received it (s)
  sg4::Mailbox* reply_to;
};

struct Reply {
  double start;
};

template <typename T>
void send(sg4::Mailbox* box, T* payload) {
  box->put_init(payload, kMessageBytes)->detach([](void* p) { delete static_cast<T*>(p); });
}

// What the client measures, read after the run.
struct ClientStats {
  std::vector<double> sojourn;  // requests started after warm-up
  double sojourn_sum = 0.0;
};

// What the station measures.
struct StationStats {
  double wait_sum = 0.0;
  long waits = 0;
};

// The station: the dispatcher fills a FIFO queue and wakes an idle (suspended) server.
struct Station {
  Params p;
  Exponential rng;
  StationStats stats;
  std::deque<std::unique_ptr<Request>> queue;
  std::vector<sg4::ActorPtr> idle;

  explicit Station(const Params& params) : p(params), rng(mmc_bench::station_seed(params.seed)) {}

  void dispatch(sg4::Mailbox* box) {
    box->set_receiver(sg4::Actor::self());
    while (true) {
      auto req = box->get_unique<Request>();
      req->arrived = sg4::Engine::get_clock();
      queue.push_back(std::move(req));
      if (!idle.empty()) {
        sg4::ActorPtr server = idle.back();
        idle.pop_back();
        server->resume();
      }
    }
  }

  void serve() {
    while (true) {
      if (queue.empty()) {
        idle.push_back(sg4::Actor::self());
        sg4::this_actor::suspend();
        continue;
      }
      std::unique_ptr<Request> req = std::move(queue.front());
      queue.pop_front();
      const double now = sg4::Engine::get_clock();
      if (req->arrived >= p.warmup) {
        stats.wait_sum += now - req->arrived;
        ++stats.waits;
      }
      sg4::this_actor::sleep_for(rng.draw(p.service));
      send(req->reply_to, new Reply{req->start});
    }
  }
};

void generate(const Params& p, sg4::Mailbox* station, sg4::Mailbox* replies) {
  Exponential rng(p.seed);
  double t = 0.0;
  for (long i = 0; i < p.requests; ++i) {
    t += rng.draw(1.0 / p.lambda);
    sg4::this_actor::sleep_until(t);
    send(station, new Request{t, 0.0, replies});
  }
}

void collect(const Params& p, sg4::Mailbox* replies, ClientStats& stats) {
  replies->set_receiver(sg4::Actor::self());
  for (long i = 0; i < p.requests; ++i) {
    auto rep = replies->get_unique<Reply>();
    if (rep->start < p.warmup) continue;
    const double sojourn = sg4::Engine::get_clock() - rep->start;
    stats.sojourn.push_back(sojourn);
    stats.sojourn_sum += sojourn;
  }
}

// Two hosts in a star zone, each with its own split-duplex link, like sdsim's default platform.
void build_platform() {
  auto* zone = sg4::create_star_zone("dc");
  for (const char* name : {"client", "station"}) {
    sg4::Host* host = zone->create_host(name, 1e9);
    sg4::Link* link =
        zone->create_split_duplex_link(std::string(name) + "-link", 1e15)->set_latency(0);
    zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr,
                    {{link, sg4::LinkInRoute::Direction::UP}}, false);
    zone->add_route(nullptr, host->get_netpoint(), nullptr, nullptr,
                    {{link, sg4::LinkInRoute::Direction::DOWN}}, false);
  }
  zone->seal();
}

}  // namespace

int main(int argc, char** argv) {
  const Params p = mmc_bench::parse("queueing_mmc_direct", argc, argv);
  auto engine = mmc_bench::make_engine(argv[0]);
  build_platform();

  sg4::Host* client = engine->host_by_name("client");
  sg4::Host* station_host = engine->host_by_name("station");
  sg4::Mailbox* station_box = sg4::Mailbox::by_name("station");
  sg4::Mailbox* reply_box = sg4::Mailbox::by_name("client/replies");

  Station station(p);
  ClientStats client_stats;
  client_stats.sojourn.reserve(static_cast<std::size_t>(p.requests));
  sg4::Actor::create("dispatcher", station_host, [&] {
    station.dispatch(station_box);
  })->daemonize();
  for (int i = 0; i < p.servers; ++i)
    sg4::Actor::create("server-" + std::to_string(i), station_host, [&] {
      station.serve();
    })->daemonize();
  sg4::Actor::create("generator", client, [&] { generate(p, station_box, reply_box); });
  // The run ends when the collector has every reply.
  sg4::Actor::create("collector", client, [&] { collect(p, reply_box, client_stats); });
  engine->run();

  mmc_bench::print_results(std::move(client_stats.sojourn), client_stats.sojourn_sum,
                           station.stats.wait_sum, station.stats.waits);
  return 0;
}
