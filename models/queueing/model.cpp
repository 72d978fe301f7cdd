// The queueing model's registration: builds the station and the clients on the platform.
#include "models/queueing/model.hpp"

#include <fmt/format.h>

#include "sim/model/run_context.hpp"

namespace sdsim::queueing {

std::string QueueingModel::summary() const {
  return "c identical servers behind one FCFS queue (M/M/c, M/D/c, M/G/c); checks queueing theory";
}

std::string QueueingModel::description() const {
  return R"(Clients (role 'client') send requests to one station (role 'station', service
'station'). The station has `servers` identical servers and one FCFS queue: a free server
takes the oldest request, holds it for a service time drawn from `service`, and replies.
Latency is the sojourn time seen by the client: wait + service + network.

The default platform is an ideal network (zero latency, 1000 TB/s links), so results can be
held against queueing theory; name a platform to add network time (network.mean shows it).
With `network_model: none` no message costs anything on any platform: the run does exactly
the work of a textbook queue (scenarios/queueing/no-network.yaml).
Beside its measurements the model reports the closed-form mean wait for M/M/c (Erlang C) or
M/G/1 (Pollaczek-Khinchine) when the scenario is such a queue without faults, and checks
Little's law as a ratio of measured quantities. A station crash empties its queue and its
servers (volatile state); requests sent before the crash are never served.)";
}

std::vector<RoleRequest> QueueingModel::roles(const ParamValues&, const WorkloadSpec& load) const {
  return {{"station", 1}, {"client", load.clients}};
}

std::string QueueingModel::default_platform(const ParamValues&, const WorkloadSpec& load) const {
  return fmt::format(
      "datacenters:\n"
      "  - name: dc-0\n"
      "    racks:\n"
      "      - {{name: rack-0, hosts: {}, uplink: {{bandwidth: 1000TBps, latency: 0s}}}}\n"
      "host: {{speed: 1Gf, cores: 1, link: {{bandwidth: 1000TBps, latency: 0s}}, disks: []}}\n",
      load.clients + 1);
}

void QueueingModel::setup(RunContext& ctx) {
  cfg_ = queueing::params().read(ctx.params());
  StationConfig station_cfg;
  station_cfg.servers = cfg_.servers;
  station_cfg.service = {cfg_.service.distribution, cfg_.service.mean, cfg_.service.cv};
  station_cfg.reply_bytes = cfg_.reply_size;
  stats_ = std::make_shared<StationStats>(ctx.workload().warmup);
  Net& net = ctx.net();
  const auto station = net.register_service<StationProtocol>("station", ctx.hosts_with_role("station").front());
  auto stats = stats_;
  const std::uint64_t seed = ctx.seed();
  spawn_service<StationProtocol>(net, station, [&net, station_cfg, stats, seed] {
    // Each incarnation draws from its own stream, so a restart does not replay service times.
    RandomStream rng(seed, fmt::format("station/service#{}", stats->incarnations));
    return std::make_unique<Station>(net, station_cfg, stats, rng);
  });
  ctx.recorder().on_request([this](const RequestRecord& r) { observe(r); });
  ctx.recorder().add_gauge("queue_length", [stats] { return stats->waiting.current(); });
  ctx.recorder().add_gauge("busy_servers", [stats] { return stats->busy.current(); });
  const double request_bytes = cfg_.request_size;
  ctx.start_clients("client", [station, request_bytes](std::uint64_t, std::uint64_t, RandomStream&) {
    return client_request(station, Job{request_bytes});
  });
}

// Client latency less the station's residence time: what the platform's links added.
void QueueingModel::observe(const RequestRecord& r) {
  auto it = stats_->residence.find(r.id);
  if (it == stats_->residence.end()) return;
  if (r.outcome == "ok" && r.start >= stats_->warmup) {
    network_sum_ += (r.end - r.start) - it->second;
    ++network_count_;
  }
  stats_->residence.erase(it);
}

const ModelRegistration registration{[] { return std::make_unique<QueueingModel>(); }};

}  // namespace sdsim::queueing
