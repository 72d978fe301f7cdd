#include "sim/services/log/producer.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "sim/net/inbox.hpp"
#include "sim/services/log/appender.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::log_service {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Records handed over by the application's actors (appender.hpp), in the order they arrived,
// and the hand-overs still waiting for their outcome.
class HandedRecords : public RecordSource {
 public:
  HandedRecords(Net& net, const Topic& topic, int host, std::string name)
      : net_(net), topic_(topic), host_(host), name_(std::move(name)) {}

  double next_time() const override { return queue_.empty() ? kInf : queue_.front().created; }
  int next_partition() const override { return queue_.front().partition; }
  RecordId take(int, double) override {
    Handed h = std::move(queue_.front());
    queue_.pop_front();
    if (h.request) {
      auto [it, fresh] = waiting_.emplace(h.id, std::move(h.request));
      if (!fresh) throw std::logic_error(name_ + ": record " + std::to_string(h.id) + " handed over twice");
    }
    return h.id;
  }

  // Takes `msg` when it is a hand-over (false: it is something else, e.g. a broker's reply).
  bool accept(std::unique_ptr<Envelope>& msg) {
    auto* letter = dynamic_cast<Letter<AppenderProtocol>*>(msg.get());
    if (letter == nullptr) return false;
    if (msg->src_host != host_)
      throw std::logic_error(name_ + ": a record handed over from another host (the producer is in-process)");
    const HandOver& h = std::get<HandOver>(letter->body);
    Handed r{h.id, h.key ? partition_for_key(topic_, *h.key) : -1, simgrid::s4u::Engine::get_clock(), nullptr};
    if (msg->reply_to != nullptr) r.request = std::move(msg);
    queue_.push_back(std::move(r));
    return true;
  }

  // Tells the waiting senders of `ids` how their records ended.
  void answer(const std::vector<RecordId>& ids, int partition, Status status) {
    if (waiting_.empty()) return;
    for (RecordId id : ids) {
      auto it = waiting_.find(id);
      if (it == waiting_.end()) continue;
      net_.reply(*it->second, HandOverReply{id, partition}, status);
      waiting_.erase(it);
    }
  }

 private:
  struct Handed {
    RecordId id = 0;
    int partition = -1;
    double created = 0.0;
    std::unique_ptr<Envelope> request;  // kept to answer it; nullptr: fire and forget
  };
  Net& net_;
  const Topic topic_;
  const int host_;
  const std::string name_;
  std::deque<Handed> queue_;
  std::unordered_map<RecordId, std::unique_ptr<Envelope>> waiting_;
};

class NoListener : public ProducerListener {
 public:
  void acknowledged(const BatchOutcome&, double) override {}
  void failed(const BatchOutcome&, double) override {}
};

class Producer {
 public:
  Producer(LogCluster& c, const ProducerConfig& cfg, const Topic& topic, const std::string& name,
           std::int64_t producer_id, RecordSource& source, ProducerListener& listener)
      : c_(c),
        cfg_(cfg),
        topic_(topic),
        name_(name),
        source_(source),
        listener_(listener),
        producer_id_(producer_id) {
    open_.resize(topic.partitions);
    next_seq_.assign(c.partitions(), 0);
    in_flight_.assign(c.config().brokers, 0);
    for (int b = 0; b < c.config().brokers; ++b)
      conn_epoch_.push_back(c.net().host_epoch(c.broker(b).host()));
  }

  void run() {
    Inbox inbox(c_.net(), name_ + "/inbox");
    run(inbox);
  }

  // Runs on `inbox`; with `handed`, records also arrive there as HandOver letters.
  void run(Inbox& inbox, HandedRecords* handed = nullptr) {
    inbox_ = &inbox;
    handed_ = handed;
    refresh_metadata(true);
    while (true) {
      const double now = c_.now();
      if (now >= refreshed_at_ + cfg_.metadata_max_age)
        refresh_metadata(true);  // metadata.max.age.ms
      absorb_records(now);
      close_batches(now);
      expire_requests(now);
      send_ready(now);
      auto msg = inbox.wait_until(next_wake(now));
      if (!msg) continue;
      if (handed_ && handed_->accept(msg)) continue;
      on_reply(std::move(msg));
    }
  }

 private:
  struct Open {
    std::vector<RecordId> ids;
    std::vector<double> created;  // each record's creation time (some may be in the future)
    double first = 0.0;
    double close_at = kInf;
  };
  struct Batch {
    int partition = 0;  // cluster partition id
    RecordBatch batch;
    double created = 0.0;  // first record's creation
    double retry_at = 0.0;
    int attempts = 0;
  };
  struct Request {
    int broker = 0;
    bool unsent = false;  // acks=0 to a broker that is gone: its send never completes
    double deadline = 0.0;
    std::vector<Batch> batches;
  };

