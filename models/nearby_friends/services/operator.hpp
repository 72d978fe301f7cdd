// The operator of the pub/sub tier (the book's "the operator / monitoring updates the hash
// ring in service discovery"), on a host of its own: it writes the first ring to the
// discovery entry, PINGs every ring server each detect_interval (0.5 s time-out) and, after
// detect_misses unanswered in a row, declares it dead and gives its slot to a spare; at
// grow_at it adds spares to the ring up to grow_to, at replace_at it gives replace_slot to a
// spare (a planned replacement). Every change is one put of the whole ring; WebSocket servers
// watch the key. The friends service's lists are stored by loaders on the same host first.
#pragma once

#include "models/nearby_friends/experiment.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::nearby_friends {

void start_operator(RunContext& ctx, std::shared_ptr<Experiment> e);

}  // namespace sdsim::nearby_friends
