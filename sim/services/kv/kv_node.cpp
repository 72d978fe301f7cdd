#include "sim/services/kv/kv_node.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <simgrid/s4u.hpp>

#include "sim/model/run_context.hpp"
#include "sim/net/service.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::kv_service {
namespace {
double now() { return sg4::Engine::get_clock(); }
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kHintBatchBytes = 64 * 1024;  // B of hints per replay message
}  // namespace

KvNode::KvNode(KvStore& store, int index, std::shared_ptr<KvNodeDurable> durable)
    : store_(store),
      cfg_(store.config()),
      index_(index),
      name_(store.node_name(index)),
      durable_(std::move(durable)),
      fd_(store.config().conviction_timeout()) {}

// The pools' work functions hold a plain pointer to this node: the node owns the pools, and
// when the host dies every actor of it dies in the same instant, none running again.
void KvNode::start() {
  const bool restart = durable_->lives++ > 0;
  engine_ =
      std::make_shared<lsm_service::LsmEngine>(cfg_.storage, durable_->lsm, name_ + "/storage");
  engine_->start(engine_);
  const double started = now();
  self_may_lead_at_ = restart ? started + cfg_.leader_takeover + 2 * cfg_.gossip_interval : -kInf;
  if (restart) {
    ++store_.stats().restarts;
    store_.ctx().event("kv_restart", name_,
                       "memtable, unsynced commit log and the failure detector's view lost");
  }
  for (int n = 0; n < store_.nodes(); ++n)
    if (n != index_) {
      fd_.watch(n, started);
      may_lead_at_[n] = -kInf;  // they were up before this node: no stand-in to wait for
    }
  KvNode* self = this;
  mutations_ =
      std::make_unique<WorkerPool<Request>>(name_ + "/mutation", cfg_.storage.concurrent_writes,
                                            [self](int, Request& r) { self->serve_replica(r); });
  reads_ =
      std::make_unique<WorkerPool<Request>>(name_ + "/read", cfg_.storage.concurrent_reads,
                                            [self](int, Request& r) { self->serve_replica(r); });
  rpcs_.resize(cfg_.native_transport_max_threads);
  coordinators_ = std::make_unique<WorkerPool<Request>>(
      name_ + "/coordinator", cfg_.native_transport_max_threads,
      [self](int w, Request& r) { self->coordinate(w, r); });
  spawn_local(name_ + "/gossip", [self] { self->gossip_loop(); });
  if (cfg_.hinted_handoff_enabled)
    spawn_local(name_ + "/hints", [self] { self->hint_dispatch_loop(); });
}

void KvNode::handle(Request request) {
  if (const auto* h = std::get_if<Heartbeat>(&request->body)) {
    on_heartbeat(*h);
  } else if (std::holds_alternative<ReplicaWrite>(request->body)) {
    mutations_->submit(std::move(request));
  } else if (std::holds_alternative<ReplicaRead>(request->body)) {
    reads_->submit(std::move(request));
  } else {
    coordinators_->submit(std::move(request));
  }
}

// ---- replica side ------------------------------------------------------------------------

KvVersion KvNode::local_read(const std::string& key) {
  auto r = engine_->get(key);
  return KvVersion{std::move(r.value), r.timestamp_us};
}

void KvNode::local_write(const std::string& key, const KvVersion& v) {
  if (v.value)
    engine_->put(key, *v.value, v.timestamp_us);
  else
    engine_->remove(key, v.timestamp_us);
}

void KvNode::serve_replica(Request& request) {
  Net& net = store_.ctx().net();
  if (auto* w = std::get_if<ReplicaWrite>(&request->body)) {
    for (const auto& [key, version] : w->mutations) local_write(key, version);
    net.reply(*request, ReplicaAck{});
  } else {
    const auto& r = std::get<ReplicaRead>(request->body);
    net.reply(*request, ReplicaReadReply{local_read(r.key)});
  }
}

// ---- gossip and the failure detector -----------------------------------------------------

void KvNode::gossip_loop() {
  Net& net = store_.ctx().net();
  while (true) {
    for (int n = 0; n < store_.nodes(); ++n)
      if (n != index_) net.send(store_.endpoint(n), Heartbeat{index_, durable_->lives});
    sg4::this_actor::sleep_for(cfg_.gossip_interval);
    const auto convicted = fd_.expire(now());
    for (int n : convicted) down_since_[n] = fd_.last_heartbeat(n);
    if (!convicted.empty()) view_changed();
  }
}

void KvNode::on_heartbeat(const Heartbeat& h) {
  const auto beat = fd_.heartbeat(h.node, h.incarnation, now());
  if (beat == FailureDetector::Beat::Known) return;
  down_since_.erase(h.node);
  may_lead_at_[h.node] = now() + cfg_.leader_takeover;
  view_changed();
}

void KvNode::view_changed() {
  ++view_epoch_;
  confirmed_.clear();
}

bool KvNode::alive(int node) const { return node == index_ || fd_.alive(node); }

bool KvNode::may_lead(int node) const {
  if (node == index_) return now() >= self_may_lead_at_;
  auto it = may_lead_at_.find(node);
  return fd_.alive(node) && (it == may_lead_at_.end() || now() >= it->second);
}

// ---- hinted handoff ----------------------------------------------------------------------

void KvNode::hint(int target, const std::string& key, const KvVersion& v) {
  if (!cfg_.hinted_handoff_enabled) return;
  auto it = down_since_.find(target);
  const double since = it == down_since_.end() ? now() : it->second;
  durable_->hints.add(target, Hint{key, v, now()}, now(), since);
}

void KvNode::hint_dispatch_loop() {
  Rpc rpc(store_.ctx().net(), name_ + "/hints");
  const CallOptions once{cfg_.write_request_timeout, 0};
  while (true) {
    sg4::this_actor::sleep_for(cfg_.hints_flush_period);
    for (int target : durable_->hints.targets()) {
      while (alive(target) && durable_->hints.pending(target) > 0) {
        const std::vector<Hint> batch = durable_->hints.peek(target, kHintBatchBytes);
        ReplicaWrite w;
        w.hints = true;
        double bytes = 0;
        for (const Hint& h : batch) {
          w.mutations.emplace_back(h.key, h.version);
          bytes += h.bytes();
        }
        if (!rpc.call(store_.endpoint(target), w, once).ok()) break;  // try again next round
        durable_->hints.delivered(target, batch.size());
        sg4::this_actor::sleep_for(bytes / cfg_.hinted_handoff_throttle);
      }
    }
  }
}

}  // namespace sdsim::kv_service
