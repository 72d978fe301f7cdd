// A user's mobile client: one long-lived connection to a WebSocket server the load balancer
// picks; its location every update_interval after a random-walk step; friends' positions
// shown as they arrive. When the connection closes (1001 from a draining server at once, 1006
// when a crashed server's pings go unanswered) it waits U[0, reconnect_jitter) and connects
// again; its first update on the new connection starts the server's initialisation.
#pragma once

#include "models/nearby_friends/experiment.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::nearby_friends {

void start_clients(RunContext& ctx, std::shared_ptr<Experiment> e);

}  // namespace sdsim::nearby_friends
