#include "sim/services/log/controller.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/net/service.hpp"
#include "sim/services/log/isr.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::log_service {
namespace {

constexpr double kTick = 0.05;  // s

class Controller : public ServiceHandler<ControllerProtocol> {
 public:
  Controller(LogCluster& c, std::shared_ptr<ControllerState> s) : c_(c), s_(std::move(s)) {}

  void start(Inbox&) override {
    // A restarted controller does not know how long brokers were silent while it was down.
    if (s_->incarnations++ > 0) s_->brokers->restart_clocks(c_.now());
    next_txn_check_ = c_.now() + c_.config().transaction_cleanup_interval;
    spawn_local("controller/ticker", [this] {
      while (true) {
        tick();
        sg4::this_actor::sleep_for(kTick);
      }
    });
  }

  void handle(std::unique_ptr<Letter<ControllerProtocol>> msg) override {
    std::visit(overloaded{
                   [&](const BrokerHeartbeat& hb) { on_broker_heartbeat(hb); },
                   [&](const AlterIsr& a) { on_alter_isr(a); },
                   [&](const TxnMarkerAck& a) { on_marker_ack(a.marker); },
                   [&](const GroupHeartbeat& hb) { on_group_heartbeat(*msg, hb); },
                   [&](const OffsetCommit& oc) { c_.net().reply(*msg, CoordinatorReply{s_->groups[oc.group].commit(oc)}); },
                   [&](const TxnInit& init) { on_txn_init(*msg, init); },
                   [&](const TxnBegin& b) { on_txn_begin(*msg, b); },
                   [&](const TxnEnd& e) { on_txn_end(*msg, e); },
               },
               msg->body);
  }

 private:
  std::string pname(int p) const { return fmt::format("partition-{}", p); }
  std::string bname(int b) const { return fmt::format("broker-{}", b); }
  bool alive(int b) const { return s_->brokers->alive(b); }

  void on_broker_heartbeat(const BrokerHeartbeat& hb) {
    const int b = hb.broker;
    switch (s_->brokers->heartbeat(b, hb.incarnation, c_.now())) {
      case FailureDetector::Beat::Restarted:
        c_.event("broker_restarted", bname(b), "new incarnation before its session expired");
        s_->brokers->declare_dead(b);
        broker_failed(b);
        s_->brokers->heartbeat(b, hb.incarnation, c_.now());
        [[fallthrough]];
      case FailureDetector::Beat::Joined:
        c_.event("broker_registered", bname(b), fmt::format("incarnation {}", hb.incarnation));
        broker_joined(b);
        break;
      case FailureDetector::Beat::Known:
        break;
    }
    // Every heartbeat gets the whole metadata back: a lost update heals within one beat.
    c_.net().send(c_.broker(b), MetadataUpdate{s_->partitions});
  }

  void broker_failed(int b) {
    for (PartitionMeta& m : s_->partitions) {
      bool change = false;
      if (m.isr.size() > 1 && std::find(m.isr.begin(), m.isr.end(), b) != m.isr.end()) {
        const std::vector<int> before = m.isr;
        std::erase(m.isr, b);
        ++c_.stats().isr_shrinks;  // a shrink too, though the controller made it, not the leader
        c_.event("isr_shrink", pname(m.partition),
                 fmt::format("{} -> {} ({} fenced)", before, m.isr, bname(b)));
        change = true;
      }
      if (m.leader == b) {
        elect(m);
        change = true;
      }
      if (change) ++m.version;
    }
    broadcast();
  }

  void broker_joined(int b) {
    for (PartitionMeta& m : s_->partitions) {
      if (m.leader >= 0 || std::find(m.replicas.begin(), m.replicas.end(), b) == m.replicas.end()) continue;
      elect(m);
      if (m.leader >= 0) ++m.version;
    }
    broadcast();
  }

  void elect(PartitionMeta& m) {
    const int old = m.leader;
    auto is_alive = [this](int r) { return alive(r); };
    int leader = elect_leader(m.replicas, m.isr, is_alive, false);
    bool unclean = false;
    if (leader < 0 && c_.config().unclean_leader_election) {
      leader = elect_leader(m.replicas, m.isr, is_alive, true);
      unclean = leader >= 0;
    }
    m.leader = leader;
    if (leader < 0) {
      if (old >= 0) c_.event("partition_offline", pname(m.partition), fmt::format("no live ISR member; isr {}", m.isr));
      return;
    }
    ++m.epoch;
    if (unclean) m.isr = {leader};
    ++c_.stats().elections;
    c_.event(unclean ? "unclean_leader_election" : "leader_election", pname(m.partition),
             fmt::format("broker-{} leads (epoch {}); isr {}", leader, m.epoch, m.isr));
  }

  void broadcast() {
    for (int b = 0; b < c_.config().brokers; ++b)
      if (alive(b)) c_.net().send(c_.broker(b), MetadataUpdate{s_->partitions});
  }

  void on_alter_isr(const AlterIsr& a) {
    PartitionMeta& m = s_->partitions[a.partition];
    if (m.leader != a.leader || m.epoch != a.epoch || a.isr == m.isr) return;
    std::vector<int> isr;
    for (int r : a.isr)  // never re-admit a broker the controller considers dead
      if (alive(r)) isr.push_back(r);
    if (isr.empty() || isr == m.isr) return;
    const bool shrink = isr.size() < m.isr.size();
    ++(shrink ? c_.stats().isr_shrinks : c_.stats().isr_expands);
    c_.event(shrink ? "isr_shrink" : "isr_expand", pname(a.partition), fmt::format("{} -> {}", m.isr, isr));
    m.isr = isr;
    ++m.version;
    broadcast();
  }

