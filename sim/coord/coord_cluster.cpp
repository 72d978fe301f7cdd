#include "sim/coord/coord_cluster.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <simgrid/s4u.hpp>

#include "sim/core/random.hpp"
#include "sim/net/service.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::coord {

// One node's state. Durable (kept across a crash): the term, the vote and the log. The rest is
// volatile and reset by each incarnation's start(); it lives here so that the cluster can be
// looked at from outside.
struct NodeState {
  // Durable.
  std::uint64_t term = 0;
  int voted_for = -1;
  std::vector<LogEntry> log{LogEntry{}};  // log[0]: a sentinel of term 0
  std::uint64_t lives = 0;
  int elections_won = 0;
  // Volatile.
  Role role = Role::follower;
  int leader = -1;
  std::uint64_t commit = 0, applied = 0;
  Registry registry;
  std::uint64_t incarnation_seen = 0;  // the incarnation whose handler owns this state
};

namespace {

using Request = std::unique_ptr<Letter<CoordProtocol>>;
double now() { return sg4::Engine::get_clock(); }

class CoordNode : public ServiceHandler<CoordProtocol> {
 public:
  CoordNode(Net& net, const std::vector<Endpoint<CoordProtocol>>& peers, int self,
            const CoordConfig& cfg, std::shared_ptr<NodeState> st)
      : net_(net),
        peers_(peers),
        self_(self),
        cfg_(cfg),
        st_(std::move(st)),
        rng_(net.seed(), "coord:" + peers[self].name() + ":" + std::to_string(st_->lives)) {}

  void start(Inbox&) override {
    ++st_->lives;
    NodeState& s = *st_;
    s.role = Role::follower;
    s.leader = -1;
    s.commit = s.applied = 0;
    s.registry = Registry{};
    reset_election_timer();
    CoordNode* self = this;
    spawn_local(peers_[self_].name() + "/ticker", [self] { self->ticker(); });
  }

  void handle(Request r) override {
    std::visit(overloaded{[&](const VoteRequest& m) { on_vote_request(m); },
                          [&](const VoteReply& m) { on_vote_reply(m); },
                          [&](const Append& m) { on_append(m); },
                          [&](const AppendReply& m) { on_append_reply(m); },
                          [&](const Propose& m) { on_propose(std::move(r), m); },
                          [&](const KeepAlive& m) { on_keepalive(*r, m); },
                          [&](const WatchPoll& m) { on_watch(std::move(r), m); }},
               r->body);
    flush();
  }

 private:
  int n() const { return static_cast<int>(peers_.size()); }
  std::uint64_t last_index() const { return st_->log.size() - 1; }
  std::uint64_t last_term() const { return st_->log.back().term; }

  // State changes are made whole before anything is sent: sends are queued and flushed after.
  template <class T>
  void send(int to, T body) {
    out_.push_back([this, to, body = std::move(body)] { net_.send(peers_[to], body); });
  }
  void reply(Request r, CoordReply body) {
    auto shared = std::make_shared<Request>(std::move(r));
    out_.push_back([this, shared, body = std::move(body)] { net_.reply(**shared, body); });
  }
  void flush() {
    std::vector<std::function<void()>> out;
    out.swap(out_);
    for (auto& f : out) f();
  }

  void reset_election_timer() {
    election_deadline_ = now() + cfg_.election_timeout * (1.0 + rng_.uniform01());
  }

  void step_down(std::uint64_t term) {
    NodeState& s = *st_;
    if (term > s.term) {
      s.term = term;
      s.voted_for = -1;
    }
    if (s.role == Role::leader) {
      for (auto& [index, r] : pending_) {
        CoordReply no;
        no.not_leader = true;
        reply(std::move(r), no);
      }
      pending_.clear();
      lease_deadline_.clear();
      revoking_.clear();
    }
    s.role = Role::follower;
  }

