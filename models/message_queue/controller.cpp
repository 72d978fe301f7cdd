#include "models/message_queue/controller.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/message_queue/isr.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::mq {
namespace {

constexpr double kTick = 0.05;  // s

class Controller : public ServiceHandler {
 public:
  Controller(Cluster& c, std::shared_ptr<ControllerState> s) : c_(c), s_(std::move(s)) {
    host_ = c_.controller->host;
  }
  void start() override {
    sg4::Actor::create("controller/ticker", sg4::this_actor::get_host(), [this] {
      while (true) {
        tick();
        sg4::this_actor::sleep_for(kTick);
      }
    })->daemonize();
  }
  void handle(std::unique_ptr<Message> msg) override {
    const std::string_view op = msg->op;
    if (op == "broker_heartbeat") on_broker_heartbeat(*msg);
    else if (op == "alter_isr") on_alter_isr(std::any_cast<const AlterIsr&>(msg->body));
    else if (op == "group_heartbeat") on_group_heartbeat(*msg);
    else if (op == "offset_commit") on_offset_commit(*msg);
    else if (op == "txn_init") on_txn_init(*msg);
    else if (op == "txn_begin") on_txn_begin(*msg);
    else if (op == "txn_end") on_txn_end(*msg);
    else if (op == "txn_marker_ack") on_marker_ack(std::any_cast<const TxnMarker&>(msg->body));
  }

 private:
  std::string pname(int p) const { return fmt::format("partition-{}", p); }

  void on_broker_heartbeat(const Message& msg) {
    const auto& hb = std::any_cast<const BrokerHeartbeat&>(msg.body);
    const int b = hb.broker;
    if (s_->alive[b] && s_->incarnation[b] != 0 && s_->incarnation[b] != hb.incarnation) {
      c_.event("broker_restarted", fmt::format("broker-{}", b), "new incarnation before its session expired");
      broker_failed(b);
    }
    s_->incarnation[b] = hb.incarnation;
    s_->last_heartbeat[b] = c_.now();
    if (!s_->alive[b]) {
      s_->alive[b] = true;
      c_.event("broker_registered", fmt::format("broker-{}", b), fmt::format("incarnation {}", hb.incarnation));
      broker_joined(b);
    }
    // Every heartbeat gets the whole metadata back: a lost update heals within one beat.
    c_.send(*c_.brokers[b], "metadata", MetadataUpdate{s_->partitions}, 100.0 + 50.0 * s_->partitions.size(), host_);
  }

