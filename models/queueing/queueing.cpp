// The queueing model: one station of identical servers with a FCFS queue, fed by the
// scenario's clients. It is sdsim's proof against theory: on its default platform the
// network costs nothing, so M/M/1, M/M/c (Erlang C) and Little's law can be checked; on a
// real platform the same scenario shows what the network adds.
#include <cmath>

#include <fmt/format.h>

#include "models/queueing/station.hpp"
#include "models/queueing/theory.hpp"
#include "sim/model/model.hpp"
#include "sim/model/run_context.hpp"
#include "sim/workload/clients.hpp"

namespace sdsim::queueing {
namespace {

class QueueingModel : public Model {
 public:
  std::string name() const override { return "queueing"; }
  std::string summary() const override {
    return "c identical servers behind one FCFS queue (M/M/c, M/D/c, M/G/c); checks queueing theory";
  }
  std::string description() const override {
    return R"(Clients (role 'client') send requests to one station (role 'station', service
'station'). The station has `servers` identical servers and one FCFS queue: a free server
takes the oldest request, holds it for a service time drawn from `service`, and replies.
Latency is the sojourn time seen by the client: wait + service + network.

The default platform is an ideal network (zero latency, 1000 TB/s links), so results can be
held against queueing theory; name a platform to add network time (network.mean shows it).
Beside its measurements the model reports the closed-form mean wait for M/M/c (Erlang C) or
M/G/1 (Pollaczek-Khinchine) when the scenario is such a queue without faults, and checks
Little's law as a ratio of measured quantities. A station crash empties its queue and its
servers (volatile state); requests sent before the crash are never served.)";
  }

  std::vector<ParamSpec> params() const override {
    ParamSpec service{"service", ParamType::Group, "", "service time of one request"};
    service.children = {
        {"distribution", ParamType::Choice, "exponential", "service-time distribution", 0, 0,
         {"exponential", "deterministic", "lognormal"}},
        {"mean", ParamType::Duration, "1s", "mean service time", 1e-9, 1e9},
        {"cv", ParamType::Real, "1", "coefficient of variation (lognormal only)", 0, 100},
    };
    return {
        {"servers", ParamType::Int, "1", "identical servers at the station", 1, 100000},
        service,
        {"request_size", ParamType::Size, "1KB", "simulated size of a request message", 0, 1e12},
        {"reply_size", ParamType::Size, "1KB", "simulated size of a reply message", 0, 1e12},
    };
  }

  MetricTable metric_table() const override {
    const Results& r = results_;
    MetricTable t;
    t.add("wait.mean", "s", "mean time in queue, arrivals after warm-up", [&r] { return r.wait_mean; })
        .add("wait.p99", "s", "99th percentile time in queue", [&r] { return r.wait_p99; })
        .add("wait.probability", "", "fraction of arrivals that found every server busy", [&r] { return r.wait_probability; })
        .add("queue_length.mean", "", "time-average number of requests waiting (not in service)", [&r] { return r.queue_length; })
        .add("utilization", "", "time-average fraction of servers busy", [&r] { return r.utilization; })
        .add("service.mean", "s", "mean service time drawn", [&r] { return r.service_mean; })
        .add("arrival_rate", "1/s", "arrivals at the station per second after warm-up", [&r] { return r.arrival_rate; })
        .add("network.mean", "s", "mean time on the network of successful requests: client latency less time at the station",
             [&r] { return r.network_mean; })
        .add_if("littles_law.ratio", "",
                "queue_length.mean / (arrival_rate * wait.mean); 1 when Little's law holds (also when nobody waited)",
                "an open-loop workload", [](const RunShape& s) { return s.workload.loop == "open"; },
                [&r] { return r.littles_ratio; })
        .add_if("theory.wait.mean", "s", "closed-form mean wait: Erlang C (M/M/c) or Pollaczek-Khinchine (M/G/1)",
                "an open Poisson load below capacity, no faults, exponential service (any c) or any service with c = 1",
                theory_applies, [&r] { return r.theory_wait; })
        .add_if("theory.latency.mean", "s", "theory.wait.mean + mean service time", "as theory.wait.mean", theory_applies,
                [&r] { return r.theory_latency; });
    return t;
  }

  std::vector<RoleRequest> roles(const ParamValues&, const WorkloadSpec& load) const override {
    return {{"station", 1}, {"client", load.clients}};
  }

  std::string default_platform(const ParamValues&, const WorkloadSpec& load) const override {
    return fmt::format(
        "datacenters:\n"
        "  - name: dc-0\n"
        "    racks:\n"
        "      - {{name: rack-0, hosts: {}, uplink: {{bandwidth: 1000TBps, latency: 0s}}}}\n"
        "host: {{speed: 1Gf, cores: 1, link: {{bandwidth: 1000TBps, latency: 0s}}, disks: []}}\n",
        load.clients + 1);
  }

