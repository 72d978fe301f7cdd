#include "sim/coord/coord_client.hpp"

#include <fmt/format.h>

#include <simgrid/s4u.hpp>

namespace sg4 = simgrid::s4u;

namespace sdsim::coord {

CoordClient::CoordClient(Rpc& rpc, const std::vector<Endpoint<CoordProtocol>>& nodes,
                         std::uint64_t client_id, double attempt_timeout, double give_up_after)
    : rpc_(rpc),
      nodes_(nodes),
      client_id_(client_id),
      attempt_timeout_(attempt_timeout),
      give_up_after_(give_up_after) {}

std::optional<CommandResult> CoordClient::propose(Command c) {
  c.client = client_id_;
  c.seq = ++seq_;
  const double deadline = sg4::Engine::get_clock() + give_up_after_;
  while (sg4::Engine::get_clock() < deadline) {
    auto r = rpc_.call(nodes_[node_], Propose{c}, CallOptions{attempt_timeout_, 0});
    if (r.ok() && !r.value().not_leader) return r.value().result;
    const int n = static_cast<int>(nodes_.size());
    if (r.ok() && r.value().leader_hint >= 0 && r.value().leader_hint != node_) {
      node_ = r.value().leader_hint;
      continue;
    }
    node_ = (node_ + 1) % n;
    if (r.ok()) sg4::this_actor::sleep_for(0.05);  // no leader known yet: an election is on
  }
  return std::nullopt;
}

std::optional<CommandResult> CoordClient::put(const std::string& key, const std::string& value,
                                              std::int64_t lease) {
  Command c;
  c.op = Command::Op::put;
  c.key = key;
  c.value = value;
  c.lease = lease;
  return propose(c);
}
std::optional<CommandResult> CoordClient::remove(const std::string& key) {
  Command c;
  c.op = Command::Op::remove;
  c.key = key;
  return propose(c);
}
std::optional<CommandResult> CoordClient::get(const std::string& key) {
  Command c;
  c.op = Command::Op::get;
  c.key = key;
  return propose(c);
}
std::optional<CommandResult> CoordClient::range(const std::string& prefix) {
  Command c;
  c.op = Command::Op::range;
  c.key = prefix;
  return propose(c);
}
std::optional<CommandResult> CoordClient::grant(double ttl) {
  Command c;
  c.op = Command::Op::grant;
  c.ttl = ttl;
  return propose(c);
}
std::optional<CommandResult> CoordClient::revoke(std::int64_t lease) {
  Command c;
  c.op = Command::Op::revoke;
  c.lease = lease;
  return propose(c);
}

std::optional<double> CoordClient::keep_alive(std::int64_t lease) {
  const double deadline = sg4::Engine::get_clock() + give_up_after_;
  while (sg4::Engine::get_clock() < deadline) {
    auto r = rpc_.call(nodes_[node_], KeepAlive{lease}, CallOptions{attempt_timeout_, 0});
    if (r.ok() && !r.value().not_leader) return r.value().ttl;
    if (r.ok() && r.value().leader_hint >= 0 && r.value().leader_hint != node_) {
      node_ = r.value().leader_hint;
      continue;
    }
    node_ = (node_ + 1) % static_cast<int>(nodes_.size());
    if (r.ok()) sg4::this_actor::sleep_for(0.05);
  }
  return std::nullopt;
}

std::optional<std::vector<Event>> CoordClient::watch(const std::string& prefix, std::int64_t after,
                                                     double wait) {
  auto r = rpc_.call(nodes_[node_], WatchPoll{prefix, after, wait},
                     CallOptions{wait + attempt_timeout_, 0});
  if (r.ok()) return r.value().events;
  node_ = (node_ + 1) % static_cast<int>(nodes_.size());
  return std::nullopt;
}

bool Election::campaign(std::int64_t lease, const std::string& value) {
  key_ = fmt::format("{}/{:x}", prefix_, lease);
  auto put = c_.put(key_, value, lease);
  if (!put || !put->ok) return false;
  std::int64_t rev = put->revision;
  while (true) {
    auto all = c_.range(prefix_ + "/");
    if (!all) return false;
    const KeyValue* first = nullptr;
    for (const KeyValue& kv : all->kvs)
      if (!first || kv.create_revision < first->create_revision) first = &kv;
    if (!first) return false;  // our own key is gone: the lease expired
    if (first->key == key_) return true;
    rev = std::max(rev, all->revision);
    // Wait for a deletion under the prefix (etcd waits for the key just before its own).
    bool deleted = false;
    while (!deleted) {
      auto events = c_.watch(prefix_ + "/", rev);
      if (!events) continue;
      for (const Event& e : *events) {
        rev = std::max(rev, e.kv.mod_revision);
        deleted = deleted || e.type == Event::Type::remove;
      }
    }
  }
}

bool Election::resign() {
  if (key_.empty()) return true;
  auto r = c_.remove(key_);
  key_.clear();
  return r.has_value();
}

std::optional<KeyValue> Election::leader() {
  auto all = c_.range(prefix_ + "/");
  if (!all) return std::nullopt;
  const KeyValue* first = nullptr;
  for (const KeyValue& kv : all->kvs)
    if (!first || kv.create_revision < first->create_revision) first = &kv;
  if (!first) return std::nullopt;
  return *first;
}

}  // namespace sdsim::coord
