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

  std::vector<ParamSpec> params() const override { return object_store::params().specs(); }

  MetricTable metric_table() const override {
    const Results& r = results_;
    const Stats* const* st = &stats_;
    auto v = [&r](double Results::*f) { return [&r, f] { return r.*f; }; };
    auto stat = [st](auto f) { return [st, f] { return f(**st); }; };
    MetricTable t;
    t.add("objects.stored", "", "objects in the object table at the end", v(&Results::stored))
        .add("objects.lost", "", "objects with fewer than the needed shards left on any disk (unrecoverable)",
             stat([](const Stats& s) { return double(s.lost.size()); }))
        .add("objects.degraded", "", "objects that missed a shard at some point but stayed recoverable", v(&Results::degraded))
        .add("objects.unavailable.max", "", "most objects at once without enough shards on live hosts",
             stat([](const Stats& s) { return double(s.unavailable_max); }))
        .add("storage.overhead", "", "raw bytes on disks / logical bytes - 1, from what the data nodes hold (0 when empty)",
             v(&Results::overhead))
        .add("storage.raw_bytes", "B", "live shard bytes on the data nodes' disks", v(&Results::raw))
        .add("storage.logical_bytes", "B", "sizes of the objects in the object table", v(&Results::logical))
        .add("repair.bytes", "B", "bytes read and written by repair", stat([](const Stats& s) { return s.repair_bytes; }))
        .add("repair.needless_bytes", "B", "repair bytes for nodes declared dead while alive",
             stat([](const Stats& s) { return s.needless_repair_bytes; }))
        .add("repair.shards", "", "shards rebuilt", stat([](const Stats& s) { return double(s.repaired_shards); }))
        .add("repair.time.mean", "s", "loss detected to shard rebuilt, mean", stat([](const Stats& s) { return s.repair_time.mean(); }))
        .add("repair.time.max", "s", "loss detected to shard rebuilt, max", stat([](const Stats& s) { return s.repair_time.max(); }))
        .add("put_latency.p50", "s", "PUT latency at the client, median",
             stat([](const Stats& s) { return s.put_latency.quantile(0.5); }))
        .add("put_latency.p99", "s", "PUT latency at the client, 99th percentile",
             stat([](const Stats& s) { return s.put_latency.quantile(0.99); }))
        .add("get_latency.p50", "s", "GET latency at the client, median",
             stat([](const Stats& s) { return s.get_latency.quantile(0.5); }))
        .add("get_latency.p99", "s", "GET latency at the client, 99th percentile",
             stat([](const Stats& s) { return s.get_latency.quantile(0.99); }))
        .add("puts.failed", "", "PUTs that failed or timed out", stat([](const Stats& s) { return double(s.puts_failed); }))
        .add("gets.total", "", "GETs issued", stat([](const Stats& s) { return double(s.gets_ok + s.gets_failed); }))
        .add("gets.degraded", "", "GETs served by reconstruction (parity read)",
             stat([](const Stats& s) { return double(s.gets_degraded); }))
        .add("get.availability", "", "fraction of GETs served (1 when none was issued)", stat([](const Stats& s) {
               const double gets = double(s.gets_ok + s.gets_failed);
               return gets > 0 ? double(s.gets_ok) / gets : 1.0;
             }))
        .add("disks.failed", "", "disk losses (scheduled and stochastic)", stat([](const Stats& s) { return double(s.disk_failures); }))
        .add("nodes.false_down", "", "nodes declared dead while their host was alive",
             stat([](const Stats& s) { return double(s.false_down); }))
        .add("detection.delay.mean", "s", "host death to declared dead, mean",
             stat([](const Stats& s) { return s.detection_delay.mean(); }))
        .add("detection.delay.max", "s", "host death to declared dead, max",
             stat([](const Stats& s) { return s.detection_delay.max(); }))
        .add("durability.simulated", "", "annual object loss probability estimated from this run", v(&Results::durability_simulated))
        .add("durability.model", "", "annual object loss probability from the analytic model (README)", v(&Results::durability_model));
    // Three listings after the load: the root with '/', a prefix, the whole bucket.
    for (const char* list : {"list.root", "list.prefix", "list.all"})
      for (const char* part : {"entries", "objects", "prefixes"}) {
        const std::string name = std::string(list) + "." + part;
        t.add(name, "", listing_doc(list, part), [st, name] {
          auto it = (*st)->listing.find(name);
          return it == (*st)->listing.end() ? 0.0 : it->second;
        });
      }
    return t;
  }

  std::vector<RoleRequest> roles(const ParamValues& p, const WorkloadSpec&) const override {
    const Config c = read_config(p);
    return {{"api", 1}, {"metadata", c.metadata_shards}, {"placement", 1}, {"client", 1}, {"datanode", c.datanodes}};
  }

  // Six racks, enough hosts for the roles, two disks per host.
  std::string default_platform(const ParamValues& p, const WorkloadSpec&) const override {
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
            racks += fmt::format("      - {{name: rack-{}, hosts: {}, uplink: {{bandwidth: 40Gbps, latency: 10us}}}}\n", r,
                                 (hosts + 5) / 6);
          return racks;
        }());
  }

  double default_drain() const override { return 120.0; }

  void check(const ParamValues& p, const WorkloadSpec& load, Diagnostics& diags) const override {
    const Config c = read_config(p);
    const int shards = c.scheme.shards();
    if (shards > c.datanodes)
      diags.error(p.where("datanodes"), "params.datanodes",
                  fmt::format("{} shards per object need at least {} data nodes", shards, shards));
    if (load.duration <= 0) diags.error(load.loc, "workload.duration", "the object store needs a duration");
  }

  void setup(RunContext& ctx) override {
    c_ = std::make_unique<Cluster>();
    Cluster& c = *c_;
    c.cfg = read_config(ctx.params());
    stats_ = &c.stats;
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
    c.detector = std::make_unique<FailureDetector>(c.cfg.heartbeat.grace);
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
    const double until = c.cfg.failures.until > 0 ? c.cfg.failures.until : ctx.workload().duration;
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
    Results& r = results_;
    sample_availability();
    for (const auto& shard : c.meta)
      for (const auto& [k, row] : shard->objects) {
        r.logical += row.size;
        ++r.stored;
      }
    for (const auto& s : c.stores) r.raw += s->live_bytes();
    for (auto id : c.stats.degraded) r.degraded += c.stats.lost.count(id) ? 0 : 1;
    r.overhead = r.logical > 0 ? r.raw / r.logical - 1.0 : 0.0;
    // Durability: observed losses over the run's (scaled) exposure, and the analytic model with
    // the measured repair window.
    const double exposure = ctx.workload().duration * c.cfg.failures.time_scale;
    const double ever = double(c.stats.puts_ok);
    r.durability_simulated = ever > 0 ? annualise(double(c.stats.lost.size()) / ever, exposure) : 0.0;
    const double window =
        (c.stats.repair_time.count() > 0 ? c.stats.repair_time.mean() : c.cfg.failures.replace_after) * c.cfg.failures.time_scale;
    const Scheme& s = c.cfg.scheme;
    r.durability_model = annual_loss_probability(s.shards(), s.tolerance(), c.cfg.failures.afr, window);
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

  static std::string listing_doc(const std::string& list, const std::string& part) {
    const std::string which = list == "list.root" ? "LIST of the root with delimiter '/'"
                              : list == "list.prefix" ? "LIST of prefix 'CA/' (tree) or 'obj-0000' (flat), no delimiter"
                                                      : "LIST of the whole bucket, no delimiter";
    return which + ": " + (part == "entries" ? "entries" : part == "objects" ? "objects listed" : "common prefixes");
  }

  struct Results {
    double stored = 0, logical = 0, raw = 0, degraded = 0, overhead = 0;
    double durability_simulated = 0, durability_model = 0;
  };
  Results results_;
  const Stats* stats_ = nullptr;  // for the metric table (read after finish)
  std::unique_ptr<Cluster> c_;
};

const ModelRegistration registration{[] { return std::make_unique<ObjectStoreModel>(); }};

}  // namespace
}  // namespace sdsim::object_store
