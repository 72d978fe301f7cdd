#include "sim/services/log/disk_writer.hpp"

#include <deque>
#include <simgrid/s4u.hpp>

#include "sim/net/service.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::log_service {

// One write waiting for its I/O to be created.
struct WriteJob {
  sg_size_t bytes = 0;
  sg4::IoPtr io;
  sg4::SemaphorePtr started = sg4::Semaphore::create(0);
};

struct DiskWriter::State {
  sg4::Disk* disk = nullptr;
  std::string name;
  std::deque<WriteJob*> queue;
  sg4::SemaphorePtr work = sg4::Semaphore::create(0);  // one token per queued job
  std::size_t started_by_helper = 0;  // I/Os the current helper created
  std::size_t in_progress = 0;        // I/Os created whose writer has not seen them end
  std::size_t helpers = 0;            // helper actors spawned
};

namespace {

void helper_loop(const std::shared_ptr<DiskWriter::State>& s) {
  while (true) {
    s->work->acquire();
    if (s->started_by_helper >= DiskWriter::kWritesPerHelper && s->in_progress == 0) {
      // Hand over: the job stays queued (its token too) for the next helper, and this actor's
      // end drops the finished I/Os it holds. None is running, so none is cancelled.
      s->started_by_helper = 0;
      s->work->release();
      ++s->helpers;
      spawn_local(s->name, [s] { helper_loop(s); });
      return;
    }
    WriteJob* job = s->queue.front();
    s->queue.pop_front();
    job->io = s->disk->write_async(job->bytes);
    ++s->started_by_helper;
    ++s->in_progress;
    job->started->release();
  }
}

}  // namespace

DiskWriter::DiskWriter(sg4::Disk* disk, const std::string& name)
    : state_(std::make_shared<State>()) {
  state_->disk = disk;
  state_->name = name;
}

void DiskWriter::start() const {
  auto s = state_;
  ++s->helpers;
  spawn_local(s->name, [s] { helper_loop(s); });
}

std::size_t DiskWriter::helpers_started() const { return state_->helpers; }

void DiskWriter::write(double bytes) const {
  WriteJob job;
  job.bytes = static_cast<sg_size_t>(bytes);
  state_->queue.push_back(&job);
  state_->work->release();
  job.started->acquire();
  // A kill (the host going down) unwinds from here with the helper gone too: nothing to undo.
  job.io->wait();
  --state_->in_progress;
}

}  // namespace sdsim::log_service
