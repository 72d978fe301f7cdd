// The message queue's checker: the delivery ledger (sim/metrics/ledger.hpp) follows every
// message from creation to processing; at the end of a run, what is still waiting in a live
// leader's log past its consumer's position is a backlog (pending), not a loss. This file says
// where a consumer would go on from, and marks that backlog in the ledger.
#pragma once

#include "models/message_queue/experiment.hpp"

namespace sdsim::message_queue {

// Where a consumer of partition p would go on from: its group's committed offset (pull), or
// the next offset the leader would push (push).
Offset consumer_position(const Experiment& x, int partition);
// Marks in the ledger the messages still in a log past the consumer's position, still in a
// push buffer, in the batch a live consumer committed before processing and was processing,
// or (in the pipeline) still in the input topic past the processors' offsets:
// pending when the partition's leader is up (a backlog); when it is down or there is none,
// they cannot be read at the end and count as lost, those in a down broker's flushed log
// marked apart as unavailable at end (they would come back if it restarted).
void mark_pending(Experiment& x);

}  // namespace sdsim::message_queue
