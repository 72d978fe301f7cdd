#include "models/message_queue/services/producer.hpp"

#include <fmt/format.h>

#include "sim/model/run_context.hpp"
#include "sim/services/log/producer.hpp"
#include "sim/workload/workload.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::message_queue {
namespace {

// The workload's arrivals become messages registered in the ledger, one stream per producer
// and partition (order is checked within a stream).
class Arrivals : public log_service::RecordSource {
 public:
  Arrivals(Experiment& x, int index)
      : x_(x),
        index_(index),
        arrivals_(x.ctx.workload(), 1.0 / x.ctx.workload().clients, index,
                  x.ctx.workload().clients),
        rng_(x.ctx.stream(fmt::format("producer-{}", index))) {
    next_ = arrivals_.next_arrival(sg4::Engine::get_clock(), rng_);
  }
  double next_time() const override { return next_ < x_.load_end ? next_ : kNever; }
  RecordId take(int partition, double created) override {
    const auto stream = static_cast<std::uint32_t>(index_ * x_.log.partitions() + partition);
    const RecordId id = x_.ledger.add(stream, created);
    for (DeliveryLedger& l : x_.other_ledgers) l.add(stream, created);  // the same id in each
    next_ = arrivals_.next_arrival(created, rng_);
    return id;
  }

 private:
  static constexpr double kNever = std::numeric_limits<double>::infinity();
  Experiment& x_;
  int index_;
  ArrivalProcess arrivals_;
  RandomStream rng_;
  double next_;
};

class Outcomes : public log_service::ProducerListener {
 public:
  Outcomes(Experiment& x, std::string name) : x_(x), name_(std::move(name)) {}
  void attempted(const log_service::BatchOutcome& b, double now) override {
    x_.each_ledger([&](DeliveryLedger& l) {
      for (RecordId id : *b.ids) l.send_attempt(id, now);
    });
  }
  void acknowledged(const log_service::BatchOutcome& b, double now) override {
    x_.each_ledger([&](DeliveryLedger& l) {
      for (RecordId id : *b.ids) l.acked(id, now);
    });
    record(b, now, "ok");
  }
  void failed(const log_service::BatchOutcome& b, double now) override {
    x_.each_ledger([&](DeliveryLedger& l) {
      for (RecordId id : *b.ids) l.failed(id);
    });
    record(b, now, "failed");
  }
  void sent(const log_service::BatchOutcome& b, double now) override {
    x_.each_ledger([&](DeliveryLedger& l) {
      for (RecordId id : *b.ids) l.sent_unacknowledged(id, now);
    });
    record(b, now, "sent");
  }
  void failing(bool failing, double now) override {
    x_.availability.producer_failing(failing, now);
  }

 private:
  void record(const log_service::BatchOutcome& b, double now, std::string_view outcome) {
    const std::string server =
        b.broker >= 0 ? fmt::format("broker-{}", b.broker) : std::string("none");
    for (RecordId id : *b.ids)
      x_.ctx.recorder().request(RequestRecord{id, "produce", name_, server, x_.ledger.created(id),
                                              now, outcome, b.attempts - 1});
  }
  Experiment& x_;
  std::string name_;
};

}  // namespace

void Availability::producer_failing(bool now_failing, double now) {
  if (now_failing) {
    if (failing++ == 0) since = now;
  } else if (--failing == 0) {
    unavailable += now - since;
  }
}

void start_producer(Experiment& x, int index) {
  const std::string host = x.ctx.hosts_with_role("producer").at(index);
  sg4::Actor::create(fmt::format("producer-{}", index), sg4::Host::by_name(host), [&x, index] {
    const std::string name = fmt::format("producer-{}", index);
    Arrivals arrivals(x, index);
    Outcomes outcomes(x, name);
    log_service::run_producer(x.log, x.cfg.producer, *x.input, name, 1000000 + index, arrivals,
                              outcomes);
  })->daemonize();
}

}  // namespace sdsim::message_queue
