#include "models/object_store/services/api.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sg4 = simgrid::s4u;

namespace sdsim::object_store {

void ApiService::start(Inbox&) {
  rpcs_.resize(c_.cfg.api_workers);
  workers_ = std::make_unique<WorkerPool<Request>>(
      "api-worker", c_.cfg.api_workers, [this](int i, Request& msg) {
        if (!rpcs_[i]) rpcs_[i] = std::make_unique<Rpc>(net_, fmt::format("api-worker-{}", i));
        serve(*rpcs_[i], msg);
      });
}

void ApiService::handle(std::unique_ptr<Letter<ApiProtocol>> msg) {
  workers_->submit(std::move(msg));
}

void ApiService::serve(Rpc& rpc, Request& msg) {
  ObjectReply out;
  const Status s = std::visit(overloaded{
                                  [&](const Put& op) { return put(rpc, op); },
                                  [&](const Get& op) { return get(rpc, op, out); },
                                  [&](const Delete& op) { return remove(rpc, op); },
                                  [&](const List& op) { return list(rpc, op, out); },
                              },
                              msg->body);
  net_.reply(*msg, std::move(out), s);
}

template <class R>
Result<MetaReply> ApiService::meta(Rpc& rpc, int shard, const R& request) {
  CallOptions opt;
  opt.timeout = c_.cfg.datanode_timeout;
  opt.retries = 1;
  opt.backoff = 0.05;
  return rpc.call(c_.metadata[shard], request, opt);
}

// A PUT that fails on the way (no placement, too few acknowledgements) is worth retrying.
Status ApiService::put(Rpc& rpc, const Put& op) {
  const Scheme& scheme = c_.cfg.scheme;
  const std::uint64_t id = Cluster::object_id(op.bucket, op.name);
  CallOptions popt;
  popt.timeout = c_.cfg.datanode_timeout;
  popt.retries = 1;
  popt.backoff = 0.05;
  auto placed = rpc.call(c_.placement, Place{id, scheme.shards()}, popt);
  if (!placed.ok()) return Status::Retry;
  const auto nodes = placed.value().nodes;
  if (scheme.erasure()) sg4::this_actor::execute(c_.cfg.cost.encode_flops_per_byte * op.size);
  const double shard_bytes = scheme.shard_bytes(op.size);
  std::vector<Rpc::Call<DataNodeProtocol, ChunkWrite>> writes;
  for (int s = 0; s < scheme.shards(); ++s)
    writes.push_back({&c_.datanodes[nodes[s]], ChunkWrite{id, s, shard_bytes}});
  auto st = rpc.gather(writes, scheme.acks_needed(), c_.cfg.datanode_timeout);
  const int acks =
      static_cast<int>(std::count_if(st.begin(), st.end(), [](const auto& r) { return r.ok(); }));
  if (acks < scheme.acks_needed()) return Status::Retry;
  if (!meta(rpc, c_.meta_shard_of(op.bucket, op.name),
            MetaPut{ObjectRow{id, op.bucket, op.name, op.size, nodes}})
           .ok())
    return Status::Retry;
  if (!meta(rpc, c_.listing_shard_of(op.bucket), IndexAdd{op.bucket, op.name, false}).ok())
    return Status::Retry;
  return Status::Ok;
}

Status ApiService::get(Rpc& rpc, const Get& op, ObjectReply& out) {
  const Scheme& scheme = c_.cfg.scheme;
  auto found = meta(rpc, c_.meta_shard_of(op.bucket, op.name), MetaGet{op.bucket, op.name, false});
  if (!found.ok()) return Status::Error;
  const ObjectRow row = found.value().row;
  // Round by round: ask for the shards the plan wants among those not yet failed.
  std::vector<bool> usable(scheme.shards(), true), have(scheme.shards(), false);
  while (true) {
    ReadPlan plan = plan_read(scheme, usable);
    if (!plan.possible) return Status::Unavailable;
    std::vector<Rpc::Call<DataNodeProtocol, ChunkRead>> reads;
    std::vector<int> asked;
    for (int s : plan.shards) {
      if (have[s]) continue;
      asked.push_back(s);
      reads.push_back({&c_.datanodes[row.nodes[s]], ChunkRead{row.id, s}});
    }
    c_.stats.get_shard_reads += asked.size();
    auto st = rpc.gather(reads, static_cast<int>(asked.size()), c_.cfg.datanode_timeout);
    bool all = true;
    for (std::size_t i = 0; i < asked.size(); ++i) {
      if (st[i].ok())
        have[asked[i]] = true;
      else
        usable[asked[i]] = false, all = false;
    }
    if (!all) continue;
    out.degraded = plan.decode;
    if (plan.decode) sg4::this_actor::execute(c_.cfg.cost.decode_flops_per_byte * row.size);
    out.bytes = row.size + 200;
    return Status::Ok;
  }
}

Status ApiService::remove(Rpc& rpc, const Delete& op) {
  auto gone = meta(rpc, c_.meta_shard_of(op.bucket, op.name), MetaGet{op.bucket, op.name, true});
  if (!gone.ok()) return Status::Error;
  if (!meta(rpc, c_.listing_shard_of(op.bucket), IndexAdd{op.bucket, op.name, true}).ok())
    return Status::Error;
  const ObjectRow& row = gone.value().row;
  for (std::size_t s = 0; s < row.nodes.size(); ++s)
    net_.send(c_.datanodes[row.nodes[s]], ChunkDelete{row.id, static_cast<int>(s)});
  return Status::Ok;
}

Status ApiService::list(Rpc& rpc, const List& op, ObjectReply& out) {
  auto r = meta(rpc, c_.listing_shard_of(op.bucket), IndexList{op.bucket, op.prefix, op.delimiter});
  if (!r.ok()) return Status::Error;
  out.list = r.value().list;
  out.bytes = 200 + 60.0 * static_cast<double>(out.list.entries());
  return Status::Ok;
}

}  // namespace sdsim::object_store
