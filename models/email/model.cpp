// The email model's registration: builds the log (outgoing and index queues), the KV store,
// the blob store, the search node, the remote mail servers, and the actors on the platform.
#include "models/email/model.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "models/email/services/indexer.hpp"
#include "models/email/services/mail_store.hpp"
#include "models/email/services/smtp_out.hpp"
#include "models/email/services/web_server.hpp"
#include "sim/model/run_context.hpp"

namespace sdsim::email {

bool EmailRecord::final() const {
  return rejected || stored >= 0 || delivery.outcome != Outcome::queued;
}

Experiment::Experiment(const Config& c, RunContext& context)
    : cfg(c), ctx(context), log(c.log, context), store(context, c.store, "store") {}

std::string EmailModel::summary() const {
  return "email: outgoing queue, SMTP retries per RFC 5321 and bounces, mail store by user, "
         "attachments in blobs, a search index fed by the log";
}

std::string EmailModel::description() const {
  return R"(Emails are made before the run from the workload's arrivals (workload.rate: emails/s
over workload.duration): a fraction traffic.inbound_fraction arrives from outside at SMTP in
(role 'smtp'), the others are sent by local users (traffic.users) through the web server (role
'web'), to a remote domain (traffic.remote_fraction, one of smtp.remote_domains, role
'remote') or to a local user. A send stores its attachment in the blob store (role 'blob'),
refused with 552 above traffic.attachment_limit, and is complete once the outgoing queue (the
log, roles 'broker' and 'controller', keyed by sender) acknowledged it. The SMTP outbound
workers (smtp.workers, one per queue partition) deliver local mail through the mail store at
once and remote mail to its domain's server (an external endpoint: an answer is 250, or 550
for traffic.unknown_recipient of the recipients; an error 451, a refusal or silence for
smtp.attempt_timeout 421). A 4yz is retried after smtp.retry.min_interval (growing by
smtp.retry.backoff up to max_interval) until smtp.retry.give_up after it was queued, when it
bounces (DSN status 4.4.7); a 5yz bounces at once; a bounce stores a notification (DSN) in the
sender's inbox. smtp.outage_domain is unreachable during smtp.outages. Deliveries a crash of
the SMTP host cut off resume from the durable outbound queue at its restart (no sooner than
min_interval after their last attempt began). Mail from outside is sent by servers on a
remote host (16 connections) to SMTP in (role 'smtp'), which answers 250 once the email is in
its processing queue (the log's topic 'incoming', acks=all); a refused or unanswered
transaction is tried again smtp.retry.min_interval later. The processor consumes that queue
and stores each email (a crash re-reads from the committed offsets: the same key is written
again, email.duplicate_stores). The mail store checks
incoming mail (incoming.cpu_per_check; incoming.spam_rate of inbound mail goes to Spam),
writes its metadata (traffic.metadata_bytes) to the KV store (role 'store') under
mail/<user>/<folder>/<id>, and hands the id to the index queue; the indexer on the search
node's host (role 'search') indexes it, searchable at the next refresh (search.refresh_interval).
A web-mail reader lists a random user's inbox, marks its newest message read and searches,
every reader.interval. The run drains until every email is stored, delivered or bounced and
every stored email is searchable (at most workload.drain).
Outputs: emails.csv: id, route (local, remote, inbound), sender and recipient (user, -1:
remote), domain (-1: local), attachment (B), sent, queued (acknowledged by the outgoing queue;
inbound: accepted by SMTP in), stored (in the recipient's mailbox), indexed (acknowledged by
the search node), searchable (the refresh at which the node showed it), finished (delivered or bounced; s, -1: not
yet), outcome (stored, delivered, bounced, queued, rejected, lost), attempts, bounces (DSNs
stored), dsn_status.)";
}

std::vector<RoleRequest> EmailModel::roles(const ParamValues& p, const WorkloadSpec&) const {
  const Config c = email::params().read(p);
  return {{"web", 1},
          {"smtp", 1},
          {"broker", c.brokers},
          {"controller", 1},
          {"store", c.store_nodes},
          {"blob", c.blob_nodes},
          {"search", 1},
          {"remote", c.smtp.remote_domains}};
}

std::string EmailModel::default_platform(const ParamValues& p, const WorkloadSpec& load) const {
  return racked_platform(roles(p, load), 3);
}

