// A durability scheme: `replication` (N full copies) or `erasure_coding` RS(k, m). Both are
// "n shards of which any `needed` rebuild the object": copies are shards with needed = 1.
#pragma once

#include <string>
#include <vector>

namespace sdsim::blob_service {

enum class WriteAck { All, PrimaryPlusOne, Primary };

struct Scheme {
  enum class Kind { Replication, ErasureCoding };
  Kind kind = Kind::Replication;
  int copies = 3;                // replication
  int k = 8, m = 4;              // erasure coding
  WriteAck ack = WriteAck::All;  // replication; erasure coding always waits for all k+m

  static Scheme replication(int copies, WriteAck ack = WriteAck::All);
  static Scheme erasure_coding(int k, int m);

  bool erasure() const { return kind == Kind::ErasureCoding; }
  int shards() const { return erasure() ? k + m : copies; }
  int needed() const { return erasure() ? k : 1; }       // shards that rebuild the object
  int tolerance() const { return shards() - needed(); }  // shard losses survived
  double shard_bytes(double object_bytes) const;         // a copy, or ceil(size / k) bytes
  // Raw bytes / logical bytes - 1 when every shard is stored: N - 1, or m / k (exactly, up
  // to the rounding of chunk sizes).
  double nominal_overhead() const;
  // Write acknowledgements a PUT waits for (the primary's among them unless ack is All).
  int acks_needed() const;
  std::string label() const;  // "replication x3", "RS(8,4)"
};

// Which shards a read fetches, given which are reachable. Data shards (or the first copy)
// first; parity only for missing data. `decode` is true when a data shard is replaced by
// parity (the read is degraded: reconstruction costs reads, bytes and CPU).
struct ReadPlan {
  std::vector<int> shards;
  bool possible = false;
  bool decode = false;
};
ReadPlan plan_read(const Scheme& s, const std::vector<bool>& reachable);

}  // namespace sdsim::blob_service
