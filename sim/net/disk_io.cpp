#include "sim/net/disk_io.hpp"

#include <deque>
#include <optional>
#include <simgrid/s4u.hpp>

namespace sg4 = simgrid::s4u;

namespace sdsim {

// One I/O waiting for its activity to be created.
struct IoJob {
  sg_size_t bytes = 0;
  bool write = true;
  sg4::IoPtr io;
  sg4::SemaphorePtr started = sg4::Semaphore::create(0);
};

struct DiskIo::State {
  sg4::Disk* disk = nullptr;
  std::string name;
  std::deque<IoJob*> queue;
  sg4::SemaphorePtr work = sg4::Semaphore::create(0);  // one token per queued job
  std::size_t started_by_helper = 0;  // I/Os the current helper created
  std::size_t in_progress = 0;        // I/Os created whose caller has not seen them end
  std::size_t helpers = 0;            // helper actors spawned
  aid_t helper = -1;                  // pid of the current helper
};

namespace {

void helper_loop(const std::shared_ptr<DiskIo::State>& s);

// Spawns a helper on the calling actor's host (a daemon: it never holds the run open).
void spawn_helper(const std::shared_ptr<DiskIo::State>& s) {
  ++s->helpers;
  sg4::ActorPtr a = sg4::Actor::create(s->name, sg4::this_actor::get_host(), [s] { helper_loop(s); });
  a->daemonize();
  s->helper = a->get_pid();
}

void helper_loop(const std::shared_ptr<DiskIo::State>& s) {
  while (true) {
    s->work->acquire();
    if (s->started_by_helper >= DiskIo::kIosPerHelper && s->in_progress == 0) {
      // Hand over: the job stays queued (its token too) for the next helper, and this actor's
      // end drops the finished I/Os it holds. None is running, so none is cancelled.
      s->started_by_helper = 0;
      s->work->release();
      spawn_helper(s);
      return;
    }
    IoJob* job = s->queue.front();
    s->queue.pop_front();
    job->io = job->write ? s->disk->write_async(job->bytes) : s->disk->read_async(job->bytes);
    ++s->started_by_helper;
    ++s->in_progress;
    job->started->release();
  }
}

}  // namespace

DiskIo::DiskIo(sg4::Disk* disk, const std::string& name) : state_(std::make_shared<State>()) {
  state_->disk = disk;
  state_->name = name;
}

void DiskIo::start() const { spawn_helper(state_); }

bool DiskIo::helper_alive() const {
  return state_->helper >= 0 && sg4::Actor::by_pid(state_->helper) != nullptr;
}

std::size_t DiskIo::helpers_started() const { return state_->helpers; }

void DiskIo::write(double bytes) const { io(bytes, true); }
void DiskIo::read(double bytes) const { io(bytes, false); }

void DiskIo::io(double bytes, bool write) const {
  IoJob job;
  job.bytes = static_cast<sg_size_t>(bytes);
  job.write = write;
  state_->queue.push_back(&job);
  state_->work->release();
  job.started->acquire();
  // A kill (the host going down) unwinds from here with the helper gone too: nothing to undo.
  job.io->wait();
  --state_->in_progress;
}

namespace {

// The per-disk DiskIo, as an extension of the SimGrid disk (it lives and dies with the disk,
// so with the run's engine).
struct DiskIoSlot {
  std::optional<DiskIo> io;
};

simgrid::xbt::Extension<sg4::Disk, DiskIoSlot>& slot_extension() {
  static simgrid::xbt::Extension<sg4::Disk, DiskIoSlot> ext = sg4::Disk::extension_create<DiskIoSlot>();
  return ext;
}

}  // namespace

const DiskIo& disk_io(sg4::Disk* disk) {
  auto& ext = slot_extension();
  DiskIoSlot* slot = disk->extension(ext);
  if (slot == nullptr) {
    slot = new DiskIoSlot;
    disk->extension_set(ext, slot);
  }
  // No helper yet, or the host went down since (its end killed the helper and every caller
  // whose job was queued): start afresh, forgetting those callers' jobs.
  if (!slot->io || !slot->io->helper_alive()) {
    slot->io.emplace(disk, std::string(disk->get_host()->get_name()) + "/" + disk->get_name() + "/io");
    slot->io->start();
  }
  return *slot->io;
}

}  // namespace sdsim
