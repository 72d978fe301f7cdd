#include "sim/services/blob/blob_client.hpp"

#include <algorithm>
#include <simgrid/s4u.hpp>

#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::blob_service {

BlobClient::BlobClient(BlobStore& store, const std::string& name)
    : b_(store), own_(std::make_unique<Rpc>(store.ctx.net(), name)), rpc_(own_.get()) {}

std::uint64_t BlobClient::blob_id(const std::string& key) { return HashRing::hash(key); }

PutResult BlobClient::put(std::uint64_t id, double bytes) {
  const double start = sg4::Engine::get_clock();
  const Scheme& scheme = b_.cfg.scheme;
  PutResult out;
  out.ref.id = id;
  out.ref.size = bytes;
  auto done = [&](Status s) {
    out.status = s;
    out.latency = sg4::Engine::get_clock() - start;
    return std::move(out);
  };
  CallOptions popt;
  popt.timeout = b_.cfg.timeout;
  popt.retries = 1;
  popt.backoff = 0.05;
  auto placed = rpc_->call(b_.placement, Place{id, scheme.shards()}, popt);
  if (!placed.ok()) return done(placed.status == Status::Ok ? Status::Error : placed.status);
  out.ref.nodes = placed.value().nodes;
  if (scheme.erasure()) sg4::this_actor::execute(b_.cfg.cost.encode_flops_per_byte * bytes);
  const double chunk_bytes = scheme.shard_bytes(bytes);
  std::vector<Rpc::Call<DataNodeProtocol, ChunkWrite>> writes;
  for (int s = 0; s < scheme.shards(); ++s)
    writes.push_back({&b_.datanodes[out.ref.nodes[s]], ChunkWrite{id, s, chunk_bytes}});
  auto st = rpc_->gather(writes, scheme.acks_needed(), b_.cfg.timeout);
  out.acks =
      static_cast<int>(std::count_if(st.begin(), st.end(), [](const auto& r) { return r.ok(); }));
  return done(out.acks < scheme.acks_needed() ? Status::Error : Status::Ok);
}

GetResult BlobClient::get(const BlobRef& ref) {
  const double start = sg4::Engine::get_clock();
  const Scheme& scheme = b_.cfg.scheme;
  GetResult out;
  auto done = [&](Status s) {
    out.status = s;
    out.latency = sg4::Engine::get_clock() - start;
    return out;
  };
  // Round by round: ask for the chunks the plan wants among those not yet failed.
  std::vector<bool> usable(scheme.shards(), true), have(scheme.shards(), false);
  while (true) {
    ReadPlan plan = plan_read(scheme, usable);
    if (!plan.possible) return done(Status::Unavailable);
    std::vector<Rpc::Call<DataNodeProtocol, ChunkRead>> reads;
    std::vector<int> asked;
    for (int s : plan.shards) {
      if (have[s]) continue;
      asked.push_back(s);
      reads.push_back({&b_.datanodes[ref.nodes[s]], ChunkRead{ref.id, s}});
    }
    out.reads += static_cast<int>(asked.size());
    auto st = rpc_->gather(reads, static_cast<int>(asked.size()), b_.cfg.timeout);
    bool all = true;
    for (std::size_t i = 0; i < asked.size(); ++i) {
      if (st[i].ok())
        have[asked[i]] = true;
      else
        usable[asked[i]] = false, all = false;
    }
    if (!all) continue;
    out.degraded = plan.decode;
    if (plan.decode) sg4::this_actor::execute(b_.cfg.cost.decode_flops_per_byte * ref.size);
    out.bytes = ref.size;
    return done(Status::Ok);
  }
}

void BlobClient::remove(const BlobRef& ref) {
  for (std::size_t s = 0; s < ref.nodes.size(); ++s)
    b_.ctx.net().send(b_.datanodes[ref.nodes[s]], ChunkDelete{ref.id, static_cast<int>(s)});
}

}  // namespace sdsim::blob_service
