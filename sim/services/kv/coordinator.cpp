// The coordinator's side of a key-value node: leaderless reads and writes at a consistency
// level, and single-leader reads and writes through each key's leader.
#include <algorithm>
#include <cmath>
#include <map>
#include <simgrid/s4u.hpp>

#include "sim/model/run_context.hpp"
#include "sim/services/kv/kv_node.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::kv_service {
namespace {
double now() { return sg4::Engine::get_clock(); }
}  // namespace

std::int64_t KvNode::next_timestamp() {
  const auto t = static_cast<std::int64_t>(std::floor(now() * 1e6));
  last_timestamp_ = std::max(t, last_timestamp_ + 1);
  return last_timestamp_;
}

void KvNode::coordinate(int worker, Request& request) {
  if (!rpcs_[worker])
    rpcs_[worker] =
        std::make_unique<Rpc>(store_.ctx().net(), fmt::format("{}/coordinator-{}", name_, worker));
  Rpc& rpc = *rpcs_[worker];
  const bool leader_mode = cfg_.mode == ReplicationMode::single_leader;
  if (const auto* w = std::get_if<Write>(&request->body)) {
    if (!leader_mode) return write(rpc, request, *w);
    const auto replicas = store_.replicas(w->key);
    const int leader = leader_of(replicas);
    if (w->forwarded || leader == index_) return lead_write(rpc, request, *w, replicas);
    return forward(rpc, request, leader);
  }
  const auto& r = std::get<Read>(request->body);
  if (!leader_mode) return read(rpc, request, r);
  const auto replicas = store_.replicas(r.key);
  const int leader = leader_of(replicas);
  if (r.forwarded || leader == index_) return lead_read(rpc, request, r, replicas);
  forward(rpc, request, leader);
}

std::vector<int> KvNode::live_self_first(const std::vector<int>& replicas) const {
  std::vector<int> out;
  if (std::find(replicas.begin(), replicas.end(), index_) != replicas.end()) out.push_back(index_);
  for (int r : replicas)
    if (r != index_ && alive(r)) out.push_back(r);
  return out;
}

// ---- leaderless --------------------------------------------------------------------------

int KvNode::replicate(Rpc& rpc, const std::string& key, const KvVersion& v,
                      const std::vector<int>& replicas, int need,
                      const std::function<void()>& enough) {
  std::map<std::uint64_t, int> waiting;  // request id -> replica
  bool self = false;
  for (int r : replicas) {
    if (r == index_)
      self = true;
    else if (!alive(r))
      hint(r, key, v);
    else
      waiting[rpc.send(store_.endpoint(r), ReplicaWrite{{{key, v}}, false})] = r;
  }
  int acks = 0;
  bool told = false;
  auto count = [&] {
    ++acks;
    if (!told && acks >= need) {
      told = true;
      if (enough) enough();
    }
  };
  if (self) {
    local_write(key, v);
    count();
  }
  const double deadline = now() + cfg_.write_request_timeout;
  while (!waiting.empty()) {
    auto m = rpc.next(deadline);
    if (!m) break;
    auto it = waiting.find(m->id);
    if (it == waiting.end()) continue;  // a late answer to an earlier request of this thread
    const int replica = it->second;
    waiting.erase(it);
    if (m->status == Status::Ok)
      count();
    else
      hint(replica, key, v);
  }
  for (const auto& [id, replica] : waiting)
    hint(replica, key, v);  // timed out: a hint, as Cassandra writes
  return acks;
}

void KvNode::write(Rpc& rpc, const Request& request, const Write& w) {
  Net& net = store_.ctx().net();
  const auto replicas = store_.replicas(w.key);
  const int need = required_replicas(w.consistency, cfg_.replication_factor);
  const auto live =
      std::count_if(replicas.begin(), replicas.end(), [&](int r) { return alive(r); });
  if (live < need) {  // Cassandra's UnavailableException: not even tried
    ++store_.stats().writes_unavailable;
    return net.fail(*request, Status::Unavailable);
  }
  const KvVersion v{w.value, next_timestamp()};
  bool replied = false;
  replicate(rpc, w.key, v, replicas, need, [&] {
    replied = true;
    ++store_.stats().writes_ok;
    net.reply(*request, WriteReply{v.timestamp_us});
  });
  if (!replied) {
    ++store_.stats().writes_timeout;
    net.fail(*request, Status::Timeout);
  }
}

