#include "sim/services/blob/blob_config.hpp"

#include "sim/model/service_params.hpp"

namespace sdsim::blob_service {

BlobConfig& BlobConfig::finish() {
  scheme = erasure ? Scheme::erasure_coding(ec.k, ec.m) : Scheme::replication(copies, ack);
  return *this;
}

const ParamTable<ErasureConfig>& erasure_params() {
  static const ParamTable<ErasureConfig> t = [] {
    ParamTable<ErasureConfig> ec;
    ec.integer("k", &ErasureConfig::k, "8", "data chunks", 1, 200)
        .integer("m", &ErasureConfig::m, "4", "parity chunks", 0, 50);
    return ec;
  }();
  return t;
}

const ParamTable<HeartbeatConfig>& heartbeat_params() {
  static const ParamTable<HeartbeatConfig> t = [] {
    ParamTable<HeartbeatConfig> hb;
    hb.duration("interval", &HeartbeatConfig::interval, "1s", "heartbeat period of a data node",
                1e-3, 1e6)
        .duration("grace", &HeartbeatConfig::grace, "15s",
                  "silence after which a node is declared dead", 1e-3, 1e9)
        .duration("check", &HeartbeatConfig::check, "500ms",
                  "how often the placement service checks", 1e-3, 1e6);
    return hb;
  }();
  return t;
}

const ParamTable<BlobConfig>& blob_params() {
  static const ParamTable<BlobConfig> t = [] {
    ParamTable<BlobCosts> cost;
    cost.real("encode_flops_per_byte", &BlobCosts::encode_flops_per_byte, "20",
              "EC encoding CPU per blob byte, on the client's host", 0, 1e6)
        .real("decode_flops_per_byte", &BlobCosts::decode_flops_per_byte, "40",
              "EC reconstruction CPU per blob byte (a degraded GET), on the client's host", 0, 1e6)
        .duration("disk_access_time", &BlobCosts::disk_access_time, "2ms",
                  "mean (exponential) seek + rotation per chunk I/O", 0, 10);
    ParamTable<BlobConfig> c;
    c.choice("scheme", &BlobConfig::erasure, "replication", "durability scheme",
             {{"replication", false}, {"erasure_coding", true}})
        .integer("copies", &BlobConfig::copies, "3", "replication: copies of each blob", 1, 20)
        .choice("ack", &BlobConfig::ack, "all",
                "replication: PUT waits for all copies, primary + one, or the primary",
                {{"all", WriteAck::All},
                 {"primary_one", WriteAck::PrimaryPlusOne},
                 {"primary", WriteAck::Primary}})
        .group("ec", "erasure coding RS(k, m)", &BlobConfig::ec, erasure_params())
        .flag("rack_aware", &BlobConfig::rack_aware, "true",
              "never two chunks of a blob in one rack when racks suffice")
        .choice("ring_salt", &BlobConfig::ring_salt_from_seed, "fixed",
                "the ring's virtual-node positions: fixed (the same ring for every seed) or seed "
                "(a salt drawn from the run's seed)",
                {{"fixed", false}, {"seed", true}})
        .integer("vnodes", &BlobConfig::vnodes, "64", "virtual nodes per data node on the ring", 1,
                 10000)
        .group("heartbeat", "failure detection by the placement service", &BlobConfig::heartbeat,
               heartbeat_params())
        .group("cost", "data path costs", &BlobConfig::cost, cost)
        .duration("timeout", &BlobConfig::timeout, "500ms",
                  "a client gives up on the placement service or a data node after", 1e-4, 1e4);
    return c;
  }();
  return t;
}

BlobConfig read_blob_config(const ParamValues& p) { return blob_params().read(p).finish(); }

}  // namespace sdsim::blob_service

// `sdsim describe service blob`
static const sdsim::ServiceParamsRegistration blob_registration{
    "blob",
    "blob store: ring placement, data nodes on disks, replicated or RS(k,m) PUT/GET of whole "
    "blobs (sim/services/blob)",
    &sdsim::blob_service::blob_params};
