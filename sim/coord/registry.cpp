#include "sim/coord/registry.hpp"

#include <algorithm>

namespace sdsim::coord {

CommandResult Registry::apply(const Command& c) {
  if (c.client != 0) {
    auto it = sessions_.find(c.client);
    if (it != sessions_.end() && it->second.first >= c.seq) return it->second.second;
  }
  CommandResult r;
  using Op = Command::Op;
  switch (c.op) {
    case Op::noop:
      break;
    case Op::put: {
      if (c.lease != 0 && !leases_.count(c.lease)) {
        r.ok = false;
        r.error = "etcdserver: requested lease not found";
        break;
      }
      const std::int64_t rev = ++revision_;
      KeyValue& kv = kvs_[c.key];
      if (kv.create_revision == 0) {
        kv.key = c.key;
        kv.create_revision = rev;
      }
      if (kv.lease != 0 && kv.lease != c.lease) leases_.at(kv.lease).keys.erase(c.key);
      kv.value = c.value;
      kv.mod_revision = rev;
      kv.lease = c.lease;
      if (c.lease != 0) leases_.at(c.lease).keys.insert(c.key);
      history_.push_back(Event{Event::Type::put, kv});
      break;
    }
    case Op::remove:
      if (kvs_.count(c.key)) {
        erase(c.key, ++revision_);
        r.deleted = 1;
      }
      break;
    case Op::get:
      if (auto kv = get(c.key)) r.kvs.push_back(*kv);
      break;
    case Op::range:
      r.kvs = range(c.key);
      break;
    case Op::grant:
      r.lease = ++next_lease_;
      leases_[r.lease].ttl = c.ttl;
      break;
    case Op::revoke: {
      auto it = leases_.find(c.lease);
      if (it == leases_.end()) {
        r.ok = false;
        r.error = "etcdserver: requested lease not found";
        break;
      }
      const std::set<std::string> keys = std::move(it->second.keys);
      leases_.erase(it);
      if (!keys.empty()) {
        const std::int64_t rev = ++revision_;  // one revision for all of the lease's keys
        for (const std::string& k : keys) erase(k, rev);
        r.deleted = static_cast<int>(keys.size());
      }
      break;
    }
  }
  r.revision = revision_;
  if (c.client != 0) sessions_[c.client] = {c.seq, r};
  return r;
}

void Registry::erase(const std::string& key, std::int64_t revision) {
  auto it = kvs_.find(key);
  KeyValue kv = it->second;
  if (kv.lease != 0 && leases_.count(kv.lease)) leases_.at(kv.lease).keys.erase(key);
  kvs_.erase(it);
  kv.mod_revision = revision;
  kv.value.clear();
  history_.push_back(Event{Event::Type::remove, kv});
}

std::optional<KeyValue> Registry::get(const std::string& key) const {
  auto it = kvs_.find(key);
  if (it == kvs_.end()) return std::nullopt;
  return it->second;
}

std::vector<KeyValue> Registry::range(const std::string& prefix) const {
  std::vector<KeyValue> out;
  for (auto it = kvs_.lower_bound(prefix); it != kvs_.end() && it->first.starts_with(prefix); ++it)
    out.push_back(it->second);
  return out;
}

std::vector<std::int64_t> Registry::leases() const {
  std::vector<std::int64_t> out;
  for (const auto& [id, l] : leases_) out.push_back(id);
  return out;
}

std::vector<Event> Registry::events_after(std::int64_t after, const std::string& prefix) const {
  // history_ is in revision order; a lease revocation's events share one revision.
  auto first =
      std::upper_bound(history_.begin(), history_.end(), after,
                       [](std::int64_t r, const Event& e) { return r < e.kv.mod_revision; });
  std::vector<Event> out;
  for (auto it = first; it != history_.end(); ++it)
    if (it->kv.key.starts_with(prefix)) out.push_back(*it);
  return out;
}

}  // namespace sdsim::coord
