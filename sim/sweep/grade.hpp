// `sdsim grade EXERCISE_DIR`: a classroom exercise graded on seeds the student never saw.
//
// An exercise is a folder with a README.md (the task), a starter scenario the student edits,
// and a grade.yaml:
//
//   title: Lose nothing when the leader dies
//   model: message_queue          # the scenario must be of this model
//   scenario: scenario.yaml       # the student's file, relative to the folder (--scenario FILE)
//   seeds: 5                      # how many seeds (--seeds N)
//   seed_base: 1                  # the published practice base; a teacher grades with
//                                 # --seed-base SECRET, so nobody can tune for the seeds
//   fixed:                        # the exercise's conditions, applied over the student's file
//     faults: [{at: 10s, crash: broker-1}]   # exactly as `--set faults=...` (they win)
//   checks:                       # `expect:` syntax; every check must hold on every seed
//     messages.lost: "== 0"
//
// Grading is a sweep with one grid point (the fixed keys) and the derived seeds, whose runs'
// expectations are the checks: each run is an `sdsim run` in its own process, finished runs
// are kept and reused (same seed, same scenario text), and the table says which check failed
// on which seed with the metric's value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sdsim {

struct GradeOptions {
  std::string dir;                     // the exercise folder
  std::string scenario;                // "" = grade.yaml's scenario:
  std::optional<long long> seeds;      // replaces grade.yaml's seeds:
  std::optional<long long> seed_base;  // replaces grade.yaml's seed_base:
  std::string out_dir;                 // "" = results/grade-<exercise folder name>
  std::string junit;                   // JUnit XML report path
  unsigned jobs = 0;                   // 0: one per CPU
  bool quiet = false;
};

// The i-th seed (0-based) graded from `base`: splitmix64's output for state
// base + (i + 1) * 0x9e3779b97f4a7c15, modulo 2^62 (sdsim's seed range). Different bases give
// unrelated seeds, so a student who passes on the published base has not seen the others.
std::uint64_t grade_seed(std::uint64_t base, std::uint64_t i);

// The exercise format and the command, for `sdsim describe grade`.
std::string grade_help();

// Exit codes: 0 every check held on every seed; 1 a check failed; 2 bad input (the exercise,
// the scenario or an option; nothing run); 3 a run failed; 130 interrupted.
int grade_command(const GradeOptions& opt);

}  // namespace sdsim
