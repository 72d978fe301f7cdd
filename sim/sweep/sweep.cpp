#include "sim/sweep/sweep.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "sim/core/process.hpp"
#include "sim/output/progress.hpp"
#include "sim/output/run_dir.hpp"
#include "sim/sweep/plan.hpp"
#include "sim/sweep/report.hpp"

extern char** environ;

namespace fs = std::filesystem;

namespace sdsim {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;
void on_signal(int sig) { g_interrupted = sig; }

struct Paths {
  std::string exe;  // this very binary: runs use exactly the same sdsim
  fs::path out;     // absolute
  fs::path run_dir(const PlannedRun& r) const { return out / "runs" / r.name; }
  fs::path log(const PlannedRun& r) const { return out / "logs" / (r.name + ".log"); }
};

// A child `sdsim run`: stdout discarded (it runs --quiet), stderr kept in a log file.
pid_t spawn_run(const SweepPlan& plan, const PlannedRun& r, const Paths& paths) {
  std::vector<std::string> args{paths.exe};
  for (auto& a : run_arguments(plan, r, paths.run_dir(r).string())) args.push_back(a);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  fs::create_directories(paths.log(r).parent_path());
  const std::string log = paths.log(r).string();
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0)
    throw std::runtime_error(fmt::format("cannot start {}: {}", paths.exe, std::strerror(rc)));
  return pid;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "[#######-------------] 12/35 runs, 2 running, ETA 1m20s" on a terminal only.
class ProgressBar {
 public:
  ProgressBar(std::size_t total, std::size_t done, bool enabled)
      : total_(total),
        done_(done),
        skipped_(done),
        line_(enabled, std::chrono::milliseconds(250)) {}
  void finished() { ++done_; }
  void show(std::size_t running) {
    if (!line_.due(done_ != shown_done_)) return;
    shown_done_ = done_;
    const std::size_t ran = done_ - skipped_, to_do = total_ - skipped_;
    const double left =
        to_do ? remaining_seconds(line_.elapsed(), double(ran) / double(to_do)) : 0.0;
    line_.draw(fmt::format("{} {}/{} runs, {} running, ETA {}",
                           bar_text(total_ ? double(done_) / double(total_) : 1.0, 24), done_,
                           total_, running, left < 0 ? "--" : eta_text(left)));
  }
  void clear() { line_.clear(); }

 private:
  std::size_t total_, done_, skipped_, shown_done_ = static_cast<std::size_t>(-1);
  TerminalLine line_;
};

// Runs `todo` with at most `jobs` children at once. Returns false when interrupted.
bool execute(const SweepPlan& plan, const std::vector<const PlannedRun*>& todo, unsigned jobs,
             const Paths& paths, ProgressBar& bar, std::map<std::size_t, std::string>& failures) {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  struct sigaction old_int {
  }, old_term{};
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);

