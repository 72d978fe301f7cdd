// Parsing and validation of the scenario's `workload:` section. The arrival processes and key
// choosers that use the resulting WorkloadSpec live in their own file.
#include <climits>
#include <limits>
#include <optional>

#include "sim/workload/workload.hpp"

namespace sdsim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A zipf table is O(count) in memory, so its key space is capped to keep runs on a laptop.
constexpr long long kMaxZipfKeys = 10'000'000;

// Reads the optional keys of one map section. Every reader leaves its target untouched when
// the key is absent or wrong, so the WorkloadSpec defaults stand in.
class SectionReader {
 public:
  SectionReader(const Doc* doc, std::string path, Diagnostics& diags)
      : doc_(doc), path_(std::move(path)), diags_(diags) {}

  const Doc* node(const std::string& key) const { return doc_ ? doc_->find(key) : nullptr; }
  std::string path(const std::string& key) const { return join_path(path_, key); }
  Diagnostics& diags() const { return diags_; }

  // Returns true when the key is given and valid.
  bool quantity(const std::string& key, Dimension dim, double min, double& out) const {
    const Doc* d = node(key);
    auto v = d ? read_quantity(*d, path(key), diags_, dim, min, kInf) : std::nullopt;
    if (v) out = *v;
    return v.has_value();
  }
  // A quantity that must be greater than zero (a rate, a period): 0 would stall the run.
  void positive_quantity(const std::string& key, Dimension dim, double& out) const {
    if (quantity(key, dim, 0.0, out) && out <= 0)
      diags_.error(node(key)->loc, path(key),
                   "must be greater than 0, got " + format_quantity(out, dim));
  }
  template <typename T>
  void integer(const std::string& key, long long min, long long max, T& out) const {
    if (const Doc* d = node(key))
      if (auto v = read_int(*d, path(key), diags_, min, max)) out = static_cast<T>(*v);
  }
  void real(const std::string& key, double min, double max, double& out) const {
    if (const Doc* d = node(key))
      if (auto v = read_real(*d, path(key), diags_, min, max)) out = *v;
  }
  void choice(const std::string& key, const std::vector<std::string>& choices,
              std::string& out) const {
    if (const Doc* d = node(key))
      if (auto v = read_choice(*d, path(key), diags_, choices)) out = *v;
  }
  // A key that must be there (inside a section that is itself required).
  bool require(const std::string& key, const Location& where) const {
    if (node(key)) return true;
    diags_.error(where, path(key), "missing required key");
    return false;
  }
  // Errors at `key` when it only makes sense together with another setting.
  void only_with(const std::string& key, bool allowed, const std::string& setting) const {
    if (const Doc* d = node(key); d && !allowed)
      diags_.error(d->loc, path(key), "only used with " + setting);
  }

 private:
  const Doc* doc_;
  std::string path_;
  Diagnostics& diags_;
};

Location location_or(const Doc* d, const Location& fallback) { return d ? d->loc : fallback; }

void parse_ramp(const SectionReader& w, WorkloadSpec& spec) {
  const Doc* ramp = w.node("ramp");
  w.only_with("ramp", spec.arrival == "ramp", "arrival: ramp");
  if (spec.arrival != "ramp") return;
  if (!ramp) {
    w.diags().error(location_or(w.node("arrival"), {}), w.path("ramp"),
                    "arrival: ramp needs ramp: {to: RATE, over: DURATION}");
    return;
  }
  if (!check_keys(*ramp, w.path("ramp"), w.diags(), key_names(children_of(workload_keys(), "ramp")))) return;
  SectionReader r(ramp, w.path("ramp"), w.diags());
  if (r.require("to", ramp->loc)) r.quantity("to", Dimension::Rate, 0.0, spec.ramp_to);
  r.quantity("over", Dimension::Duration, 0.0, spec.ramp_over);
}

