// The object store model (S3-like): an API service, a sharded metadata service with a
// listing index, a placement service (heartbeats, grace period, rack-aware consistent-hash
// ring), data nodes with several disks, replication or RS(k, m) erasure coding, and repair
// under a bandwidth limit. See models/object_store/README.md.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "models/object_store/api.hpp"
#include "models/object_store/cluster.hpp"
#include "models/object_store/datanode.hpp"
#include "models/object_store/disk_failures.hpp"
#include "models/object_store/driver.hpp"
#include "models/object_store/durability.hpp"
#include "models/object_store/metadata.hpp"
#include "models/object_store/placement.hpp"
#include "sim/model/model.hpp"
#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::object_store {
namespace {

class ObjectStoreModel : public Model {
 public:
  std::string name() const override { return "object_store"; }
  std::string summary() const override {
    return "S3-like object store: replication vs RS(k,m), rack-aware ring, heartbeats, repair, durability";
  }
  std::string description() const override {
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
with time compressed by disk_failures.time_scale.)";
  }

  std::vector<ParamSpec> params() const override {
    ParamSpec ec{"ec", ParamType::Group, "", "erasure coding RS(k, m)"};
    ec.children = {{"k", ParamType::Int, "8", "data chunks", 1, 200}, {"m", ParamType::Int, "4", "parity chunks", 0, 50}};
    ParamSpec hb{"heartbeat", ParamType::Group, "", "failure detection by the placement service"};
    hb.children = {{"interval", ParamType::Duration, "1s", "heartbeat period of a data node", 1e-3, 1e6},
                   {"grace", ParamType::Duration, "15s", "silence after which a node is declared dead", 1e-3, 1e9},
                   {"check", ParamType::Duration, "500ms", "how often the placement service checks", 1e-3, 1e6}};
    ParamSpec repair{"repair", ParamType::Group, "", "rebuilding lost shards"};
    repair.children = {{"bandwidth", ParamType::Bandwidth, "100MBps", "limit on repair bytes (read + written) per second", 1, 1e15},
                       {"streams", ParamType::Int, "4", "concurrent repair workers", 1, 1000}};
    ParamSpec cost{"cost", ParamType::Group, "", "service costs"};
    cost.children = {{"encode_flops_per_byte", ParamType::Real, "20", "EC encoding CPU per object byte", 0, 1e6},
                     {"decode_flops_per_byte", ParamType::Real, "40", "EC reconstruction CPU per object byte", 0, 1e6},
                     {"metadata_time", ParamType::Duration, "200us", "time per metadata operation", 0, 10},
                     {"disk_access_time", ParamType::Duration, "2ms", "mean (exponential) seek + rotation per disk I/O", 0, 10}};
    ParamSpec fail{"disk_failures", ParamType::Group, "", "stochastic disk failures"};
    fail.children = {{"afr", ParamType::Real, "0", "annual failure rate of one disk (0 = none)", 0, 0.999},
                     {"time_scale", ParamType::Real, "1", "real seconds per simulated second", 1e-6, 1e12},
                     {"replace_after", ParamType::Duration, "60s", "a failed disk is replaced (empty) after", 0, 1e9},
                     {"until", ParamType::Duration, "0s", "failures stop at (0 = workload.duration)", 0, 1e12}};
    return {
        {"scheme", ParamType::Choice, "replication", "durability scheme", 0, 0, {"replication", "erasure_coding"}},
        {"copies", ParamType::Int, "3", "replication: copies of each object", 1, 20},
        {"ack", ParamType::Choice, "all", "replication: PUT waits for all copies, primary + one, or the primary", 0, 0,
         {"all", "primary_one", "primary"}},
        ec,
        {"rack_aware", ParamType::Bool, "true", "never two shards of an object in one rack when racks suffice"},
        {"vnodes", ParamType::Int, "64", "virtual nodes per data node on the ring", 1, 10000},
        {"datanodes", ParamType::Int, "12", "data nodes (role 'datanode')", 1, 10000},
        {"metadata_shards", ParamType::Int, "2", "metadata shards (role 'metadata')", 1, 1000},
        {"bucket", ParamType::String, "photos", "the bucket the clients use"},
        {"objects", ParamType::Int, "1000", "objects PUT in the load phase", 1, 10000000},
        {"deletes", ParamType::Int, "0", "objects deleted after the load (the first ones)", 0, 10000000},
        {"object_size", ParamType::Size, "64KB", "size of every object", 1, 1e12},
        {"naming", ParamType::Choice, "flat", "object names: obj-000042, or a CA/NY/TX tree for listings", 0, 0, {"flat", "tree"}},
        hb, repair, cost, fail,
        {"datanode_timeout", ParamType::Duration, "500ms", "API and repair give up on a data node after", 1e-4, 1e4},
        {"client_timeout", ParamType::Duration, "10s", "a client gives up on a request after", 1e-3, 1e6},
        {"api_workers", ParamType::Int, "32", "requests the API serves at once", 1, 100000},
    };
  }

