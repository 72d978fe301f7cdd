// Charging work to the calling actor's host: CPU time on its cores, bytes on its first disk,
// and fixed latencies (a seek, an fsync) as waits. The storage services of sim/services
// (LSM node, key-value store, time-series database, search node, NoSQL table) charge their
// blocks' counted work through these, so that one cost model reads the same everywhere.
//
// CPU is given in seconds of one core and becomes flops at the host's speed, so concurrent
// work shares the host's cores (SimGrid's max-min sharing). Bytes go to the host's first
// disk at its bandwidth, shared with every other I/O on it; a host without a disk pays no
// disk time (a model that wants the cost gives its hosts a disk). Disk I/O goes through the
// disk's DiskIo (sim/net/disk_io.hpp): the same simulated time as a direct Disk::write, without
// SimGrid's per-actor I/O list growing in long-lived server actors.
#pragma once

namespace sdsim::services {

void cpu(double core_seconds);
void disk_write(double bytes);
void disk_read(double bytes);
// A fixed latency (a seek, an fsync): the caller waits, nothing is shared.
void wait(double seconds);
// The calling actor's host has a disk.
bool has_disk();

}  // namespace sdsim::services
