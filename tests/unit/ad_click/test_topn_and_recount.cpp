// The ad-click model's reduce step (top N merged from per-node lists over disjoint ads, as in
// the book's aggregation service figure: each node's top list merged by the reducer) and its
// reconciliation job (a batch recount by event time compared with the stored counts).
#include <doctest/doctest.h>

#include "models/ad_click/checker.hpp"
#include "models/ad_click/clicks.hpp"
#include "models/ad_click/topn.hpp"
#include "sim/core/random.hpp"

using namespace sdsim::ad_click;

TEST_CASE("ad_click: top N orders by count, ties by ad id") {
  const std::map<int, std::uint64_t> counts{{5, 10}, {2, 10}, {9, 3}, {1, 12}};
  CHECK(top_n(counts, 3) == std::vector<Ranked>{{1, 12}, {2, 10}, {5, 10}});
  CHECK(top_n(counts, 10).size() == 4);
  CHECK(top_n({}, 3).empty());
}

TEST_CASE("ad_click: merging the nodes' top N lists gives the global top N (disjoint ads)") {
  sdsim::RandomStream rng(7, "topn");
  for (int round = 0; round < 50; ++round) {
    std::map<int, std::uint64_t> all;
    std::vector<std::map<int, std::uint64_t>> nodes(4);
    for (int ad = 0; ad < 300; ++ad) {
      const std::uint64_t n = rng.below(20);  // many ties
      all[ad] = n;
      nodes[std::size_t(ad % 4)][ad] = n;
    }
    std::vector<std::vector<Ranked>> lists;
    for (const auto& m : nodes) lists.push_back(top_n(m, 10));
    CHECK(merge_top_n(lists, 10) == top_n(all, 10));
  }
}

TEST_CASE("ad_click: the recount counts each ingested event once, by event time, per filter") {
  const std::vector<ClickEvent> events{
      {1, 0, 10.0}, {1, 1, 59.9}, {1, 0, 60.0}, {2, 3, 5.0}, {2, 0, 6.0}};
  const std::vector<bool> ingested{true, true, true, true, false};
  const Counts c = recount(events, ingested, 60.0, 2);
  CHECK(c.at({0, 1, 0}) == 2);
  CHECK(c.at({0, 1, 1}) == 1);
  CHECK(c.at({0, 1, 2}) == 1);
  CHECK(c.at({1, 1, 0}) == 1);
  CHECK(c.at({0, 2, 0}) == 1);     // the uningested click of ad 2 is not raw data
  CHECK(c.count({0, 2, 1}) == 0);  // country 3 has no filter id
}

TEST_CASE(
    "ad_click: reconciliation lists every difference; duplicates are counted per stored row") {
  const Counts stream{{{0, 1, 0}, 5}, {{0, 2, 0}, 3}, {{1, 1, 0}, 4}};
  const Counts truth{{{0, 1, 0}, 5}, {{0, 2, 0}, 4}, {{1, 3, 0}, 1}};
  const Reconciliation r = reconcile(stream, truth);
  REQUIRE(r.mismatches.size() == 3);
  CHECK(r.mismatches[0].stream == 3);
  CHECK(r.mismatches[0].recount == 4);
  CHECK(r.windows == 4);
  CHECK(r.exact_windows == 1);
  CHECK(r.abs_error == 1 + 4 + 1);
  std::map<std::pair<int, std::int64_t>, StoredRow> rows;
  rows[{0, 0}].events[1] = {10, 11, 10, 12, 11};
  rows[{1, 0}].events[2] = {13};
  CHECK(duplicates_counted(rows) == 2);
}

TEST_CASE(
    "ad_click: generated clicks are partitioned by ad and sent in arrival order, marker last") {
  ClicksConfig cfg;
  cfg.ads = 50;
  cfg.zipf = 1.0;
  cfg.countries = 3;
  cfg.delay = {2.0, 0.2, 20.0, 40.0};
  cfg.resend_probability = 0.1;
  cfg.resend_delay_max = 2.0;
  sdsim::WorkloadSpec load;
  load.rate = 100;
  load.duration = 60;
  sdsim::RandomStream rng(3, "clicks");
  const ClickStream s = generate_clicks(cfg, load, 4, rng);
  CHECK(s.events.size() > 5000);
  CHECK(s.late > 0);
  CHECK(s.resends > 0);
  CHECK(s.deliveries.size() == s.events.size() + s.resends + 4);
  for (int p = 0; p < 4; ++p) {
    const auto& ids = s.by_partition[std::size_t(p)];
    REQUIRE(!ids.empty());
    CHECK(s.deliveries[ids.back()].end_marker);
    for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
      const Delivery& d = s.deliveries[ids[i]];
      CHECK(partition_of(s.events[d.event].ad, 4) == p);
      CHECK(d.arrival >= s.events[d.event].time);
      CHECK(d.arrival <= s.deliveries[ids[i + 1]].arrival);
    }
  }
}

TEST_CASE("ad_click: a split hot ad's partial counts are added up by the reduce step") {
  // Ad 0 split over two nodes (60 + 50 = 110), each node's own ads ranked without it.
  const std::vector<std::vector<Ranked>> lists{{{3, 70}, {5, 20}, {0, 60}},
                                               {{4, 80}, {6, 10}, {0, 50}}};
  CHECK(merge_top_n(lists, 2) == std::vector<Ranked>{{0, 110}, {4, 80}});
  CHECK(partition_of_click(0, 7, 8, 4, 2) != partition_of_click(0, 8, 8, 4, 2));
  CHECK(partition_of_click(5, 7, 8, 4, 2) == partition_of(5, 8));  // other ads stay home
}