  std::vector<MetricSpec> metrics() const override {
    return {
        {"objects.stored", "", "objects in the object table at the end"},
        {"objects.lost", "", "objects with fewer than the needed shards left on any disk (unrecoverable)"},
        {"objects.degraded", "", "objects that missed a shard at some point but stayed recoverable"},
        {"objects.unavailable.max", "", "most objects at once without enough shards on live hosts"},
        {"storage.overhead", "", "raw bytes on disks / logical bytes - 1, from what the data nodes hold"},
        {"storage.raw_bytes", "B", "live shard bytes on the data nodes' disks"},
        {"storage.logical_bytes", "B", "sizes of the objects in the object table"},
        {"repair.bytes", "B", "bytes read and written by repair"},
        {"repair.needless_bytes", "B", "repair bytes for nodes declared dead while alive"},
        {"repair.shards", "", "shards rebuilt"},
        {"repair.time.mean", "s", "loss detected to shard rebuilt, mean"},
        {"repair.time.max", "s", "loss detected to shard rebuilt, max"},
        {"put_latency.p50", "s", "PUT latency at the client, median"},
        {"put_latency.p99", "s", "PUT latency at the client, 99th percentile"},
        {"get_latency.p50", "s", "GET latency at the client, median"},
        {"get_latency.p99", "s", "GET latency at the client, 99th percentile"},
        {"puts.failed", "", "PUTs that failed or timed out"},
        {"gets.total", "", "GETs issued"},
        {"gets.degraded", "", "GETs served by reconstruction (parity read)"},
        {"get.availability", "", "fraction of GETs served"},
        {"disks.failed", "", "disk losses (scheduled and stochastic)"},
        {"nodes.false_down", "", "nodes declared dead while their host was alive"},
        {"detection.delay.mean", "s", "host death to declared dead, mean"},
        {"detection.delay.max", "s", "host death to declared dead, max"},
        {"durability.simulated", "", "annual object loss probability estimated from this run"},
        {"durability.model", "", "annual object loss probability from the analytic model (README)"},
        {"list.root.entries", "", "LIST of the root with delimiter '/': entries"},
        {"list.root.objects", "", "... of which objects"},
        {"list.root.prefixes", "", "... of which common prefixes"},
        {"list.prefix.entries", "", "LIST of prefix 'CA/' (tree) or 'obj-0000' (flat), no delimiter"},
        {"list.all.entries", "", "LIST of the whole bucket, no delimiter"},
    };
  }

  std::vector<RoleRequest> roles(const ParamValues& p, const WorkloadSpec&) const override {
    return {{"api", 1},
            {"metadata", static_cast<int>(p.integer("metadata_shards"))},
            {"placement", 1},
            {"client", 1},
            {"datanode", static_cast<int>(p.integer("datanodes"))}};
  }

