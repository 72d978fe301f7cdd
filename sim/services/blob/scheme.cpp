#include "sim/services/blob/scheme.hpp"

#include <fmt/format.h>

#include <cmath>

namespace sdsim::blob_service {

Scheme Scheme::replication(int copies, WriteAck ack) {
  Scheme s;
  s.kind = Kind::Replication;
  s.copies = copies;
  s.ack = ack;
  return s;
}

Scheme Scheme::erasure_coding(int k, int m) {
  Scheme s;
  s.kind = Kind::ErasureCoding;
  s.k = k;
  s.m = m;
  return s;
}

double Scheme::shard_bytes(double object_bytes) const {
  return erasure() ? std::ceil(object_bytes / k) : object_bytes;
}

double Scheme::nominal_overhead() const {
  return erasure() ? static_cast<double>(m) / k : copies - 1.0;
}

int Scheme::acks_needed() const {
  if (erasure()) return k + m;
  switch (ack) {
    case WriteAck::All:
      return copies;
    case WriteAck::PrimaryPlusOne:
      return copies < 2 ? copies : 2;
    case WriteAck::Primary:
      return 1;
  }
  return copies;
}

std::string Scheme::label() const {
  return erasure() ? fmt::format("RS({},{})", k, m) : fmt::format("replication x{}", copies);
}

ReadPlan plan_read(const Scheme& s, const std::vector<bool>& reachable) {
  ReadPlan plan;
  const int need = s.needed();
  // Data shards (indices < need) first, then the others in order.
  for (int i = 0; i < s.shards() && static_cast<int>(plan.shards.size()) < need; ++i)
    if (reachable.at(i)) {
      plan.shards.push_back(i);
      if (s.erasure() && i >= s.k) plan.decode = true;
    }
  plan.possible = static_cast<int>(plan.shards.size()) == need;
  if (!plan.possible) plan.decode = false;
  return plan;
}

}  // namespace sdsim::blob_service
