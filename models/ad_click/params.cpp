#include "models/ad_click/params.hpp"

namespace sdsim::ad_click {

const ParamTable<Config>& params() {
  static const ParamTable<Config> t = [] {
    ParamTable<DelayConfig> delay;
    delay
        .duration("on_time_max", &DelayConfig::on_time_max, "2s",
                  "an on-time click reaches the log uniformly within [0, on_time_max] after its "
                  "event time",
                  0, 1e6)
        .real("late_fraction", &DelayConfig::late_fraction, "0.1",
              "fraction of clicks that arrive late", 0, 1)
        .duration("late_min", &DelayConfig::late_min, "20s",
                  "a late click's delay is uniform in [late_min, late_max]", 0, 1e6)
        .duration("late_max", &DelayConfig::late_max, "40s", "longest delay of a late click", 0,
                  1e6);
    ParamTable<ClicksConfig> clicks;
    clicks.integer("ads", &ClicksConfig::ads, "200", "distinct ads", 1, 10000000)
        .real("zipf", &ClicksConfig::zipf, "1", "Zipf exponent of ad popularity (0 = uniform)", 0,
              10)
        .integer("countries", &ClicksConfig::countries, "4",
                 "countries a click comes from (uniformly)", 1, 1000)
        .integer("filter_countries", &ClicksConfig::filter_countries, "2",
                 "pre-declared filters: filter id f in 1..filter_countries counts the clicks of "
                 "country f-1 (filter 0: "
                 "all clicks)",
                 0, 1000)
        .size("click_size", &ClicksConfig::click_size, "200B",
              "one click record (ad_id, click_timestamp, user_id, ip, country)", 1, 1e9)
        .group("delay", "when a click reaches the log after its event time", &ClicksConfig::delay,
               delay)
        .real("hot_share", &ClicksConfig::hot_share, "0",
              "fraction of clicks that go to ad 0 (a hot ad) before the Zipf draw", 0, 1)
        .real("resend_probability", &ClicksConfig::resend_probability, "0",
              "probability a client sends a click twice (the same event id)", 0, 1)
        .duration("resend_delay_max", &ClicksConfig::resend_delay_max, "2s",
                  "the resend follows the first delivery uniformly within this", 0, 1e6);
    ParamTable<WindowConfig> windows;
    windows.duration("size", &WindowConfig::size, "60s", "tumbling window length", 1e-3, 1e9)
        .duration(
            "watermark", &WindowConfig::watermark, "15s",
            "allowed lateness: watermark = stream time (largest time seen in the partition) - "
            "watermark; a "
            "window [start, end) closes when end <= watermark, later clicks for it are dropped",
            0, 1e9)
        .choice("time", &WindowConfig::time, "event",
                "assign clicks to windows by event time (click_timestamp) or by processing time "
                "(when the aggregator "
                "reads them)",
                {{"event", TimeDomain::event}, {"processing", TimeDomain::processing}})
        .integer("top", &WindowConfig::top, "10", "N: the most clicked ads reported per window", 1,
                 100000)
        .integer("top_windows", &WindowConfig::top_windows, "1",
                 "M: the top N counts the last M windows (a sliding window of M x size, sliding by "
                 "size)",
                 1, 1000);
    ParamTable<AggregationConfig> aggregation;
    aggregation
        .integer("nodes", &AggregationConfig::nodes, "2", "aggregate nodes (role 'aggregator')", 1,
                 1000)
        .integer("partitions_per_node", &AggregationConfig::partitions_per_node, "2",
                 "click-log partitions each node reads (the log has nodes x this, by ad_id)", 1,
                 1000)
        .choice("delivery", &AggregationConfig::delivery, "exactly_once",
                "at_least_once: closed windows are added to the stored counts, then the offsets of "
                "what no open "
                "window holds are committed; exactly_once: absolute counts upserted by (ad, "
                "window), then a "
                "snapshot of the window state with its offsets, restored after a crash",
                {{"at_least_once", DeliveryMode::at_least_once},
                 {"exactly_once", DeliveryMode::exactly_once}})
        .size("row_bytes_per_entry", &AggregationConfig::row_bytes_per_entry, "16B",
              "bytes per (ad, filter) count in a stored row or a snapshot", 1, 1e6)
        .integer("hot_split", &AggregationConfig::hot_split, "1",
                 "spread ad 0's clicks over this many partitions on distinct nodes (by event id); "
                 "the nodes count "
                 "partial counts, the store rows and the reduce step add them up",
                 1, 1000)
        .duration("cpu_per_click", &AggregationConfig::cpu_per_click, "10us",
                  "a node's time to map (filter, key) and count one click record; its records are "
                  "processed one "
                  "at a time",
                  0, 1e3);
    ParamTable<EstimateConfig> estimate;
    estimate
        .real("daily_active_users", &EstimateConfig::daily_active_users, "1e9", "users a day", 0,
              1e13)
        .real("clicks_per_user", &EstimateConfig::clicks_per_user, "1", "ad clicks per user a day",
              0, 1e6)
        .real("peak_factor", &EstimateConfig::peak_factor, "5", "peak click rate / mean click rate",
              1, 1e6)
        .size("click_size", &EstimateConfig::click_size, "0.1KB", "one raw click stored", 0, 1e9);
    ParamTable<Config> c;
    c.group("clicks", "the click stream", &Config::clicks, clicks)
        .group("windows", "windows, watermark and top N", &Config::windows, windows)
        .group("aggregation", "the aggregation service", &Config::aggregation, aggregation)
        .group("log", "the click log's brokers (role 'broker', Kafka's settings)", &Config::log,
               log_service::broker_params())
        .group("producer", "the click collectors writing the log (always acks=all, idempotent)",
               &Config::producer, log_service::producer_params())
        .group("consumer", "the aggregate nodes' log consumers", &Config::consumer,
               log_service::consumer_params())
        .integer("store_nodes", &Config::store_nodes, "3", "KV store nodes (role 'store')", 1, 1000)
        .group("store", "the replicated KV store holding the aggregated counts", &Config::store,
               kv_service::kv_params())
        .group("estimate", "the book's scale, for the estimate.* metrics", &Config::estimate,
               estimate);
    return c;
  }();
  return t;
}

Config read_config(const ParamValues& p) {
  Config c = params().read(p);
  c.producer.acks = log_service::Acks::All;
  c.producer.idempotent = true;
  c.producer.record_bytes = c.clicks.click_size;
  return c;
}

}  // namespace sdsim::ad_click
