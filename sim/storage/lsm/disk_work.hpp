// What an operation asks of the disk. The LSM store does no I/O: it reports the operations a
// real node would issue, and the hosting service charges them to the simulated disk.
#pragma once

#include <cstdint>

namespace sdsim::storage::lsm {

struct DiskWork {
  std::uint64_t sequential_write_bytes = 0;  // commit log appends, flushes, compaction output
  std::uint64_t sequential_read_bytes = 0;   // compaction input, commit log replay
  std::uint64_t random_reads = 0;            // data blocks read by point lookups
  std::uint64_t random_read_bytes = 0;
  std::uint64_t syncs = 0;  // fsyncs (commit log, end of an SSTable write)

  DiskWork& operator+=(const DiskWork& o) {
    sequential_write_bytes += o.sequential_write_bytes;
    sequential_read_bytes += o.sequential_read_bytes;
    random_reads += o.random_reads;
    random_read_bytes += o.random_read_bytes;
    syncs += o.syncs;
    return *this;
  }
  bool operator==(const DiskWork&) const = default;
};

}  // namespace sdsim::storage::lsm
