// The search node's parameter table against Elasticsearch's index settings (Elasticsearch
// reference, "Index modules" and "Translog": refresh_interval 1s, translog.durability request,
// translog.sync_interval 5s, translog.flush_threshold_size 512mb, which Elasticsearch reads as MiB;
// "Thread pools": write = one thread per core, search = cores * 3 / 2 + 1 on 8 cores; Lucene's
// TieredMergePolicy segmentsPerTier and maxMergeAtOnce 10; the BM25 similarity's k1 1.2 and b
// 0.75).
#include <doctest/doctest.h>

#include "sim/core/doc.hpp"
#include "sim/services/search/protocol.hpp"
#include "sim/services/search/search_config.hpp"

using namespace sdsim;
using namespace sdsim::search_service;

namespace {
SearchConfig read(const std::string& yaml) {
  Doc doc = parse_yaml_text(yaml, "test");
  Diagnostics diags;
  ParamValues v = validate_params(&doc, search_params().specs(), "", diags);
  REQUIRE(diags.ok());
  return search_params().read(v);
}
}  // namespace

TEST_CASE("search node: defaults are Elasticsearch's and give the shard's defaults") {
  const SearchConfig c = read("{}");
  CHECK(c.write_threads == 8);
  CHECK(c.search_threads == 8 * 3 / 2 + 1);
  const auto o = c.options();
  const storage::search::SearchOptions ref;
  CHECK(o.refresh_interval_s == ref.refresh_interval_s);
  CHECK(o.translog_durability == ref.translog_durability);
  CHECK(o.translog_sync_interval_s == ref.translog_sync_interval_s);
  CHECK(o.translog_flush_threshold_bytes == ref.translog_flush_threshold_bytes);
  CHECK(o.segments_per_tier == ref.segments_per_tier);
  CHECK(o.max_merge_at_once == ref.max_merge_at_once);
  CHECK(o.bm25_k1 == ref.bm25_k1);
  CHECK(o.bm25_b == ref.bm25_b);
}

TEST_CASE("search node: Elasticsearch refuses a sync interval under 100 ms, so does the table") {
  CHECK(read("{translog_durability: async}").options().translog_durability ==
        storage::search::TranslogDurability::async);
  Doc doc = parse_yaml_text("{translog_sync_interval: 50ms}", "test");
  Diagnostics diags;
  (void)validate_params(&doc, search_params().specs(), "", diags);
  CHECK_FALSE(diags.ok());
}

TEST_CASE("search node: a query's wire size grows with its terms") {
  const auto one = query_bytes(Query::term("body", "alpha"));
  const auto two =
      query_bytes(Query::all_of({Query::term("body", "alpha"), Query::term("body", "bravo")}));
  CHECK(one > 32);
  CHECK(two > 2 * one);
}