  std::map<pid_t, const PlannedRun*> running;
  std::size_t next = 0;
  auto reap = [&](pid_t pid, int status) {
    const PlannedRun* r = running.at(pid);
    running.erase(pid);
    const fs::path log = paths.log(*r);
    const std::string err = read_text(log);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (code != 0 && code != 1) {
      failures[r->index] = fmt::format("exit code {}{}{}", code, err.empty() ? "" : ": ", err);
      fs::remove_all(fmt::format("{}.partial-{}", paths.run_dir(*r).string(), pid));
    } else if (err.empty()) {
      std::error_code ec;
      fs::remove(log, ec);
    }
    bar.finished();
  };
  while ((next < todo.size() || !running.empty()) && !g_interrupted) {
    while (next < todo.size() && running.size() < jobs && !g_interrupted) {
      pid_t pid = spawn_run(plan, *todo[next], paths);
      running[pid] = todo[next++];
    }
    bar.show(running.size());
    int status = 0;
    pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid > 0 && running.count(pid))
      reap(pid, status);
    else if (pid == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (g_interrupted) {
    // The children got the terminal's SIGINT too; make sure, wait, and clear their staging.
    for (const auto& [pid, r] : running) ::kill(pid, SIGTERM);
    for (const auto& [pid, r] : std::map<pid_t, const PlannedRun*>(running)) {
      int status = 0;
      ::waitpid(pid, &status, 0);
      fs::remove_all(fmt::format("{}.partial-{}", paths.run_dir(*r).string(), pid));
      std::error_code ec;
      fs::remove(paths.log(*r), ec);
    }
  }
  bar.clear();
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  std::error_code ec;
  fs::remove(paths.out / "logs", ec);  // only when empty
  return !g_interrupted;
}

// Finished, and made from this very sweep: a folder left by an edited sweep is run again.
bool done(const Paths& paths, const PlannedRun& r) {
  return matches(read_run_folder(paths.run_dir(r).string()), r);
}

// Results and the exit code, once the runs are where `runs` says.
int report(const SweepPlan& plan, const std::vector<RunOutcome>& runs, const SweepOptions& opt,
           const fs::path& out) {
  try {
    write_sweep_results(plan, runs, out.string());
    if (!opt.junit.empty()) write_junit(plan, runs, opt.junit);
  } catch (const std::exception& e) {
    std::cerr << "sdsim: " << e.what() << "; the sweep's tables were not written\n";
    return 3;
  }
  std::size_t missing = 0, failed = 0;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!runs[i].found)
      ++missing;
    else if (!runs[i].failed.empty()) {
      ++failed;
      if (!opt.quiet)
        for (const std::string& f : runs[i].failed)
          std::cerr << fmt::format("run {}: {}\n", plan.runs[i].name, f);
    }
  }
  if (!opt.quiet)
    std::cout << fmt::format("sweep {}: {} runs, {} with failed expectations, {} missing -> {}\n",
                             plan.name, runs.size(), failed, missing, out.string());
  if (missing > 0) {
    std::cerr << fmt::format("sdsim: {} of {} runs have no output; results.csv holds the others\n",
                             missing, runs.size());
    return 3;
  }
  return failed > 0 ? 1 : 0;
}

int run_only(const SweepPlan& plan, const PlannedRun& r, const Paths& paths,
             const SweepOptions& opt) {
  if (!done(paths, r)) {
    std::map<std::size_t, std::string> failures;
    ProgressBar bar(1, 0, false);
    if (!execute(plan, {&r}, 1, paths, bar, failures)) return 130;
    if (!failures.empty()) {
      std::cerr << fmt::format("sdsim: run {} ({}) failed: {}", r.index, r.name,
                               failures.begin()->second);
      return 3;
    }
  } else if (!opt.quiet) {
    std::cout << fmt::format("run {} already done: {}\n", r.index, paths.run_dir(r).string());
  }
  RunOutcome o = read_run_folder(paths.run_dir(r).string());
  for (const std::string& f : o.failed) std::cerr << fmt::format("run {}: {}\n", r.name, f);
  return o.failed.empty() ? 0 : 1;
}

}  // namespace

int prepare_output_folder(const std::string& out_dir) {
  const fs::path out(out_dir);
  std::error_code ec;
  const bool exists = fs::exists(out, ec);
  if (exists && (!fs::is_directory(out, ec) ||
                 (!fs::is_empty(out, ec) && !fs::exists(out / RunDir::kMarker, ec) &&
                  !fs::exists(out / "sweep.json", ec)))) {
    std::cerr << fmt::format(
        "--out {}: error: out: {} exists and is not an sdsim sweep folder: not using it\n",
        out.string(), out.string());
    return 2;
  }
  fs::create_directories(out, ec);
  if (ec) {
    std::cerr << fmt::format("--out {}: error: out: cannot create it: {}\n", out.string(),
                             ec.message());
    return 2;
  }
  std::ofstream(out / RunDir::kMarker) << "an sdsim output folder: sdsim may replace it\n";
  return 0;
}

