#include "sim/sweep/grade.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <limits>
#include <map>

#include "sim/output/csv.hpp"
#include "sim/scenario/expectations.hpp"
#include "sim/sweep/plan.hpp"
#include "sim/sweep/report.hpp"
#include "sim/sweep/sweep.hpp"

namespace fs = std::filesystem;

namespace sdsim {
namespace {

const std::vector<std::string> kGradeKeys = {"title", "description", "model", "scenario",
                                             "seeds", "seed_base",   "fixed", "checks"};
constexpr long long kMaxSeed = 1LL << 62;
constexpr long long kMaxSeeds = 1000;

Doc scalar(const std::string& text, const Location& loc) {
  Doc d;
  d.kind = Doc::Kind::Scalar;
  d.scalar = text;
  d.loc = loc;
  return d;
}

// The sweep's words put back into the exercise's: grid.K is fixed.K, expect is checks, base
// is scenario; the only grid point needs no number.
Diagnostic in_grade_terms(const Diagnostic& d) {
  Diagnostic out = d;
  auto rename = [&out](const std::string& from, const std::string& to) {
    if (out.path == from || out.path.rfind(from + ".", 0) == 0)
      out.path = to + out.path.substr(from.size());
  };
  rename("grid", "fixed");
  rename("expect", "checks");
  rename("base", "scenario");
  const std::string point = " (grid point 0)";
  if (out.message.size() >= point.size() &&
      out.message.compare(out.message.size() - point.size(), point.size(), point) == 0)
    out.message.erase(out.message.size() - point.size());
  return out;
}

struct Exercise {
  std::string name;  // the folder's name
  std::string title;
  std::string model;  // "" when grade.yaml does not say
  Location model_loc;
  std::string grade_file;
  Doc sweep;  // the sweep the grading is
  long long seeds = 0;
  long long seed_base = 1;
};

// Reads grade.yaml into the sweep it describes. Throws InputError.
Exercise read_exercise(const GradeOptions& opt) {
  Diagnostics diags;
  Exercise ex;
  const fs::path dir(opt.dir);
  ex.name = fs::absolute(dir).lexically_normal().filename().string();
  if (ex.name.empty())
    ex.name = fs::absolute(dir).lexically_normal().parent_path().filename().string();
  ex.grade_file = (dir / "grade.yaml").string();
  const Location here{opt.dir, 0, 0};
  if (!fs::is_directory(dir)) {
    diags.error(here, "", "not an exercise folder (expected a folder holding grade.yaml)");
    throw InputError(diags);
  }
  if (!fs::is_regular_file(ex.grade_file)) {
    diags.error(here, "", "no grade.yaml in this folder: it is not an exercise");
    throw InputError(diags);
  }
  const Doc root = load_yaml_file(ex.grade_file);
  if (!root.is_map()) {
    diags.error(root.loc, "",
                "grade.yaml is a YAML map (title:, model:, scenario:, seeds:, fixed:, checks:)");
    throw InputError(diags);
  }
  check_keys(root, "", diags, kGradeKeys);
  ex.title = ex.name;
  if (const Doc* d = root.find("title"))
    if (auto v = read_string(*d, "title", diags)) ex.title = *v;
  if (const Doc* d = root.find("description")) read_string(*d, "description", diags);
  if (const Doc* d = root.find("model"))
    if (auto v = read_string(*d, "model", diags)) {
      ex.model = *v;
      ex.model_loc = d->loc;
    }

  Doc base;
  if (!opt.scenario.empty()) {
    const fs::path p = fs::absolute(opt.scenario).lexically_normal();
    if (!fs::is_regular_file(p))
      diags.error(Location{"--scenario " + opt.scenario, 0, 0}, "scenario",
                  "no such scenario file");
    base = scalar(p.string(), Location{"--scenario " + opt.scenario, 0, 0});
  } else if (const Doc* d = root.find("scenario")) {
    if (auto v = read_string(*d, "scenario", diags)) base = scalar(*v, d->loc);
  } else {
    diags.error(root.loc, "scenario",
                "missing required key (the student's scenario, relative to this folder)");
  }

  if (opt.seeds) {
    if (*opt.seeds < 1 || *opt.seeds > kMaxSeeds)
      diags.error(Location{"--seeds", 0, 0}, "seeds",
                  fmt::format("expected 1 to {} seeds, got {}", kMaxSeeds, *opt.seeds));
    ex.seeds = *opt.seeds;
  } else if (const Doc* d = root.find("seeds")) {
    if (auto v = read_int(*d, "seeds", diags, 1, kMaxSeeds)) ex.seeds = *v;
  } else {
    diags.error(root.loc, "seeds",
                "missing required key (how many seeds every check must hold on)");
  }
  if (opt.seed_base) {
    if (*opt.seed_base < 0 || *opt.seed_base > kMaxSeed)
      diags.error(Location{"--seed-base", 0, 0}, "seed_base",
                  fmt::format("expected 0 to {}, got {}", kMaxSeed, *opt.seed_base));
    ex.seed_base = *opt.seed_base;
  } else if (const Doc* d = root.find("seed_base")) {
    if (auto v = read_int(*d, "seed_base", diags, 0, kMaxSeed)) ex.seed_base = *v;
  }

  const Doc* checks = root.find("checks");
  if (!checks)
    diags.error(root.loc, "checks",
                "missing required key (the metric expectations every seed must meet)");
  else if (!checks->is_map() || checks->fields.empty())
    diags.error(checks->loc, "checks", "expected a non-empty map of metric: \"op value\"");
  const Doc* fixed = root.find("fixed");
  if (fixed && !fixed->is_null() && !fixed->is_map())
    diags.error(fixed->loc, "fixed",
                "expected a map of key paths to the values the exercise imposes");
  if (!diags.ok()) throw InputError(diags);

  // The sweep: base, one grid point made of the fixed values, the graded seeds, the checks.
  Doc& sw = ex.sweep;
  sw.kind = Doc::Kind::Map;
  sw.loc = root.loc;
  sw.add_field("name", scalar("grade-" + ex.name, root.loc), root.loc);
  sw.add_field("base", base, base.loc);
  if (fixed && fixed->is_map()) {
    Doc grid;
    grid.kind = Doc::Kind::Map;
    grid.loc = fixed->loc;
    for (std::size_t i = 0; i < fixed->fields.size(); ++i) {
      Doc one;
      one.kind = Doc::Kind::Seq;
      one.loc = fixed->fields[i].second.loc;
      one.items.push_back(fixed->fields[i].second);
      grid.add_field(fixed->fields[i].first, one, fixed->key_loc(i));
    }
    sw.add_field("grid", grid, fixed->loc);
  }
  Doc seeds;
  seeds.kind = Doc::Kind::Seq;
  seeds.loc = root.find("seeds") ? root.find("seeds")->loc : root.loc;
  for (long long i = 0; i < ex.seeds; ++i)
    seeds.items.push_back(
        scalar(fmt::format("{}", grade_seed(static_cast<std::uint64_t>(ex.seed_base),
                                            static_cast<std::uint64_t>(i))),
               seeds.loc));
  sw.add_field("seeds", seeds, seeds.loc);
  sw.add_field("expect", *checks, checks->loc);
  return ex;
}

struct CheckRow {
  std::uint64_t seed = 0;
  std::string metric, expected, unit;
  double value = std::numeric_limits<double>::quiet_NaN();
  bool ok = false;
};

// The checks as the run evaluated them (its summary.json's expectations), with their units.
std::vector<CheckRow> checks_of(const RunOutcome& o, const SweepPlan& plan) {
  std::map<std::string, std::string> unit;
  for (const MetricSpec& m : plan.metrics) unit[m.name] = m.unit;
  std::vector<CheckRow> rows;
  for (const CheckOutcome& c : o.checks)
    rows.push_back(
        {o.seed, c.metric, c.expected, unit.count(c.metric) ? unit[c.metric] : "", c.actual, c.ok});
  return rows;
}

void write_grade_csv(const std::vector<CheckRow>& rows, const fs::path& path) {
  const fs::path tmp = path.string() + ".tmp";
  CsvWriter csv(tmp.string(), {"seed", "check", "expected", "value", "unit", "ok"});
  for (const CheckRow& r : rows) {
    csv.field(static_cast<unsigned long long>(r.seed));
    csv.field(std::string_view(r.metric));
    csv.field(std::string_view(r.expected));
    if (std::isnan(r.value))
      csv.field(std::string_view(""));
    else
      csv.field(r.value);
    csv.field(std::string_view(r.unit.empty() ? "-" : r.unit));
    csv.field(std::string_view(r.ok ? "true" : "false"));
    csv.end_row();
  }
  csv.close();
  fs::rename(tmp, path);
}

}  // namespace

std::uint64_t grade_seed(std::uint64_t base, std::uint64_t i) {
  std::uint64_t z = base + (i + 1) * 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return z % (1ULL << 62);
}

std::string grade_help() {
  return R"(grade: classroom exercises, graded on seeds the student never saw

  sdsim grade EXERCISE_DIR [--seeds N] [--seed-base S] [--scenario FILE] [--out DIR]
                           [--jobs N] [--junit FILE] [--quiet]

An exercise is a folder (those shipped: scenarios/exercises/*, easy to hard) holding
README.md (the task), a starter scenario the student edits, and grade.yaml:
  key          type     default            meaning
  title        string   the folder's name  one line, printed by the grader
  description  string   -                  free text
  model        string   -                  the scenario must be of this model (else exit 2)
  scenario     string   required           the student's scenario, relative to the folder
                                           (--scenario FILE grades another file: a submission)
  seeds        int      required           how many seeds every check must hold on, 1..1000
                                           (--seeds N)
  seed_base    int      1                  the seeds are derived from it: seed i (0-based) is
                                           splitmix64 of base + (i+1)*0x9e3779b97f4a7c15,
                                           modulo 2^62. The file's base is the published one
                                           for practice; a teacher grades with
                                           --seed-base SECRET, so nobody can tune for them
  fixed        map      {}                 key path -> value: the exercise's conditions (load,
                                           platform, faults, ...), applied over the student's
                                           file as --set KEY=VALUE, so they win
  checks       map      required           metric: "op value", the syntax of expect:
                                           (sdsim describe expect); every check, every seed

Each seed is one `sdsim run` (in its own process, --jobs at a time) into DIR/runs/ (default
DIR: results/grade-<exercise>); finished runs of the same seed and scenario are reused. The
grader prints one line per seed and check (value and pass/FAIL), then the failed checks
with their seeds and values, and writes DIR/grade.csv:
  seed      -       the seed
  check     -       the metric checked
  expected  -       the check as written back ("< 280 ms")
  value     (unit)  the metric's value in SI units (empty when the run did not report it)
  unit      -       the metric's SI unit, "-" for a plain number
  ok        -       true | false
beside a sweep's results.csv, aggregate.csv and sweep.json. Exit codes: 0 every check held
on every seed; 1 a check failed; 2 bad exercise, scenario or option (located; nothing run);
3 a run failed; 130 interrupted.
)";
}

int grade_command(const GradeOptions& opt) {
  Exercise ex;
  SweepPlan plan;
  try {
    ex = read_exercise(opt);
    plan = plan_sweep(ex.sweep, ex.grade_file);
    if (!ex.model.empty() && plan.model != ex.model) {
      Diagnostics diags;
      diags.error(
          ex.model_loc, "model",
          fmt::format("the exercise is for model {}, but the scenario ({}) is a {} scenario",
                      ex.model, plan.base, plan.model));
      throw InputError(diags);
    }
  } catch (const InputError& e) {
    Diagnostics located;
    for (const Diagnostic& d : e.diags.list()) {
      const Diagnostic g = in_grade_terms(d);
      located.error(g.loc, g.path, g.message);
    }
    std::cerr << located.str();
    return 2;
  }
  const std::string out =
      fs::absolute(opt.out_dir.empty() ? "results/grade-" + ex.name : opt.out_dir)
          .lexically_normal()
          .string();
  if (int rc = prepare_output_folder(out); rc != 0) return rc;
  if (!opt.quiet)
    std::cout << fmt::format("grading {} ({}): {} on {} seed{} from base {}\n", ex.name, ex.title,
                             plan.base, plan.seeds.size(), plan.seeds.size() == 1 ? "" : "s",
                             ex.seed_base);
  std::vector<RunOutcome> runs;
  try {
    if (int rc = run_plan(plan, out, opt.jobs, opt.quiet, runs); rc != 0) return rc;
  } catch (const std::exception& e) {
    std::cerr << "sdsim: grading failed: " << e.what() << "\n";
    return 3;
  }

  std::vector<CheckRow> rows;
  std::size_t missing = 0;
  for (const RunOutcome& o : runs) {
    if (!o.found) {
      ++missing;
      continue;
    }
    for (CheckRow& r : checks_of(o, plan)) rows.push_back(std::move(r));
  }
  try {
    write_sweep_results(plan, runs, out);
    write_grade_csv(rows, fs::path(out) / "grade.csv");
    if (!opt.junit.empty()) write_junit(plan, runs, opt.junit);
  } catch (const std::exception& e) {
    std::cerr << "sdsim: " << e.what() << "; the grade's tables were not written\n";
    return 3;
  }

  std::size_t failed = 0;
  std::vector<std::string> failures;
  if (!opt.quiet)
    std::cout << fmt::format("  {:<20} {:<36} {:>14}  {}\n", "seed", "check", "value", "result");
  for (const CheckRow& r : rows) {
    const std::string check = r.metric + " " + r.expected;
    const std::string value = format_metric_value(r.value, r.unit);
    if (!r.ok) {
      ++failed;
      failures.push_back(
          fmt::format("{} on seed {}: expected {}, got {}", r.metric, r.seed, r.expected, value));
    }
    if (!opt.quiet)
      std::cout << fmt::format("  {:<20} {:<36} {:>14}  {}\n", r.seed, check, value,
                               r.ok ? "pass" : "FAIL");
  }
  if (missing > 0) {
    std::cerr << fmt::format(
        "sdsim: {} of {} runs failed to run (their logs are in {}/logs); not graded\n", missing,
        runs.size(), out);
    return 3;
  }
  if (failed == 0) {
    if (!opt.quiet)
      std::cout << fmt::format("grade: PASS: {} checks held on {} seeds -> {}\n", rows.size(),
                               runs.size(), out);
    return 0;
  }
  std::cout << fmt::format("grade: FAIL: {} of {} checks failed -> {}\n", failed, rows.size(), out);
  for (const std::string& f : failures) std::cout << "  " << f << "\n";
  return 1;
}

}  // namespace sdsim
