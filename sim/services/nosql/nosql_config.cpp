#include "sim/services/nosql/nosql_config.hpp"

#include "sim/model/service_params.hpp"

namespace sdsim::nosql_service {

storage::nosql::TableOptions NoSqlConfig::options() const {
  storage::nosql::TableOptions o;
  o.partitions = partitions;
  o.read_capacity = read_capacity;
  o.write_capacity = write_capacity;
  o.burst_seconds = burst;
  o.partition_read_limit = partition_read_limit;
  o.partition_write_limit = partition_write_limit;
  o.validate();
  return o;
}

const ParamTable<NoSqlConfig>& nosql_params() {
  static const ParamTable<NoSqlConfig> t = [] {
    ParamTable<NoSqlCosts> c;
    c.duration("cpu_per_request", &NoSqlCosts::cpu_per_request, "20us",
               "fixed CPU of a request on its storage node")
        .duration("cpu_per_kb", &NoSqlCosts::cpu_per_kb, "2us",
                  "CPU per KB of items read or written")
        .duration("disk_seek", &NoSqlCosts::disk_seek, "100us",
                  "latency of a read reaching the disk (SSD)")
        .duration(
            "replication", &NoSqlCosts::replication, "1ms",
            "a write waits this long for two of its partition's three replicas (a fixed stand-in)");
    ParamTable<NoSqlConfig> p;
    p.integer("partitions", &NoSqlConfig::partitions, "0",
              "partitions of the table; 0: DynamoDB's rule ceil(RCU / 3000 + WCU / 1000)", 0,
              100000)
        .rate("read_capacity", &NoSqlConfig::read_capacity, "3000/s",
              "provisioned read capacity units (RCU)", 0.001)
        .rate("write_capacity", &NoSqlConfig::write_capacity, "1000/s",
              "provisioned write capacity units (WCU)", 0.001)
        .duration("burst", &NoSqlConfig::burst, "300s",
                  "unused capacity is kept this long (DynamoDB: 300 s)")
        .rate("partition_read_limit", &NoSqlConfig::partition_read_limit, "3000/s",
              "a partition's hard read limit (DynamoDB: 3,000 RCU)", 0.001)
        .rate("partition_write_limit", &NoSqlConfig::partition_write_limit, "1000/s",
              "a partition's hard write limit (DynamoDB: 1,000 WCU)", 0.001)
        .integer("request_threads", &NoSqlConfig::request_threads, "32",
                 "requests a storage node serves at once", 1, 4096)
        .duration("index_propagation_interval", &NoSqlConfig::index_propagation_interval, "10ms",
                  "an index propagator with nothing to send (or no capacity) waits this long",
                  0.0001)
        .integer("index_batch", &NoSqlConfig::index_batch, "25",
                 "index updates per propagation message", 1, 100000)
        .group("costs", "what a storage node's work costs", &NoSqlConfig::costs, c);
    return p;
  }();
  return t;
}

}  // namespace sdsim::nosql_service

// `sdsim describe service nosql`
static const sdsim::ServiceParamsRegistration nosql_registration{
    "nosql", "partitioned NoSQL table, DynamoDB-like (sim/services/nosql)",
    &sdsim::nosql_service::nosql_params};
