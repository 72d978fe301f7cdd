#include "sim/run/run.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>

#include <fmt/format.h>
#include <simgrid/s4u.hpp>

#include "sim/model/framework_metrics.hpp"
#include "sim/model/model.hpp"
#include "sim/model/run_context.hpp"
#include "sim/faults/injector.hpp"
#include "sim/net/network_state.hpp"
#include "sim/output/run_dir.hpp"
#include "sim/output/trace_events.hpp"
#include "sim/run/interrupts.hpp"
#include "sim/run/run_progress.hpp"
#include "sim/run/run_timeline.hpp"
#include "sim/run/summary.hpp"
#include "sim/run/variants.hpp"
#include "sim/scenario/output_estimate.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim {
namespace {

using Clock = std::chrono::steady_clock;

// SimGrid reads its settings from argv; we build one from the scenario and the pass-through
// options, so every setting that shapes results is ours to record in the manifest.
struct EngineArgs {
  std::vector<std::string> args{"sdsim"};
  std::map<std::string, std::string> config;

  void cfg(const std::string& name, const std::string& value) {
    args.push_back("--cfg=" + name + ":" + value);
    config[name] = value;
  }
  std::vector<char*> argv() {
    std::vector<char*> v;
    for (auto& a : args) v.push_back(a.data());
    v.push_back(nullptr);
    return v;
  }
};

bool tracing(const RunOptions& opt, const std::string& kind) {
  return std::find(opt.trace.begin(), opt.trace.end(), kind) != opt.trace.end();
}

EngineArgs engine_args(const Scenario& sc, const RunOptions& opt, const std::string& staging = "") {
  EngineArgs e;
  e.args.push_back("--log=root.thres:warning");  // SimGrid's INFO lines are noise in our output
  for (const auto& l : opt.sg_log) e.args.push_back("--log=" + l);
  // Without a network no message reaches SimGrid (sim/net delivers them itself); the engine
  // still needs a network model for the platform's links, which then carry nothing.
  e.cfg("network/model", sc.network_model == "none" ? "CM02" : sc.network_model);
  e.cfg("network/TCP-gamma", fmt::format("{}", sc.tcp_gamma));
  // --trace paje: SimGrid's own tracing (hosts, links, actor states) into the run's folder.
  if (tracing(opt, "paje") && !staging.empty()) {
    // Not in `config` (the manifest's): tracing changes no result, and the staging path would
    // make summary.json differ from an untraced run's.
    for (const char* c : {"tracing:yes", "tracing/uncategorized:yes"})
      e.args.push_back(std::string("--cfg=") + c);
    e.args.push_back("--cfg=tracing/filename:" + staging + "/trace.paje");
  }
  for (const auto& c : opt.sg_cfg) {
    auto colon = c.find(':');
    if (colon == std::string::npos) e.cfg(c, "");
    else e.cfg(c.substr(0, colon), c.substr(colon + 1));
  }
  return e;
}

// Samples the model's gauges and closes a time-series row every interval.
void start_sampler(Recorder& rec, sg4::Host* host) {
  sg4::Actor::create("sdsim/sampler", host, [&rec] {
    for (double t = rec.interval();; t += rec.interval()) {
      sg4::this_actor::sleep_until(t);
      rec.tick(t);
    }
  })->daemonize();
}

// Creates the engine (never destroyed: SimGrid allows one per process, and this process ends
// soon) and the platform. A platform SimGrid rejects (an XML file with a bad value, say) is
// the user's input error: reported, exit 2, nothing written.
sg4::Engine* start_engine(const Scenario& sc, EngineArgs& eargs) {
  int argc = static_cast<int>(eargs.args.size());
  auto argv = eargs.argv();
  auto* engine = new sg4::Engine(&argc, argv.data());
  try {
    build_platform(*engine, const_cast<PlatformInfo&>(sc.placement));
  } catch (const std::exception& e) {
    Diagnostics d;
    d.error(Location{sc.platform_source}, "platform", e.what());
    throw InputError(d);
  }
  return engine;
}

// What SimGrid itself decides about the user's pass-through options and an XML platform can
// only be learnt by trying, and SimGrid dies (a dump, a backtrace, SIGABRT) on what it
// refuses. So the engine is first tried in a child process: its death becomes an input error
// with SimGrid's own one-line reason. Every role host must also reach the first one and back
// (connectivity through the zones, not every pair).
void preflight(const Scenario& sc, const RunOptions& opt) {
  if (opt.sg_cfg.empty() && opt.sg_log.empty() && sc.placement.xml_file.empty()) return;
  int fds[2];
  if (::pipe(fds) != 0) return;
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return;
  if (pid == 0) {
    ::dup2(fds[1], STDERR_FILENO);
    ::close(fds[0]);
    EngineArgs eargs = engine_args(sc, opt);
    try {
      start_engine(sc, eargs);
    } catch (const InputError& e) {
      std::fprintf(stderr, "%s", e.diags.list().front().message.c_str());
      std::_Exit(2);
    }
    sg4::Engine::get_instance()->seal_platform();  // routes of some zones (Floyd) exist only then
    std::vector<sg4::Host*> hosts;
    for (const HostInfo& h : sc.placement.hosts)
      if (!h.role.empty()) hosts.push_back(sg4::Host::by_name(h.name));
    for (std::size_t i = 1; i < hosts.size(); ++i)
      for (auto [a, b] : {std::pair{hosts[0], hosts[i]}, std::pair{hosts[i], hosts[0]}}) {
        std::vector<sg4::Link*> links;
        double latency = 0;
        bool routed = true;
        try {
          a->route_to(b, links, &latency);
          routed = !links.empty();  // two hosts are always joined by a link at least
        } catch (const std::exception&) {
          routed = false;
        }
        if (!routed) {
          std::fprintf(stderr, "\nno route from %s to %s: the model's hosts must all reach each other\n",
                       a->get_cname(), b->get_cname());
          std::_Exit(2);
        }
      }
    std::_Exit(0);
  }
  ::close(fds[1]);
  std::string said;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) said.append(buf, std::size_t(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  // SimGrid's reason: its CRITICAL line, else our own last line.
  std::string reason;
  std::istringstream lines(said);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("CRITICAL") != std::string::npos) {
      reason = line.substr(line.find("CRITICAL") + 10);
      break;
    }
    if (line.rfind("  ", 0) != 0 && !line.empty() && line.find("Backtrace") == std::string::npos) reason = line;
  }
  if (const auto at = reason.find("Uncaught exception "); at != std::string::npos) {
    const auto colon = reason.find(": ", at);
    reason = colon == std::string::npos ? reason : reason.substr(colon + 2);
  }
  Diagnostics d;
  std::string what;
  for (const auto& c : opt.sg_cfg) what += " --sg-cfg " + c;
  for (const auto& l : opt.sg_log) what += " --sg-log " + l;
  if (reason.rfind("no route", 0) == 0 || what.empty())
    d.error(Location{sc.platform_source}, "platform", reason.empty() ? "SimGrid refused the platform" : reason);
  else
    d.error(Location{"command line"}, "sg", "SimGrid refused" + what + ": " + (reason.empty() ? "(no reason given)" : reason));
  throw InputError(d);
}

