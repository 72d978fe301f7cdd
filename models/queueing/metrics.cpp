// The queueing model's metric table and its end-of-run accounting.
#include "models/queueing/checker.hpp"
#include "models/queueing/model.hpp"
#include "sim/model/run_context.hpp"

namespace sdsim::queueing {

MetricTable QueueingModel::metric_table() const {
  const Results& r = results_;
  auto v = [&r](double Results::*f) { return [&r, f] { return r.*f; }; };
  MetricTable t;
  t.add("wait.mean", "s", "mean time in queue, arrivals after warm-up", v(&Results::wait_mean))
      .add("wait.p99", "s", "99th percentile time in queue", v(&Results::wait_p99))
      .add("wait.probability", "", "fraction of arrivals that found every server busy", v(&Results::wait_probability))
      .add("queue_length.mean", "", "time-average number of requests waiting (not in service)", v(&Results::queue_length))
      .add("utilization", "", "time-average fraction of servers busy", v(&Results::utilization))
      .add("service.mean", "s", "mean service time drawn", v(&Results::service_mean))
      .add("arrival_rate", "1/s", "arrivals at the station per second after warm-up", v(&Results::arrival_rate))
      .add("network.mean", "s", "mean time on the network of successful requests: client latency less time at the station",
           v(&Results::network_mean))
      .add_if("littles_law.ratio", "",
              "queue_length.mean / (arrival_rate * wait.mean); 1 when Little's law holds (also when nobody waited)",
              "an open-loop workload", [](const RunShape& s) { return s.workload.loop == "open"; },
              v(&Results::littles_ratio))
      .add_if("theory.wait.mean", "s", "closed-form mean wait: Erlang C (M/M/c) or Pollaczek-Khinchine (M/G/1)",
              "an open Poisson load below capacity, no faults, exponential service (any c) or any service with c = 1",
              theory_applies, v(&Results::theory_wait))
      .add_if("theory.latency.mean", "s", "theory.wait.mean + mean service time", "as theory.wait.mean", theory_applies,
              v(&Results::theory_latency));
  return t;
}

void QueueingModel::finish(RunContext& ctx) {
  const StationStats& s = *stats_;
  Results& r = results_;
  const double end = std::max(s.last_event, s.warmup);
  const double window = end - s.warmup;
  r.wait_mean = s.wait.mean();
  r.wait_p99 = s.wait.quantile(0.99);
  r.wait_probability = s.arrivals ? double(s.waited) / double(s.arrivals) : 0.0;
  r.queue_length = window > 0 ? s.waiting.area(end) / window : 0.0;
  r.arrival_rate = window > 0 ? double(s.arrivals) / window : 0.0;
  r.utilization = window > 0 ? s.busy.area(end) / (window * cfg_.servers) : 0.0;
  r.service_mean = s.service.mean();
  r.network_mean = network_count_ > 0 ? network_sum_ / double(network_count_) : 0.0;
  r.littles_ratio = littles_law_ratio(r.queue_length, r.arrival_rate, r.wait_mean);
  const RunShape shape{ctx.params(), ctx.workload(), ctx.has_faults()};
  if (theory_applies(shape)) {
    r.theory_wait = theory_mean_wait(shape);
    r.theory_latency = r.theory_wait + cfg_.service.mean;
  }
}

}  // namespace sdsim::queueing