void parse_burst(const SectionReader& w, WorkloadSpec& spec) {
  const Doc* burst = w.node("burst");
  w.only_with("burst", spec.arrival == "burst", "arrival: burst");
  if (spec.arrival != "burst") return;
  if (!burst) {
    w.diags().error(location_or(w.node("arrival"), {}), w.path("burst"),
                    "arrival: burst needs burst: {rate: RATE, every: DURATION, length: DURATION}");
    return;
  }
  if (!check_keys(*burst, w.path("burst"), w.diags(), key_names(children_of(workload_keys(), "burst")))) return;
  SectionReader b(burst, w.path("burst"), w.diags());
  bool complete = true;
  for (const char* key : {"rate", "every", "length"})
    complete = b.require(key, burst->loc) && complete;
  if (!complete) return;
  b.positive_quantity("rate", Dimension::Rate, spec.burst_rate);
  b.positive_quantity("every", Dimension::Duration, spec.burst_every);
  b.positive_quantity("length", Dimension::Duration, spec.burst_length);
  if (spec.burst_every > 0 && spec.burst_length >= spec.burst_every)
    w.diags().error(b.node("length")->loc, b.path("length"),
                    "must be shorter than every (" +
                        format_quantity(spec.burst_every, Dimension::Duration) + "), got " +
                        format_quantity(spec.burst_length, Dimension::Duration));
}

void parse_keys(const SectionReader& w, KeySpec& keys) {
  const Doc* doc = w.node("keys");
  if (!doc || !check_keys(*doc, w.path("keys"), w.diags(), key_names(children_of(workload_keys(), "keys"))))
    return;
  SectionReader k(doc, w.path("keys"), w.diags());
  k.choice("distribution", {"uniform", "zipf", "hotspot"}, keys.distribution);
  const bool zipf = keys.distribution == "zipf", hotspot = keys.distribution == "hotspot";
  k.integer("count", 1, zipf ? kMaxZipfKeys : LLONG_MAX, keys.count);
  k.only_with("s", zipf, "distribution: zipf");
  k.only_with("hot_fraction", hotspot, "distribution: hotspot");
  k.only_with("hot_share", hotspot, "distribution: hotspot");
  k.real("s", 0.0, 10.0, keys.zipf_s);
  k.real("hot_fraction", 0.0, 1.0, keys.hot_fraction);
  k.real("hot_share", 0.0, 1.0, keys.hot_share);
  if (const Doc* s = k.node("s"); s && keys.zipf_s == 0)
    w.diags().error(s->loc, k.path("s"), "must be greater than 0, got 0");
  if (const Doc* f = k.node("hot_fraction");
      f && (keys.hot_fraction == 0 || keys.hot_fraction == 1))
    w.diags().error(f->loc, k.path("hot_fraction"), "must be strictly between 0 and 1");
}

// The load must end: by a request count, a workload duration, or the scenario's duration.
void check_end(const Doc* doc, const SectionReader& w, double top_duration, WorkloadSpec& spec) {
  const Doc* duration = w.node("duration");
  if (duration && top_duration > 0)
    w.diags().error(duration->loc, w.path("duration"),
                    "duration given twice (top level and workload)");
  if (!duration && top_duration > 0) spec.duration = top_duration;
  if (!w.node("requests") && !duration && top_duration <= 0)
    w.diags().error(location_or(doc, {}), "workload", "needs requests: N or duration: T");
  const Doc* warmup = w.node("warmup");
  if (warmup && spec.duration > 0 && spec.warmup >= spec.duration)
    w.diags().error(warmup->loc, w.path("warmup"),
                    "must be shorter than the duration (" +
                        format_quantity(spec.duration, Dimension::Duration) + "), got " +
                        format_quantity(spec.warmup, Dimension::Duration));
}

}  // namespace

