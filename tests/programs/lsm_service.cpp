// The LSM storage node on a small platform: what a crash keeps and loses under each
// commitlog_sync mode, the restart path, the cost of a synced write, and the amplification
// of each compaction strategy measured on the service.
//
//   durability  one node with periodic sync and one with batch sync get the same writes:
//               A before the periodic sync at t = 10 s, B between 11 s and 14 s; both hosts
//               crash at 15 s for 2 s. The periodic node must have lost exactly B (its
//               unsynced tail) and kept A; the batch node keeps both. A write while the
//               host is off fails; after the restart the commit log was replayed.
//   amplification  8 writers put 20,000 writes each (100 B values, 20,000 keys) into a
//               size-tiered and a leveled node with small memtables, then readers check that
//               every key reads back its last write; the disk was charged exactly the bytes
//               the block reported for flushes and compactions.
#include <map>

#include "harness_b.hpp"
#include "sim/core/random.hpp"
#include "sim/net/rpc.hpp"
#include "sim/services/lsm/lsm_client.hpp"
#include "sim/services/lsm/lsm_node.hpp"

using namespace sdsim;
using namespace sdsim::lsm_service;
namespace sg4 = simgrid::s4u;

namespace {

constexpr double kCrashAt = 15.0, kDownFor = 2.0;
constexpr int kWriters = 8, kWritesEach = 20000, kKeys = 20000;

std::int64_t now_us() { return static_cast<std::int64_t>(sg4::Engine::get_clock() * 1e6); }

struct Durability {
  std::vector<std::string> a_keys, b_keys;
  int acked_periodic = 0, acked_batch = 0, durable_periodic = 0, durable_batch = 0;
  double latency_periodic = 0, latency_batch = 0;  // s, summed over phase A
  bool write_while_down_failed = false;
  std::map<std::string, bool> found_periodic, found_batch;
};

void write_phase(LsmClient& p, LsmClient& b, Durability& d, std::vector<std::string>& keys,
                 const std::string& prefix, double from, int n, bool measure) {
  for (int i = 0; i < n; ++i) {
    sg4::this_actor::sleep_until(from + 0.1 * i);
    const std::string key = prefix + std::to_string(i);
    keys.push_back(key);
    double t0 = sg4::Engine::get_clock();
    auto rp = p.put(key, Value::bytes("value-" + key), now_us());
    if (measure) d.latency_periodic += sg4::Engine::get_clock() - t0;
    t0 = sg4::Engine::get_clock();
    auto rb = b.put(key, Value::bytes("value-" + key), now_us());
    if (measure) d.latency_batch += sg4::Engine::get_clock() - t0;
    if (rp.ok()) ++d.acked_periodic, d.durable_periodic += rp.value().durable;
    if (rb.ok()) ++d.acked_batch, d.durable_batch += rb.value().durable;
  }
}

void durability_driver(Net& net, LsmNode& periodic, LsmNode& batch, Durability& d) {
  Rpc rpc(net, "durability");
  LsmClient p(rpc, periodic.endpoint(), {0.5, 0, 0.1});
  LsmClient b(rpc, batch.endpoint(), {0.5, 0, 0.1});
  write_phase(p, b, d, d.a_keys, "a", 0.0, 91, true);    // 0 .. 9 s: synced at 10 s
  write_phase(p, b, d, d.b_keys, "b", 11.0, 31, false);  // 11 .. 14 s: not yet synced at 15 s
  sg4::this_actor::sleep_until(kCrashAt + 0.5);
  d.write_while_down_failed = !p.put("during", Value::bytes("x"), now_us()).ok();
  sg4::this_actor::sleep_until(kCrashAt + kDownFor + 3.0);
  LsmClient pr(rpc, periodic.endpoint(), {1.0, 3, 0.5});
  LsmClient br(rpc, batch.endpoint(), {1.0, 3, 0.5});
  for (const auto* keys : {&d.a_keys, &d.b_keys})
    for (const std::string& key : *keys) {
      auto rp = pr.get(key);
      auto rb = br.get(key);
      d.found_periodic[key] =
          rp.ok() && rp.value().value && rp.value().value->data() == "value-" + key;
      d.found_batch[key] =
          rb.ok() && rb.value().value && rb.value().value->data() == "value-" + key;
    }
}

struct Amplified {
  std::map<std::string, std::int64_t> latest;  // key -> timestamp of its last acknowledged write
  int writers_done = 0, failed_writes = 0, reads = 0, wrong_reads = 0;
};

// Timestamps: microseconds times 8 plus the writer, so two writers never tie (LWW is then one
// total order the readers can check against).
void writer(Net& net, LsmNode& node, Amplified& a, int w, std::uint64_t seed) {
  Rpc rpc(net, node.name() + "-writer-" + std::to_string(w));
  LsmClient c(rpc, node.endpoint(), {5.0, 2, 0.1});
  RandomStream rng(seed, node.name() + "-writer-" + std::to_string(w));
  for (int i = 0; i < kWritesEach; ++i) {
    const std::string key = fmt::format("key-{:06d}", rng.below(kKeys));
    const std::int64_t ts = now_us() * kWriters + w;
    if (!c.put(key, Value::of_size(100), ts).ok()) {
      ++a.failed_writes;
      continue;
    }
    auto& latest = a.latest[key];
    latest = std::max(latest, ts);
  }
  ++a.writers_done;
}

void reader(Net& net, LsmNode& node, Amplified& a) {
  while (a.writers_done < kWriters || node.backlog_bytes() > 0) sg4::this_actor::sleep_for(0.1);
  Rpc rpc(net, node.name() + "-reader");
  LsmClient c(rpc, node.endpoint(), {5.0, 2, 0.1});
  int i = 0;
  for (const auto& [key, ts] : a.latest) {
    if (i++ % 7 != 0) continue;  // a sample of the keys
    auto r = c.get(key);
    ++a.reads;
    if (!r.ok() || r.value().timestamp_us != ts || !r.value().value) ++a.wrong_reads;
  }
}

}  // namespace

