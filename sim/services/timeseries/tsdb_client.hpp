// The time-series database's client API: one call per request over an Rpc the calling actor
// owns, with the time-out and retries it is given. An append retried after a lost reply is
// partly rejected as out of order (its points are already there), as a remote-write retry is.
#pragma once

#include <utility>
#include <vector>

#include "sim/net/rpc.hpp"
#include "sim/services/timeseries/protocol.hpp"

namespace sdsim::timeseries_service {

class TsdbClient {
 public:
  TsdbClient(Rpc& rpc, Endpoint<TsdbProtocol> node, CallOptions options = {2.0, 2, 0.1})
      : rpc_(rpc), node_(node), options_(options) {}

  Result<AppendReply> append(std::vector<SeriesSamples> series) {
    return rpc_.call(node_, AppendBatch{std::move(series)}, options_);
  }
  Result<RangeReply> range(const SeriesKey& key, double start, double end) {
    return rpc_.call(node_, RangeQuery{key, start, end}, options_);
  }
  Result<RollupReply> rollup(const SeriesKey& key, double interval, Aggregation aggregation,
                             double start, double end, bool from_raw = false) {
    return rpc_.call(node_, RollupQuery{key, interval, aggregation, start, end, from_raw},
                     options_);
  }
  Result<SelectReply> select(const std::string& metric, std::vector<Label> matchers = {}) {
    return rpc_.call(node_, SelectQuery{metric, std::move(matchers)}, options_);
  }

 private:
  Rpc& rpc_;
  Endpoint<TsdbProtocol> node_;
  CallOptions options_;
};

}  // namespace sdsim::timeseries_service
