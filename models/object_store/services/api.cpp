#include "models/object_store/services/api.hpp"

#include <fmt/format.h>

#include "sim/services/blob/blob_client.hpp"

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
  const std::uint64_t id = Cluster::object_id(op.bucket, op.name);
  const blob_service::PutResult stored = blob_service::BlobClient(*c_.blob, rpc).put(id, op.size);
  if (!stored.ok()) return Status::Retry;
  if (!meta(rpc, c_.meta_shard_of(op.bucket, op.name),
            MetaPut{ObjectRow{id, op.bucket, op.name, op.size, stored.ref.nodes}})
           .ok())
    return Status::Retry;
  if (!meta(rpc, c_.listing_shard_of(op.bucket), IndexAdd{op.bucket, op.name, false}).ok())
    return Status::Retry;
  return Status::Ok;
}

Status ApiService::get(Rpc& rpc, const Get& op, ObjectReply& out) {
  auto found = meta(rpc, c_.meta_shard_of(op.bucket, op.name), MetaGet{op.bucket, op.name, false});
  if (!found.ok()) return Status::Error;
  const ObjectRow& row = found.value().row;
  const blob_service::GetResult read =
      blob_service::BlobClient(*c_.blob, rpc).get({row.id, row.size, row.nodes});
  c_.stats.get_shard_reads += read.reads;
  if (!read.ok()) return read.status;
  out.degraded = read.degraded;
  out.bytes = row.size + 200;
  return Status::Ok;
}

Status ApiService::remove(Rpc& rpc, const Delete& op) {
  auto gone = meta(rpc, c_.meta_shard_of(op.bucket, op.name), MetaGet{op.bucket, op.name, true});
  if (!gone.ok()) return Status::Error;
  if (!meta(rpc, c_.listing_shard_of(op.bucket), IndexAdd{op.bucket, op.name, true}).ok())
    return Status::Error;
  const ObjectRow& row = gone.value().row;
  blob_service::BlobClient(*c_.blob, rpc).remove({row.id, row.size, row.nodes});
  return Status::Ok;
}

Status ApiService::list(Rpc& rpc, const List& op, ObjectReply& out) {
  auto r = meta(rpc, c_.listing_shard_of(op.bucket),
                IndexList{op.bucket, op.prefix, op.delimiter, op.max_keys, op.token});
  if (!r.ok()) return Status::Error;
  out.list = r.value().list;
  out.truncated = r.value().truncated;
  out.next_token = r.value().next_token;
  out.bytes = 200 + 60.0 * static_cast<double>(out.list.entries());
  return Status::Ok;
}

}  // namespace sdsim::object_store
