#include "models/metrics_monitoring/experiment.hpp"

#include <fmt/format.h>

#include <cmath>

#include "sim/model/run_context.hpp"

namespace sdsim::metrics_monitoring {

Experiment::Experiment(const Config& c, RunContext& ctx)
    : cfg(c),
      ctx(ctx),
      coord(ctx.net(), "coord", ctx.hosts_with_role("coord"), c.coord),
      log(c.log, ctx),
      rule("instance_down", c.alert.for_duration) {
  tsdb.emplace(ctx, "tsdb", ctx.hosts_with_role("tsdb").front(), cfg.tsdb);
  for (int t = 0; t < cfg.targets; ++t) {
    const std::string instance = fmt::format("target-{}", t);
    target_names.push_back(instance);
    up_series.push_back(std::uint32_t(series.size()));
    series.emplace_back("up", std::vector<storage::timeseries::Label>{{"instance", instance}});
    gauge_series.emplace_back();
    for (int g = 0; g < cfg.series_per_target; ++g) {
      gauge_series.back().push_back(std::uint32_t(series.size()));
      series.emplace_back("cpu", std::vector<storage::timeseries::Label>{{"cpu", std::to_string(g)},
                                                                         {"instance", instance}});
    }
  }
  taken.resize(series.size());
}

// A diurnal curve (period 1 day, each gauge its own phase) plus noise in [-5, 5) drawn from a
// hash of (seed, target, gauge, time), so pull and push see the same values.
double Experiment::value(int target, int gauge, double t) const {
  const double kPi = 3.14159265358979323846;
  const double phase = 2 * kPi * (t / 86400.0) + 0.7 * gauge + 0.3 * target;
  const std::uint64_t h =
      stable_hash(fmt::format("{}/{}/{}/{}", ctx.seed(), target, gauge, std::llround(t * 1000)));
  const double noise = double(h >> 11) * 0x1.0p-53 * 10.0 - 5.0;
  return 50.0 + 30.0 * std::sin(phase) + noise;
}

RecordId Experiment::add_record(std::vector<Sample> samples) {
  const RecordId id = next_record++;
  payloads.emplace(id, std::move(samples));
  return id;
}

}  // namespace sdsim::metrics_monitoring
