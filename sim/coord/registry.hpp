// The coordination service's state machine (plain C++, no SimGrid): an etcd-like key-value
// registry with revisions, leases and a history of changes for watches. Every replica applies
// the same committed commands in the same order, so every replica holds the same registry.
//
// Follows etcd v3's data model (etcd.io/docs/v3.5/learning/data_model and api): one revision
// counter for the whole store, incremented by every change; a key has a create revision and a
// mod revision; a put may attach the key to a lease, and revoking the lease (or its expiry,
// decided by the leader) deletes its keys in one revision; a watch from revision r receives
// every event with a revision >= r, in revision order. Commands carry (client, seq) so a
// command a client retried after a leader change is applied once (its first result is
// returned again), as the Raft dissertation's client sessions do (section 6.3).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sdsim::coord {

struct KeyValue {
  std::string key, value;
  std::int64_t create_revision = 0, mod_revision = 0, lease = 0;
};

struct Event {
  enum class Type { put, remove };
  Type type = Type::put;
  KeyValue kv;  // for a removal: the key, and the revision of the removal as mod_revision
};

struct Command {
  enum class Op { noop, put, remove, get, range, grant, revoke };
  Op op = Op::noop;
  std::string key;  // range: the prefix
  std::string value;
  std::int64_t lease = 0;             // put: attach to it (0: none); revoke: the lease
  double ttl = 0;                     // grant: s
  std::uint64_t client = 0, seq = 0;  // 0: no deduplication
  double wire_bytes() const { return 48.0 + key.size() + value.size(); }
};

struct CommandResult {
  bool ok = true;
  std::string error;          // "lease not found", ...
  std::int64_t revision = 0;  // the store's revision after the command
  std::vector<KeyValue> kvs;  // get, range
  std::int64_t lease = 0;     // grant: the new lease
  int deleted = 0;            // remove, revoke: keys deleted
};

class Registry {
 public:
  CommandResult apply(const Command& c);

  std::int64_t revision() const { return revision_; }
  const std::map<std::string, KeyValue>& kvs() const { return kvs_; }
  std::optional<KeyValue> get(const std::string& key) const;
  std::vector<KeyValue> range(const std::string& prefix) const;  // key order
  bool has_lease(std::int64_t lease) const { return leases_.count(lease) != 0; }
  double lease_ttl(std::int64_t lease) const { return leases_.at(lease).ttl; }
  std::vector<std::int64_t> leases() const;
  // Events with revision > after whose key starts with prefix, in revision order.
  std::vector<Event> events_after(std::int64_t after, const std::string& prefix) const;
  const std::vector<Event>& history() const { return history_; }

 private:
  struct Lease {
    double ttl = 0;
    std::set<std::string> keys;
  };
  void erase(const std::string& key, std::int64_t revision);

  std::int64_t revision_ = 0, next_lease_ = 0;
  std::map<std::string, KeyValue> kvs_;
  std::map<std::int64_t, Lease> leases_;
  std::vector<Event> history_;  // one per change, never compacted
  std::map<std::uint64_t, std::pair<std::uint64_t, CommandResult>> sessions_;  // client -> last
};

}  // namespace sdsim::coord
