// An aggregate node (the book's aggregation service, its map and aggregate steps in one actor):
// the only member of its own consumer group over its partitions of the click log. Map: each
// click record is looked up (the raw event), filtered into its filter ids and keyed by ad;
// aggregate: counted in its partition's tumbling window (windows.hpp: watermark, late drops,
// de-duplication by event id). When a window closes its rows go to the KV store (one row per
// partition and window, key agg/<partition>/<window>), its top N to the reduce step, and then:
//   at_least_once  each row is added to what the store holds (read, add, write), then the
//                  offsets below every open window's first record are committed. A crash
//                  loses the window state; the restart replays from the committed offsets and
//                  adds the windows it closes again: the replayed clicks count twice.
//   exactly_once   each row is upserted with its absolute counts, then a snapshot of the whole
//                  window state with its log positions is written to the store, then those
//                  positions are committed. A restart reads the snapshot and replays from its
//                  positions (skipping records below them); the replay decides exactly as
//                  before, so the rows it writes again are the same: Flink's checkpointed
//                  Kafka source with an idempotent sink.
// Runs on host aggregator-<i> and restarts with it.
#pragma once

#include "models/ad_click/experiment.hpp"

namespace sdsim::ad_click {

void start_aggregator(Experiment& x, int node);

}  // namespace sdsim::ad_click
