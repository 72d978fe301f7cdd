// Simulation tests: each test spawns the sdsim CLI (one SimGrid engine per process) and checks
// its exit code, its messages and the files it writes. Helpers are in cli.hpp.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
