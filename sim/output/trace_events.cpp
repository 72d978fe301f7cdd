#include "sim/output/trace_events.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace sdsim {
namespace {

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        else
          out += c;
    }
  }
  return out + "\"";
}

// Simulated seconds as trace microseconds, to the nanosecond.
std::string us(double seconds) { return fmt::format("{:.3f}", seconds * 1e6); }

}  // namespace

TraceEvents::TraceEvents(const std::string& path, std::uint64_t max_events)
    : path_(path), max_events_(max_events) {
  file_ = std::fopen(path.c_str(), "w");
  if (!file_)
    throw std::runtime_error(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  if (std::fputs("{\"displayTimeUnit\": \"ms\", \"otherData\": {\"producer\": \"sdsim\", \"time\": "
                 "\"simulated\"},\n\"traceEvents\": [\n",
                 file_) < 0)
    failed_ = true;
  write(
      R"({"name": "process_name", "ph": "M", "pid": 0, "tid": 0, "args": {"name": "run: faults"}})");
}

TraceEvents::~TraceEvents() {
  if (file_) std::fclose(file_);
}

void TraceEvents::write(const std::string& json_object) {
  if (!file_) return;
  if (std::fputs(first_ ? "" : ",\n", file_) < 0 || std::fputs(json_object.c_str(), file_) < 0)
    failed_ = true;
  first_ = false;
}

bool TraceEvents::room() {
  if (truncated_) return false;
  if (events_ < max_events_) return true;
  truncated_ = true;
  write(fmt::format(
      R"({{"name": "trace truncated", "ph": "i", "s": "g", "ts": 0, "pid": 0, "tid": 0, "args": {{"max_events": {}}}}})",
      max_events_));
  return false;
}

int TraceEvents::track(int host, std::string_view host_name, std::string_view actor) {
  const int pid = host + 1;
  if (named_hosts_.insert(pid).second)
    write(fmt::format(
        R"({{"name": "process_name", "ph": "M", "pid": {}, "tid": 0, "args": {{"name": {}}}}})",
        pid, quoted(host_name)));
  auto key = std::make_pair(pid, std::string(actor));
  auto it = tids_.find(key);
  if (it != tids_.end()) return it->second;
  const int tid = static_cast<int>(tids_.size()) + 1;
  tids_.emplace(std::move(key), tid);
  write(fmt::format(
      R"({{"name": "thread_name", "ph": "M", "pid": {}, "tid": {}, "args": {{"name": {}}}}})", pid,
      tid, quoted(actor)));
  return tid;
}

void TraceEvents::send(double t, int host, std::string_view host_name, std::string_view actor,
                       std::uint64_t id, std::string_view message, std::string_view to,
                       std::string_view mailbox, double bytes, std::string_view fate) {
  if (!room()) return;
  const int tid = track(host, host_name, actor);
  const int pid = host + 1;
  write(fmt::format(
      R"({{"name": {}, "cat": "message", "ph": "i", "s": "t", "ts": {}, "pid": {}, "tid": {}, "args": {{"id": {}, "to": {}, "mailbox": {}, "bytes": {}, "fate": {}}}}})",
      quoted(fmt::format("send {}", message)), us(t), pid, tid, id, quoted(to), quoted(mailbox),
      bytes, quoted(fate)));
  ++events_;
  if (fate != "sent") return;
  const std::uint64_t flow = ++flows_;
  open_flows_[{std::string(mailbox), id}] = flow;
  write(fmt::format(
      R"({{"name": {}, "cat": "flow", "ph": "s", "id": {}, "ts": {}, "pid": {}, "tid": {}}})",
      quoted(message), flow, us(t), pid, tid));
}

void TraceEvents::receive(double t, int host, std::string_view host_name, std::string_view actor,
                          std::uint64_t id, std::string_view message, std::string_view mailbox,
                          int from_host) {
  if (!room()) return;
  const int tid = track(host, host_name, actor);
  const int pid = host + 1;
  write(fmt::format(
      R"({{"name": {}, "cat": "message", "ph": "i", "s": "t", "ts": {}, "pid": {}, "tid": {}, "args": {{"id": {}, "from_host": {}, "mailbox": {}}}}})",
      quoted(fmt::format("recv {}", message)), us(t), pid, tid, id, from_host + 1,
      quoted(mailbox)));
  ++events_;
  auto it = open_flows_.find(std::make_pair(std::string(mailbox), id));
  if (it == open_flows_.end()) return;
  write(fmt::format(
      R"({{"name": {}, "cat": "flow", "ph": "f", "bp": "e", "id": {}, "ts": {}, "pid": {}, "tid": {}}})",
      quoted(message), it->second, us(t), pid, tid));
  open_flows_.erase(it);
}

void TraceEvents::span(double start, double end, int host, std::string_view host_name,
                       std::string_view actor, std::string_view name, std::string_view category) {
  if (!room()) return;
  const int tid = track(host, host_name, actor);
  write(fmt::format(
      R"({{"name": {}, "cat": {}, "ph": "X", "ts": {}, "dur": {}, "pid": {}, "tid": {}}})",
      quoted(name), quoted(category), us(start), us(end - start), host + 1, tid));
  ++events_;
}

void TraceEvents::instant(double t, std::string_view name, std::string_view target,
                          std::string_view detail) {
  if (!room()) return;
  write(fmt::format(
      R"({{"name": {}, "cat": "fault", "ph": "i", "s": "g", "ts": {}, "pid": 0, "tid": 0, "args": {{"target": {}, "detail": {}}}}})",
      quoted(name), us(t), quoted(target), quoted(detail)));
  ++events_;
}

void TraceEvents::close() {
  if (!file_) return;
  if (std::fputs("\n]}\n", file_) < 0) failed_ = true;
  const bool close_failed = std::fclose(file_) != 0;
  file_ = nullptr;
  if (failed_ || close_failed) throw std::runtime_error(fmt::format("writing {} failed", path_));
}

}  // namespace sdsim
