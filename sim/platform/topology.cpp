// YAML platform topologies -> PlatformSpec, with every error located (file:line:col, key path).
//
// The format (platforms/README.md has the same text for users):
//
//   datacenters:                       # required, at least one
//     - name: dc-0                     # optional; default dc-<i>
//       racks:                         # required, at least one
//         - name: rack-0               # optional; default rack-<i>, i counting over all racks
//           hosts: 8                   # required: number of host slots (1..100000)
//           uplink: {bandwidth: 40Gbps, latency: 10us}   # rack switch to datacenter core
//           host: {cores: 16}          # optional: overrides fields of the template below
//   host:                              # template for every host (optional)
//     speed: 1Gf                       # flop/s per core: f kf Mf Gf Tf Pf (default 1Gf)
//     cores: 8                         # default 8
//     link: {bandwidth: 10Gbps, latency: 5us}          # host to rack switch
//     disks:                           # default none
//       - {name: disk0, read: 500MBps, write: 400MBps} # name optional: default disk<i>
//   wan: {bandwidth: 10Gbps, latency: 30ms}            # between each pair of datacenters
//
// Defaults when a key is absent: host link 10Gbps/5us, uplink 40Gbps/10us, WAN 10Gbps/30ms.
// A rack's `host:` is merged field by field into the template (a `disks:` list replaces the
// template's list). Rack and datacenter names must be unique over the whole platform, since
// faults name them.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/platform/platform.hpp"