void EmailModel::check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const {
  const Config c = email::params().read(p);
  if (c.smtp.retry.max_interval < c.smtp.retry.min_interval)
    diags.error(p.where("smtp.retry.max_interval"), "params.smtp.retry.max_interval",
                "cannot be below params.smtp.retry.min_interval");
  if (c.smtp.outage_domain >= c.smtp.remote_domains)
    diags.error(p.where("smtp.outage_domain"), "params.smtp.outage_domain",
                fmt::format("must be below params.smtp.remote_domains ({})", c.smtp.remote_domains));
  for (const char* key : {"smtp.outages", "smtp.remote.outages"}) {
    try {
      (void)external_service::ExternalConfig::parse_outages(p.text(key));
    } catch (const std::invalid_argument& e) {
      diags.error(p.where(key), fmt::format("params.{}", key), e.what());
    }
  }
  if (c.store.replication_factor > c.store_nodes)
    diags.error(p.where("store.replication_factor"), "params.store.replication_factor",
                "cannot exceed params.store_nodes");
  if (c.log.replication_factor > c.brokers)
    diags.error(p.where("log.replication_factor"), "params.log.replication_factor",
                "cannot exceed params.brokers");
  if (c.log.min_insync_replicas > c.log.replication_factor)
    diags.error(p.where("log.min_insync_replicas"), "params.log.min_insync_replicas",
                "cannot exceed params.log.replication_factor");
  if (load.requests > 0)
    diags.error(load.loc, "workload.requests",
                "emails are made for workload.duration; remove workload.requests");
  if (load.duration <= 0)
    diags.error(load.loc, "workload.duration", "the email model needs a load duration");
}

void EmailModel::setup(RunContext& ctx) {
  x_ = std::make_unique<Experiment>(read_config(ctx.params()), ctx);
  Experiment& x = *x_;
  const Config& c = x.cfg;
  RandomStream rng = ctx.stream("emails");
  x.emails = make_emails(c, ctx.workload(), rng);
  x.records.resize(x.emails.emails.size());
  for (const Email& e : x.emails.emails) x.records[e.id].delivery.queued_at = -1;

  x.outgoing = &x.log.add_topic("outgoing", c.smtp.workers);
  x.outgoing_group = x.log.add_group("smtp-out", *x.outgoing, c.consumer.session_timeout);
  x.index_topic = &x.log.add_topic("index", 1);
  x.index_group = x.log.add_group("indexer", *x.index_topic, c.consumer.session_timeout);
  x.incoming = &x.log.add_topic("incoming", 1);
  x.incoming_group = x.log.add_group("smtp-in", *x.incoming, c.consumer.session_timeout);
  x.log.start(ctx.hosts_with_role("broker"), ctx.hosts_with_role("controller").front());
  x.store.start(ctx.hosts_with_role("store"));
  const auto& blob_hosts = ctx.hosts_with_role("blob");
  x.blob = std::make_unique<blob_service::BlobStore>(ctx, c.blob, blob_hosts.front(), blob_hosts,
                                                     "attachments");
  x.blob->start();
  x.search = std::make_unique<search_service::SearchNode>(ctx, "search",
                                                          ctx.hosts_with_role("search").front(),
                                                          c.search);
  x.search->start();
  const auto& remote_hosts = ctx.hosts_with_role("remote");
  for (int d = 0; d < c.smtp.remote_domains; ++d) {
    external_service::ExternalConfig rc = c.smtp.remote;
    if (d == c.smtp.outage_domain) rc.outages = c.smtp.outages;
    x.remotes.push_back(std::make_unique<external_service::ExternalEndpoint>(
        ctx, fmt::format("remote-{}", d), remote_hosts.at(std::size_t(d)), rc));
    x.remotes.back()->start();
  }
  x.web_outbox = std::make_unique<log_service::LogAppender>(
      x.log, c.producer, *x.outgoing, "web/outbox", ctx.hosts_with_role("web").front(), 7000000);
  x.web_outbox->start();
  x.smtp_index_outbox = std::make_unique<log_service::LogAppender>(
      x.log, c.producer, *x.index_topic, "smtp/index-outbox", ctx.hosts_with_role("smtp").front(),
      7000001);
  x.smtp_index_outbox->start();
  x.smtp_in_outbox = std::make_unique<log_service::LogAppender>(
      x.log, c.producer, *x.incoming, "smtp/incoming", ctx.hosts_with_role("smtp").front(),
      7000002);
  x.smtp_in_outbox->start();
  x.smtp_in = ctx.net().register_service<SmtpInProtocol>("smtp-in", ctx.hosts_with_role("smtp").front());

  start_web_servers(x);
  start_smtp_in(x);
  start_smtp_out(x);
  start_indexer(x);
  start_visibility_watch(x);
  start_reader(x);
  const std::string search_host = ctx.hosts_with_role("search").front();
  const std::string smtp_host = ctx.hosts_with_role("smtp").front();
  ctx.on_fault([&x, search_host, smtp_host](const FaultEvent& e) {
    if (e.target == smtp_host && e.kind == FaultAction::Kind::HostOff) x.smtp_down.push_back(e.time);
    if (e.target != search_host) return;
    if (e.kind == FaultAction::Kind::HostOff) x.search_down.push_back({e.time});
    if (e.kind == FaultAction::Kind::HostOn && !x.search_down.empty()) x.search_down.back().end = e.time;
  });
  ctx.recorder().add_gauge("search_inconsistent",
                           [&x] { return double(x.awaiting_search.size()); });
  ctx.timeline().drain_until([&x] {
    for (const EmailRecord& r : x.records) {
      if (!r.final()) return false;
      if (r.stored >= 0 && r.searchable < 0) return false;
      if (r.delivery.outcome == Outcome::bounced && r.bounces == 0) return false;
    }
    return true;
  });
}

const ModelRegistration registration{[] { return std::make_unique<EmailModel>(); }};

}  // namespace sdsim::email
