#include "models/maps/eta.hpp"

#include <cmath>

#include <Eigen/Dense>

namespace sdsim::maps {

using namespace storage::road_graph;

double TrafficProfile::factor(RoadClass c, double hour) const {
  auto bump = [](double x) { return std::exp(-x * x / 2); };
  return 1.0 + peak[int(c)] * (bump(hour - 8.0) + bump(hour - 17.5));
}

double TrafficProfile::actual_time(const RoadGraph& g, std::span<const ArcId> arcs, double hour,
                                   RandomStream& rng) const {
  const auto& cost = g.free_flow_costs();
  double t = 0;
  for (ArcId a : arcs) t += cost[a] * factor(g.arc_class(a), hour);
  return t * std::exp(noise * rng.normal());
}

bool rush_hour(double hour) {
  return (hour >= 7.0 && hour < 9.5) || (hour >= 16.5 && hour < 19.0);
}

double free_flow_time(const RoadGraph& g, std::span<const ArcId> arcs) {
  const auto& cost = g.free_flow_costs();
  double t = 0;
  for (ArcId a : arcs) t += cost[a];
  return t;
}

EtaFeatures eta_features(const RoadGraph& g, std::span<const ArcId> arcs, double hour) {
  EtaFeatures f{};
  const auto& cost = g.free_flow_costs();
  for (ArcId a : arcs) f[std::size_t(g.arc_class(a))] += cost[a];
  const double rush = rush_hour(hour) ? 1.0 : 0.0;
  for (int c = 0; c < kRoadClasses; ++c) f[std::size_t(kRoadClasses + c)] = f[std::size_t(c)] * rush;
  f[6] = 1.0;
  return f;
}

EtaModel EtaModel::fit(const std::vector<EtaFeatures>& x, const std::vector<double>& y) {
  Eigen::MatrixXd a(Eigen::Index(x.size()), kEtaFeatures);
  Eigen::VectorXd b(Eigen::Index(y.size()));
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (int j = 0; j < kEtaFeatures; ++j) a(Eigen::Index(i), j) = x[i][std::size_t(j)];
    b(Eigen::Index(i)) = y[i];
  }
  // Column pivoting: a feature that never occurs (no highway on any trip) gets weight 0.
  const Eigen::VectorXd w = a.colPivHouseholderQr().solve(b);
  EtaModel m;
  for (int j = 0; j < kEtaFeatures; ++j) m.w_[std::size_t(j)] = w(j);
  return m;
}

double EtaModel::predict(const EtaFeatures& f) const {
  double t = 0;
  for (int j = 0; j < kEtaFeatures; ++j) t += w_[std::size_t(j)] * f[std::size_t(j)];
  return t;
}

}  // namespace sdsim::maps
