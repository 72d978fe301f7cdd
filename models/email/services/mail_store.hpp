// The mail store's write path, run by the SMTP servers' actors (role 'smtp'): the checks an
// incoming email pays (spam, virus, SPF/DKIM/DMARC, a CPU cost), its attachment into the blob
// store when it came from outside, its metadata into the KV store under the recipient's user id
// and folder (retried until acknowledged), the mailbox block updated, and the email id handed to
// the index queue. SMTP in (inbound emails from outside) runs one actor per arriving email.
#pragma once

#include "models/email/experiment.hpp"
#include "sim/net/rpc.hpp"

namespace sdsim::email {

// Stores email `id` (or a DSN, id >= kDsnBase) for local user `user` in `folder`.
void store_email(Experiment& x, Rpc& rpc, std::uint64_t id, int user, const char* folder,
                 bool checks);
void start_smtp_in(Experiment& x);

}  // namespace sdsim::email
