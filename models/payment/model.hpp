// The payment model (the book's "Payment system" chapter): the pay-in flow from a checkout
// through the payment service and executor to an external PSP, the wallet and the
// double-entry ledger in a SQL database, idempotency keys, retries and dead letters, and the
// nightly reconciliation against the PSP's settlement file. See README.md.
#pragma once

#include <memory>

#include "models/payment/experiment.hpp"
#include "models/payment/params.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/model/model.hpp"
#include "sim/services/external/external_endpoint.hpp"
#include "sim/services/log/appender.hpp"
#include "sim/services/log/log_cluster.hpp"
#include "sim/services/sql/sql_server.hpp"

namespace sdsim::payment {

class PaymentModel : public Model {
 public:
  std::string name() const override { return "payment"; }
  std::string summary() const override;
  std::string description() const override;
  std::vector<ParamSpec> params() const override { return payment::params().specs(); }
  MetricTable metric_table() const override;  // metrics.cpp
  std::vector<RoleRequest> roles(const ParamValues&, const WorkloadSpec&) const override;
  std::string default_platform(const ParamValues&, const WorkloadSpec&) const override;
  void check(const ParamValues& params, const WorkloadSpec& load,
             Diagnostics& diags) const override;
  void setup(RunContext& ctx) override;
  void finish(RunContext& ctx) override;  // metrics.cpp

 private:
  struct Results {
    double orders = 0, succeeded = 0, failed = 0, in_dlq = 0, stuck = 0, double_charges = 0,
           lost = 0;
    double imbalance = 0, entries = 0, wallet_mismatch = 0, flags_inconsistent = 0;
    double found = 0, injected = 0, found_injected = 0, auto_fixed = 0, manual = 0,
           unclassifiable = 0;
    double imbalance_after_fix = 0, wallet_mismatch_after_fix = 0;
    double latency_p50 = 0, latency_p99 = 0, latency_mean = 0, calls_per_order = 0;
    double charges = 0, queries = 0, timeouts = 0, dropped = 0, replays = 0, conflicts = 0;
    double recoveries = 0, recovered = 0, resolved_by_query = 0, tps = 0;
    double wrong_state = 0, sessions = 0, abandoned = 0, webhooks = 0, webhooks_lost = 0,
           webhooks_duplicated = 0, redirects_lost = 0, events = 0, events_ignored = 0,
           by_webhook = 0, by_redirect = 0, by_poll = 0;
    double queue_published = 0, queue_retried = 0, queue_redelivered = 0, queue_skipped = 0, queue_append_failures = 0,
           queue_delay_mean = 0, queue_delay_p99 = 0, queue_delay_max = 0, dead_records = 0,
           dead_orders = 0;
  };
  Config cfg_;
  std::shared_ptr<Experiment> x_;
  std::unique_ptr<external_service::ExternalEndpoint> card_;
  std::unique_ptr<sql_service::SqlServer> db_;
  // retry_queue.mode log: the log and its producers on the payment host.
  std::unique_ptr<log_service::LogCluster> log_;
  std::unique_ptr<log_service::LogAppender> retry_out_, dead_out_;
  int retry_group_ = -1;
  Results results_;
};

}  // namespace sdsim::payment
