#include "models/metrics_monitoring/services/ingester.hpp"

#include <fmt/format.h>

#include <map>

#include "sim/model/run_context.hpp"
#include "sim/services/log/consumer.hpp"
#include "sim/services/timeseries/tsdb_client.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::metrics_monitoring {
namespace {

std::vector<timeseries_service::SeriesSamples> batch_of(const Experiment& x,
                                                        const std::vector<RecordId>& ids) {
  std::map<std::uint32_t, std::vector<storage::timeseries::Point>> by_series;
  for (RecordId id : ids) {
    auto it = x.payloads.find(id);
    if (it == x.payloads.end()) continue;  // a failed produce the log kept anyway: nothing to add
    for (const Sample& s : it->second) by_series[s.series].push_back({s.t, s.value});
  }
  std::vector<timeseries_service::SeriesSamples> out;
  for (auto& [s, points] : by_series) out.push_back({x.series[s], std::move(points)});
  return out;
}

void ingest_loop(Experiment& x, int index, std::uint64_t incarnation) {
  const std::string name = fmt::format("ingester-{}", index);
  log_service::LogConsumer consumer(x.log, x.cfg.consumer, x.ingest_group, index, incarnation,
                                    name);
  Rpc rpc(x.ctx.net(), name + "/tsdb");
  timeseries_service::TsdbClient tsdb(rpc, x.tsdb->endpoint());
  while (true) {
    const log_service::Poll poll = consumer.poll();
    if (poll.empty()) continue;
    auto batch = batch_of(x, poll.records);
    while (!batch.empty()) {
      auto r = tsdb.append(batch);
      if (r.ok()) {
        x.counters.points_rejected += r.value().rejected;
        break;
      }
      sg4::this_actor::sleep_for(1.0);
    }
    if (consumer.commit(poll))
      for (RecordId id : poll.records) x.payloads.erase(id);
  }
}

}  // namespace

void start_ingester(Experiment& x, int index) {
  const std::string host = x.ctx.hosts_with_role("ingester").at(std::size_t(index));
  auto incarnations = std::make_shared<std::uint64_t>(0);  // durable: survives restarts
  Experiment* px = &x;
  auto actor = sg4::Actor::create(fmt::format("ingester-{}", index), sg4::Host::by_name(host),
                                  [px, index, incarnations] {
                                    sg4::Actor::self()->daemonize();
                                    ingest_loop(*px, index, ++*incarnations);
                                  });
  actor->set_auto_restart(true);
}

}  // namespace sdsim::metrics_monitoring