  void broker_failed(int b) {
    s_->alive[b] = false;
    std::vector<int> changed;
    for (PartitionMeta& m : s_->partitions) {
      bool change = false;
      if (m.isr.size() > 1 && std::find(m.isr.begin(), m.isr.end(), b) != m.isr.end()) {
        std::erase(m.isr, b);
        change = true;
      }
      if (m.leader == b) {
        elect(m);
        change = true;
      }
      if (change) {
        ++m.version;
        changed.push_back(m.partition);
      }
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
    auto alive = [this](int r) { return bool(s_->alive[r]); };
    int leader = elect_leader(m.replicas, m.isr, alive, false);
    bool unclean = false;
    if (leader < 0 && c_.cfg.unclean_leader_election) {
      leader = elect_leader(m.replicas, m.isr, alive, true);
      unclean = leader >= 0;
    }
    m.leader = leader;
    if (leader < 0) {
      if (old >= 0) c_.event("partition_offline", pname(m.partition), fmt::format("no live ISR member; isr {}", m.isr));
      return;
    }
    ++m.epoch;
    if (unclean) m.isr = {leader};
    ++c_.stats.elections;
    c_.event(unclean ? "unclean_leader_election" : "leader_election", pname(m.partition),
             fmt::format("broker-{} leads (epoch {}); isr {}", leader, m.epoch, m.isr));
  }

  void broadcast() {
    for (int b = 0; b < c_.cfg.brokers; ++b)
      if (s_->alive[b])
        c_.send(*c_.brokers[b], "metadata", MetadataUpdate{s_->partitions}, 100.0 + 50.0 * s_->partitions.size(), host_);
  }

  void on_alter_isr(const AlterIsr& a) {
    PartitionMeta& m = s_->partitions[a.partition];
    if (m.leader != a.leader || m.epoch != a.epoch || a.isr == m.isr) return;
    std::vector<int> isr;
    for (int r : a.isr)  // never re-admit a broker the controller considers dead
      if (s_->alive[r]) isr.push_back(r);
    if (isr.empty() || isr == m.isr) return;
    const bool shrink = isr.size() < m.isr.size();
    ++(shrink ? c_.stats.isr_shrinks : c_.stats.isr_expands);
    c_.event(shrink ? "isr_shrink" : "isr_expand", pname(a.partition), fmt::format("{} -> {}", m.isr, isr));
    m.isr = isr;
    ++m.version;
    broadcast();
  }

  void on_group_heartbeat(const Message& msg) {
    const auto& hb = std::any_cast<const GroupHeartbeat&>(msg.body);
    GroupState& g = s_->groups[hb.group];
    if (g.heartbeat(hb.member, hb.incarnation, c_.now())) {
      ++c_.stats.rebalances;
      c_.event("rebalance", group_name(hb.group), fmt::format("member {} joined; generation {}", hb.member, g.generation()));
    }
    c_.reply(msg, "group_assignment", g.assignment(hb.member, c_.now()), 200, host_);
  }

  std::string group_name(int g) const { return g == 0 ? "group-consumers" : "group-processors"; }

  void on_offset_commit(const Message& msg) {
    const auto& oc = std::any_cast<const OffsetCommit&>(msg.body);
    const Err err = s_->groups[oc.group].commit(oc);
    c_.reply(msg, "commit_reply", err, 100, host_);
  }

  void on_txn_init(const Message& msg) {
    const auto& init = std::any_cast<const TxnInit&>(msg.body);
    abort_open(init.producer);
    TxnInitReply r{s_->next_producer_id++, ++s_->txn_counter[init.producer]};
    c_.reply(msg, "txn_init_reply", r, 100, host_);
  }

  void on_txn_begin(const Message& msg) {
    const auto& b = std::any_cast<const TxnBegin&>(msg.body);
    abort_open(b.producer);
    s_->open_txn[b.producer] = b.txn;
    c_.reply(msg, "txn_begin_reply", Err::None, 100, host_);
  }

  void abort_open(int producer) {
    auto it = s_->open_txn.find(producer);
    if (it == s_->open_txn.end() || it->second == 0) return;
    end_txn(it->second, false);
    it->second = 0;
  }

  // Markers go to every output partition: leaders where the transaction is not open ignore them.
  void end_txn(std::int64_t txn, bool commit) {
    ++(commit ? c_.stats.txn_commits : c_.stats.txn_aborts);
    for (int p = c_.cfg.partitions; p < c_.partitions(); ++p)
      s_->markers.push_back({TxnMarker{p, txn, commit}, -1.0});
    send_markers();
  }

  void on_txn_end(const Message& msg) {
    const auto& e = std::any_cast<const TxnEnd&>(msg.body);
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
      end_txn(e.txn, commit);
      it->second = 0;
    }
    c_.reply(msg, "txn_end_reply", err, 100, host_);
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
      c_.send(*c_.brokers[leader], "txn_marker", pm.marker, 100, host_, c_.controller->mailbox);
    }
  }

  void tick() {
    const double now = c_.now();
    for (int b = 0; b < c_.cfg.brokers; ++b) {
      if (!s_->alive[b] || now - s_->last_heartbeat[b] <= c_.cfg.broker_session_timeout) continue;
      c_.event("broker_session_expired", fmt::format("broker-{}", b), "no heartbeat");
      broker_failed(b);
    }
    for (std::size_t g = 0; g < s_->groups.size(); ++g) {
      for (int m : s_->groups[g].expire(now, c_.cfg.consumer.session_timeout)) {
        ++c_.stats.rebalances;
        c_.event("rebalance", group_name(int(g)), fmt::format("member {} left (session timeout); generation {}", m,
                                                             s_->groups[g].generation()));
      }
    }
    send_markers();
  }

  Cluster& c_;
  std::shared_ptr<ControllerState> s_;
  int host_;
};

}  // namespace

std::shared_ptr<ControllerState> start_controller(Cluster& c) {
  auto s = std::make_shared<ControllerState>();
  const int n = c.cfg.brokers;
  s->alive.assign(n, true);  // the cluster starts with every broker up
  s->incarnation.assign(n, 0);
  s->last_heartbeat.assign(n, 0.0);
  for (int p = 0; p < c.partitions(); ++p) {
    PartitionMeta m;
    m.partition = p;
    m.replicas = c.replicas(p);
    m.leader = m.replicas.front();
    m.isr = m.replicas;
    m.version = 1;
    s->partitions.push_back(m);
  }
  std::vector<int> in, out;
  for (int p = 0; p < c.cfg.partitions; ++p) in.push_back(p);
  for (int p = c.cfg.partitions; p < c.partitions(); ++p) out.push_back(p);
  // The consumers read the topic the producers write, or the pipeline's output topic.
  s->groups.emplace_back(c.cfg.pipeline ? out : in);
  s->groups.emplace_back(in);
  spawn_mq_service(c.net, "controller", [&c, s] { return std::make_unique<Controller>(c, s); });
  return s;
}

}  // namespace sdsim::mq