int run_plan(const SweepPlan& plan, const std::string& out_dir, unsigned jobs_wanted, bool quiet,
             std::vector<RunOutcome>& runs) {
  const Paths paths{self_exe(), fs::absolute(out_dir).lexically_normal()};
  std::vector<const PlannedRun*> todo;
  for (const PlannedRun& r : plan.runs)
    if (!done(paths, r)) todo.push_back(&r);
  fs::create_directories(paths.out / "runs");
  const unsigned jobs =
      jobs_wanted > 0 ? jobs_wanted : std::max(1u, std::thread::hardware_concurrency());
  if (!quiet && plan.runs.size() > todo.size())
    std::cout << fmt::format("{} of {} runs already done in {}\n", plan.runs.size() - todo.size(),
                             plan.runs.size(), paths.out.string());
  ProgressBar bar(plan.runs.size(), plan.runs.size() - todo.size(),
                  !quiet && ::isatty(STDERR_FILENO));
  std::map<std::size_t, std::string> failures;
  if (!execute(plan, todo, jobs, paths, bar, failures)) {
    std::cerr
        << "sdsim: interrupted; finished runs are kept, run the same command again to continue\n";
    return 130;
  }
  runs.clear();
  for (const PlannedRun& r : plan.runs) {
    runs.push_back(read_run_folder(paths.run_dir(r).string()));
    if (!matches(runs.back(), r)) runs.back() = RunOutcome{};
    if (auto f = failures.find(r.index); f != failures.end()) {
      runs.back().error = f->second;
      std::cerr << fmt::format("sdsim: run {} failed ({}): {}", r.index, r.name, f->second);
      if (f->second.empty() || f->second.back() != '\n') std::cerr << "\n";
    }
  }
  return 0;
}

int sweep_command(const SweepOptions& opt) {
  SweepPlan plan;
  try {
    plan = load_sweep_plan(opt.file);
  } catch (const InputError& e) {
    std::cerr << e.diags.str();
    return 2;
  }
  Paths paths{
      self_exe(),
      fs::absolute(opt.out_dir.empty() ? "results/" + plan.name : opt.out_dir).lexically_normal()};
  // Like a run's, a sweep's folder may only be one of sdsim's (its marker or its sweep.json).
  if (!opt.list && opt.merge.empty())
    if (int rc = prepare_output_folder(paths.out.string()); rc != 0) return rc;
  if (opt.only && (*opt.only < 0 || static_cast<std::size_t>(*opt.only) >= plan.runs.size())) {
    std::cerr << fmt::format("sdsim: error: --only {}: the sweep has runs 0 to {}\n", *opt.only,
                             plan.runs.size() - 1);
    return 2;
  }
  if (opt.list) {
    for (const PlannedRun& r : plan.runs) {
      std::string line = shell_quote(paths.exe);
      for (const auto& a : run_arguments(plan, r, paths.run_dir(r).string()))
        line += " " + shell_quote(a);
      std::cout << line << "\n";
    }
    return 0;
  }
  try {
    if (!opt.merge.empty()) {
      std::vector<RunOutcome> runs;
      try {
        runs = collect_runs(plan, opt.merge);
      } catch (const InputError& e) {
        std::cerr << e.diags.str();
        return 2;
      }
      return report(plan, runs, opt, paths.out);
    }
    if (opt.only) return run_only(plan, plan.runs[static_cast<std::size_t>(*opt.only)], paths, opt);
    std::vector<RunOutcome> runs;
    if (int rc = run_plan(plan, paths.out.string(), opt.jobs, opt.quiet, runs); rc != 0) return rc;
    return report(plan, runs, opt, paths.out);
  } catch (const std::exception& e) {
    std::cerr << "sdsim: sweep failed: " << e.what() << "\n";
    return 3;
  }
}

}  // namespace sdsim
