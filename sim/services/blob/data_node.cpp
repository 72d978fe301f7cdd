#include "sim/services/blob/data_node.hpp"

#include "sim/model/run_context.hpp"
#include "sim/net/disk_io.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::blob_service {

DataNode::DataNode(BlobStore& store, int node, RandomStream rng)
    : b_(store), net_(store.ctx.net()), node_(node), store_(store.stores[node]), rng_(rng) {}

void DataNode::start(Inbox&) {
  // Writes that were in progress when the host died were neither stored nor acknowledged.
  b_.stats.writes_lost_in_crash += static_cast<std::uint64_t>(b_.writes_in_progress[node_]);
  b_.writes_in_progress[node_] = 0;
  spawn_local("heartbeat", [this] { heartbeat(); });
}

void DataNode::heartbeat() {
  while (true) {
    net_.send(b_.placement, Heartbeat{node_});
    sg4::this_actor::sleep_for(b_.cfg.heartbeat.interval);
  }
}

void DataNode::changed(std::uint64_t id) {
  if (b_.hooks.chunks_changed) b_.hooks.chunks_changed(id);
}

void DataNode::handle(std::unique_ptr<Letter<DataNodeProtocol>> msg) {
  if (const auto* del = std::get_if<ChunkDelete>(&msg->body)) {
    remove(*del);
    return;
  }
  // Each I/O in an actor of its own, so disks and the network overlap.
  auto* raw = msg.release();
  sg4::Actor::create("io", sg4::this_actor::get_host(), [this, raw] {
    Request m(raw);
    if (const auto* w = std::get_if<ChunkWrite>(&m->body))
      write(*m, *w);
    else
      read(*m, std::get<ChunkRead>(m->body));
  })->daemonize();
}

void DataNode::write(const Envelope& msg, const ChunkWrite& req) {
  // Round-robin over the disks that work.
  int disk = -1;
  for (std::size_t i = 0; i < store_->disks.size(); ++i) {
    const int d =
        (store_->next_disk + static_cast<int>(i)) % static_cast<int>(store_->disks.size());
    if (!store_->disks[d].failed) {
      disk = d;
      break;
    }
  }
  if (disk < 0) {
    ++b_.stats.chunk_errors;
    net_.reply(msg, ChunkAck{}, Status::Error);
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
  ++b_.writes_in_progress[node_];
  sg4::this_actor::sleep_for(rng_.exponential(b_.cfg.cost.disk_access_time));
  disk_io(sg4::this_actor::get_host()->get_disks().at(disk)).write(req.bytes);
  --b_.writes_in_progress[node_];
  Status status = Status::Ok;
  if (d.failed) {
    status = Status::Error;  // the disk died under the write
    ++b_.stats.chunk_errors;
  } else {
    store_->extents[{req.id, req.shard}] = extent;
    ++b_.stats.chunks_written;
    changed(req.id);
  }
  net_.reply(msg, ChunkAck{}, status);
}

void DataNode::read(const Envelope& msg, const ChunkRead& req) {
  const ShardKey key{req.id, req.shard};
  if (!store_->has(key)) {
    ++b_.stats.chunk_errors;
    net_.reply(msg, ChunkData{0}, Status::Error);
    return;
  }
  const Extent e = store_->extents.at(key);
  sg4::this_actor::sleep_for(rng_.exponential(b_.cfg.cost.disk_access_time));
  disk_io(sg4::this_actor::get_host()->get_disks().at(e.disk)).read(e.size);
  if (!store_->has(key)) {
    ++b_.stats.chunk_errors;
    net_.reply(msg, ChunkData{0}, Status::Error);  // lost while reading
  } else {
    ++b_.stats.chunks_read;
    net_.reply(msg, ChunkData{e.size});
  }
}

// A delete leaves a tombstone; the bytes are reclaimed by compaction (not modelled).
void DataNode::remove(const ChunkDelete& req) {
  auto it = store_->extents.find({req.id, req.shard});
  if (it == store_->extents.end()) return;
  it->second.tombstone = true;
  changed(req.id);
}

}  // namespace sdsim::blob_service
