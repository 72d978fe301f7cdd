#include "sim/services/timeseries/tsdb_node.hpp"

#include <fmt/format.h>

#include <cmath>
#include <simgrid/s4u.hpp>

#include "sim/model/run_context.hpp"
#include "sim/net/service.hpp"
#include "sim/net/worker_pool.hpp"
#include "sim/services/lsm/host_work.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::timeseries_service {
namespace {

using Request = std::unique_ptr<Letter<TsdbProtocol>>;
double now() { return sg4::Engine::get_clock(); }

class TsdbService : public ServiceHandler<TsdbProtocol> {
 public:
  TsdbService(RunContext& ctx, const std::string& name, const TsdbConfig& cfg,
              std::shared_ptr<TsdbDurable> d)
      : ctx_(ctx), name_(name), cfg_(cfg), d_(std::move(d)) {}

  void start(Inbox&) override {
    if (d_->lives++ > 0) restart();
    TsdbService* self = this;  // the pools and the maintainer die with this incarnation
    ingest_ = std::make_unique<WorkerPool<Request>>(name_ + "/ingest", cfg_.ingest_threads,
                                                    [self](int, Request& r) { self->serve(r); });
    queries_ = std::make_unique<WorkerPool<Request>>(name_ + "/query", cfg_.query_max_concurrency,
                                                     [self](int, Request& r) { self->serve(r); });
    spawn_local(name_ + "/maintenance", [self] { self->maintain(); });
  }
  void handle(Request r) override {
    if (std::holds_alternative<AppendBatch>(r->body))
      ingest_->submit(std::move(r));
    else
      queries_->submit(std::move(r));
  }

 private:
  void restart() {
    TsdbDurable& d = *d_;
    ++d.stats.restarts;
    if (cfg_.wal) {
      // Replay: the WAL's bytes read and its points ingested again, before serving.
      services::disk_read(cfg_.costs.wal_bytes_per_point * static_cast<double>(d.head.size()));
      services::cpu(cfg_.costs.cpu_per_point_appended * static_cast<double>(d.head.size()));
      d.stats.points_replayed += d.head.size();
      ctx_.event("tsdb_restart", name_, fmt::format("WAL replayed: {} points", d.head.size()));
      return;
    }
    d.stats.points_lost_in_crash += d.head.size();
    ctx_.event("tsdb_restart", name_,
               fmt::format("head lost: {} points since the last block cut", d.head.size()));
    d.store = *d.persisted;
    d.head.clear();
    d.head_bits = 0;
  }

  void serve(Request& r) {
    std::visit(
        overloaded{[&](AppendBatch& b) { append(r, b); }, [&](RangeQuery& q) { range(r, q); },
                   [&](RollupQuery& q) { rollup(r, q); }, [&](SelectQuery& q) { select(r, q); }},
        r->body);
  }

  void append(const Request& r, const AppendBatch& batch) {
    TsdbDurable& d = *d_;
    AppendReply reply;
    for (const SeriesSamples& s : batch.series) {
      auto [it, fresh] = d.head_index.try_emplace(s.key.canonical(), d.head_series.size());
      if (fresh) d.head_series.push_back(s.key);
      for (const Point& p : s.points) {
        const auto res = d.store.append(s.key, p.timestamp_s, p.value);
        if (!res.accepted) {
          ++reply.rejected;
          continue;
        }
        ++reply.accepted;
        d.head.push_back({it->second, p.timestamp_s, p.value});
        d.head_bits += static_cast<double>(res.bits);
      }
    }
    const double points = static_cast<double>(reply.accepted + reply.rejected);
    services::cpu(cfg_.costs.cpu_per_point_appended * points);
    if (cfg_.wal)
      services::disk_write(cfg_.costs.wal_bytes_per_point * static_cast<double>(reply.accepted));
    d.stats.points_acknowledged += reply.accepted;
    d.stats.points_rejected += reply.rejected;
    ctx_.net().reply(*r, reply);
  }

