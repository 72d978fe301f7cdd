// The payment model's registration: builds the PSP (and the card network behind it), the
// payment database, the payment service with its executor, and the checkout clients.
#include "models/payment/model.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "models/payment/services/payment_service.hpp"
#include "models/payment/services/psp.hpp"
#include "models/payment/tables.hpp"
#include "sim/model/run_context.hpp"

namespace sdsim::payment {

std::string PaymentModel::summary() const {
  return "pay-in through a payment service, executor, PSP, wallet and double-entry ledger; "
         "idempotency, "
         "retries, dead letters, reconciliation";
}

std::string PaymentModel::description() const {
  return R"(Checkout clients (role 'client') send pay-ins (one payment order each: the order id,
an amount in cents, a seller) to the payment service (role 'payment', service 'payment'),
whose executor stores the order in the payment database (role 'database', a PostgreSQL-like
server: tables orders, ledger, wallet, dead_letters) as NOT_STARTED, then EXECUTING, and
charges it at the PSP (role 'psp'), which authorises each charge through the card network
(role 'card-network', an external endpoint: lognormal latency, errors, time-outs, outages).
With `idempotency: true` the order id is the charge's idempotency key: the PSP keeps the
first result of a key and replays it; a timed-out charge (which may have been made:
psp.timeout_after_charge) is resolved by querying the PSP with the key. With false every
attempt is a new charge, and a time-out after charging becomes a double charge.
Transient failures are retried (`retry`: immediate, fixed, incremental or exponential with
jitter, honouring the PSP's Retry-After) up to `max_attempts`, then the order is FAILED and
goes to the dead_letters table. A success updates, in one transaction, the order (SUCCESS,
ledger_updated, wallet_updated, is_payment_done), the ledger (debit psp_receivable, credit
the seller) and the seller's wallet. A crash of the payment host loses the orders in
progress; its restart finds every order not final and resolves it by key at the PSP.
With `flow: hosted` the executor registers each order at the PSP (a payment session, the
order id as nonce) and the buyer pays on the PSP's hosted page (psp.hosted: page_time,
abandon_rate, session_expiry); the result comes back by the buyer's redirect (the service then
asks the PSP by key) and by the PSP's webhook, either of which may be lost, delayed or
duplicated (webhook_loss, webhook_delay, webhook_duplicate, redirect_loss). The first to
arrive finishes the order; later ones find it final and change nothing; with `poll` the
sweeper asks the PSP by key for orders neither reached. Without keys a waiting order gets a
new session each sweep, and its buyer pays again.
With `retry_queue.mode: log` the retries and dead letters are topics of a Kafka-like log
(roles 'broker' x retry_queue.log.brokers and 'controller'; sim/services/log): a charge that
failed transiently or timed out is appended (acks=all, idempotent producer on the payment
host) to topic payment-retry, keyed by order id, with its next attempt and due time (the
`retry` schedule); the checkout hears "pending". Retry consumers (retry_queue.consumers, one
group) read a poll, hand each record to a worker when due and commit the poll once all are
handled: a crash re-reads an uncommitted poll, and the same idempotency key makes the second
execution a replay (a time-out that had charged is answered "charged", not charged again).
After max_attempts (a last time-out is first resolved by a query by key) the order goes to
topic payment-dead-letter and is FAILED. The sweeper leaves orders with a record in the retry
topic to the consumers. Only with flow: direct.
After the run the PSP's settlement file is reconciled with the ledger and the orders;
`inject` plants mismatches of each class, and the reconciliation must find every one.
Outputs (amounts in cents, times in s):
  orders.csv: order_id, amount, seller, state, attempts, charge_id, psp_charges,
    ledger_updated, wallet_updated, is_payment_done, dead_letter (0/1), created, finished,
    latency (finished - created, 0 when not final);
  ledger.csv: entry_id, txn (order), account, debit, credit, time (commit);
  settlement.csv (the PSP's file): charge_id, order_id, amount, currency, status, time;
  reconciliation.csv: order_id, charge_id, kind, class, difference (settlement - ledger),
    fixed (0/1);
  retries.csv (mode log): record_id, order_id, attempt (the PSP call it is: 2 for the first
    retry), failed_at (s, the failed call's end), due (s), started (s, its first execution;
    -1: skipped, the order was final, or never read), delay (s, started - failed_at; 0 when
    not started), executions (1, or more when re-read after a crash);
  dead_letters.csv (mode log, the dead-letter topic as the log holds it): partition, offset,
    order_id, attempts (PSP calls made), time (s, handed to the producer).)";
}

std::vector<RoleRequest> PaymentModel::roles(const ParamValues& p, const WorkloadSpec&) const {
  std::vector<RoleRequest> r{
      {"client", 1}, {"payment", 1}, {"database", 1}, {"psp", 1}, {"card-network", 1}};
  const Config c = read_config(p);
  if (c.retry_queue.mode == RetryQueueMode::log) {
    r.push_back({"broker", c.retry_queue.log.brokers});
    r.push_back({"controller", 1});
  }
  return r;
}

std::string PaymentModel::default_platform(const ParamValues& p, const WorkloadSpec& w) const {
  int hosts = 0;
  for (const RoleRequest& r : roles(p, w)) hosts += r.count;
  return "datacenters:\n"
         "  - name: dc-0\n"
         "    racks:\n"
         "      - {name: rack-0, hosts: " + std::to_string(hosts) +
         ", uplink: {bandwidth: 10Gbps, latency: 50us}}\n"
         "host:\n  speed: 1Gf\n  cores: 8\n  link: {bandwidth: 1Gbps, latency: 100us}\n"
         "  disks:\n    - {name: disk0, read: 500MBps, write: 400MBps}\n";
}

