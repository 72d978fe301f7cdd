// The producer for records an application makes as it runs (Kafka's KafkaProducer.send()):
// the producer sits in the application's process on its host, and any actor there hands it a
// record and either goes on (`send`, fire and forget) or waits for the outcome (`append`, like
// send().get()). Batching, acks, retries, idempotence and metadata refreshes are run_producer's
// (producer.hpp), with the same ProducerConfig.
//
//   LogAppender outbox(cluster, cfg.producer, topic, "web-1/outbox", "web-1", 5000000);
//   outbox.start();                                 // once; restarted with its host
//   ...                                             // in an actor on web-1:
//   Status s = outbox.append(rpc, email_id, user);  // Ok once acknowledged (acks=0: once sent)
//
// Handing over costs no simulated time (it is a call into the client library's accumulator;
// sdsim carries it as a 0-byte message over the host's loopback). A record with a key goes to
// partition hash(key) mod partitions, so one key's records stay in order (Kafka's default
// partitioner hashes the key bytes with murmur2; here the key is a 64-bit integer, hashed with
// splitmix64); without a key the producer spreads records round-robin.
//
// A crash of the host loses the records the producer had not sent or had not yet had
// acknowledged, as it loses the application's process: the actors waiting on them die with
// it. The restarted producer is a new producer instance: an idempotent one starts a new
// producer id (Kafka's InitProducerId), so its sequence numbers start again at 0.
// Leaves out: buffer.memory and max.block.ms (the accumulator never fills), the sticky
// partitioner (KIP-480; unkeyed records go round-robin record by record).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "sim/net/message.hpp"
#include "sim/net/net.hpp"
#include "sim/services/log/log_cluster.hpp"
#include "sim/services/log/producer.hpp"

namespace sdsim {
class Rpc;
}

namespace sdsim::log_service {

struct HandOverReply {
  static constexpr std::string_view kName = "producer.result";
  RecordId id = 0;
  int partition = -1;  // cluster partition id it went to
  double wire_bytes() const { return 0; }
};

// A record handed to the producer; answered (when the sender gave an inbox) once its batch is
// acknowledged (Ok), sent (acks=0: Ok) or given up (Error).
struct HandOver {
  static constexpr std::string_view kName = "producer.send";
  using Reply = HandOverReply;
  RecordId id = 0;
  std::optional<std::uint64_t> key;
  double wire_bytes() const { return 0; }  // a function call in the application's process
};

using AppenderProtocol = std::variant<HandOver>;

// The cluster partition id a keyed record goes to.
int partition_for_key(const Topic& topic, std::uint64_t key);

class LogAppender {
 public:
  // Registers the producer's address `name` on `host`; `listener` (optional, outlives the run)
  // is told about every batch, as run_producer's listener.
  LogAppender(LogCluster& cluster, const ProducerConfig& cfg, const Topic& topic, std::string name,
              const std::string& host, std::int64_t producer_id, ProducerListener* listener = nullptr);

  // Spawns the producer actor on its host, restarted with the host. Call once.
  void start();

  // From an actor on the producer's host: hands record `id` over and returns at once.
  void send(RecordId id, std::optional<std::uint64_t> key = std::nullopt);
  // From an actor on the producer's host: hands record `id` over and waits for its outcome
  // (Ok: acknowledged, or sent with acks=0; Error: the producer gave up on it). Waits at most
  // delivery_timeout plus request_timeout (Timeout after that, which a working producer never
  // reaches).
  Status append(Rpc& rpc, RecordId id, std::optional<std::uint64_t> key = std::nullopt);

  const Endpoint<AppenderProtocol>& endpoint() const { return endpoint_; }
  const Topic& topic() const { return topic_; }
  int host() const { return endpoint_.host(); }
  std::uint64_t incarnations() const { return incarnations_; }

 private:
  LogCluster& cluster_;
  ProducerConfig cfg_;
  Topic topic_;
  std::string name_;
  std::int64_t producer_id_;
  ProducerListener* listener_;
  Endpoint<AppenderProtocol> endpoint_;
  std::uint64_t incarnations_ = 0;  // lives of the producer actor so far
};

}  // namespace sdsim::log_service