namespace sdsim {

const std::vector<KeyDoc>& platform_keys() {
  static const std::vector<KeyDoc> link = {
      {"bandwidth", "bandwidth", "", "e.g. 10Gbps, 125MBps"},
      {"latency", "duration", "", "e.g. 5us"},
  };
  static const std::vector<KeyDoc> host = {
      {"speed", "flop rate", "1Gf", "flop/s per core: f kf Mf Gf Tf Pf"},
      {"cores", "int", "8", "cores per host"},
      {"link", "map", "10Gbps, 5us", "the host's link to its rack switch", link},
      {"disks", "list", "none", "each {name: disk<i>, read: BANDWIDTH, write: BANDWIDTH}",
       {{"name", "string", "disk<i>", "the disk's name (faults target it)"},
        {"read", "bandwidth", "", "read bandwidth (required)"},
        {"write", "bandwidth", "", "write bandwidth (required)"}}},
  };
  static const std::vector<KeyDoc> keys = {
      {"datacenters", "list", "", "at least one (required)",
       {{"name", "string", "dc-<i>", "the datacenter's name (faults target it)"},
        {"racks", "list", "", "at least one (required)",
         {{"name", "string", "rack-<i>", "the rack's name, unique over the platform"},
          {"hosts", "int", "", "host slots (required, 1..100000)"},
          {"host", "map", "", "overrides fields of the host template for this rack", host},
          {"uplink", "map", "40Gbps, 10us", "rack switch to datacenter core", link}}}}},
      {"host", "map", "", "the template of every host", host},
      {"wan", "map", "10Gbps, 30ms", "the link between each pair of datacenters", link},
  };
  return keys;
}
namespace {

constexpr double kUnbounded = std::numeric_limits<double>::infinity();
constexpr double kMinBandwidth = 1.0;  // B/s: anything slower is a typo, not a network

std::string item_path(const std::string& seq_path, std::size_t i) {
  return join_path(seq_path, std::to_string(i));
}

void report_missing(const Doc& map, const std::string& path, const std::string& key,
                    Diagnostics& diags) {
  diags.error(map.loc, join_path(path, key), "missing required key '" + key + "'");
}

// A required, non-empty list under `key`; null (after reporting) when absent or wrong.
const Doc* required_list(const Doc& map, const std::string& path, const std::string& key,
                         Diagnostics& diags) {
  const Doc* list = map.find(key);
  if (!list) {
    report_missing(map, path, key, diags);
    return nullptr;
  }
  if (!list->is_seq() || list->items.empty()) {
    diags.error(list->loc, join_path(path, key), "expected a list with at least one entry");
    return nullptr;
  }
  return list;
}

void read_speed(const Doc& d, const std::string& path, Diagnostics& diags, double& speed) {
  auto text = read_string(d, path, diags);
  if (!text) return;
  QuantityParse q = parse_flop_rate(*text);
  if (q.ok)
    speed = q.value;
  else
    diags.error(d.loc, path, "expected a host speed such as 1Gf, got '" + *text + "': " + q.error);
}

void read_bandwidth(const Doc& d, const std::string& path, Diagnostics& diags, double& bw) {
  if (auto v = read_quantity(d, path, diags, Dimension::Bandwidth, kMinBandwidth, kUnbounded))
    bw = *v;
}

void read_latency(const Doc& d, const std::string& path, Diagnostics& diags, double& lat) {
  if (auto v = read_quantity(d, path, diags, Dimension::Duration, 0.0, kUnbounded)) lat = *v;
}

// {bandwidth, latency}: host links, rack uplinks and the WAN share this shape.
void read_link(const Doc& d, const std::string& path, Diagnostics& diags, double& bw, double& lat) {
  if (!check_keys(d, path, diags, key_names(children_of(platform_keys(), "wan"))) && !d.is_map()) return;
  if (const Doc* v = d.find("bandwidth"))
    read_bandwidth(*v, join_path(path, "bandwidth"), diags, bw);
  if (const Doc* v = d.find("latency")) read_latency(*v, join_path(path, "latency"), diags, lat);
}

std::optional<DiskSpec> read_disk(const Doc& d, const std::string& path, std::size_t index,
                                  Diagnostics& diags) {
  if (!check_keys(d, path, diags, key_names(children_of(children_of(platform_keys(), "host"), "disks"))) && !d.is_map()) return std::nullopt;
  DiskSpec disk;
  disk.name = "disk" + std::to_string(index);
  if (const Doc* v = d.find("name"))
    if (auto name = read_string(*v, join_path(path, "name"), diags)) disk.name = *name;
  for (const char* key : {"read", "write"}) {
    const Doc* v = d.find(key);
    if (!v)
      report_missing(d, path, key, diags);
    else
      read_bandwidth(*v, join_path(path, key), diags, key[0] == 'r' ? disk.read_bw : disk.write_bw);
  }
  return disk;
}

std::vector<DiskSpec> read_disks(const Doc& d, const std::string& path, Diagnostics& diags) {
  std::vector<DiskSpec> disks;
  if (!d.is_seq()) {
    diags.error(d.loc, path, "expected a list of disks");
    return disks;
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < d.items.size(); ++i) {
    auto disk = read_disk(d.items[i], item_path(path, i), i, diags);
    if (!disk) continue;
    if (!names.insert(disk->name).second)
      diags.error(d.items[i].loc, item_path(path, i), "disk name '" + disk->name + "' used twice");
    disks.push_back(*disk);
  }
  return disks;
}

// Fields given in `d` replace those of `base`; the others are inherited.
HostSpec read_host(const Doc& d, const std::string& path, const HostSpec& base,
                   Diagnostics& diags) {
  HostSpec host = base;
  if (!check_keys(d, path, diags, key_names(children_of(platform_keys(), "host"))) && !d.is_map()) return host;
  if (const Doc* v = d.find("speed")) read_speed(*v, join_path(path, "speed"), diags, host.speed);
  if (const Doc* v = d.find("cores"))
    if (auto cores = read_int(*v, join_path(path, "cores"), diags, 1, 4096))
      host.cores = int(*cores);
  if (const Doc* v = d.find("link"))
    read_link(*v, join_path(path, "link"), diags, host.link_bw, host.link_lat);
  if (const Doc* v = d.find("disks")) host.disks = read_disks(*v, join_path(path, "disks"), diags);
  return host;
}

// Rack and datacenter names are failure domains that faults target, so each must be unique.
class NameRegistry {
 public:
  void claim(const std::string& name, const Doc& where, const std::string& path,
             Diagnostics& diags) {
    if (name.empty())
      diags.error(where.loc, path, "a name cannot be empty");
    else if (!used_.insert(name).second)
      diags.error(where.loc, path,
                  "name '" + name + "' is already used by another rack or datacenter");
  }

 private:
  std::set<std::string> used_;
};

class TopologyReader {
 public:
  TopologyReader(PlatformSpec& spec, Diagnostics& diags) : spec_(spec), diags_(diags) {}

