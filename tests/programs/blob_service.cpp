// The blob store service driven from client actors, two stores side by side on six data nodes
// in three racks: `rep` (3 copies, all acknowledged) and `ec` (RS(4,2)). Data node X (the
// first one) crashes at 5 s for 30 s; the heartbeat grace is 3 s.
//   - PUT then GET from another actor: every blob written at 0-4 s is read back whole by a
//     reader on another host, one chunk read each (the first copy; the data chunks for EC);
//   - the crash: with 3 copies every GET during it is served; exactly those whose first copy
//     was on X needed a second read (after the 500 ms time-out); with RS(4,2) exactly those
//     with a data chunk on X were degraded (decoded from parity), all served;
//   - placement: X is declared dead after the grace (between its last heartbeat + grace and
//     one check later), up again after its restart, and PUTs in between avoid it;
//   - what a crash loses: a 50 MB copy being written to X's disk at the crash is neither stored
//     nor acknowledged (the PUT fails with 2 of 3 acks, the two other nodes hold their copy);
//     everything X stored before survives (durable), and after its restart every GET reads
//     one chunk again, X's included;
//   - remove: a removed blob leaves tombstones, so a GET of it is Unavailable.
#include <algorithm>

#include "harness_b.hpp"
#include "sim/services/blob/blob_client.hpp"
#include "sim/services/blob/blob_store.hpp"

using namespace sdsim;
using namespace sdsim::blob_service;
namespace sg4 = simgrid::s4u;

namespace {

constexpr double kCrashAt = 5, kDown = 30, kBlob = 64e3, kBig = 50e6;
constexpr int kBlobs = 40;

std::string platform() {
  return R"(datacenters:
  - name: dc-0
    racks:
      - {name: rack-0, hosts: 3, uplink: {bandwidth: 40Gbps, latency: 10us}}
      - {name: rack-1, hosts: 3, uplink: {bandwidth: 40Gbps, latency: 10us}}
      - {name: rack-2, hosts: 3, uplink: {bandwidth: 40Gbps, latency: 10us}}
host:
  speed: 1Gf
  cores: 8
  link: {bandwidth: 10Gbps, latency: 50us}
  disks:
    - {name: disk0, read: 500MBps, write: 400MBps}
    - {name: disk1, read: 500MBps, write: 400MBps}
)";
}

struct Phase {
  std::vector<GetResult> gets;
};

// GETs of every ref in order, from the calling actor.
Phase read_all(BlobClient& client, const std::vector<BlobRef>& refs) {
  Phase p;
  for (const BlobRef& r : refs) p.gets.push_back(client.get(r));
  return p;
}

}  // namespace

