// Disk writes of one broker life, each blocking its caller for the disk's time as a plain
// `Disk::write` does, without the simulator's cost growing with every write.
//
// Why not `Disk::write` from the caller: SimGrid 3.32 adds every I/O to the list of
// activities of the actor that creates it (kernel IoImpl's constructor) and nothing ever takes
// it out, while every message an actor receives scans its whole list (CommImpl::finish). A
// broker handler writing on each append (flush.policy every) thus paid for all its past writes
// on each request (an 8 s exactly-once run: 6.3 s of CPU against 0.6 s for 4 s) and kept every
// I/O in memory. Here a helper actor that receives no messages creates the I/Os, and hands
// over to a fresh helper every `kWritesPerHelper` writes, at a moment none of its writes is in
// progress, since an actor's end frees its list. The caller waits on the I/O itself, so it
// resumes at the instant the disk finishes, exactly as with a direct write.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace simgrid::s4u {
class Disk;
}

namespace sdsim::log_service {

class DiskWriter {
 public:
  static constexpr std::size_t kWritesPerHelper = 1024;

  DiskWriter(simgrid::s4u::Disk* disk, const std::string& name);
  // Spawns the helper (named `name`) on the calling actor's host; it dies with the host.
  // Writes asked before it runs wait for it.
  void start() const;
  // Writes `bytes` (rounded down to whole bytes) to the disk; returns when it is written.
  void write(double bytes) const;
  std::size_t helpers_started() const;  // helper actors so far (tests)

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace sdsim::log_service
