// Consumer applications. Pull mode: members of a consumer group (one per 'consumer' host)
// that poll the log, process each record (process_time), and commit offsets before
// processing (at-most-once) or after (at-least-once). Push mode: the leaders push committed
// records to a bounded buffer on the consumer (partition p goes to consumer p % members);
// what does not fit is dropped and counted.
//
// Durable: nothing but an incarnation counter (offsets live at the coordinator). A crashed
// member loses the batch it was processing, and restarts with its host.
#pragma once

#include <string>

#include "models/message_queue/experiment.hpp"

namespace sdsim::message_queue {

// `role`: 'consumer', or 'reader' for the read_committed readers of the exactly-once
// pipeline's output topic.
// Pull consumer `index` (its host among the role's); `group` is which of the experiment's
// consumer groups it belongs to (member index % members).
void start_pull_consumer(Experiment& x, int index, const std::string& role = "consumer",
                         int group = 0);
// Registers the push consumers' services (before the log starts) and starts them.
void start_push_consumers(Experiment& x);

}  // namespace sdsim::message_queue
