#include "models/email/services/smtp_out.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "models/email/services/mail_store.hpp"
#include "sim/model/run_context.hpp"
#include "sim/services/external/protocol.hpp"
#include "sim/services/log/consumer.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::email {
namespace {

// One attempt at the recipient's domain: the reply code the client ends the transaction with.
int attempt(Experiment& x, Rpc& rpc, const Email& e) {
  CallOptions opt;
  opt.timeout = x.cfg.smtp.attempt_timeout;
  opt.retries = 0;
  const double bytes = x.cfg.traffic.metadata_bytes + e.attachment;
  auto r = rpc.call(x.remotes.at(std::size_t(e.domain))->endpoint(),
                    external_service::ExternalCall{"DATA", bytes, 0}, opt);
  ++x.n.attempts;
  switch (r.status) {
    case Status::Ok: return e.recipient_unknown ? 550 : 250;
    case Status::Error: return 451;        // local error in processing
    case Status::Timeout: ++x.n.timeouts; return 421;  // no answer: service not available
    default: return 421;                   // connection refused
  }
}

void deliver_remote(Experiment& x, std::uint64_t id) {
  const std::string host = x.ctx.hosts_with_role("smtp").front();
  sg4::Actor::create(fmt::format("smtp-delivery-{}", id), sg4::Host::by_name(host), [&x, id] {
    const Email& e = x.emails.emails.at(id);
    Delivery& d = x.records.at(id).delivery;
    Rpc rpc(x.ctx.net(), fmt::format("smtp-delivery-{}", id));
    const EmailRecord& started = x.records.at(id);
    if (started.attempt_start >= 0 && !d.bounce_due) {
      // Resumed from the durable queue after a crash (an attempt may have been cut short):
      // still no sooner than min_interval after the last attempt began.
      sg4::this_actor::sleep_until(
          std::max(d.next, started.attempt_start + x.cfg.smtp.retry.min_interval));
    } else if (d.bounce_due) {
      sg4::this_actor::sleep_until(d.next);
    }
    while (d.outcome == Outcome::queued) {
      const double now = sg4::Engine::get_clock();
      if (d.bounce_due) {
        give_up(d, now);
        break;
      }
      EmailRecord& rec = x.records.at(id);
      if (rec.attempt_start >= 0) {
        ++x.n.retries;
        const double gap = now - rec.attempt_start;
        x.n.retry_interval_min =
            x.n.retry_interval_min < 0 ? gap : std::min(x.n.retry_interval_min, gap);
      }
      rec.attempt_start = now;
      const int code = attempt(x, rpc, e);
      after_attempt(d, x.cfg.smtp.retry, sg4::Engine::get_clock(), code);
      if (classify_reply(code) == ReplyClass::transient) ++x.n.transient;
      if (classify_reply(code) == ReplyClass::permanent) ++x.n.permanent;
      if (d.outcome == Outcome::queued) sg4::this_actor::sleep_until(d.next);
    }
    if (d.outcome == Outcome::bounced) store_email(x, rpc, kDsnBase + id, e.sender, "INBOX", false);
  })->daemonize();
}

void run_worker(Experiment& x, int w, std::uint64_t incarnation) {
  log_service::LogConsumer consumer(x.log, x.cfg.consumer, x.outgoing_group, w, incarnation,
                                    fmt::format("smtp-out-{}", w));
  while (true) {
    const log_service::Poll poll = consumer.poll();
    if (poll.empty()) continue;
    for (log_service::RecordId id : poll.records) {
      const Email& e = x.emails.emails.at(id);
      EmailRecord& r = x.records.at(id);
      if (e.route == Route::local) {
        store_email(x, consumer.rpc(), id, e.recipient, "INBOX", true);
      } else if (r.delivery.queued_at < 0) {  // not yet in the delivery queue (no re-read)
        r.delivery.queued_at = sg4::Engine::get_clock();
        deliver_remote(x, id);
      }
    }
    consumer.commit(poll);
  }
}

}  // namespace

void start_smtp_out(Experiment& x) {
  const std::string host = x.ctx.hosts_with_role("smtp").front();
  for (int w = 0; w < x.cfg.smtp.workers; ++w) {
    auto lives = std::make_shared<std::uint64_t>(0);  // durable: survives restarts
    sg4::Actor::create(fmt::format("smtp-out-{}", w), sg4::Host::by_name(host), [&x, w, lives] {
      sg4::Actor::self()->daemonize();
      if (++*lives > 1) {
        ++x.n.worker_restarts;
        // The outbound queue is on disk: worker 0 resumes every delivery the crash cut off.
        if (w == 0)
          for (std::uint64_t id = 0; id < x.records.size(); ++id) {
            const Delivery& d = x.records[id].delivery;
            if (d.queued_at < 0 || d.outcome != Outcome::queued) continue;
            ++x.n.delivery_resumes;
            deliver_remote(x, id);
          }
      }
      run_worker(x, w, *lives);
    })->set_auto_restart(true);
  }
}

}  // namespace sdsim::email