std::optional<std::vector<KvNode::Answer>> KvNode::gather(Rpc& rpc, const std::string& key,
                                                          const std::vector<int>& candidates,
                                                          int need, double deadline) {
  std::vector<Answer> answers;
  std::map<std::uint64_t, int> waiting;
  std::size_t next = 0;
  bool local = false;
  auto ask = [&](int node) {
    if (node == index_)
      local = true;
    else
      waiting[rpc.send(store_.endpoint(node), ReplicaRead{key})] = node;
  };
  for (; next < candidates.size() && static_cast<int>(next) < need; ++next) ask(candidates[next]);
  if (local)
    answers.push_back({index_, local_read(key)});  // after the remote requests are on their way
  double backup_at = now() + cfg_.speculative_retry;
  while (static_cast<int>(answers.size()) < need) {
    const bool can_back_up = next < candidates.size();
    auto m = rpc.next(can_back_up ? std::min(deadline, backup_at) : deadline);
    if (!m) {
      if (now() >= deadline || !can_back_up) break;
      ++store_.stats().speculative_retries;
      const int node = candidates[next++];
      if (node == index_)
        answers.push_back({index_, local_read(key)});
      else
        ask(node);
      backup_at = now() + cfg_.speculative_retry;
      continue;
    }
    auto it = waiting.find(m->id);
    if (it == waiting.end()) continue;
    const int node = it->second;
    waiting.erase(it);
    if (auto* reply = dynamic_cast<Letter<ReplicaReadReply>*>(m.get());
        reply && m->status == Status::Ok)
      answers.push_back({node, reply->body.version});
    else
      backup_at = now();  // a refusal: back it up at once
  }
  if (static_cast<int>(answers.size()) < need) return std::nullopt;
  return answers;
}

void KvNode::repair(Rpc& rpc, const std::string& key, const KvVersion& winner,
                    const std::vector<Answer>& answers, double deadline) {
  std::vector<int> stale;
  for (const Answer& a : answers)
    if (!(a.version == winner)) stale.push_back(a.node);
  if (stale.empty() || !winner.exists()) return;
  store_.stats().read_repairs += stale.size();
  std::map<std::uint64_t, int> waiting;
  for (int node : stale)
    if (node != index_)
      waiting[rpc.send(store_.endpoint(node), ReplicaWrite{{{key, winner}}, false})] = node;
  if (std::find(stale.begin(), stale.end(), index_) != stale.end()) local_write(key, winner);
  while (!waiting.empty()) {
    auto m = rpc.next(deadline);
    if (!m) break;
    waiting.erase(m->id);
  }
}

void KvNode::read(Rpc& rpc, const Request& request, const Read& r) {
  Net& net = store_.ctx().net();
  const auto candidates = live_self_first(store_.replicas(r.key));
  const int need = required_replicas(r.consistency, cfg_.replication_factor);
  if (static_cast<int>(candidates.size()) < need) {
    ++store_.stats().reads_unavailable;
    return net.fail(*request, Status::Unavailable);
  }
  const double deadline = now() + cfg_.read_request_timeout;
  auto answers = gather(rpc, r.key, candidates, need, deadline);
  if (!answers) {
    ++store_.stats().reads_timeout;
    return net.fail(*request, Status::Timeout);
  }
  std::vector<KvVersion> versions;
  for (const Answer& a : *answers) versions.push_back(a.version);
  const KvVersion winner = reconcile(versions);
  if (need > 1) repair(rpc, r.key, winner, *answers, deadline);
  ++store_.stats().reads_ok;
  net.reply(*request, ReadReply{winner});
}

// ---- single leader -----------------------------------------------------------------------

