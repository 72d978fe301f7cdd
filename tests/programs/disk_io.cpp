// DiskIo (sim/net/disk_io.hpp), through which brokers, storage services and blob data nodes do
// their disk I/O, against a plain `Disk::write` / `Disk::read` from the calling actor:
//   - the same writes take the same simulated time: two actors on one host receive a message
//     every 2 ms each and write 4 KB after each (often at once, sharing the disk), through the
//     disk writer; two actors on another host do the same with direct writes; every write ends
//     at exactly the same instant on both (5,000 writes, the helper handed over 4 times);
//   - memory stays bounded by the writes in progress: then 100,000 more writes through the
//     writer grow the process's resident memory by less than 4 MiB. SimGrid 3.32 keeps every
//     I/O an actor created until that actor ends; `log_disk_writer --direct` makes these
//     100,000 writes direct and fails this check (the memory a broker writing on each append
//     leaked before it used the disk writer);
//   - the per-disk instance `disk_io(disk)` of callers without state (sim/services/lsm/
//     host_work.hpp): alternating 4 KB writes and reads on one host end exactly when the same
//     direct I/Os on a twin host do; the host is turned off in the middle of an I/O and on again,
//     and a caller started after the restart gets a fresh helper and the same timings again.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <limits>
#include <algorithm>

#include "harness_b.hpp"
#include "sim/net/disk_io.hpp"

namespace sg4 = simgrid::s4u;
using sdsim::DiskIo;