  void absorb_records(double now) {
    while (true) {
      const double t = source_.next_time();
      if (std::isinf(t)) break;
      const int wanted = source_.next_partition();
      const int i = wanted >= 0 ? wanted - topic_.first : next_partition_;
      Open& o = open_[i];
      // A record still to come is pulled in ahead when nothing can happen to its batch before
      // it exists: it joins an open batch before that batch closes, or starts one before the
      // producer's next batch closes anyway (first_close_, when it wakes up). Then there is no
      // wake-up per record, which at many partitions (most records start a batch) was most
      // of the producer's cost.
      const bool future = t > now;
      // (Never past a linger ahead: with no batch open, the producer waits for the record.)
      if (future && (o.ids.empty() ? !(t < first_close_ && first_close_ < kInf) : t >= o.close_at))
        break;
      put(o, source_.take(topic_.first + i, t), t);
      first_close_ = std::min(first_close_, o.close_at);  // put only moves o's close earlier
      if (wanted < 0) next_partition_ = (next_partition_ + 1) % topic_.partitions;
    }
  }

  // Adds a record created at t to an open batch: the first one starts its linger; a full
  // batch is ready at once.
  void put(Open& o, RecordId id, double t) const {
    if (o.ids.empty()) {
      o.first = t;
      o.close_at = t + cfg_.linger;
    }
    o.ids.push_back(id);
    o.created.push_back(t);
    if (61.0 + double(o.ids.size()) * cfg_.record_bytes >= cfg_.batch_size)
      o.close_at = std::min(o.close_at, t);
  }

  // A batch is ready when full or lingered long enough; like Kafka's sender, a request to a
  // broker then takes every open batch for that broker, ready or not.
  void close_batches(double now) {
    // No open batch ready: none is drained either (a drain needs a ready batch for its
    // broker). The common case at many partitions, where most wake-ups bring one record.
    if (now < first_close_) return;
    std::vector<bool> drain(c_.config().brokers, false);
    for (int i = 0; i < topic_.partitions; ++i) {
      const Open& o = open_[i];
      const int leader = leaders_[topic_.first + i];
      if (!o.ids.empty() && o.close_at <= now && leader >= 0) drain[leader] = true;
    }
    for (int i = 0; i < topic_.partitions; ++i) {
      Open& o = open_[i];
      const int p = topic_.first + i;
      if (o.ids.empty()) continue;
      if (o.close_at > now && !(leaders_[p] >= 0 && drain[leaders_[p]])) continue;
      // A batch drained before it is ready takes only the records that exist by now: those
      // pulled ahead of their creation time stay for the next batch.
      const auto existing = std::size_t(std::upper_bound(o.created.begin(), o.created.end(), now) -
                                        o.created.begin());
      if (existing == 0) continue;
      Batch b;
      b.partition = p;
      b.created = o.first;
      b.retry_at = now;
      b.batch.ids.assign(o.ids.begin(), o.ids.begin() + std::ptrdiff_t(existing));
      b.batch.record_bytes = cfg_.record_bytes;
      if (cfg_.idempotent) {
        b.batch.producer_id = producer_id_;
        b.batch.base_seq = next_seq_[p];
        next_seq_[p] += std::int32_t(b.batch.ids.size());
      }
      queue_.push_back(std::move(b));
      keep_future(o, existing);
    }
    first_close_ = kInf;
    for (const Open& o : open_)
      if (!o.ids.empty()) first_close_ = std::min(first_close_, o.close_at);
  }

  // Leaves in `o` only its records after the first `taken`, as a batch that started with
  // the first of them.
  void keep_future(Open& o, std::size_t taken) const {
    Open rest;
    for (std::size_t k = taken; k < o.ids.size(); ++k) put(rest, o.ids[k], o.created[k]);
    o = std::move(rest);
  }

  void refresh_metadata(bool force) {
    const double now = c_.now();
    if (!force && now - refreshed_at_ < cfg_.retry_backoff) return;
    refreshed_at_ = now;
    leaders_ = c_.leaders();
  }

  BatchOutcome outcome(const Batch& b, int broker) const {
    return BatchOutcome{b.partition, &b.batch.ids, broker, b.attempts, b.created};
  }

