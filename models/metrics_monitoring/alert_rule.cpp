#include "models/metrics_monitoring/alert_rule.hpp"

#include <algorithm>

namespace sdsim::metrics_monitoring {

const char* transition_name(AlertTransition::Kind k) {
  switch (k) {
    case AlertTransition::Kind::pending:
      return "pending";
    case AlertTransition::Kind::firing:
      return "firing";
    case AlertTransition::Kind::resolved:
      return "resolved";
    case AlertTransition::Kind::cancelled:
      return "cancelled";
  }
  return "?";
}

std::vector<AlertTransition> AlertRule::evaluate(double t,
                                                 const std::vector<std::string>& holding) {
  std::vector<AlertTransition> out;
  std::vector<std::string> held(holding);
  std::sort(held.begin(), held.end());
  held.erase(std::unique(held.begin(), held.end()), held.end());
  // Label sets that stopped holding: pending ones are dropped, firing ones resolve.
  for (auto it = active_.begin(); it != active_.end();) {
    if (std::binary_search(held.begin(), held.end(), it->first)) {
      ++it;
      continue;
    }
    const bool firing = it->second.state == AlertState::firing;
    out.push_back({t, it->first,
                   firing ? AlertTransition::Kind::resolved : AlertTransition::Kind::cancelled,
                   it->second.active_at});
    it = active_.erase(it);
  }
  for (const std::string& labels : held) {
    auto [it, created] = active_.try_emplace(labels, Active{AlertState::pending, t});
    Active& a = it->second;
    if (created) out.push_back({t, labels, AlertTransition::Kind::pending, t});
    if (a.state == AlertState::pending && t - a.active_at >= for_) {
      a.state = AlertState::firing;
      out.push_back({t, labels, AlertTransition::Kind::firing, a.active_at});
    }
  }
  return out;
}

AlertState AlertRule::state(const std::string& labels) const {
  auto it = active_.find(labels);
  return it == active_.end() ? AlertState::inactive : it->second.state;
}

}  // namespace sdsim::metrics_monitoring
