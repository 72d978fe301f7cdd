// The object store model's registration: builds the API, metadata, placement and data-node
// services on the platform, the disk failures of nature, and the client driver. See README.md.
#include "models/object_store/model.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "models/object_store/disk_failures.hpp"
#include "models/object_store/services/api.hpp"
#include "models/object_store/services/driver.hpp"
#include "models/object_store/services/metadata.hpp"
#include "models/object_store/services/repair.hpp"
#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::object_store {

std::string ObjectStoreModel::summary() const {
  return "S3-like object store: replication vs RS(k,m), rack-aware ring, heartbeats, repair, "
         "durability";
}
std::string ObjectStoreModel::description() const {
  return R"(Services: 'api' (PUT/GET/DELETE/LIST), 'metadata-<i>' (object rows sharded by
hash(bucket, name); listing index sharded by bucket), 'placement' (cluster map from heartbeats,
a node is declared dead after `heartbeat.grace`; consistent-hash ring with `vnodes` virtual
nodes, rack-aware unless `rack_aware: false`; repair workers), 'datanode-<i>' (shards appended
to data files on the host's disks; deletes leave tombstones). Scheme: `replication` with
`copies` and `ack`, or `erasure_coding` RS(ec.k, ec.m).
The client host runs phases: PUT `objects` objects with workload.clients writers, DELETE the
first `deletes`, three LISTs, then GETs at workload.rate until workload.duration, then waits
for repairs (at most workload.drain, default 120 s). Faults: crash (data survives, node unreachable), disk_loss
(that disk's shards gone), rack crash, and stochastic disk failures from disk_failures.afr
with time compressed by disk_failures.time_scale.
A node whose disks are all dead is neither a placement nor a repair target. A placement
restart restarts every node's heartbeat grace. Durability: durability.model (continuous-time
window model), durability.backblaze (the Backblaze calculator: more than the tolerated shards
failing in one replacement period), durability.simulated (losses at stochastic failures over
disk_failures.until). ring_salt: seed varies the ring with the seed. nodes.csv, one row per
data node at the end: node, host, rack, chunks (live chunks), bytes (B, live chunk bytes),
ring_share (fraction of the ring it owns); placement.load_cv is the spread of its bytes.
Listing from the scenario: naming: given PUTs the `names` (one per line); list.run lists the
bucket after the deletes as S3's ListObjectsV2 (list.prefix, list.delimiter, list.max_keys
entries a page, each common prefix one entry, continuation tokens) into listing.csv: page
(1, 2, ...), kind (key | common_prefix), name. Rejected: a heartbeat
grace shorter than the interval; warned: rack-aware placement of more shards than racks.)";
}

std::vector<RoleRequest> ObjectStoreModel::roles(const ParamValues& p, const WorkloadSpec&) const {
  const Config c = read_config(p);
  return {{"api", 1},
          {"metadata", c.metadata_shards},
          {"placement", 1},
          {"client", 1},
          {"datanode", c.datanodes}};
}

// Six racks, enough hosts for the roles, two disks per host.
std::string ObjectStoreModel::default_platform(const ParamValues& p, const WorkloadSpec&) const {
  const Config c = read_config(p);
  const long long hosts = c.datanodes + c.metadata_shards + 3;
  return fmt::format(
      "datacenters:\n  - name: dc-0\n    racks:\n{}"
      "host:\n  speed: 1Gf\n  cores: 8\n  link: {{bandwidth: 10Gbps, latency: 5us}}\n"
      "  disks:\n    - {{name: disk0, read: 500MBps, write: 400MBps}}\n"
      "    - {{name: disk1, read: 500MBps, write: 400MBps}}\n",
      [&] {
        std::string racks;
        for (int r = 0; r < 6; ++r)
          racks += fmt::format(
              "      - {{name: rack-{}, hosts: {}, uplink: {{bandwidth: 40Gbps, latency: "
              "10us}}}}\n",
              r, (hosts + 5) / 6);
        return racks;
      }());
}

