// The log's on-demand producer (sim/services/log/appender.hpp) on 3 brokers, RF 3, acks=all,
// idempotent, 6 partitions, one application host whose actors make records as they run:
//
//   keyed     two writers append 150 records each with keys 0..9 (append: wait for the
//             outcome). Every append returns Ok, no sooner than the linger; each record lands
//             in partition_for_key(key); in every partition a key's records are in the order
//             they were appended (Kafka's per-partition order for one producer, and the
//             default partitioner keeps a key on one partition); handing over costs no
//             simulated time.
//   forget    one writer sends 100 unkeyed records without waiting: the listener hears all 100
//             acknowledged, spread round-robin (every partition gets some).
//   failover  broker 0 (the preferred leader of some partitions) crashes for good at 20 s while
//             the writers append: every append still returns Ok, and each record is in the
//             final log exactly once.
//   app crash the application host crashes at 30 s and returns at 32 s: the producer restarts
//             as a new instance (incarnations 2), records appended after the restart are
//             acknowledged, and no record appears twice.
//
// Kafka's documentation followed: KafkaProducer.send() (asynchronous, a Future completed on the
// acknowledgement; https://kafka.apache.org/35/javadoc/org/apache/kafka/clients/producer/KafkaProducer.html),
// the default partitioner (a keyed record goes to hash(key) mod partitions), enable.idempotence
// (https://kafka.apache.org/documentation/#producerconfigs_enable.idempotence).
#include <algorithm>
#include <map>

#include "harness_b.hpp"
#include "sim/net/rpc.hpp"
#include "sim/services/log/appender.hpp"
#include "sim/services/log/log_cluster.hpp"

using namespace sdsim;
using namespace sdsim::log_service;
namespace sg4 = simgrid::s4u;

namespace {

double now() { return sg4::Engine::get_clock(); }

struct Counting : ProducerListener {
  std::map<int, int> acked_by_partition;
  int acked = 0, failed_records = 0;
  void acknowledged(const BatchOutcome& b, double) override {
    acked += int(b.ids->size());
    acked_by_partition[b.partition] += int(b.ids->size());
  }
  void failed(const BatchOutcome& b, double) override { failed_records += int(b.ids->size()); }
};

// Every record in the final logs of `topic`, with its partition, in log order.
std::vector<std::pair<int, RecordId>> final_records(const LogCluster& log, const Topic& topic) {
  std::vector<std::pair<int, RecordId>> out;
  for (int p : topic.ids()) {
    const ReplicaLog& r = log.current_log(p);
    for (const RecordBatch& b : r.read(r.log_start(), r.log_end(), 1u << 30))
      for (RecordId id : b.ids) out.emplace_back(p, id);
  }
  return out;
}

}  // namespace