  // CheckQuorum's lease: a leader, or a follower that heard from one within an election
  // timeout, believes the leader is alive.
  bool in_lease() const {
    const NodeState& s = *st_;
    if (!cfg_.check_quorum || s.leader < 0) return false;
    return s.role == Role::leader || now() - leader_heard_ < cfg_.election_timeout;
  }

  void on_vote_request(const VoteRequest& m) {
    NodeState& s = *st_;
    if (m.term > s.term && in_lease()) return;  // ignored: neither the term nor a reply
    if (m.term > s.term) step_down(m.term), s.leader = -1;
    const bool up_to_date =
        m.last_term > last_term() || (m.last_term == last_term() && m.last_index >= last_index());
    const bool grant =
        m.term == s.term && (s.voted_for == -1 || s.voted_for == m.candidate) && up_to_date;
    if (grant) {
      s.voted_for = m.candidate;
      reset_election_timer();
    }
    send(m.candidate, VoteReply{s.term, self_, grant});
  }

  void on_vote_reply(const VoteReply& m) {
    NodeState& s = *st_;
    if (m.term > s.term) return step_down(m.term);
    if (s.role != Role::candidate || m.term != s.term || !m.granted) return;
    votes_.insert(m.from);
    if (static_cast<int>(votes_.size()) * 2 > n()) become_leader();
  }

  void become_leader() {
    NodeState& s = *st_;
    s.role = Role::leader;
    s.leader = self_;
    ++s.elections_won;
    next_.assign(n(), last_index() + 1);
    match_.assign(n(), 0);
    recent_active_.assign(n(), false);
    next_quorum_check_ = now() + cfg_.election_timeout;
    s.log.push_back(LogEntry{s.term, Command{}});  // a no-op commits the earlier terms' entries
    match_[self_] = last_index();
    // etcd: a new leader gives every lease its full TTL again.
    for (std::int64_t l : s.registry.leases()) lease_deadline_[l] = now() + s.registry.lease_ttl(l);
    next_heartbeat_ = now();
    replicate_all();
    advance_commit();
  }

  void replicate(int to) {
    NodeState& s = *st_;
    Append a;
    a.term = s.term;
    a.leader = self_;
    a.prev_index = next_[to] - 1;
    a.prev_term = s.log[a.prev_index].term;
    a.commit = s.commit;
    for (std::uint64_t i = next_[to];
         i <= last_index() && a.entries.size() < std::size_t(cfg_.max_append); ++i)
      a.entries.push_back(s.log[i]);
    send(to, std::move(a));
  }
  void replicate_all() {
    for (int p = 0; p < n(); ++p)
      if (p != self_) replicate(p);
  }

  void on_append(const Append& m) {
    NodeState& s = *st_;
    if (m.term < s.term) return send(m.leader, AppendReply{s.term, self_, false, last_index()});
    if (m.term > s.term || s.role != Role::follower) step_down(m.term);
    s.leader = m.leader;
    leader_heard_ = now();
    reset_election_timer();
    if (m.prev_index > last_index() || s.log[m.prev_index].term != m.prev_term)
      return send(m.leader,
                  AppendReply{s.term, self_, false, std::min(last_index(), m.prev_index - 1)});
    std::uint64_t index = m.prev_index;
    for (const LogEntry& e : m.entries) {
      ++index;
      if (index <= last_index() && s.log[index].term != e.term) s.log.resize(index);  // conflict
      if (index > last_index()) s.log.push_back(e);
    }
    const std::uint64_t matched = m.prev_index + m.entries.size();
    if (m.commit > s.commit) s.commit = std::min(m.commit, matched);
    apply();
    send(m.leader, AppendReply{s.term, self_, true, matched});
  }

  void on_append_reply(const AppendReply& m) {
    NodeState& s = *st_;
    if (m.term > s.term) return step_down(m.term);
    if (s.role != Role::leader || m.term != s.term) return;
    recent_active_[m.from] = true;
    if (m.success) {
      match_[m.from] = std::max(match_[m.from], m.match);
      next_[m.from] = match_[m.from] + 1;
      advance_commit();
      if (next_[m.from] <= last_index()) replicate(m.from);
    } else {
      next_[m.from] = std::max<std::uint64_t>(1, std::min(next_[m.from] - 1, m.match + 1));
      replicate(m.from);
    }
  }