  // Six racks, enough hosts for the roles, two disks per host.
  std::string default_platform(const ParamValues& p, const WorkloadSpec&) const override {
    const long long hosts = p.integer("datanodes") + p.integer("metadata_shards") + 3;
    return fmt::format(
        "datacenters:\n  - name: dc-0\n    racks:\n{}"
        "host:\n  speed: 1Gf\n  cores: 8\n  link: {{bandwidth: 10Gbps, latency: 5us}}\n"
        "  disks:\n    - {{name: disk0, read: 500MBps, write: 400MBps}}\n"
        "    - {{name: disk1, read: 500MBps, write: 400MBps}}\n",
        [&] {
          std::string racks;
          for (int r = 0; r < 6; ++r)
            racks += fmt::format("      - {{name: rack-{}, hosts: {}, uplink: {{bandwidth: 40Gbps, latency: 10us}}}}\n", r,
                                 (hosts + 5) / 6);
          return racks;
        }());
  }

  double default_drain() const override { return 120.0; }

  void check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const override {
    const long long shards = p.text("scheme") == "erasure_coding" ? p.integer("ec.k") + p.integer("ec.m") : p.integer("copies");
    if (shards > p.integer("datanodes"))
      diags.error(Location{}, "params.datanodes",
                  fmt::format("{} shards per object need at least {} data nodes", shards, shards));
    if (load.duration <= 0) diags.error(Location{}, "workload.duration", "the object store needs a duration");
  }

  void setup(RunContext& ctx) override {
    c_ = std::make_unique<Cluster>();
    Cluster& c = *c_;
    c.cfg = config(ctx);
    Net& net = ctx.net();
    c.datanode_hosts = ctx.hosts_with_role("datanode");
    c.ring = std::make_unique<HashRing>(c.cfg.vnodes);
    const int n = static_cast<int>(c.datanode_hosts.size());
    for (int i = 0; i < n; ++i) {
      const std::string& host = c.datanode_hosts[i];
      c.ring->add_node(host, ctx.platform().host(host)->rack.empty() ? host : ctx.platform().host(host)->rack);
      auto store = std::make_shared<NodeStore>();
      for (const sg4::Disk* d : ctx.host(host)->get_disks()) store->disks.push_back({d->get_name()});
      if (store->disks.empty()) throw std::runtime_error("object_store: data node " + host + " has no disk");
      c.stores.push_back(store);
    }
    c.detector = std::make_unique<FailureDetector>(c.cfg.grace);
    for (int i = 0; i < n; ++i) c.detector->watch(i, 0.0);
    c.up.assign(n, true);
    c.died_at.assign(n, -1.0);
    sg4::Host::on_state_change_cb([this](const sg4::Host& h) {
      const int i = datanode_index(*c_, h.get_name());
      if (i >= 0) c_->died_at[i] = h.is_on() ? -1.0 : sg4::Engine::get_clock();
    });

    const auto& meta_hosts = ctx.hosts_with_role("metadata");
    for (std::size_t s = 0; s < meta_hosts.size(); ++s) {
      c.meta.push_back(std::make_shared<MetaShard>());
      c.metadata.push_back(net.register_service<MetadataProtocol>(metadata_service(static_cast<int>(s)), meta_hosts[s]));
    }
    c.placement = net.register_service<PlacementProtocol>("placement", ctx.hosts_with_role("placement").front());
    c.api = net.register_service<ApiProtocol>("api", ctx.hosts_with_role("api").front());
    for (int i = 0; i < n; ++i)
      c.datanodes.push_back(net.register_service<DataNodeProtocol>(datanode_service(i), c.datanode_hosts[i]));

    for (std::size_t s = 0; s < meta_hosts.size(); ++s) {
      auto tables = c.meta[s];
      spawn_service<MetadataProtocol>(net, c.metadata[s], [&net, &c, tables] {
        return std::make_unique<MetadataShard>(net, c, tables);
      });
    }
    spawn_service<PlacementProtocol>(net, c.placement, [&ctx, &c] { return std::make_unique<PlacementService>(ctx, c); });
    spawn_service<ApiProtocol>(net, c.api, [&net, &c] { return std::make_unique<ApiService>(net, c); });
    for (int i = 0; i < n; ++i) {
      auto incarnation = std::make_shared<int>(0);
      const std::uint64_t seed = ctx.seed();
      spawn_service<DataNodeProtocol>(net, c.datanodes[i], [&net, &c, i, incarnation, seed] {
        RandomStream rng(seed, fmt::format("datanode-{}#{}", i, (*incarnation)++));
        return std::make_unique<DataNode>(net, c, i, rng);
      });
    }
    const double until = c.cfg.failures_until > 0 ? c.cfg.failures_until : ctx.workload().duration;
    start_disk_failures(ctx, c, until);
    ctx.recorder().add_gauge("objects_unavailable", [this] { return double(sample_availability()); });
    ctx.recorder().add_gauge("repair_queue", [this] { return double(c_->repairs.size() + c_->repairs_active); });
    ctx.on_fault([this, &ctx](const FaultEvent& e) {
      if (e.kind == FaultAction::Kind::DiskLoss) on_disk_loss(ctx, e.target, e.disk);
    });
    start_driver(ctx, c);
    // After the load the run waits for repairs to finish, so what it stored and lost is final.
    ctx.timeline().drain_until([this] { return c_->repairs.empty() && c_->repairs_active == 0; });
  }

