// The pub/sub ring as the service-discovery entry holds it: ring slots, each served by one
// Redis server, written "slot-0=2;slot-1=1;..." (slot name = server index). Channels are
// placed on a consistent-hash ring (sim/storage/hash_ring) built from the slot names, so
// giving a slot to another server (a replacement) moves exactly that slot's channels, and
// adding slots moves about added / total of them (Karger et al. 1997, consistent hashing:
// a new node takes its share of the ring from the others).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/storage/hash_ring.hpp"

namespace sdsim::nearby_friends {

class PubSubRing {
 public:
  PubSubRing() = default;
  // Slot k served by servers[k].
  PubSubRing(std::vector<int> servers, int vnodes, std::uint64_t salt = 0);
  // Parses the discovery entry; an empty ring for empty or malformed text.
  static PubSubRing parse(const std::string& text, int vnodes, std::uint64_t salt = 0);
  std::string text() const;

  bool empty() const { return servers_.empty(); }
  int slots() const { return int(servers_.size()); }
  const std::vector<int>& servers() const { return servers_; }
  int slot_of(const std::string& channel) const;
  int server_of(const std::string& channel) const { return servers_[slot_of(channel)]; }

  // The same ring with one more slot, served by `server`; with slot k given to `server`.
  PubSubRing grown(int server) const;
  PubSubRing with_slot(int slot, int server) const;

 private:
  std::vector<int> servers_;
  int vnodes_ = 0;
  std::uint64_t salt_ = 0;
  std::shared_ptr<const HashRing> ring_;
};

std::string channel_of(std::uint32_t user);  // "user:<id>"

// The fraction of `users`' channels whose server differs between the two rings.
double moved_fraction(const PubSubRing& before, const PubSubRing& after, std::uint32_t users);

}  // namespace sdsim::nearby_friends
