// Platforms: a YAML topology (datacenters -> racks -> hosts, with disks and links) or a
// SimGrid XML file. Models ask for roles ("3 broker, 2 client"); placement spreads role
// instances over racks and names hosts after them ("broker-0"), so scenarios can target them.
//
// Three steps, the first two plain C++ (unit-tested), the last one SimGrid:
//   parse_platform   YAML -> PlatformSpec (validated, located errors)
//   place_roles      PlatformSpec + roles -> PlatformInfo (host names, racks, links, disks)
//   build_platform   PlatformInfo -> SimGrid zones, hosts, links, disks (needs the Engine)
#pragma once

#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/key_doc.hpp"
#include "sim/core/units.hpp"
#include "sim/core/doc.hpp"

namespace simgrid::s4u { class Engine; class Host; class Link; }

namespace sdsim {

struct DiskSpec {
  std::string name = "disk0";
  double read_bw = 200e6;    // B/s
  double write_bw = 150e6;   // B/s
};

struct HostSpec {
  double speed = 1e9;        // flop/s per core
  int cores = 8;
  std::vector<DiskSpec> disks;
  double link_bw = 1.25e9;   // B/s (10Gbps): the host's own link to its rack switch
  double link_lat = 5e-6;    // s
};

struct RackSpec {
  std::string name;          // "rack-<i>" when not given, i counting over all datacenters
  int hosts = 0;             // host slots
  HostSpec host;             // template for every host of the rack
  double uplink_bw = 5e9;    // B/s: rack switch to datacenter core
  double uplink_lat = 10e-6; // s
};

struct DatacenterSpec {
  std::string name;          // "dc-0" when not given
  std::vector<RackSpec> racks;
};

// A host declared in a SimGrid XML platform (a <host>, or one member of a <cluster>).
struct XmlHost {
  std::string name;          // its id in the file
  HostSpec spec;             // speed, cores and disks as declared; link fields unused
};

struct PlatformSpec {
  std::string source;        // file it came from, or "<model default>"
  std::string xml_file;      // non-empty: a SimGrid XML platform, loaded as it is
  std::vector<DatacenterSpec> datacenters;
  double wan_bw = 1.25e9;    // B/s between two datacenters
  double wan_lat = 0.030;    // s
  std::vector<XmlHost> xml_hosts;       // XML platforms: hosts in file order
  std::vector<std::string> xml_links;   // XML platforms: link ids (cluster links expanded)
};

// Parses a platform file: a YAML topology (.yaml/.yml) or a SimGrid XML platform (.xml).
// `path` is used as given (the scenario loader resolves it against the scenario's folder).
// Errors go to diags with locations.
PlatformSpec parse_platform_file(const std::string& path, Diagnostics& diags);
// The YAML topology's keys, documented (`sdsim describe platform`); the parser accepts these.
const std::vector<KeyDoc>& platform_keys();
// Parses a YAML topology already loaded (a platform file, or a scenario's inline map).
// `base_path` prefixes the key paths in errors ("platform" for a scenario's inline map).
PlatformSpec parse_platform_doc(const Doc& doc, const std::string& source, Diagnostics& diags,
                                const std::string& base_path = "");
// Reads host and link ids from SimGrid XML text (for placement and fault targets; SimGrid
// itself validates the file when build_platform loads it). Sets xml_file = source.
PlatformSpec parse_platform_xml(std::istream& xml, const std::string& source, Diagnostics& diags);

// A host speed in flop/s: "1Gf", "100Mf", "1e9f" (f kf Mf Gf Tf Pf, or the same with "flops").
// A bare number is an error, as for every other dimensioned value.
QuantityParse parse_flop_rate(std::string_view text);

struct RoleRequest {
  std::string role;          // "client", "broker"
  int count = 1;
};

struct HostInfo {
  std::string name;          // "broker-0", or "spare-3" when no role took the slot
  std::string role;          // "" for spares
  std::string rack;          // failure domains
  std::string datacenter;
  HostSpec spec;
};

// Everything the rest of sdsim needs to know about the platform by name.
class PlatformInfo {
 public:
  std::string source;
  std::string xml_file;
  std::vector<HostInfo> hosts;              // in placement order
  std::vector<std::string> racks;
  std::vector<std::string> datacenters;
  std::vector<std::string> links;           // names of links faults may target
  std::map<std::string, std::vector<std::string>> role_hosts;  // role -> host names in order
  // The topology the hosts were placed on (a copy, so PlatformInfo can be copied and moved
  // freely); null for XML platforms.
  std::shared_ptr<const PlatformSpec> spec;

  const HostInfo* host(const std::string& name) const;
  bool has_host(const std::string& name) const { return host(name) != nullptr; }
  bool has_link(const std::string& name) const;
  // Host names of a host, rack or datacenter name; empty when the name is unknown.
  std::vector<std::string> hosts_of(const std::string& domain) const;
  std::vector<std::string> all_domain_names() const;  // hosts, racks, datacenters (for suggestions)
  const std::vector<std::string>& hosts_with_role(const std::string& role) const;
};

// Assigns role instances to host slots, round-robin over all racks (those of the first
// datacenter in file order, then the next datacenter's), so that replicas of one role land in
// different racks where there are enough racks. Reports an error (and places nothing) when the
// platform has too few hosts; reports an error when a host, rack or datacenter name is used
// twice. For XML platforms, role instances take the XML hosts in order of their names
// (numbers inside names compare as numbers: node-2 before node-10) and keep those names; racks
// and datacenters are then empty (each host is its own failure domain).
PlatformInfo place_roles(const PlatformSpec& spec, const std::vector<RoleRequest>& roles,
                         Diagnostics& diags);

// Creates the SimGrid platform. Must run after the network model is configured and before
// any actor exists. For YAML topologies: one zone per datacenter, a star zone per rack with a
// split-duplex link per host (named "<host>-link"), rack uplinks ("<rack>-uplink"), and one
// WAN link per datacenter pair ("<dcA>--<dcB>"). Host, uplink and WAN links are split-duplex
// (each direction has the full bandwidth). For XML platforms: Engine::load_platform.
// Also adds the run's control host (names::kControlHost), outside the topology.
void build_platform(simgrid::s4u::Engine& engine, PlatformInfo& info);
simgrid::s4u::Host* control_host();

// The SimGrid links behind a name of PlatformInfo::links, for faults: the link itself, or both
// directions of a split-duplex link ("<name>_UP", "<name>_DOWN"). Empty when unknown.
// Needs the platform built.
std::vector<simgrid::s4u::Link*> simgrid_links(const std::string& name);

}  // namespace sdsim
