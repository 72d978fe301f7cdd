// The email model (the book's "Distributed email service" chapter, vol. 2 ch. 8): web servers
// put sends on an outgoing queue (the log), SMTP outbound workers deliver them to remote mail
// servers under RFC 5321's retry rules or to local mailboxes, SMTP in accepts mail from outside,
// the mail store keeps metadata in the KV store by user and attachments in the blob store, and
// the index queue feeds the search node. See README.md.
#pragma once

#include <memory>

#include "models/email/experiment.hpp"
#include "sim/model/model.hpp"

namespace sdsim::email {

class EmailModel : public Model {
 public:
  std::string name() const override { return "email"; }
  std::string summary() const override;
  std::string description() const override;
  std::vector<ParamSpec> params() const override { return email::params().specs(); }
  MetricTable metric_table() const override;  // metrics.cpp
  std::vector<RoleRequest> roles(const ParamValues& p, const WorkloadSpec& load) const override;
  std::string default_platform(const ParamValues& p, const WorkloadSpec& load) const override;
  double default_drain() const override { return 300.0; }
  void check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const override;
  void setup(RunContext& ctx) override;
  void finish(RunContext& ctx) override;  // metrics.cpp

 private:
  struct Results {
    double emails = 0, delivered = 0, bounced = 0, bounced_permanent = 0, bounced_give_up = 0,
           queued_at_end = 0, lost = 0, rejected = 0, dsn = 0, bounce_mismatch = 0,
           duplicate_stores = 0;
    double inbound_accepted = 0, inbound_retries = 0, accepted_not_stored = 0,
           queued_at_crash = 0, delivery_resumes = 0;
    double latency_p50 = 0, latency_p99 = 0, attempts = 0, retries = 0, transient = 0,
           permanent = 0, retry_interval_min = 0, give_up_error_max = 0;
    double freshness_p50 = 0, freshness_p99 = 0, inconsistent_max = 0, missing = 0,
           duplicates = 0, indexer_restarts = 0, search_restarts = 0, reindex_time = 0;
    double queue_lag_p99 = 0, undisturbed_lag_p99 = 0, undisturbed_p50 = 0, undisturbed_p99 = 0, undisturbed = 0,
           catch_up_time = 0;
    double outage_emails = 0, outage_delivered_during = 0, outage_delivered_after = 0,
           outage_wait_max = 0;
    double read_p99 = 0, search_p99 = 0, reads = 0, searches = 0;
    double metadata_bytes = 0, attachment_bytes = 0, partition_max = 0, partition_mean = 0;
    double send_rate = 0, qps = 0, metadata_year = 0, attachment_year = 0;
  };
  std::unique_ptr<Experiment> x_;
  Results results_;
};

}  // namespace sdsim::email
