#include "sim/services/log/broker.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "sim/net/inbox.hpp"
#include "sim/services/log/controller.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::log_service {
namespace {

constexpr double kTick = 0.05;  // s: expiry of held requests, ISR checks, heartbeats

bool contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

class BrokerService : public ServiceHandler<BrokerProtocol> {
 public:
  BrokerService(LogCluster& c, int index, std::shared_ptr<BrokerStore> store)
      : c_(c), index_(index), store_(std::move(store)) {}
  void start(Inbox&) override {
    broker_ = std::make_shared<Broker>(c_, index_, store_);
    broker_->start(broker_);
  }
  void handle(std::unique_ptr<Letter<BrokerProtocol>> msg) override { broker_->handle(std::move(msg)); }

 private:
  LogCluster& c_;
  int index_;
  std::shared_ptr<BrokerStore> store_;
  std::shared_ptr<Broker> broker_;
};

}  // namespace

Broker::Broker(LogCluster& cluster, int index, std::shared_ptr<BrokerStore> store)
    : c_(cluster), cfg_(cluster.config()), index_(index), store_(std::move(store)) {
  name_ = fmt::format("broker-{}", index);
  host_ = c_.broker(index).host();
  roles_.resize(c_.partitions());
  appends_.resize(c_.partitions());
  last_touch_.resize(std::size_t(c_.partitions()), 0);
  const auto& disks = c_.net().host(host_)->get_disks();
  if (!disks.empty()) disk_ = std::make_unique<DiskIo>(disks.front(), name_ + "/disk");
  if (store_->incarnations++ > 0) {
    // A restart: what the page cache held is gone.
    for (ReplicaLog& log : store_->logs) log.crash();
    c_.event("broker_restart", name_, "unflushed log tails lost");
  }
}

void Broker::start(const std::shared_ptr<Broker>& self) {
  spawn_local(name_ + "/ticker", [self] {
    while (true) {
      self->tick();
      sg4::this_actor::sleep_for(kTick);
    }
  });
  spawn_local(name_ + "/fetcher", [self] { self->fetcher_loop(); });
  if (cfg_.flush.policy != FlushPolicy::Every) spawn_local(name_ + "/flusher", [self] { self->flusher_loop(); });
  // Last: each spawn costs this actor a scheduling round, which must not move the others.
  if (disk_) disk_->start();
}

void Broker::handle(std::unique_ptr<Letter<BrokerProtocol>> msg) {
  if (std::holds_alternative<ProduceRequest>(msg->body)) on_produce(std::move(msg));
  else if (std::holds_alternative<FetchRequest>(msg->body)) on_fetch(std::move(msg));
  else if (const auto* m = std::get_if<MetadataUpdate>(&msg->body)) on_metadata(*m);
  else on_txn_marker(std::get<TxnMarker>(msg->body));
}

// ---- leader: produce -------------------------------------------------------------------

void Broker::on_produce(Request msg) {
  auto& req = std::get<ProduceRequest>(msg->body);
  PendingProduce pending;
  pending.deadline = c_.now() + req.timeout;
  for (auto& [p, batch] : req.batches) {
    PartitionResult res{p, Err::None, -1};
    Role& role = roles_[p];
    ReplicaLog& log = store_->logs[p];
    if (!role.leader) {
      res.err = Err::NotLeader;
    } else if (req.acks == Acks::All && int(role.isr.isr().size()) < cfg_.min_insync_replicas) {
      res.err = Err::NotEnoughReplicas;
      ++c_.stats().not_enough_replicas;
    } else {
      switch (log.check_sequence(batch.producer_id, batch.base_seq)) {
        case SequenceCheck::OutOfOrder: res.err = Err::OutOfOrder; break;
        case SequenceCheck::Duplicate:  // already here: acknowledge once it is committed
          if (req.acks == Acks::All) pending.waits.emplace_back(pending.reply.results.size(), log.log_end());
          break;
        case SequenceCheck::Append: {
          res.offset = append(p, std::move(batch));
          if (req.acks == Acks::All)
            pending.waits.emplace_back(pending.reply.results.size(), store_->logs[p].log_end());
          break;
        }
      }
    }
    pending.reply.results.push_back(res);
  }
  for (const auto& r : pending.reply.results)
    if (r.offset >= 0) after_append(r.partition);
  if (req.acks == Acks::None) {
    // acks=0 gets no answer; on an error Kafka's broker closes the connection instead
    // (KafkaApis.handleProduceRequest), which tells the client to refresh its metadata. The
    // reply here stands for that close: the producer reads nothing from it but the fact.
    const bool error = std::any_of(pending.reply.results.begin(), pending.reply.results.end(),
                                   [](const PartitionResult& r) { return r.err != Err::None; });
    if (error) c_.net().reply(*msg, std::move(pending.reply));
    return;
  }
  pending.request = std::move(msg);
  if (pending.waits.empty()) {
    c_.net().reply(*pending.request, std::move(pending.reply));
    return;
  }
  purgatory_.push_back(std::move(pending));
  complete_produces(false);
}