// A run that would write more than output.max_size is told so before it starts (also under
// --quiet: it is about the user's disk). With output.over_max_size: error, load_scenario has
// already refused it.
void warn_output_size(const Scenario& sc) {
  if (const std::string w = output_size_warning(sc, estimate_output(sc)); !w.empty())
    std::cerr << fmt::format("{}: warning: {}\n", sc.file, w);
}

}  // namespace

int validate_scenario(const RunOptions& opt) {
  try {
    Scenario sc = load_scenario(opt.scenario, opt.sets, opt.seed, opt.variant);
    warn_output_size(sc);
    preflight(sc, opt);
    EngineArgs eargs = engine_args(sc, opt);
    start_engine(sc, eargs);
    if (!opt.quiet)
      std::cout << fmt::format("{}: ok (model {}, {} hosts, {} faults, {} expectations)\n",
                               opt.scenario, sc.model_name, sc.placement.hosts.size(),
                               sc.faults.size(), sc.expect.size());
    return 0;
  } catch (const InputError& e) {
    std::cerr << e.diags.str();
    return 2;
  }
}

int run_scenario(const RunOptions& opt) {
  const auto wall_start = Clock::now();
  const std::string started = started_utc();
  Scenario sc;
  try {
    sc = load_scenario(opt.scenario, opt.sets, opt.seed, opt.variant);
  } catch (const InputError& e) {
    std::cerr << e.diags.str();
    return 2;
  }
  const std::string out = opt.out_dir.empty() ? "results/" + sc.name : opt.out_dir;
  if (!sc.variants.empty()) {
    try {
      return run_variants(sc, opt, out);
    } catch (const std::exception& e) {
      std::cerr << "sdsim: " << e.what() << "\n";
      return 3;
    }
  }
  warn_output_size(sc);
  try {
    preflight(sc, opt);
  } catch (const InputError& e) {
    std::cerr << e.diags.str();
    return 2;
  }
  // The output folder first: a path that may not be replaced, or cannot be written, is an
  // input error before anything runs.
  std::unique_ptr<RunDir> dir_owner;
  try {
    dir_owner = std::make_unique<RunDir>(out);
  } catch (const InputError& e) {
    std::cerr << e.diags.str();
    return 2;
  }
  RunDir& dir = *dir_owner;
  EngineArgs eargs = engine_args(sc, opt, dir.staging());
  sg4::Engine* engine = nullptr;
  try {
    engine = start_engine(sc, eargs);
  } catch (const InputError& e) {
    std::cerr << e.diags.str();
    return 2;
  }
  watch_interrupts();  // after the engine: SimGrid installs a SIGINT handler of its own

  try {
    std::vector<std::string> host_names;
    for (const auto& h : sc.placement.hosts) host_names.push_back(h.name);
    NetworkState partitions(host_names);
    Net net(sc.placement, partitions, sc.seed, sc.network_model != "none");
    Recorder rec(dir.staging(), sc.workload.warmup, sc.output.interval, sc.output.requests);
    std::unique_ptr<TraceEvents> trace;
    if (tracing(opt, "chrome")) {
      trace = std::make_unique<TraceEvents>(dir.staging() + "/trace.json", opt.trace_max_events);
      net.set_trace(trace.get());
      rec.on_request([&net, t = trace.get()](const RequestRecord& r) {
        const int host = net.here();
        t->span(r.start, r.end, host, net.host_name(host), r.client,
                fmt::format("request {} ({})", r.op, r.outcome), "request");
      });
    }
    // The run's timeline, the fault injector and the sampler live on the control host, which
    // no fault can reach: crashing a model's host never changes the run's length or its faults.
    sg4::Host* control = control_host();
    const double inf = std::numeric_limits<double>::infinity();
    RunTimeline timeline(control, sc.workload.duration > 0 ? sc.workload.duration : inf, sc.workload.drain,
                         sc.horizon > 0 ? sc.horizon : inf, rec);
    FaultBus faults;
    RunContext ctx(sc.params, sc.workload, sc.placement, sc.seed, !sc.faults.empty(), rec, net, timeline, faults);
    auto model = create_model(sc.model_name);
    model->setup(ctx);

    FaultInjector injector(
        plan_faults(sc.faults, sc.placement, sc.seed), partitions,
        [&rec, t = trace.get()](double time, const std::string& kind, const std::string& target,
                                const std::string& detail) {
          rec.event(time, kind, target, detail);
          if (t) t->instant(time, kind, target, detail);
        },
        faults, [&net](const std::string& host) { net.host_going_down(host); });
    injector.start(control);
    start_sampler(rec, control);
    timeline.start();
    // Progress is simulated time against the load's end (its duration, or requests / rate),
    // never past an explicit horizon; the drain after it has no known length.
    double load_end = sc.workload.duration > 0 ? sc.workload.duration : load_horizon(sc.workload);
    if (sc.horizon > 0 && (load_end <= 0 || sc.horizon < load_end)) load_end = sc.horizon;

    bool deadlock = false;
    sg4::Engine::on_deadlock_cb([&deadlock] { deadlock = true; });
    std::unique_ptr<RunProgress> progress;
    if (opt.progress && !opt.quiet && ::isatty(STDERR_FILENO))
      progress = std::make_unique<RunProgress>(true, load_end);
    auto stop_if_interrupted = [&dir, p = progress.get()] {
      if (const int sig = interrupted()) {
        if (p) p->clear();
        dir.abandon();
        std::fprintf(stderr, "sdsim: interrupted (signal %d); no output written\n", sig);
        std::_Exit(128 + sig);
      }
    };
    sg4::Engine::on_time_advance_cb([p = progress.get(), &stop_if_interrupted](double) {
      stop_if_interrupted();
      if (p) p->on_time_advance(sg4::Engine::get_clock());
    });
    engine->run();
    if (progress) progress->clear();
    stop_if_interrupted();
    if (timeline.stalled()) {
      std::cerr << fmt::format("sdsim: the load made no progress for {} of simulated time (no request recorded "
                               "between t={} and t={}) and could never end: a closed-loop client without "
                               "workload.timeout waiting on a dead server? No output written.\n",
                               format_quantity(RunTimeline::kStallLimit, Dimension::Duration),
                               format_quantity(rec.last_recorded_at(), Dimension::Duration),
                               format_quantity(sg4::Engine::get_clock(), Dimension::Duration));
      return 3;
    }
    if (deadlock) {
      std::cerr << fmt::format("sdsim: simulation deadlocked at t={} s (actors blocked with nothing "
                               "left to happen: a closed-loop client without workload.timeout whose reply was lost?); "
                               "no output written\n", sg4::Engine::get_clock());
      return 3;
    }

    RunFacts facts;
    facts.sim_time = sg4::Engine::get_clock();
    facts.simgrid_config = eargs.config;
    if (net.dropped() > 0)
      rec.event(facts.sim_time, "messages_dropped", "network",
                fmt::format("{} messages cut by partitions", net.dropped()));
    if (net.undeliverable() > 0)
      rec.event(facts.sim_time, "messages_lost", "network",
                fmt::format("{} messages sent to hosts that were off", net.undeliverable()));
    model->finish(ctx);
    const auto metrics = collect_metrics(*model, rec, RunShape{sc.params, sc.workload, !sc.faults.empty()});
    rec.close(facts.sim_time);
    if (trace) trace->close();
    auto results = check_expectations(sc.expect, metrics);
    facts.wall_time = std::chrono::duration<double>(Clock::now() - wall_start).count();
    facts.command = opt.command;
    facts.started = started;
    write_summary(dir.staging() + "/summary.json", sc, metrics, results, facts);
    write_run_record(dir.staging() + "/run.json", facts);
    dir.commit();
    if (!opt.quiet) std::cout << results_table(sc, metrics, results, facts, out);
    for (const auto& r : results)
      if (!r.ok) return 1;
    return 0;
  } catch (const InputError& e) {
    std::cerr << e.diags.str();
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "sdsim: simulation failed: " << e.what() << "; no output written\n";
    return 3;
  }
}

}  // namespace sdsim
