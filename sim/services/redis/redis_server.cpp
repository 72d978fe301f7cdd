#include "sim/services/redis/redis_server.hpp"

#include <fmt/format.h>

#include <simgrid/s4u.hpp>

#include "sim/core/random.hpp"
#include "sim/model/run_context.hpp"
#include "sim/net/service.hpp"
#include "sim/services/connection/server_connections.hpp"
#include "sim/services/lsm/host_work.hpp"

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
    if (d_->lives > 0) {
      ++d_->stats.restarts;
      const std::size_t lost = d_->database ? d_->database->keyspace().size() : 0;
      d_->stats.keys_lost += lost;
      ctx_.event("redis_restart", name_, fmt::format("no persistence: {} keys lost", lost));
    }
    new_life();
  }

  void handle(Request r) override {
    const double now = sg4::Engine::get_clock();
    if (now < d_->down_until) {
      ++d_->stats.refused;
      return ctx_.net().fail(*r, Status::Unavailable);
    }
    for (connection::ConnectionId id : connections_->expire(now)) {
      d_->database->pubsub().disconnect(id);
      ++d_->stats.connections_expired;
    }
    std::visit(overloaded{[&](const Command& c) { command(*r, c, now); },
                          [&](const Shutdown& s) { shutdown(*r, s, now); },
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
    } else {
      reply.replies.push_back(db.execute(c.argv, now));
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
};

}  // namespace

RedisServer::RedisServer(RunContext& ctx, std::string name, const std::string& host,
                         RedisConfig cfg)
    : ctx_(ctx),
      name_(std::move(name)),
      cfg_(std::move(cfg)),
      endpoint_(ctx.net().register_service<RedisProtocol>(name_, host)),
      durable_(std::make_shared<RedisDurable>()) {}

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