int main() {
  harness_b::Sim sim("lsm_service", harness_b::one_rack(6), {{"lsm", 4}, {"client", 2}});
  const auto& lsm_hosts = sim.hosts("lsm");
  const auto& clients = sim.hosts("client");
  LsmNode periodic(sim.ctx(), "lsm-periodic", lsm_hosts[0],
                   harness_b::configure(lsm_node_params()));
  LsmNode batch(sim.ctx(), "lsm-batch", lsm_hosts[1],
                harness_b::configure(lsm_node_params(), "{commitlog_sync: batch}"));
  LsmNode stcs(sim.ctx(), "lsm-stcs", lsm_hosts[2],
               harness_b::configure(lsm_node_params(),
                                    "{memtable_flush_size: 128KiB, min_sstable_size: 256KiB}"));
  LsmNode lcs(sim.ctx(), "lsm-lcs", lsm_hosts[3],
              harness_b::configure(
                  lsm_node_params(),
                  "{compaction: leveled, memtable_flush_size: 128KiB, sstable_size: 256KiB}"));
  for (LsmNode* n : {&periodic, &batch, &stcs, &lcs}) n->start();
  sim.crash(lsm_hosts[0], kCrashAt, kDownFor);
  sim.crash(lsm_hosts[1], kCrashAt, kDownFor);

  Durability d;
  sim.driver("durability", clients[0], [&] { durability_driver(sim.net(), periodic, batch, d); });
  Amplified amp_stcs, amp_lcs;
  for (auto [node, amp] : {std::pair{&stcs, &amp_stcs}, std::pair{&lcs, &amp_lcs}}) {
    for (int w = 0; w < kWriters; ++w)
      sim.driver("writer", clients[1],
                 [&sim, node, amp, w] { writer(sim.net(), *node, *amp, w, sim.seed()); });
    sim.driver("reader", clients[1], [&sim, node, amp] { reader(sim.net(), *node, *amp); });
  }
  sim.run();

  // Durability: exactly the unsynced tail is lost by the periodic node, nothing by the batch one.
  sim.check(d.acked_periodic == 122 && d.acked_batch == 122,
            fmt::format("every write before the crash is acknowledged "
                        "(periodic {}, batch {})",
                        d.acked_periodic, d.acked_batch));
  sim.check(d.durable_periodic == 0 && d.durable_batch == 122,
            fmt::format("periodic acknowledges before the sync, batch after ({} / {} durable)",
                        d.durable_periodic, d.durable_batch));
  int a_kept = 0, b_kept = 0, batch_kept = 0;
  for (const auto& k : d.a_keys) a_kept += d.found_periodic[k], batch_kept += d.found_batch[k];
  for (const auto& k : d.b_keys) b_kept += d.found_periodic[k], batch_kept += d.found_batch[k];
  sim.check(
      a_kept == 91,
      fmt::format("periodic: the writes synced at 10 s survive the crash ({} of 91)", a_kept));
  sim.check(
      b_kept == 0,
      fmt::format("periodic: the unsynced tail (11-14 s) is lost ({} of 31 survived)", b_kept));
  sim.check(batch_kept == 122,
            fmt::format("batch: every acknowledged write survives ({} of 122)", batch_kept));
  sim.check(periodic.store().stats().records_lost_in_crash == 31,
            fmt::format("periodic: the block counts 31 records lost ({})",
                        periodic.store().stats().records_lost_in_crash));
  sim.check(periodic.store().stats().records_replayed == 91 &&
                batch.store().stats().records_replayed == 122,
            fmt::format("the restart replays the synced commit log (periodic {}, batch {})",
                        periodic.store().stats().records_replayed,
                        batch.store().stats().records_replayed));
  sim.check(periodic.stats().restarts == 1 && batch.stats().restarts == 1,
            "each crashed node restarted once");
  sim.check(d.write_while_down_failed, "a write to a node whose host is off fails");
  const double lat_p = d.latency_periodic / 91, lat_b = d.latency_batch / 91;
  sim.check(lat_b >= lat_p + periodic.config().costs.fsync,
            fmt::format("a batch write waits for its fsync: {:.3f} ms vs {:.3f} ms periodic",
                        lat_b * 1e3, lat_p * 1e3));
  sim.note(
      fmt::format("write latency: periodic {:.3f} ms, batch {:.3f} ms; recovery {:.3f} ms "
                  "(periodic), {:.3f} ms (batch)",
                  lat_p * 1e3, lat_b * 1e3, periodic.stats().recovery_seconds * 1e3,
                  batch.stats().recovery_seconds * 1e3));

  // Amplification by strategy, and the disk charged what the block reported.
  for (auto [node, amp] : {std::pair{&stcs, &amp_stcs}, std::pair{&lcs, &amp_lcs}}) {
    const auto& s = node->store().stats();
    const Amplification x = node->amplification();
    sim.note(fmt::format(
        "{}: {} writes, {} flushes, {} compactions; write amplification {:.2f} ({:.2f} with the "
        "commit "
        "log), read amplification {:.2f}, space amplification {:.2f}; background backlog max "
        "{:.0f} KB",
        node->name(), s.puts, s.flushes, s.compactions, x.write, x.write_with_commit_log, x.read,
        x.space, node->stats().background_backlog_max / 1e3));
    sim.check(amp->failed_writes == 0,
              fmt::format("{}: no write failed ({})", node->name(), amp->failed_writes));
    sim.check(amp->reads > 0 && amp->wrong_reads == 0,
              fmt::format("{}: every read returns the last write ({} wrong of {})", node->name(),
                          amp->wrong_reads, amp->reads));
    sim.check(s.compactions > 0 && x.write > 1.0,
              fmt::format("{}: compactions rewrote data", node->name()));
    const double reported =
        double(s.flush_bytes_written + s.compaction_bytes_read + s.compaction_bytes_written);
    sim.check(
        node->stats().background_bytes_charged == reported,
        fmt::format("{}: the disk was charged the block's flush and compaction bytes ({} vs {})",
                    node->name(), node->stats().background_bytes_charged, reported));
  }
  sim.check(lcs.amplification().write > stcs.amplification().write,
            "leveled compaction rewrites more than size-tiered on this update-heavy load");
  return sim.finish();
}
