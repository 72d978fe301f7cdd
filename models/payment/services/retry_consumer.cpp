// retry_queue.mode log: the book's retry queue and dead letter queue as topics of the
// Kafka-like log (sim/services/log). A PSP call that failed transiently or timed out becomes a
// record on the retry topic (keyed by order id, acknowledged by acks=all before the worker
// lets the order go); the retry consumers (one group, on the payment host) read a poll's
// records, hand each to a worker when it is due, and commit the poll's offsets once all were
// handled: a crash before the commit re-reads them (at least once), and the same idempotency
// key makes a second execution a replay at the PSP, never a second charge. After max_attempts
// the order is handed to the dead-letter topic and FAILED (with its dead_letters row).
#include <fmt/format.h>

#include <algorithm>
#include <simgrid/s4u.hpp>

#include "models/payment/services/payment_service.hpp"
#include "models/payment/tables.hpp"
#include "sim/services/log/consumer.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::payment {

struct PaymentService::RetryBatch {
  std::size_t pending = 0;
  sg4::MutexPtr mutex = sg4::Mutex::create();
  sg4::ConditionVariablePtr done = sg4::ConditionVariable::create();
  void finished() {
    std::unique_lock lock(*mutex);
    if (--pending == 0) done->notify_all();
  }
  void wait() {
    std::unique_lock lock(*mutex);
    while (pending > 0) done->wait(lock);
  }
};

namespace {
double now() { return sg4::Engine::get_clock(); }
}  // namespace

OrderState PaymentService::attempt_or_queue(Worker& w, const Order& o, int attempt) {
  std::optional<ChargeReply> answer = charge_once(w, o, key_for(o));
  if (!answer && cfg_.idempotency && attempt >= cfg_.max_attempts) {
    // No retry will replay this time-out's result: ask for it before a dead letter, which
    // must never hold a charged order.
    const auto q = w.rpc->call(to_.psp, Query{o.id}, CallOptions{cfg_.psp_timeout, 0});
    ++x_->n.psp_queries;
    if (q.ok() && q.value().known) {
      ++x_->n.resolved_by_query;
      answer = ChargeReply{q.value().outcome, q.value().charge_id, 0};
    }
  }
  if (answer && answer->outcome == ChargeOutcome::charged)
    return finish(w, o, OrderState::success, answer->charge_id, attempt);
  if (answer && (answer->outcome == ChargeOutcome::declined ||
                 answer->outcome == ChargeOutcome::mismatch))
    return finish(w, o, OrderState::failed, 0, attempt);
  return queue_retry(w, o, attempt, answer ? answer->retry_after : 0.0);
}

// After failed call `attempt`: a retry record, or (the last attempt) a dead letter.
OrderState PaymentService::queue_retry(Worker& w, const Order& o, int attempt, double retry_after) {
  RetryQueueBook& q = x_->queue;
  if (attempt >= cfg_.max_attempts) {
    const std::uint64_t id = q.dead.size();
    q.dead.push_back({o.id, attempt, now()});
    // Handed over before the order is FAILED: a crash in between re-reads the retry record
    // and hands it again (a dead-letter reader dedupes by order id); never a FAILED order
    // with no dead letter but its table row.
    if (to_.queue.dead->append(*w.log, id, o.id) != Status::Ok) ++q.append_failures;
    ++x_->n.dead_letters;
    return finish(w, o, OrderState::failed, 0, -attempt);  // negative: to the dead letters
  }
  const std::uint64_t id = q.records.size();
  const double t = now();
  q.records.push_back({o.id, o.amount, o.seller, attempt + 1, t,
                       t + cfg_.retry.delay(attempt, rng_, retry_after), -1});
  if (to_.queue.retry->append(*w.log, id, o.id) == Status::Ok) {
    ++q.published;
  } else {
    ++q.append_failures;  // not in the topic: the sweeper resumes the order
  }
  return OrderState::executing;
}

void PaymentService::run_retry_consumer(int member, std::uint64_t life) {
  log_service::LogConsumer consumer(*to_.queue.log, cfg_.retry_queue.consumer, to_.queue.group,
                                    member, life,
                                    fmt::format("payment-retry-consumer-{}#{}", member, life));
  while (true) {
    const log_service::Poll poll = consumer.poll();
    if (poll.empty()) continue;
    std::vector<log_service::RecordId> ids = poll.records;
    std::stable_sort(ids.begin(), ids.end(), [this](auto a, auto b) {
      return x_->queue.records.at(a).due < x_->queue.records.at(b).due;
    });
    auto batch = std::make_shared<RetryBatch>();
    batch->pending = ids.size();
    for (const log_service::RecordId id : ids) {
      sg4::this_actor::sleep_until(x_->queue.records.at(id).due);
      pool_->submit(Job{nullptr, {}, false, id + 1, batch});
    }
    batch->wait();
    consumer.commit(poll);
  }
}

void PaymentService::retry_one(Worker& w, std::uint64_t record,
                               const std::shared_ptr<RetryBatch>& batch) {
  retry_record(w, record);
  batch->finished();  // not from a destructor: a crash's unwinding must make no simcall
}

void PaymentService::retry_record(Worker& w, std::uint64_t record) {
  RetryQueueBook& q = x_->queue;
  RetryRecord& rec = q.records.at(record);
  const Order o{rec.order_id, rec.amount, rec.seller};
  // A worker of this life has the order (the sweeper resumed it): that path finishes or
  // queues it again.
  if (!active_->insert(o.id).second) return (void)++q.skipped;
  struct Release {
    std::shared_ptr<std::set<std::uint64_t>> active;
    std::uint64_t id;
    ~Release() { active->erase(id); }
  } release{active_, o.id};
  // Re-read after a crash, or finished by a recovery's query: nothing left to do.
  sql_service::SqlReply r;
  while (!(r = run(w, sql_service::select_key("orders", {std::int64_t(o.id)}))).ok ||
         r.rows.empty())
    sg4::this_actor::sleep_for(0.1);
  if (is_final(order_state(r.rows.front()))) return (void)++q.skipped;
  if (rec.executions++ > 0) {
    ++q.redelivered;  // its poll was not committed before the crash: the key makes it harmless
  } else {
    ++q.retried;
    rec.started = now();
    q.delay.add(rec.started - rec.failed_at);
  }
  attempt_or_queue(w, o, rec.attempt);
}

// Orders with a retry record past their partition's committed offset: read from the topic, as
// an admin client would (what was handed over but not acknowledged is not there: a worker of
// this life holds that order).
std::set<std::uint64_t> PaymentService::orders_in_retry_topic() const {
  std::set<std::uint64_t> out;
  const log_service::LogCluster& log = *to_.queue.log;
  for (const int p : to_.queue.retry->topic().ids()) {
    const log_service::ReplicaLog& l = log.current_log(p);
    const auto from = std::max(l.log_start(), log.committed(to_.queue.group, p));
    for (const log_service::RecordBatch& b : l.read(from, l.log_end(), std::size_t(-1)))
      for (const log_service::RecordId id : b.ids) out.insert(x_->queue.records.at(id).order_id);
  }
  return out;
}

}  // namespace sdsim::payment
