#include "models/object_store/api.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "models/object_store/fan_out.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::object_store {

void ApiService::start() {
  for (int i = 0; i < c_.cfg.api_workers; ++i)
    sg4::Actor::create(fmt::format("api-worker-{}", i), sg4::this_actor::get_host(), [this, i] { work(i); })
        ->daemonize();
}

void ApiService::handle(std::unique_ptr<Message> msg) {
  queue_.push_back(std::move(msg));
  if (!idle_.empty()) {
    auto w = idle_.back();
    idle_.pop_back();
    w->resume();
  }
}

void ApiService::work(int index) {
  Caller caller(net_, fmt::format("api-worker-{}", index), net_.host_index(sg4::this_actor::get_host()));
  while (true) {
    if (queue_.empty()) {
      idle_.push_back(sg4::Actor::self());
      sg4::this_actor::suspend();
      continue;
    }
    auto msg = std::move(queue_.front());
    queue_.pop_front();
    serve(caller, std::move(msg));
  }
}

void ApiService::serve(Caller& caller, std::unique_ptr<Message> msg) {
  const auto& op = std::any_cast<const ObjectOp&>(msg->body);
  ObjectReply out;
  double bytes = 200;
  Status s = Status::Error;
  if (std::strcmp(msg->op, "PUT") == 0) s = put(caller, op);
  else if (std::strcmp(msg->op, "GET") == 0) s = get(caller, op, out, bytes);
  else if (std::strcmp(msg->op, "DELETE") == 0) s = remove(caller, op);
  else if (std::strcmp(msg->op, "LIST") == 0) s = list(caller, op, out, bytes);
  auto reply = std::make_unique<Message>();
  reply->status = s;
  reply->body = std::move(out);
  net_.reply(*msg, std::move(reply), bytes);
}

CallResult ApiService::meta(Caller& caller, int shard, const char* op, MetaRequest req) {
  return caller.call(net_.service(metadata_service(shard)), op, std::move(req), 300,
                     CallOptions{c_.cfg.datanode_timeout, 1, 0.05});
}

Status ApiService::put(Caller& caller, const ObjectOp& op) {
  const Scheme& scheme = c_.cfg.scheme;
  const std::uint64_t id = Cluster::object_id(op.bucket, op.name);
  auto placed = caller.call(net_.service(kPlacementService), "place", PlaceRequest{id, scheme.shards()}, 200,
                            CallOptions{c_.cfg.datanode_timeout, 1, 0.05});
  if (placed.status != Status::Ok) return Status::Error;
  const auto nodes = std::any_cast<const PlaceReply&>(placed.reply->body).nodes;
  if (scheme.erasure()) sg4::this_actor::execute(c_.cfg.encode_flops_per_byte * op.size);
  const double shard_bytes = scheme.shard_bytes(op.size);
  std::vector<FanOutCall> writes;
  for (int s = 0; s < scheme.shards(); ++s)
    writes.push_back({&net_.service(datanode_service(nodes[s])), "chunk_write", ChunkRequest{id, s, shard_bytes},
                      shard_bytes + 200});
  auto st = fan_out(net_, caller, std::move(writes), c_.cfg.datanode_timeout, scheme.acks_needed());
  const int acks = static_cast<int>(std::count(st.begin(), st.end(), Status::Ok));
  if (acks < scheme.acks_needed()) return Status::Error;
  MetaRequest row;
  row.row = ObjectRow{id, op.bucket, op.name, op.size, nodes};
  if (meta(caller, c_.meta_shard_of(op.bucket, op.name), "meta_put", row).status != Status::Ok) return Status::Error;
  MetaRequest idx;
  idx.bucket = op.bucket;
  idx.name = op.name;
  if (meta(caller, c_.listing_shard_of(op.bucket), "index_add", idx).status != Status::Ok) return Status::Error;
  return Status::Ok;
}

Status ApiService::get(Caller& caller, const ObjectOp& op, ObjectReply& out, double& bytes) {
  const Scheme& scheme = c_.cfg.scheme;
  MetaRequest q;
  q.bucket = op.bucket;
  q.name = op.name;
  auto found = meta(caller, c_.meta_shard_of(op.bucket, op.name), "meta_get", q);
  if (found.status != Status::Ok) return Status::Error;
  const ObjectRow row = std::any_cast<const MetaReply&>(found.reply->body).row;
  const double shard_bytes = scheme.shard_bytes(row.size);
  // Round by round: ask for the shards the plan wants among those not yet failed.
  std::vector<bool> usable(scheme.shards(), true), have(scheme.shards(), false);
  while (true) {
    std::vector<bool> reachable = usable;
    ReadPlan plan = plan_read(scheme, reachable);
    if (!plan.possible) return Status::Unavailable;
    std::vector<FanOutCall> reads;
    std::vector<int> asked;
    for (int s : plan.shards) {
      if (have[s]) continue;
      asked.push_back(s);
      reads.push_back({&net_.service(datanode_service(row.nodes[s])), "chunk_read", ChunkRequest{row.id, s, shard_bytes}, 200});
    }
    auto st = fan_out(net_, caller, std::move(reads), c_.cfg.datanode_timeout, static_cast<int>(asked.size()));
    bool all = true;
    for (std::size_t i = 0; i < asked.size(); ++i) {
      if (st[i] == Status::Ok) have[asked[i]] = true;
      else usable[asked[i]] = false, all = false;
    }
    if (!all) continue;
    out.degraded = plan.decode;
    if (plan.decode) sg4::this_actor::execute(c_.cfg.decode_flops_per_byte * row.size);
    bytes = row.size + 200;
    return Status::Ok;
  }
}

Status ApiService::remove(Caller& caller, const ObjectOp& op) {
  MetaRequest q;
  q.bucket = op.bucket;
  q.name = op.name;
  auto gone = meta(caller, c_.meta_shard_of(op.bucket, op.name), "meta_delete", q);
  if (gone.status != Status::Ok) return Status::Error;
  if (meta(caller, c_.listing_shard_of(op.bucket), "index_remove", q).status != Status::Ok) return Status::Error;
  const ObjectRow row = std::any_cast<const MetaReply&>(gone.reply->body).row;
  for (std::size_t s = 0; s < row.nodes.size(); ++s) {
    auto m = std::make_unique<Message>();
    m->id = net_.next_message_id();
    m->op = "chunk_delete";
    m->src_host = caller.host();
    m->reply_to = caller.mailbox();
    m->body = ChunkRequest{row.id, static_cast<int>(s), 0};
    net_.send(net_.service(datanode_service(row.nodes[s])), std::move(m), 200);
  }
  return Status::Ok;
}

Status ApiService::list(Caller& caller, const ObjectOp& op, ObjectReply& out, double& bytes) {
  MetaRequest q;
  q.bucket = op.bucket;
  q.prefix = op.prefix;
  q.delimiter = op.delimiter;
  auto r = meta(caller, c_.listing_shard_of(op.bucket), "index_list", q);
  if (r.status != Status::Ok) return Status::Error;
  out.list = std::any_cast<const MetaReply&>(r.reply->body).list;
  bytes = 200 + 60.0 * static_cast<double>(out.list.entries());
  return Status::Ok;
}

}  // namespace sdsim::object_store
