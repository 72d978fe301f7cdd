// The raw click stream: every click event (the book's ad_id, click_timestamp, user_id, ip,
// country; user and ip are carried as bytes of the record, not as values) and every delivery of
// it to the log (a client may resend, the same event id twice). Arrival = event time + a delay:
// most clicks within on_time_max, a late_fraction uniformly in [late_min, late_max]. Generated
// up front from the seed, so the recount and the stream see the same data.
#pragma once

#include <cstdint>
#include <vector>

#include "models/ad_click/params.hpp"
#include "sim/core/random.hpp"
#include "sim/workload/workload.hpp"

namespace sdsim::ad_click {

struct ClickEvent {
  int ad = 0;
  int country = 0;
  double time = 0.0;  // s: event time (click_timestamp)
};

// One record sent to the log: a click's first delivery or a resend.
struct Delivery {
  std::uint64_t event = 0;
  double arrival = 0.0;     // s: when the collector sends it to the log
  bool end_marker = false;  // the end of a partition's input (Flink's final watermark)
};

struct ClickStream {
  std::vector<ClickEvent> events;                        // by event id
  std::vector<Delivery> deliveries;                      // by record id
  std::vector<std::vector<std::uint64_t>> by_partition;  // record ids in arrival order, marker last
  std::uint64_t late = 0, resends = 0;  // generated with a late delay; resent deliveries
};

// The log partition of an ad (the book's partitioning by ad_id).
int partition_of(int ad, int partitions);
// Where a click goes: its ad's partition, except the hot ad 0 split over `split` partitions
// `stride` apart (one per node: nodes own `stride` consecutive partitions), by event id.
int partition_of_click(int ad, std::uint64_t event, int partitions, int split, int stride);

// Clicks at the workload's arrival process over its duration (event times), with delays and
// resends; each partition's deliveries sorted by arrival (ties by record id), then its end
// marker after the last arrival of any partition.
ClickStream generate_clicks(const ClicksConfig& cfg, const WorkloadSpec& load, int partitions,
                            RandomStream& rng, int hot_split = 1, int stride = 1);

}  // namespace sdsim::ad_click
