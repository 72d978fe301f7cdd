// The producer client (Kafka's producer, as an actor body): takes records from a source at
// their creation times, spreads them round-robin over a topic's partitions, and batches them
// per partition (`batch_size`, `linger`). Ready batches go to their partition leader, one
// request per broker carrying every ready batch for it, with at most `max_in_flight` requests
// per broker. A batch that fails (error reply or no reply within request_timeout) is retried
// after retry_backoff while retries and delivery_timeout allow; otherwise its records fail.
// An idempotent producer numbers each partition's records so that the leader drops a retried
// duplicate. acks=0 sends and forgets. What happens to each batch is told to a listener.
//
// Records are pulled from the source ahead of time into a batch already waiting out its
// linger (they could change nothing before it closes), so the actor wakes once per batch.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "sim/services/log/log_cluster.hpp"

namespace sdsim::log_service {

// Where records come from: their creation times, in order.
class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // When the next record is created (s), +inf when there are no more.
  virtual double next_time() const = 0;
  // Creates it (called at or before next_time(), never before the producer could have it);
  // returns the application's id for it.
  virtual RecordId take(int partition, double created) = 0;
  // The cluster partition the next record must go to, or -1 to let the producer spread
  // records round-robin (`take` is then called with the partition it chose).
  virtual int next_partition() const { return -1; }
};

// A batch as the listener sees it.
struct BatchOutcome {
  int partition = 0;
  const std::vector<RecordId>* ids = nullptr;
  int broker = -1;        // where it went last (-1: no leader)
  int attempts = 0;
  double created = 0.0;   // first record's creation
};

class ProducerListener {
 public:
  virtual ~ProducerListener() = default;
  virtual void attempted(const BatchOutcome& b, double now) {}
  virtual void acknowledged(const BatchOutcome& b, double now) = 0;
  virtual void failed(const BatchOutcome& b, double now) = 0;
  // acks=0: the request left the producer; nobody will ever say more.
  virtual void sent(const BatchOutcome& b, double now) {}
  // The producer's latest attempt failed (true) or succeeded (false) after a change.
  virtual void failing(bool failing, double now) {}
};

// Runs producer `name` forever on the calling actor (make it a daemon: the run ends it).
void run_producer(LogCluster& cluster, const ProducerConfig& cfg, const Topic& topic, const std::string& name,
                  std::int64_t producer_id, RecordSource& source, ProducerListener& listener);

// The producer behind a LogAppender (appender.hpp): records are handed over as messages to
// `inbox` (the producer's own, which also receives the brokers' replies) and answered there.
void run_handed_producer(LogCluster& cluster, const ProducerConfig& cfg, const Topic& topic,
                         const std::string& name, std::int64_t producer_id, Inbox& inbox,
                         ProducerListener* listener);

}  // namespace sdsim::log_service