  void advance_commit() {
    NodeState& s = *st_;
    for (std::uint64_t i = last_index(); i > s.commit; --i) {
      if (s.log[i].term != s.term) break;  // only the leader's own term counts (Raft 5.4.2)
      int count = 0;
      for (int p = 0; p < n(); ++p) count += (p == self_ ? last_index() : match_[p]) >= i;
      if (count * 2 > n()) {
        s.commit = i;
        apply();
        break;
      }
    }
  }

  void apply() {
    NodeState& s = *st_;
    while (s.applied < s.commit) {
      ++s.applied;
      const Command& c = s.log[s.applied].command;
      CommandResult r = s.registry.apply(c);
      if (s.role == Role::leader) {
        if (c.op == Command::Op::grant && r.ok && !lease_deadline_.count(r.lease))
          lease_deadline_[r.lease] = now() + c.ttl;
        if (c.op == Command::Op::revoke) lease_deadline_.erase(c.lease), revoking_.erase(c.lease);
        auto it = pending_.find(s.applied);
        if (it != pending_.end()) {
          CoordReply out;
          out.result = std::move(r);
          reply(std::move(it->second), std::move(out));
          pending_.erase(it);
        }
      }
    }
    answer_watches(false);
  }

  void on_propose(Request r, const Propose& m) {
    NodeState& s = *st_;
    if (s.role != Role::leader) {
      CoordReply no;
      no.not_leader = true;
      no.leader_hint = s.leader;
      return reply(std::move(r), no);
    }
    s.log.push_back(LogEntry{s.term, m.command});
    match_[self_] = last_index();
    pending_[last_index()] = std::move(r);
    replicate_all();
    advance_commit();
  }

  void on_keepalive(const Envelope& r, const KeepAlive& m) {
    NodeState& s = *st_;
    CoordReply out;
    if (s.role != Role::leader) {
      out.not_leader = true;
      out.leader_hint = s.leader;
    } else if (lease_deadline_.count(m.lease) && !revoking_.count(m.lease)) {
      out.ttl = s.registry.lease_ttl(m.lease);
      lease_deadline_[m.lease] = now() + out.ttl;
    }
    out_.push_back([this, &r, out] { net_.reply(r, out); });
    flush();  // r lives only during handle()
  }

  void on_watch(Request r, const WatchPoll& m) {
    watches_.push_back(Watch{std::move(r), m.prefix, m.after, now() + m.wait});
    answer_watches(false);
  }
  // Answers the polls that have events (or, with `timeouts`, whose wait is over).
  void answer_watches(bool timeouts) {
    for (auto it = watches_.begin(); it != watches_.end();) {
      auto events = st_->registry.events_after(it->after, it->prefix);
      if (events.empty() && !(timeouts && now() >= it->until)) {
        ++it;
        continue;
      }
      CoordReply out;
      out.events = std::move(events);
      out.result.revision = st_->registry.revision();
      reply(std::move(it->request), std::move(out));
      it = watches_.erase(it);
    }
  }

