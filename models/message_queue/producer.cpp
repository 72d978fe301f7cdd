#include "models/message_queue/producer.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "models/message_queue/controller.hpp"
#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::mq {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

class Producer {
 public:
  Producer(Cluster& c, int index)
      : c_(c),
        index_(index),
        cfg_(c.cfg.producer),
        arrivals_(c.ctx.workload(), 1.0 / c.ctx.workload().clients, index, c.ctx.workload().clients),
        rng_(c.ctx.stream(fmt::format("producer-{}", index))) {
    open_.resize(c_.cfg.partitions);
    next_seq_.assign(c_.partitions(), 0);
    in_flight_.assign(c_.cfg.brokers, 0);
    producer_id_ = 1000000 + index;
    name_ = fmt::format("producer-{}", index);
  }

  void run() {
    Inbox inbox(sg4::Mailbox::by_name(fmt::format("producer-{}/inbox", index_)));
    host_ = c_.net.host_index(sg4::this_actor::get_host());
    refresh_metadata(true);
    next_arrival_ = arrivals_.next_arrival(c_.now(), rng_);
    while (true) {
      const double now = c_.now();
      absorb_arrivals(now);
      close_batches(now);
      expire_requests(now);
      send_ready(now, inbox.mailbox());
      auto msg = inbox.wait_until(next_wake(now));
      if (msg) on_reply(*msg);
    }
  }

 private:
  struct Open {
    std::vector<MessageId> ids;
    double first = 0.0;
    double close_at = kInf;
  };
  struct Batch {
    int partition = 0;
    RecordBatch batch;
    double created = 0.0;   // first record's creation
    double retry_at = 0.0;
    int attempts = 0;
  };
  struct Request {
    int broker = 0;
    double deadline = 0.0;
    std::vector<Batch> batches;
  };

  void absorb_arrivals(double now) {
    const double end = c_.load_end;
    while (next_arrival_ < end) {
      Open& o = open_[next_partition_];
      const bool future = next_arrival_ > now;
      if (future && (o.ids.empty() || next_arrival_ >= o.close_at)) break;
      add(o, next_partition_, next_arrival_);
      next_partition_ = (next_partition_ + 1) % c_.cfg.partitions;
      next_arrival_ = arrivals_.next_arrival(now, rng_);
    }
  }

  void add(Open& o, int partition, double t) {
    const auto stream = static_cast<std::uint32_t>(index_ * c_.partitions() + partition);
    if (o.ids.empty()) {
      o.first = t;
      o.close_at = t + cfg_.linger;
    }
    o.ids.push_back(c_.ledger.add(stream, t));
    if (61.0 + double(o.ids.size()) * c_.cfg.message_size >= cfg_.batch_size) o.close_at = std::min(o.close_at, t);
  }

  // A batch is ready when full or lingered long enough; like Kafka's sender, a request to a
  // broker then takes every open batch for that broker, ready or not.
  void close_batches(double now) {
    std::vector<bool> drain(c_.cfg.brokers, false);
    for (int p = 0; p < c_.cfg.partitions; ++p) {
      const Open& o = open_[p];
      if (!o.ids.empty() && o.close_at <= now && leaders_[p] >= 0) drain[leaders_[p]] = true;
    }
    for (int p = 0; p < c_.cfg.partitions; ++p) {
      Open& o = open_[p];
      if (o.ids.empty()) continue;
      if (o.close_at > now && !(leaders_[p] >= 0 && drain[leaders_[p]])) continue;
      Batch b;
      b.partition = p;
      b.created = o.first;
      b.retry_at = now;
      b.batch.ids = std::move(o.ids);
      b.batch.record_bytes = c_.cfg.message_size;
      if (cfg_.idempotent) {
        b.batch.producer_id = producer_id_;
        b.batch.base_seq = next_seq_[p];
        next_seq_[p] += std::int32_t(b.batch.ids.size());
      }
      queue_.push_back(std::move(b));
      o = Open{};
    }
  }

  void refresh_metadata(bool force) {
    const double now = c_.now();
    if (!force && now - refreshed_at_ < cfg_.retry_backoff) return;
    refreshed_at_ = now;
    leaders_.clear();
    for (const PartitionMeta& m : c_.controller_state->partitions) leaders_.push_back(m.leader);
  }

