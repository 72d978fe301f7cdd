// What the two direct SimGrid references of the queueing benchmarks share
// (queueing_mmc_direct.cpp, networked; queueing_mmc_none_direct.cpp, no network): the
// parameters and their parsing, the exponential variates, the percentile, and the engine's
// settings. Header-only: each tests/bench/*.cpp is one program.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <simgrid/s4u.hpp>
#include <string>
#include <vector>

namespace mmc_bench {

struct Params {
  int servers = 10;
  double lambda = 8.0;   // arrivals per second
  double service = 1.0;  // mean service time (s)
  long requests = 200000;
  double warmup = 1000.0;  // s
  std::uint64_t seed = 1;
};

// Exponential variates by inversion on a 64-bit Mersenne Twister.
class Exponential {
 public:
  explicit Exponential(std::uint64_t seed) : gen_(seed) {}
  double draw(double mean) {
    const double u = static_cast<double>(gen_() >> 11) * 0x1.0p-53;  // [0, 1)
    return -mean * std::log1p(-u);
  }

 private:
  std::mt19937_64 gen_;
};

// The station's stream: the generator's seed, scrambled.
inline std::uint64_t station_seed(std::uint64_t seed) { return seed ^ 0x9e3779b97f4a7c15ULL; }

[[noreturn]] inline void usage(const char* program, const char* arg) {
  std::fprintf(
      stderr,
      "%s: bad argument '%s'\n"
      "usage: %s [--servers=N] [--lambda=R] [--service=S] [--requests=N] [--warmup=S] [--seed=N]\n",
      program, arg, program);
  std::exit(2);
}

inline Params parse(const char* program, int argc, char** argv) {
  Params p;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto eq = a.find('=');
    if (a.rfind("--", 0) != 0 || eq == std::string::npos) usage(program, argv[i]);
    const std::string key = a.substr(2, eq - 2);
    const char* v = argv[i] + eq + 1;
    if (key == "servers")
      p.servers = std::atoi(v);
    else if (key == "lambda")
      p.lambda = std::atof(v);
    else if (key == "service")
      p.service = std::atof(v);
    else if (key == "requests")
      p.requests = std::atol(v);
    else if (key == "warmup")
      p.warmup = std::atof(v);
    else if (key == "seed")
      p.seed = std::strtoull(v, nullptr, 10);
    else
      usage(program, argv[i]);
  }
  if (p.servers < 1 || p.lambda <= 0 || p.service <= 0 || p.requests < 1)
    usage(program, "(values)");
  return p;
}

inline double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(q * double(v.size()))));
  return v[rank - 1];
}

// The engine with sdsim's settings (CM02, no TCP window cap, SimGrid quiet); our options are
// parsed first, SimGrid gets only its own.
inline std::unique_ptr<simgrid::s4u::Engine> make_engine(char* argv0) {
  std::vector<std::string> args{argv0, "--log=root.thres:warning", "--cfg=network/model:CM02",
                                "--cfg=network/TCP-gamma:0"};
  std::vector<char*> sg_argv;
  for (auto& a : args) sg_argv.push_back(a.data());
  int sg_argc = static_cast<int>(sg_argv.size());
  sg_argv.push_back(nullptr);
  return std::make_unique<simgrid::s4u::Engine>(&sg_argc, sg_argv.data());
}

// The figures both references print, in the format the benchmark scripts read.
inline void print_results(std::vector<double> sojourn, double sojourn_sum, double wait_sum,
                          long waits) {
  const auto n = sojourn.size();
  std::printf("requests.completed %zu\n", n);
  std::printf("latency.mean %.6f\n", n ? sojourn_sum / double(n) : 0.0);
  std::printf("wait.mean %.6f\n", waits ? wait_sum / double(waits) : 0.0);
  std::printf("latency.p99 %.6f\n", percentile(std::move(sojourn), 0.99));
  std::printf("sim_time %.3f\n", simgrid::s4u::Engine::get_clock());
}

}  // namespace mmc_bench
