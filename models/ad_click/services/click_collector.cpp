#include "models/ad_click/services/click_collector.hpp"

#include <fmt/format.h>

#include <limits>

#include "sim/model/run_context.hpp"
#include "sim/services/log/producer.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::ad_click {
namespace {

class PartitionDeliveries : public log_service::RecordSource {
 public:
  PartitionDeliveries(const ClickStream& s, int partition)
      : s_(s), ids_(s.by_partition.at(std::size_t(partition))) {}
  double next_time() const override {
    return next_ < ids_.size() ? s_.deliveries[ids_[next_]].arrival
                               : std::numeric_limits<double>::infinity();
  }
  log_service::RecordId take(int, double) override { return ids_[next_++]; }

 private:
  const ClickStream& s_;
  const std::vector<std::uint64_t>& ids_;
  std::size_t next_ = 0;
};

class Acknowledgements : public log_service::ProducerListener {
 public:
  explicit Acknowledgements(Experiment& x) : x_(x) {}
  void acknowledged(const log_service::BatchOutcome& b, double) override {
    for (log_service::RecordId id : *b.ids) x_.appended[id] = true;
  }
  void failed(const log_service::BatchOutcome& b, double now) override {
    x_.ctx.event("clicks_failed", fmt::format("partition-{}", b.partition),
                 fmt::format("{} records", b.ids->size()));
    (void)now;
  }

 private:
  Experiment& x_;
};

}  // namespace

void start_collectors(Experiment& x) {
  const std::string host = x.ctx.hosts_with_role("collector").front();
  for (int p = 0; p < x.partitions; ++p) {
    sg4::Actor::create(fmt::format("collector-{}", p), sg4::Host::by_name(host), [&x, p] {
      const std::string name = fmt::format("collector-{}", p);
      const log_service::Topic one{"clicks", p, 1};  // this collector's partition (by ad_id)
      PartitionDeliveries source(x.clicks, p);
      Acknowledgements acks(x);
      log_service::run_producer(x.log, x.cfg.producer, one, name, 1000000 + p, source, acks);
    })->daemonize();
  }
}

}  // namespace sdsim::ad_click
