#include "sim/services/redis/redis_server.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <simgrid/s4u.hpp>

#include "sim/core/random.hpp"
#include "sim/model/run_context.hpp"
#include "sim/net/service.hpp"
#include "sim/services/connection/server_connections.hpp"
#include "sim/services/lsm/host_work.hpp"
#include "sim/storage/kv_cache/replication_log.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::redis_service {

double reply_bytes(const Reply& r) {
  double b = kElementBytes + static_cast<double>(r.text.size());
  for (const Reply& e : r.elements) b += reply_bytes(e);
  return b;
}

namespace {

using Request = std::unique_ptr<Letter<RedisProtocol>>;
using storage::redis::Database;
using storage::redis::DatabaseConfig;

class RedisService : public ServiceHandler<RedisProtocol> {
 public:
  RedisService(RunContext& ctx, const std::string& name, const RedisConfig& cfg,
               std::shared_ptr<RedisDurable> d)
      : ctx_(ctx), name_(name), cfg_(cfg), d_(std::move(d)) {}

  void start(Inbox&) override {
    const bool restart = d_->lives > 0;
    if (restart) {
      ++d_->stats.restarts;
      const std::size_t lost = d_->database ? d_->database->keyspace().size() : 0;
      d_->stats.keys_lost += lost;
      ctx_.event("redis_restart", name_, fmt::format("no persistence: {} keys lost", lost));
    }
    new_life();
    if (!d_->peer) return;
    RedisService* self = this;  // the helpers die with this incarnation
    if (d_->role == RedisRole::primary && d_->peer->role == RedisRole::primary) {
      d_->role = RedisRole::demoted;  // the replica took over while this server was down
      ctx_.event("redis_demoted", name_, "the replica took over: stays out");
    } else if (d_->role == RedisRole::primary) {
      outgoing_ =
          std::make_unique<storage::kv_cache::ReplicationLog<Arguments>>(cfg_.replication_delay);
      if (restart) ctx_.net().send(d_->peer_endpoint, ReplicationBatch{{}, true});
      spawn_local(name_ + "/replication", [self] { self->ship(); });
    } else if (d_->role == RedisRole::replica) {
      last_heard_ = sg4::Engine::get_clock();
      spawn_local(name_ + "/failover", [self] { self->watch_primary(); });
    }
  }

  void handle(Request r) override {
    const double now = sg4::Engine::get_clock();
    if (now < d_->down_until || d_->role == RedisRole::demoted) {
      ++d_->stats.refused;
      return ctx_.net().fail(*r, Status::Unavailable);
    }
    for (connection::ConnectionId id : connections_->expire(now)) {
      d_->database->pubsub().disconnect(id);
      ++d_->stats.connections_expired;
    }
    std::visit(overloaded{[&](const Command& c) { command(*r, c, now); },
                          [&](const Shutdown& s) { shutdown(*r, s, now); },
                          [&](const ReplicationBatch& b) { apply(b, now); },
                          [&](const ReplicationPing&) { last_heard_ = now; },
                          [&](const connection::OpenConnection&) {
                            charge(cfg_.costs.cpu_per_command);
                            connections_->open(*r, now);
                            ++d_->stats.connections_opened;
                          },
                          [&](const connection::Heartbeat& h) {
                            charge(cfg_.costs.cpu_per_command);
                            if (connections_->touch(h.connection, *r, now))
                              ctx_.net().reply(*r, connection::HeartbeatAck{h.connection});
                          },
                          [&](const connection::CloseConnection& c) {
                            charge(cfg_.costs.cpu_per_command);
                            if (connections_->forget(c.connection)) {
                              d_->database->pubsub().disconnect(c.connection);
                              ++d_->stats.connections_closed;
                            }
                          }},
               r->body);
  }