const std::vector<KeyDoc>& workload_keys() {
  static const std::vector<KeyDoc> keys = {
      {"arrival", "choice", "poisson", "constant | poisson | ramp | burst: when requests arrive"},
      {"rate", "rate", "10/s", "arrivals per second over all clients (base rate of ramp and burst)"},
      {"ramp", "map", "", "arrival: ramp: the rate goes linearly from `rate` to `to` over `over`",
       {{"to", "rate", "", "rate at the end of the ramp (required)"},
        {"over", "duration", "0s", "length of the ramp (0 = the whole duration)"}}},
      {"burst", "map", "", "arrival: burst: `rate` becomes burst.rate for `length` every `every`",
       {{"rate", "rate", "", "rate during a burst (required)"},
        {"every", "duration", "", "period of the bursts (required)"},
        {"length", "duration", "", "length of each burst, shorter than every (required)"}}},
      {"loop", "choice", "open", "open: clients send on schedule whatever the replies; closed: each waits for its reply"},
      {"clients", "int", "1", "client actors; an open loop splits the rate among them"},
      {"think_time", "duration", "0s", "closed loop: mean (exponential) pause between a reply and the next request"},
      {"requests", "int", "", "stop after this many requests in all (with or instead of duration)"},
      {"duration", "duration", "", "stop issuing after this simulated time (or the scenario's top-level duration)"},
      {"warmup", "duration", "0s", "requests started before this are written but not measured"},
      {"timeout", "duration", "0s", "a client gives up on a request after this (0 = waits)"},
      {"retries", "int", "0", "closed loop: retries after a time-out or a failure"},
      {"backoff", "duration", "100ms", "closed loop: first retry back-off, doubled each retry"},
      {"drain", "duration", "model's", "after the load: how long open-loop clients wait for replies and the run "
                                       "drains (each model has its default: sdsim describe <model>)"},
      {"keys", "map", "", "which keys requests touch",
       {{"distribution", "choice", "uniform", "uniform | zipf | hotspot"},
        {"count", "int", "1000", "size of the key space"},
        {"s", "real", "0.99", "zipf exponent"},
        {"hot_fraction", "real", "0.2", "hotspot: share of the keys that are hot"},
        {"hot_share", "real", "0.8", "hotspot: share of the requests that go to hot keys"}}},
  };
  return keys;
}

WorkloadSpec parse_workload(const Doc* doc, double top_duration, Diagnostics& diags) {
  WorkloadSpec spec;
  if (doc) spec.loc = doc->loc;
  SectionReader w(doc, "workload", diags);
  if (doc && !check_keys(*doc, "workload", diags, key_names(workload_keys())) && !doc->is_map()) return spec;

  w.choice("arrival", {"constant", "poisson", "ramp", "burst"}, spec.arrival);
  // A ramp may start from zero; every other process needs a rate to make progress.
  if (spec.arrival == "ramp")
    w.quantity("rate", Dimension::Rate, 0.0, spec.rate);
  else
    w.positive_quantity("rate", Dimension::Rate, spec.rate);
  parse_ramp(w, spec);
  parse_burst(w, spec);

  w.choice("loop", {"open", "closed"}, spec.loop);
  w.integer("clients", 1, 1'000'000, spec.clients);
  w.quantity("think_time", Dimension::Duration, 0.0, spec.think_time);
  w.integer("requests", 1, LLONG_MAX, spec.requests);
  w.positive_quantity("duration", Dimension::Duration, spec.duration);
  w.quantity("warmup", Dimension::Duration, 0.0, spec.warmup);
  w.quantity("timeout", Dimension::Duration, 0.0, spec.timeout);
  w.integer("retries", 0, 100, spec.retries);
  w.quantity("backoff", Dimension::Duration, 0.0, spec.backoff);
  w.quantity("drain", Dimension::Duration, 0.0, spec.drain);
  parse_keys(w, spec.keys);
  check_end(doc, w, top_duration, spec);
  return spec;
}

double load_horizon(const WorkloadSpec& w) {
  if (w.duration > 0) return w.duration;
  if (w.requests > 0 && w.rate > 0) return static_cast<double>(w.requests) / w.rate;
  return 0.0;
}

}  // namespace sdsim
