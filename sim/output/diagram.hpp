// `sdsim diagram RUN_DIR`: a message sequence diagram of a run made with `--trace chrome`, as
// one self-contained HTML file (inline SVG, no network access): one lifeline per actor that
// sent or received a message in the window (grouped by host), one arrow per message from its
// send to its receive, a crossed arrow for a message lost (to a host that was off) or cut (by a
// partition), and a dashed line across the diagram at each fault. Rows are in time order, each
// labelled with its simulated time, so the picture shows why a message was lost or duplicated.
#pragma once

#include <cstddef>
#include <limits>
#include <string>

namespace sdsim {

struct DiagramOptions {
  std::string run_dir;
  std::string out;  // "" = RUN_DIR/diagram.html
  double from = 0;  // s, simulated
  double to = std::numeric_limits<double>::infinity();
  std::size_t max_messages = 200;  // the first N messages sent in the window
};

struct DiagramSummary {
  std::size_t lifelines = 0, arrows = 0, lost = 0, faults = 0;
  std::size_t messages_in_window = 0;  // before max_messages
  std::string out;
};

// Throws InputError (no trace.json, unreadable trace, a window that is empty or reversed).
DiagramSummary write_diagram(const DiagramOptions& opt);

}  // namespace sdsim