Offset Broker::append(int partition, RecordBatch batch) {
  Role& role = roles_[partition];
  ReplicaLog& log = store_->logs[partition];
  batch.epoch = role.meta.epoch;
  c_.appended(batch);
  const Offset base = log.append(std::move(batch));
  touch(partition);
  note_append(partition);
  if (cfg_.flush.policy == FlushPolicy::Every) flush_by_policy(log, partition, true);
  return base;
}

void Broker::note_append(int partition) {
  if (cfg_.flush.policy == FlushPolicy::Os)
    appends_[partition].emplace_back(c_.now(), store_->logs[partition].log_end());
}

void Broker::after_append(int partition) {
  update_hw(partition);
  wake_fetches();
}

void Broker::update_hw(int partition) {
  Role& role = roles_[partition];
  if (!role.leader) return;
  ReplicaLog& log = store_->logs[partition];
  const Offset before = log.high_watermark();
  log.set_high_watermark(role.isr.high_watermark(log.log_end()));
  if (log.high_watermark() == before) return;
  touch(partition);
  complete_produces(false);
  wake_fetches();
  if (!c_.push_consumers().empty()) push(partition);
}

void Broker::complete_produces(bool expire) {
  const double now = c_.now();
  for (auto& pp : purgatory_) {
    bool done = true;
    for (auto& [i, offset] : pp.waits) {
      PartitionResult& r = pp.reply.results[i];
      if (r.err != Err::None) continue;
      if (store_->logs[r.partition].high_watermark() < offset) {
        done = false;
      } else if (int(roles_[r.partition].isr.isr().size()) < cfg_.min_insync_replicas) {
        // Kafka (Partition.checkEnoughReplicasReachOffset): the high watermark passed the
        // records, but the ISR that holds them is below min.insync.replicas: they stay in the
        // log and the producer is told NOT_ENOUGH_REPLICAS_AFTER_APPEND (it retries).
        r.err = Err::NotEnoughReplicasAfterAppend;
        ++c_.stats().not_enough_replicas_after_append;
      }
    }
    if (!done && expire && now >= pp.deadline) {
      for (auto& [i, offset] : pp.waits)
        if (store_->logs[pp.reply.results[i].partition].high_watermark() < offset) pp.reply.results[i].err = Err::Timeout;
      done = true;
    }
    if (done) {
      c_.net().reply(*pp.request, std::move(pp.reply));
      pp.request.reset();
    }
  }
  std::erase_if(purgatory_, [](const PendingProduce& pp) { return !pp.request; });
}

void Broker::fail_produces(int partition) {
  for (auto& pp : purgatory_)
    for (auto& [i, offset] : pp.waits)
      if (pp.reply.results[i].partition == partition) pp.reply.results[i].err = Err::NotLeader;
  complete_produces(false);
}

// ---- leader: fetch ---------------------------------------------------------------------

void Broker::on_fetch(Request msg) {
  const auto& req = std::get<FetchRequest>(msg->body);
  if (req.replica >= 0) {
    for (const FetchPartition& fp : req.partitions) {
      Role& role = roles_[fp.partition];
      if (!role.leader) continue;
      role.isr.on_fetch(req.replica, fp.offset, store_->logs[fp.partition].log_end(), c_.now());
      update_hw(fp.partition);
    }
  }
  PendingFetch f{std::move(msg), c_.now() + req.max_wait};
  if (!answer_fetch(f, req.max_wait <= 0)) fetch_waits_.push_back(std::move(f));
}

