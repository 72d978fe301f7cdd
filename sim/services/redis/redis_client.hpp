// The Redis-like server's client API, over an Rpc the calling actor owns: the commands a
// model uses most, typed, plus command() for any other. With several servers it is a Redis
// Cluster client (https://redis.io/docs/reference/cluster-spec/): a key's command goes to
// the server owning its slot (CRC16 mod 16384, hash tags), the slots split in contiguous
// ranges as `redis-cli --cluster create` assigns them (slot_ranges). PUBLISH goes to the
// server owning the channel's slot, as sharded pub/sub (SPUBLISH, Redis 7) routes it; its
// subscribers connect there (RedisSubscriber, node_for()).
//
// RedisSubscriber: a subscriber on a long-lived connection (sim/services/connection), with
// heartbeats; it sees the messages published while it is connected and subscribed, and the
// close of the connection (1001 on an orderly shutdown, 1006 when the server crashed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/net/rpc.hpp"
#include "sim/services/connection/client_connection.hpp"
#include "sim/services/redis/protocol.hpp"
#include "sim/storage/sorted_set/sorted_set.hpp"

namespace sdsim::redis_service {

using storage::sorted_set::ScoredMember;

// An answer: the call's status, Redis's error text when the server refused the command
// (e.g. the OOM error under noeviction), the typed value otherwise.
template <class T>
struct Answer {
  Status status = Status::Timeout;
  std::string error;
  T value{};
  bool ok() const { return status == Status::Ok && error.empty(); }
};

struct SlotRange {
  std::uint16_t first = 0, last = 0;  // inclusive
  bool operator==(const SlotRange&) const = default;
};
// redis-cli's clusterManagerCommandCreate split of the 16384 slots over `masters` servers.
std::vector<SlotRange> slot_ranges(std::size_t masters);

class RedisClient {
 public:
  RedisClient(Rpc& rpc, std::vector<Endpoint<RedisProtocol>> nodes, CallOptions options = {1.0, 0});

  // Sentinel-like failover instead of cluster routing: the two servers are a primary and its
  // replica; every command goes to the one believed primary, and a time-out, a refusal or a
  // READONLY error switches to the other and tries once more there.
  RedisClient& with_failover();

  std::size_t node_for(std::string_view key) const;  // index into the servers
  std::size_t nodes() const { return nodes_.size(); }

  // Any command, routed by its first argument (the key), to the first server without one.
  Answer<Reply> command(Arguments argv);
  // https://redis.io/commands/zincrby/ : the member's new score.
  Answer<double> zincrby(const std::string& key, double increment, const std::string& member);
  // https://redis.io/commands/zrevrank/ : 0-based from the highest score; nullopt if absent.
  Answer<std::optional<std::int64_t>> zrevrank(const std::string& key, const std::string& member);
  // https://redis.io/commands/zrevrange/ WITHSCORES.
  Answer<std::vector<ScoredMember>> zrevrange(const std::string& key, std::int64_t start,
                                              std::int64_t stop);
  // https://redis.io/commands/get/ : nullopt for a missing (or expired) key.
  Answer<std::optional<std::string>> get(const std::string& key);
  // https://redis.io/commands/set/ with EX in milliseconds precision (PX) when ttl_s is given.
  Answer<bool> set(const std::string& key, const std::string& value,
                   std::optional<double> ttl_s = std::nullopt);
  // https://redis.io/commands/publish/ : the number of subscribers that received it.
  Answer<std::int64_t> publish(const std::string& channel, const std::string& message);

 private:
  Rpc& rpc_;
  std::vector<Endpoint<RedisProtocol>> nodes_;
  std::vector<std::size_t> node_of_slot_;
  CallOptions options_;
  bool failover_ = false;
  std::size_t current_ = 0;  // with failover: the server believed primary
};

class RedisSubscriber {
 public:
  using Connection = connection::ClientConnection<RedisProtocol>;
  using Event = Connection::Event;

  RedisSubscriber(Net& net, const std::string& name, Endpoint<RedisProtocol> server,
                  connection::ConnectionConfig config)
      : server_(server), connection_(net, name, config) {}

  Status connect(double timeout_s) { return connection_.open(server_, timeout_s); }
  // https://redis.io/commands/subscribe/ : the subscription count after the last channel,
  // nullopt when the connection closed or the time-out passed.
  std::optional<std::int64_t> subscribe(const std::vector<std::string>& channels, double timeout_s);
  // The next message, the close, or the deadline (s, absolute); heartbeats meanwhile.
  Event next(double deadline) { return connection_.next(deadline); }
  void close() { connection_.close(); }
  Connection& connection() { return connection_; }

 private:
  Endpoint<RedisProtocol> server_;
  Connection connection_;
};

}  // namespace sdsim::redis_service