int main() {
  harness_b::Sim sim("blob_service", platform(),
                     {{"placement", 1}, {"datanode", 6}, {"client", 2}});
  const auto& nodes = sim.hosts("datanode");
  const std::string placement = sim.hosts("placement")[0];
  BlobConfig rep_cfg = harness_b::configure(blob_params(), "{heartbeat: {grace: 3s}}");
  BlobConfig ec_cfg = harness_b::configure(
      blob_params(), "{scheme: erasure_coding, ec: {k: 4, m: 2}, heartbeat: {grace: 3s}}");
  BlobStore rep(sim.ctx(), rep_cfg.finish(), placement, nodes, "rep");
  BlobStore ec(sim.ctx(), ec_cfg.finish(), placement, nodes, "ec");
  rep.start();
  ec.start();
  const int x = 0;  // the data node that crashes
  sim.crash(nodes[x], kCrashAt, kDown);

  // The big blob: one whose three copies include X, written just before the crash.
  std::uint64_t big_id = 0;
  for (int i = 0; big_id == 0; ++i) {
    const std::uint64_t id = BlobClient::blob_id("big-" + std::to_string(i));
    const auto placed = rep.ring->select(id, 3, rep.cfg.rack_aware, {}, [](int) { return true; });
    if (std::find(placed.begin(), placed.end(), x) != placed.end()) big_id = id;
  }

  std::vector<BlobRef> refs, ec_refs, late;
  std::vector<PutResult> puts;
  PutResult big;
  bool written = false;
  sim.driver("writer", sim.hosts("client")[0], [&] {
    BlobClient rc(rep, "writer-rep"), ecc(ec, "writer-ec");
    for (int i = 0; i < kBlobs; ++i) {
      puts.push_back(rc.put(BlobClient::blob_id("tile-" + std::to_string(i)), kBlob));
      refs.push_back(puts.back().ref);
      const PutResult e = ecc.put(BlobClient::blob_id("attachment-" + std::to_string(i)), kBlob);
      puts.push_back(e);
      ec_refs.push_back(e.ref);
    }
    written = true;
    sg4::this_actor::sleep_until(kCrashAt - 0.2);  // on X's disk at the crash
    big = rc.put(big_id, kBig);
    sg4::this_actor::sleep_until(kCrashAt + 4);  // X declared dead by now (3 s grace)
    for (int i = 0; i < 10; ++i)
      late.push_back(rc.put(BlobClient::blob_id("late-" + std::to_string(i)), kBlob).ref);
  });

  Phase before, during, ec_during, after, removed;
  double declared_dead = -1;
  bool up_before_restart = true;
  sim.driver("watcher", sim.hosts("client")[1], [&] {
    sg4::this_actor::sleep_until(kCrashAt);
    while (rep.up[x]) sg4::this_actor::sleep_for(0.01);
    declared_dead = sg4::Engine::get_clock();
  });
  int kept = 0, on_x = 0;
  sim.driver("reader", sim.hosts("client")[1], [&] {
    BlobClient rc(rep, "reader-rep"), ecc(ec, "reader-ec");
    sg4::this_actor::sleep_until(1.0);
    sim.check(written, "the writer finished its PUTs before the reader began");
    before = read_all(rc, refs);
    sg4::this_actor::sleep_until(kCrashAt + 1);
    during = read_all(rc, refs);
    ec_during = read_all(ecc, ec_refs);
    sg4::this_actor::sleep_until(kCrashAt + kDown - 0.5);
    up_before_restart = rep.up[x];
    sg4::this_actor::sleep_until(kCrashAt + kDown + 2);  // back and heard from
    std::vector<BlobRef> all = refs;
    all.insert(all.end(), late.begin(), late.end());
    after = read_all(rc, all);
    for (const BlobRef& r : refs)  // before the removals below leave tombstones
      for (int s = 0; s < 3; ++s)
        if (r.nodes[s] == x) ++on_x, kept += rep.stores[x]->has({r.id, s});
    for (int i = 0; i < 5; ++i) rc.remove(refs[i]);
    sg4::this_actor::sleep_for(0.1);
    removed = read_all(rc, {refs.begin(), refs.begin() + 5});
  });
  sim.run();

  auto count = [](const Phase& p, auto pred) {
    return static_cast<int>(std::count_if(p.gets.begin(), p.gets.end(), pred));
  };
  auto ok = [](const GetResult& g) { return g.ok() && g.bytes == kBlob; };
  const int puts_ok = static_cast<int>(
      std::count_if(puts.begin(), puts.end(), [](const PutResult& p) { return p.ok(); }));
  sim.check(puts_ok == 2 * kBlobs,
            fmt::format("{} of {} PUTs before the crash acknowledged", puts_ok, 2 * kBlobs));
  sim.check(count(before, ok) == kBlobs &&
                count(before, [](const GetResult& g) { return g.reads == 1; }) == kBlobs,
            fmt::format("PUT then GET from another actor: {} of {} blobs read back whole, one "
                        "chunk read each",
                        count(before, ok), kBlobs));
  int first_on_x = 0, data_on_x = 0;
  for (const BlobRef& r : refs) first_on_x += r.nodes[0] == x;
  for (const BlobRef& r : ec_refs)
    data_on_x += std::find(r.nodes.begin(), r.nodes.begin() + 4, x) != r.nodes.begin() + 4;
  const int retried = count(during, [](const GetResult& g) { return g.reads == 2; });
  const int slow = count(during, [](const GetResult& g) { return g.latency >= 0.5; });
  sim.check(
      count(during, ok) == kBlobs && retried == first_on_x && slow == first_on_x && first_on_x > 0,
      fmt::format("3 copies, X down: {} of {} GETs served; {} needed a second read after "
                  "the time-out, as many as blobs whose first copy was on X ({})",
                  count(during, ok), kBlobs, retried, first_on_x));
  const int degraded = count(ec_during, [](const GetResult& g) { return g.degraded; });
  sim.check(count(ec_during, ok) == kBlobs && degraded == data_on_x && data_on_x > 0,
            fmt::format("RS(4,2), X down: {} of {} GETs served; {} degraded, as many as blobs "
                        "with a data chunk on X ({})",
                        count(ec_during, ok), kBlobs, degraded, data_on_x));
  sim.check(declared_dead >= kCrashAt - 1 + 3 && declared_dead <= kCrashAt + 3 + 0.5 &&
                !up_before_restart && rep.up[x] && rep.stats.false_down == 0 &&
                rep.stats.node_downs == 1,
            fmt::format("X declared dead at {:.2f} s (crash at {} s; its last heartbeat within "
                        "1 s before, + 3 s grace, + a 0.5 s check), up again after its restart",
                        declared_dead, kCrashAt));
  int late_on_x = 0;
  for (const BlobRef& r : late)
    late_on_x += std::find(r.nodes.begin(), r.nodes.end(), x) != r.nodes.end();
  sim.check(late.size() == 10 && late_on_x == 0 &&
                std::all_of(late.begin(), late.end(),
                            [](const BlobRef& r) { return r.nodes.size() == 3; }),
            fmt::format("{} PUTs after X was declared dead placed no copy on it", late.size()));
  // What the crash lost: the copy in flight on X, and only that.
  int holders = 0;
  for (int s = 0; s < static_cast<int>(big.ref.nodes.size()); ++s)
    holders += big.ref.nodes[s] != x && rep.stores[big.ref.nodes[s]]->has({big_id, s});
  bool x_has_big = false;
  for (int s = 0; s < 3; ++s) x_has_big = x_has_big || rep.stores[x]->has({big_id, s});
  sim.check(
      big.status == Status::Error && big.acks == 2 && holders == 2 && !x_has_big &&
          rep.stats.writes_lost_in_crash == 1,
      fmt::format("the 50 MB copy on its way to X's disk at the crash: PUT {} with {} acks, "
                  "stored on {} other nodes, not on X ({} write lost in the crash)",
                  status_name(big.status), big.acks, holders, rep.stats.writes_lost_in_crash));
  sim.check(on_x > 0 && kept == on_x,
            fmt::format("X kept the {} of {} copies it stored before the crash", kept, on_x));
  sim.check(count(after, ok) == kBlobs + 10 &&
                count(after, [](const GetResult& g) { return g.reads == 1; }) == kBlobs + 10,
            fmt::format("after X's restart: {} of {} GETs served with one chunk read each",
                        count(after, ok), kBlobs + 10));
  sim.check(count(removed, [](const GetResult& g) { return g.status == Status::Unavailable; }) == 5,
            "the 5 removed blobs are no longer served (tombstones)");
  sim.note(fmt::format(
      "3 copies: {} chunks written, {} read, {} chunk errors; {} GETs read a second copy during "
      "the crash; RS(4,2): {} degraded GETs; X declared dead at {:.2f} s, kept {} copies",
      rep.stats.chunks_written, rep.stats.chunks_read, rep.stats.chunk_errors, retried, degraded,
      declared_dead, kept));
  return sim.finish();
}
