// The exactly-once read-process-write stage (consumer.commit: transactional). One processor
// per 'consumer' host, members of the processors' group over the input topic (written by the
// producers). Each round a processor polls its input partitions, and in one transaction
// processes the records (process_time each), writes them to the output topic (input
// partition i -> output partition i) and commits the input offsets it consumed: the
// coordinator commits both at once, or neither (sim/services/log/transactions.hpp).
//
// A crashed processor's open transaction stays open (its output invisible to read_committed
// readers) until the processor comes back and re-initialises (the coordinator aborts it and
// fences the old incarnation), or a rebalance refuses its offsets. It resumes from the
// committed offsets. The output topic is read by read_committed consumers (role 'reader',
// commit after processing), which are what the ledger counts as processing.
#pragma once

#include "models/message_queue/experiment.hpp"

namespace sdsim::message_queue {

// Starts processor `index` on host consumer-<index> (restarted with its host).
void start_processor(Experiment& x, int index);

}  // namespace sdsim::message_queue
