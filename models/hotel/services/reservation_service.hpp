// The reservation service (the book's "Reservation Service", with the API gateway folded in):
// takes a booking, reserves the rooms in the inventory database under the configured
// concurrency mode, and, with a payment step, runs the booking and the payment as a saga or a
// two-phase commit it coordinates. Each booking is served by one of `workers` workers, each
// with its own database connections.
//
// One booking (a transaction, retried on 40001, 40P01 and version conflicts with back-off):
//   INSERT INTO reservation (...)                        -- 23505: a re-submission
//   SELECT ... FROM room_type_inventory WHERE night = d  -- every night; FOR UPDATE (pessimistic)
//   (the rule: reserved + rooms <= floor(total * (1 + overbooking)), else sold out)
//   UPDATE room_type_inventory SET total_reserved = <read + rooms>       (none, pessimistic,
//     serializable), ... = total_reserved + rooms (none_write: increment; constraint, where the
//     CHECK refuses with 23514 and nothing is read), ... WHERE version = <read> (optimistic:
//     0 rows is a conflict)
//   COMMIT, or PREPARE TRANSACTION (twopc)
//
// Saga: the booking commits with status 'pending'; then the payment provider is called; on
// success the payment row is inserted and the reservation confirmed, on failure a compensating
// transaction releases the rooms and cancels it. Two-phase commit: the booking and the payment
// row are both PREPAREd, the decision is logged, then COMMIT/ROLLBACK PREPARED on both.
//
// A crash of its host kills the bookings in progress; the log (experiment.hpp) survives, and
// the restarted service recovers: an undecided two-phase transaction is rolled back on both
// databases (presumed abort), a decided one finished; a saga whose payment row exists is
// confirmed (forward), one without is compensated (backward).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/hotel/experiment.hpp"
#include "models/hotel/params.hpp"
#include "models/hotel/protocol.hpp"
#include "sim/core/random.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"
#include "sim/services/external/protocol.hpp"
#include "sim/services/sql/protocol.hpp"

namespace sdsim::hotel {

struct ReservationEnv {
  std::string name;
  Config cfg;
  Endpoint<sql_service::SqlProtocol> inventory_db, payment_db;
  Endpoint<external_service::ExternalProtocol> payment_provider;
  std::shared_ptr<CoordinatorLog> log;
  std::shared_ptr<HotelStats> stats;
  std::shared_ptr<const bool> loaded;  // the inventory is in the database
  std::uint64_t seed = 1;
  int index = 0;
};

class ReservationService : public ServiceHandler<ReservationProtocol> {
 public:
  ReservationService(Net& net, ReservationEnv env) : net_(net), env_(std::move(env)) {}
  void start(Inbox& inbox) override;
  void handle(std::unique_ptr<Letter<ReservationProtocol>> msg) override;

 private:
  struct Worker;
  using Job = std::unique_ptr<Letter<ReservationProtocol>>;
  void serve(int index, Job& job);

  Net& net_;
  ReservationEnv env_;
  std::vector<std::shared_ptr<Worker>> workers_;
  std::unique_ptr<WorkerPool<Job>> pool_;
};

}  // namespace sdsim::hotel
