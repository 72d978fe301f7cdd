// The web servers (role 'web'): a send is accepted (its attachment refused with 552 above the
// limit, else put in the blob store), then handed to the outgoing queue (the log, keyed by the
// sender) and the send is complete once the queue acknowledged it. The web-mail reader lists a
// random user's inbox (a KV read: mailbox.read_latency), marks its newest message read (a KV
// write) and searches the index for a word.
#pragma once

#include "models/email/experiment.hpp"

namespace sdsim::email {

void start_web_servers(Experiment& x);
void start_reader(Experiment& x);

}  // namespace sdsim::email
