#include "sim/services/lsm/host_work.hpp"

#include <cmath>
#include <simgrid/s4u.hpp>

#include "sim/net/disk_io.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::services {
namespace {

sg4::Disk* first_disk() {
  const auto& disks = sg4::this_actor::get_host()->get_disks();
  return disks.empty() ? nullptr : disks.front();
}

}  // namespace

void cpu(double core_seconds) {
  if (core_seconds <= 0) return;
  sg4::this_actor::execute(core_seconds * sg4::this_actor::get_host()->get_speed());
}

void disk_write(double bytes) {
  if (bytes < 1) return;
  if (sg4::Disk* d = first_disk()) disk_io(d).write(std::round(bytes));
}

void disk_read(double bytes) {
  if (bytes < 1) return;
  if (sg4::Disk* d = first_disk()) disk_io(d).read(std::round(bytes));
}

void wait(double seconds) {
  if (seconds > 0) sg4::this_actor::sleep_for(seconds);
}

bool has_disk() { return first_disk() != nullptr; }

}  // namespace sdsim::services
