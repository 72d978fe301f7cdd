// The payment service and its payment executor on one host (the book's boxes 2 and 3): a
// checkout's pay-in is stored as a payment order (NOT_STARTED, then EXECUTING), charged at
// the PSP with the order id as idempotency key, retried with back-off on transient failures
// and time-outs, sent to the dead letters after max_attempts, and on success the order, the
// double-entry ledger and the seller's wallet are updated in one database transaction.
//
// A time-out is ambiguous (the PSP may have charged): with idempotency the executor asks the
// PSP for the key's result before retrying, and a retry with the same key can only replay
// the first result. A crash loses the orders in progress (volatile); the restart finds every
// order not final in the database and resolves each by querying the PSP with its key.
//
// The hosted flow (flow: hosted): the executor registers the order at the PSP (a payment
// session under the order id as nonce) and answers the checkout "pending" (the redirect to
// the hosted page). The order stays EXECUTING until its result arrives: the buyer's redirect
// (the service asks the PSP by key), the PSP's webhook (it carries the result), or the
// sweeper's poll by key (`poll`). Whichever comes first finishes the order; every later one
// finds it final under the row lock and changes nothing.
//
// retry_queue.mode log (services/retry_consumer.cpp): a charge that failed transiently or timed
// out is not waited on: the executor appends a retry record (the order, the next attempt, its
// due time) to the retry topic and leaves the order EXECUTING; a retry consumer reads it, waits
// until it is due, and has a worker charge again with the same idempotency key (a time-out that
// had charged is replayed as charged, not charged again). After max_attempts the order goes to
// the dead-letter topic and is FAILED.
#pragma once

#include <memory>
#include <set>
#include <vector>

#include "models/payment/experiment.hpp"
#include "models/payment/params.hpp"
#include "sim/core/random.hpp"
#include "sim/net/rpc.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"
#include "sim/services/log/appender.hpp"
#include "sim/services/sql/sql_client.hpp"

namespace sdsim::payment {

// retry_queue.mode log: the log, its two topics' producers on the payment host, the group.
struct RetryTopics {
  log_service::LogCluster* log = nullptr;
  log_service::LogAppender* retry = nullptr;  // topic payment-retry, keyed by order id
  log_service::LogAppender* dead = nullptr;   // topic payment-dead-letter
  int group = -1;                             // the retry consumers' group
};

struct PaymentEndpoints {
  Endpoint<PspProtocol> psp;
  Endpoint<sql_service::SqlProtocol> database;
  RetryTopics queue;  // log == nullptr: mode executor
};

class PaymentService : public ServiceHandler<PaymentProtocol> {
 public:
  PaymentService(Net& net, const Config& cfg, PaymentEndpoints to, std::shared_ptr<Experiment> x,
                 RandomStream rng);
  void start(Inbox& inbox) override;
  void handle(std::unique_ptr<Letter<PaymentProtocol>> request) override;

 private:
  struct Order {
    std::uint64_t id = 0;
    std::int64_t amount = 0, seller = 0;
  };
  // A retry consumer's poll: it commits once every record of it was handled.
  struct RetryBatch;
  struct Job {
    std::unique_ptr<Letter<PaymentProtocol>> request;  // a checkout's pay-in, or
    Order resume;                                      // an order left unfinished by a crash, or
    bool recover = false;                              // find those orders, or
    std::uint64_t retry = 0;                           // retry record id + 1 (mode log)
    std::shared_ptr<RetryBatch> batch = nullptr;
  };
  struct Worker {
    std::unique_ptr<Rpc> rpc;
    std::unique_ptr<sql_service::SqlClient> db;
    std::unique_ptr<Rpc> log;  // mode log: hands records to the producers
  };
  void serve(int index, Job& job);
  void pay_in(Worker& w, const Letter<PaymentProtocol>& letter);
  void on_event(Worker& w, const PaymentEvent& e);
  bool open_session(Worker& w, const Order& o);
  OrderState resume_hosted(Worker& w, const Order& o);
  void recover(Worker& w);
  OrderState resume(Worker& w, const Order& o);
  OrderState start_executing(Worker& w, const Order& o);
  OrderState execute(Worker& w, const Order& o);
  // One charge call (mode executor, with keys: and the status query after a time-out).
  std::optional<ChargeReply> charge_once(Worker& w, const Order& o, std::uint64_t key);
  // Mode log (retry_consumer.cpp): call `attempt` of an order, then finish it or queue it.
  OrderState attempt_or_queue(Worker& w, const Order& o, int attempt);
  OrderState queue_retry(Worker& w, const Order& o, int attempt, double retry_after);
  void run_retry_consumer(int member, std::uint64_t life);
  void retry_one(Worker& w, std::uint64_t record, const std::shared_ptr<RetryBatch>& batch);
  void retry_record(Worker& w, std::uint64_t record);
  std::set<std::uint64_t> orders_in_retry_topic() const;
  // `already`: set when the order was final before (nothing changed).
  OrderState finish(Worker& w, const Order& o, OrderState to, std::uint64_t charge, int attempts,
                    bool* already = nullptr);
  sql_service::SqlReply run(Worker& w, sql_service::SqlStatement st);
  void connect(Worker& w);
  std::uint64_t key_for(const Order& o);

  Net& net_;
  Config cfg_;
  PaymentEndpoints to_;
  std::shared_ptr<Experiment> x_;
  RandomStream rng_;
  std::vector<Worker> workers_;
  std::unique_ptr<WorkerPool<Job>> pool_;
  // Orders a worker of this life is executing (volatile).
  std::shared_ptr<std::set<std::uint64_t>> active_ = std::make_shared<std::set<std::uint64_t>>();
};

}  // namespace sdsim::payment