void PaymentModel::check(const ParamValues& p, const WorkloadSpec&, Diagnostics& diags) const {
  const Config c = read_config(p);
  if (c.retry_queue.mode == RetryQueueMode::log) {
    const auto& log = c.retry_queue.log;
    if (log.replication_factor > log.brokers)
      diags.error(p.where("retry_queue.log.replication_factor"),
                  "params.retry_queue.log.replication_factor",
                  "cannot exceed params.retry_queue.log.brokers");
    if (log.min_insync_replicas > log.replication_factor)
      diags.error(p.where("retry_queue.log.min_insync_replicas"),
                  "params.retry_queue.log.min_insync_replicas",
                  "cannot exceed params.retry_queue.log.replication_factor");
    if (c.flow == Flow::hosted)
      diags.error(p.where("retry_queue.mode"), "params.retry_queue.mode",
                  "log applies to flow: direct (the hosted page's buyer makes the charge)");
  }
  if (c.amount_min > c.amount_max)
    diags.error(p.where("amount_min"), "params.amount_min", "cannot exceed params.amount_max");
  try {
    (void)c.psp.card_network.outage_windows();
  } catch (const std::invalid_argument& e) {
    diags.error(p.where("psp.card_network.outages"), "params.psp.card_network.outages", e.what());
  }
}

void PaymentModel::setup(RunContext& ctx) {
  cfg_ = read_config(ctx.params());
  x_ = std::make_shared<Experiment>(cfg_.psp.retention);
  Net& net = ctx.net();
  card_ = std::make_unique<external_service::ExternalEndpoint>(
      ctx, "card-network", ctx.hosts_with_role("card-network").front(), cfg_.psp.card_network);
  card_->start();
  db_ = std::make_unique<sql_service::SqlServer>(
      ctx, "payment-db", ctx.hosts_with_role("database").front(), cfg_.database);
  for (auto& schema : payment_schemas()) db_->create_table(std::move(schema));
  db_->start();

  const auto psp = net.register_service<PspProtocol>("psp", ctx.hosts_with_role("psp").front());
  auto x = x_;
  const Config cfg = cfg_;
  const external_service::ExternalEndpoint& card = *card_;
  const std::uint64_t seed = ctx.seed();
  const auto payment =
      net.register_service<PaymentProtocol>("payment", ctx.hosts_with_role("payment").front());
  spawn_service<PspProtocol>(net, psp, [&net, cfg, &card, x, seed, psp, payment] {
    return std::make_unique<Psp>(net, cfg.psp, cfg.inject, card, x, RandomStream(seed, "psp"), psp,
                                 payment);
  });
  PaymentEndpoints to{psp, db_->endpoint(), {}};
  if (cfg_.retry_queue.mode == RetryQueueMode::log) {
    const RetryQueueConfig& q = cfg_.retry_queue;
    const std::string payment_host = ctx.hosts_with_role("payment").front();
    log_ = std::make_unique<log_service::LogCluster>(q.log, ctx);
    const auto& retry_topic = log_->add_topic("payment-retry", q.partitions);
    retry_group_ = log_->add_group("payment-retry", retry_topic, q.consumer.session_timeout);
    const auto& dead_topic = log_->add_topic("payment-dead-letter", 1);
    // The dead letters wait for a person to review them: this group reads nothing during the
    // run, so the log keeps every dead letter (the end-of-run dead_letters.csv is that review).
    log_->add_group("dead-letter-review", dead_topic, q.consumer.session_timeout);
    log_->start(ctx.hosts_with_role("broker"), ctx.hosts_with_role("controller").front());
    retry_out_ = std::make_unique<log_service::LogAppender>(
        *log_, q.producer, retry_topic, "payment/retry-producer", payment_host, 8000000);
    retry_out_->start();
    dead_out_ = std::make_unique<log_service::LogAppender>(
        *log_, q.producer, dead_topic, "payment/dead-letter-producer", payment_host, 8000001);
    dead_out_->start();
    to.queue = RetryTopics{log_.get(), retry_out_.get(), dead_out_.get(), retry_group_};
  }
  spawn_service<PaymentProtocol>(net, payment, [&net, cfg, to, x, seed] {
    // Each incarnation draws its back-offs from its own stream.
    RandomStream rng(seed, fmt::format("payment/retry#{}", x->n.lives));
    return std::make_unique<PaymentService>(net, cfg, to, x, rng);
  });
  ctx.timeline().drain_until([x] { return x->n.open_orders.empty(); });
  const std::int64_t lo = cfg_.amount_min, span = cfg_.amount_max - cfg_.amount_min + 1,
                     sellers = cfg_.sellers;
  ctx.start_clients("client", [payment, lo, span, sellers](std::uint64_t seq, std::uint64_t key,
                                                           RandomStream& rng) {
    const std::int64_t amount = lo + std::int64_t(rng.below(std::uint64_t(span)));
    return client_request(payment,
                          PayIn{seq + 1, amount, std::int64_t(key % std::uint64_t(sellers))});
  });
}

const ModelRegistration registration{[] { return std::make_unique<PaymentModel>(); }};

}  // namespace sdsim::payment