// A waiting fetch whose partitions were not touched since its last check would find exactly
// what it found then (not ready): only the others are looked at again, in their order.
void Broker::wake_fetches() {
  if (woken_at_ == touches_) return;
  woken_at_ = touches_;
  for (auto& f : fetch_waits_)
    if (f.request && answer_fetch(f, false)) f.request.reset();
  std::erase_if(fetch_waits_, [](const PendingFetch& f) { return !f.request; });
}

bool Broker::partition_ready(const FetchRequest& req, const FetchPartition& fp) const {
  if (!roles_[fp.partition].leader) return true;  // an error
  const ReplicaLog& log = store_->logs[fp.partition];
  if (fp.offset > log.log_end()) return true;  // a divergence, or a consumer's reset
  if (req.replica >= 0) {
    const Offset epoch_end =
        fp.last_epoch >= 0 ? log.end_offset_for_epoch(fp.last_epoch) : log.log_end();
    return epoch_end < fp.offset ||
           log.has_records(fp.offset, log.log_end(), std::size_t(cfg_.replica_fetch_max_records));
  }
  const Offset until = req.read_committed ? log.last_stable_offset() : log.high_watermark();
  return log.has_records(fp.offset, until, req.max_records);  // the position would move
}

bool Broker::fetch_ready(const FetchRequest& req, std::uint64_t since) const {
  // Ready when a partition has an error, a divergence, or (consumers) a position that would
  // move, or (followers) once min_bytes are there. When any batch is enough (min_bytes <= a
  // batch header), that is "some partition has records", and partitions untouched since the
  // last check had none.
  const double enough = std::max(req.min_bytes, 1.0);
  if (req.replica < 0 || enough <= RecordBatch::bytes_for(0.0, 0)) {
    return std::any_of(req.partitions.begin(), req.partitions.end(), [&](const FetchPartition& fp) {
      return (since == kNeverChecked || last_touch_[std::size_t(fp.partition)] > since) &&
             partition_ready(req, fp);
    });
  }
  double bytes = 0.0;  // summed in the reply's order, as answer_fetch sums them
  for (const FetchPartition& fp : req.partitions) {
    if (!roles_[fp.partition].leader) return true;
    const ReplicaLog& log = store_->logs[fp.partition];
    const Offset epoch_end =
        fp.last_epoch >= 0 ? log.end_offset_for_epoch(fp.last_epoch) : log.log_end();
    if (epoch_end < fp.offset || fp.offset > log.log_end()) return true;
    bytes = log.add_read_bytes(fp.offset, log.log_end(),
                               std::size_t(cfg_.replica_fetch_max_records), bytes, enough);
    if (bytes >= enough) return true;
  }
  return false;
}

bool Broker::answer_fetch(PendingFetch& f, bool force) {
  const auto& req = std::get<FetchRequest>(f.request->body);
  const std::uint64_t since = f.checked_at;
  f.checked_at = touches_;
  if (!force && !fetch_ready(req, since)) return false;
  FetchReply reply;
  reply.partitions.reserve(req.partitions.size());  // one allocation, not one per doubling
  bool urgent = false;
  double bytes = 0.0;
  for (const FetchPartition& fp : req.partitions) {
    FetchedPartition out = req.replica >= 0 ? read_for_replica(fp) : read_for_consumer(fp, req);
    if (out.err != Err::None || out.diverging_end >= 0) urgent = true;
    for (const auto& b : out.batches) bytes += b.bytes();
    if (req.replica < 0 && out.next_offset != fp.offset) urgent = true;
    reply.partitions.push_back(std::move(out));
  }
  const bool enough = req.replica >= 0 ? bytes >= std::max(req.min_bytes, 1.0) : false;
  if (!(force || urgent || enough)) return false;  // fetch_ready said otherwise: never happens
  if (req.replica >= 0) c_.stats().bytes_replicated += bytes;
  c_.net().reply(*f.request, std::move(reply));
  return true;
}

