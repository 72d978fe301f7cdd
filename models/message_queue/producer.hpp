// A producer (one actor per 'producer' host): creates messages at the workload's arrival
// times, spreads them round-robin over the topic's partitions, and batches them per
// partition (`batch_size`, `linger`). Ready batches go to their partition leader, one
// request per broker carrying every ready batch for it, with at most `max_in_flight`
// requests per broker. A batch that fails (error reply or no reply within request_timeout)
// is retried after retry_backoff while retries and delivery_timeout allow; otherwise its
// messages fail. An idempotent producer numbers each partition's records so that the
// leader drops a retried duplicate. acks=0 sends and forgets.
//
// Arrivals are added ahead of time to a batch that is already waiting out its linger (they
// could change nothing before it closes), so the actor wakes once per batch, not per message.
#pragma once

#include "models/message_queue/cluster.hpp"
#include "sim/workload/workload.hpp"

namespace sdsim::mq {

// Starts producer `index` on host producer-<index>.
void start_producer(Cluster& cluster, int index);

}  // namespace sdsim::mq