  void send_ready(double now, sg4::Mailbox* reply_box) {
    // Retried batches go back in their partition's order, or an idempotent producer's
    // sequence numbers would arrive with gaps (out-of-order rejections, more retries).
    std::stable_sort(queue_.begin(), queue_.end(), [](const Batch& a, const Batch& b) {
      return a.partition != b.partition ? a.partition < b.partition : a.created < b.created;
    });
    std::map<int, Request> out;
    std::vector<Batch> keep;
    // A broker with a batch due takes every queued batch for it (retries included): one
    // request per broker and round, not one per batch.
    std::vector<bool> due(c_.cfg.brokers, false);
    for (Batch& b : queue_) {
      const int leader = leaders_[b.partition];
      if (b.retry_at <= now && leader < 0) {
        refresh_metadata(false);
        b.retry_at = now + cfg_.retry_backoff;
      }
      if (leader >= 0 && b.retry_at <= now && in_flight_[leader] < cfg_.max_in_flight) due[leader] = true;
    }
    for (Batch& b : queue_) {
      const int leader = leaders_[b.partition];
      if (leader >= 0 && due[leader]) out[leader].batches.push_back(std::move(b));
      else if (!fail_if_expired(b, now)) keep.push_back(std::move(b));
    }
    queue_ = std::move(keep);
    for (auto& [broker, req] : out) {
      ProduceRequest pr;
      pr.acks = cfg_.acks;
      for (Batch& b : req.batches) {
        ++b.attempts;
        for (MessageId id : b.batch.ids) c_.ledger.send_attempt(id, now);
        pr.batches.emplace_back(b.partition, b.batch);
      }
      const double bytes = pr.bytes();
      const std::uint64_t id = c_.net.next_message_id();
      c_.send(*c_.brokers[broker], "produce", std::move(pr), bytes, host_, reply_box, id);
      if (cfg_.acks == Acks::None) {
        for (Batch& b : req.batches) {
          for (MessageId m : b.batch.ids) c_.ledger.sent_unacknowledged(m);
          record(b, now, "sent", broker);
        }
        continue;
      }
      req.broker = broker;
      req.deadline = now + cfg_.request_timeout;
      ++in_flight_[broker];
      requests_.emplace(id, std::move(req));
    }
  }

  double next_wake(double now) const {
    double next = next_arrival_ < c_.load_end ? next_arrival_ : kInf;
    for (const Open& o : open_)
      if (!o.ids.empty()) next = std::min(next, o.close_at);
    for (const Batch& b : queue_)
      if (b.retry_at > now) next = std::min(next, b.retry_at);
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
      for (Batch& b : it->second.batches) retry_or_fail(std::move(b), now);
      it = requests_.erase(it);
    }
  }

  void on_reply(const Message& msg) {
    auto it = requests_.find(msg.id);
    if (it == requests_.end()) return;  // a reply after its request timed out
    Request req = std::move(it->second);
    requests_.erase(it);
    --in_flight_[req.broker];
    const double now = c_.now();
    const auto& reply = std::any_cast<const ProduceReply&>(msg.body);
    for (std::size_t i = 0; i < req.batches.size(); ++i) {
      Batch& b = req.batches[i];
      const Err err = i < reply.results.size() ? reply.results[i].err : Err::Timeout;
      if (err == Err::None) {
        for (MessageId id : b.batch.ids) c_.ledger.acked(id, now);
        record(b, now, "ok", req.broker);
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

  bool fail_if_expired(const Batch& b, double now) {
    if (now + cfg_.retry_backoff <= b.created + cfg_.delivery_timeout) return false;
    fail(b);
    return true;
  }

  // Gives up on a batch. An idempotent producer then starts a new producer id, so that the
  // gap in its sequence numbers does not block later batches (Kafka bumps the epoch).
  void fail(const Batch& b) {
    for (MessageId id : b.batch.ids) c_.ledger.failed(id);
    record(b, c_.now(), "failed", leaders_[b.partition]);
    if (!cfg_.idempotent) return;
    producer_id_ += 1000;
    std::fill(next_seq_.begin(), next_seq_.end(), 0);
    for (Batch& q : queue_) {
      q.batch.producer_id = producer_id_;
      q.batch.base_seq = next_seq_[q.partition];
      next_seq_[q.partition] += std::int32_t(q.batch.ids.size());
    }
  }

  // One requests.csv row per message: start = creation, end = its outcome at the producer.
  void record(const Batch& b, double now, std::string_view outcome, int broker) {
    const std::string server = broker >= 0 ? fmt::format("broker-{}", broker) : std::string("none");
    for (MessageId id : b.batch.ids)
      c_.ctx.recorder().request(RequestRecord{id, "produce", name_, server, c_.ledger.created(id), now, outcome,
                                              b.attempts - 1});
  }

  void set_failing(bool failing, double now) {
    c_.stats.producer_failing(failing, failing_, now);
    failing_ = failing;
  }

  Cluster& c_;
  int index_;
  ProducerConfig cfg_;
  int host_ = -1;
  ArrivalProcess arrivals_;
  RandomStream rng_;
  double next_arrival_ = kInf;
  int next_partition_ = 0;
  std::vector<Open> open_;
  std::vector<Batch> queue_;
  std::map<std::uint64_t, Request> requests_;
  std::vector<int> in_flight_;
  std::vector<std::int32_t> next_seq_;
  std::vector<int> leaders_;
  double refreshed_at_ = -1.0;
  std::int64_t producer_id_ = 0;
  bool failing_ = false;
  std::string name_;
};

}  // namespace

void start_producer(Cluster& cluster, int index) {
  const std::string host = cluster.ctx.hosts_with_role("producer").at(index);
  sg4::Actor::create(fmt::format("producer-{}", index), sg4::Host::by_name(host), [&cluster, index] {
    Producer(cluster, index).run();
  })->daemonize();
}

}  // namespace sdsim::mq
