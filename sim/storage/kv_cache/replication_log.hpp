// Redis's asynchronous replication as a plain structure
// (https://redis.io/docs/management/replication/): the primary acknowledges a write to its
// client at once and streams it to the replica, which applies it `lag_s` later. A failover
// promotes the replica with what it has; the writes still in the stream were acknowledged
// and are lost (Redis's documented weakness: "Redis uses asynchronous replication ... a
// failover can lose writes"). The caller advances time; nothing here reads a clock.
//
// `Write` is whatever the primary ships: Redis streams commands (sim/storage/redis/replica.hpp
// ships argument vectors); a cache model may ship its own record.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>

namespace sdsim::storage::kv_cache {

template <class Write>
class ReplicationLog {
 public:
  explicit ReplicationLog(double lag_s) : lag_s_(lag_s) {}

  // The primary acknowledged `write` at now_s.
  void append(Write write, double now_s) { pending_.push_back({std::move(write), now_s}); }

  // Hands apply(write, written_at_s) every write whose lag has elapsed by now_s, oldest first;
  // returns how many.
  template <class Apply>
  std::size_t deliver(double now_s, Apply&& apply) {
    std::size_t delivered = 0;
    while (!pending_.empty() && pending_.front().written_at_s + lag_s_ <= now_s) {
      Entry entry = std::move(pending_.front());
      pending_.pop_front();
      apply(entry.write, entry.written_at_s);
      ++delivered;
    }
    replicated_ += delivered;
    return delivered;
  }

  // The primary is gone: what the replica has not received is lost. Returns that count.
  std::size_t failover() {
    const std::size_t lost = pending_.size();
    pending_.clear();
    lost_ += lost;
    return lost;
  }

  std::size_t pending() const { return pending_.size(); }
  std::uint64_t replicated_writes() const { return replicated_; }
  std::uint64_t lost_writes() const { return lost_; }
  double lag_s() const { return lag_s_; }

 private:
  struct Entry {
    Write write;
    double written_at_s;
  };
  double lag_s_;
  std::deque<Entry> pending_;
  std::uint64_t replicated_ = 0, lost_ = 0;
};

}  // namespace sdsim::storage::kv_cache
