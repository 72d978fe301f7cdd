#include "models/email/services/mail_store.hpp"

#include <fmt/format.h>

#include "sim/model/run_context.hpp"
#include "sim/services/blob/blob_client.hpp"
#include "sim/services/kv/kv_client.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::email {

void store_email(Experiment& x, Rpc& rpc, std::uint64_t id, int user, const char* folder,
                 bool checks) {
  const bool dsn = id >= kDsnBase;
  const Email* e = dsn ? nullptr : &x.emails.emails.at(id);
  if (checks && x.cfg.incoming.cpu_per_check > 0) sg4::this_actor::sleep_for(x.cfg.incoming.cpu_per_check);
  if (e && e->route == Route::inbound && e->attachment > 0) {
    blob_service::BlobClient blobs(*x.blob, rpc);
    while (!blobs.put(id, e->attachment).ok()) ++x.n.store_retries;
    ++x.n.blob_puts;
    x.n.attachment_bytes += e->attachment;
  }
  kv_service::KvClient kv(rpc, x.store);
  const double bytes = x.cfg.traffic.metadata_bytes;
  const std::string key = fmt::format("mail/{}/{}/{}", user, folder, id);
  while (!kv.put(key, storage::lsm::Value::of_size(std::uint32_t(bytes)),
                 kv_service::Consistency::quorum)
              .ok())
    ++x.n.store_retries;
  const double now = sg4::Engine::get_clock();
  if (!dsn && x.records.at(id).stored >= 0) {
    // A re-read of the outgoing queue after a worker's crash: the put rewrote the same key,
    // and the mailbox keeps its one copy (the key is the email's id).
    ++x.n.duplicate_stores;
    return;
  }
  x.n.metadata_bytes += bytes;
  x.mailboxes[user].deliver(folder, now, dsn ? id - kDsnBase + 1 : id + 1, std::uint64_t(bytes));
  if (dsn) {
    ++x.n.dsn_stored;
    ++x.records.at(id - kDsnBase).bounces;
    return;
  }
  EmailRecord& r = x.records.at(id);
  r.stored = now;
  x.freshness.stored(id, now);
  x.awaiting_search.insert(id);
  x.smtp_index_outbox->send(id, std::uint64_t(user));
}

void start_smtp_in(Experiment& x) {
  const std::string host = x.ctx.hosts_with_role("smtp").front();
  // One scheduler walks the inbound emails in time order and starts an actor for each.
  sg4::Actor::create("smtp-in", sg4::Host::by_name(host), [&x, host] {
    for (const Email& e : x.emails.emails) {
      if (e.route != Route::inbound) continue;
      sg4::this_actor::sleep_until(e.time);
      const std::uint64_t id = e.id;
      sg4::Actor::create(fmt::format("smtp-in-{}", id), sg4::Host::by_name(host), [&x, id] {
        const Email& m = x.emails.emails.at(id);
        x.records.at(id).sent = sg4::Engine::get_clock();
        Rpc rpc(x.ctx.net(), fmt::format("smtp-in-{}", id));
        store_email(x, rpc, id, m.recipient, m.spam ? "Spam" : "INBOX", true);
      })->daemonize();
    }
  })->daemonize();
}

}  // namespace sdsim::email
