#include "sim/storage/pubsub/pubsub.hpp"

#include <algorithm>

#include "sim/storage/pubsub/glob_match.hpp"

namespace sdsim::storage::pubsub {
namespace {

void remove_one(std::vector<SubscriberId>& list, SubscriberId who) {
  auto it = std::find(list.begin(), list.end(), who);
  if (it != list.end()) list.erase(it);
}

}  // namespace

std::size_t PubSub::subscriptions(SubscriberId who) const {
  auto it = subscribers_.find(who);
  return it == subscribers_.end() ? 0 : it->second.channels.size() + it->second.patterns.size();
}

std::vector<std::string> PubSub::channels_of(SubscriberId who) const {
  auto it = subscribers_.find(who);
  if (it == subscribers_.end()) return {};
  return {it->second.channels.begin(), it->second.channels.end()};
}

std::vector<std::string> PubSub::patterns_of(SubscriberId who) const {
  auto it = subscribers_.find(who);
  if (it == subscribers_.end()) return {};
  return {it->second.patterns.begin(), it->second.patterns.end()};
}

std::size_t PubSub::channel_subscribers(std::string_view channel) const {
  auto it = channel_subscribers_.find(std::string(channel));
  return it == channel_subscribers_.end() ? 0 : it->second.size();
}

std::size_t PubSub::subscribe(SubscriberId who, std::string_view channel) {
  if (subscribers_[who].channels.emplace(channel).second) {
    channel_subscribers_[std::string(channel)].push_back(who);
  }
  return subscriptions(who);
}

std::size_t PubSub::psubscribe(SubscriberId who, std::string_view pattern) {
  if (subscribers_[who].patterns.emplace(pattern).second) {
    pattern_subscribers_[std::string(pattern)].push_back(who);
  }
  return subscriptions(who);
}

std::size_t PubSub::unsubscribe(SubscriberId who, std::string_view channel) {
  auto sub = subscribers_.find(who);
  if (sub == subscribers_.end()) return 0;
  auto it = sub->second.channels.find(std::string(channel));
  if (it != sub->second.channels.end()) {
    sub->second.channels.erase(it);
    auto list = channel_subscribers_.find(std::string(channel));
    remove_one(list->second, who);
    if (list->second.empty()) channel_subscribers_.erase(list);
  }
  const std::size_t left = subscriptions(who);
  if (left == 0) subscribers_.erase(sub);
  return left;
}

std::size_t PubSub::punsubscribe(SubscriberId who, std::string_view pattern) {
  auto sub = subscribers_.find(who);
  if (sub == subscribers_.end()) return 0;
  auto it = sub->second.patterns.find(std::string(pattern));
  if (it != sub->second.patterns.end()) {
    sub->second.patterns.erase(it);
    auto list = pattern_subscribers_.find(pattern);
    remove_one(list->second, who);
    if (list->second.empty()) pattern_subscribers_.erase(list);
  }
  const std::size_t left = subscriptions(who);
  if (left == 0) subscribers_.erase(sub);
  return left;
}

std::vector<std::string> PubSub::unsubscribe_all(SubscriberId who) {
  std::vector<std::string> channels = channels_of(who);
  for (const std::string& channel : channels) unsubscribe(who, channel);
  return channels;
}

std::vector<std::string> PubSub::punsubscribe_all(SubscriberId who) {
  std::vector<std::string> patterns = patterns_of(who);
  for (const std::string& pattern : patterns) punsubscribe(who, pattern);
  return patterns;
}

void PubSub::disconnect(SubscriberId who) {
  unsubscribe_all(who);
  punsubscribe_all(who);
}

std::vector<Delivery> PubSub::publish(std::string_view channel, std::string_view message) {
  ++work_.publishes;
  std::vector<Delivery> out;
  auto it = channel_subscribers_.find(std::string(channel));
  if (it != channel_subscribers_.end()) {
    for (SubscriberId who : it->second) out.push_back({who, std::nullopt});
  }
  for (const auto& [pattern, subscribers] : pattern_subscribers_) {
    ++work_.pattern_tests;
    if (!glob_match(pattern, channel)) continue;
    for (SubscriberId who : subscribers) out.push_back({who, pattern});
  }
  work_.deliveries += out.size();
  work_.bytes_delivered += out.size() * (channel.size() + message.size());
  return out;
}

}  // namespace sdsim::storage::pubsub