FetchedPartition Broker::read_for_replica(const FetchPartition& fp) {
  FetchedPartition out;
  out.partition = fp.partition;
  const Role& role = roles_[fp.partition];
  if (!role.leader) {
    out.err = Err::NotLeader;
    return out;
  }
  const ReplicaLog& log = store_->logs[fp.partition];
  out.leader_epoch = role.meta.epoch;
  out.high_watermark = log.high_watermark();
  out.log_end = log.log_end();
  const Offset epoch_end = fp.last_epoch >= 0 ? log.end_offset_for_epoch(fp.last_epoch) : log.log_end();
  if (epoch_end < fp.offset || fp.offset > log.log_end()) {
    out.diverging_end = std::min(epoch_end, log.log_end());
    return out;
  }
  out.batches = log.read(fp.offset, log.log_end(), std::size_t(cfg_.replica_fetch_max_records));
  return out;
}

FetchedPartition Broker::read_for_consumer(const FetchPartition& fp, const FetchRequest& req) {
  FetchedPartition out;
  out.partition = fp.partition;
  out.next_offset = fp.offset;
  const Role& role = roles_[fp.partition];
  if (!role.leader) {
    out.err = Err::NotLeader;
    return out;
  }
  const ReplicaLog& log = store_->logs[fp.partition];
  out.high_watermark = log.high_watermark();
  out.log_end = log.log_end();
  if (fp.offset > log.log_end()) {  // the records it had reached are gone: reset to the end
    out.next_offset = log.log_end();
    return out;
  }
  const Offset until = req.read_committed ? log.last_stable_offset() : log.high_watermark();
  for (RecordBatch& b : log.read(fp.offset, until, req.max_records)) {
    out.next_offset = b.end();
    if (b.control != Control::None) continue;
    if (req.read_committed && b.txn != 0 && log.aborted(b.txn)) continue;
    out.batches.push_back(std::move(b));
  }
  return out;
}

void Broker::push(int partition) {
  ReplicaLog& log = store_->logs[partition];
  Offset& from = c_.push_offsets()[partition];
  const Offset until = c_.push_read_committed() ? log.last_stable_offset() : log.high_watermark();
  if (from >= until) return;
  PushRecords out;
  out.partition = partition;
  for (RecordBatch& b : log.read(from, until, std::numeric_limits<std::size_t>::max())) {
    from = b.end();
    if (b.control == Control::None) out.batches.push_back(std::move(b));
  }
  if (out.batches.empty()) return;
  const auto& consumers = c_.push_consumers();
  c_.net().send(consumers[std::size_t(partition) % consumers.size()], std::move(out));
}

// ---- metadata and ISR ------------------------------------------------------------------

void Broker::on_metadata(const MetadataUpdate& update) {
  for (const PartitionMeta& meta : update.partitions) {
    Role& role = roles_[meta.partition];
    if (role.known && meta.version <= role.meta.version) continue;
    const bool same_term = role.leader && role.meta.epoch == meta.epoch;
    role.meta = meta;
    role.known = true;
    touch(meta.partition);
    if (!contains(meta.replicas, index_)) continue;
    if (meta.leader == index_) {
      if (!same_term) {
        role.leader = true;
        role.isr.become_leader(index_, meta.replicas, meta.isr, c_.now());
        if (!c_.push_consumers().empty()) {
          const ReplicaLog& log = store_->logs[meta.partition];
          Offset& pushed = c_.push_offsets()[meta.partition];
          pushed = std::min(pushed, log.high_watermark());
        }
      } else {
        role.isr.set_isr(meta.isr);
      }
      role.proposed_at = -1.0;
      update_hw(meta.partition);
    } else if (role.leader) {
      role.leader = false;
      fail_produces(meta.partition);
    }
  }
}

void Broker::tick() {
  const double now = c_.now();
  if (now >= next_heartbeat_) {
    next_heartbeat_ = now + cfg_.broker_heartbeat_interval;
    c_.net().send(c_.controller(), BrokerHeartbeat{index_, store_->incarnations});
  }
  for (auto& f : fetch_waits_)
    if (now >= f.deadline && answer_fetch(f, true)) f.request.reset();
  std::erase_if(fetch_waits_, [](const PendingFetch& f) { return !f.request; });
  complete_produces(true);
  for (int p = 0; p < c_.partitions(); ++p)
    if (roles_[p].leader) check_isr(p);
  for (int p = 0; p < c_.partitions(); ++p)
    if (roles_[p].leader) forget_consumed(p);
}

