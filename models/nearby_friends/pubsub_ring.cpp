#include "models/nearby_friends/pubsub_ring.hpp"

#include <charconv>

namespace sdsim::nearby_friends {

PubSubRing::PubSubRing(std::vector<int> servers, int vnodes, std::uint64_t salt)
    : servers_(std::move(servers)), vnodes_(vnodes), salt_(salt) {
  auto ring = std::make_shared<HashRing>(vnodes, salt);
  std::vector<HashRing::NodeSpec> nodes;
  for (std::size_t k = 0; k < servers_.size(); ++k)
    nodes.push_back({"slot-" + std::to_string(k), "slot-" + std::to_string(k)});
  ring->add_nodes(nodes);
  ring_ = std::move(ring);
}

PubSubRing PubSubRing::parse(const std::string& text, int vnodes, std::uint64_t salt) {
  std::vector<int> servers;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto semicolon = text.find(';', start);
    const auto end = semicolon == std::string::npos ? text.size() : semicolon;
    const auto eq = text.find('=', start);
    if (eq == std::string::npos || eq > end) return {};
    int server = -1;
    const auto [p, ec] = std::from_chars(text.data() + eq + 1, text.data() + end, server);
    if (ec != std::errc() || p != text.data() + end || server < 0) return {};
    servers.push_back(server);
    start = end + 1;
  }
  return servers.empty() ? PubSubRing{} : PubSubRing(std::move(servers), vnodes, salt);
}

std::string PubSubRing::text() const {
  std::string s;
  for (std::size_t k = 0; k < servers_.size(); ++k) {
    if (k) s += ';';
    s += "slot-" + std::to_string(k) + "=" + std::to_string(servers_[k]);
  }
  return s;
}

int PubSubRing::slot_of(const std::string& channel) const {
  return ring_->owner(HashRing::hash(channel));
}

PubSubRing PubSubRing::grown(int server) const {
  auto s = servers_;
  s.push_back(server);
  return PubSubRing(std::move(s), vnodes_, salt_);
}

PubSubRing PubSubRing::with_slot(int slot, int server) const {
  PubSubRing r = *this;
  r.servers_.at(slot) = server;
  return r;
}

std::string channel_of(std::uint32_t user) { return "user:" + std::to_string(user); }

double moved_fraction(const PubSubRing& before, const PubSubRing& after, std::uint32_t users) {
  if (users == 0) return 0;
  std::uint32_t moved = 0;
  for (std::uint32_t u = 0; u < users; ++u) {
    const std::string c = channel_of(u);
    moved += before.server_of(c) != after.server_of(c);
  }
  return double(moved) / double(users);
}

}  // namespace sdsim::nearby_friends
