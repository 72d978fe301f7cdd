#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/storage/pubsub/glob_match.hpp"
#include "sim/storage/pubsub/pubsub.hpp"

using namespace sdsim::storage::pubsub;

namespace {

std::vector<SubscriberId> receivers(const std::vector<Delivery>& deliveries) {
  std::vector<SubscriberId> out;
  for (const Delivery& d : deliveries) out.push_back(d.subscriber);
  return out;
}

}  // namespace

// https://redis.io/commands/publish/ : "Integer reply: the number of clients that received
// the message." Nothing is kept for later subscribers.
TEST_CASE("storage/redis: pubsub is at-most-once") {
  PubSub bus;
  CHECK(bus.publish("news", "lost").empty());  // nobody listening: gone
  CHECK(bus.subscribe(1, "news") == 1);
  CHECK(receivers(bus.publish("news", "first")) == std::vector<SubscriberId>{1});
  CHECK(bus.subscribe(2, "news") == 1);
  CHECK(receivers(bus.publish("news", "second")) == std::vector<SubscriberId>{1, 2});

  bus.disconnect(1);  // subscriber 1's connection drops
  CHECK(receivers(bus.publish("news", "while-away")) == std::vector<SubscriberId>{2});
  CHECK(bus.subscriptions(1) == 0);
  CHECK(bus.subscribe(1, "news") == 1);  // back, but "while-away" is not replayed
  CHECK(receivers(bus.publish("news", "third")) == std::vector<SubscriberId>{2, 1});
  CHECK(bus.work().publishes == 5);
  CHECK(bus.work().deliveries == 6);
  CHECK(bus.work().bytes_delivered == 1 * 9 + 2 * 10 + 1 * 14 + 2 * 9);
}

// https://redis.io/commands/subscribe/ : the reply's count is the client's channels plus
// patterns; subscribing twice to one channel is still one subscription.
TEST_CASE("storage/redis: pubsub subscription counts") {
  PubSub bus;
  CHECK(bus.subscribe(7, "a") == 1);
  CHECK(bus.subscribe(7, "a") == 1);
  CHECK(bus.psubscribe(7, "a*") == 2);
  CHECK(bus.subscribe(7, "b") == 3);
  CHECK(bus.unsubscribe(7, "zzz") == 3);  // not subscribed: unchanged count
  CHECK(bus.unsubscribe(7, "a") == 2);
  CHECK(bus.unsubscribe_all(7) == std::vector<std::string>{"b"});
  CHECK(bus.punsubscribe_all(7) == std::vector<std::string>{"a*"});
  CHECK(bus.subscriptions(7) == 0);
  CHECK(bus.patterns() == 0);
  CHECK(bus.unsubscribe_all(7).empty());
}

// https://redis.io/commands/psubscribe/ : a client matching through a channel and a pattern
// (or two patterns) receives the message once per subscription, and each counts.
TEST_CASE("storage/redis: pubsub patterns deliver once per matching subscription") {
  PubSub bus;
  bus.subscribe(1, "news.art");
  bus.psubscribe(1, "news.*");
  bus.psubscribe(2, "news.*");
  bus.psubscribe(2, "*art");
  bus.psubscribe(3, "sport.*");
  const auto got = bus.publish("news.art", "x");
  CHECK(got == std::vector<Delivery>{{1, std::nullopt}, {2, "*art"}, {1, "news.*"}, {2, "news.*"}});
  CHECK(bus.publish("sport.f1", "y") == std::vector<Delivery>{{3, "sport.*"}});
  CHECK(bus.work().pattern_tests == 6);  // three patterns tested per publish
  CHECK(bus.channel_subscribers("news.art") == 1);
  CHECK(bus.patterns() == 3);
}

// https://redis.io/commands/keys/ : h?llo, h*llo, h[ae]llo, h[^e]llo, h[a-b]llo, \ escapes.
TEST_CASE("storage/redis: glob patterns follow Redis's stringmatchlen") {
  CHECK(glob_match("h?llo", "hello"));
  CHECK(!glob_match("h?llo", "hllo"));
  CHECK(glob_match("h*llo", "hllo"));
  CHECK(glob_match("h*llo", "heeeello"));
  CHECK(glob_match("h[ae]llo", "hallo"));
  CHECK(!glob_match("h[ae]llo", "hillo"));
  CHECK(glob_match("h[^e]llo", "hallo"));
  CHECK(!glob_match("h[^e]llo", "hello"));
  CHECK(glob_match("h[a-b]llo", "hbllo"));
  CHECK(glob_match("h[b-a]llo", "hallo"));  // reversed range is swapped
  CHECK(glob_match("h\\*llo", "h*llo"));
  CHECK(!glob_match("h\\*llo", "hello"));
  CHECK(glob_match("[\\]]", "]"));
  CHECK(glob_match("a[bc", "ab"));  // unterminated class ends with the pattern
  CHECK(glob_match("a**b", "axxb"));
  CHECK(glob_match("*", "anything"));
  CHECK(!glob_match("*", ""));  // Redis's loop never runs on an empty string
  CHECK(glob_match("", ""));
  CHECK(!glob_match("a*", "b"));
  CHECK(glob_match("*a*b*c*", "xxaxxbxxcxx"));
  CHECK(!glob_match("*a*b*c*d", "xxaxxbxxcxx"));
}
