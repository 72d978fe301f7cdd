#include "models/email/services/mail_store.hpp"

#include <fmt/format.h>

#include "sim/model/run_context.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"
#include "sim/services/log/consumer.hpp"
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
    // A re-read of a queue after a crash: the put rewrote the same key, and the mailbox keeps
    // its one copy (the key is the email's id); the index record is sent again (indexing is
    // by id), since the crash may have come before it was acknowledged.
    ++x.n.duplicate_stores;
    while (x.smtp_index_outbox->append(rpc, id, std::uint64_t(user)) != Status::Ok) {
    }
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
  // Acknowledged before the caller commits its poll, so a crash cannot lose it.
  while (x.smtp_index_outbox->append(rpc, id, std::uint64_t(user)) != Status::Ok) {
  }
}

namespace {

// SMTP in on its host: an email is accepted (250) once the processing queue (the log, acks=all)
// acknowledged it; before that the sending server keeps it and tries again.
struct SmtpIn : ServiceHandler<SmtpInProtocol> {
  SmtpIn(Experiment& x) : x(x), rpc(x.ctx.net(), "smtp-in/accept") {}
  void handle(std::unique_ptr<Letter<SmtpInProtocol>> msg) override {
    const SmtpData& data = std::get<SmtpData>(msg->body);
    const Email& e = x.emails.emails.at(data.id);
    if (x.smtp_in_outbox->append(rpc, data.id, std::uint64_t(e.recipient)) != Status::Ok) {
      x.ctx.net().fail(*msg, Status::Unavailable);
      return;
    }
    EmailRecord& r = x.records.at(data.id);
    if (r.queued < 0) r.queued = sg4::Engine::get_clock();
    x.ctx.net().reply(*msg, SmtpAccepted{});
  }
  Experiment& x;
  Rpc rpc;
};

// The sending side, outside: one transaction per email, from a pool of sender connections on
// a remote host; a refused or unanswered one is tried again smtp.retry.min_interval later
// (the sender follows RFC 5321 too).
void send_inbound(Experiment& x, WorkerPool<std::uint64_t>& pool,
                  std::vector<std::unique_ptr<Rpc>>& rpcs, int worker, std::uint64_t id) {
  auto& rpc = rpcs.at(std::size_t(worker));
  if (!rpc) rpc = std::make_unique<Rpc>(x.ctx.net(), fmt::format("inbound-sender-{}", worker));
  const Email& e = x.emails.emails.at(id);
  EmailRecord& r = x.records.at(id);
  if (r.sent < 0) r.sent = sg4::Engine::get_clock();
  ++r.inbound_attempts;
  CallOptions opt;
  opt.timeout = x.cfg.smtp.attempt_timeout;
  const auto reply = rpc->call(x.smtp_in, SmtpData{id, x.cfg.traffic.metadata_bytes + e.attachment}, opt);
  if (reply.ok()) return;
  ++x.n.inbound_retries;
  x.ctx.timeline().at(sg4::Engine::get_clock() + x.cfg.smtp.retry.min_interval,
                      fmt::format("inbound-retry-{}", id), [&pool, id] { pool.submit(id); });
}

}  // namespace

void start_smtp_in(Experiment& x) {
  const std::string host = x.ctx.hosts_with_role("smtp").front();
  Net& net = x.ctx.net();
  spawn_service<SmtpInProtocol>(net, x.smtp_in, [&x] { return std::make_unique<SmtpIn>(x); });
  // The processing queue's consumer: checks, stores, commits; restarted with the host, it
  // goes on from the committed offsets (a re-read stores the same key again: counted).
  auto lives = std::make_shared<std::uint64_t>(0);
  sg4::Actor::create("smtp-in-processor", sg4::Host::by_name(host), [&x, lives] {
    sg4::Actor::self()->daemonize();
    ++*lives;
    log_service::LogConsumer consumer(x.log, x.cfg.consumer, x.incoming_group, 0, *lives,
                                      "smtp-in-processor");
    while (true) {
      const log_service::Poll poll = consumer.poll();
      if (poll.empty()) continue;
      for (log_service::RecordId id : poll.records) {
        const Email& m = x.emails.emails.at(id);
        store_email(x, consumer.rpc(), id, m.recipient, m.spam ? "Spam" : "INBOX", true);
      }
      consumer.commit(poll);
    }
  })->set_auto_restart(true);
  // Outside senders on a remote host (no fault of the architecture's reaches them here).
  const std::string outside = x.ctx.hosts_with_role("remote").back();
  sg4::Actor::create("inbound-senders", sg4::Host::by_name(outside), [&x] {
    auto rpcs = std::make_shared<std::vector<std::unique_ptr<Rpc>>>(16);
    auto pool = std::make_shared<std::unique_ptr<WorkerPool<std::uint64_t>>>();
    *pool = std::make_unique<WorkerPool<std::uint64_t>>(
        "inbound-sender", 16, [&x, pool, rpcs](int w, std::uint64_t& id) {
          send_inbound(x, **pool, *rpcs, w, id);
        });
    x.inbound_pool = pool;
    for (const Email& e : x.emails.emails) {
      if (e.route != Route::inbound) continue;
      sg4::this_actor::sleep_until(e.time);
      (*pool)->submit(e.id);
    }
  })->daemonize();
}

}  // namespace sdsim::email
