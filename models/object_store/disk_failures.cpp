#include "models/object_store/disk_failures.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "models/object_store/checker.hpp"
#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::object_store {

void start_disk_failures(RunContext& ctx, Cluster& c, double until) {
  if (c.cfg.failures.afr <= 0.0 || until <= 0.0) return;
  const double lambda =
      -std::log1p(-c.cfg.failures.afr) / kYear * c.cfg.failures.time_scale;  // per simulated s
  std::vector<std::tuple<double, int, int>> failures;                        // (time, node, disk)
  for (int n = 0; n < static_cast<int>(c.blob->stores.size()); ++n)
    for (int d = 0; d < static_cast<int>(c.blob->stores[n]->disks.size()); ++d) {
      auto rng =
          ctx.stream("disk-failures:" + c.blob->hosts[n] + ":" + c.blob->stores[n]->disks[d].name);
      for (double t = rng.exponential(1.0 / lambda); t < until; t += rng.exponential(1.0 / lambda))
        failures.emplace_back(t, n, d);
    }
  std::sort(failures.begin(), failures.end());
  // Disks fail by nature: no crash of a model host can stop it.
  ctx.timeline().spawn_nature("disk-failures", [&ctx, &c, failures] {
    for (const auto& [t, n, d] : failures) {
      sg4::this_actor::sleep_until(t);
      lose_disk(ctx, c, n, d, true);
    }
  });
}

}  // namespace sdsim::object_store