// Not Kafka's retention (7 days by default: it would delete nothing in these runs): the
// simulator lets go of the records no one can read again, so memory follows what is in flight.
// Those are below every replica's flushed offset and high watermark (no crash or truncation
// reaches them) and below every reader's committed (or pushed) position.
void Broker::forget_consumed(int partition) {
  Offset below = store_->logs[partition].high_watermark();
  for (int r : roles_[partition].meta.replicas) {
    const ReplicaLog& log = c_.store(r)->logs[partition];
    below = std::min({below, log.durable_offset(), log.high_watermark()});
  }
  for (std::size_t g = 0; g < c_.groups().size(); ++g)
    if (contains(c_.groups()[g].partitions, partition))
      below = std::min(below, c_.committed(int(g), partition));
  if (!c_.push_consumers().empty()) below = std::min(below, c_.pushed(partition));
  for (int r : roles_[partition].meta.replicas) c_.store(r)->logs[partition].forget_before(below);
}

// Proposes to the controller to drop lagging followers or add caught-up ones; the change
// applies when the controller's metadata comes back (so the controller never elects a
// replica the leader's high watermark did not wait for).
void Broker::check_isr(int partition) {
  Role& role = roles_[partition];
  const double now = c_.now();
  std::vector<int> proposed = role.isr.isr();
  for (int r : role.isr.lagging(now, cfg_.replica_lag_time_max)) std::erase(proposed, r);
  // A follower that has not fetched for a fetch wait and a second is not caught up (a dead
  // broker keeps the log end of its last fetch).
  const double max_silence = cfg_.replica_fetch_wait_max + 1.0;
  role.isr.forget_silent(now, max_silence);
  if (proposed.size() == role.isr.isr().size()) {
    for (int r : role.isr.caught_up(store_->logs[partition].high_watermark(), now, max_silence)) {
      role.isr.mark_pending_add(r);
      proposed.push_back(r);
    }
  }
  if (proposed == role.isr.isr()) return;
  if (proposed == role.proposed_isr && now - role.proposed_at < 1.0) return;
  role.proposed_isr = proposed;
  role.proposed_at = now;
  c_.net().send(c_.controller(), AlterIsr{partition, index_, role.meta.epoch, proposed});
}

void Broker::on_txn_marker(const TxnMarker& marker) {
  Role& role = roles_[marker.partition];
  if (!role.leader) return;
  ReplicaLog& log = store_->logs[marker.partition];
  if (log.open_txn(marker.txn)) {
    RecordBatch b;
    b.txn = marker.txn;
    b.control = marker.commit ? Control::Commit : Control::Abort;
    append(marker.partition, std::move(b));
    after_append(marker.partition);
  }
  // Acknowledged only once the marker is below the high watermark (on every ISR member), or
  // if the transaction never wrote here: a marker only the crashed leader had would leave the
  // transaction open on the new leader forever. The coordinator re-sends until acknowledged.
  const Offset end = log.marker_end(marker.txn);
  if (end < 0 || log.high_watermark() >= end) c_.net().send(c_.controller(), TxnMarkerAck{marker});
}

// ---- follower ---------------------------------------------------------------------------

