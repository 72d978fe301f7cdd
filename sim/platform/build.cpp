// build_platform: turns a placed YAML topology into SimGrid zones, or loads a SimGrid XML file.
//
// Zone tree of a YAML topology (every link split-duplex, so each direction has the full
// bandwidth, as on a real full-duplex Ethernet link):
//
//   platform (full zone)   routes between datacenter pairs over "<dcA>--<dcB>"
//   └─ dc-0 (star zone)    rack-i -> anywhere: "<rack-i>-uplink" UP; anywhere -> rack-i: DOWN
//      ├─ dc-0-gw          router: where WAN routes enter and leave the datacenter
//      └─ rack-0 (star)    host -> anywhere: "<host>-link" UP; anywhere -> host: DOWN
//         ├─ rack-0-gw     router: where the uplink starts
//         └─ hosts         each with a loopback link for messages to itself
//
// So a message crosses its sender's link, then (between racks) two uplinks, then (between
// datacenters) one WAN link, then the receiver's link.
#include <map>
#include <simgrid/kernel/routing/NetPoint.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <stdexcept>
#include <string>
#include <vector>
#include <xbt/config.hpp>

#include "sim/platform/names.hpp"
#include "sim/platform/platform.hpp"

namespace sg4 = simgrid::s4u;
using simgrid::kernel::routing::NetPoint;

