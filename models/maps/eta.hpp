// The ETA: trip time predicted from a route's features by a linear model fitted by least
// squares (Eigen, column-pivoting QR) on historical trips, against the "no model" baseline,
// the free-flow time. The truth it is measured against is the traffic profile below.
//
// Traffic: an arc of class c driven at hour h (0..24) takes its free-flow time x
//   f_c(h) = 1 + peak_c x (b(h - 8) + b(h - 17.5)),  b(x) = exp(-x^2 / 2)   (rush hours
// 08:00 and 17:30, an hour's standard deviation), the whole trip at its departure hour, times a
// per-trip lognormal noise exp(noise x N(0,1)).
// Features (7), all known before the trip: free-flow seconds on local, arterial and highway
// arcs; the same three times rush(h) (1 within 07:00-09:30 or 16:30-19:00, else 0); a constant
// (per-trip fixed time). The model does not know the profile's shape, only the rush windows.
#pragma once

#include <array>
#include <span>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/storage/road_graph/road_graph.hpp"

namespace sdsim::maps {

inline constexpr int kEtaFeatures = 7;
using EtaFeatures = std::array<double, kEtaFeatures>;

struct TrafficProfile {
  double peak[storage::road_graph::kRoadClasses] = {0.3, 0.8, 1.2};
  double noise = 0.1;  // s.d. of the log of the per-trip factor
  double factor(storage::road_graph::RoadClass c, double hour) const;
  // The trip's true time (s) at departure `hour`, the noise drawn from rng.
  double actual_time(const storage::road_graph::RoadGraph& g,
                     std::span<const storage::road_graph::ArcId> arcs, double hour,
                     RandomStream& rng) const;
};

bool rush_hour(double hour);
double free_flow_time(const storage::road_graph::RoadGraph& g,
                      std::span<const storage::road_graph::ArcId> arcs);
EtaFeatures eta_features(const storage::road_graph::RoadGraph& g,
                         std::span<const storage::road_graph::ArcId> arcs, double hour);

class EtaModel {
 public:
  // Least squares on rows x (features) against y (seconds); needs at least one row.
  static EtaModel fit(const std::vector<EtaFeatures>& x, const std::vector<double>& y);
  double predict(const EtaFeatures& f) const;
  const EtaFeatures& coefficients() const { return w_; }

 private:
  EtaFeatures w_{};
};

}  // namespace sdsim::maps
