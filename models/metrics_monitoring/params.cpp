#include "models/metrics_monitoring/params.hpp"

namespace sdsim::metrics_monitoring {

namespace {

ParamTable<PushConfig> push_table() {
  ParamTable<PushConfig> p;
  p.duration("interval", &PushConfig::interval, "60s", "an agent samples and pushes this often",
             0.001)
      .choice("transport", &PushConfig::transport, "reliable",
              "reliable: request/answer, unacknowledged points stay buffered and go again; udp: "
              "one datagram per push, no acknowledgement, no retransmission (statsd-like)",
              {{"reliable", Transport::Reliable}, {"udp", Transport::Udp}})
      .real("loss", &PushConfig::loss, "0", "udp: probability that a datagram is lost", 0, 1)
      .integer("buffer_points", &PushConfig::buffer_points, "1000",
               "reliable: points an agent holds while unacknowledged; newer points are dropped "
               "(and counted) when it is full",
               1, 1000000000)
      .duration("timeout", &PushConfig::timeout, "5s",
                "reliable: an agent waits this long for the collector's acknowledgement", 0.001);
  return p;
}

ParamTable<AlertConfig> alert_table() {
  ParamTable<AlertConfig> a;
  a.duration("for", &AlertConfig::for_duration, "5m",
             "the rule instance_down (up == 0) fires once its expression has held this long at an "
             "evaluation (Prometheus `for:`; 0: fires at the first evaluation)")
      .duration("evaluation_interval", &AlertConfig::evaluation_interval, "1m",
                "rules are evaluated this often (Prometheus default 1 m)", 0.001)
      .duration("evaluation_offset", &AlertConfig::evaluation_offset, "30s",
                "evaluations happen at k * evaluation_interval + this (Prometheus offsets each "
                "group by a hash of its name)")
      .duration("lookback", &AlertConfig::lookback, "5m",
                "an evaluation reads each series' latest sample no older than this (Prometheus' "
                "lookback delta, default 5 m); a target without one is not alerting",
                0.001);
  return a;
}

ParamTable<DashboardConfig> dashboard_table() {
  ParamTable<DashboardConfig> d;
  d.integer("dashboards", &DashboardConfig::dashboards, "2",
            "open dashboards (role 'dashboard'); each shows one panel per target (its cpu series)",
            0, 100000)
      .duration("refresh_interval", &DashboardConfig::refresh_interval, "60s",
                "each dashboard refreshes this often", 0.001)
      .duration("range", &DashboardConfig::range, "1h", "each panel's time range", 1)
      .flag("rollups", &DashboardConfig::rollups, "true",
            "panels read the 1-minute rollup windows (true) or every raw point (false)")
      .real("incident_factor", &DashboardConfig::incident_factor, "1",
            "while an alert fires every dashboard refreshes this many times faster (the spiky "
            "reads of an incident)",
            1, 10000)
      .flag("query_cache", &DashboardConfig::query_cache, "false",
            "a query cache in the query frontend: a panel's result is kept cache_ttl")
      .duration("cache_ttl", &DashboardConfig::cache_ttl, "10s",
                "how long the query cache keeps a result", 0.001);
  return d;
}

ParamTable<ScaleConfig> scale_table() {
  ParamTable<ScaleConfig> s;
  s.real("pools", &ScaleConfig::pools, "1000", "server pools (the book: 1,000)", 1, 1e12)
      .real("machines_per_pool", &ScaleConfig::machines_per_pool, "100",
            "machines per pool (the book: 100)", 1, 1e12)
      .real("metrics_per_machine", &ScaleConfig::metrics_per_machine, "100",
            "metrics per machine (the book: about 100)", 1, 1e12);
  return s;
}

}  // namespace

const ParamTable<Config>& params() {
  static const ParamTable<Config> t = [] {
    ParamTable<Config> c;
    c.integer("targets", &Config::targets, "8", "monitored servers (role 'target')", 1, 100000)
        .integer("series_per_target", &Config::series_per_target, "4",
                 "gauges per target: cpu{instance, cpu} with a diurnal curve and noise", 1, 10000)
        .integer("collectors", &Config::collectors, "2",
                 "collectors (role 'collector'); pull: targets spread over the live ones by "
                 "consistent hashing",
                 1, 1000)
        .choice("collection", &Config::collection, "pull",
                "pull: collectors scrape targets (and write up 1/0); push: agents on the "
                "targets push to the collectors",
                {{"pull", Collection::Pull}, {"push", Collection::Push}})
        .duration("scrape_interval", &Config::scrape_interval, "60s",
                  "pull: each target is scraped this often (Prometheus default 1 m)", 0.001)
        .duration("scrape_timeout", &Config::scrape_timeout, "10s",
                  "pull: a scrape without answer by then fails: up = 0 (Prometheus default 10 s)",
                  0.001)
        .duration("collector_lease", &Config::collector_lease, "10s",
                  "a collector's registration in the coordination service lives this long "
                  "without keep-alive: its targets move this long after it dies",
                  0.1)
        .group("push", "push collection", &Config::push, push_table())
        .group("alert", "the alerting rule instance_down: up == 0", &Config::alert, alert_table())
        .group("dashboard", "dashboards and the query frontend", &Config::dashboard,
               dashboard_table())
        .group("scale", "the book's scale, for the estimate.* figures", &Config::scale,
               scale_table())
        .group("log", "the log service between collectors and the store (role 'broker')",
               &Config::log, log_service::broker_params())
        .group("tsdb", "the time-series database (role 'tsdb')", &Config::tsdb,
               timeseries_service::tsdb_params())
        .group("producer", "the collectors' log producer", &Config::producer,
               log_service::producer_params())
        .group("consumer", "the ingester's log consumer", &Config::consumer,
               log_service::consumer_params())
        .group("coord", "the coordination service (role 'coord', 3 nodes)", &Config::coord,
               coord_service::coord_params());
    return c;
  }();
  return t;
}

}  // namespace sdsim::metrics_monitoring