  void read(const Doc& root, const std::string& path) {
    if (!check_keys(root, path, diags_, key_names(platform_keys())) && !root.is_map()) return;
    if (root.is_null()) {
      diags_.error(root.loc, path, "empty platform: expected a map with 'datacenters'");
      return;
    }
    // The host template is read first: racks copy it, whatever the key order in the file.
    if (const Doc* v = root.find("host"))
      host_ = read_host(*v, join_path(path, "host"), host_, diags_);
    if (const Doc* v = root.find("wan"))
      read_link(*v, join_path(path, "wan"), diags_, spec_.wan_bw, spec_.wan_lat);
    if (const Doc* dcs = required_list(root, path, "datacenters", diags_))
      for (std::size_t i = 0; i < dcs->items.size(); ++i)
        read_datacenter(dcs->items[i], item_path(join_path(path, "datacenters"), i));
  }

 private:
  std::string read_name(const Doc& d, const std::string& path, std::string default_name) {
    std::string name = std::move(default_name);
    const Doc* v = d.find("name");
    if (v) {
      if (auto given = read_string(*v, join_path(path, "name"), diags_)) name = *given;
    }
    names_.claim(name, v ? *v : d, join_path(path, "name"), diags_);
    return name;
  }

  void read_datacenter(const Doc& d, const std::string& path) {
    if (!check_keys(d, path, diags_, key_names(children_of(platform_keys(), "datacenters"))) && !d.is_map()) return;
    DatacenterSpec dc;
    dc.name = read_name(d, path, "dc-" + std::to_string(spec_.datacenters.size()));
    if (const Doc* racks = required_list(d, path, "racks", diags_))
      for (std::size_t i = 0; i < racks->items.size(); ++i)
        if (auto rack = read_rack(racks->items[i], item_path(join_path(path, "racks"), i)))
          dc.racks.push_back(*rack);
    spec_.datacenters.push_back(dc);
  }

  std::optional<RackSpec> read_rack(const Doc& d, const std::string& path) {
    if (!check_keys(d, path, diags_, key_names(children_of(children_of(platform_keys(), "datacenters"), "racks"))) && !d.is_map())
      return std::nullopt;
    RackSpec rack;
    rack.name = read_name(d, path, "rack-" + std::to_string(rack_count_++));
    if (const Doc* v = d.find("hosts")) {
      if (auto n = read_int(*v, join_path(path, "hosts"), diags_, 1, 100000)) rack.hosts = int(*n);
    } else {
      report_missing(d, path, "hosts", diags_);
    }
    const Doc* own = d.find("host");
    rack.host = own ? read_host(*own, join_path(path, "host"), host_, diags_) : host_;
    if (const Doc* v = d.find("uplink"))
      read_link(*v, join_path(path, "uplink"), diags_, rack.uplink_bw, rack.uplink_lat);
    return rack;
  }

  PlatformSpec& spec_;
  Diagnostics& diags_;
  HostSpec host_;  // the platform-wide template
  NameRegistry names_;
  int rack_count_ = 0;  // default rack names count over all datacenters
};

bool has_extension(const std::string& path, std::initializer_list<const char*> extensions) {
  const std::string ext = std::filesystem::path(path).extension().string();
  for (const char* e : extensions)
    if (ext == e) return true;
  return false;
}

PlatformSpec empty_spec(const std::string& source) {
  PlatformSpec spec;
  spec.source = source;
  return spec;
}

// Problems InputError carries (missing file, YAML syntax) join the caller's list.
void merge(const InputError& e, Diagnostics& diags) {
  for (const Diagnostic& d : e.diags.list()) diags.error(d.loc, d.path, d.message);
}

}  // namespace

PlatformSpec parse_platform_doc(const Doc& doc, const std::string& source, Diagnostics& diags,
                                const std::string& base_path) {
  PlatformSpec spec;
  spec.source = source;
  TopologyReader(spec, diags).read(doc, base_path);
  return spec;
}

PlatformSpec parse_platform_file(const std::string& path, Diagnostics& diags) {
  if (has_extension(path, {".xml"})) {
    std::ifstream in(path);
    if (!in) {
      diags.error(Location{path}, "", std::string("cannot read file: ") + std::strerror(errno));
      return empty_spec(path);
    }
    return parse_platform_xml(in, path, diags);
  }
  if (!has_extension(path, {".yaml", ".yml"})) {
    diags.error(Location{path}, "", "unknown platform file type (expected .yaml, .yml or .xml)");
    return empty_spec(path);
  }
  try {
    return parse_platform_doc(load_yaml_file(path), path, diags);
  } catch (const InputError& e) {
    merge(e, diags);
    return empty_spec(path);
  }
}

}  // namespace sdsim
