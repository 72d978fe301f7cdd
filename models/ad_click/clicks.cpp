#include "models/ad_click/clicks.hpp"

#include <algorithm>

namespace sdsim::ad_click {

int partition_of(int ad, int partitions) {
  return static_cast<int>(stable_hash(std::to_string(ad)) % static_cast<std::uint64_t>(partitions));
}

ClickStream generate_clicks(const ClicksConfig& cfg, const WorkloadSpec& load, int partitions,
                            RandomStream& rng) {
  ClickStream s;
  ArrivalProcess arrivals(load, 1.0, 0, 1);
  const ZipfSampler ads(static_cast<std::uint64_t>(cfg.ads), cfg.zipf);
  std::vector<std::vector<std::uint64_t>> parts(static_cast<std::size_t>(partitions));
  double last = 0.0;
  for (double t = arrivals.next_arrival(0.0, rng); t < load.duration;
       t = arrivals.next_arrival(t, rng)) {
    ClickEvent e;
    e.ad = static_cast<int>(ads.sample(rng));
    e.country = static_cast<int>(rng.below(static_cast<std::uint64_t>(cfg.countries)));
    e.time = t;
    const bool late = rng.bernoulli(cfg.delay.late_fraction);
    s.late += late ? 1 : 0;
    const double delay = late ? rng.uniform(cfg.delay.late_min, cfg.delay.late_max)
                              : rng.uniform(0.0, cfg.delay.on_time_max);
    const std::uint64_t id = s.events.size();
    s.events.push_back(e);
    auto& part = parts[static_cast<std::size_t>(partition_of(e.ad, partitions))];
    part.push_back(s.deliveries.size());
    s.deliveries.push_back({id, t + delay, false});
    last = std::max(last, t + delay);
    if (rng.bernoulli(cfg.resend_probability)) {
      ++s.resends;
      const double again = t + delay + rng.uniform(0.0, cfg.resend_delay_max);
      part.push_back(s.deliveries.size());
      s.deliveries.push_back({id, again, false});
      last = std::max(last, again);
    }
  }
  for (auto& part : parts) {
    std::stable_sort(part.begin(), part.end(), [&s](std::uint64_t a, std::uint64_t b) {
      return s.deliveries[a].arrival < s.deliveries[b].arrival;
    });
    part.push_back(s.deliveries.size());
    s.deliveries.push_back({0, last + 1e-3, true});
  }
  s.by_partition = std::move(parts);
  return s;
}

}  // namespace sdsim::ad_click
