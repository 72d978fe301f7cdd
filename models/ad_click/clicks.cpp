#include "models/ad_click/clicks.hpp"

#include <algorithm>

namespace sdsim::ad_click {

int partition_of(int ad, int partitions) {
  return static_cast<int>(stable_hash(std::to_string(ad)) % static_cast<std::uint64_t>(partitions));
}

int partition_of_click(int ad, std::uint64_t event, int partitions, int split, int stride) {
  const int home = partition_of(ad, partitions);
  if (ad != 0 || split <= 1) return home;
  return (home + static_cast<int>(event % static_cast<std::uint64_t>(split)) * stride) % partitions;
}

ClickStream generate_clicks(const ClicksConfig& cfg, const WorkloadSpec& load, int partitions,
                            RandomStream& rng, int hot_split, int stride) {
  ClickStream s;
  ArrivalProcess arrivals(load, 1.0, 0, 1);
  const ZipfSampler ads(static_cast<std::uint64_t>(cfg.ads), cfg.zipf);
  std::vector<std::vector<std::uint64_t>> parts(static_cast<std::size_t>(partitions));
  double last = 0.0;
  for (double t = arrivals.next_arrival(0.0, rng); t < load.duration;
       t = arrivals.next_arrival(t, rng)) {
    ClickEvent e;
    e.ad = rng.bernoulli(cfg.hot_share) ? 0 : static_cast<int>(ads.sample(rng));
    e.country = static_cast<int>(rng.below(static_cast<std::uint64_t>(cfg.countries)));
    e.time = t;
    const bool late = rng.bernoulli(cfg.delay.late_fraction);
    s.late += late ? 1 : 0;
    const double delay = late ? rng.uniform(cfg.delay.late_min, cfg.delay.late_max)
                              : rng.uniform(0.0, cfg.delay.on_time_max);
    const std::uint64_t id = s.events.size();
    s.events.push_back(e);
    auto& part = parts[static_cast<std::size_t>(
        partition_of_click(e.ad, id, partitions, hot_split, stride))];
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
