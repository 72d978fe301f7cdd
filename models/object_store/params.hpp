// The object store's parameters, each declared once in params.cpp's table (what `sdsim
// describe object_store` prints), and the configuration they fill.
#pragma once

#include <string>
#include <vector>

#include "sim/core/param_table.hpp"
#include "sim/services/blob/blob_config.hpp"

namespace sdsim::object_store {

using blob_service::ErasureConfig;
using blob_service::HeartbeatConfig;
using blob_service::plan_read;
using blob_service::ReadPlan;
using blob_service::Scheme;
using blob_service::WriteAck;

struct RepairConfig {
  double bandwidth{};  // B/s over all repair streams
  int streams{};
};
struct CostConfig {
  double encode_flops_per_byte{}, decode_flops_per_byte{};
  double metadata_time{};     // s per metadata operation
  double disk_access_time{};  // s, mean (exponential): seek and rotation
};
struct DiskFailureConfig {
  double afr{};            // annual failure rate per disk
  double time_scale{};     // real seconds per simulated second
  double replace_after{};  // s (simulated) before a failed disk is replaced, empty
  double until{};          // s; 0 = end of the load
};

// One ListObjectsV2 listing run page by page after the load (listing.csv).
struct ListRequestConfig {
  bool run{};
  std::string prefix, delimiter;
  int max_keys{};
};

struct Config {
  bool erasure{};  // scheme: erasure_coding (else replication)
  int copies{};
  WriteAck ack{};
  ErasureConfig ec;
  bool rack_aware{};
  int vnodes{};
  bool ring_salt_from_seed{};  // ring_salt: seed
  int datanodes{};
  int metadata_shards{};
  std::string bucket;
  int objects{};
  int deletes{};
  double object_size{};  // B
  std::string naming;    // flat | tree | given
  std::string names;     // naming: given: one object name per line
  std::vector<std::string> given_names;  // parsed from `names` by read_config
  ListRequestConfig list;
  HeartbeatConfig heartbeat;
  RepairConfig repair;
  CostConfig cost;
  DiskFailureConfig failures;
  double datanode_timeout{};  // s
  double client_timeout{};    // s
  int api_workers{};
  bool check_availability{};  // recount at every sample (tests)
  Scheme scheme;              // made from erasure, copies, ack and ec
};

const ParamTable<Config>& params();
Config read_config(const ParamValues& p);
// The blob store's settings from the object store's parameters (same names and defaults).
blob_service::BlobConfig blob_config(const Config& c);

}  // namespace sdsim::object_store
