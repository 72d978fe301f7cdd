// Redis Pub/Sub (https://redis.io/docs/interact/pubsub/): subscribers listen on channels
// (SUBSCRIBE) or glob patterns (PSUBSCRIBE, glob_match.hpp); PUBLISH hands a message to every
// matching subscription at that instant and returns how many received it. Delivery is
// at-most-once: nothing is stored, so a message to a channel nobody listens on is gone, and a
// subscriber that disconnects (its subscriptions die with its connection) misses whatever is
// published until it subscribes again.
//
// Subscribers are opaque ids (a service maps them to connections). A subscriber listening on
// a channel and on a matching pattern, or on two matching patterns, receives the message once
// per subscription, as in Redis, and each counts in PUBLISH's reply.
//
// Order of deliveries: channel subscribers in the order they subscribed (as Redis), then the
// patterns in byte order of the pattern (Redis walks its pattern dictionary in hash order,
// which is not reproducible), each pattern's subscribers in subscription order.
//
// Work counters: publishes, deliveries (one per receiving subscription), bytes delivered
// (channel + message per delivery) and pattern tests (every PUBLISH tests every pattern, as
// Redis's O(N+M) does), so a service can charge a per-delivery CPU cost.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sdsim::storage::pubsub {

using SubscriberId = std::uint64_t;

struct Delivery {
  SubscriberId subscriber;
  std::optional<std::string> pattern;  // set when delivered through PSUBSCRIBE
  bool operator==(const Delivery&) const = default;
};

struct PubSubWork {
  std::uint64_t publishes = 0;
  std::uint64_t deliveries = 0;
  std::uint64_t bytes_delivered = 0;
  std::uint64_t pattern_tests = 0;
};

class PubSub {
 public:
  // Each returns the subscriber's number of subscriptions (channels + patterns) afterwards,
  // the count Redis puts in its (p)(un)subscribe confirmations. Subscribing twice to the same
  // channel is one subscription.
  std::size_t subscribe(SubscriberId who, std::string_view channel);
  std::size_t unsubscribe(SubscriberId who, std::string_view channel);
  std::size_t psubscribe(SubscriberId who, std::string_view pattern);
  std::size_t punsubscribe(SubscriberId who, std::string_view pattern);
  // UNSUBSCRIBE / PUNSUBSCRIBE with no argument: every channel (pattern) the subscriber had,
  // in byte order (Redis answers in its dictionary's order).
  std::vector<std::string> unsubscribe_all(SubscriberId who);
  std::vector<std::string> punsubscribe_all(SubscriberId who);
  // The connection is gone: all its subscriptions with it.
  void disconnect(SubscriberId who);

  // https://redis.io/commands/publish/ : the receivers; their number is PUBLISH's reply.
  std::vector<Delivery> publish(std::string_view channel, std::string_view message);

  std::size_t subscriptions(SubscriberId who) const;
  // The subscriber's channels / patterns, in byte order.
  std::vector<std::string> channels_of(SubscriberId who) const;
  std::vector<std::string> patterns_of(SubscriberId who) const;
  // PUBSUB NUMSUB for one channel, PUBSUB NUMPAT.
  std::size_t channel_subscribers(std::string_view channel) const;
  std::size_t patterns() const { return pattern_subscribers_.size(); }

  const PubSubWork& work() const { return work_; }
  PubSubWork take_work() {
    PubSubWork taken = work_;
    work_ = {};
    return taken;
  }

 private:
  struct Subscriptions {
    std::set<std::string> channels, patterns;
  };

  // Lookups by channel are the hot path (every PUBLISH); never iterated for output.
  std::unordered_map<std::string, std::vector<SubscriberId>> channel_subscribers_;
  std::map<std::string, std::vector<SubscriberId>, std::less<>> pattern_subscribers_;
  std::map<SubscriberId, Subscriptions> subscribers_;
  PubSubWork work_;
};

}  // namespace sdsim::storage::pubsub