namespace sdsim {
namespace {

using Direction = sg4::LinkInRoute::Direction;

sg4::Link* duplex_link(sg4::NetZone* zone, const std::string& name, double bw, double lat) {
  return zone->create_split_duplex_link(name, bw)->set_latency(lat);
}

// In a star zone, `member` reaches every other member through `link` UP and is reached through
// it DOWN. Two one-way routes rather than one symmetrical route, so the directions are explicit.
void attach_to_star(sg4::NetZone* star, NetPoint* member, NetPoint* gateway,
                    const sg4::Link* link) {
  star->add_route(member, nullptr, gateway, nullptr, {{link, Direction::UP}}, false);
  star->add_route(nullptr, member, nullptr, gateway, {{link, Direction::DOWN}}, false);
}

// A message to oneself never touches the NIC. The loopback uses SimGrid's own settings, the ones
// it applies in zones it routes itself, so --sg-cfg=network/loopback-bw:... works here too.
void add_loopback(sg4::NetZone* rack, sg4::Host* host) {
  const double bw = simgrid::config::get_value<double>("network/loopback-bw");
  const double lat = simgrid::config::get_value<double>("network/loopback-lat");
  sg4::Link* loop = rack->create_link(names::host_loopback(host->get_name()), bw)
                        ->set_latency(lat)
                        ->set_sharing_policy(sg4::Link::SharingPolicy::FATPIPE);
  rack->add_route(host->get_netpoint(), host->get_netpoint(), nullptr, nullptr,
                  {{loop, Direction::NONE}}, false);
}

void add_host(sg4::NetZone* rack, const HostInfo& info) {
  sg4::Host* host = rack->create_host(info.name, info.spec.speed)->set_core_count(info.spec.cores);
  for (const DiskSpec& disk : info.spec.disks)
    host->create_disk(disk.name, disk.read_bw, disk.write_bw);
  const sg4::Link* link =
      duplex_link(rack, names::host_link(info.name), info.spec.link_bw, info.spec.link_lat);
  attach_to_star(rack, host->get_netpoint(), nullptr, link);
  add_loopback(rack, host);
}

// A rack is a star zone whose gateway router is where its uplink starts. Sealing the zone
// seals its hosts, disks and links (sealing them by hand too breaks tracing).
void build_rack(sg4::NetZone* dc, const RackSpec& spec, const std::vector<const HostInfo*>& hosts) {
  sg4::NetZone* rack = sg4::create_star_zone(spec.name)->set_parent(dc);
  for (const HostInfo* h : hosts) add_host(rack, *h);
  NetPoint* gateway = rack->create_router(names::gateway(spec.name));
  rack->seal();

  const sg4::Link* uplink =
      duplex_link(dc, names::rack_uplink(spec.name), spec.uplink_bw, spec.uplink_lat);
  attach_to_star(dc, rack->get_netpoint(), gateway, uplink);
}

using HostsByRack = std::map<std::string, std::vector<const HostInfo*>>;

struct BuiltDatacenter {
  sg4::NetZone* zone;
  NetPoint* gateway;
};

BuiltDatacenter build_datacenter(sg4::NetZone* root, const DatacenterSpec& spec,
                                 const HostsByRack& hosts_by_rack) {
  sg4::NetZone* dc = sg4::create_star_zone(spec.name)->set_parent(root);
  // The gateway router has no route of its own in the star zone: reaching it costs only the
  // sender's uplink, which is exactly the path out of the datacenter.
  NetPoint* gateway = dc->create_router(names::gateway(spec.name));
  for (const RackSpec& rack : spec.racks) {
    auto it = hosts_by_rack.find(rack.name);
    build_rack(dc, rack, it == hosts_by_rack.end() ? std::vector<const HostInfo*>{} : it->second);
  }
  dc->seal();
  return {dc, gateway};
}

// Each pair of datacenters has its own WAN link: UP from the first to the second, DOWN back.
void connect_datacenters(sg4::NetZone* root, const std::vector<DatacenterSpec>& specs,
                         const std::vector<BuiltDatacenter>& dcs, double wan_bw, double wan_lat) {
  for (std::size_t a = 0; a < dcs.size(); ++a) {
    for (std::size_t b = a + 1; b < dcs.size(); ++b) {
      const sg4::Link* wan =
          duplex_link(root, names::wan_link(specs[a].name, specs[b].name), wan_bw, wan_lat);
      NetPoint* za = dcs[a].zone->get_netpoint();
      NetPoint* zb = dcs[b].zone->get_netpoint();
      root->add_route(za, zb, dcs[a].gateway, dcs[b].gateway, {{wan, Direction::UP}}, false);
      root->add_route(zb, za, dcs[b].gateway, dcs[a].gateway, {{wan, Direction::DOWN}}, false);
    }
  }
}

// The control host's zone: a host with no link to anything (its actors never send).
void add_control_zone(sg4::NetZone* parent) {
  if (sg4::Engine::get_instance()->host_by_name_or_null(names::kControlHost))
    throw std::runtime_error(std::string("the host name '") + names::kControlHost + "' is reserved for sdsim");
  sg4::NetZone* control = sg4::create_empty_zone(names::kControlHost)->set_parent(parent);
  control->create_host(names::kControlHost, 1e9);
  control->seal();
}

void build_topology(const PlatformInfo& info) {
  if (!info.spec) throw std::logic_error("build_platform: a YAML platform without its topology");
  HostsByRack hosts_by_rack;
  for (const HostInfo& h : info.hosts) hosts_by_rack[h.rack].push_back(&h);

  sg4::NetZone* root = sg4::create_full_zone("platform");
  std::vector<BuiltDatacenter> dcs;
  for (const DatacenterSpec& dc : info.spec->datacenters)
    dcs.push_back(build_datacenter(root, dc, hosts_by_rack));
  connect_datacenters(root, info.spec->datacenters, dcs, info.spec->wan_bw, info.spec->wan_lat);
  add_control_zone(root);
  root->seal();
}

// The XML file is SimGrid's to validate; we only check it declares the hosts placement used.
void load_xml(sg4::Engine& engine, const PlatformInfo& info) {
  engine.load_platform(info.xml_file);
  for (const HostInfo& h : info.hosts)
    if (!engine.host_by_name_or_null(h.name))
      throw std::runtime_error(info.xml_file + ": host '" + h.name +
                               "' was read from the file but SimGrid did not create it");
}

}  // namespace

void build_platform(sg4::Engine& engine, PlatformInfo& info) {
  if (!info.xml_file.empty()) {
    load_xml(engine, info);
    add_control_zone(engine.get_netzone_root());
  } else {
    build_topology(info);
  }
}

sg4::Host* control_host() { return sg4::Host::by_name(names::kControlHost); }

std::vector<sg4::Link*> simgrid_links(const std::string& name) {
  const sg4::Engine* engine = sg4::Engine::get_instance();
  sg4::Link* up = engine->link_by_name_or_null(name + "_UP");
  sg4::Link* down = engine->link_by_name_or_null(name + "_DOWN");
  if (up && down) return {up, down};
  if (sg4::Link* link = engine->link_by_name_or_null(name)) return {link};
  return {};
}

}  // namespace sdsim
