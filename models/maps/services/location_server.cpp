// Location servers and the history readers on their hosts.
#include <fmt/format.h>

#include <algorithm>

#include "models/maps/services/location_service.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"
#include "sim/services/kv/kv_client.hpp"
#include "sim/services/lsm/host_work.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::maps {
namespace {

// The store's client: an attempt waits the coordinator's time-out + 0.5 s (so a dead
// coordinator costs a write 2.5 s by default, within the user's 5 s), then one retry on the
// next replica.
kv_service::KvClientOptions store_options(double request_timeout) {
  kv_service::KvClientOptions o;
  o.timeout = request_timeout + 0.5;
  o.retries = 1;
  return o;
}

// One location server: a batch costs cpu_per_batch + cpu_per_point per point, then one KV write
// of its points (key loc/<user>/<seq>) at write_consistency, then one event on the log
// (acks as the producer's settings); acknowledged when both are, refused when either is not
// (the user sends it again). Volatile: its workers and their clients.
class LocationServer : public ServiceHandler<LocationProtocol> {
 public:
  LocationServer(Net& net, Experiment& e, int index) : net_(net), e_(e), index_(index) {}
  void start(Inbox&) override {
    const int n = e_.cfg.location.workers;
    rpcs_.resize(std::size_t(n));
    clients_.resize(std::size_t(n));
    workers_ =
        std::make_unique<WorkerPool<Request>>(fmt::format("location-{}-worker", index_), n,
                                              [this](int w, Request& msg) { serve(w, msg); });
  }
  void handle(std::unique_ptr<Letter<LocationProtocol>> msg) override {
    workers_->submit(std::move(msg));
  }

 private:
  using Request = std::unique_ptr<Letter<LocationProtocol>>;
  void serve(int w, Request& msg) {
    const LocationConfig& c = e_.cfg.location;
    LocationState& s = e_.location;
    if (!rpcs_[w]) {
      rpcs_[w] = std::make_unique<Rpc>(net_, fmt::format("location-{}-worker-{}", index_, w));
      clients_[w] = std::make_unique<kv_service::KvClient>(
          *rpcs_[w], *s.store, store_options(c.store.write_request_timeout), w);
    }
    const LocationBatch b = std::get<LocationBatch>(msg->body);
    services::cpu(c.cpu_per_batch + double(b.points) * c.cpu_per_point);
    const auto size = static_cast<std::uint32_t>(double(b.points) * c.point_bytes);
    const auto put =
        clients_[w]->put(s.key(b.batch), storage::lsm::Value::of_size(size), c.write_consistency);
    if (!put.ok()) {
      ++s.n.store_failures;
      return net_.fail(*msg, put.status);
    }
    const auto event = log_service::RecordId(s.events.size());
    s.events.push_back(LocationEvent{b.batch, sg4::Engine::get_clock()});
    ++s.batches[b.batch].publications;
    const Status published =
        s.appenders[std::size_t(index_)]->append(*rpcs_[w], event, s.batches[b.batch].user);
    if (published != Status::Ok) {
      ++s.n.publish_failures;
      return net_.fail(*msg, published);
    }
    net_.reply(*msg, LocationAck{});
  }

  Net& net_;
  Experiment& e_;
  int index_;
  std::vector<std::unique_ptr<Rpc>> rpcs_;  // one per worker, made by the worker
  std::vector<std::unique_ptr<kv_service::KvClient>> clients_;
  std::unique_ptr<WorkerPool<Request>> workers_;
};

}  // namespace

void start_location_servers(RunContext& ctx, const std::shared_ptr<Experiment>& e) {
  LocationState& s = e->location;
  const auto& hosts = ctx.hosts_with_role("location");
  Net& net = ctx.net();
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    s.appenders.push_back(std::make_unique<log_service::LogAppender>(
        *s.log, e->cfg.location.producer, *s.topic, fmt::format("location-{}/producer", i),
        hosts[i], std::int64_t(8000000 + i)));
    s.appenders.back()->start();
    s.servers.push_back(
        net.register_service<LocationProtocol>(fmt::format("location-{}", i), hosts[i]));
    Experiment* x = e.get();
    spawn_service<LocationProtocol>(net, s.servers.back(), [&net, x, i] {
      return std::make_unique<LocationServer>(net, *x, int(i));
    });
  }
}

// A downstream reader of the location history (a stand-in for the services that read it:
// personalisation, ETA training): every servers / read_rate it reads one batch acknowledged
// within the last read_window, at read_consistency. A batch acknowledged before the read
// began and not found is a stale read. Runs until the load ends; restarted with its host.
void start_history_readers(RunContext& ctx, const std::shared_ptr<Experiment>& e) {
  const LocationConfig& c = e->cfg.location;
  if (c.read_rate <= 0) return;
  const auto& hosts = ctx.hosts_with_role("location");
  const double gap = double(hosts.size()) / c.read_rate;
  const double end = ctx.timeline().load_end();
  Net* net = &ctx.net();
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    auto lives = std::make_shared<int>(0);
    sg4::Actor::create(fmt::format("history-reader-{}", i), ctx.host(hosts[i]),
                       [net, e, i, gap, end, lives] {
                         sg4::Actor::self()->daemonize();
                         LocationState& s = e->location;
                         const LocationConfig& lc = e->cfg.location;
                         const std::string name = fmt::format("history-reader-{}#{}", i, ++*lives);
                         Rpc rpc(*net, name);
                         kv_service::KvClient client(
                             rpc, *s.store, store_options(lc.store.read_request_timeout), int(i));
                         RandomStream rng(net->seed(), name);
                         // Offset so that the readers of several hosts interleave.
                         double next = gap * (double(i) / double(lc.servers) + 1.0);
                         while (next < end) {
                           sg4::this_actor::sleep_until(next);
                           next += gap;
                           const double now = sg4::Engine::get_clock();
                           const auto from = std::lower_bound(
                               s.acked.begin(), s.acked.end(),
                               std::make_pair(now - lc.read_window, std::uint64_t(0)));
                           const auto size = std::size_t(s.acked.end() - from);
                           if (size == 0) continue;
                           const std::uint64_t batch = (from + long(rng.below(size)))->second;
                           const auto got = client.get(s.key(batch), lc.read_consistency);
                           ++s.n.reads;
                           if (!got.ok())
                             ++s.n.read_failures;
                           else if (!got.version.value)
                             ++s.n.stale_reads;
                         }
                       })
        ->set_auto_restart(true);
  }
}

}  // namespace sdsim::maps
