// The key-value store's client API, as a driver's: each call picks a coordinator (token-aware:
// the key's replicas in ring order, as the DataStax drivers do by default; or round-robin over
// all nodes), and retries on the next one with exponential back-off when the coordinator is
// unreachable, unavailable or timed out. A coordinator that timed out is passed over for
// `suspect_for` (a driver marks a node down when its connection fails). One client per actor
// (it owns an Rpc).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/net/rpc.hpp"
#include "sim/services/kv/kv_store.hpp"

namespace sdsim::kv_service {

enum class Routing { token_aware, round_robin };

struct KvClientOptions {
  Routing routing = Routing::token_aware;
  double timeout = -1;       // s per attempt; < 0: the store's longest request time-out + 1 s
  int retries = 3;           // attempts after the first, each on the next coordinator
  double backoff = 0.1;      // s before the first retry, doubled after each
  double suspect_for = 2.0;  // s a coordinator that timed out is passed over
};

struct KvWriteResult {
  Status status = Status::Timeout;
  std::int64_t timestamp_us = 0;  // the write's timestamp when acknowledged
  int retries = 0;
  bool ok() const { return status == Status::Ok; }
};

struct KvReadResult {
  Status status = Status::Timeout;
  KvVersion version;  // the newest answer; version.value empty: absent or deleted
  int retries = 0;
  bool ok() const { return status == Status::Ok; }
};

class KvClient {
 public:
  KvClient(Rpc& rpc, const KvStore& store, KvClientOptions options = {}, int first_node = 0);

  KvWriteResult put(const std::string& key, Value value, Consistency level);
  KvWriteResult remove(const std::string& key, Consistency level);
  KvReadResult get(const std::string& key, Consistency level);

 private:
  int coordinator(const std::string& key, int attempt);
  template <class Request>
  auto call(const std::string& key, const Request& request);

  Rpc& rpc_;
  const KvStore& store_;
  KvClientOptions options_;
  int next_;
  std::vector<double> suspect_until_;  // per node
};

}  // namespace sdsim::kv_service
