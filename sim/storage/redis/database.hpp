// A Redis server's command layer over the blocks: one keyspace (kv_cache) holding strings
// and sorted sets, one pub/sub bus. execute() takes a command as its argument vector and
// returns the reply Redis 7.0 would send, byte for byte in content: the same checks in the
// same order (unknown command, arity, OOM under maxmemory, option syntax, number parsing,
// WRONGTYPE) with the same error texts. The supported commands are listed in
// command_table.cpp; any other name gets Redis's unknown-command error.
//
// It behaves as a standalone server, except that CLUSTER KEYSLOT answers as a cluster node
// does (a standalone Redis refuses it) so key slots can be asked for without a cluster.
//
// Time is the caller's simulated clock in seconds (see kv_cache.hpp). Work: every
// sorted-set command adds its set's counters to work(); the keyspace's and the bus's own
// counters are in keyspace().work() and pubsub().work().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/storage/kv_cache/kv_cache.hpp"
#include "sim/storage/pubsub/pubsub.hpp"
#include "sim/storage/redis/reply.hpp"

namespace sdsim::storage::redis {

// The blocks this layer composes, by their short names.
using kv_cache::EvictionPolicy;
using kv_cache::KvCache;
using kv_cache::KvCacheConfig;
using kv_cache::Value;
using pubsub::Delivery;
using pubsub::PubSub;
using pubsub::SubscriberId;
using sorted_set::SortedSet;
using sorted_set::SortedSetWork;

using Arguments = std::vector<std::string>;

struct DatabaseConfig {
  KvCacheConfig memory{};
  std::uint64_t seed = 1;  // skip-list levels and LRU sampling draw from streams of this seed
};

// A message PUBLISH hands to a subscribed connection (Redis pushes it as "message" or, for a
// pattern subscription, "pmessage").
struct PushedMessage {
  SubscriberId to;
  std::optional<std::string> pattern;
  std::string channel;
  std::string message;
  bool operator==(const PushedMessage&) const = default;
};

struct DatabaseWork {
  std::uint64_t commands = 0;
  SortedSetWork sorted_sets;
};

class Database {
 public:
  explicit Database(DatabaseConfig config = {});

  // One command (its name in any case, then its arguments) at simulated time now_s.
  Reply execute(const Arguments& argv, double now_s);
  // SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE for the connection `who`: Redis answers
  // each channel or pattern with a reply of its own. Without arguments the UNSUBSCRIBEs
  // answer in byte order of the names (Redis: its dictionary's order). Other commands get
  // the error a subscribed RESP2 connection gets.
  std::vector<Reply> execute_subscription(SubscriberId who, const Arguments& argv);
  static bool is_subscription(const Arguments& argv);
  // Whether the command is one that writes (what a replica must receive).
  static bool is_write(const Arguments& argv);

  // The messages PUBLISH produced since the last call, for the caller to deliver (and
  // charge per delivery); order as PubSub::publish gives it.
  std::vector<PushedMessage> take_pushes() { return std::exchange(pushes_, {}); }
  void push(PushedMessage message) { pushes_.push_back(std::move(message)); }

  KvCache& keyspace() { return keyspace_; }
  PubSub& pubsub() { return pubsub_; }
  const DatabaseWork& work() const { return work_; }

  // For the command handlers.
  SortedSet new_sorted_set();
  void charge(SortedSet& set) { work_.sorted_sets += set.take_work(); }

 private:
  KvCache keyspace_;
  PubSub pubsub_;
  RandomStream levels_;  // seeds each new sorted set's own level stream
  DatabaseWork work_;
  std::vector<PushedMessage> pushes_;
};

}  // namespace sdsim::storage::redis