 private:
  // A fresh keyspace and connection table; the life number keeps old connection ids unknown.
  void new_life() {
    const std::uint64_t life = ++d_->lives;
    DatabaseConfig dc;
    dc.memory = cfg_.memory();
    dc.seed = RandomStream(ctx_.seed(), fmt::format("redis:{}:{}", name_, life)).next_u64();
    d_->database = std::make_unique<Database>(dc);
    connections_ =
        std::make_unique<connection::ServerConnections>(ctx_.net(), cfg_.connections, life);
    visited_ = 0;
  }

  void charge(double cpu_s) {
    services::cpu(cpu_s);
    d_->stats.busy_s += cpu_s;
  }

  void command(const Envelope& r, const Command& c, double now) {
    Database& db = *d_->database;
    if (c.connection != 0 && !connections_->touch(c.connection, r, now)) return;
    CommandReply reply;
    const bool subscribed = c.connection != 0 && db.pubsub().subscriptions(c.connection) > 0;
    if (subscribed || Database::is_subscription(c.argv)) {
      if (c.connection == 0) return ctx_.net().fail(r, Status::Error);  // needs a connection
      reply.replies = db.execute_subscription(c.connection, c.argv);
    } else if (d_->role == RedisRole::replica && Database::is_write(c.argv)) {
      ++d_->stats.readonly_refusals;
      reply.replies.push_back(
          Reply::error("READONLY You can't write against a read only replica."));
    } else {
      reply.replies.push_back(db.execute(c.argv, now));
      if (outgoing_ && !reply.replies.back().is_error() && Database::is_write(c.argv)) {
        outgoing_->append(c.argv, now);
        ++d_->stats.writes_replicated;
      }
    }
    RedisStats& s = d_->stats;
    ++s.commands;
    for (const Reply& x : reply.replies) {
      s.errors += x.is_error();
      s.oom_errors += x.is_error() && x.text.rfind("OOM", 0) == 0;
    }
    s.peak_used_bytes = std::max<std::uint64_t>(s.peak_used_bytes, db.keyspace().used_bytes());

    // The work the command did, from the blocks' counters.
    const auto keyspace = db.keyspace().take_work();
    const auto bus = db.pubsub().take_work();
    const std::uint64_t visited = db.work().sorted_sets.nodes_visited;
    const double bytes = c.wire_bytes() + reply.wire_bytes() - 2 * kHeaderBytes;
    const RedisCosts& k = cfg_.costs;
    charge(k.cpu_per_command + k.cpu_per_kb * bytes / 1000 +
           k.cpu_per_node_visited * static_cast<double>(visited - visited_) +
           k.cpu_per_delivery * static_cast<double>(bus.deliveries) +
           k.cpu_per_pattern_test * static_cast<double>(bus.pattern_tests) +
           k.cpu_per_sampled_key * static_cast<double>(keyspace.sampled_keys));
    visited_ = visited;

    s.publishes += bus.publishes;
    s.evicted_keys += keyspace.evicted_keys;
    s.expired_keys += keyspace.expired_keys;
    const double pushed_at = sg4::Engine::get_clock();
    for (auto& p : db.take_pushes()) {
      if (connections_->push(p.to, connection::DataFrame{0, std::move(p.channel),
                                                         std::move(p.message), pushed_at}))
        ++s.deliveries;
      else
        ++s.deliveries_without_connection;
    }
    ctx_.net().reply(r, std::move(reply));
  }

  // The primary's replication stream: every write whose delay has passed, in one batch per
  // millisecond at most; a ping every repl_ping_replica_period.
  void ship() {
    const double period = std::max(0.001, cfg_.replication_delay / 10);
    double next_ping = sg4::Engine::get_clock();
    while (true) {
      const double now = sg4::Engine::get_clock();
      ReplicationBatch batch;
      outgoing_->deliver(now, [&](const Arguments& w, double) { batch.writes.push_back(w); });
      if (!batch.writes.empty()) ctx_.net().send(d_->peer_endpoint, std::move(batch));
      if (now >= next_ping) {
        ctx_.net().send(d_->peer_endpoint, ReplicationPing{});
        next_ping = now + cfg_.repl_ping_replica_period;
      }
      sg4::this_actor::sleep_for(period);
    }
  }