  void on_group_heartbeat(const Envelope& msg, const GroupHeartbeat& hb) {
    GroupState& g = s_->groups[hb.group];
    if (g.heartbeat(hb.member, hb.incarnation, c_.now())) {
      ++c_.stats().rebalances;
      c_.event("rebalance", group_name(hb.group), fmt::format("member {} joined; generation {}", hb.member, g.generation()));
    }
    c_.net().reply(msg, g.assignment(hb.member, c_.now()));
  }

  std::string group_name(int g) const { return "group-" + c_.groups().at(g).name; }

  void on_txn_init(const Envelope& msg, const TxnInit& init) {
    abort_open(init.producer);
    c_.net().reply(msg, TxnInitReply{s_->next_producer_id++, ++s_->txn_counter[init.producer]});
  }

  void on_txn_begin(const Envelope& msg, const TxnBegin& b) {
    abort_open(b.producer);
    s_->open_txn[b.producer] = b.txn;
    s_->txn_partitions[b.producer] = b.partitions;
    s_->txn_started[b.producer] = c_.now();
    s_->txn_timeout[b.producer] = b.timeout;
    c_.net().reply(msg, CoordinatorReply{Err::None});
  }

  void abort_open(int producer) {
    auto it = s_->open_txn.find(producer);
    if (it == s_->open_txn.end() || it->second == 0) return;
    end_txn(producer, it->second, false);
    it->second = 0;
  }

  // Markers go to every partition the transaction registered (Kafka's AddPartitionsToTxn);
  // leaders where it never wrote acknowledge at once.
  void end_txn(int producer, std::int64_t txn, bool commit) {
    ++(commit ? c_.stats().txn_commits : c_.stats().txn_aborts);
    for (int p : s_->txn_partitions[producer]) s_->markers.push_back({TxnMarker{p, txn, commit}, -1.0});
    send_markers();
  }

  // Kafka's coordinator aborts, every transaction.abort.timed.out.transaction.cleanup.interval.ms,
  // the transactions open for longer than their transaction.timeout.ms, and bumps the
  // producer's epoch: the producer is fenced (its end of that transaction is refused).
  void abort_timed_out(double now) {
    for (auto& [producer, txn] : s_->open_txn) {
      if (txn == 0 || now < s_->txn_started[producer] + s_->txn_timeout[producer]) continue;
      ++c_.stats().txn_timeouts;
      c_.event("txn_timeout_abort", fmt::format("producer-{}", producer),
               fmt::format("transaction open since {:.3f}s; timeout {:.3f}s",
                           s_->txn_started[producer], s_->txn_timeout[producer]));
      end_txn(producer, txn, false);
      txn = 0;
    }
  }

  void on_txn_end(const Envelope& msg, const TxnEnd& e) {
    auto it = s_->open_txn.find(e.producer);
    Err err = Err::None;
    if (it == s_->open_txn.end() || it->second != e.txn) {
      err = Err::StaleGeneration;  // fenced: a newer incarnation took over
    } else {
      bool commit = e.commit;
      if (commit && s_->groups[e.offsets.group].commit(e.offsets) != Err::None) {
        commit = false;
        err = Err::StaleGeneration;
      }
      end_txn(e.producer, e.txn, commit);
      it->second = 0;
    }
    c_.net().reply(msg, CoordinatorReply{err});
  }

  void on_marker_ack(const TxnMarker& m) {
    std::erase_if(s_->markers, [&](const ControllerState::PendingMarker& pm) {
      return pm.marker.partition == m.partition && pm.marker.txn == m.txn;
    });
  }

  void send_markers() {
    const double now = c_.now();
    for (auto& pm : s_->markers) {
      if (pm.sent_at >= 0 && now - pm.sent_at < 0.5) continue;
      const int leader = s_->partitions[pm.marker.partition].leader;
      if (leader < 0) continue;
      pm.sent_at = now;
      c_.net().send(c_.broker(leader), pm.marker);
    }
  }

  void tick() {
    const double now = c_.now();
    for (int b : s_->brokers->expire(now)) {
      c_.event("broker_session_expired", bname(b), "no heartbeat");
      broker_failed(b);
    }
    for (std::size_t g = 0; g < s_->groups.size(); ++g) {
      for (int m : s_->groups[g].expire(now)) {
        ++c_.stats().rebalances;
        c_.event("rebalance", group_name(int(g)),
                 fmt::format("member {} left (session timeout); generation {}", m, s_->groups[g].generation()));
      }
    }
    if (now >= next_txn_check_) {
      next_txn_check_ = now + c_.config().transaction_cleanup_interval;
      abort_timed_out(now);
    }
    send_markers();
  }

  LogCluster& c_;
  std::shared_ptr<ControllerState> s_;
  double next_txn_check_ = 0.0;  // volatile: the check's schedule restarts with the controller
};

}  // namespace

void start_controller(LogCluster& c, std::shared_ptr<ControllerState> s) {
  spawn_service<ControllerProtocol>(c.net(), c.controller(), [&c, s] { return std::make_unique<Controller>(c, s); });
}

}  // namespace sdsim::log_service
