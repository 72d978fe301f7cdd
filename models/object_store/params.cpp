#include "models/object_store/params.hpp"

namespace sdsim::object_store {

const ParamTable<Config>& params() {
  static const ParamTable<Config> t = [] {
    ParamTable<RepairConfig> repair;
    repair
        .bandwidth("bandwidth", &RepairConfig::bandwidth, "100MBps",
                   "limit on repair bytes (read + written) per second", 1, 1e15)
        .integer("streams", &RepairConfig::streams, "4", "concurrent repair workers", 1, 1000);
    ParamTable<CostConfig> cost;
    cost.real("encode_flops_per_byte", &CostConfig::encode_flops_per_byte, "20",
              "EC encoding CPU per object byte", 0, 1e6)
        .real("decode_flops_per_byte", &CostConfig::decode_flops_per_byte, "40",
              "EC reconstruction CPU per object byte", 0, 1e6)
        .duration("metadata_time", &CostConfig::metadata_time, "200us",
                  "time per metadata operation", 0, 10)
        .duration("disk_access_time", &CostConfig::disk_access_time, "2ms",
                  "mean (exponential) seek + rotation per disk I/O", 0, 10);
    ParamTable<DiskFailureConfig> fail;
    fail.real("afr", &DiskFailureConfig::afr, "0", "annual failure rate of one disk (0 = none)", 0,
              0.999)
        .real("time_scale", &DiskFailureConfig::time_scale, "1",
              "real seconds per simulated second", 1e-6, 1e12)
        .duration("replace_after", &DiskFailureConfig::replace_after, "60s",
                  "a failed disk is replaced (empty) after", 0, 1e9)
        .duration("until", &DiskFailureConfig::until, "0s",
                  "failures stop at (0 = workload.duration)", 0, 1e12);
    ParamTable<ListRequestConfig> list;
    list.flag("run", &ListRequestConfig::run, "false",
              "after the load (and deletes), list the bucket page by page as S3's ListObjectsV2 "
              "and write listing.csv")
        .text("prefix", &ListRequestConfig::prefix, "(none)",
              "Prefix: only names starting with it ((none): every name)")
        .text("delimiter", &ListRequestConfig::delimiter, "(none)",
              "Delimiter: names continuing past the prefix with it roll up into one common prefix "
              "((none): no roll-up)")
        .integer("max_keys", &ListRequestConfig::max_keys, "1000",
                 "MaxKeys: entries per page (keys + common prefixes)", 1, 1000);
    ParamTable<Config> c;
    c.choice("scheme", &Config::erasure, "replication", "durability scheme",
             {{"replication", false}, {"erasure_coding", true}})
        .integer("copies", &Config::copies, "3", "replication: copies of each object", 1, 20)
        .choice("ack", &Config::ack, "all",
                "replication: PUT waits for all copies, primary + one, or the primary",
                {{"all", WriteAck::All},
                 {"primary_one", WriteAck::PrimaryPlusOne},
                 {"primary", WriteAck::Primary}})
        .group("ec", "erasure coding RS(k, m)", &Config::ec, blob_service::erasure_params())
        .flag("rack_aware", &Config::rack_aware, "true",
              "never two shards of an object in one rack when racks suffice")
        .choice("ring_salt", &Config::ring_salt_from_seed, "fixed",
                "the ring's virtual-node positions: fixed (the same ring for every seed) or seed "
                "(a salt drawn from the "
                "run's seed, so placement varies across seeds)",
                {{"fixed", false}, {"seed", true}})
        .integer("vnodes", &Config::vnodes, "64", "virtual nodes per data node on the ring", 1,
                 10000)
        .integer("datanodes", &Config::datanodes, "12", "data nodes (role 'datanode')", 1, 10000)
        .integer("metadata_shards", &Config::metadata_shards, "2",
                 "metadata shards (role 'metadata')", 1, 1000)
        .text("bucket", &Config::bucket, "photos", "the bucket the clients use")
        .integer("objects", &Config::objects, "1000", "objects PUT in the load phase", 1, 10000000)
        .integer("deletes", &Config::deletes, "0",
                 "objects deleted after the load (the first ones)", 0, 10000000)
        .size("object_size", &Config::object_size, "64KB", "size of every object", 1, 1e12)
        .choice("naming", &Config::naming, "flat",
                "object names: obj-000042, a CA/NY/TX tree for listings, or given (the names "
                "parameter; objects is then their number)",
                {{"flat", std::string("flat")},
                 {"tree", std::string("tree")},
                 {"given", std::string("given")}})
        .text("names", &Config::names, "(none)",
              "naming: given: the object names, one per line (a YAML block: names: |), PUT in "
              "that order")
        .group("list", "a listing driven from the scenario (ListObjectsV2 semantics)",
               &Config::list, list)
        .group("heartbeat", "failure detection by the placement service", &Config::heartbeat,
               blob_service::heartbeat_params())
        .group("repair", "rebuilding lost shards", &Config::repair, repair)
        .group("cost", "service costs", &Config::cost, cost)
        .group("disk_failures", "stochastic disk failures", &Config::failures, fail)
        .duration("datanode_timeout", &Config::datanode_timeout, "500ms",
                  "API and repair give up on a data node after", 1e-4, 1e4)
        .duration("client_timeout", &Config::client_timeout, "10s",
                  "a client gives up on a request after", 1e-3, 1e6)
        .integer("api_workers", &Config::api_workers, "32", "requests the API serves at once", 1,
                 100000)
        .flag("check_availability", &Config::check_availability, "false",
              "self-check: recount the unavailable objects at every sample (O(objects)) and count "
              "disagreements "
              "with the incrementally kept count in check.availability.mismatches");
    return c;
  }();
  return t;
}

Config read_config(const ParamValues& p) {
  Config c = params().read(p);
  for (std::string* t : {&c.list.prefix, &c.list.delimiter, &c.names})
    if (*t == "(none)") t->clear();
  if (c.naming == "given") {
    std::size_t start = 0;
    while (start <= c.names.size()) {
      std::size_t end = c.names.find('\n', start);
      if (end == std::string::npos) end = c.names.size();
      std::string name = c.names.substr(start, end - start);
      while (!name.empty() && (name.back() == ' ' || name.back() == '\r')) name.pop_back();
      if (!name.empty()) c.given_names.push_back(std::move(name));
      start = end + 1;
    }
    c.objects = static_cast<int>(c.given_names.size());
  }
  c.scheme =
      c.erasure ? Scheme::erasure_coding(c.ec.k, c.ec.m) : Scheme::replication(c.copies, c.ack);
  return c;
}

blob_service::BlobConfig blob_config(const Config& c) {
  blob_service::BlobConfig b;
  b.erasure = c.erasure;
  b.copies = c.copies;
  b.ack = c.ack;
  b.ec = c.ec;
  b.rack_aware = c.rack_aware;
  b.vnodes = c.vnodes;
  b.ring_salt_from_seed = c.ring_salt_from_seed;
  b.heartbeat = c.heartbeat;
  b.cost = {c.cost.encode_flops_per_byte, c.cost.decode_flops_per_byte, c.cost.disk_access_time};
  b.timeout = c.datanode_timeout;
  return b.finish();
}

}  // namespace sdsim::object_store