void Broker::fetcher_loop() {
  Inbox inbox(c_.net(), name_ + "/fetcher");
  const int n = cfg_.brokers;
  std::vector<std::uint64_t> outstanding(n, 0);  // request id per leader, 0 = none
  std::vector<double> deadline(n, 0.0);
  std::vector<double> next_try(n, 0.0);  // after an error reply: back off before fetching again
  const double wait = cfg_.replica_fetch_wait_max;
  while (true) {
    const double now = c_.now();
    for (int leader = 0; leader < n; ++leader) {
      if (leader == index_) continue;
      if ((outstanding[leader] && now < deadline[leader]) || now < next_try[leader]) continue;
      FetchRequest req;
      req.replica = index_;
      req.min_bytes = cfg_.replica_fetch_min_bytes;
      req.max_wait = wait;
      for (int p = 0; p < c_.partitions(); ++p) {
        const Role& role = roles_[p];
        if (!role.known || role.leader || role.meta.leader != leader || !contains(role.meta.replicas, index_)) continue;
        const ReplicaLog& log = store_->logs[p];
        req.partitions.push_back(FetchPartition{p, log.log_end(), log.last_epoch()});
      }
      outstanding[leader] = 0;
      if (req.partitions.empty()) continue;
      deadline[leader] = now + wait + 1.0;
      outstanding[leader] = c_.net().send(c_.broker(leader), std::move(req), SendOptions{&inbox.address(), host_});
    }
    double next = now + 0.1;  // also notices new leaders
    for (int leader = 0; leader < n; ++leader) {
      if (outstanding[leader]) next = std::min(next, deadline[leader]);
      else if (next_try[leader] > now) next = std::min(next, next_try[leader]);
    }
    auto msg = inbox.wait_until(next);
    if (!msg) continue;
    for (int leader = 0; leader < n; ++leader) {
      if (outstanding[leader] != msg->id) continue;
      outstanding[leader] = 0;
      auto reply = open_letter<FetchReply>(std::move(msg), name_);
      if (!apply_fetched(reply->body, leader)) next_try[leader] = c_.now() + 0.1;
      break;
    }
  }
}

bool Broker::apply_fetched(FetchReply& reply, int leader) {
  bool ok = true;
  for (FetchedPartition& fp : reply.partitions) {
    Role& role = roles_[fp.partition];
    if (fp.err != Err::None) ok = false;
    if (fp.err != Err::None || role.leader || role.meta.leader != leader) continue;
    ReplicaLog& log = store_->logs[fp.partition];
    if (fp.diverging_end >= 0) {
      if (fp.diverging_end < log.log_end())
        c_.event("log_truncated", name_, fmt::format("partition {} from {} to {}", fp.partition, log.log_end(), fp.diverging_end));
      log.truncate(fp.diverging_end);
      touch(fp.partition);
      appends_[fp.partition].clear();
      continue;
    }
    bool appended = false;
    for (RecordBatch& b : fp.batches) {
      if (b.base_offset != log.log_end()) break;
      log.append(std::move(b));  // the reply's copy: nothing reads it after
      appended = true;
    }
    if (appended) note_append(fp.partition);
    log.set_high_watermark(std::min(fp.high_watermark, log.log_end()));
    touch(fp.partition);  // appended, or a new high watermark
    if (appended && cfg_.flush.policy == FlushPolicy::Every) flush_by_policy(log, fp.partition, true);
  }
  return ok;
}

// ---- disk -------------------------------------------------------------------------------

void Broker::flusher_loop() {
  const double period = cfg_.flush.policy == FlushPolicy::Interval ? cfg_.flush.interval : 5.0;
  while (true) {
    sg4::this_actor::sleep_for(period);
    for (int p = 0; p < c_.partitions(); ++p) flush_by_policy(store_->logs[p], p, cfg_.flush.policy != FlushPolicy::Os);
  }
}

void Broker::flush_by_policy(ReplicaLog& log, int partition, bool force_all) {
  Offset target = log.log_end();
  if (!force_all) {  // the page cache writes back what is older than os_age
    auto& marks = appends_[partition];
    const double cutoff = c_.now() - cfg_.flush.os_age;
    target = log.durable_offset();
    while (!marks.empty() && marks.front().first <= cutoff) {
      target = marks.front().second;
      marks.pop_front();
    }
  } else {
    appends_[partition].clear();
  }
  if (target <= log.durable_offset()) return;
  // The data counts as durable only once the disk has written it: a crash during the write
  // loses it.
  write_disk(log.bytes_until(target));
  log.flush_to(target);
}

void Broker::write_disk(double bytes) {
  if (disk_ && bytes > 0) disk_->write(bytes);
}

void start_broker(LogCluster& cluster, int index) {
  auto store = cluster.store(index);
  spawn_service<BrokerProtocol>(cluster.net(), cluster.broker(index), [&cluster, index, store] {
    return std::make_unique<BrokerService>(cluster, index, store);
  });
}

}  // namespace sdsim::log_service
