#include "sim/services/search/search_config.hpp"

#include <cmath>

#include "sim/model/service_params.hpp"

namespace sdsim::search_service {

using storage::search::TranslogDurability;

storage::search::SearchOptions SearchConfig::options() const {
  storage::search::SearchOptions o;
  o.refresh_interval_s = refresh_interval;
  o.translog_durability = translog_durability;
  o.translog_sync_interval_s = translog_sync_interval;
  o.translog_flush_threshold_bytes =
      static_cast<std::uint64_t>(std::llround(translog_flush_threshold_size));
  o.segments_per_tier = segments_per_tier;
  o.max_merge_at_once = max_merge_at_once;
  o.bm25_k1 = bm25_k1;
  o.bm25_b = bm25_b;
  o.validate();
  return o;
}

const ParamTable<SearchConfig>& search_params() {
  static const ParamTable<SearchConfig> t = [] {
    ParamTable<SearchCosts> c;
    c.duration("cpu_per_token", &SearchCosts::cpu_per_token, "1us", "CPU of analyzing one token")
        .duration("cpu_per_posting_indexed", &SearchCosts::cpu_per_posting_indexed, "500ns",
                  "CPU of one posting added")
        .duration("cpu_per_posting_read", &SearchCosts::cpu_per_posting_read, "15ns",
                  "CPU of one posting read by a query")
        .duration("cpu_per_doc_scored", &SearchCosts::cpu_per_doc_scored, "100ns",
                  "CPU of scoring one document (BM25)")
        .duration("cpu_per_query", &SearchCosts::cpu_per_query, "75us",
                  "fixed CPU of a query: parsing, collection")
        .bandwidth("memory_bandwidth", &SearchCosts::memory_bandwidth, "10GB/s",
                   "rate at which a refresh writes segments to the page cache", 1)
        .duration("fsync", &SearchCosts::fsync, "500us", "latency of one fsync (SSD)");
    ParamTable<SearchConfig> p;
    p.duration("refresh_interval", &SearchConfig::refresh_interval, "1s",
               "indexed documents become searchable at the next refresh (index.refresh_interval)",
               0.001)
        .choice("translog_durability", &SearchConfig::translog_durability, "request",
                "request: fsync the translog before acknowledging (Elasticsearch default); async: "
                "every "
                "translog_sync_interval",
                {{"request", TranslogDurability::request}, {"async", TranslogDurability::async}})
        .duration("translog_sync_interval", &SearchConfig::translog_sync_interval, "5s",
                  "async: time between translog fsyncs (index.translog.sync_interval)", 0.1)
        .size("translog_flush_threshold_size", &SearchConfig::translog_flush_threshold_size,
              "512MiB", "a flush (Lucene commit) runs once the translog is this large", 1)
        .integer("segments_per_tier", &SearchConfig::segments_per_tier, "10",
                 "merge once there are more segments (Lucene)", 2, 1000)
        .integer("max_merge_at_once", &SearchConfig::max_merge_at_once, "10",
                 "segments merged at once (Lucene)", 2, 1000)
        .real("bm25_k1", &SearchConfig::bm25_k1, "1.2", "BM25 term-frequency saturation", 0, 100)
        .real("bm25_b", &SearchConfig::bm25_b, "0.75", "BM25 length normalization", 0, 1)
        .integer("write_threads", &SearchConfig::write_threads, "8",
                 "indexing threads (Elasticsearch: one per core)", 1, 1024)
        .integer("search_threads", &SearchConfig::search_threads, "13",
                 "search threads (Elasticsearch: cores * 3 / 2 + 1)", 1, 1024)
        .group("costs", "what the node's work costs", &SearchConfig::costs, c);
    return p;
  }();
  return t;
}

}  // namespace sdsim::search_service

// `sdsim describe service search`
static const sdsim::ServiceParamsRegistration search_registration{
    "search", "one Elasticsearch-like search shard (sim/services/search)",
    &sdsim::search_service::search_params};
