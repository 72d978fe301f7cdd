// The payment model checked from the outside, on its CSV files: through a crash of the
// payment host every order ends final, the PSP's settlement file holds at most one charge per
// order and only for SUCCESS orders, each SUCCESS order has its two ledger entries (a debit
// and a credit of its amount), and the ledger's debits equal its credits. Bad parameters are
// refused with a located error, exit 2 and nothing written.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "cli.hpp"

namespace {

const std::string kCrash = R"(name: payment-crash-sim
model: payment
seed: 4
params:
  psp: {timeout_after_charge: 0.05}
workload: {arrival: poisson, rate: 60/s, duration: 12s, timeout: 10s}
faults:
  - {at: 5s, crash: payment-0, restart_after: 1s}
)";

// The hosted page with a hostile network: lost redirects and webhooks, delayed and duplicated
// webhooks.
const std::string kChaos = R"(name: payment-chaos-sim
model: payment
seed: 3
params:
  flow: hosted
  psp:
    hosted: {page_time: 3s, abandon_rate: 0.1, session_expiry: 10s, webhook_loss: 0.3,
             webhook_delay: 8s, webhook_duplicate: 0.4, redirect_loss: 0.4}
workload: {arrival: poisson, rate: 40/s, duration: 10s, timeout: 10s, drain: 60s}
output: {requests: false}
)";

}  // namespace

TEST_CASE(
    "payment: hosted page, lost/delayed/duplicated webhooks: each order final as the PSP's books "
    "say, one charge per paid order") {
  simt::TempDir dir("sdsim-simt-payment-chaos");
  simt::write_file(dir / "scn.yaml", kChaos);
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const simt::Csv orders = simt::read_csv(dir / "out" / "orders.csv");
  const simt::Csv ledger = simt::read_csv(dir / "out" / "ledger.csv");
  const simt::Csv settlement = simt::read_csv(dir / "out" / "settlement.csv");
  // Not a gate: a broken duplicate check also slows the run; the recount below must say why.
  CHECK(orders.rows.size() > 300);
  // The recount, from the PSP's settlement file and the ledger, not from the model's metrics.
  std::map<std::string, int> charges;
  for (std::size_t i = 0; i < settlement.rows.size(); ++i) ++charges[settlement.str(i, "order_id")];
  std::map<std::string, int> entries;
  for (std::size_t i = 0; i < ledger.rows.size(); ++i) ++entries[ledger.str(i, "txn")];
  int paid = 0, unpaid = 0;
  for (std::size_t i = 0; i < orders.rows.size(); ++i) {
    const std::string id = orders.str(i, "order_id"), state = orders.str(i, "state");
    CHECK((state == "SUCCESS" || state == "FAILED"));
    CHECK(charges[id] <= 1);
    // The final state is the PSP's truth, and a duplicate never posts a second movement.
    CHECK((state == "SUCCESS") == (charges[id] == 1));
    CHECK(entries[id] == (state == "SUCCESS" ? 2 : 0));
    (state == "SUCCESS" ? paid : unpaid)++;
  }
  CHECK(settlement.rows.size() == std::size_t(paid));
  CHECK(unpaid > 0);  // declined and abandoned sessions
  const auto summary = simt::read_json(dir / "out" / "summary.json");
  const auto& m = summary["metrics"];
  CHECK(m["webhook.lost"].get<double>() > 0);
  CHECK(m["redirect.lost"].get<double>() > 0);
  CHECK(m["webhook.duplicated"].get<double>() > 0);
  CHECK(m["events.ignored"].get<double>() >= m["webhook.duplicated"].get<double>());
  CHECK(m["resolved.by_poll"].get<double>() > 0);
  CHECK(m["resolved.by_webhook"].get<double>() + m["resolved.by_redirect"].get<double>() +
            m["resolved.by_poll"].get<double>() ==
        double(orders.rows.size()));
}

TEST_CASE(
    "payment: through a payment host crash, one charge per paid order and a balanced ledger") {
  simt::TempDir dir("sdsim-simt-payment");
  simt::write_file(dir / "scn.yaml", kCrash);
  const auto r = simt::sdsim({"run", "scn.yaml", "--out", "out", "--quiet"}, dir.path());
  REQUIRE(r.exit_code == 0);
  const simt::Csv orders = simt::read_csv(dir / "out" / "orders.csv");
  const simt::Csv ledger = simt::read_csv(dir / "out" / "ledger.csv");
  const simt::Csv settlement = simt::read_csv(dir / "out" / "settlement.csv");
  REQUIRE(orders.rows.size() > 500);

  std::map<std::string, int> charges;
  for (std::size_t i = 0; i < settlement.rows.size(); ++i) ++charges[settlement.str(i, "order_id")];
  std::map<std::string, double> debit, credit;
  double debits = 0, credits = 0;
  for (std::size_t i = 0; i < ledger.rows.size(); ++i) {
    debit[ledger.str(i, "txn")] += ledger.num(i, "debit");
    credit[ledger.str(i, "txn")] += ledger.num(i, "credit");
    debits += ledger.num(i, "debit");
    credits += ledger.num(i, "credit");
  }
  CHECK(debits == credits);
  int paid = 0;
  for (std::size_t i = 0; i < orders.rows.size(); ++i) {
    const std::string id = orders.str(i, "order_id"), state = orders.str(i, "state");
    CHECK((state == "SUCCESS" || state == "FAILED"));
    CHECK(charges[id] <= 1);
    CHECK(orders.num(i, "psp_charges") == charges[id]);
    if (state == "SUCCESS") {
      ++paid;
      CHECK(charges[id] == 1);
      CHECK(debit[id] == orders.num(i, "amount"));
      CHECK(credit[id] == orders.num(i, "amount"));
    } else {
      CHECK(charges[id] == 0);
      CHECK(debit.count(id) == 0);
    }
  }
  CHECK(paid > 500);
  const auto summary = simt::read_json(dir / "out" / "summary.json");
  CHECK(summary["metrics"]["recovery.restarts"] == 1.0);
  CHECK(summary["metrics"]["psp.answers_dropped"].get<double>() > 0);
  CHECK(summary["metrics"]["double_charges"] == 0.0);
}

TEST_CASE("payment: bad parameters are refused with their location, nothing written") {
  simt::TempDir dir("sdsim-simt-payment-bad");
  simt::write_file(dir / "amounts.yaml",
                   "name: pay-bad\nmodel: payment\nduration: 5s\nparams:\n  amount_min: 500\n  "
                   "amount_max: 100\n");
  auto r = simt::sdsim({"run", "amounts.yaml", "--out", "out", "--quiet"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("amounts.yaml:5:") != std::string::npos);
  CHECK(r.err.find("params.amount_min") != std::string::npos);
  simt::write_file(
      dir / "outage.yaml",
      "name: pay-bad\nmodel: payment\nduration: 5s\nparams:\n  psp:\n    card_network: {outages: "
      "\"10s+\"}\n");
  r = simt::sdsim({"run", "outage.yaml", "--out", "out", "--quiet"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("outage.yaml:6:") != std::string::npos);
  CHECK(r.err.find("outages") != std::string::npos);
  CHECK(simt::list_tree(dir / "out").empty());
}
