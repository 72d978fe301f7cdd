#include "sim/run/interrupts.hpp"

#include <unistd.h>

#include <csignal>

namespace sdsim {
namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_signal(int sig) {
  if (g_signal != 0) ::_exit(128 + sig);  // the second one: no more waiting
  g_signal = sig;
}

}  // namespace

void watch_interrupts() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

int interrupted() { return g_signal; }

}  // namespace sdsim