  void send_ready(double now) {
    // Retried batches go back in their partition's order, or an idempotent producer's
    // sequence numbers would arrive with gaps (out-of-order rejections, more retries).
    std::stable_sort(queue_.begin(), queue_.end(), [](const Batch& a, const Batch& b) {
      return a.partition != b.partition ? a.partition < b.partition : a.created < b.created;
    });
    std::map<int, Request> out;
    std::vector<Batch> keep;
    // A broker with a batch due takes every queued batch for it that is not backing off
    // (retries included): one request per broker and round, not one per batch.
    std::vector<bool> due(c_.config().brokers, false);
    for (Batch& b : queue_) {
      const int leader = leaders_[b.partition];
      if (b.retry_at <= now && leader < 0) {
        refresh_metadata(false);
        b.retry_at = now + cfg_.retry_backoff;
      }
      if (leader >= 0 && b.retry_at <= now && in_flight_[leader] < cfg_.max_in_flight)
        due[leader] = true;
    }
    // A batch backing off after a failure stays out of the request until retry_backoff has
    // passed (Kafka's accumulator skips a batch whose retry back-off has not elapsed); an
    // idempotent producer holds its partition's later batches behind it too, or they would
    // arrive with a gap in the sequence numbers.
    int held = -1;  // partition whose later batches wait (the queue is sorted by partition)
    for (Batch& b : queue_) {
      const int leader = leaders_[b.partition];
      const bool backing_off = b.retry_at > now || (cfg_.idempotent && held == b.partition);
      if (backing_off && cfg_.idempotent) held = b.partition;
      if (leader >= 0 && due[leader] && !backing_off)
        out[leader].batches.push_back(std::move(b));
      else if (!fail_if_expired(b, now))
        keep.push_back(std::move(b));
    }
    queue_ = std::move(keep);
    for (auto& [broker, req] : out) {
      ProduceRequest pr;
      pr.acks = cfg_.acks;
      pr.timeout = cfg_.request_timeout;
      for (Batch& b : req.batches) {
        ++b.attempts;
        listener_.attempted(outcome(b, broker), now);
        pr.batches.emplace_back(b.partition, b.batch);
      }
      req.broker = broker;
      if (cfg_.acks == Acks::None && !connected(broker)) {
        // Kafka's NetworkClient: a request whose send has not completed counts as in flight,
        // and request.timeout.ms later the client drops the connection and refreshes its
        // metadata. A broker that is down never acknowledges the bytes (TCP), so an acks=0
        // request to it never completes its send.
        req.unsent = true;
        req.deadline = now + cfg_.request_timeout;
        ++in_flight_[broker];
        requests_.emplace(c_.net().next_message_id(), std::move(req));
        continue;
      }
      const std::uint64_t id = c_.net().send(c_.broker(broker), std::move(pr),
                                             SendOptions{&inbox_->address(), inbox_->host()});
      if (cfg_.acks == Acks::None) {
        for (Batch& b : req.batches) {
          listener_.sent(outcome(b, broker), now);
          told(b, Status::Ok);
        }
        set_failing(false, now);  // as far as an acks=0 producer can know, this one worked
        continue;
      }
      req.deadline = now + cfg_.request_timeout;
      ++in_flight_[broker];
      requests_.emplace(id, std::move(req));
    }
  }

  // Whether the producer's connection to `broker` works. A broker host that is off never
  // answers; one that restarted since the connection opened resets it (TCP RST), and the
  // client notices the disconnection and refreshes its metadata (Kafka's NetworkClient
  // requests a metadata update on every disconnection), then reconnects.
  bool connected(int broker) {
    const int host = c_.broker(broker).host();
    if (!c_.net().host(host)->is_on()) return false;
    const std::uint64_t epoch = c_.net().host_epoch(host);
    if (epoch != conn_epoch_[broker]) {
      conn_epoch_[broker] = epoch;
      refresh_metadata(true);
    }
    return true;
  }

  double next_wake(double now) const {
    double next = std::max(refreshed_at_ + cfg_.metadata_max_age, now);
    next = std::min(next, source_.next_time());
    next = std::min(next, first_close_);
    for (const Batch& b : queue_) {
      if (b.retry_at > now) next = std::min(next, b.retry_at);
      // A batch that cannot go (no leader, or its broker's requests all in flight) still
      // expires on time: Kafka's sender polls no longer than the accumulator's next expiry.
      // (After send_ready every queued batch has expiry(b) >= now, so this is later than now.)
      next = std::min(next, std::nextafter(expiry(b), kInf));
    }
    for (const auto& [id, r] : requests_) next = std::min(next, r.deadline);
    return next;
  }

  void expire_requests(double now) {
    for (auto it = requests_.begin(); it != requests_.end();) {
      if (it->second.deadline > now) {
        ++it;
        continue;
      }
      --in_flight_[it->second.broker];
      // The client drops the connection of a timed-out request and refreshes its metadata.
      refresh_metadata(true);
      for (Batch& b : it->second.batches) retry_or_fail(std::move(b), now);
      it = requests_.erase(it);
    }
  }

