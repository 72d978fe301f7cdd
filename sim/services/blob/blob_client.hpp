// The blob store's client: PUT, GET and DELETE of whole blobs, from any actor.
//   put(id, bytes)   the placement service picks the nodes (n = copies, or k + m); erasure
//                    coding encodes (encode_flops_per_byte x bytes, on the caller's host); the
//                    chunks are written in parallel and the PUT waits for the scheme's
//                    acknowledgements (replication: all, primary + one, or the primary; EC:
//                    all k + m). It returns the BlobRef the caller keeps to read the blob.
//   get(ref)         data chunks first (the first copy, or chunks 0..k-1); a chunk that errs or
//                    times out is replaced by the next one; a read that used parity decodes
//                    (decode_flops_per_byte x bytes) and is `degraded`.
//   remove(ref)      tells every chunk's node to leave a tombstone (no reply, as fire-and-forget
//                    deletes: a partition may drop one).
// Each result carries its status and its latency (s). Nothing is retried: the caller decides.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/net/rpc.hpp"
#include "sim/services/blob/blob_store.hpp"

namespace sdsim::blob_service {

// Where a blob's chunks are: the blob id, its size and the data node of each chunk.
struct BlobRef {
  std::uint64_t id = 0;
  double size = 0.0;  // B
  std::vector<int> nodes;
};

struct PutResult {
  Status status = Status::Timeout;  // Ok; the placement's failure; Error: too few acks
  BlobRef ref;
  int acks = 0;
  double latency = 0.0;  // s
  bool ok() const { return status == Status::Ok; }
};

struct GetResult {
  Status status = Status::Timeout;  // Ok; Unavailable: fewer than `needed` chunks answered
  bool degraded = false;            // served by reconstruction from parity
  int reads = 0;                    // chunk reads asked for (the failed ones included)
  double bytes = 0.0;               // B returned (the blob's size when served)
  double latency = 0.0;             // s
  bool ok() const { return status == Status::Ok; }
};

class BlobClient {
 public:
  // Calls through the caller's Rpc (its reply inbox), or through one of its own named `name`.
  BlobClient(BlobStore& store, Rpc& rpc) : b_(store), rpc_(&rpc) {}
  BlobClient(BlobStore& store, const std::string& name);

  PutResult put(std::uint64_t id, double bytes);
  GetResult get(const BlobRef& ref);
  void remove(const BlobRef& ref);

  // A blob id from a caller's key (the ring hashes it to place the blob).
  static std::uint64_t blob_id(const std::string& key);

 private:
  BlobStore& b_;
  std::unique_ptr<Rpc> own_;
  Rpc* rpc_;
};

}  // namespace sdsim::blob_service
