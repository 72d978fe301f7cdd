// The log brokers' DiskWriter (sim/services/log/disk_writer.hpp) against a plain
// `Disk::write` from the writing actor:
//   - the same writes take the same simulated time: two actors on one host receive a message
//     every 2 ms each and write 4 KB after each (often at once, sharing the disk), through the
//     disk writer; two actors on another host do the same with direct writes; every write ends
//     at exactly the same instant on both (5,000 writes, the helper handed over 4 times);
//   - memory stays bounded by the writes in progress: then 100,000 more writes through the
//     writer grow the process's resident memory by less than 4 MiB. SimGrid 3.32 keeps every
//     I/O an actor created until that actor ends; `log_disk_writer --direct` makes these
//     100,000 writes direct and fails this check (the memory a broker writing on each append
//     leaked before it used the disk writer).
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "harness_b.hpp"
#include "sim/services/log/disk_writer.hpp"

namespace sg4 = simgrid::s4u;
using sdsim::log_service::DiskWriter;

namespace {

constexpr int kPhaseOne = 2500;    // messages per receiving actor, each followed by a write
constexpr int kPhaseTwo = 100000;  // writes through the writer alone
constexpr double kPeriod = 0.002;  // s between a sender's messages
constexpr double kBytes = 4096;

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
void receiver(sg4::Mailbox* box, int n, const DiskWriter* writer, std::vector<double>& ends) {
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

void sender(sg4::Mailbox* box, int n) {
  for (int i = 0; i < n; ++i) {
    sg4::this_actor::sleep_for(kPeriod);
    box->put_init(new int(i), 100)->detach([](void* p) { delete static_cast<int*>(p); });
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool direct = argc > 1 && std::strcmp(argv[1], "--direct") == 0;
  harness_b::Sim sim("log_disk_writer", harness_b::one_rack(3),
                     {{"direct", 1}, {"pooled", 1}, {"sender", 1}});
  const std::string pooled_host = sim.hosts("pooled")[0], direct_host = sim.hosts("direct")[0];
  const std::string sender_host = sim.hosts("sender")[0];
  std::unique_ptr<DiskWriter> writer;
  std::vector<std::vector<double>> ends(4);
  double before = 0, after = 0;
  int helpers_before = 0;
  sim.driver("setup", pooled_host, [&] {
    writer = std::make_unique<DiskWriter>(sg4::this_actor::get_host()->get_disks().front(), "disk");
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
  const int most = 1 + 2 * kPhaseOne / int(DiskWriter::kWritesPerHelper);
  sim.check(helpers_before >= 2 && helpers_before <= most,
            fmt::format("the helper hands over after {} writes ({} helpers for {} writes)",
                        DiskWriter::kWritesPerHelper, helpers_before, 2 * kPhaseOne));
  sim.check(after - before < 4.0,
            fmt::format("{} {} writes grow resident memory by {:.1f} MiB (bound 4 MiB)", kPhaseTwo,
                        direct ? "direct" : "disk-writer", after - before));
  return sim.finish();
}
