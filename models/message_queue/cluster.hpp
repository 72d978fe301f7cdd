// What every actor of one message-queue run shares: the configuration, the endpoints, the
// delivery ledger, the run's counters, and the few durable stores that live beside the
// services (logs, controller metadata, group offsets).
#pragma once

#include <any>
#include <deque>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <simgrid/s4u.hpp>

#include "models/message_queue/config.hpp"
#include "models/message_queue/partition_log.hpp"
#include "models/message_queue/protocol.hpp"
#include "sim/metrics/ledger.hpp"
#include "sim/net/net.hpp"

namespace sdsim { class RunContext; }

namespace sdsim::mq {

struct ControllerState;

struct MqStats {
  double bytes_replicated = 0.0;
  std::uint64_t net_messages = 0;     // simulated network messages sent by the model
  std::uint64_t elections = 0, isr_shrinks = 0, isr_expands = 0, rebalances = 0;
  std::uint64_t push_dropped = 0, not_enough_replicas = 0, txn_commits = 0, txn_aborts = 0;
  int failing_producers = 0;          // producers whose last produce attempt failed
  double failing_since = 0.0, unavailable_time = 0.0;
  void producer_failing(bool failing, bool was_failing, double now);
};

// A broker's durable store: one replica log per partition it hosts; what survives restarts.
struct BrokerStore {
  std::vector<ReplicaLog> logs;        // indexed by partition id
  std::uint64_t incarnations = 0;
};

struct Cluster {
  Cluster(const MqConfig& cfg, Net& net, RunContext& ctx) : cfg(cfg), net(net), ctx(ctx) {}
  MqConfig cfg;
  Net& net;
  RunContext& ctx;
  DeliveryLedger ledger;
  MqStats stats;
  std::vector<const Endpoint*> brokers;       // service "broker-<i>" on host broker-<i>
  std::vector<const Endpoint*> consumers;     // push mode: service "consumer-<i>"
  const Endpoint* controller = nullptr;       // service "controller" (also group and txn coordinator)
  std::shared_ptr<ControllerState> controller_state;
  std::vector<std::shared_ptr<BrokerStore>> stores;
  std::vector<Offset> pushed;                 // push mode: next offset to push, per partition
  std::vector<std::deque<MessageId>> push_buffers;  // push mode: each consumer's buffer (volatile)
  double load_end = 0.0;                      // s: producers stop creating messages
  double run_end = 0.0;                       // s: the driver ends the run

  int partitions() const { return cfg.partition_count_total(); }
  // Replicas of a partition: consecutive brokers from p, preferred leader first.
  std::vector<int> replicas(int partition) const;
  // Sends a model message (counted) from `src_host`; replies go to `reply_to`.
  void send(const Endpoint& dst, const char* op, std::any body, double bytes, int src_host,
            simgrid::s4u::Mailbox* reply_to = nullptr, std::uint64_t id = 0);
  void reply(const Message& req, const char* op, std::any body, double bytes, int src_host);
  void event(const std::string& kind, const std::string& target, const std::string& detail);
  double now() const { return simgrid::s4u::Engine::get_clock(); }
};

// sim/net's spawn_service, except that a request whose sender dies mid-transfer is dropped
// instead of failing the service (spawn_service lets that NetworkFailureException escape).
void spawn_mq_service(Net& net, const std::string& name, HandlerFactory factory);

// An actor's receiving side: waits for the next message up to a deadline (a sleep that a
// message can cut short), without an exception per time-out.
class Inbox {
 public:
  explicit Inbox(simgrid::s4u::Mailbox* box);  // makes the calling actor its eager receiver
  ~Inbox();
  std::unique_ptr<Message> wait_until(double deadline);  // nullptr at the deadline
  simgrid::s4u::Mailbox* mailbox() const { return box_; }

 private:
  simgrid::s4u::Mailbox* box_;
  simgrid::s4u::CommPtr pending_;
  Message* slot_ = nullptr;
};

}  // namespace sdsim::mq
