// The LSM node's client API, for models and for the key-value store's tests: one call per
// operation over an Rpc the calling actor owns, with the time-out and retries it is given.
#pragma once

#include <string>

#include "sim/net/rpc.hpp"
#include "sim/services/lsm/protocol.hpp"

namespace sdsim::lsm_service {

class LsmClient {
 public:
  LsmClient(Rpc& rpc, Endpoint<LsmProtocol> node, CallOptions options = {1.0, 2, 0.1})
      : rpc_(rpc), node_(node), options_(options) {}

  Result<WriteAck> put(const std::string& key, Value value, std::int64_t timestamp_us) {
    return rpc_.call(node_, Put{key, std::move(value), timestamp_us}, options_);
  }
  Result<WriteAck> remove(const std::string& key, std::int64_t timestamp_us) {
    return rpc_.call(node_, Delete{key, timestamp_us}, options_);
  }
  Result<ReadReply> get(const std::string& key) { return rpc_.call(node_, Get{key}, options_); }

 private:
  Rpc& rpc_;
  Endpoint<LsmProtocol> node_;
  CallOptions options_;
};

}  // namespace sdsim::lsm_service