  void charge(const QueryCost& c) {
    TsdbStats& s = d_->stats;
    ++s.queries;
    const auto& hot = c.hot;
    const auto& cold = c.cold;
    services::cpu(cfg_.costs.cpu_per_query +
                  cfg_.costs.cpu_per_point_decoded *
                      static_cast<double>(hot.points_decoded + cold.points_decoded) +
                  cfg_.costs.cpu_per_window_read *
                      static_cast<double>(hot.windows_read + cold.windows_read));
    services::wait(static_cast<double>(hot.bytes_read) / cfg_.costs.memory_bandwidth);
    services::wait(cfg_.costs.disk_seek * static_cast<double>(cold.blocks_read));
    services::disk_read(static_cast<double>(cold.bytes_read));
    s.hot_bytes_read += static_cast<double>(hot.bytes_read);
    s.cold_bytes_read += static_cast<double>(cold.bytes_read);
    s.hot_points_decoded += hot.points_decoded;
    s.cold_points_decoded += cold.points_decoded;
    s.cold_blocks_read += cold.blocks_read;
  }

  void range(const Request& r, const RangeQuery& q) {
    auto res = d_->store.query_raw(q.key, q.start, q.end);
    charge(res.cost);
    ctx_.net().reply(*r, RangeReply{std::move(res.points), res.cost});
  }

  void rollup(const Request& r, const RollupQuery& q) {
    const bool tier = std::abs(q.interval - cfg_.rollup_fine_interval) < 1e-9 ||
                      std::abs(q.interval - cfg_.rollup_coarse_interval) < 1e-9;
    if (!tier && !q.from_raw) return ctx_.net().fail(*r, Status::Error);
    auto res = q.from_raw
                   ? d_->store.aggregate_raw(q.key, q.interval, q.aggregation, q.start, q.end)
                   : d_->store.query_rollup(q.key, q.interval, q.aggregation, q.start, q.end);
    charge(res.cost);
    ctx_.net().reply(*r, RollupReply{std::move(res.windows), res.cost});
  }

  void select(const Request& r, const SelectQuery& q) {
    auto series = d_->store.select(q.metric, q.matchers);
    services::cpu(cfg_.costs.cpu_per_query);
    ++d_->stats.queries;
    ctx_.net().reply(*r, SelectReply{std::move(series)});
  }

  // Head cuts at multiples of block_duration; retention and tiering every advance_interval.
  void maintain() {
    TsdbDurable& d = *d_;
    if (d.next_cut <= now())
      d.next_cut = (std::floor(now() / cfg_.block_duration) + 1) * cfg_.block_duration;
    double next_advance = now() + cfg_.advance_interval;
    while (true) {
      sg4::this_actor::sleep_until(std::min(d.next_cut, next_advance));
      if (now() >= d.next_cut) {
        cut();
        d.next_cut += cfg_.block_duration;
      }
      if (now() >= next_advance) {
        const auto report = d.store.advance(now());
        if (d.persisted) d.persisted->advance(now());
        services::disk_write(static_cast<double>(report.cold_bytes_written));
        d.stats.cold_bytes_written += static_cast<double>(report.cold_bytes_written);
        next_advance += cfg_.advance_interval;
      }
    }
  }

  // The head is persisted with its block: its encoded bytes written, the WAL truncated.
  void cut() {
    TsdbDurable& d = *d_;
    const double bytes = std::ceil(d.head_bits / 8);
    services::disk_write(bytes);
    if (d.persisted)
      for (const auto& p : d.head) d.persisted->append(d.head_series[p.series], p.t, p.v);
    d.stats.persisted_bytes += bytes;
    ++d.stats.head_cuts;
    d.head.clear();
    d.head_bits = 0;
  }

  RunContext& ctx_;
  const std::string& name_;
  const TsdbConfig& cfg_;
  std::shared_ptr<TsdbDurable> d_;
  std::unique_ptr<WorkerPool<Request>> ingest_, queries_;
};

}  // namespace

TsdbNode::TsdbNode(RunContext& ctx, std::string name, const std::string& host, TsdbConfig cfg)
    : ctx_(ctx),
      name_(std::move(name)),
      cfg_(std::move(cfg)),
      endpoint_(ctx.net().register_service<TsdbProtocol>(name_, host)),
      durable_(std::make_shared<TsdbDurable>(cfg_.options())) {
  if (!cfg_.wal) durable_->persisted.emplace(cfg_.options());
}

void TsdbNode::start() {
  RunContext& ctx = ctx_;
  const std::string& name = name_;
  const TsdbConfig& cfg = cfg_;
  auto durable = durable_;
  spawn_service<TsdbProtocol>(ctx.net(), endpoint_, [&ctx, &name, &cfg, durable] {
    return std::make_unique<TsdbService>(ctx, name, cfg, durable);
  });
}

}  // namespace sdsim::timeseries_service
