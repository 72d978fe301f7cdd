// A metadata shard: the object table rows whose hash(bucket, name) falls on it, and the
// listing index of the buckets whose hash falls on it. Its tables are durable (a database on
// disk); each operation costs `metadata_time`, served one at a time.
#pragma once

#include <memory>

#include "models/object_store/cluster.hpp"
#include "sim/net/service.hpp"

namespace sdsim::object_store {

class MetadataShard : public ServiceHandler<MetadataProtocol> {
 public:
  MetadataShard(Net& net, Cluster& cluster, std::shared_ptr<MetaShard> tables)
      : net_(net), c_(cluster), cost_(cluster.cfg.cost.metadata_time), t_(std::move(tables)) {}
  void handle(std::unique_ptr<Letter<MetadataProtocol>> msg) override;

 private:
  Net& net_;
  Cluster& c_;  // its row index and availability count follow the table
  double cost_;
  std::shared_ptr<MetaShard> t_;
};

}  // namespace sdsim::object_store
