// The hotel reservation model (the book's chapter "Hotel Reservation System"): clients book
// rooms through reservation services over a PostgreSQL-like inventory database; the bookings
// race for the last rooms under a chosen concurrency mode, re-submissions test idempotency,
// and reservation plus payment run as a saga or a two-phase commit. See README.md.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "models/hotel/checker.hpp"
#include "models/hotel/experiment.hpp"
#include "models/hotel/inventory.hpp"
#include "models/hotel/params.hpp"
#include "sim/metrics/recorder.hpp"
#include "sim/model/model.hpp"
#include "sim/services/external/external_endpoint.hpp"
#include "sim/services/sql/sql_server.hpp"

namespace sdsim::hotel {

class HotelModel : public Model {
 public:
  std::string name() const override { return "hotel"; }
  std::string summary() const override;
  std::string description() const override;
  std::vector<ParamSpec> params() const override { return hotel::params().specs(); }
  MetricTable metric_table() const override;  // metrics.cpp
  std::vector<RoleRequest> roles(const ParamValues& p, const WorkloadSpec& load) const override;
  std::string default_platform(const ParamValues& p, const WorkloadSpec& load) const override;
  void check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const override;
  void setup(RunContext& ctx) override;
  void finish(RunContext& ctx) override;  // metrics.cpp

 private:
  void load_inventory(RunContext& ctx);
  void reap_sessions(RunContext& ctx, int service);
  void observe(RunContext& ctx, const RequestRecord& r);

  struct Results {
    InventoryAudit inventory;
    PaymentAudit payments;
    double duplicates = 0, prepared_left = 0, lock_wait_p99 = 0, lock_wait_max = 0, deadlocks = 0;
    double latency_p50 = 0, latency_p99 = 0, throughput = 0, replication_lag_max = 0;
  };
  Config cfg_;
  std::unique_ptr<sql_service::SqlServer> inventory_db_, payment_db_;
  std::unique_ptr<external_service::ExternalEndpoint> payment_provider_;
  std::vector<std::shared_ptr<CoordinatorLog>> logs_;
  std::shared_ptr<HotelStats> stats_ = std::make_shared<HotelStats>();
  std::shared_ptr<bool> loaded_ = std::make_shared<bool>(false);
  std::map<NightId, std::int64_t> initial_;
  LatencyHistogram booked_latency_;
  double first_booking_ = -1, last_booking_ = 0;
  Results results_;
};

}  // namespace sdsim::hotel
