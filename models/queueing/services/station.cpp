#include "models/queueing/services/station.hpp"

#include <algorithm>

namespace sg4 = simgrid::s4u;

namespace sdsim::queueing {

double ServiceTime::draw(RandomStream& rng) const {
  if (distribution == "deterministic") return mean;
  if (distribution == "lognormal") return rng.lognormal(mean, cv);
  return rng.exponential(mean);
}

void TimeIntegral::change(double now, double delta) {
  const double start = std::max(last_, from_);
  if (now > start) area_ += value_ * (now - start);
  last_ = now;
  value_ += delta;
}

double TimeIntegral::area(double until) const {
  const double start = std::max(last_, from_);
  return area_ + (until > start ? value_ * (until - start) : 0.0);
}

Station::Station(Net& net, const StationConfig& cfg, std::shared_ptr<StationStats> stats, RandomStream rng)
    : net_(net), cfg_(cfg), stats_(std::move(stats)), rng_(rng) {}

void Station::start(Inbox&) {
  ++stats_->incarnations;
  // A restart finds an empty station: the queue and the requests in service were volatile.
  stats_->waiting.change(sg4::Engine::get_clock(), -stats_->waiting.current());
  stats_->busy.change(sg4::Engine::get_clock(), -stats_->busy.current());
  servers_ = std::make_unique<WorkerPool<Waiting>>("server", cfg_.servers,
                                                   [this](int, Waiting& job) { serve(job); });
}

void Station::handle(std::unique_ptr<Letter<StationProtocol>> msg) {
  const double now = sg4::Engine::get_clock();
  if (now >= stats_->warmup) {
    ++stats_->arrivals;
    if (servers_->idle() == 0) ++stats_->waited;
  }
  stats_->waiting.change(now, +1);
  servers_->submit(Waiting{std::move(msg), now});
}

void Station::serve(Waiting& job) {
  const double now = sg4::Engine::get_clock();
  stats_->waiting.change(now, -1);
  stats_->busy.change(now, +1);
  const double service = cfg_.service.draw(rng_);
  if (job.arrived >= stats_->warmup) {
    stats_->wait.add(now - job.arrived);
    stats_->service.add(service);
  }
  sg4::this_actor::sleep_for(service);
  const double done = sg4::Engine::get_clock();
  stats_->busy.change(done, -1);
  stats_->last_event = done;
  stats_->residence[job.request->id] = done - job.arrived;
  net_.reply(*job.request, JobDone{cfg_.reply_bytes});
}

}  // namespace sdsim::queueing
