// A WebSocket server of the nearby friends architecture (stateful): it holds its clients'
// connections (sim/services/connection), one session per connection (the user's position,
// its friends' channels and on which pub/sub server each is subscribed), and for each
// session one subscriber connection per pub/sub server it needs, as the book's connection
// handler subscribes to every friend's channel.
//
//   location update: cache SET with TTL = inactivity timeout, history append (LSM), PUBLISH
//                    on the user's channel to the server the ring names; acknowledged.
//   pub/sub message: distance to the session's user (haversine); forwarded only within
//                    radius.
//   connection start (the first update on a connection): friend list from the friends
//                    service (KV), SUBSCRIBE to every friend's channel, every friend's last
//                    position from the cache (forwarded when nearby): a worker's job.
//   ring change:     the discovery entry's watch gives the new ring; every channel whose
//                    server changed is subscribed at the new one and unsubscribed at the old.
//   drain:           the load balancer stops sending connections; clients are told to go
//                    (1001) one by one over drain.period; updates still arriving on a closed
//                    connection (in flight) are served for 5 s more.
//
// Volatile: everything (sessions, subscriptions, the ring view); a crash loses it and its
// clients find out by their heartbeats (1006). No CPU is charged here: the model's question
// is the pub/sub tier's.
#pragma once

#include "models/nearby_friends/experiment.hpp"
#include "sim/net/service.hpp"

namespace sdsim {
class RunContext;
}

namespace sdsim::nearby_friends {

void start_ws_server(RunContext& ctx, Experiment& e, int index);

}  // namespace sdsim::nearby_friends
