// Names sdsim gives to the SimGrid resources of a YAML topology. Placement lists them (so a
// scenario's faults can be checked before any simulation exists) and build_platform creates
// them: keeping both here means the two cannot disagree.
#pragma once

#include <string>

namespace sdsim::names {

inline std::string host_link(const std::string& host) { return host + "-link"; }
inline std::string host_loopback(const std::string& host) { return host + "-loopback"; }
inline std::string rack_uplink(const std::string& rack) { return rack + "-uplink"; }
inline std::string wan_link(const std::string& dc_a, const std::string& dc_b) {
  return dc_a + "--" + dc_b;
}
// The router through which a rack or a datacenter zone talks to the zones around it.
inline std::string gateway(const std::string& zone) { return zone + "-gw"; }

inline std::string role_host(const std::string& role, int index) {
  return role + "-" + std::to_string(index);
}
inline std::string spare_host(int index) { return "spare-" + std::to_string(index); }

// The run's control host, in a zone of its own outside every topology: the fault injector,
// samplers and the run's end live there, where no fault can reach (it is no fault target).
inline const char* kControlHost = "sdsim-control";

}  // namespace sdsim::names
