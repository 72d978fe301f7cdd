// The book's back-of-the-envelope figures for nearby friends (System Design Interview vol. 2,
// ch. 2, "Back-of-the-envelope estimation" and "How many Redis pub/sub servers do we need?"),
// computed from its inputs (params.scale):
//   location updates/s   = DAU x concurrent fraction / update interval   (10^7 / 30 = 334K)
//   pushes/s             = updates/s x friends x online fraction         (334K x 40 = 14M)
//   servers for CPU      = ceil(pushes/s / pushes per server per s)      (14M / 100K = 140)
//   pub/sub memory       = channels x subscribers per channel x pointer  (10^8 x 100 x 20 B = 200 GB)
//   servers for memory   = ceil(memory / server memory)                  (200 GB / 100 GB = 2)
// The book rounds 13.3M pushes/s up to 14M before dividing; computed exactly the CPU answer is
// 134 servers.
#pragma once

#include "models/nearby_friends/params.hpp"

namespace sdsim::nearby_friends {

struct Estimate {
  double updates_per_s = 0;
  double pushes_per_update = 0;
  double pushes_per_s = 0;
  double servers_for_cpu = 0;
  double memory_bytes = 0;
  double servers_for_memory = 0;
};

Estimate estimate(const ScaleConfig& s);

}  // namespace sdsim::nearby_friends