void ObjectStoreModel::check(const ParamValues& p, const WorkloadSpec& load,
                             Diagnostics& diags) const {
  const Config c = read_config(p);
  const int shards = c.scheme.shards();
  if (shards > c.datanodes)
    diags.error(p.where("datanodes"), "params.datanodes",
                fmt::format("{} shards per object need at least {} data nodes", shards, shards));
  if (c.naming == "given") {
    std::set<std::string> seen;
    for (const std::string& n : c.given_names) {
      if (n.size() > 1024)  // S3's limit on a key's UTF-8 bytes
        diags.error(p.where("names"), "params.names",
                    fmt::format("the name '{}...' is longer than 1024 bytes", n.substr(0, 40)));
      if (!seen.insert(n).second)
        diags.error(p.where("names"), "params.names",
                    fmt::format("the name '{}' is given twice", n));
    }
    if (c.given_names.empty())
      diags.error(p.where("names"), "params.names",
                  "naming: given needs object names, one per line (names: |)");
  }
  if (load.duration <= 0)
    diags.error(load.loc, "workload.duration", "the object store needs a duration");
  // A grace shorter than the heartbeat period declares every healthy node dead between two
  // heartbeats (thousands of false node-downs and needless repairs): a mistake, not a design.
  if (c.heartbeat.grace < c.heartbeat.interval)
    diags.error(
        p.where("heartbeat.grace"), "params.heartbeat.grace",
        fmt::format("the grace ({} s) is shorter than the heartbeat interval ({} s): every healthy "
                    "node would be "
                    "declared dead between two heartbeats; use a grace of several intervals",
                    c.heartbeat.grace, c.heartbeat.interval));
}

// Shards live on disks: a data node without one could store nothing.
void ObjectStoreModel::check_placement(const PlatformInfo& placed, const ParamValues&,
                                       const Location& where, Diagnostics& diags) const {
  std::vector<std::string> bare;
  for (const std::string& host : placed.hosts_with_role("datanode"))
    if (const HostInfo* h = placed.host(host); h && h->spec.disks.empty()) bare.push_back(host);
  if (!bare.empty())
    diags.error(
        where, "platform",
        fmt::format(
            "the object store's data nodes need disks; {} of them have none ({}): add disks to the "
            "platform's hosts (host: {{disks: [{{read: 500MBps, write: 400MBps}}]}})",
            bare.size(),
            fmt::format(
                "{}", fmt::join(bare.begin(),
                                bare.begin() + long(std::min<std::size_t>(3, bare.size())), ", ")) +
                (bare.size() > 3 ? ", ..." : "")));
}

// Rack-aware placement of n shards on fewer failure domains than n puts ceil(n / domains)
// shards in some domain, so a domain loss costs more than one shard: allowed (the scenarios
// of RS(8,4) on six racks show it), but said once on stderr and in events.csv.
static void warn_shared_domains(RunContext& ctx, const Cluster& c) {
  if (!c.cfg.rack_aware) return;
  std::set<std::string> domains;
  for (int n = 0; n < c.blob->ring->nodes(); ++n) domains.insert(c.blob->ring->domain(n));
  const int shards = c.cfg.scheme.shards();
  if (static_cast<int>(domains.size()) >= shards) return;
  const int per =
      (shards + static_cast<int>(domains.size()) - 1) / static_cast<int>(domains.size());
  const std::string text = fmt::format(
      "{} puts {} shards on {} failure domains: up to {} shards share a domain, so losing one "
      "domain "
      "costs up to {} shards (tolerance {})",
      c.cfg.scheme.label(), shards, domains.size(), per, per, c.cfg.scheme.tolerance());
  fmt::print(stderr, "warning: params.rack_aware: {}\n", text);
  ctx.event("placement_warning", "placement", text);
}

