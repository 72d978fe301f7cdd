#include "models/metrics_monitoring/checker.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::metrics_monitoring {

AlertVerdict check_alerts(const std::map<std::string, std::vector<FaultInterval>>& faults,
                          const std::map<std::string, std::vector<double>>& firings,
                          const AlertTiming& timing, double end) {
  AlertVerdict v;
  static const std::vector<FaultInterval> kNone;
  std::map<std::string, bool> seen;
  for (const auto& [instance, intervals] : faults) seen[instance] = true;
  for (const auto& [instance, times] : firings) seen[instance] = true;
  for (const auto& [instance, unused] : seen) {
    auto fi = faults.find(instance);
    const std::vector<FaultInterval>& intervals = fi == faults.end() ? kNone : fi->second;
    auto fr = firings.find(instance);
    std::vector<double> times = fr == firings.end() ? std::vector<double>{} : fr->second;
    std::sort(times.begin(), times.end());
    std::vector<int> fired_for(intervals.size(), 0);
    for (double f : times) {
      int owner = -1;
      for (std::size_t i = 0; i < intervals.size(); ++i) {
        const FaultInterval& in = intervals[i];
        if (in.down <= f - timing.for_s && f <= in.up + timing.may_fire_until_after_up()) {
          owner = int(i);
          break;
        }
      }
      if (owner < 0 || fired_for[std::size_t(owner)]++ > 0) {
        ++v.false_positives;
        continue;
      }
      ++v.fired;
      v.detection_delay.add(f - intervals[std::size_t(owner)].down);
    }
    for (std::size_t i = 0; i < intervals.size(); ++i) {
      const FaultInterval& in = intervals[i];
      ++v.faults;
      const double lasted = std::min(in.up, end) - in.down;
      // Held to firing only if it lasted long enough and the deadline to fire passed by the end.
      if (lasted > timing.must_fire_after() && in.down + timing.must_fire_after() <= end) {
        ++v.long_faults;
        if (fired_for[i] == 0) ++v.missed;
      }
    }
  }
  return v;
}

std::vector<RawWindow> windows_from_raw(const std::vector<std::pair<double, double>>& points,
                                        double interval) {
  std::vector<RawWindow> out;
  for (const auto& [t, v] : points) {
    const double start = std::floor(t / interval) * interval;
    if (out.empty() || out.back().start != start) out.push_back(RawWindow{start, 0, v, v, 0});
    RawWindow& w = out.back();
    w.sum += v;
    w.min = std::min(w.min, v);
    w.max = std::max(w.max, v);
    ++w.count;
  }
  return out;
}

PointVerdict check_points(std::vector<double> taken, std::vector<double> stored, double horizon) {
  PointVerdict v;
  std::sort(taken.begin(), taken.end());
  taken.erase(std::unique(taken.begin(), taken.end()), taken.end());
  std::sort(stored.begin(), stored.end());
  const std::size_t copies = stored.size();
  stored.erase(std::unique(stored.begin(), stored.end()), stored.end());
  v.taken = taken.size();
  v.stored = stored.size();
  v.duplicated = copies - stored.size();
  std::vector<double> missing, common;
  std::set_difference(taken.begin(), taken.end(), stored.begin(), stored.end(),
                      std::back_inserter(missing));
  std::set_intersection(taken.begin(), taken.end(), stored.begin(), stored.end(),
                        std::back_inserter(common));
  for (double t : missing) ++(t < horizon ? v.expired : v.lost);
  v.unexpected = stored.size() - common.size();
  return v;
}

PointVerdict& operator+=(PointVerdict& a, const PointVerdict& b) {
  a.taken += b.taken;
  a.stored += b.stored;
  a.lost += b.lost;
  a.expired += b.expired;
  a.duplicated += b.duplicated;
  a.unexpected += b.unexpected;
  return a;
}

}  // namespace sdsim::metrics_monitoring