namespace {

constexpr int kPhaseOne = 2500;    // messages per receiving actor, each followed by a write
constexpr int kPhaseTwo = 100000;  // writes through the writer alone
constexpr double kPeriod = 0.002;  // s between a sender's messages
constexpr double kBytes = 4096;
// The crash phase comes after the memory phase (over by 7.1 s), whose measure the twin's direct
// I/Os would otherwise spoil (the memory they leak is freed when the twin ends, then reused).
constexpr double kStatelessStart = 8.0;  // s: the stateless caller and its twin start
constexpr double kCrashAt = 9.0;         // s: the stateless caller's host goes down
constexpr double kRestartAt = 10.0;      // s: and comes back
constexpr double kSecondRun = 10.5;      // s: a new caller starts on it
constexpr int kStatelessIos = 3000;  // I/Os of the caller after the restart

double resident_mib() {
  long pages = 0, resident = 0;
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
  std::fclose(f);
  return double(resident) * double(::sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// Receives `n` messages on `box` (its eager receiver) and writes after each, recording when
// each write ended.
void receiver(sg4::Mailbox* box, int n, const DiskIo* writer, std::vector<double>& ends) {
  box->set_receiver(sg4::Actor::self());
  sg4::Disk* disk = sg4::this_actor::get_host()->get_disks().front();
  for (int i = 0; i < n; ++i) {
    delete box->get<int>();
    if (writer != nullptr)
      writer->write(kBytes);
    else
      disk->write(static_cast<sg_size_t>(kBytes));
    ends.push_back(sg4::Engine::get_clock());
  }
}

// Alternating writes and reads on the host's first disk, through disk_io() or directly, until
// `n` are done or the clock reaches `until`; records when each ended.
void stateless(bool through_registry, int n, double until, std::vector<double>& ends) {
  sg4::Disk* disk = sg4::this_actor::get_host()->get_disks().front();
  for (int i = 0; i < n && sg4::Engine::get_clock() < until; ++i) {
    const bool write = i % 2 == 0;
    if (through_registry && write)
      sdsim::disk_io(disk).write(kBytes);
    else if (through_registry)
      sdsim::disk_io(disk).read(kBytes);
    else if (write)
      disk->write(static_cast<sg_size_t>(kBytes));
    else
      disk->read(static_cast<sg_size_t>(kBytes));
    ends.push_back(sg4::Engine::get_clock());
  }
}

void sender(sg4::Mailbox* box, int n) {
  for (int i = 0; i < n; ++i) {
    sg4::this_actor::sleep_for(kPeriod);
    box->put_init(new int(i), 100)->detach([](void* p) { delete static_cast<int*>(p); });
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool direct = argc > 1 && std::strcmp(argv[1], "--direct") == 0;
  harness_b::Sim sim("disk_io", harness_b::one_rack(5),
                     {{"direct", 1}, {"pooled", 1}, {"sender", 1}, {"restart", 1}, {"twin", 1}});
  const std::string pooled_host = sim.hosts("pooled")[0], direct_host = sim.hosts("direct")[0];
  const std::string sender_host = sim.hosts("sender")[0];
  std::unique_ptr<DiskIo> writer;
  std::vector<std::vector<double>> ends(4);
  double before = 0, after = 0;
  int helpers_before = 0;
  sim.driver("setup", pooled_host, [&] {
    writer = std::make_unique<DiskIo>(sg4::this_actor::get_host()->get_disks().front(), "disk");
    writer->start();
    for (int r = 0; r < 4; ++r) {
      const bool pooled = r < 2;
      auto* box = sg4::Mailbox::by_name("receiver-" + std::to_string(r));
      sim.driver("receiver-" + std::to_string(r), pooled ? pooled_host : direct_host,
                 [&, box, pooled, r] {
                   receiver(box, kPhaseOne, pooled ? writer.get() : nullptr, ends[r]);
                 });
      sim.driver("sender-" + std::to_string(r), sender_host, [box] { sender(box, kPhaseOne); });
    }
  });
  // The per-disk instance through a crash: before it (the caller dies with the host, mid-I/O)
  // and after it (a new caller), each against a twin doing direct I/Os at the same instants.
  const std::string restart_host = sim.hosts("restart")[0], twin_host = sim.hosts("twin")[0];
  std::vector<double> before_crash, twin_before, after_restart, twin_after;
  std::size_t helpers_after = 0;
  bool fresh_after_restart = false;
  sim.crash(restart_host, kCrashAt, kRestartAt - kCrashAt);
  sim.driver("stateless", restart_host, [&] {
    sg4::this_actor::sleep_until(kStatelessStart);
    stateless(true, std::numeric_limits<int>::max(), 1e9, before_crash);
  });
  sim.driver("twin", twin_host, [&] {
    sg4::this_actor::sleep_until(kStatelessStart);
    stateless(false, std::numeric_limits<int>::max(), kCrashAt, twin_before);
    sg4::this_actor::sleep_until(kSecondRun);
    stateless(false, kStatelessIos, 1e9, twin_after);
  });
  sim.driver("later", sender_host, [&] {
    sg4::this_actor::sleep_until(kSecondRun);
    sim.driver("stateless-again", restart_host, [&] {
      sg4::Disk* disk = sg4::this_actor::get_host()->get_disks().front();
      const std::size_t helpers = sdsim::disk_io(disk).helpers_started();
      fresh_after_restart = helpers == 1;  // a new instance, not the dead one's
      stateless(true, kStatelessIos, 1e9, after_restart);
      helpers_after = sdsim::disk_io(disk).helpers_started();
    });
  });
  sim.driver("memory", direct ? direct_host : pooled_host, [&] {
    sg4::this_actor::sleep_until(kPhaseOne * kPeriod + 1.0);  // phase one is over
    helpers_before = int(writer->helpers_started());
    sg4::Disk* disk = sg4::this_actor::get_host()->get_disks().front();
    before = resident_mib();
    for (int i = 0; i < kPhaseTwo; ++i) {
      if (direct)
        disk->write(static_cast<sg_size_t>(kBytes));
      else
        writer->write(kBytes);
    }
    after = resident_mib();
  });
  sim.run();
  sim.note(fmt::format("{} {} writes: resident memory {:.1f} -> {:.1f} MiB", kPhaseTwo,
                       direct ? "direct" : "disk-writer", before, after));

  bool same = ends[0].size() == std::size_t(kPhaseOne) && ends[1].size() == std::size_t(kPhaseOne);
  for (int r = 0; r < 2; ++r) same = same && ends[r] == ends[r + 2];
  sim.check(same, "every write through the disk writer ends when the same direct write does");
  // A hand-over waits for a moment no write is in progress: at most one per kWritesPerHelper.
  const int most = 1 + 2 * kPhaseOne / int(DiskIo::kIosPerHelper);
  sim.check(helpers_before >= 2 && helpers_before <= most,
            fmt::format("the helper hands over after {} writes ({} helpers for {} writes)",
                        DiskIo::kIosPerHelper, helpers_before, 2 * kPhaseOne));
  sim.note(fmt::format("disk_io(): {} I/Os before the crash, {} after the restart ({} helpers)",
                       before_crash.size(), after_restart.size(), helpers_after));
  const std::size_t upto = std::min(before_crash.size(), twin_before.size());
  sim.check(upto > 2 * DiskIo::kIosPerHelper &&
                std::equal(before_crash.begin(), before_crash.begin() + long(upto), twin_before.begin()),
            fmt::format("before the crash, {} of {} I/Os through disk_io() end when the direct twin's do",
                        upto, before_crash.size()));
  sim.check(!before_crash.empty() && before_crash.back() <= kCrashAt,
            "the caller on the crashed host did nothing after the crash");
  sim.check(fresh_after_restart, "after the restart, disk_io() starts a fresh helper");
  sim.check(after_restart.size() == std::size_t(kStatelessIos) && after_restart == twin_after,
            fmt::format("after the restart, {} I/Os through disk_io() end when the twin's do",
                        after_restart.size()));
  sim.check(helpers_after >= 2, fmt::format("the fresh instance hands over ({} helpers for {} I/Os)",
                                            helpers_after, kStatelessIos));
  sim.check(after - before < 4.0,
            fmt::format("{} {} writes grow resident memory by {:.1f} MiB (bound 4 MiB)", kPhaseTwo,
                        direct ? "direct" : "disk-writer", after - before));
  return sim.finish();
}
