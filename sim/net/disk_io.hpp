// Disk I/O that blocks its caller for the disk's time exactly as a plain `Disk::write` or
// `Disk::read` does, without the simulator's cost growing with every I/O the caller ever did.
//
// Why not `Disk::write` from the caller: SimGrid 3.32 adds every I/O to the list of
// activities of the actor that creates it (kernel IoImpl's constructor) and nothing ever takes
// it out, while every message an actor receives, and every suspend and resume, walks its whole
// list. A long-lived handler or worker writing on each request (a broker with `flush.policy:
// every`, an SQL server's WAL, an LSM node's memtable flushes) thus paid for all its past I/Os
// on each new request (an 8 s exactly-once run: 6.3 s of CPU against 0.6 s for 4 s) and kept
// every I/O in memory. Here a helper actor that receives no messages creates the I/Os, and hands
// over to a fresh helper every `kIosPerHelper` I/Os, at a moment none of its I/Os is in
// progress, since an actor's end frees its list. The caller waits on the I/O itself, so it
// resumes at the instant the disk finishes, exactly as with a direct call.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace simgrid::s4u {
class Disk;
}

namespace sdsim {

class DiskIo {
 public:
  static constexpr std::size_t kIosPerHelper = 1024;

  DiskIo(simgrid::s4u::Disk* disk, const std::string& name);
  // Spawns the helper (named `name`) on the calling actor's host; it dies with the host.
  // I/Os asked before it runs wait for it.
  void start() const;
  // Writes / reads `bytes` (rounded down to whole bytes) on the disk; returns when done.
  void write(double bytes) const;
  void read(double bytes) const;
  std::size_t helpers_started() const;  // helper actors so far (tests)
  bool helper_alive() const;            // false before start() and after the host went down

  struct State;

 private:
  void io(double bytes, bool write) const;
  std::shared_ptr<State> state_;
};

// The DiskIo of `disk`, for callers that keep no state of their own (sim/services/lsm/
// host_work.hpp, a blob data node): one per disk, held by the disk itself, started on first use
// from an actor of the disk's host and started afresh after that host restarted (the host's
// end killed the helper and every caller waiting on it). Call it from an actor on the disk's
// host.
const DiskIo& disk_io(simgrid::s4u::Disk* disk);

}  // namespace sdsim