// The first replica that may lead: alive, and not just back (its stand-in leads meanwhile).
int KvNode::leader_of(const std::vector<int>& replicas) const {
  for (int r : replicas)
    if (may_lead(r)) return r;
  return -1;
}

void KvNode::forward(Rpc& rpc, const Request& request, int leader) {
  Net& net = store_.ctx().net();
  if (leader < 0) return net.fail(*request, Status::Unavailable);
  ++store_.stats().forwarded;
  const CallOptions once{std::max(cfg_.write_request_timeout, cfg_.read_request_timeout) * 2, 0};
  if (const auto* w = std::get_if<Write>(&request->body)) {
    Write f = *w;
    f.forwarded = true;
    auto res = rpc.call(store_.endpoint(leader), f, once);
    if (res.ok()) return net.reply(*request, res.value());
    return net.fail(*request, res.status == Status::Timeout ? Status::Unavailable : res.status);
  }
  Read f = std::get<Read>(request->body);
  f.forwarded = true;
  auto res = rpc.call(store_.endpoint(leader), f, once);
  if (res.ok()) return net.reply(*request, res.value());
  net.fail(*request, res.status == Status::Timeout ? Status::Unavailable : res.status);
}

// The key's newest version from a majority, including this node's, written back where it was
// older: from then on this node's copy is the latest, until its view of the cluster changes.
bool KvNode::confirm(Rpc& rpc, const std::string& key, const std::vector<int>& replicas,
                     std::uint64_t epoch) {
  auto it = confirmed_.find(key);
  if (it != confirmed_.end() && it->second == epoch) return true;
  ++store_.stats().leader_confirmations;
  const double deadline = now() + cfg_.read_request_timeout;
  auto answers = gather(rpc, key, live_self_first(replicas),
                        required_replicas(Consistency::quorum, cfg_.replication_factor), deadline);
  if (!answers) return false;
  std::vector<KvVersion> versions;
  for (const Answer& a : *answers) versions.push_back(a.version);
  repair(rpc, key, reconcile(versions), *answers, deadline);
  if (view_epoch_ != epoch) return false;
  confirmed_[key] = epoch;
  return true;
}

void KvNode::lead_write(Rpc& rpc, const Request& request, const Write& w,
                        const std::vector<int>& replicas) {
  Net& net = store_.ctx().net();
  if (leader_of(replicas) != index_) {
    ++store_.stats().not_leader;
    return net.fail(*request, Status::Unavailable);
  }
  const std::uint64_t epoch = view_epoch_;
  if (!confirm(rpc, w.key, replicas, epoch)) {
    ++store_.stats().writes_timeout;
    return net.fail(*request, Status::Timeout);
  }
  const KvVersion v{w.value, next_timestamp()};
  bool replied = false;
  replicate(rpc, w.key, v, replicas,
            required_replicas(Consistency::quorum, cfg_.replication_factor), [&] {
              // Acknowledged only while still the leader of the view it started in: a node that has
              // meanwhile seen a former leader come back leaves the write unacknowledged (maybe
              // applied).
              if (view_epoch_ != epoch || leader_of(replicas) != index_) return;
              replied = true;
              ++store_.stats().writes_ok;
              net.reply(*request, WriteReply{v.timestamp_us});
            });
  if (!replied) {
    ++store_.stats().writes_timeout;
    net.fail(*request, Status::Timeout);
  }
}

void KvNode::lead_read(Rpc& rpc, const Request& request, const Read& r,
                       const std::vector<int>& replicas) {
  Net& net = store_.ctx().net();
  if (leader_of(replicas) != index_) {
    ++store_.stats().not_leader;
    return net.fail(*request, Status::Unavailable);
  }
  if (!confirm(rpc, r.key, replicas, view_epoch_)) {
    ++store_.stats().reads_timeout;
    return net.fail(*request, Status::Timeout);
  }
  ++store_.stats().reads_ok;
  net.reply(*request, ReadReply{local_read(r.key)});
}

}  // namespace sdsim::kv_service
