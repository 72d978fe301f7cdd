// The blob store's settings: the durability scheme (N copies or RS(k, m)), the placement ring
// (virtual nodes, rack awareness), the placement service's failure detection by heartbeats,
// and the data path's costs (disk access, EC encode and decode CPU, time-outs).
// `sdsim describe service blob` prints them; models with their own parameter names (the
// object store's) fill a BlobConfig from their own tables, reusing the groups below.
#pragma once

#include "sim/core/param_table.hpp"
#include "sim/services/blob/scheme.hpp"

namespace sdsim::blob_service {

struct ErasureConfig {
  int k{}, m{};  // RS(k, m)
};
struct HeartbeatConfig {
  double interval{};  // s: a data node's heartbeat period
  double grace{};     // s: silence after which a node is declared dead
  double check{};     // s: how often the placement service checks
};
struct BlobCosts {
  double encode_flops_per_byte{}, decode_flops_per_byte{};  // flops per blob byte
  double disk_access_time{};                                // s, mean (exponential)
};

struct BlobConfig {
  bool erasure{};  // scheme: erasure_coding (else replication)
  int copies{};
  WriteAck ack{};
  ErasureConfig ec;
  bool rack_aware{};
  int vnodes{};
  bool ring_salt_from_seed{};  // ring_salt: seed
  HeartbeatConfig heartbeat;
  BlobCosts cost;
  double timeout{};  // s: a client gives up on the placement service or a data node after
  Scheme scheme;     // made from erasure, copies, ack and ec by finish()
  BlobConfig& finish();
};

// The groups the object store's table reuses under the same names.
const ParamTable<ErasureConfig>& erasure_params();
const ParamTable<HeartbeatConfig>& heartbeat_params();
const ParamTable<BlobConfig>& blob_params();
// blob_params().read(p) with the scheme made.
BlobConfig read_blob_config(const ParamValues& p);

}  // namespace sdsim::blob_service