  void on_disk_loss(RunContext& ctx, const std::string& host, const std::string& disk) {
    const int node = datanode_index(*c_, host);
    if (node < 0) return;  // not a data node: nothing stored there
    auto& disks = c_->stores[node]->disks;
    for (int d = 0; d < static_cast<int>(disks.size()); ++d)
      if (disk.empty() || disks[d].name == disk) lose_disk(ctx, *c_, node, d);
  }

  void finish(RunContext& ctx) override {
    Cluster& c = *c_;
    Recorder& rec = ctx.recorder();
    sample_availability();
    double logical = 0, raw = 0, stored = 0;
    for (const auto& shard : c.meta)
      for (const auto& [k, r] : shard->objects) {
        logical += r.size;
        ++stored;
      }
    for (const auto& s : c.stores) raw += s->live_bytes();
    rec.set_metric("objects.stored", stored);
    rec.set_metric("objects.lost", double(c.stats.lost.size()));
    std::size_t degraded = 0;
    for (auto id : c.stats.degraded) degraded += c.stats.lost.count(id) ? 0 : 1;
    rec.set_metric("objects.degraded", double(degraded));
    rec.set_metric("objects.unavailable.max", double(c.stats.unavailable_max));
    rec.set_metric("storage.raw_bytes", raw);
    rec.set_metric("storage.logical_bytes", logical);
    if (logical > 0) rec.set_metric("storage.overhead", raw / logical - 1.0);
    rec.set_metric("repair.bytes", c.stats.repair_bytes);
    rec.set_metric("repair.needless_bytes", c.stats.needless_repair_bytes);
    rec.set_metric("repair.shards", double(c.stats.repaired_shards));
    rec.set_metric("repair.time.mean", c.stats.repair_time.mean());
    rec.set_metric("repair.time.max", c.stats.repair_time.max());
    rec.set_metric("put_latency.p50", c.stats.put_latency.quantile(0.5));
    rec.set_metric("put_latency.p99", c.stats.put_latency.quantile(0.99));
    rec.set_metric("get_latency.p50", c.stats.get_latency.quantile(0.5));
    rec.set_metric("get_latency.p99", c.stats.get_latency.quantile(0.99));
    rec.set_metric("puts.failed", double(c.stats.puts_failed));
    const double gets = double(c.stats.gets_ok + c.stats.gets_failed);
    rec.set_metric("gets.total", gets);
    rec.set_metric("gets.degraded", double(c.stats.gets_degraded));
    if (gets > 0) rec.set_metric("get.availability", double(c.stats.gets_ok) / gets);
    rec.set_metric("disks.failed", double(c.stats.disk_failures));
    rec.set_metric("nodes.false_down", double(c.stats.false_down));
    rec.set_metric("detection.delay.mean", c.stats.detection_delay.mean());
    rec.set_metric("detection.delay.max", c.stats.detection_delay.max());
    for (const auto& [m, v] : c.stats.listing) rec.set_metric(m, v);
    // Durability: observed losses over the run's (scaled) exposure, and the analytic model with
    // the measured repair window.
    const double exposure = ctx.workload().duration * c.cfg.time_scale;
    const double ever = double(c.stats.puts_ok);
    rec.set_metric("durability.simulated", ever > 0 ? annualise(double(c.stats.lost.size()) / ever, exposure) : 0.0);
    const double window = (c.stats.repair_time.count() > 0 ? c.stats.repair_time.mean() : c.cfg.replace_after) * c.cfg.time_scale;
    const Scheme& s = c.cfg.scheme;
    rec.set_metric("durability.model", annual_loss_probability(s.shards(), s.tolerance(), c.cfg.afr, window));
  }

