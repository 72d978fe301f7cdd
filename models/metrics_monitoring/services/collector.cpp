#include "models/metrics_monitoring/services/collector.hpp"

#include <fmt/format.h>

#include <cmath>
#include <deque>
#include <limits>
#include <unordered_map>

#include "models/metrics_monitoring/services/discovery.hpp"
#include "sim/model/run_context.hpp"
#include "sim/net/service.hpp"
#include "sim/services/log/producer.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::metrics_monitoring {
namespace {

double now() { return sg4::Engine::get_clock(); }

// What one incarnation holds: records waiting for the producer, push batches waiting for the
// log's acknowledgement.
struct CollectorState {
  std::deque<std::pair<double, RecordId>> feed;
  std::unordered_map<RecordId, std::unique_ptr<Letter<CollectorProtocol>>> unacked;
};

// The producer's source: records as the collector makes them. With none waiting it asks to
// be woken a little later (the producer client sleeps until a record's time).
class Feed : public log_service::RecordSource {
 public:
  explicit Feed(std::shared_ptr<CollectorState> s) : s_(std::move(s)) {}
  double next_time() const override {
    return s_->feed.empty() ? now() + kPoll : s_->feed.front().first;
  }
  RecordId take(int, double) override {
    const RecordId id = s_->feed.front().second;
    s_->feed.pop_front();
    return id;
  }
  static constexpr double kPoll = 0.05;  // s

 private:
  std::shared_ptr<CollectorState> s_;
};

class Outcomes : public log_service::ProducerListener {
 public:
  Outcomes(Experiment& x, std::shared_ptr<CollectorState> s) : x_(x), s_(std::move(s)) {}
  void acknowledged(const log_service::BatchOutcome& b, double) override {
    for (RecordId id : *b.ids) answer(id, Status::Ok);
  }
  void failed(const log_service::BatchOutcome& b, double) override {
    for (RecordId id : *b.ids) {
      auto it = x_.payloads.find(id);
      if (it != x_.payloads.end()) {
        x_.counters.produce_failed += it->second.size();
        x_.payloads.erase(it);
      }
      answer(id, Status::Unavailable);
    }
  }

 private:
  void answer(RecordId id, Status status) {
    auto it = s_->unacked.find(id);
    if (it == s_->unacked.end()) return;
    if (status == Status::Ok)
      x_.ctx.net().reply(*it->second, PushAck{});
    else
      x_.ctx.net().fail(*it->second, status);
    s_->unacked.erase(it);
  }
  Experiment& x_;
  std::shared_ptr<CollectorState> s_;
};

void scrape_round(Experiment& x, Rpc& rpc, Discovery& d, int me, double t, CollectorState& state) {
  d.refresh();
  if (!d.live().count(me)) return;  // not registered (yet): the others have its share
  const HashRing ring = collector_ring(x.collector_names);
  std::vector<int> mine;
  for (int target : d.registered_targets())
    if (owner_of(ring, x.target_names[std::size_t(target)], d.live()) == me) mine.push_back(target);
  std::vector<Rpc::Call<TargetProtocol, Scrape>> calls;
  for (int target : mine) calls.push_back({&x.targets[std::size_t(target)], Scrape{}});
  auto results = rpc.gather(calls, int(calls.size()), x.cfg.scrape_timeout);
  for (std::size_t i = 0; i < mine.size(); ++i) {
    const int target = mine[i];
    const bool up = results[i].ok();
    ++x.counters.scrapes;
    if (!up) ++x.counters.scrapes_failed;
    std::vector<Sample> samples{{x.up_series[std::size_t(target)], t, up ? 1.0 : 0.0}};
    if (up) {
      const std::vector<double>& values = results[i].value().values;
      for (std::size_t g = 0; g < values.size(); ++g)
        samples.push_back({x.gauge_series[std::size_t(target)][g], t, values[g]});
    }
    for (const Sample& s : samples) x.taken[s.series].push_back(t);
    state.feed.emplace_back(now(), x.add_record(std::move(samples)));
  }
}

class Collector : public ServiceHandler<CollectorProtocol> {
 public:
  Collector(Experiment& x, int index)
      : x_(x), index_(index), state_(std::make_shared<CollectorState>()) {}

  void start(Inbox&) override {
    Experiment* px = &x_;
    const int me = index_;
    auto state = state_;
    const std::string name = x_.collector_names[std::size_t(me)];
    spawn_local(name + "/producer", [px, state, name, me] {
      Feed feed(state);
      Outcomes outcomes(*px, state);
      log_service::run_producer(px->log, px->cfg.producer, *px->topic, name + "/producer",
                                std::int64_t(me + 1) * 1000000 + std::int64_t(now() * 1000), feed,
                                outcomes);
    });
    spawn_local(name + "/membership", [px, name, me] {
      Rpc rpc(px->ctx.net(), name + "/membership");
      Discovery d(*px, rpc, std::uint64_t(1 + me));
      const double beat = px->cfg.collector_lease / 4;
      while (true) {
        if (!d.keep_alive()) d.register_collector(me);
        sg4::this_actor::sleep_for(beat);
      }
    });
    if (x_.cfg.collection == Collection::Pull)
      spawn_local(name + "/scraper", [px, state, name, me] {
        Rpc rpc(px->ctx.net(), name + "/scraper");
        Discovery d(*px, rpc, std::uint64_t(100 + me));
        const double interval = px->cfg.scrape_interval;
        const double load_end = px->ctx.timeline().load_end();
        for (double t = std::ceil(now() / interval) * interval; t < load_end; t += interval) {
          sg4::this_actor::sleep_until(t);
          scrape_round(*px, rpc, d, me, t, *state);
        }
      });
  }

  void handle(std::unique_ptr<Letter<CollectorProtocol>> request) override {
    auto& batch = std::get<PushBatch>(request->body);
    const RecordId id = x_.add_record(std::move(batch.samples));
    state_->feed.emplace_back(now(), id);
    if (request->reply_to != nullptr) state_->unacked.emplace(id, std::move(request));
  }

 private:
  Experiment& x_;
  int index_;
  std::shared_ptr<CollectorState> state_;
};

}  // namespace

void start_collector(Experiment& x, int collector) {
  Experiment* px = &x;
  spawn_service<CollectorProtocol>(
      x.ctx.net(), x.collectors[std::size_t(collector)],
      [px, collector] { return std::make_unique<Collector>(*px, collector); });
}

}  // namespace sdsim::metrics_monitoring
