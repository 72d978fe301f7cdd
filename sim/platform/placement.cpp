// place_roles: which host slot each role instance takes, and the PlatformInfo look-ups.
//
// YAML topologies: the slots are dealt round-robin over the racks (all racks of dc-0 in file
// order, then those of dc-1, ...): the first slot of every rack, then the second of every rack,
// and so on. Role instances take the slots in that order, so consecutive instances (the replicas
// of one role) land in different racks whenever there are enough racks. Slots no role takes are
// "spare-<n>".
//
// XML platforms: the hosts in natural name order (node-2 before node-10), names kept.
#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/platform/names.hpp"
#include "sim/platform/platform.hpp"

namespace sdsim {
namespace {

// Host slots in the order role instances take them (names are filled in later).
std::vector<HostInfo> topology_slots(const PlatformSpec& spec) {
  // Racks interleaved across datacenters (dc-0/rack 0, dc-1/rack 0, dc-0/rack 1, ...), so that
  // consecutive instances of a role land in different datacenters first, then different racks.
  std::vector<std::pair<const DatacenterSpec*, const RackSpec*>> racks;
  int deepest = 0;
  std::size_t most_racks = 0;
  for (const DatacenterSpec& dc : spec.datacenters) most_racks = std::max(most_racks, dc.racks.size());
  for (std::size_t r = 0; r < most_racks; ++r)
    for (const DatacenterSpec& dc : spec.datacenters) {
      if (r >= dc.racks.size()) continue;
      racks.emplace_back(&dc, &dc.racks[r]);
      deepest = std::max(deepest, dc.racks[r].hosts);
    }
  std::vector<HostInfo> slots;
  for (int round = 0; round < deepest; ++round)
    for (const auto& [dc, rack] : racks)
      if (round < rack->hosts) slots.push_back({"", "", rack->name, dc->name, rack->host});
  return slots;
}

// "node-2" < "node-10": runs of digits compare by value, so numbered hosts keep their order.
bool natural_less(const std::string& a, const std::string& b) {
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t i_end = i, j_end = j;
      while (i_end < a.size() && digit(a[i_end])) ++i_end;
      while (j_end < b.size() && digit(b[j_end])) ++j_end;
      std::string x = a.substr(i, i_end - i), y = b.substr(j, j_end - j);
      x.erase(0, std::min(x.find_first_not_of('0'), x.size()));
      y.erase(0, std::min(y.find_first_not_of('0'), y.size()));
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
      i = i_end, j = j_end;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i, ++j;
    }
  }
  if (a.size() - i != b.size() - j) return a.size() - i < b.size() - j;
  return a < b;  // equal up to leading zeros: any fixed order will do
}

std::vector<HostInfo> xml_slots(const PlatformSpec& spec) {
  std::vector<HostInfo> slots;
  for (const XmlHost& h : spec.xml_hosts) slots.push_back({h.name, "", "", "", h.spec});
  std::sort(slots.begin(), slots.end(),
            [](const HostInfo& a, const HostInfo& b) { return natural_less(a.name, b.name); });
  return slots;
}

// "platform three-racks.yaml has 4 hosts, roles need 6 (3 broker, 3 client)"
std::string too_few_hosts(const PlatformSpec& spec, std::size_t hosts, long long needed,
                          const std::vector<RoleRequest>& roles) {
  std::string wanted;
  for (const RoleRequest& r : roles)
    if (r.count > 0)
      wanted += (wanted.empty() ? "" : ", ") + std::to_string(r.count) + " " + r.role;
  return "platform " + spec.source + " has " + std::to_string(hosts) + " hosts, roles need " +
         std::to_string(needed) + " (" + wanted + ")";
}

// Gives role instances their slots; `keep_names` (XML) keeps the slot's own name.
void assign(std::vector<HostInfo>& slots, const std::vector<RoleRequest>& roles, bool keep_names,
            PlatformInfo& info) {
  std::size_t next = 0;
  for (const RoleRequest& r : roles) {
    std::vector<std::string>& hosts = info.role_hosts[r.role];
    for (int i = 0; i < r.count; ++i, ++next) {
      HostInfo& slot = slots[next];
      slot.role = r.role;
      if (!keep_names) slot.name = names::role_host(r.role, int(hosts.size()));
      hosts.push_back(slot.name);
    }
  }
  for (int spare = 0; next < slots.size(); ++next, ++spare)
    if (!keep_names) slots[next].name = names::spare_host(spare);
}

