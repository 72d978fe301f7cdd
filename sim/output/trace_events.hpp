// `sdsim run --trace chrome`: the run as a Trace Event Format file (trace.json), openable in
// the Perfetto UI (https://ui.perfetto.dev) or chrome://tracing, and the input of
// `sdsim diagram`. Format:
// https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
//
// One process per platform host (pid = host index + 1, named after the host), one thread per
// actor on it (named after the actor: a service's actor is named after the service). Events:
//   X  "handle NAME"   a service handling one message, from its arrival to the handler's end
//   X  "request OP"    a client's request, from its first send to its outcome (requests.csv)
//   i  "send NAME"     a message leaving its sender (args: id, to, mailbox, bytes, fate)
//   i  "recv NAME"     the same message taken by its receiver (args: id, from, mailbox)
//   s/f                a flow arrow from each send to its receive (Perfetto draws them)
//   i  fault kinds     host_off, partition_start, ... (scope global), from events.csv
// Times are simulated microseconds. Events are written as they happen (the file is never held
// whole); after `max_events` the trace stops with a "trace truncated" instant event.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace sdsim {

class TraceEvents {
 public:
  TraceEvents(const std::string& path, std::uint64_t max_events);
  ~TraceEvents();
  TraceEvents(const TraceEvents&) = delete;
  TraceEvents& operator=(const TraceEvents&) = delete;

  // A message handed to the network by `actor` on `host`, for mailbox `mailbox` of `to`.
  // fate: "sent", "cut" (a partition), "lost" (the receiver's host is off or gone).
  void send(double t, int host, std::string_view host_name, std::string_view actor,
            std::uint64_t id, std::string_view message, std::string_view to,
            std::string_view mailbox, double bytes, std::string_view fate);
  // The same message (id, mailbox) taken by `actor` on `host`.
  void receive(double t, int host, std::string_view host_name, std::string_view actor,
               std::uint64_t id, std::string_view message, std::string_view mailbox, int from_host);
  // A span on the actor's track: a handler at work, a client's request.
  void span(double start, double end, int host, std::string_view host_name, std::string_view actor,
            std::string_view name, std::string_view category);
  // A run-wide instant: a fault, a heal.
  void instant(double t, std::string_view name, std::string_view target, std::string_view detail);

  std::uint64_t events() const { return events_; }
  // Ends the JSON array and closes the file; throws std::runtime_error when a write failed.
  void close();

 private:
  bool room();
  int track(int host, std::string_view host_name, std::string_view actor);
  void write(const std::string& json_object);

  std::FILE* file_ = nullptr;
  std::string path_;
  std::uint64_t max_events_, events_ = 0, flows_ = 0;
  bool truncated_ = false, failed_ = false, first_ = true;
  std::set<int> named_hosts_;
  std::map<std::pair<int, std::string>, int, std::less<>> tids_;
  std::map<std::pair<std::string, std::uint64_t>, std::uint64_t, std::less<>> open_flows_;
};

}  // namespace sdsim
