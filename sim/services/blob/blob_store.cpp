#include "sim/services/blob/blob_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <simgrid/s4u.hpp>
#include <stdexcept>

#include "sim/model/run_context.hpp"
#include "sim/net/service.hpp"
#include "sim/services/blob/data_node.hpp"
#include "sim/services/blob/placement.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::blob_service {

bool NodeStore::has(const ShardKey& k) const {
  auto it = extents.find(k);
  return it != extents.end() && !it->second.tombstone && !disks[it->second.disk].failed;
}

double NodeStore::live_bytes() const {
  double b = 0.0;
  for (const auto& [k, e] : extents)
    if (!e.tombstone) b += e.size;
  return b;
}

BlobStore::BlobStore(RunContext& context, BlobConfig config, std::string placement_on,
                     std::vector<std::string> datanode_hosts, std::string name_prefix)
    : ctx(context),
      cfg(std::move(config)),
      prefix(std::move(name_prefix)),
      placement_host(std::move(placement_on)),
      hosts(std::move(datanode_hosts)) {
  const std::uint64_t salt =
      cfg.ring_salt_from_seed ? ctx.stream(prefix + "ring-salt").below(~0ULL) + 1 : 0;
  ring = std::make_unique<HashRing>(cfg.vnodes, salt);
  const int n = static_cast<int>(hosts.size());
  std::vector<HashRing::NodeSpec> ring_nodes;
  for (int i = 0; i < n; ++i) {
    const std::string& host = hosts[i];
    const std::string& rack = ctx.platform().host(host)->rack;
    ring_nodes.push_back({host, rack.empty() ? host : rack});
    auto store = std::make_shared<NodeStore>();
    for (const sg4::Disk* d : ctx.host(host)->get_disks()) store->disks.push_back({d->get_name()});
    if (store->disks.empty())
      throw std::runtime_error("blob store: data node " + host + " has no disk");
    stores.push_back(store);
  }
  ring->add_nodes(ring_nodes);  // sorted once: linear-logarithmic in nodes x vnodes
  detector = std::make_unique<FailureDetector>(cfg.heartbeat.grace);
  for (int i = 0; i < n; ++i) detector->watch(i, 0.0);
  up.assign(n, true);
  writable.assign(n, true);
  died_at.assign(n, -1.0);
  writes_in_progress.assign(n, 0);
  sg4::Host::on_state_change_cb([this](const sg4::Host& h) {
    const int i = node_of_host(h.get_name());
    if (i < 0) return;
    died_at[i] = h.is_on() ? -1.0 : sg4::Engine::get_clock();
    if (hooks.host_changed) hooks.host_changed(i);
  });
}

std::string BlobStore::datanode_service(int node) const {
  return fmt::format("{}{}datanode-{}", prefix, prefix.empty() ? "" : "-", node);
}

int BlobStore::node_of_host(const std::string& host) const {
  for (std::size_t i = 0; i < hosts.size(); ++i)
    if (hosts[i] == host) return static_cast<int>(i);
  return -1;
}

void BlobStore::register_placement() {
  placement = ctx.net().register_service<PlacementProtocol>(
      prefix.empty() ? "placement" : prefix + "-placement", placement_host);
}

void BlobStore::register_datanodes() {
  for (int i = 0; i < static_cast<int>(hosts.size()); ++i)
    datanodes.push_back(
        ctx.net().register_service<DataNodeProtocol>(datanode_service(i), hosts[i]));
}

void BlobStore::start_placement() {
  spawn_service<PlacementProtocol>(ctx.net(), placement,
                                   [this] { return std::make_unique<PlacementService>(*this); });
}

void BlobStore::start_datanodes() {
  for (int i = 0; i < static_cast<int>(hosts.size()); ++i) {
    auto incarnation = std::make_shared<int>(0);
    spawn_service<DataNodeProtocol>(ctx.net(), datanodes[i], [this, i, incarnation] {
      RandomStream rng(ctx.seed(), fmt::format("{}#{}", datanode_service(i), (*incarnation)++));
      return std::make_unique<DataNode>(*this, i, rng);
    });
  }
}

void BlobStore::start() {
  register_placement();
  register_datanodes();
  start_placement();
  start_datanodes();
}

std::optional<std::vector<ShardKey>> BlobStore::fail_disk(int node, int disk) {
  NodeStore& store = *stores[node];
  NodeStore::Disk& d = store.disks.at(disk);
  if (d.failed) return std::nullopt;  // already dead and not yet replaced
  d.failed = true;
  // The node sees its I/O errors and tells the placement service at once.
  writable[node] = std::any_of(store.disks.begin(), store.disks.end(),
                               [](const NodeStore::Disk& x) { return !x.failed; });
  std::vector<ShardKey> gone;
  for (auto it = store.extents.begin(); it != store.extents.end();) {
    if (it->second.disk == disk) {
      if (!it->second.tombstone) gone.push_back(it->first);
      it = store.extents.erase(it);
    } else {
      ++it;
    }
  }
  return gone;
}

void BlobStore::replace_disk(int node, int disk) {
  NodeStore::Disk& d = stores[node]->disks.at(disk);
  d.failed = false;
  ++d.file;
  d.offset = 0.0;
  writable[node] = true;
}

}  // namespace sdsim::blob_service
