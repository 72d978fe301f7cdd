// The payment model's metric table and its end-of-run accounting: the orders, ledger and
// wallets read back from the database, the PSP's books, the checkers (ledger balance, wallet
// against ledger, charges per order) and the reconciliation; and its CSV files.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "models/payment/model.hpp"
#include "models/payment/tables.hpp"
#include "sim/model/run_context.hpp"
#include "sim/output/csv.hpp"

namespace sdsim::payment {

MetricTable PaymentModel::metric_table() const {
  const Results& r = results_;
  static const std::string kLog = "params.retry_queue.mode: log";
  const auto log_mode = [](const RunShape& shape) {
    return read_config(shape.params).retry_queue.mode == RetryQueueMode::log;
  };
  auto v = [&r](double Results::*f) { return [&r, f] { return r.*f; }; };
  MetricTable t;
  t.add("payments.orders", "", "payment orders stored by the payment service", v(&Results::orders))
      .add("payments.succeeded", "", "orders SUCCESS at the end", v(&Results::succeeded))
      .add("payments.failed", "", "orders FAILED at the end (declined or dead-lettered)",
           v(&Results::failed))
      .add("payments.in_dlq", "", "orders in the dead letters after max_attempts",
           v(&Results::in_dlq))
      .add("stuck_orders", "", "orders NOT_STARTED or EXECUTING at the end", v(&Results::stuck))
      .add("double_charges", "", "PSP charges beyond one per order", v(&Results::double_charges))
      .add("lost_payments", "", "orders the PSP charged that are not SUCCESS at the end",
           v(&Results::lost))
      .add("ledger.entries", "", "ledger entries committed", v(&Results::entries))
      .add("ledger.imbalance.max", "",
           "largest |sum of debits - sum of credits| after any committed transaction (0: double "
           "entry holds)",
           v(&Results::imbalance))
      .add("wallet_vs_ledger.mismatch", "",
           "sellers whose wallet balance differs from their ledger account",
           v(&Results::wallet_mismatch))
      .add("orders.flags_inconsistent", "",
           "SUCCESS orders whose ledger_updated/wallet_updated flags disagree with the ledger",
           v(&Results::flags_inconsistent))
      .add("reconciliation.found", "", "mismatches the reconciliation found (any class)",
           v(&Results::found))
      .add("reconciliation.injected", "", "mismatches planted by params.inject",
           v(&Results::injected))
      .add("reconciliation.found_injected", "", "planted mismatches found with their expected kind",
           v(&Results::found_injected))
      .add("reconciliation.auto_fixed", "", "mismatches of the auto-fixable class, fixed",
           v(&Results::auto_fixed))
      .add("reconciliation.manual_review", "", "mismatches needing manual review (known cause)",
           v(&Results::manual))
      .add("reconciliation.unclassifiable", "", "mismatches of no known cause",
           v(&Results::unclassifiable))
      .add("reconciliation.ledger_imbalance_after_fix", "",
           "cents: ledger.imbalance.max with the fixes posted", v(&Results::imbalance_after_fix))
      .add("payment.latency.p50", "s", "median time from order stored to final state",
           v(&Results::latency_p50))
      .add("payment.latency.p99", "s", "99th percentile of the same", v(&Results::latency_p99))
      .add("payment.latency.mean", "s", "mean of the same", v(&Results::latency_mean))
      .add("psp.calls.per_order", "", "charge calls the executor made per order",
           v(&Results::calls_per_order))
      .add("psp.charges", "", "charges the PSP made (settlement rows, planted ones included)",
           v(&Results::charges))
      .add("psp.queries", "", "status queries by idempotency key", v(&Results::queries))
      .add("psp.timeouts", "", "executor charge calls left unanswered within psp_timeout",
           v(&Results::timeouts))
      .add("psp.answers_dropped", "", "charges made whose answer the PSP never sent",
           v(&Results::dropped))
      .add("psp.replays", "", "repeated keys answered with the stored result", v(&Results::replays))
      .add("psp.conflicts", "", "repeats while the key's first request was executing",
           v(&Results::conflicts))
      .add("recovery.restarts", "", "payment service restarts after a crash",
           v(&Results::recoveries))
      .add("recovery.orders", "", "unfinished orders a restart found", v(&Results::recovered))
      .add("recovery.resolved_by_query", "", "orders whose outcome a key query at the PSP decided",
           v(&Results::resolved_by_query))
      .add("orders.wrong_state", "",
           "final orders whose state disagrees with the PSP's books (SUCCESS uncharged, FAILED "
           "charged)",
           v(&Results::wrong_state))
      .add("hosted.sessions", "", "payment sessions the PSP opened (flow: hosted)",
           v(&Results::sessions))
      .add("hosted.abandoned", "", "sessions whose buyer left the page (expired unpaid)",
           v(&Results::abandoned))
      .add("webhook.sent", "", "payment sessions whose result the PSP sent by webhook",
           v(&Results::webhooks))
      .add("webhook.lost", "", "webhooks never delivered", v(&Results::webhooks_lost))
      .add("webhook.duplicated", "", "webhooks delivered twice", v(&Results::webhooks_duplicated))
      .add("redirect.lost", "", "buyers' redirects back that never arrived",
           v(&Results::redirects_lost))
      .add("events.received", "", "redirects and webhooks the payment service received",
           v(&Results::events))
      .add("events.ignored", "", "redirects and webhooks that found their order final (no change)",
           v(&Results::events_ignored))
      .add("resolved.by_webhook", "", "hosted orders a webhook finished", v(&Results::by_webhook))
      .add("resolved.by_redirect", "", "hosted orders a redirect finished",
           v(&Results::by_redirect))
      .add("resolved.by_poll", "", "hosted orders the sweeper's poll by key finished",
           v(&Results::by_poll))
      .add_if("retry_queue.published", "", "retry records the log acknowledged on the retry topic",
              kLog, log_mode, v(&Results::queue_published))
      .add_if("retry_queue.retried", "", "retry records a retry consumer's worker executed (once each)",
              kLog, log_mode, v(&Results::queue_retried))
      .add_if("retry_queue.redelivered", "",
              "second executions of a retry record re-read after a crash (its poll uncommitted)",
              kLog, log_mode, v(&Results::queue_redelivered))
      .add_if("retry_queue.skipped", "",
              "retry records read for an order already final or held by a worker (re-reads)", kLog,
              log_mode, v(&Results::queue_skipped))
      .add_if("retry_queue.append_failures", "",
              "retry or dead-letter records the producer gave up on", kLog, log_mode,
              v(&Results::queue_append_failures))
      .add_if("retry_queue.delay.mean", "s",
              "mean time from a failed PSP call's end to its retry's first start (back-off + queueing)",
              kLog, log_mode, v(&Results::queue_delay_mean))
      .add_if("retry_queue.delay.p99", "s", "99th percentile of the same", kLog, log_mode,
              v(&Results::queue_delay_p99))
      .add_if("retry_queue.delay.max", "s", "largest of the same", kLog, log_mode,
              v(&Results::queue_delay_max))
      .add_if("dead_letter_queue.records", "", "records on the dead-letter topic", kLog, log_mode,
              v(&Results::dead_records))
      .add_if("dead_letter_queue.orders", "", "distinct orders on the dead-letter topic", kLog,
              log_mode, v(&Results::dead_orders))
      .add("estimate.tps", "1/s", "the book's estimate: transactions_per_day / 86400 s",
           v(&Results::tps));
  return t;
}

namespace {

void write_orders(const Recorder& rec_files, const std::vector<OrderRow>& orders, const PspBook& psp) {
  CsvWriter w(rec_files.output_path("orders.csv"),
              {"order_id", "amount", "seller", "state", "attempts", "charge_id", "psp_charges",
               "ledger_updated", "wallet_updated", "is_payment_done", "dead_letter", "created",
               "finished", "latency"});
  for (const OrderRow& o : orders) {
    auto c = psp.charges_per_order.find(o.record.order_id);
    w.field((unsigned long long)o.record.order_id);
    w.field((long long)o.record.amount);
    w.field((long long)o.record.seller);
    w.field(state_name(o.record.state));
    w.field(o.attempts);
    w.field((unsigned long long)o.record.charge_id);
    w.field(c == psp.charges_per_order.end() ? 0 : c->second);
    w.field(int(o.ledger_updated));
    w.field(int(o.wallet_updated));
    w.field(int(o.done));
    w.field(int(o.dead_letter));
    w.field(o.created);
    w.field(o.finished);
    w.field(is_final(o.record.state) ? o.finished - o.created : 0.0);
    w.end_row();
  }
  w.close();
}

void write_ledger(const Recorder& rec_files, const std::vector<LedgerEntry>& ledger) {
  CsvWriter w(rec_files.output_path("ledger.csv"), {"entry_id", "txn", "account", "debit", "credit", "time"});
  for (const LedgerEntry& e : ledger) {
    w.field((unsigned long long)e.entry_id);
    w.field((unsigned long long)e.txn);
    w.field(e.account);
    w.field((long long)e.debit);
    w.field((long long)e.credit);
    w.field(e.time);
    w.end_row();
  }
  w.close();
}

void write_settlement(const Recorder& rec_files, const std::vector<SettlementRow>& rows) {
  CsvWriter w(rec_files.output_path("settlement.csv"),
              {"charge_id", "order_id", "amount", "currency", "status", "time"});
  for (const SettlementRow& s : rows) {
    w.field((unsigned long long)s.charge_id);
    w.field((unsigned long long)s.order_id);
    w.field((long long)s.amount);
    w.field(s.currency);
    w.field(s.status);
    w.field(s.time);
    w.end_row();
  }
  w.close();
}

void write_reconciliation(const Recorder& rec_files, const Reconciliation& rec) {
  CsvWriter w(rec_files.output_path("reconciliation.csv"),
              {"order_id", "charge_id", "kind", "class", "difference", "fixed"});
  for (const Mismatch& m : rec.mismatches) {
    w.field((unsigned long long)m.order_id);
    w.field((unsigned long long)m.charge_id);
    w.field(kind_name(m.kind));
    w.field(class_name(class_of(m.kind)));
    w.field((long long)m.difference);
    w.field(int(m.fixed));
    w.end_row();
  }
  w.close();
}

// retries.csv: one row per record of the retry topic's producer, acknowledged or not.
void write_retries(const Recorder& rec_files, const std::vector<RetryRecord>& records) {
  CsvWriter w(rec_files.output_path("retries.csv"),
              {"record_id", "order_id", "attempt", "failed_at", "due", "started", "delay",
               "executions"});
  for (std::size_t i = 0; i < records.size(); ++i) {
    const RetryRecord& r = records[i];
    w.field((unsigned long long)i);
    w.field((unsigned long long)r.order_id);
    w.field(r.attempt);
    w.field(r.failed_at);
    w.field(r.due);
    w.field(r.started);
    w.field(r.started < 0 ? 0.0 : r.started - r.failed_at);
    w.field(r.executions);
    w.end_row();
  }
  w.close();
}

// dead_letters.csv: the dead-letter topic as the log holds it at the end, in offset order.
void write_dead_letters(const Recorder& rec_files, const log_service::LogCluster& log,
                        const log_service::Topic& topic, const std::vector<DeadLetter>& dead,
                        double& records, double& orders) {
  CsvWriter w(rec_files.output_path("dead_letters.csv"),
              {"partition", "offset", "order_id", "attempts", "time"});
  std::set<std::uint64_t> distinct;
  for (const int p : topic.ids()) {
    const log_service::ReplicaLog& l = log.current_log(p);
    for (const log_service::RecordBatch& b : l.read(l.log_start(), l.high_watermark(), std::size_t(-1)))
      for (std::size_t k = 0; k < b.ids.size(); ++k) {
        const DeadLetter& d = dead.at(b.ids[k]);
        w.field(p - topic.first);
        w.field((long long)(b.base_offset + log_service::Offset(k)));
        w.field((unsigned long long)d.order_id);
        w.field(d.attempts);
        w.field(d.time);
        w.end_row();
        ++records;
        distinct.insert(d.order_id);
      }
  }
  orders = double(distinct.size());
  w.close();
}

// Sellers whose wallet balance differs from their ledger account's credits less debits.
int wallet_mismatches(const std::vector<LedgerEntry>& ledger,
                      const std::map<std::int64_t, std::int64_t>& wallets, std::int64_t sellers) {
  std::map<std::string, std::int64_t> account;
  for (const LedgerEntry& e : ledger) account[e.account] += e.credit - e.debit;
  int bad = 0;
  for (std::int64_t s = 0; s < sellers; ++s) {
    auto w = wallets.find(s);
    auto a = account.find(seller_account(s));
    if ((w == wallets.end() ? 0 : w->second) != (a == account.end() ? 0 : a->second)) ++bad;
  }
  return bad;
}

}  // namespace

void PaymentModel::finish(RunContext& ctx) {
  Results& r = results_;
  const auto& db = db_->database();
  std::vector<OrderRow> orders;
  std::vector<OrderRecord> records;
  for (const auto& row : db.committed_rows("orders")) {
    orders.push_back(read_order(row));
    records.push_back(orders.back().record);
  }
  std::vector<LedgerEntry> ledger;
  for (const auto& row : db.committed_rows("ledger")) ledger.push_back(read_ledger(row));
  std::map<std::int64_t, std::int64_t> wallets;
  for (const auto& row : db.committed_rows("wallet")) wallets[row[0].as_int()] = row[1].as_int();
  const PspBook& psp = x_->psp;
  const Counters& n = x_->n;

  std::set<std::uint64_t> in_ledger;
  for (const LedgerEntry& e : ledger) in_ledger.insert(e.txn);
  LatencyHistogram latency;
  r.orders = double(orders.size());
  for (const OrderRow& o : orders) {
    const OrderState s = o.record.state;
    if (s == OrderState::success) ++r.succeeded;
    if (s == OrderState::failed) ++r.failed;
    if (o.dead_letter) ++r.in_dlq;
    if (!is_final(s)) ++r.stuck;
    if (is_final(s)) latency.add(o.finished - o.created);
    auto c = psp.charges_per_order.find(o.record.order_id);
    const int charges = c == psp.charges_per_order.end() ? 0 : c->second;
    if (charges > 1) r.double_charges += charges - 1;
    if (charges > 0 && s != OrderState::success) ++r.lost;
    if (is_final(s) && (charges > 0) != (s == OrderState::success)) ++r.wrong_state;
    if (s == OrderState::success && o.ledger_updated != bool(in_ledger.count(o.record.order_id)))
      ++r.flags_inconsistent;
  }
  r.entries = double(ledger.size());
  r.imbalance = double(max_imbalance(ledger));
  r.wallet_mismatch = wallet_mismatches(ledger, wallets, cfg_.sellers);

  const double now = simgrid::s4u::Engine::get_clock();
  const Reconciliation rec = reconcile(psp.settlement, ledger, records, true, now);
  std::set<std::uint64_t> missing(n.missing_ledger_orders.begin(), n.missing_ledger_orders.end());
  std::set<std::uint64_t> off(n.amount_difference_charges.begin(),
                              n.amount_difference_charges.end());
  for (const Mismatch& m : rec.mismatches) {
    ++r.found;
    const MismatchClass cls = class_of(m.kind);
    if (m.fixed) ++r.auto_fixed;
    if (cls == MismatchClass::manual_review) ++r.manual;
    if (cls == MismatchClass::unclassifiable) ++r.unclassifiable;
    if ((m.kind == MismatchKind::missing_ledger_entry && missing.count(m.order_id)) ||
        (m.kind == MismatchKind::amount_difference && off.count(m.charge_id)) ||
        (m.kind == MismatchKind::unknown_charge && m.order_id >= kUnknownOrderBase))
      ++r.found_injected;
  }
  r.injected = n.injected_missing_ledger + n.injected_amount_difference + n.injected_unknown_charge;
  std::vector<LedgerEntry> fixed = ledger;
  fixed.insert(fixed.end(), rec.fixes.begin(), rec.fixes.end());
  r.imbalance_after_fix = double(max_imbalance(fixed));

  r.latency_p50 = latency.quantile(0.5);
  r.latency_p99 = latency.quantile(0.99);
  r.latency_mean = latency.mean();
  r.calls_per_order = orders.empty() ? 0.0 : double(n.psp_calls) / double(orders.size());
  r.charges = double(psp.settlement.size());
  r.queries = double(psp.queries);
  r.timeouts = double(n.psp_timeouts);
  r.dropped = double(psp.answers_dropped);
  r.replays = double(psp.replays);
  r.conflicts = double(psp.conflicts);
  r.recoveries = double(n.recoveries);
  r.recovered = double(n.recovered_orders);
  r.resolved_by_query = double(n.resolved_by_query);
  r.tps = double(cfg_.transactions_per_day) / 86400.0;
  r.sessions = double(psp.sessions.size());
  r.abandoned = double(psp.abandoned);
  r.webhooks = double(psp.webhooks);
  r.webhooks_lost = double(psp.webhooks_lost);
  r.webhooks_duplicated = double(psp.webhooks_duplicated);
  r.redirects_lost = double(psp.redirects_lost);
  r.events = double(n.events);
  r.events_ignored = double(n.events_ignored);
  r.by_webhook = double(n.by_webhook);
  r.by_redirect = double(n.by_redirect);
  r.by_poll = double(n.by_poll);

  write_orders(ctx.recorder(), orders, psp);
  write_ledger(ctx.recorder(), ledger);
  write_settlement(ctx.recorder(), psp.settlement);
  write_reconciliation(ctx.recorder(), rec);
  if (log_) {
    const RetryQueueBook& q = x_->queue;
    r.queue_published = double(q.published);
    r.queue_retried = double(q.retried);
    r.queue_redelivered = double(q.redelivered);
    r.queue_skipped = double(q.skipped);
    r.queue_append_failures = double(q.append_failures);
    r.queue_delay_mean = q.delay.mean();
    r.queue_delay_p99 = q.delay.quantile(0.99);
    r.queue_delay_max = q.delay.max();
    write_retries(ctx.recorder(), q.records);
    write_dead_letters(ctx.recorder(), *log_, log_->topics().back(), q.dead, r.dead_records,
                       r.dead_orders);
  }
}

}  // namespace sdsim::payment
