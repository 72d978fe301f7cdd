#include "sim/output/diagram.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "sim/core/doc.hpp"
#include "sim/output/write_file.hpp"
#include "sim/output/xml_escape.hpp"

namespace fs = std::filesystem;

namespace sdsim {
namespace {

using Json = nlohmann::json;
using Track = std::pair<int, int>;  // pid, tid

struct Message {
  std::string name, fate, to_host, mailbox;
  double sent = 0, received = -1;  // s; received < 0: never
  Track from{0, 0}, dest{-1, -1};
};

struct Fault {
  double t = 0;
  std::string kind, target;
};

[[noreturn]] void fail(const std::string& where, const std::string& message) {
  Diagnostics d;
  d.error(Location{where}, "", message);
  throw InputError(d);
}

std::string time_label(double s) {
  if (s < 1e-3) return fmt::format("{:.1f} us", s * 1e6);
  if (s < 1) return fmt::format("{:.3f} ms", s * 1e3);
  return fmt::format("{:.6f} s", s);
}

}  // namespace

DiagramSummary write_diagram(const DiagramOptions& opt) {
  const fs::path trace_path = fs::path(opt.run_dir) / "trace.json";
  if (!fs::is_directory(opt.run_dir)) fail(opt.run_dir, "not a run folder");
  if (!fs::is_regular_file(trace_path))
    fail(opt.run_dir,
         "no trace.json in this run folder: make the run with `sdsim run ... --trace chrome`");
  if (!(opt.from >= 0) || !(opt.to > opt.from))
    fail("--from/--to",
         fmt::format(
             "the window must start at 0 s or later and end after it starts (got {} s to {} s)",
             opt.from, opt.to));
  if (opt.max_messages == 0) fail("--max-messages", "expected at least 1");
  std::ifstream in(trace_path, std::ios::binary);
  Json j = Json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("traceEvents") ||
      !j["traceEvents"].is_array())
    fail(trace_path.string(),
         "not a Trace Event Format file written by sdsim (no traceEvents array)");

  std::map<int, std::string> hosts;
  std::map<Track, std::string> actors;
  std::vector<Message> messages;
  std::map<long long, std::size_t> by_flow;  // flow id -> message
  std::vector<Fault> faults;
  std::size_t pending_send = static_cast<std::size_t>(-1);
  for (const Json& e : j["traceEvents"]) {
    const std::string ph = e.value("ph", "");
    const Track track{e.value("pid", 0), e.value("tid", 0)};
    const double t = e.value("ts", 0.0) / 1e6;
    if (ph == "M") {
      const std::string name = e.value("args", Json::object()).value("name", "");
      if (e.value("name", "") == "process_name") hosts[track.first] = name;
      if (e.value("name", "") == "thread_name") actors[track] = name;
    } else if (ph == "i" && e.value("cat", "") == "message" &&
               e.value("name", "").rfind("send ", 0) == 0) {
      const Json args = e.value("args", Json::object());
      Message m;
      m.name = e.value("name", "").substr(5);
      m.fate = args.value("fate", "sent");
      m.to_host = args.value("to", "");
      m.mailbox = args.value("mailbox", "");
      m.sent = t;
      m.from = track;
      messages.push_back(m);
      pending_send = m.fate == "sent" ? messages.size() - 1 : static_cast<std::size_t>(-1);
    } else if (ph == "s" && pending_send != static_cast<std::size_t>(-1)) {
      by_flow[e.value("id", 0LL)] = pending_send;
      pending_send = static_cast<std::size_t>(-1);
    } else if (ph == "f") {
      auto it = by_flow.find(e.value("id", 0LL));
      if (it == by_flow.end()) continue;
      messages[it->second].received = t;
      messages[it->second].dest = track;
      by_flow.erase(it);
    } else if (ph == "i" && e.value("cat", "") == "fault") {
      faults.push_back(
          {t, e.value("name", ""), e.value("args", Json::object()).value("target", "")});
    }
  }

  // The window: messages sent in it, the first max_messages of them; faults in it.
  DiagramSummary sum;
  std::vector<const Message*> shown;
  for (const Message& m : messages)
    if (m.sent >= opt.from && m.sent <= opt.to) {
      ++sum.messages_in_window;
      if (shown.size() < opt.max_messages) shown.push_back(&m);
    }
  if (shown.empty())
    fail("--from/--to",
         fmt::format("no message was sent between {} and {} (the trace holds {} messages)",
                     time_label(opt.from), std::isinf(opt.to) ? "the end" : time_label(opt.to),
                     messages.size()));
  double window_end = 0;  // the last send or receive of a message shown
  for (const Message* m : shown) window_end = std::max({window_end, m->sent, m->received});
  std::vector<const Fault*> shown_faults;
  for (const Fault& f : faults)
    if (f.t >= opt.from && f.t <= window_end) shown_faults.push_back(&f);

  // Where a lost message was going: the actor named like its mailbox on that host, if any.
  std::map<std::string, int> pid_of_host;
  for (const auto& [pid, name] : hosts) pid_of_host[name] = pid;
  auto target_track = [&](const Message& m) -> Track {
    if (m.dest.first >= 0) return m.dest;
    auto h = pid_of_host.find(m.to_host);
    if (h == pid_of_host.end()) return {-1, -1};
    for (const auto& [track, name] : actors)
      if (track.first == h->second && m.mailbox.rfind(name, 0) == 0) return track;
    return {-1, -1};
  };