  void apply(const ReplicationBatch& b, double now) {
    if (d_->role != RedisRole::replica) return;  // a late batch after the takeover
    last_heard_ = now;
    Database& db = *d_->database;
    if (b.full_resync) {
      ++d_->stats.full_resyncs;
      d_->stats.keys_lost += db.keyspace().size();
      db.execute({"FLUSHALL"}, now);
      d_->stats.writes_applied = d_->peer->stats.writes_replicated;  // in step with it again
      ctx_.event("redis_full_resync", name_, "the primary restarted empty: so is its replica");
    }
    for (const Arguments& w : b.writes) db.execute(w, now);
    d_->stats.writes_applied += b.writes.size();
    charge(cfg_.costs.cpu_per_command * static_cast<double>(b.writes.size() + 1));
  }

  // The replica takes over once its primary has been silent for failover_timeout.
  void watch_primary() {
    const double step = cfg_.failover_timeout / 20;
    while (d_->role == RedisRole::replica) {
      sg4::this_actor::sleep_for(step);
      if (sg4::Engine::get_clock() - last_heard_ < cfg_.failover_timeout) continue;
      RedisStats& s = d_->stats;
      const std::uint64_t lost = d_->peer->stats.writes_replicated - s.writes_applied;
      d_->role = RedisRole::primary;
      ++s.failovers;
      s.writes_lost_in_failover += lost;
      s.promoted_at = sg4::Engine::get_clock();
      ctx_.event("redis_failover", name_,
                 fmt::format("promoted; {} acknowledged writes never replicated", lost));
    }
  }

  void shutdown(const Envelope& r, const Shutdown& s, double now) {
    const std::size_t closed = connections_->close_all(connection::kGoingAway, "going away");
    const std::size_t lost = d_->database->keyspace().size();
    ++d_->stats.shutdowns;
    d_->stats.keys_lost += lost;
    ctx_.event("redis_shutdown", name_,
               fmt::format("{} connections closed with 1001, {} keys dropped", closed, lost));
    ctx_.net().reply(r, NoBody{});
    new_life();
    d_->down_until = now + s.down_for;
  }

  RunContext& ctx_;
  const std::string& name_;
  const RedisConfig& cfg_;
  std::shared_ptr<RedisDurable> d_;
  std::unique_ptr<connection::ServerConnections> connections_;
  std::uint64_t visited_ = 0;  // skip-list links already charged in this life
  std::unique_ptr<storage::kv_cache::ReplicationLog<Arguments>> outgoing_;  // primary
  double last_heard_ = 0;  // s, replica: the primary's last batch or ping
};

}  // namespace

RedisServer::RedisServer(RunContext& ctx, std::string name, const std::string& host,
                         RedisConfig cfg)
    : ctx_(ctx),
      name_(std::move(name)),
      cfg_(std::move(cfg)),
      endpoint_(ctx.net().register_service<RedisProtocol>(name_, host)),
      durable_(std::make_shared<RedisDurable>()) {}

void RedisServer::replicate_to(RedisServer& replica) {
  durable_->peer = replica.durable_;
  durable_->peer_endpoint = replica.endpoint_;
  replica.durable_->role = RedisRole::replica;
  replica.durable_->peer = durable_;
  replica.durable_->peer_endpoint = endpoint_;
}

void RedisServer::start() {
  RunContext& ctx = ctx_;
  const std::string& name = name_;
  const RedisConfig& cfg = cfg_;
  auto durable = durable_;
  spawn_service<RedisProtocol>(ctx.net(), endpoint_, [&ctx, &name, &cfg, durable] {
    return std::make_unique<RedisService>(ctx, name, cfg, durable);
  });
}

}  // namespace sdsim::redis_service
