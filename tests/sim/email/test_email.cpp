// The email model checked from the outside, on emails.csv: through a remote domain's outage
// and a search node crash every email is accounted for (stored, delivered, bounced, still
// queued or rejected: none lost), the recount agrees with summary.json, each email to the
// unreachable domain is delivered after the outage at its first retry then, retries 30 min
// apart, and every stored email becomes searchable at a refresh after it was stored.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "cli.hpp"

namespace {

// Domain 0 unreachable from 10 s for 1 h; the search node down from 30 s to 40 s.
const std::string kRun = R"(name: email-sim
model: email
seed: 3
params:
  smtp:
    remote: {failure_rate: 0, timeout_rate: 0}
    outage_domain: 0
    outages: 10s+1h
workload: {arrival: poisson, rate: 5/s, duration: 60s, drain: 2h}
output: {requests: false}
faults:
  - {at: 30s, crash: search-0, restart_after: 10s}
)";

}  // namespace

TEST_CASE("email: every email accounted for in emails.csv through an outage and a search crash") {
  simt::TempDir dir("sdsim-simt-email");
  simt::write_file(dir / "scn.yaml", kRun);
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const simt::Csv emails = simt::read_csv(dir / "out" / "emails.csv");
  REQUIRE(emails.rows.size() > 200);
  const double outage_end = 10 + 3600, refresh = 1.0, limit = 25e6;
  // The recount, from the times each email reached, not from the model's outcome column.
  double stored = 0, delivered = 0, bounced = 0, queued = 0, rejected = 0, lost = 0;
  int outage_emails = 0;
  std::vector<std::pair<double, int>> index_events;  // +1 stored, -1 searchable
  for (std::size_t i = 0; i < emails.rows.size(); ++i) {
    const std::string route = emails.str(i, "route"), outcome = emails.str(i, "outcome");
    const double sent = emails.num(i, "sent"), st = emails.num(i, "stored"),
                 q = emails.num(i, "queued"), fin = emails.num(i, "finished"),
                 searchable = emails.num(i, "searchable");
    std::string recount;
    if (emails.num(i, "attachment") > limit) recount = "rejected";
    else if (route != "remote") recount = st >= 0 ? "stored" : q >= 0 ? "queued" : "lost";
    else if (fin >= 0) recount = emails.num(i, "bounces") > 0 ? "bounced" : "delivered";
    else recount = q >= 0 ? "queued" : "lost";
    CHECK(recount == outcome);
    if (recount == "stored") ++stored;
    if (recount == "delivered") ++delivered;
    if (recount == "bounced") ++bounced;
    if (recount == "queued") ++queued;
    if (recount == "rejected") ++rejected;
    if (recount == "lost") ++lost;
    if (route == "remote" && emails.num(i, "domain") == 0 && q >= 10 && q < outage_end) {
      ++outage_emails;
      // Tried at q + k x 30 min until the server was back: delivered at the first try after.
      const double tries = std::ceil((outage_end - q) / 1800) + 1;
      CHECK(emails.num(i, "attempts") == tries);
      CHECK(fin >= outage_end);
      CHECK(fin - q >= (tries - 1) * 1800);
      CHECK(fin - outage_end < 1800 + 1);
    }
    if (st >= 0) {
      REQUIRE(searchable >= st);
      CHECK(st >= sent);
      // On the refresh grid (every 1 s), at or after the indexer's acknowledgement.
      CHECK(std::abs(searchable - std::round(searchable / refresh) * refresh) < 1e-6);
      CHECK(searchable >= emails.num(i, "indexed"));
      index_events.emplace_back(st, +1);
      index_events.emplace_back(searchable, -1);
    }
  }
  CHECK(lost == 0);
  CHECK(queued == 0);
  CHECK(outage_emails > 20);
  std::sort(index_events.begin(), index_events.end());
  double now = 0, most = 0;
  for (const auto& [t, d] : index_events) most = std::max(most, now += d);

  const auto summary = simt::read_json(dir / "out" / "summary.json");
  const auto& m = summary["metrics"];
  CHECK(m["email.lost"].get<double>() == lost);
  CHECK(m["email.delivered"].get<double>() == stored + delivered);
  CHECK(m["email.bounced"].get<double>() == bounced);
  CHECK(m["email.rejected"].get<double>() == rejected);
  CHECK(m["email.emails"].get<double>() == double(emails.rows.size()));
  CHECK(m["outage.emails"].get<double>() == outage_emails);
  CHECK(m["smtp.retry_interval.min"].get<double>() >= 1800);
  CHECK(m["search.inconsistent.max"].get<double>() == most);
  CHECK(most > 30);  // the 10 s the node was down
  CHECK(m["search.missing_at_end"].get<double>() == 0);
  CHECK(m["search.node_restarts"].get<double>() == 1);
}

namespace {

// The SMTP host down from 20 s to 30 s with a backlog in SMTP in's processing queue.
const std::string kSmtpCrash = R"(name: email-smtp-crash-sim
model: email
seed: 2
params:
  traffic: {inbound_fraction: 0.5}
  incoming: {cpu_per_check: 200ms}
  smtp:
    remote: {failure_rate: 0, timeout_rate: 0}
workload: {arrival: poisson, rate: 12/s, duration: 40s, drain: 1h}
output: {requests: false}
faults:
  - {at: 20s, crash: smtp-0, restart_after: 10s}
)";

}  // namespace

TEST_CASE("email: every email SMTP in accepted before its host crashed reaches its mailbox") {
  simt::TempDir dir("sdsim-simt-email-smtp");
  simt::write_file(dir / "scn.yaml", kSmtpCrash);
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const simt::Csv emails = simt::read_csv(dir / "out" / "emails.csv");
  REQUIRE(emails.rows.size() > 300);
  double accepted = 0, backlog = 0, unaccounted = 0;
  for (std::size_t i = 0; i < emails.rows.size(); ++i) {
    const double q = emails.num(i, "queued"), st = emails.num(i, "stored");
    const std::string route = emails.str(i, "route");
    if (route == "remote" ? emails.num(i, "finished") < 0 : st < 0) ++unaccounted;
    if (route != "inbound" || q < 0) continue;
    ++accepted;
    CHECK(st >= q);  // accepted (250), then stored: never lost in between
    if (q < 20 && st > 20) ++backlog;  // in the processing queue when the host went down
  }
  CHECK(unaccounted == 0);
  CHECK(backlog > 5);
  const auto summary = simt::read_json(dir / "out" / "summary.json");
  const auto& m = summary["metrics"];
  CHECK(m["smtp_in.accepted"].get<double>() == accepted);
  CHECK(m["smtp_in.queued_at_crash.max"].get<double>() == backlog);
  CHECK(m["smtp_in.accepted_not_stored"].get<double>() == 0);
  CHECK(m["email.lost"].get<double>() == 0);
  CHECK(m["email.duplicate_stores"].get<double>() > 0);  // the re-read after the restart
}
