// The click collectors: one Kafka producer per log partition (acks=all, idempotent), sending
// that partition's deliveries at their arrival times and then its end marker. A collector per
// partition is how the model partitions by ad_id with the log service's producer (which
// spreads records over the partitions of the topic it is given). Collectors run on the
// 'collector' host and are not crashed by the scenarios.
#pragma once

#include "models/ad_click/experiment.hpp"

namespace sdsim::ad_click {

void start_collectors(Experiment& x);

}  // namespace sdsim::ad_click
