// The exactly-once read-process-write stage (consumer.commit: transactional). One processor
// per 'consumer' host, members of the processors' group (group 1) over the input topic
// (partitions 0..P-1, written by the producers). Each round a processor fetches from its
// input partitions, begins a transaction at the coordinator, processes the records
// (process_time each), writes them to the output topic (input partition p -> output
// partition P + p) with an idempotent, transactional producer (acks=all), and ends the
// transaction together with the input offsets it consumed: the coordinator commits the
// offsets and the output records at once (markers), or neither.
//
// A crashed processor's open transaction stays open (its output invisible to read_committed
// readers) until the processor comes back and re-initialises (the coordinator aborts it and
// fences the old incarnation), or a rebalance refuses its offsets. It resumes from the
// committed offsets. The output topic is read by read_committed consumers (role 'reader',
// group 0, commit after processing), which are what the ledger counts as processing.
#pragma once

#include "models/message_queue/cluster.hpp"

namespace sdsim::mq {

// Starts processor `index` on host consumer-<index> (restarted with its host).
void start_processor(Cluster& cluster, int index);

}  // namespace sdsim::mq