  void ticker() {
    while (true) {
      sg4::this_actor::sleep_for(cfg_.tick);
      tick();
      flush();
    }
  }
  void tick() {
    NodeState& s = *st_;
    const double t = now();
    answer_watches(true);
    if (s.role == Role::leader) {
      for (auto& [lease, deadline] : lease_deadline_)
        if (deadline <= t && !revoking_.count(lease)) {
          revoking_.insert(lease);  // expired: revoke it through the log
          Command c;
          c.op = Command::Op::revoke;
          c.lease = lease;
          s.log.push_back(LogEntry{s.term, c});
          match_[self_] = last_index();
        }
      if (t >= next_heartbeat_) {
        replicate_all();
        next_heartbeat_ = t + cfg_.heartbeat_interval;
      }
      advance_commit();
      if (cfg_.check_quorum && t >= next_quorum_check_) {
        // etcd's MsgCheckQuorum, once per election timeout: the followers heard from since the
        // last check, with the leader itself, must be a majority.
        int active = 1;
        for (int p = 0; p < n(); ++p) active += p != self_ && recent_active_[p];
        recent_active_.assign(n(), false);
        next_quorum_check_ = t + cfg_.election_timeout;
        if (active * 2 <= n()) {
          step_down(s.term);
          s.leader = -1;
          reset_election_timer();
        }
      }
      return;
    }
    if (t < election_deadline_) return;
    // Election timeout: stand as a candidate in a new term.
    ++s.term;
    s.role = Role::candidate;
    s.voted_for = self_;
    s.leader = -1;
    votes_ = {self_};
    reset_election_timer();
    for (int p = 0; p < n(); ++p)
      if (p != self_) send(p, VoteRequest{s.term, self_, last_index(), last_term()});
    if (n() == 1) become_leader();
  }

  struct Watch {
    Request request;
    std::string prefix;
    std::int64_t after = 0;
    double until = 0;
  };

  Net& net_;
  const std::vector<Endpoint<CoordProtocol>>& peers_;
  int self_;
  const CoordConfig& cfg_;
  std::shared_ptr<NodeState> st_;
  RandomStream rng_;
  std::vector<std::function<void()>> out_;
  double election_deadline_ = 0, next_heartbeat_ = 0;
  double leader_heard_ = 0;       // follower: when the leader's last Append arrived
  double next_quorum_check_ = 0;  // leader: CheckQuorum's next look
  std::vector<bool> recent_active_;  // leader: followers heard from since the last look
  std::set<int> votes_;
  std::vector<std::uint64_t> next_, match_;
  std::map<std::uint64_t, Request> pending_;  // leader: log index -> the client's request
  std::map<std::int64_t, double> lease_deadline_;
  std::set<std::int64_t> revoking_;
  std::vector<Watch> watches_;
};

}  // namespace

CoordCluster::CoordCluster(Net& net, std::string name, const std::vector<std::string>& hosts,
                           CoordConfig cfg)
    : net_(net), name_(std::move(name)), cfg_(cfg) {
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    endpoints_.push_back(
        net.register_service<CoordProtocol>(name_ + "-" + std::to_string(i), hosts[i]));
    nodes_.push_back(std::make_shared<NodeState>());
  }
}

CoordCluster::~CoordCluster() = default;

void CoordCluster::start() {
  for (int i = 0; i < size(); ++i) {
    Net& net = net_;
    const auto& peers = endpoints_;
    const CoordConfig& cfg = cfg_;
    auto st = nodes_[i];
    spawn_service<CoordProtocol>(net_, endpoints_[i], [&net, &peers, i, &cfg, st] {
      return std::make_unique<CoordNode>(net, peers, i, cfg, st);
    });
  }
}

int CoordCluster::leader() const {
  int best = -1;
  for (int i = 0; i < size(); ++i) {
    if (!net_.host(endpoints_[i].host())->is_on() || nodes_[i]->role != Role::leader) continue;
    if (best < 0 || nodes_[i]->term > nodes_[best]->term) best = i;
  }
  return best;
}
Role CoordCluster::role(int node) const { return nodes_.at(node)->role; }
std::uint64_t CoordCluster::term(int node) const { return nodes_.at(node)->term; }
std::uint64_t CoordCluster::commit_index(int node) const { return nodes_.at(node)->commit; }
const Registry& CoordCluster::registry(int node) const { return nodes_.at(node)->registry; }
int CoordCluster::elections_won() const {
  int n = 0;
  for (const auto& s : nodes_) n += s->elections_won;
  return n;
}

}  // namespace sdsim::coord