  void on_reply(std::unique_ptr<Envelope> msg) {
    auto it = requests_.find(msg->id);
    if (it == requests_.end()) {
      // A reply after its request timed out, or (acks=0) the broker closing the connection
      // because it could not take the records: Kafka's broker answers an acks=0 request only
      // by closing the connection on an error, so that the client refreshes its metadata.
      if (cfg_.acks == Acks::None) refresh_metadata(true);
      return;
    }
    Request req = std::move(it->second);
    requests_.erase(it);
    --in_flight_[req.broker];
    const double now = c_.now();
    const auto reply = open_letter<ProduceReply>(std::move(msg), name_);
    for (std::size_t i = 0; i < req.batches.size(); ++i) {
      Batch& b = req.batches[i];
      const Err err = i < reply->body.results.size() ? reply->body.results[i].err : Err::Timeout;
      if (err == Err::None) {
        listener_.acknowledged(outcome(b, req.broker), now);
        told(b, Status::Ok);
        set_failing(false, now);
      } else {
        retry_or_fail(std::move(b), now);
      }
    }
  }

  void retry_or_fail(Batch b, double now) {
    set_failing(true, now);
    refresh_metadata(false);
    b.retry_at = now + cfg_.retry_backoff;
    if (b.attempts > cfg_.retries) {
      fail(b);
      return;
    }
    if (!fail_if_expired(b, now)) queue_.push_back(std::move(b));
  }

  // The last instant a batch may still be (re)sent: a retry must be able to start before
  // delivery_timeout has passed since its first record.
  double expiry(const Batch& b) const { return b.created + cfg_.delivery_timeout - cfg_.retry_backoff; }
  bool fail_if_expired(const Batch& b, double now) {
    if (now <= expiry(b)) return false;
    fail(b);
    return true;
  }

  // Gives up on a batch. An idempotent producer then starts a new producer id, so that the
  // gap in its sequence numbers does not block later batches (Kafka bumps the epoch).
  void fail(const Batch& b) {
    listener_.failed(outcome(b, leaders_[b.partition]), c_.now());
    told(b, Status::Error);
    if (!cfg_.idempotent) return;
    producer_id_ += 1000;
    std::fill(next_seq_.begin(), next_seq_.end(), 0);
    for (Batch& q : queue_) {
      q.batch.producer_id = producer_id_;
      q.batch.base_seq = next_seq_[q.partition];
      next_seq_[q.partition] += std::int32_t(q.batch.ids.size());
    }
  }

  // Answers the application's actors waiting on the batch's records (appender.hpp).
  void told(const Batch& b, Status status) {
    if (handed_) handed_->answer(b.batch.ids, b.partition, status);
  }

  void set_failing(bool failing, double now) {
    if (failing != failing_) listener_.failing(failing, now);
    failing_ = failing;
  }

  LogCluster& c_;
  const ProducerConfig cfg_;
  const Topic topic_;
  const std::string name_;
  RecordSource& source_;
  ProducerListener& listener_;
  Inbox* inbox_ = nullptr;
  HandedRecords* handed_ = nullptr;
  int next_partition_ = 0;
  std::vector<Open> open_;  // by topic-relative partition
  double first_close_ = kInf;  // the earliest close_at of a non-empty open batch
  std::vector<Batch> queue_;
  std::map<std::uint64_t, Request> requests_;
  std::vector<int> in_flight_;
  std::vector<std::uint64_t> conn_epoch_;  // by broker: the host life the connection was opened in
  std::vector<std::int32_t> next_seq_;     // by cluster partition id
  std::vector<int> leaders_;               // by cluster partition id
  double refreshed_at_ = -1.0;
  std::int64_t producer_id_ = 0;
  bool failing_ = false;
};

}  // namespace

void run_producer(LogCluster& cluster, const ProducerConfig& cfg, const Topic& topic,
                  const std::string& name, std::int64_t producer_id, RecordSource& source,
                  ProducerListener& listener) {
  Producer(cluster, cfg, topic, name, producer_id, source, listener).run();
}

void run_handed_producer(LogCluster& cluster, const ProducerConfig& cfg, const Topic& topic,
                         const std::string& name, std::int64_t producer_id, Inbox& inbox,
                         ProducerListener* listener) {
  HandedRecords handed(cluster.net(), topic, inbox.host(), name);
  NoListener none;
  Producer(cluster, cfg, topic, name, producer_id, handed, listener ? *listener : none).run(inbox, &handed);
}

}  // namespace sdsim::log_service