int main() {
  harness_b::Sim sim("log_appender", harness_b::one_rack(5), {{"broker", 3}, {"controller", 1}, {"app", 1}});
  const auto brokers = sim.hosts("broker");
  const std::string app = sim.hosts("app").front();

  BrokerConfig bcfg = harness_b::configure(broker_params(), "{brokers: 3, replication_factor: 3, min_insync_replicas: 2}");
  ProducerConfig pcfg = harness_b::configure(producer_params(), "{acks: all, idempotent: true, linger: 5ms}");
  pcfg.record_bytes = 500;
  LogCluster log(bcfg, sim.ctx());
  const Topic& topic = log.add_topic("outbox", 6);
  // A group that never commits: the leaders then keep every record (they forget only below
  // every group's committed position), so the final logs can be read whole.
  log.add_group("audit", topic, 10.0);
  log.start(brokers, sim.hosts("controller").front());

  Counting heard;
  LogAppender outbox(log, pcfg, topic, "app/outbox", app, 7000000, &heard);
  outbox.start();

  struct Appended {
    RecordId id;
    std::uint64_t key;
    double start, end;
    Status status;
  };
  std::vector<Appended> appended;
  double handover_cost = 0.0;

  auto writer = [&](const std::string& name, RecordId first, int count, double from, double gap) {
    sim.driver(name, app, [&, name, first, count, from, gap] {
      sg4::this_actor::sleep_until(from);
      Rpc rpc(sim.net(), name);
      for (int i = 0; i < count; ++i) {
        const RecordId id = first + RecordId(i);
        const std::uint64_t key = id % 10;
        const double start = now();
        const Status s = outbox.append(rpc, id, key);
        appended.push_back({id, key, start, now(), s});
        sg4::this_actor::sleep_for(gap);
      }
    });
  };
  // keyed: 0-20 s; failover at 20 s and app crash at 30 s happen under the later writers.
  writer("writer-a", 1000, 150, 1.0, 0.1);
  writer("writer-b", 2000, 150, 1.05, 0.1);
  writer("writer-c", 3000, 150, 18.0, 0.1);   // 18-33 s: through both crashes
  // After the application's restart: an actor made then (the crash kills those living at 30 s).
  sim.driver("restart-launcher", sim.hosts("controller").front(), [&] {
    sg4::this_actor::sleep_until(33.0);
    writer("writer-d", 4000, 100, 33.0, 0.05);
  });
  sim.driver("forget", app, [&] {
    sg4::this_actor::sleep_until(5.0);
    for (RecordId id = 5000; id < 5100; ++id) {
      const double before = now();
      outbox.send(id);
      handover_cost = std::max(handover_cost, now() - before);
    }
  });
  sim.crash(brokers[0], 20.0, -1);
  sim.crash(app, 30.0, 2.0);
  sim.driver("end", sim.hosts("controller").front(), [] { sg4::this_actor::sleep_until(60.0); });
  sim.run();

  // keyed
  int keyed_ok = 0, keyed_total = 0;
  double min_latency = 1e9;
  for (const Appended& a : appended)
    if (a.id < 3000) {
      ++keyed_total;
      keyed_ok += a.status == Status::Ok;
      min_latency = std::min(min_latency, a.end - a.start);
    }
  sim.check(keyed_total == 300, fmt::format("keyed: 300 appends made ({})", keyed_total));
  sim.check(keyed_ok == 300, fmt::format("keyed: every append acknowledged ({} of {})", keyed_ok, keyed_total));
  sim.check(min_latency >= pcfg.linger, fmt::format("keyed: no append answered before the linger ({} s)", min_latency));
  sim.check(handover_cost == 0.0, fmt::format("send() costs no simulated time ({} s)", handover_cost));

  const auto records = final_records(log, topic);
  std::map<RecordId, int> copies;
  std::map<RecordId, int> partition_of;
  for (const auto& [p, id] : records) {
    ++copies[id];
    partition_of[id] = p;
  }
  int misplaced = 0, out_of_order = 0;
  std::map<std::pair<int, std::uint64_t>, RecordId> last;  // (partition, key) -> last id seen
  for (const auto& [p, id] : records) {
    if (id >= 5000) continue;
    const std::uint64_t key = id % 10;
    if (p != partition_for_key(topic, key)) ++misplaced;
    // One writer's records of a key are appended in increasing id order.
    auto [it, fresh] = last.emplace(std::make_pair(p, key * 10 + id / 1000), id);
    if (!fresh) {
      if (id < it->second) ++out_of_order;
      it->second = id;
    }
  }
  sim.check(misplaced == 0, fmt::format("keyed: every record in partition_for_key(key) ({} misplaced)", misplaced));
  sim.check(out_of_order == 0, fmt::format("keyed: a key's records in append order ({} out of order)", out_of_order));

  // forget
  int forgotten_in_log = 0, partitions_used = 0;
  std::map<int, int> by_partition;
  for (RecordId id = 5000; id < 5100; ++id)
    if (copies.count(id)) {
      ++forgotten_in_log;
      ++by_partition[partition_of[id]];
    }
  partitions_used = int(by_partition.size());
  sim.check(forgotten_in_log == 100, fmt::format("forget: all 100 sent records in the log ({})", forgotten_in_log));
  sim.check(partitions_used == topic.partitions,
            fmt::format("forget: unkeyed records spread over every partition ({} of {})", partitions_used, topic.partitions));

  // failover and app crash
  int duplicates = 0;
  for (const auto& [id, n] : copies) duplicates += n > 1;
  int after_ok = 0, after_total = 0, through_ok = 0, through_total = 0, through_lost = 0;
  double through_wait = 0.0;
  for (const Appended& a : appended) {
    if (a.id >= 4000) {
      ++after_total;
      after_ok += a.status == Status::Ok;
    } else if (a.id >= 3000) {
      ++through_total;
      through_ok += a.status == Status::Ok;
      through_wait = std::max(through_wait, a.end - a.start);
      if (a.status == Status::Ok && !copies.count(a.id)) ++through_lost;
    }
  }
  sim.check(duplicates == 0, fmt::format("no record twice in the final log ({} duplicated)", duplicates));
  sim.check(through_lost == 0, fmt::format("failover: no acknowledged record missing ({} missing)", through_lost));
  // writer-c dies with the application host at 30 s: its appends up to then all succeed, one of
  // them waiting out the election (the controller fences broker 0 after its session timeout).
  sim.check(through_wait > bcfg.broker_session_timeout * 0.5 && through_wait < pcfg.delivery_timeout,
            fmt::format("failover: the append in flight at the crash waits for the new leader ({} s)", through_wait));
  sim.check(through_total >= 20 && through_ok == through_total,
            fmt::format("failover: appends through the broker crash acknowledged ({} of {})", through_ok, through_total));
  sim.check(outbox.incarnations() == 2, fmt::format("app crash: the producer restarted ({} incarnations)", outbox.incarnations()));
  sim.check(after_total == 100 && after_ok == 100,
            fmt::format("app crash: appends after the restart acknowledged ({} of {})", after_ok, after_total));
  sim.check(heard.failed_records == 0, fmt::format("no batch given up ({} records)", heard.failed_records));
  sim.note(fmt::format("records in the log {}, acknowledged batches' records {}, writer-c appends {}", records.size(),
                       heard.acked, through_total));
  return sim.finish();
}
