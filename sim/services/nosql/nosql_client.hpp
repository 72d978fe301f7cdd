// The NoSQL table's client API, as an AWS SDK's: each request goes to its partition's storage
// node; a throttled request (ProvisionedThroughputExceededException) or one without an answer
// is retried with exponential back-off and full jitter (the SDK's defaults for DynamoDB: 10
// retries, 25 ms base), and every throttle is counted. scan() is a scatter-gather: one request
// per partition, all in flight at once, retried per partition, merged in partition order.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/net/rpc.hpp"
#include "sim/services/nosql/nosql_table.hpp"

namespace sdsim::nosql_service {

struct NoSqlClientOptions {
  double timeout = 1.0;       // s per attempt
  int retries = 10;           // attempts after the first
  double backoff = 0.025;     // s: the first retry waits U[0, backoff), doubled after each
  double backoff_max = 20.0;  // s
};

struct NoSqlResult {
  Status status = Status::Timeout;
  std::vector<Item> items;
  int throttles = 0;  // attempts refused for capacity
  int retries = 0;
  bool complete = true;  // scan: every partition answered
  bool ok() const { return status == Status::Ok; }
};

class NoSqlClient {
 public:
  NoSqlClient(Rpc& rpc, const NoSqlTable& table, NoSqlClientOptions options = {});

  NoSqlResult put(Item item);
  NoSqlResult remove(const std::string& pk, const std::string& sk);
  NoSqlResult get(const std::string& pk, const std::string& sk, bool consistent = false);
  NoSqlResult query(const std::string& pk, const std::string& sk_begin = "",
                    const std::string& sk_end = "", std::size_t limit = 1000,
                    bool consistent = false);
  NoSqlResult index_query(const std::string& index, const std::string& key,
                          std::size_t limit = 1000);
  // Every partition's items where `attribute` equals `value` (all items when attribute is "").
  NoSqlResult scan(const std::string& attribute = "", const std::string& value = "",
                   bool consistent = false);

  std::uint64_t throttles() const { return throttles_; }  // over this client's life

 private:
  template <class Request>
  NoSqlResult call(int node, const Request& request);
  double backoff(int attempt);

  Rpc& rpc_;
  const NoSqlTable& table_;
  NoSqlClientOptions options_;
  RandomStream rng_;
  std::uint64_t throttles_ = 0;
};

}  // namespace sdsim::nosql_service
