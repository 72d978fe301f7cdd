#include "models/metrics_monitoring/services/dashboard.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <tuple>

#include "sim/model/run_context.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"
#include "sim/services/timeseries/tsdb_client.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::metrics_monitoring {
namespace {

double now() { return sg4::Engine::get_clock(); }
constexpr int kFrontendWorkers = 16;
constexpr double kPanelStep = 60;  // s: panels end on the minute

using Request = std::unique_ptr<Letter<FrontendProtocol>>;

class Frontend : public ServiceHandler<FrontendProtocol> {
 public:
  explicit Frontend(Experiment& x) : x_(x), rpcs_(kFrontendWorkers) {}
  void start(Inbox&) override {
    Frontend* self = this;
    pool_ = std::make_unique<WorkerPool<Request>>("query-frontend", kFrontendWorkers,
                                                  [self](int w, Request& r) { self->serve(w, r); });
  }
  void handle(Request r) override { pool_->submit(std::move(r)); }

 private:
  void serve(int worker, Request& r) {
    const PanelQuery& q = std::get<PanelQuery>(r->body);
    const auto key = std::make_tuple(q.target, q.start, q.end);
    const DashboardConfig& d = x_.cfg.dashboard;
    ++x_.counters.queries;
    if (d.query_cache) {
      auto it = cache_.find(key);
      if (it != cache_.end() && now() - it->second.stored_at < d.cache_ttl) {
        ++x_.counters.cache_hits;
        x_.ctx.net().reply(*r, PanelReply{it->second.returned, true});
        return;
      }
      // The same panel already on its way to the store: wait for its answer (request
      // coalescing), so an expired entry does not send every dashboard to the store at once.
      if (auto w = waiting_.find(key); w != waiting_.end()) {
        ++x_.counters.cache_hits;
        w->second.push_back(std::move(r));
        return;
      }
      waiting_[key];
    }
    if (!rpcs_[std::size_t(worker)])
      rpcs_[std::size_t(worker)] =
          std::make_unique<Rpc>(x_.ctx.net(), fmt::format("query-frontend/{}", worker));
    timeseries_service::TsdbClient tsdb(*rpcs_[std::size_t(worker)], x_.tsdb->endpoint());
    const SeriesKey& series = x_.series[x_.gauge_series[std::size_t(q.target)][0]];
    std::uint64_t returned = 0;
    timeseries_service::QueryCost cost;
    bool ok = false;
    if (d.rollups) {
      auto res = tsdb.rollup(series, x_.cfg.tsdb.rollup_fine_interval,
                             timeseries_service::Aggregation::avg, q.start, q.end);
      if ((ok = res.ok())) {
        returned = res.value().windows.size();
        cost = res.value().cost;
      }
    } else {
      auto res = tsdb.range(series, q.start, q.end);
      if ((ok = res.ok())) {
        returned = res.value().points.size();
        cost = res.value().cost;
      }
    }
    std::vector<Request> joined;
    if (auto w = waiting_.find(key); w != waiting_.end()) {
      joined = std::move(w->second);
      waiting_.erase(w);
    }
    if (!ok) {
      x_.ctx.net().fail(*r, Status::Unavailable);
      for (Request& j : joined) x_.ctx.net().fail(*j, Status::Unavailable);
      return;
    }
    for (Request& j : joined) x_.ctx.net().reply(*j, PanelReply{returned, true});
    x_.counters.points_read += cost.hot.points_decoded + cost.cold.points_decoded;
    x_.counters.windows_read += cost.hot.windows_read + cost.cold.windows_read;
    if (d.query_cache) cache_[key] = Cached{now(), returned};
    x_.ctx.net().reply(*r, PanelReply{returned, false});
  }

  struct Cached {
    double stored_at = 0;
    std::uint64_t returned = 0;
  };
  Experiment& x_;
  std::vector<std::unique_ptr<Rpc>> rpcs_;
  std::unique_ptr<WorkerPool<Request>> pool_;
  std::map<std::tuple<int, double, double>, Cached> cache_;
  std::map<std::tuple<int, double, double>, std::vector<Request>> waiting_;  // by panel in flight
};

void refresh(Experiment& x, Rpc& rpc, const std::string& name) {
  const double end = std::floor(now() / kPanelStep) * kPanelStep;
  const double start = end - x.cfg.dashboard.range;
  std::map<std::uint64_t, double> sent;  // request id -> start
  for (std::size_t target = 0; target < x.targets.size(); ++target)
    sent[rpc.send(x.frontend, PanelQuery{int(target), start, end})] = now();
  const double deadline = now() + 10.0;
  while (!sent.empty()) {
    auto reply = rpc.next(deadline);
    if (!reply) break;
    auto it = sent.find(reply->id);
    if (it == sent.end()) continue;
    const bool ok = reply->status == Status::Ok;
    if (ok) x.query_latency.add(now() - it->second);
    x.ctx.recorder().request(RequestRecord{it->first, "panel", name, "query-frontend", it->second,
                                           now(), ok ? "ok" : status_name(reply->status), 0});
    sent.erase(it);
  }
  for (const auto& [id, start_time] : sent) {
    x.query_latency.add(deadline - start_time);  // a time-out counts at its full wait
    x.ctx.recorder().request(
        RequestRecord{id, "panel", name, "query-frontend", start_time, deadline, "timeout", 0});
  }
}

}  // namespace

void start_frontend(Experiment& x) {
  Experiment* px = &x;
  spawn_service<FrontendProtocol>(x.ctx.net(), x.frontend,
                                  [px] { return std::make_unique<Frontend>(*px); });
}

void start_dashboard(Experiment& x, int dashboard) {
  const auto& hosts = x.ctx.hosts_with_role("dashboard");
  const std::string host = hosts.at(std::size_t(dashboard) % hosts.size());
  Experiment* px = &x;
  auto actor = sg4::Actor::create(
      fmt::format("dashboard-{}", dashboard), sg4::Host::by_name(host), [px, dashboard] {
        sg4::Actor::self()->daemonize();
        const std::string name = fmt::format("dashboard-{}", dashboard);
        Rpc rpc(px->ctx.net(), name);
        const DashboardConfig& d = px->cfg.dashboard;
        // Dashboards are spread over the refresh interval.
        sg4::this_actor::sleep_for(d.refresh_interval * (dashboard + 0.5) /
                                   std::max(1, d.dashboards));
        while (now() < px->ctx.timeline().load_end()) {
          refresh(*px, rpc, name);
          const double wait =
              px->firing > 0 ? d.refresh_interval / d.incident_factor : d.refresh_interval;
          sg4::this_actor::sleep_for(wait);
        }
      });
  actor->set_auto_restart(true);
}

}  // namespace sdsim::metrics_monitoring