 private:
  // Objects without enough shards on live hosts now; notes degraded objects on the way.
  std::uint64_t sample_availability() {
    Cluster& c = *c_;
    std::uint64_t unavailable = 0;
    for (const auto& shard : c.meta)
      for (const auto& [k, r] : shard->objects) {
        const int reach = c.reachable_shards(r);
        if (reach < c.cfg.scheme.needed()) ++unavailable;
        else if (reach < c.cfg.scheme.shards()) c.stats.degraded.insert(r.id);
      }
    c.stats.unavailable_max = std::max(c.stats.unavailable_max, unavailable);
    return unavailable;
  }

  static Config config(RunContext& ctx) {
    const ParamValues& p = ctx.params();
    Config cfg;
    if (p.text("scheme") == "erasure_coding") {
      cfg.scheme = Scheme::erasure_coding(static_cast<int>(p.integer("ec.k")), static_cast<int>(p.integer("ec.m")));
    } else {
      const std::string& a = p.text("ack");
      cfg.scheme = Scheme::replication(static_cast<int>(p.integer("copies")),
                                       a == "all" ? WriteAck::All : a == "primary" ? WriteAck::Primary : WriteAck::PrimaryPlusOne);
    }
    cfg.rack_aware = p.flag("rack_aware");
    cfg.vnodes = static_cast<int>(p.integer("vnodes"));
    cfg.bucket = p.text("bucket");
    cfg.objects = static_cast<int>(p.integer("objects"));
    cfg.deletes = static_cast<int>(p.integer("deletes"));
    cfg.object_size = p.number("object_size");
    cfg.naming = p.text("naming");
    cfg.heartbeat_interval = p.number("heartbeat.interval");
    cfg.grace = p.number("heartbeat.grace");
    cfg.check_interval = p.number("heartbeat.check");
    cfg.repair_bandwidth = p.number("repair.bandwidth");
    cfg.repair_streams = static_cast<int>(p.integer("repair.streams"));
    cfg.encode_flops_per_byte = p.number("cost.encode_flops_per_byte");
    cfg.decode_flops_per_byte = p.number("cost.decode_flops_per_byte");
    cfg.metadata_time = p.number("cost.metadata_time");
    cfg.disk_access_time = p.number("cost.disk_access_time");
    cfg.afr = p.number("disk_failures.afr");
    cfg.time_scale = p.number("disk_failures.time_scale");
    cfg.replace_after = p.number("disk_failures.replace_after");
    cfg.failures_until = p.number("disk_failures.until");
    cfg.datanode_timeout = p.number("datanode_timeout");
    cfg.client_timeout = p.number("client_timeout");
    cfg.api_workers = static_cast<int>(p.integer("api_workers"));
    return cfg;
  }

  std::unique_ptr<Cluster> c_;
};

const ModelRegistration registration{[] { return std::make_unique<ObjectStoreModel>(); }};

}  // namespace
}  // namespace sdsim::object_store
