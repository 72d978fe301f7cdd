// The email model's metric table and its end-of-run accounting: each email's outcome from its
// record, the SMTP retry figures, the index's freshness and lag, the reads, the bytes stored,
// the book's estimate; and emails.csv.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>

#include "models/email/model.hpp"
#include "sim/model/run_context.hpp"
#include "sim/output/csv.hpp"

namespace sdsim::email {

MetricTable EmailModel::metric_table() const {
  const Results& r = results_;
  auto v = [&r](double Results::*f) { return [&r, f] { return r.*f; }; };
  auto has_outage = [](const RunShape& shape) {
    return email::params().read(shape.params).smtp.outage_domain >= 0;
  };
  MetricTable t;
  t.add("email.emails", "", "emails sent or arriving during the load", v(&Results::emails))
      .add("email.delivered", "",
           "emails in their recipient's mailbox (local, inbound) or accepted by the remote server",
           v(&Results::delivered))
      .add("email.bounced", "", "emails returned to their sender (5yz, or the give-up time)",
           v(&Results::bounced))
      .add("email.bounced.permanent", "", "bounces after a 5yz reply", v(&Results::bounced_permanent))
      .add("email.bounced.give_up", "", "bounces at the give-up time (DSN 4.4.7)",
           v(&Results::bounced_give_up))
      .add("email.queued_at_end", "", "emails still in the outgoing or retry queue at the end",
           v(&Results::queued_at_end))
      .add("email.lost", "", "emails neither delivered, bounced, rejected nor queued (must be 0)",
           v(&Results::lost))
      .add("email.rejected", "", "sends refused at submission (attachment over the limit: 552)",
           v(&Results::rejected))
      .add("email.dsn", "", "delivery status notifications stored in senders' inboxes",
           v(&Results::dsn))
      .add("email.bounce_mismatch", "",
           "bounced emails whose sender holds other than exactly one DSN for it (must be 0)",
           v(&Results::bounce_mismatch))
      .add("email.duplicate_stores", "",
           "emails stored again after a re-read of the outgoing queue (same key rewritten, one "
           "copy in the mailbox)",
           v(&Results::duplicate_stores))
      .add("smtp_in.accepted", "",
           "inbound emails SMTP in answered 250 (in its durable processing queue)",
           v(&Results::inbound_accepted))
      .add("smtp_in.retries", "",
           "inbound transactions refused or unanswered (the SMTP host down), each tried again "
           "smtp.retry.min_interval later by the sending server",
           v(&Results::inbound_retries))
      .add("smtp_in.accepted_not_stored", "",
           "inbound emails accepted and not in their mailbox at the end (must be 0)",
           v(&Results::accepted_not_stored))
      .add("smtp_in.queued_at_crash.max", "",
           "most inbound emails accepted and not yet stored when the SMTP host went down",
           v(&Results::queued_at_crash))
      .add("smtp.delivery_resumes", "",
           "outbound deliveries resumed from the durable queue after an SMTP host restart",
           v(&Results::delivery_resumes))
      .add("email.delivery_latency.p50", "s",
           "median time from send to stored (local, inbound) or accepted remotely",
           v(&Results::latency_p50))
      .add("email.delivery_latency.p99", "s", "99th percentile of the same", v(&Results::latency_p99))
      .add("smtp.attempts", "", "delivery attempts at remote servers", v(&Results::attempts))
      .add("smtp.retries", "", "attempts after a transient failure", v(&Results::retries))
      .add("smtp.transient", "", "attempts ended by a 4yz or a silent server", v(&Results::transient))
      .add("smtp.permanent", "", "attempts ended by a 5yz", v(&Results::permanent))
      .add("smtp.retry_interval.min", "s",
           "shortest time between two attempts of one email (0: no retry)",
           v(&Results::retry_interval_min))
      .add("smtp.give_up_error.max", "s",
           "largest |bounce time - (queued + give_up)| of the give-up bounces",
           v(&Results::give_up_error_max))
      .add("search.freshness.p50", "s", "median time from stored to searchable",
           v(&Results::freshness_p50))
      .add("search.freshness.p99", "s", "99th percentile of the same", v(&Results::freshness_p99))
      .add("search.queue_lag.p99", "s",
           "99th percentile of stored -> acknowledged by the search node (the index queue and the "
           "indexing)",
           v(&Results::queue_lag_p99))
      .add("search.freshness_outside_crash.p50", "s",
           "median stored -> searchable of the emails stored outside a search node outage and its "
           "catch-up",
           v(&Results::undisturbed_p50))
      .add("search.freshness_outside_crash.p99", "s", "99th percentile of the same",
           v(&Results::undisturbed_p99))
      .add("search.freshness_outside_crash.emails", "", "emails those two figures cover",
           v(&Results::undisturbed))
      .add("search.queue_lag_outside_crash.p99", "s",
           "99th percentile of the queue lag of the same emails", v(&Results::undisturbed_lag_p99))
      .add("search.catch_up_time", "s",
           "longest time from a search node restart until every email stored before it was "
           "searchable (0: no restart)",
           v(&Results::catch_up_time))
      .add("search.inconsistent.max", "",
           "most emails stored and not yet searchable at one instant", v(&Results::inconsistent_max))
      .add("search.missing_at_end", "",
           "stored emails the search node's index does not show at the end (must be 0)",
           v(&Results::missing))
      .add("search.duplicates", "", "emails indexed again after an indexer restart",
           v(&Results::duplicates))
      .add("search.indexer_restarts", "", "indexer restarts", v(&Results::indexer_restarts))
      .add("search.node_restarts", "", "search node restarts", v(&Results::search_restarts))
      .add("search.reindex_time", "s",
           "the cost model's full re-index of the stored emails: per email tokens x "
           "cpu_per_token + unique terms x cpu_per_posting_indexed (CPU of one core)",
           v(&Results::reindex_time))
      .add("mailbox.read_latency.p99", "s", "99th percentile of a folder listing's read",
           v(&Results::read_p99))
      .add("mailbox.reads", "", "folder listings by the web-mail reader", v(&Results::reads))
      .add("search.latency.p99", "s", "99th percentile of a web-mail search", v(&Results::search_p99))
      .add("search.queries", "", "web-mail searches answered", v(&Results::searches))
      .add("storage.bytes.metadata", "B", "email metadata and bodies written to the KV store",
           v(&Results::metadata_bytes))
      .add("storage.bytes.attachments", "B", "attachments written to the blob store",
           v(&Results::attachment_bytes))
      .add("partition.load.max", "", "mail rows led by the busiest KV node",
           v(&Results::partition_max))
      .add("partition.load.mean", "", "mail rows per KV node", v(&Results::partition_mean))
      .add_if("outage.emails", "",
              "emails to smtp.outage_domain queued while it was unreachable",
              "params.smtp.outage_domain >= 0", has_outage, v(&Results::outage_emails))
      .add_if("outage.delivered_during", "",
              "emails to smtp.outage_domain accepted while it was unreachable (must be 0)",
              "params.smtp.outage_domain >= 0", has_outage, v(&Results::outage_delivered_during))
      .add_if("outage.delivered_after", "",
              "of outage.emails, those delivered after the outage ended",
              "params.smtp.outage_domain >= 0", has_outage, v(&Results::outage_delivered_after))
      .add_if("outage.wait_after_return.max", "s",
              "longest time from the outage's end to the delivery of one of outage.emails",
              "params.smtp.outage_domain >= 0", has_outage, v(&Results::outage_wait_max))
      .add("email.send_rate", "1/s", "emails sent by users per second of load",
           v(&Results::send_rate))
      .add("estimate.send_qps", "1/s", "the book's send QPS: users x sent_per_day / 86,400 s",
           v(&Results::qps))
      .add("estimate.metadata_bytes_per_year", "B",
           "the book's metadata a year: users x received_per_day x metadata x 365",
           v(&Results::metadata_year))
      .add("estimate.attachment_bytes_per_year", "B",
           "the book's attachments a year: users x received_per_day x fraction x size x 365",
           v(&Results::attachment_year));
  return t;
}

namespace {

const char* outcome_of(const Email& e, const EmailRecord& r) {
  if (r.rejected) return "rejected";
  if (e.route != Route::remote) return r.stored >= 0 ? "stored" : r.queued >= 0 ? "queued" : "lost";
  if (r.delivery.outcome != Outcome::queued) return outcome_name(r.delivery.outcome);
  return r.queued >= 0 ? "queued" : "lost";
}

void write_emails(const Recorder& rec, const Experiment& x) {
  CsvWriter w(rec.output_path("emails.csv"),
              {"id", "route", "sender", "recipient", "domain", "attachment", "sent", "queued",
               "stored", "indexed", "searchable", "finished", "outcome", "attempts", "bounces",
               "dsn_status"});
  for (const Email& e : x.emails.emails) {
    const EmailRecord& r = x.records[e.id];
    w.field((unsigned long long)e.id);
    w.field(route_name(e.route));
    w.field(e.sender);
    w.field(e.recipient);
    w.field(e.domain);
    w.field(e.attachment);
    w.field(r.sent);
    w.field(r.queued);
    w.field(r.stored);
    w.field(r.indexed);
    w.field(r.searchable);
    w.field(r.delivery.finished);
    w.field(outcome_of(e, r));
    w.field(r.delivery.attempts);
    w.field(r.bounces);
    w.field(r.delivery.dsn_status);
    w.end_row();
  }
  w.close();
}

}  // namespace

void EmailModel::finish(RunContext& ctx) {
  Results& r = results_;
  const Experiment& x = *x_;
  LatencyHistogram latency;
  double user_sent = 0;
  for (const Email& e : x.emails.emails) {
    const EmailRecord& rec = x.records[e.id];
    ++r.emails;
    if (e.route != Route::inbound) ++user_sent;
    const std::string outcome = outcome_of(e, rec);
    if (outcome == "stored" || outcome == "delivered") {
      ++r.delivered;
      const double done = e.route == Route::remote ? rec.delivery.finished : rec.stored;
      latency.add(done - rec.sent);
    }
    if (outcome == "bounced") {
      ++r.bounced;
      if (rec.delivery.dsn_status == "4.4.7") {
        ++r.bounced_give_up;
        r.give_up_error_max =
            std::max(r.give_up_error_max, std::abs(rec.delivery.finished -
                                                   (rec.delivery.queued_at + x.cfg.smtp.retry.give_up)));
      } else {
        ++r.bounced_permanent;
      }
      if (rec.bounces != 1) ++r.bounce_mismatch;
    } else if (rec.bounces != 0) {
      ++r.bounce_mismatch;
    }
    if (outcome == "queued") ++r.queued_at_end;
    if (outcome == "lost") ++r.lost;
    if (outcome == "rejected") ++r.rejected;
    if (rec.stored >= 0 && (rec.searchable < 0 || !x.search->index().visible(fmt::format("{}", e.id))))
      ++r.missing;
  }
  r.dsn = double(x.n.dsn_stored);
  r.duplicate_stores = double(x.n.duplicate_stores);
  r.inbound_retries = double(x.n.inbound_retries);
  r.delivery_resumes = double(x.n.delivery_resumes);
  for (const Email& e : x.emails.emails) {
    const EmailRecord& rec = x.records[e.id];
    if (e.route != Route::inbound || rec.queued < 0) continue;
    ++r.inbound_accepted;
    if (rec.stored < 0) ++r.accepted_not_stored;
  }
  for (double down : x.smtp_down) {
    double n = 0;
    for (const Email& e : x.emails.emails) {
      const EmailRecord& rec = x.records[e.id];
      if (e.route == Route::inbound && rec.queued >= 0 && rec.queued < down &&
          (rec.stored < 0 || rec.stored > down))
        ++n;
    }
    r.queued_at_crash = std::max(r.queued_at_crash, n);
  }
  r.latency_p50 = latency.quantile(0.5);
  r.latency_p99 = latency.quantile(0.99);
  r.attempts = double(x.n.attempts);
  r.retries = double(x.n.retries);
  r.transient = double(x.n.transient);
  r.permanent = double(x.n.permanent);
  r.retry_interval_min = std::max(0.0, x.n.retry_interval_min);

  // Freshness from what the node was seen to show (records), the queue lag from the indexer's
  // acknowledgements; an outage of the search node lasts until every email stored before its
  // restart is searchable (its catch-up).
  std::vector<std::pair<double, double>> disturbed;  // [host off, caught up]
  for (const Experiment::Down& d : x.search_down) {
    double caught_up = d.end;
    for (const EmailRecord& rec : x.records)
      if (rec.stored >= 0 && rec.stored < d.end && rec.searchable >= d.end)
        caught_up = std::max(caught_up, rec.searchable);
    if (std::isfinite(d.end)) r.catch_up_time = std::max(r.catch_up_time, caught_up - d.end);
    disturbed.emplace_back(d.start, caught_up);
  }
  LatencyHistogram fresh, lag, undisturbed, calm_lag;
  for (const EmailRecord& rec : x.records) {
    if (rec.stored < 0) continue;
    if (rec.indexed >= 0) lag.add(rec.indexed - rec.stored);
    if (rec.searchable < 0) continue;
    fresh.add(rec.searchable - rec.stored);
    bool calm = true;
    for (const auto& [from, to] : disturbed) calm = calm && (rec.searchable < from || rec.stored > to);
    if (calm) {
      undisturbed.add(rec.searchable - rec.stored);
      if (rec.indexed >= 0) calm_lag.add(rec.indexed - rec.stored);
      ++r.undisturbed;
    }
  }
  r.freshness_p50 = fresh.quantile(0.5);
  r.freshness_p99 = fresh.quantile(0.99);
  r.queue_lag_p99 = lag.quantile(0.99);
  r.undisturbed_p50 = undisturbed.quantile(0.5);
  r.undisturbed_p99 = undisturbed.quantile(0.99);
  r.undisturbed_lag_p99 = calm_lag.quantile(0.99);
  r.inconsistent_max = double(x.freshness.inconsistent_max());
  r.duplicates = double(x.freshness.duplicates());
  r.indexer_restarts = double(x.n.indexer_restarts);
  r.search_restarts = double(x.search->stats().restarts);
  const auto& sc = x.cfg.search;
  // A full re-index reads every stored email's words again at the node's indexing cost.
  // Re-indexing every stored email at the node's indexing cost (its tokens and its unique
  // terms, from the email's own text); CPU on one core, the reads from the store not counted.
  for (const Email& e : x.emails.emails) {
    if (x.records[e.id].stored < 0) continue;
    std::set<std::string_view> terms;
    double tokens = 0;
    for (std::size_t at = 0; at < e.text.size();) {
      const std::size_t end = std::min(e.text.find(' ', at), e.text.size());
      terms.insert(std::string_view(e.text).substr(at, end - at));
      ++tokens;
      at = end + 1;
    }
    r.reindex_time += tokens * sc.costs.cpu_per_token +
                      double(terms.size()) * sc.costs.cpu_per_posting_indexed;
  }
  r.read_p99 = x.read_latency.quantile(0.99);
  r.search_p99 = x.search_latency.quantile(0.99);
  r.reads = double(x.n.reads);
  r.searches = double(x.n.searches);
  r.metadata_bytes = x.n.metadata_bytes;
  r.attachment_bytes = x.n.attachment_bytes;

  std::vector<double> rows(std::size_t(x.store.nodes()), 0.0);
  for (const auto& [user, box] : x.mailboxes)
    for (const std::string& folder : box.folders())
      for (const auto& m : const_cast<storage::mailbox::Mailbox&>(box).list(folder))
        ++rows.at(std::size_t(x.store.replicas(fmt::format("mail/{}/{}/{}", user, folder, m.uid)).front()));
  double total = 0;
  for (double n : rows) {
    r.partition_max = std::max(r.partition_max, n);
    total += n;
  }
  r.partition_mean = rows.empty() ? 0 : total / double(rows.size());

  if (x.cfg.smtp.outage_domain >= 0) {
    const auto& windows = x.remotes.at(std::size_t(x.cfg.smtp.outage_domain))->outages();
    for (const Email& e : x.emails.emails) {
      if (e.route != Route::remote || e.domain != x.cfg.smtp.outage_domain) continue;
      const Delivery& d = x.records[e.id].delivery;
      const bool accepted = d.outcome == Outcome::delivered;
      for (const external_service::Outage& w : windows) {
        if (accepted && d.finished >= w.start && d.finished < w.end) ++r.outage_delivered_during;
        if (d.queued_at < w.start || d.queued_at >= w.end) continue;
        ++r.outage_emails;
        if (accepted && d.finished >= w.end) {
          ++r.outage_delivered_after;
          r.outage_wait_max = std::max(r.outage_wait_max, d.finished - w.end);
        }
      }
    }
  }
  r.send_rate = user_sent / ctx.workload().duration;
  const Estimate e = estimate(x.cfg.scale);
  r.qps = e.send_qps;
  r.metadata_year = e.metadata_bytes_per_year;
  r.attachment_year = e.attachment_bytes_per_year;
  write_emails(ctx.recorder(), x);
}

}  // namespace sdsim::email