  void check(const ParamValues& params, const WorkloadSpec& load, Diagnostics& diags) const override {}

  void setup(RunContext& ctx) override {
    const ParamValues& p = ctx.params();
    StationConfig cfg;
    cfg.servers = static_cast<int>(p.integer("servers"));
    cfg.service = {p.text("service.distribution"), p.number("service.mean"), p.number("service.cv")};
    cfg.reply_bytes = p.number("reply_size");
    stats_ = std::make_shared<StationStats>(ctx.workload().warmup);
    const std::string host = ctx.hosts_with_role("station").front();
    Net& net = ctx.net();
    const auto station = net.register_service<StationProtocol>("station", host);
    auto stats = stats_;
    const std::uint64_t seed = ctx.seed();
    spawn_service<StationProtocol>(net, station, [&net, cfg, stats, seed] {
      // Each incarnation draws from its own stream, so a restart does not replay service times.
      RandomStream rng(seed, fmt::format("station/service#{}", stats->incarnations));
      return std::make_unique<Station>(net, cfg, stats, rng);
    });
    ctx.recorder().on_request([this, stats](const RequestRecord& r) { observe(*stats, r); });
    ctx.recorder().add_gauge("queue_length", [stats] { return stats->waiting.current(); });
    ctx.recorder().add_gauge("busy_servers", [stats] { return stats->busy.current(); });
    const double request_bytes = p.number("request_size");
    ctx.start_clients("client", [station, request_bytes](std::uint64_t, std::uint64_t, RandomStream&) {
      return client_request(station, Job{request_bytes});
    });
  }

  void finish(RunContext& ctx) override {
    const StationStats& s = *stats_;
    Results& r = results_;
    const double end = std::max(s.last_event, s.warmup);
    const double window = end - s.warmup;
    const int servers = static_cast<int>(ctx.params().integer("servers"));
    r.wait_mean = s.wait.mean();
    r.wait_p99 = s.wait.quantile(0.99);
    r.wait_probability = s.arrivals ? double(s.waited) / double(s.arrivals) : 0.0;
    r.queue_length = window > 0 ? s.waiting.area(end) / window : 0.0;
    r.arrival_rate = window > 0 ? double(s.arrivals) / window : 0.0;
    r.utilization = window > 0 ? s.busy.area(end) / (window * servers) : 0.0;
    r.service_mean = s.service.mean();
    r.network_mean = network_count_ > 0 ? network_sum_ / double(network_count_) : 0.0;
    const double little = r.arrival_rate * r.wait_mean;
    r.littles_ratio = little > 0 ? r.queue_length / little : (r.queue_length == 0 ? 1.0 : 0.0);
    if (theory_applies(RunShape{ctx.params(), ctx.workload(), ctx.has_faults()})) {
      const WorkloadSpec& w = ctx.workload();
      const double mean = ctx.params().number("service.mean");
      const std::string& dist = ctx.params().text("service.distribution");
      r.theory_wait = dist == "exponential"
                          ? mmc_mean_wait(w.rate, mean, servers)
                          : mg1_mean_wait(w.rate, mean, dist == "deterministic" ? 0.0 : ctx.params().number("service.cv"));
      r.theory_latency = r.theory_wait + mean;
    }
  }

 private:
  // Client latency less the station's residence time: what the platform's links added.
  void observe(StationStats& stats, const RequestRecord& r) {
    auto it = stats.residence.find(r.id);
    if (it == stats.residence.end()) return;
    if (r.outcome == "ok" && r.start >= stats.warmup) {
      network_sum_ += (r.end - r.start) - it->second;
      ++network_count_;
    }
    stats.residence.erase(it);
  }

  // Closed forms exist for Poisson arrivals with a stable load and no crashes: M/M/c (Erlang C),
  // or M/G/1 (Pollaczek-Khinchine) for other services.
  static bool theory_applies(const RunShape& r) {
    const WorkloadSpec& w = r.workload;
    const double mean = r.params.number("service.mean");
    const auto servers = r.params.integer("servers");
    const std::string& dist = r.params.text("service.distribution");
    if (w.arrival != "poisson" || w.loop != "open" || w.rate * mean >= double(servers) || r.has_faults) return false;
    return dist == "exponential" || servers == 1;
  }

  struct Results {
    double wait_mean = 0, wait_p99 = 0, wait_probability = 0, queue_length = 0, arrival_rate = 0, utilization = 0;
    double service_mean = 0, network_mean = 0, littles_ratio = 0, theory_wait = 0, theory_latency = 0;
  };
  Results results_;
  std::shared_ptr<StationStats> stats_;
  double network_sum_ = 0.0;
  std::uint64_t network_count_ = 0;
};

const ModelRegistration registration{[] { return std::make_unique<QueueingModel>(); }};

}  // namespace
}  // namespace sdsim::queueing