  std::set<Track> used;
  std::set<double> times;
  for (const Message* m : shown) {
    used.insert(m->from);
    times.insert(m->sent);
    if (m->received >= 0) times.insert(m->received);
    if (Track d = target_track(*m); d.first >= 0) used.insert(d);
  }
  for (const Fault* f : shown_faults) times.insert(f->t);
  std::map<Track, int> x_of;
  int col = 0;
  for (const Track& t : used) x_of[t] = 190 + 170 * col++;
  std::map<double, int> y_of;
  int row = 0;
  for (double t : times) y_of[t] = 110 + 26 * row++;
  const int width = 190 + 170 * std::max(col, 1) + 40, height = 110 + 26 * row + 40;

  std::string svg;
  svg += fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="sans-serif" font-size="12">)",
      width, height);
  svg +=
      R"(<defs><marker id="head" markerWidth="10" markerHeight="8" refX="9" refY="4" orient="auto"><path d="M0,0 L10,4 L0,8 z" fill="#246"/></marker></defs>)";
  for (const auto& [track, x] : x_of) {
    const std::string actor =
        actors.count(track) ? actors[track] : fmt::format("actor {}", track.second);
    const std::string host =
        hosts.count(track.first) ? hosts[track.first] : fmt::format("host {}", track.first);
    svg += fmt::format(
        R"(<g class="lifeline"><text x="{}" y="40" text-anchor="middle" font-weight="bold">{}</text>)"
        R"(<text x="{}" y="56" text-anchor="middle" fill="#666">on {}</text>)"
        R"(<line x1="{}" y1="66" x2="{}" y2="{}" stroke="#999" stroke-dasharray="2,3"/></g>)",
        x, xml_escape(actor), x, xml_escape(host), x, x, height - 20);
    ++sum.lifelines;
  }
  for (const auto& [t, y] : y_of)
    svg += fmt::format(R"(<text x="10" y="{}" fill="#666">{}</text>)", y + 4, time_label(t));
  for (const Fault* f : shown_faults) {
    const int y = y_of[f->t];
    svg += fmt::format(
        R"(<g class="fault"><line x1="100" y1="{}" x2="{}" y2="{}" stroke="#c00" stroke-dasharray="6,4"/>)"
        R"(<text x="{}" y="{}" fill="#c00">{} {}</text></g>)",
        y, width - 10, y, 110, y - 4, xml_escape(f->kind), xml_escape(f->target));
    ++sum.faults;
  }
  for (const Message* m : shown) {
    const int x1 = x_of[m->from], y1 = y_of[m->sent];
    const Track d = target_track(*m);
    if (m->received >= 0) {
      const int x2 = x_of[d], y2 = y_of[m->received];
      svg += fmt::format(
          R"(<g><line class="msg" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#246" marker-end='url(#head)'/>)"
          R"(<text x="{}" y="{}" text-anchor="middle" fill="#246">{}</text></g>)",
          x1, y1, x2, y2, (x1 + x2) / 2, (y1 + y2) / 2 - 4, xml_escape(m->name));
      ++sum.arrows;
    } else {
      const std::string why = m->fate == "cut"    ? "cut by a partition"
                              : m->fate == "lost" ? "lost: host off"
                                                  : "never received";
      const int x2 = d.first >= 0 ? (x1 + x_of[d]) / 2 : x1 + 80;
      svg += fmt::format(
          R"(<g><line class="msg lost" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#c00"/>)"
          R"(<text x="{}" y="{}" fill="#c00" font-weight="bold">&#215;</text>)"
          R"(<text x="{}" y="{}" text-anchor="middle" fill="#c00">{} ({})</text></g>)",
          x1, y1, x2, y1, x2 - 4, y1 + 4, (x1 + x2) / 2, y1 - 4, xml_escape(m->name), why);
      ++sum.arrows;
      ++sum.lost;
    }
  }
  svg += "</svg>";

  const std::string title =
      fmt::format("sdsim: messages of {}", fs::path(opt.run_dir).filename().string());
  std::string html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" +
                     xml_escape(title) + "</title></head>\n<body>\n";
  html += fmt::format(
      "<h3>{}</h3>\n<p>{} of the {} messages sent from {} to {} ({} lost or never received), "
      "faults: {}. "
      "Time runs down; each row is one instant.</p>\n",
      xml_escape(title), shown.size(), sum.messages_in_window, time_label(opt.from),
      std::isinf(opt.to) ? "the end" : time_label(opt.to), sum.lost, sum.faults);
  html += svg;
  html += R"(
<script>
(function () {
  try {
    var n = document.querySelectorAll('line.msg').length;
    document.body.setAttribute('data-arrows', String(n));
    document.body.setAttribute('data-rendered', 'ok');
  } catch (e) {
    document.body.setAttribute('data-rendered', 'error: ' + e);
  }
})();
</script>
</body></html>
)";
  sum.out = opt.out.empty() ? (fs::path(opt.run_dir) / "diagram.html").string() : opt.out;
  write_file_checked(sum.out, html);
  return sum;
}

}  // namespace sdsim
