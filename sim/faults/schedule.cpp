// Parsing and expansion of the `faults:` list. See faults.hpp for the YAML forms.
//
// Name resolution: a host target (crash, disk_loss, random, disk slowdown, partition member)
// may be a host, a rack, a datacenter or a glob over host names ("datanode-*"); a link target
// may be a link name or a glob over link names. Anything that resolves to nothing is an input
// error, reported with a suggestion when a known name is close.
//
// Timed faults are planned whole; random ones are processes drawn lazily while the run goes,
// for as long as it goes (their `until`, or the end of the run, whichever comes first).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "sim/faults/faults.hpp"
#include "sim/platform/platform.hpp"

namespace sdsim {

// ---------------------------------------------------------------------------------------
// Names

bool glob_match(const std::string& pattern, const std::string& text) {
  // Iterative matcher: on a mismatch, retry from the last '*' consuming one more character.
  std::size_t p = 0, t = 0;
  std::size_t star = std::string::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_t = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

const std::vector<KeyDoc>& fault_keys() {
  static const std::vector<KeyDoc> keys = {
      {"crash", "fault", "", "a host, rack, datacenter or glob turns off (what it held in memory is lost)",
       {{"at", "duration", "", "when (required)"},
        {"crash", "hosts", "", "host, rack, datacenter or glob over host names"},
        {"restart_after", "duration", "", "it comes back after this (absent: stays down)"}}},
      {"link_down", "fault", "", "a link (or glob over link names) goes down",
       {{"at", "duration", "", "when (required)"},
        {"link_down", "links", "", "<host>-link, <rack>-uplink, <dcA>--<dcB>, or a glob"},
        {"up_after", "duration", "", "it comes back after this (absent: stays down)"}}},
      {"partition", "fault", "", "groups of hosts that cannot talk to each other (hosts in no group are unaffected)",
       {{"at", "duration", "", "when (required)"},
        {"partition", "list", "", "groups: [[rack-0], [rack-1, rack-2]]; a group may be one name"},
        {"heal_after", "duration", "", "it heals after this (absent: never)"},
        {"one_way", "bool", "false", "cut only traffic from group 0 to the others"}}},
      {"slowdown", "fault", "", "a link's bandwidth and latency, or a host's disk bandwidth, are scaled",
       {{"at", "duration", "", "when (required)"},
        {"slowdown", "links|hosts", "", "a link (or glob); the hosts of a disk slowdown"},
        {"disk", "string", "", "slow this disk of the target hosts instead of a link"},
        {"bandwidth_factor", "real", "1", "bandwidth multiplied by this (overlapping slowdowns multiply)"},
        {"latency_factor", "real", "1", "latency multiplied by this"},
        {"for", "duration", "", "it ends after this (absent: never)"}}},
      {"random", "fault", "", "every target host fails and recovers at random, independently",
       {{"random", "map", "", "the process",
         {{"targets", "hosts", "", "host, rack, datacenter or glob (required)"},
          {"mtbf", "duration", "", "mean time between failures of one host (exponential, required)"},
          {"mttr", "duration", "", "mean time to repair (exponential, required)"}}},
        {"start", "duration", "0s", "failures start at"},
        {"until", "duration", "", "failures stop at (absent: for as long as the run lasts)"}}},
      {"disk_loss", "fault", "", "a disk's contents are gone (the model decides what that destroys)",
       {{"at", "duration", "", "when (required)"},
        {"disk_loss", "hosts", "", "host, rack, datacenter or glob"},
        {"disk", "string", "", "which disk (absent: every disk of the host)"}}},
  };
  return keys;
}

const char* fault_action_name(FaultAction::Kind k) {
  using K = FaultAction::Kind;
  switch (k) {
    case K::HostOff: return "host_off";
    case K::HostOn: return "host_on";
    case K::LinkOff: return "link_off";
    case K::LinkOn: return "link_on";
    case K::PartitionStart: return "partition_start";
    case K::PartitionHeal: return "partition_heal";
    case K::SlowdownStart: return "slowdown_start";
    case K::SlowdownEnd: return "slowdown_end";
    case K::DiskLoss: return "disk_loss";
  }
  return "unknown";
}

namespace {

bool is_glob(const std::string& s) { return s.find_first_of("*?") != std::string::npos; }

// Hosts named by a host, rack or datacenter name, or matched by a glob over host names; in
// placement order, so expansion is deterministic.
std::vector<std::string> resolve_hosts(const std::string& name, const PlatformInfo& platform) {
  if (!is_glob(name)) return platform.hosts_of(name);
  std::vector<std::string> out;
  for (const HostInfo& h : platform.hosts)
    if (glob_match(name, h.name)) out.push_back(h.name);
  return out;
}

std::vector<std::string> resolve_links(const std::string& name, const PlatformInfo& platform) {
  if (!is_glob(name)) return platform.has_link(name) ? std::vector<std::string>{name}
                                                      : std::vector<std::string>{};
  std::vector<std::string> out;
  for (const std::string& l : platform.links)
    if (glob_match(name, l)) out.push_back(l);
  return out;
}

std::string with_suggestion(std::string message, const std::string& word,
                            const std::vector<std::string>& candidates) {
  std::string hint = suggest(word, candidates);
  if (!hint.empty()) message += " (" + hint + ")";
  return message;
}

std::string join(const std::vector<std::string>& words, const std::string& sep) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out += sep;
    out += w;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Parsing

struct KindInfo {
  FaultSpec::Kind kind;
  std::string key;                // the key that names the kind and holds its target
  std::vector<std::string> keys;  // every key allowed with it
};

// The kinds' keys come from the documented table (fault_keys()), so the parser accepts exactly
// what `sdsim describe faults` lists.
const std::vector<KindInfo>& kind_table() {
  using K = FaultSpec::Kind;
  static const std::vector<KindInfo> table = [] {
    const std::vector<std::pair<K, std::string>> kinds = {{K::Crash, "crash"},     {K::LinkDown, "link_down"},
                                                          {K::Partition, "partition"}, {K::Slowdown, "slowdown"},
                                                          {K::Random, "random"},   {K::DiskLoss, "disk_loss"}};
    std::vector<KindInfo> t;
    for (const auto& [kind, key] : kinds) t.push_back({kind, key, key_names(children_of(fault_keys(), key))});
    return t;
  }();
  return table;
}

std::vector<std::string> all_fault_keys() {
  std::vector<std::string> keys;
  for (const KindInfo& k : kind_table())
    for (const std::string& key : k.keys)
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  return keys;
}

class FaultParser {
 public:
  FaultParser(const PlatformInfo* platform, Diagnostics& diags) : platform_(platform), diags_(diags) {}

  std::optional<FaultSpec> parse_item(const Doc& item, const std::string& path);

 private:
  const KindInfo* find_kind(const Doc& item, const std::string& path, bool keys_ok);
  void reject_foreign_keys(const Doc& item, const std::string& path, const KindInfo& kind);
  bool parse_kind(const Doc& item, const std::string& path, FaultSpec& spec);
  bool parse_crash(const Doc& item, const std::string& path, FaultSpec& spec);
  bool parse_link_down(const Doc& item, const std::string& path, FaultSpec& spec);
  bool parse_partition(const Doc& item, const std::string& path, FaultSpec& spec);
  bool parse_slowdown(const Doc& item, const std::string& path, FaultSpec& spec);
  bool parse_random(const Doc& item, const std::string& path, FaultSpec& spec);
  bool parse_disk_loss(const Doc& item, const std::string& path, FaultSpec& spec);

  std::optional<std::string> read_hosts_target(const Doc& d, const std::string& path);
  std::optional<std::string> read_link_target(const Doc& d, const std::string& path);
  bool check_disk(const Doc& d, const std::string& path, const std::string& target,
                  const std::string& disk);
  std::optional<std::vector<std::string>> read_group(const Doc& d, const std::string& path);
  // Optional duration key; `fallback` when absent. `positive` rejects 0.
  std::optional<double> duration(const Doc& item, const std::string& path, const std::string& key,
                                 double fallback, bool positive = false);
  std::optional<double> factor(const Doc& item, const std::string& path, const std::string& key);
  std::optional<double> required_duration(const Doc& map, const std::string& path,
                                          const std::string& key, const std::string& example,
                                          bool positive = false);

  const PlatformInfo* platform_;
  Diagnostics& diags_;
};

std::optional<FaultSpec> FaultParser::parse_item(const Doc& item, const std::string& path) {
  if (!item.is_map()) {
    diags_.error(item.loc, path, "a fault is a map, e.g. {at: 40s, crash: broker-0, restart_after: 30s}");
    return std::nullopt;
  }
  bool keys_ok = check_keys(item, path, diags_, all_fault_keys());
  const KindInfo* kind = find_kind(item, path, keys_ok);
  if (kind == nullptr) return std::nullopt;
  reject_foreign_keys(item, path, *kind);

  FaultSpec spec;
  spec.kind = kind->kind;
  spec.loc = item.loc;
  spec.path = path;
  bool ok = keys_ok;
  if (kind->kind != FaultSpec::Kind::Random) {
    std::optional<double> at = required_duration(item, path, "at", "at: 40s");
    ok = at.has_value() && ok;
    spec.at = at.value_or(0.0);
  }
  ok = parse_kind(item, path, spec) && ok;
  if (!ok) return std::nullopt;
  return spec;
}

// Exactly one kind key per item. When an unknown key was already reported, a missing kind is
// most likely that typo ("crsh"), so it is not reported twice.
const KindInfo* FaultParser::find_kind(const Doc& item, const std::string& path, bool keys_ok) {
  std::vector<const KindInfo*> found;
  for (const KindInfo& k : kind_table())
    if (item.find(k.key) != nullptr) found.push_back(&k);
  if (found.size() == 1) return found.front();
  if (found.empty()) {
    if (keys_ok)
      diags_.error(item.loc, path,
                   "no fault kind: give one of crash, link_down, partition, slowdown, random, disk_loss");
    return nullptr;
  }
  diags_.error(item.find(found[1]->key)->loc, join_path(path, found[1]->key),
               "one fault per list item: '" + found[0]->key + "' and '" + found[1]->key +
                   "' are both given");
  return nullptr;
}

// Keys that are valid for some other kind ("heal_after" on a crash) get a precise message.
void FaultParser::reject_foreign_keys(const Doc& item, const std::string& path, const KindInfo& kind) {
  std::vector<std::string> known = all_fault_keys();
  for (std::size_t i = 0; i < item.fields.size(); ++i) {
    const std::string& key = item.fields[i].first;
    bool mine = std::find(kind.keys.begin(), kind.keys.end(), key) != kind.keys.end();
    bool known_key = std::find(known.begin(), known.end(), key) != known.end();
    if (!mine && known_key)
      diags_.error(item.key_loc(i), join_path(path, key),
                   "'" + key + "' does not apply to a " + kind.key + " fault (it takes: " +
                       join(kind.keys, ", ") + ")");
  }
}

bool FaultParser::parse_kind(const Doc& item, const std::string& path, FaultSpec& spec) {
  using K = FaultSpec::Kind;
  switch (spec.kind) {
    case K::Crash: return parse_crash(item, path, spec);
    case K::LinkDown: return parse_link_down(item, path, spec);
    case K::Partition: return parse_partition(item, path, spec);
    case K::Slowdown: return parse_slowdown(item, path, spec);
    case K::Random: return parse_random(item, path, spec);
    case K::DiskLoss: return parse_disk_loss(item, path, spec);
  }
  return false;
}

bool FaultParser::parse_crash(const Doc& item, const std::string& path, FaultSpec& spec) {
  auto target = read_hosts_target(*item.find("crash"), join_path(path, "crash"));
  auto restart = duration(item, path, "restart_after", -1.0);
  spec.target = target.value_or("");
  spec.restart_after = restart.value_or(-1.0);
  return target && restart;
}

bool FaultParser::parse_link_down(const Doc& item, const std::string& path, FaultSpec& spec) {
  auto target = read_link_target(*item.find("link_down"), join_path(path, "link_down"));
  auto up = duration(item, path, "up_after", -1.0);
  spec.target = target.value_or("");
  spec.heal_after = up.value_or(-1.0);
  return target && up;
}

bool FaultParser::parse_partition(const Doc& item, const std::string& path, FaultSpec& spec) {
  const Doc& groups = *item.find("partition");
  std::string gpath = join_path(path, "partition");
  auto heal = duration(item, path, "heal_after", -1.0);
  bool ok = heal.has_value();
  spec.heal_after = heal.value_or(-1.0);
  if (const Doc* one_way = item.find("one_way")) {
    auto v = read_bool(*one_way, join_path(path, "one_way"), diags_);
    ok = v.has_value() && ok;
    spec.one_way = v.value_or(false);
  }
  if (!groups.is_seq() || groups.items.size() < 2) {
    diags_.error(groups.loc, gpath,
                 "a partition is a list of at least two groups, e.g. [[rack-0], [rack-1, rack-2]]");
    return false;
  }
  // Which group each host landed in, to reject a host on both sides.
  std::map<std::string, std::size_t> side;
  for (std::size_t g = 0; g < groups.items.size(); ++g) {
    std::string path_g = join_path(gpath, std::to_string(g));
    auto members = read_group(groups.items[g], path_g);
    if (!members) {
      ok = false;
      continue;
    }
    for (std::size_t m = 0; m < members->size(); ++m) {
      const std::string& name = (*members)[m];
      std::vector<std::string> hosts = platform_ ? resolve_hosts(name, *platform_)
                                                 : std::vector<std::string>{name};
      for (const std::string& h : hosts) {
        auto [it, fresh] = side.emplace(h, g);
        if (fresh || it->second == g) continue;
        const Doc& at = groups.items[g].is_seq() ? groups.items[g].items[m] : groups.items[g];
        diags_.error(at.loc, groups.items[g].is_seq() ? join_path(path_g, std::to_string(m)) : path_g,
                     "host '" + h + "' is in groups " + std::to_string(it->second) + " and " +
                         std::to_string(g) + " (a host can be on one side only)");
        ok = false;
        break;
      }
    }
    spec.groups.push_back(*members);
  }
  return ok;
}

// A group is a list of names, or one name on its own.
std::optional<std::vector<std::string>> FaultParser::read_group(const Doc& d, const std::string& path) {
  if (d.is_scalar()) {
    auto name = read_hosts_target(d, path);
    if (!name) return std::nullopt;
    return std::vector<std::string>{*name};
  }
  if (!d.is_seq() || d.items.empty()) {
    diags_.error(d.loc, path, "a partition group is a non-empty list of host, rack or datacenter names");
    return std::nullopt;
  }
  std::vector<std::string> names;
  bool ok = true;
  for (std::size_t i = 0; i < d.items.size(); ++i) {
    auto name = read_hosts_target(d.items[i], join_path(path, std::to_string(i)));
    ok = name.has_value() && ok;
    if (name) names.push_back(*name);
  }
  if (!ok) return std::nullopt;
  return names;
}

// slowdown targets a link, or with `disk:` the disks of a host.
bool FaultParser::parse_slowdown(const Doc& item, const std::string& path, FaultSpec& spec) {
  const Doc& target_doc = *item.find("slowdown");
  std::string tpath = join_path(path, "slowdown");
  const Doc* disk = item.find("disk");
  std::optional<std::string> target;
  bool ok = true;
  if (disk != nullptr) {
    target = read_hosts_target(target_doc, tpath);
    auto name = read_string(*disk, join_path(path, "disk"), diags_);
    ok = name && target && check_disk(*disk, join_path(path, "disk"), *target, *name);
    spec.disk = name.value_or("");
    if (const Doc* lat = item.find("latency_factor")) {
      diags_.error(lat->loc, join_path(path, "latency_factor"),
                   "a disk slowdown takes bandwidth_factor only");
      ok = false;
    }
  } else {
    target = read_link_target(target_doc, tpath);
  }
  auto bw = factor(item, path, "bandwidth_factor");
  auto lat = factor(item, path, "latency_factor");
  auto length = duration(item, path, "for", -1.0);
  ok = target && bw && lat && length && ok;
  spec.target = target.value_or("");
  spec.bandwidth_factor = bw.value_or(1.0);
  spec.latency_factor = lat.value_or(1.0);
  spec.heal_after = length.value_or(-1.0);
  if (item.find("bandwidth_factor") == nullptr && item.find("latency_factor") == nullptr) {
    diags_.error(item.loc, path, "a slowdown needs bandwidth_factor or latency_factor");
    ok = false;
  }
  return ok;
}

bool FaultParser::parse_random(const Doc& item, const std::string& path, FaultSpec& spec) {
  const Doc& r = *item.find("random");
  std::string rpath = join_path(path, "random");
  if (!check_keys(r, rpath, diags_, key_names(children_of(children_of(fault_keys(), "random"), "random"))))
    return false;
  bool ok = true;
  if (const Doc* targets = r.find("targets")) {
    auto t = read_hosts_target(*targets, join_path(rpath, "targets"));
    ok = t.has_value();
    spec.target = t.value_or("");
  } else {
    diags_.error(r.loc, rpath, "missing 'targets' (hosts that fail, e.g. targets: \"datanode-*\")");
    ok = false;
  }
  auto mtbf = required_duration(r, rpath, "mtbf", "mtbf: 2h", true);
  auto mttr = required_duration(r, rpath, "mttr", "mttr: 10m", true);
  auto start = duration(item, path, "start", 0.0);
  auto until = duration(item, path, "until", -1.0);
  ok = mtbf && mttr && start && until && ok;
  spec.mtbf = mtbf.value_or(0.0);
  spec.mttr = mttr.value_or(0.0);
  spec.start = start.value_or(0.0);
  spec.until = until.value_or(-1.0);
  if (ok && spec.until >= 0.0 && spec.until <= spec.start) {
    diags_.error(item.find("until")->loc, join_path(path, "until"), "must be after start");
    ok = false;
  }
  return ok;
}

bool FaultParser::parse_disk_loss(const Doc& item, const std::string& path, FaultSpec& spec) {
  auto target = read_hosts_target(*item.find("disk_loss"), join_path(path, "disk_loss"));
  spec.target = target.value_or("");
  bool ok = target.has_value();
  if (const Doc* disk = item.find("disk")) {
    auto name = read_string(*disk, join_path(path, "disk"), diags_);
    ok = name && target && check_disk(*disk, join_path(path, "disk"), *target, *name) && ok;
    spec.disk = name.value_or("");
  }
  return ok;
}

std::optional<std::string> FaultParser::read_hosts_target(const Doc& d, const std::string& path) {
  auto name = read_string(d, path, diags_);
  if (!name || platform_ == nullptr) return name;
  if (!resolve_hosts(*name, *platform_).empty()) return name;
  if (is_glob(*name))
    diags_.error(d.loc, path, "'" + *name + "' matches no host");
  else
    diags_.error(d.loc, path,
                 with_suggestion("unknown host '" + *name + "'", *name, platform_->all_domain_names()));
  return std::nullopt;
}

std::optional<std::string> FaultParser::read_link_target(const Doc& d, const std::string& path) {
  auto name = read_string(d, path, diags_);
  if (!name || platform_ == nullptr) return name;
  if (!resolve_links(*name, *platform_).empty()) return name;
  if (is_glob(*name))
    diags_.error(d.loc, path, "'" + *name + "' matches no link");
  else
    diags_.error(d.loc, path, with_suggestion("unknown link '" + *name + "'", *name, platform_->links));
  return std::nullopt;
}

bool FaultParser::check_disk(const Doc& d, const std::string& path, const std::string& target,
                             const std::string& disk) {
  if (platform_ == nullptr) return true;
  for (const std::string& host : resolve_hosts(target, *platform_)) {
    std::vector<std::string> names;
    for (const DiskSpec& ds : platform_->host(host)->spec.disks) names.push_back(ds.name);
    if (std::find(names.begin(), names.end(), disk) != names.end()) continue;
    diags_.error(d.loc, path,
                 with_suggestion("host '" + host + "' has no disk '" + disk + "'", disk, names));
    return false;
  }
  return true;
}

std::optional<double> FaultParser::duration(const Doc& item, const std::string& path,
                                            const std::string& key, double fallback, bool positive) {
  const Doc* d = item.find(key);
  if (d == nullptr) return fallback;
  auto v = read_quantity(*d, join_path(path, key), diags_, Dimension::Duration, 0.0,
                         std::numeric_limits<double>::infinity());
  if (v && positive && *v <= 0.0) {
    diags_.error(d->loc, join_path(path, key), "must be greater than 0");
    return std::nullopt;
  }
  return v;
}

std::optional<double> FaultParser::required_duration(const Doc& map, const std::string& path,
                                                     const std::string& key,
                                                     const std::string& example, bool positive) {
  if (map.find(key) == nullptr) {
    diags_.error(map.loc, path, "missing '" + key + "' (e.g. " + example + ")");
    return std::nullopt;
  }
  return duration(map, path, key, 0.0, positive);
}

std::optional<double> FaultParser::factor(const Doc& item, const std::string& path, const std::string& key) {
  const Doc* d = item.find(key);
  if (d == nullptr) return 1.0;
  auto v = read_real(*d, join_path(path, key), diags_, 0.0, std::numeric_limits<double>::infinity());
  if (v && *v <= 0.0) {
    diags_.error(d->loc, join_path(path, key), "must be greater than 0 (use link_down to cut a link)");
    return std::nullopt;
  }
  return v;
}

}  // namespace

std::vector<FaultSpec> parse_faults(const Doc* doc, const PlatformInfo* platform, Diagnostics& diags) {
  std::vector<FaultSpec> specs;
  if (doc == nullptr || doc->is_null()) return specs;
  if (!doc->is_seq()) {
    diags.error(doc->loc, "faults", "expected a list of faults, e.g. [{at: 40s, crash: broker-0}]");
    return specs;
  }
  FaultParser parser(platform, diags);
  for (std::size_t i = 0; i < doc->items.size(); ++i)
    if (auto spec = parser.parse_item(doc->items[i], "faults." + std::to_string(i)))
      specs.push_back(std::move(*spec));
  return specs;
}

// ---------------------------------------------------------------------------------------
// Expansion

namespace {

class ScheduleBuilder {
 public:
  ScheduleBuilder(const PlatformInfo& platform, std::uint64_t seed) : platform_(platform), seed_(seed) {}

  void add(const FaultSpec& spec, std::size_t index);
  FaultPlan finish();

 private:
  void crash(const FaultSpec& spec, const std::string& cause);
  void link_down(const FaultSpec& spec, const std::string& cause);
  void partition(const FaultSpec& spec, const std::string& cause);
  void slowdown(const FaultSpec& spec, const std::string& cause);
  void disk_loss(const FaultSpec& spec, const std::string& cause);
  void random(const FaultSpec& spec, std::size_t index);

  FaultAction make(double time, FaultAction::Kind kind, const std::string& target,
                   const std::string& cause) const;
  void emit(FaultAction a);
  // Paired actions: the end is emitted only when the fault has one (`after` >= 0).
  void emit_pair(FaultAction start, FaultAction::Kind end_kind, double after);
  std::vector<std::string> hosts(const FaultSpec& spec) const;
  std::vector<std::string> links(const FaultSpec& spec) const;

  const PlatformInfo& platform_;
  std::uint64_t seed_;
  int next_partition_ = 0;
  std::vector<FaultAction> actions_;
  std::vector<RandomFailures> random_;
};

void ScheduleBuilder::add(const FaultSpec& spec, std::size_t index) {
  std::string cause = spec.path.empty() ? "faults." + std::to_string(index) : spec.path;
  using K = FaultSpec::Kind;
  switch (spec.kind) {
    case K::Crash: crash(spec, cause); break;
    case K::LinkDown: link_down(spec, cause); break;
    case K::Partition: partition(spec, cause); break;
    case K::Slowdown: slowdown(spec, cause); break;
    case K::DiskLoss: disk_loss(spec, cause); break;
    case K::Random: random(spec, index); break;
  }
}

FaultPlan ScheduleBuilder::finish() {
  // Stable: equal times keep spec order, and within a spec the order actions were made.
  std::stable_sort(actions_.begin(), actions_.end(),
                   [](const FaultAction& a, const FaultAction& b) { return a.time < b.time; });
  return FaultPlan{std::move(actions_), std::move(random_)};
}

FaultAction ScheduleBuilder::make(double time, FaultAction::Kind kind, const std::string& target,
                                  const std::string& cause) const {
  FaultAction a;
  a.time = time;
  a.kind = kind;
  a.target = target;
  a.cause = cause;
  return a;
}

void ScheduleBuilder::emit(FaultAction a) { actions_.push_back(std::move(a)); }

void ScheduleBuilder::emit_pair(FaultAction start, FaultAction::Kind end_kind, double after) {
  FaultAction end = start;
  emit(std::move(start));
  if (after < 0.0) return;
  end.time += after;
  end.kind = end_kind;
  emit(std::move(end));
}

std::vector<std::string> ScheduleBuilder::hosts(const FaultSpec& spec) const {
  std::vector<std::string> out = resolve_hosts(spec.target, platform_);
  if (out.empty())  // parse_faults checked the names; this platform is not the one it saw
    throw std::invalid_argument(spec.path + ": '" + spec.target + "' names no host of the platform");
  return out;
}

std::vector<std::string> ScheduleBuilder::links(const FaultSpec& spec) const {
  std::vector<std::string> out = resolve_links(spec.target, platform_);
  if (out.empty())
    throw std::invalid_argument(spec.path + ": '" + spec.target + "' names no link of the platform");
  return out;
}

void ScheduleBuilder::crash(const FaultSpec& spec, const std::string& cause) {
  using K = FaultAction::Kind;
  for (const std::string& h : hosts(spec))
    emit_pair(make(spec.at, K::HostOff, h, cause), K::HostOn, spec.restart_after);
}

void ScheduleBuilder::link_down(const FaultSpec& spec, const std::string& cause) {
  using K = FaultAction::Kind;
  for (const std::string& l : links(spec))
    emit_pair(make(spec.at, K::LinkOff, l, cause), K::LinkOn, spec.heal_after);
}

void ScheduleBuilder::partition(const FaultSpec& spec, const std::string& cause) {
  std::vector<std::string> labels;
  FaultAction a = make(spec.at, FaultAction::Kind::PartitionStart, "", cause);
  std::set<std::string> seen;
  for (const auto& group : spec.groups) {
    std::vector<std::string> members;
    for (const std::string& name : group)
      for (const std::string& h : resolve_hosts(name, platform_))
        if (seen.insert(h).second) members.push_back(h);
    a.groups.push_back(std::move(members));
    labels.push_back(join(group, "+"));
  }
  a.target = join(labels, "|");
  a.one_way = spec.one_way;
  a.partition_id = next_partition_++;
  emit_pair(std::move(a), FaultAction::Kind::PartitionHeal, spec.heal_after);
}

void ScheduleBuilder::slowdown(const FaultSpec& spec, const std::string& cause) {
  using K = FaultAction::Kind;
  std::vector<std::string> targets = spec.disk.empty() ? links(spec) : hosts(spec);
  for (const std::string& t : targets) {
    FaultAction a = make(spec.at, K::SlowdownStart, t, cause);
    a.bandwidth_factor = spec.bandwidth_factor;
    a.latency_factor = spec.latency_factor;
    a.disk = spec.disk;
    emit_pair(std::move(a), K::SlowdownEnd, spec.heal_after);
  }
}

void ScheduleBuilder::disk_loss(const FaultSpec& spec, const std::string& cause) {
  for (const std::string& h : hosts(spec)) {
    FaultAction a = make(spec.at, FaultAction::Kind::DiskLoss, h, cause);
    a.disk = spec.disk;
    emit(std::move(a));
  }
}

void ScheduleBuilder::random(const FaultSpec& spec, std::size_t index) {
  for (const std::string& h : hosts(spec)) random_.emplace_back(spec, index, h, seed_);
}

}  // namespace

RandomFailures::RandomFailures(const FaultSpec& spec, std::size_t index, std::string host, std::uint64_t seed)
    : host_(std::move(host)),
      cause_((spec.path.empty() ? "faults." + std::to_string(index) : spec.path) + " (random)"),
      mtbf_(spec.mtbf), mttr_(spec.mttr), start_(spec.start),
      until_(spec.until >= 0.0 ? spec.until : std::numeric_limits<double>::infinity()), t_(spec.start),
      rng_(seed, "fault:" + std::to_string(index) + ":" + host_) {}

std::optional<std::pair<double, double>> RandomFailures::next() {
  t_ += rng_.exponential(mtbf_);
  if (t_ >= until_) return std::nullopt;
  const double off = t_;
  t_ += rng_.exponential(mttr_);
  return std::make_pair(off, t_);
}

FaultPlan plan_faults(const std::vector<FaultSpec>& specs, const PlatformInfo& platform, std::uint64_t seed) {
  ScheduleBuilder builder(platform, seed);
  for (std::size_t i = 0; i < specs.size(); ++i) builder.add(specs[i], i);
  return builder.finish();
}

std::vector<FaultAction> expand_schedule(const std::vector<FaultSpec>& specs,
                                         const PlatformInfo& platform, std::uint64_t seed,
                                         double horizon) {
  FaultPlan plan = plan_faults(specs, platform, seed);
  std::vector<FaultAction> out;
  for (FaultAction& a : plan.timed)
    if (a.time <= horizon) out.push_back(std::move(a));
  for (RandomFailures& r : plan.random) {
    if (!std::isfinite(std::min(r.until(), horizon)))
      throw std::invalid_argument(r.cause() + ": a random fault process needs `until` or a finite horizon");
    while (auto f = r.next()) {
      if (f->first > horizon) break;
      FaultAction off;
      off.time = f->first;
      off.kind = FaultAction::Kind::HostOff;
      off.target = r.host();
      off.cause = r.cause();
      out.push_back(off);
      if (f->second > horizon) continue;
      off.time = f->second;
      off.kind = FaultAction::Kind::HostOn;
      out.push_back(std::move(off));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const FaultAction& a, const FaultAction& b) { return a.time < b.time; });
  return out;
}

}  // namespace sdsim