void list_domains_and_links(const PlatformSpec& spec, PlatformInfo& info) {
  for (const HostInfo& h : info.hosts) info.links.push_back(names::host_link(h.name));
  for (const DatacenterSpec& dc : spec.datacenters) {
    info.datacenters.push_back(dc.name);
    for (const RackSpec& rack : dc.racks) {
      info.racks.push_back(rack.name);
      info.links.push_back(names::rack_uplink(rack.name));
    }
  }
  for (std::size_t a = 0; a < spec.datacenters.size(); ++a)
    for (std::size_t b = a + 1; b < spec.datacenters.size(); ++b)
      info.links.push_back(names::wan_link(spec.datacenters[a].name, spec.datacenters[b].name));
}

// Faults and partitions name hosts, racks and datacenters in one namespace, so a role called
// "rack" (host "rack-0") must not shadow a rack.
void check_unique_names(const PlatformInfo& info, Diagnostics& diags) {
  std::map<std::string, const char*> kind_of;
  auto claim = [&](const std::string& name, const char* kind) {
    auto [it, fresh] = kind_of.emplace(name, kind);
    if (!fresh)
      diags.error(Location{info.source}, "",
                  "name '" + name + "' is used by a " + it->second + " and a " + kind);
  };
  for (const HostInfo& h : info.hosts) claim(h.name, "host");
  for (const std::string& r : info.racks) claim(r, "rack");
  for (const std::string& d : info.datacenters) claim(d, "datacenter");
}

}  // namespace

PlatformInfo place_roles(const PlatformSpec& spec, const std::vector<RoleRequest>& roles,
                         Diagnostics& diags) {
  const bool xml = !spec.xml_file.empty();
  PlatformInfo info;
  info.source = spec.source;
  info.xml_file = spec.xml_file;
  long long needed = 0;
  for (const RoleRequest& r : roles) {
    if (r.count < 0) throw std::logic_error("place_roles: negative count for role " + r.role);
    needed += r.count;
  }
  std::vector<HostInfo> slots = xml ? xml_slots(spec) : topology_slots(spec);
  if (needed > static_cast<long long>(slots.size())) {
    diags.error(Location{spec.source}, "", too_few_hosts(spec, slots.size(), needed, roles));
    return info;
  }
  assign(slots, roles, xml, info);
  info.hosts = std::move(slots);
  if (xml) {
    info.links = spec.xml_links;
  } else {
    list_domains_and_links(spec, info);
    info.spec = std::make_shared<const PlatformSpec>(spec);
  }
  check_unique_names(info, diags);
  return info;
}

// ---------------------------------------------------------------------------------------------
// Look-ups

const HostInfo* PlatformInfo::host(const std::string& name) const {
  for (const HostInfo& h : hosts)
    if (h.name == name) return &h;
  return nullptr;
}

bool PlatformInfo::has_link(const std::string& name) const {
  return std::find(links.begin(), links.end(), name) != links.end();
}

std::vector<std::string> PlatformInfo::hosts_of(const std::string& domain) const {
  std::vector<std::string> out;
  if (domain.empty()) return out;  // XML hosts have no rack: "" must not match them all
  for (const HostInfo& h : hosts)
    if (h.name == domain || h.rack == domain || h.datacenter == domain) out.push_back(h.name);
  return out;
}

std::vector<std::string> PlatformInfo::all_domain_names() const {
  std::vector<std::string> out;
  for (const HostInfo& h : hosts) out.push_back(h.name);
  out.insert(out.end(), racks.begin(), racks.end());
  out.insert(out.end(), datacenters.begin(), datacenters.end());
  return out;
}

const std::vector<std::string>& PlatformInfo::hosts_with_role(const std::string& role) const {
  static const std::vector<std::string> kNone;
  auto it = role_hosts.find(role);
  return it == role_hosts.end() ? kNone : it->second;
}

}  // namespace sdsim
