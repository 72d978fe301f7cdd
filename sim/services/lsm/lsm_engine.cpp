#include "sim/services/lsm/lsm_engine.hpp"

#include <algorithm>
#include <simgrid/s4u.hpp>

#include "sim/net/service.hpp"
#include "sim/services/lsm/host_work.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::lsm_service {

using storage::lsm::CommitLogSync;

LsmEngine::LsmEngine(const LsmNodeConfig& cfg, std::shared_ptr<LsmDurable> durable,
                     std::string name)
    : cfg_(cfg), durable_(std::move(durable)), name_(std::move(name)) {}

void LsmEngine::start(const std::shared_ptr<LsmEngine>& self) {
  LsmDurable& d = *durable_;
  if (d.lives++ > 0) {
    ++d.stats.restarts;
    d.stats.background_bytes_dropped += d.backlog_bytes;
    d.backlog_bytes = 0;
    if (d.store.up()) d.store.crash();
    const double begin = sg4::Engine::get_clock();
    const auto report = d.store.recover(begin);
    services::disk_read(static_cast<double>(report.disk.sequential_read_bytes));
    // A replay that fills the memtable flushes at once: written before serving, too.
    services::disk_write(static_cast<double>(report.disk.sequential_write_bytes));
    services::wait(cfg_.costs.fsync * static_cast<double>(report.disk.syncs));
    d.stats.recovery_seconds += sg4::Engine::get_clock() - begin;
  }
  const LsmCosts costs = cfg_.costs;
  auto durable = durable_;
  compactors_ = std::make_unique<WorkerPool<Background>>(
      name_ + "/compactor", cfg_.concurrent_compactors, [costs, durable](int, Background& job) {
        services::cpu(costs.cpu_per_compacted_record * static_cast<double>(job.records));
        services::disk_read(static_cast<double>(job.work.sequential_read_bytes));
        services::disk_write(static_cast<double>(job.work.sequential_write_bytes));
        services::wait(costs.fsync * static_cast<double>(job.work.syncs));
        const double bytes =
            static_cast<double>(job.work.sequential_read_bytes + job.work.sequential_write_bytes);
        durable->stats.background_bytes_charged += bytes;
        durable->backlog_bytes = std::max(0.0, durable->backlog_bytes - bytes);
      });
  if (cfg_.commitlog_sync == CommitLogSync::periodic)
    spawn_local(name_ + "/syncer", [self] { self->syncer_loop(); });
}

void LsmEngine::syncer_loop() {
  while (true) {
    sg4::this_actor::sleep_for(cfg_.commitlog_sync_period);
    // Bytes appended during this write are counted synced too (at most one fsync early).
    const double bytes = unsynced_bytes_;
    unsynced_bytes_ = 0;
    services::disk_write(bytes);
    durable_->stats.commit_log_bytes_charged += bytes;
    const auto work = durable_->store.sync_due(sg4::Engine::get_clock());
    services::wait(cfg_.costs.fsync * static_cast<double>(work.syncs));
  }
}

bool LsmEngine::put(std::string key, storage::lsm::Value value, std::int64_t timestamp_us) {
  const std::uint64_t before = durable_->store.stats().compaction_records_read;
  const auto r =
      durable_->store.put(std::move(key), std::move(value), timestamp_us, sg4::Engine::get_clock());
  return after_write(r, before);
}

bool LsmEngine::remove(std::string key, std::int64_t timestamp_us) {
  const std::uint64_t before = durable_->store.stats().compaction_records_read;
  const auto r = durable_->store.remove(std::move(key), timestamp_us, sg4::Engine::get_clock());
  return after_write(r, before);
}

bool LsmEngine::after_write(const storage::lsm::WriteResult& r, std::uint64_t records_before) {
  LsmDurable& d = *durable_;
  ++d.stats.writes;
  const auto& bg = r.background;
  if (bg.sequential_write_bytes + bg.sequential_read_bytes > 0) {
    const double bytes = static_cast<double>(bg.sequential_read_bytes + bg.sequential_write_bytes);
    d.backlog_bytes += bytes;
    d.stats.background_backlog_max = std::max(d.stats.background_backlog_max, d.backlog_bytes);
    compactors_->submit(Background{bg, d.store.stats().compaction_records_read - records_before});
  }
  services::cpu(cfg_.costs.cpu_per_write);
  const double log_bytes = static_cast<double>(r.foreground.sequential_write_bytes);
  if (cfg_.commitlog_sync == CommitLogSync::batch) {
    services::disk_write(log_bytes);
    d.stats.commit_log_bytes_charged += log_bytes;
    services::wait(cfg_.costs.fsync * static_cast<double>(r.foreground.syncs));
  } else {
    unsynced_bytes_ += log_bytes;
  }
  return r.durable;
}

storage::lsm::ReadResult LsmEngine::get(std::string_view key) {
  ++durable_->stats.reads;
  auto r = durable_->store.get(key);
  services::cpu(cfg_.costs.cpu_per_read + cfg_.costs.cpu_per_bloom_check * r.bloom_checks);
  services::wait(cfg_.costs.disk_seek * static_cast<double>(r.disk.random_reads));
  services::disk_read(static_cast<double>(r.disk.random_read_bytes));
  return r;
}

}  // namespace sdsim::lsm_service
