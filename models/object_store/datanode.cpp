#include "models/object_store/datanode.hpp"

#include <cstring>

namespace sg4 = simgrid::s4u;

namespace sdsim::object_store {

DataNode::DataNode(Net& net, Cluster& cluster, int node, RandomStream rng)
    : net_(net), c_(cluster), node_(node), store_(cluster.stores[node]), rng_(rng) {}

void DataNode::start() {
  sg4::Actor::create("heartbeat", sg4::this_actor::get_host(), [this] { heartbeat(); })->daemonize();
}

void DataNode::heartbeat() {
  const Endpoint& placement = net_.service(kPlacementService);
  const int me = net_.host_index(sg4::this_actor::get_host());
  while (true) {
    auto m = std::make_unique<Message>();
    m->id = net_.next_message_id();
    m->op = "heartbeat";
    m->src_host = me;
    m->body = Heartbeat{node_};
    net_.send(placement, std::move(m), 100);
    sg4::this_actor::sleep_for(c_.cfg.heartbeat_interval);
  }
}

void DataNode::handle(std::unique_ptr<Message> msg) {
  if (std::strcmp(msg->op, "chunk_delete") == 0) {
    remove(*msg);
    return;
  }
  const bool is_write = std::strcmp(msg->op, "chunk_write") == 0;
  auto* raw = msg.release();
  sg4::Actor::create("io", sg4::this_actor::get_host(), [this, raw, is_write] {
    std::unique_ptr<Message> m(raw);
    if (is_write) write(std::move(m));
    else read(std::move(m));
  })->daemonize();
}

void DataNode::write(std::unique_ptr<Message> msg) {
  const auto& req = std::any_cast<const ChunkRequest&>(msg->body);
  auto reply = std::make_unique<Message>();
  // Round-robin over the disks that work.
  int disk = -1;
  for (std::size_t i = 0; i < store_->disks.size(); ++i) {
    const int d = (store_->next_disk + static_cast<int>(i)) % static_cast<int>(store_->disks.size());
    if (!store_->disks[d].failed) {
      disk = d;
      break;
    }
  }
  if (disk < 0) {
    reply->status = Status::Error;
    net_.reply(*msg, std::move(reply), 100);
    return;
  }
  store_->next_disk = disk + 1;
  NodeStore::Disk& d = store_->disks[disk];
  if (d.offset + req.bytes > NodeStore::kFileSize) {
    ++d.file;
    d.offset = 0.0;
  }
  const Extent extent{disk, d.file, d.offset, req.bytes, false};
  d.offset += req.bytes;
  sg4::this_actor::sleep_for(rng_.exponential(c_.cfg.disk_access_time));
  sg4::this_actor::get_host()->get_disks().at(disk)->write(static_cast<sg_size_t>(req.bytes));
  if (d.failed) {  // the disk died under the write
    reply->status = Status::Error;
  } else {
    store_->extents[{req.id, req.shard}] = extent;
  }
  net_.reply(*msg, std::move(reply), 100);
}

void DataNode::read(std::unique_ptr<Message> msg) {
  const auto& req = std::any_cast<const ChunkRequest&>(msg->body);
  auto reply = std::make_unique<Message>();
  const ShardKey key{req.id, req.shard};
  if (!store_->has(key)) {
    reply->status = Status::Error;
    net_.reply(*msg, std::move(reply), 100);
    return;
  }
  const Extent e = store_->extents.at(key);
  sg4::this_actor::sleep_for(rng_.exponential(c_.cfg.disk_access_time));
  sg4::this_actor::get_host()->get_disks().at(e.disk)->read(static_cast<sg_size_t>(e.size));
  if (!store_->has(key)) reply->status = Status::Error;  // lost while reading
  const double bytes = reply->status == Status::Ok ? e.size + 100 : 100;
  net_.reply(*msg, std::move(reply), bytes);
}

// A delete leaves a tombstone; the bytes are reclaimed by compaction (not modelled).
void DataNode::remove(const Message& msg) {
  const auto& req = std::any_cast<const ChunkRequest&>(msg.body);
  auto it = store_->extents.find({req.id, req.shard});
  if (it != store_->extents.end()) it->second.tombstone = true;
}

}  // namespace sdsim::object_store
