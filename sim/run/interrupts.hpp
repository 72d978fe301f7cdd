// Ctrl-C and SIGTERM during a run: the handler only records the signal; the run checks it as
// simulated time advances, removes its staging folder and exits 128 + signal (130, 143), as
// shells and sweeps expect. A second signal ends the process at once.
#pragma once

namespace sdsim {

void watch_interrupts();  // installs the handlers (idempotent)
int interrupted();        // the signal received, or 0

}  // namespace sdsim