void ObjectStoreModel::setup(RunContext& ctx) {
  c_ = std::make_unique<Cluster>();
  Cluster& c = *c_;
  c.cfg = read_config(ctx.params());
  stats_ = &c.stats;
  Net& net = ctx.net();
  // The data path is the blob store's: placement, data nodes and their disks.
  c.blob = std::make_unique<blob_service::BlobStore>(ctx, blob_config(c.cfg),
                                                     ctx.hosts_with_role("placement").front(),
                                                     ctx.hosts_with_role("datanode"));
  blob_service::BlobHooks& hooks = c.blob->hooks;
  hooks.chunks_changed = [&c](std::uint64_t id) { c.refresh(id); };
  hooks.host_changed = [&c](int node) { c.refresh_node(node); };
  // A node declared dead: every shard it held is queued for repair.
  hooks.node_down = [&c](int node, bool alive) {
    const double now = sg4::Engine::get_clock();
    int queued = 0;
    for (auto& shard : c.meta)
      for (auto& [key, r] : shard->objects)
        for (std::size_t s = 0; s < r.nodes.size(); ++s)
          if (r.nodes[s] == node) {
            c.enqueue_repair({r.bucket, r.name, static_cast<int>(s), node, now, alive});
            ++queued;
          }
    return fmt::format("no heartbeat for {} s{}; {} shards queued for repair",
                       c.cfg.heartbeat.grace, alive ? " (the host is alive)" : "", queued);
  };
  // The repair workers run on the placement host; those of a previous incarnation gave their
  // tasks back as they died (run_repair_worker).
  hooks.placement_started = [&ctx, &c] {
    for (int i = 0; i < c.cfg.repair.streams; ++i)
      spawn_local(fmt::format("repair-{}", i), [&ctx, &c, i] { run_repair_worker(ctx, c, i); });
  };

  const auto& meta_hosts = ctx.hosts_with_role("metadata");
  for (std::size_t s = 0; s < meta_hosts.size(); ++s) {
    c.meta.push_back(std::make_shared<MetaShard>());
    c.metadata.push_back(net.register_service<MetadataProtocol>(
        metadata_service(static_cast<int>(s)), meta_hosts[s]));
  }
  c.blob->register_placement();
  c.api = net.register_service<ApiProtocol>("api", ctx.hosts_with_role("api").front());
  c.blob->register_datanodes();

  for (std::size_t s = 0; s < meta_hosts.size(); ++s) {
    auto tables = c.meta[s];
    spawn_service<MetadataProtocol>(net, c.metadata[s], [&net, &c, tables] {
      return std::make_unique<MetadataShard>(net, c, tables);
    });
  }
  c.blob->start_placement();
  spawn_service<ApiProtocol>(net, c.api,
                             [&net, &c] { return std::make_unique<ApiService>(net, c); });
  c.blob->start_datanodes();
  const double until = c.cfg.failures.until > 0 ? c.cfg.failures.until : ctx.workload().duration;
  start_disk_failures(ctx, c, until);
  ctx.recorder().add_gauge("objects_unavailable", [this] { return double(sample_availability()); });
  // Repair traffic per second over the last output interval (bytes read + written).
  ctx.recorder().add_gauge("repair_bytes_per_s", [this, last_t = 0.0, last_b = 0.0]() mutable {
    const double now = sg4::Engine::get_clock(), bytes = c_->stats.repair_bytes;
    const double rate = now > last_t ? (bytes - last_b) / (now - last_t) : 0.0;
    last_t = now;
    last_b = bytes;
    return rate;
  });
  ctx.recorder().add_gauge("repair_queue",
                           [this] { return double(c_->repairs.size() + c_->repairs_active); });
  ctx.on_fault([this, &ctx](const FaultEvent& e) {
    if (e.kind == FaultAction::Kind::DiskLoss) on_disk_loss(ctx, e.target, e.disk);
  });
  warn_shared_domains(ctx, c);
  start_driver(ctx, c);
  // After the load the run waits for repairs to finish, so what it stored and lost is final.
  ctx.timeline().drain_until([this] { return c_->repairs.empty() && c_->repairs_active == 0; });
}

void ObjectStoreModel::on_disk_loss(RunContext& ctx, const std::string& host,
                                    const std::string& disk) {
  const int node = c_->blob->node_of_host(host);
  if (node < 0) return;  // not a data node: nothing stored there
  auto& disks = c_->blob->stores[node]->disks;
  for (int d = 0; d < static_cast<int>(disks.size()); ++d)
    if (disk.empty() || disks[d].name == disk) lose_disk(ctx, *c_, node, d, false);
}

// Objects without enough shards on live hosts now: kept up to date by Cluster::refresh, so a
// sample is O(1); `check_availability` recounts every object and counts disagreements.
std::uint64_t ObjectStoreModel::sample_availability() {
  Cluster& c = *c_;
  if (c.cfg.check_availability) {
    ++c.stats.availability_audits;
    if (c.recount_unavailable() != c.unavailable) ++c.stats.availability_mismatches;
  }
  c.stats.unavailable_max = std::max(c.stats.unavailable_max, c.unavailable);
  return c.unavailable;
}

const ModelRegistration registration{[] { return std::make_unique<ObjectStoreModel>(); }};

}  // namespace sdsim::object_store
