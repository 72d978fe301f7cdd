// The SMTP outbound workers (role 'smtp'): one consumer group on the outgoing queue, one
// worker per partition. A worker delivers a local recipient's email through the mail store
// at once and hands a remote one to the outbound queue's delivery (one actor per email, as an
// MTA's queue manager schedules each message): attempts at the remote domain's server, a
// 250 delivered, a 5yz bounced at once, a 4yz or a silent server retried per RFC 5321 4.5.4.1
// until the give-up time, then bounced; a bounce stores a DSN in the sender's inbox. The
// worker commits its offsets once each email of a poll is stored or queued for delivery.
#pragma once

#include "models/email/experiment.hpp"

namespace sdsim::email {

void start_smtp_out(Experiment& x);

}  // namespace sdsim::email
