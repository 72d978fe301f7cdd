// Arrival processes and key popularity (workload.hpp). parse_workload lives in
// workload_spec.cpp; this file only turns a validated spec into times and keys.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/workload/workload.hpp"

namespace sdsim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

ArrivalProcess::ArrivalProcess(const WorkloadSpec& spec, double share, int client_index, int clients)
    : spec_(spec), share_(share), phase_(0.0) {
  if (clients < 1 || client_index < 0 || client_index >= clients || !(share > 0.0 && share <= 1.0))
    throw std::invalid_argument("ArrivalProcess: bad client index, client count or share");
  if (spec.arrival == "constant") shape_ = Shape::Constant;
  else if (spec.arrival == "poisson") shape_ = Shape::Poisson;
  else if (spec.arrival == "ramp") shape_ = Shape::Ramp;
  else if (spec.arrival == "burst") shape_ = Shape::Burst;
  else throw std::invalid_argument("ArrivalProcess: unknown arrival '" + spec.arrival + "'");
  if (shape_ == Shape::Constant && spec.rate > 0.0) phase_ = client_index / spec.rate;
}

double ArrivalProcess::next_arrival(double now, RandomStream& rng) {
  if (first_) {
    first_ = false;
    last_ = now;
    if (shape_ == Shape::Constant) {
      origin_ = now + phase_;
      return rate_at(now) > 0.0 ? origin_ : kInf;
    }
  }
  switch (shape_) {
    case Shape::Constant: {
      double rate = rate_at(now);
      // From the count, not by adding gaps, so arrival n does not drift with rounding.
      last_ = rate > 0.0 ? origin_ + static_cast<double>(++count_) / rate : kInf;
      break;
    }
    case Shape::Poisson: last_ = next_poisson(last_, rng); break;
    case Shape::Ramp: last_ = next_ramp(last_, rng); break;
    case Shape::Burst: last_ = next_burst(last_, rng); break;
  }
  return last_;
}

double ArrivalProcess::rate_at(double t) const { return share_ * aggregate_rate(t); }

double ArrivalProcess::aggregate_rate(double t) const {
  switch (shape_) {
    case Shape::Constant:
    case Shape::Poisson: return spec_.rate;
    case Shape::Ramp: {
      double length = ramp_length();
      if (length <= 0.0 || t >= length) return spec_.ramp_to;
      if (t <= 0.0) return spec_.rate;
      return spec_.rate + (spec_.ramp_to - spec_.rate) * (t / length);
    }
    case Shape::Burst: return burst_segment(t).first;
  }
  return 0.0;
}

double ArrivalProcess::ramp_length() const {
  return spec_.ramp_over > 0.0 ? spec_.ramp_over : spec_.duration;
}

std::pair<double, double> ArrivalProcess::burst_segment(double t) const {
  double every = spec_.burst_every, length = spec_.burst_length;
  if (every <= 0.0 || length <= 0.0) return {spec_.rate, kInf};
  double start = std::floor(t / every) * every;
  bool in_burst = t < start + length;
  double end = in_burst ? start + length : start + every;
  // Rounding in floor() must never yield an empty segment, or the caller would not advance.
  if (end <= t) end = std::nextafter(t, kInf);
  return {in_burst ? spec_.burst_rate : spec_.rate, end};
}

double ArrivalProcess::next_poisson(double t, RandomStream& rng) const {
  double rate = rate_at(t);
  return rate > 0.0 ? t + rng.exponential(1.0 / rate) : kInf;
}

// Thinning (Lewis-Shedler): candidates from a Poisson process at the largest rate still to
// come, each kept with probability rate(c)/bound. The bound is recomputed after every
// candidate, which is valid because the candidate process is memoryless.
double ArrivalProcess::next_ramp(double t, RandomStream& rng) const {
  double length = ramp_length();
  double final_rate = share_ * spec_.ramp_to;
  while (t < length) {
    double bound = std::max(rate_at(t), final_rate);  // a linear rate peaks at an end
    if (bound <= 0.0) break;
    double c = t + rng.exponential(1.0 / bound);
    if (c >= length) break;  // restart at the end of the ramp: memoryless again
    if (rng.uniform01() * bound < rate_at(c)) return c;
    t = c;
  }
  t = std::max(t, length);
  return final_rate > 0.0 ? t + rng.exponential(1.0 / final_rate) : kInf;
}

// Exact for a piecewise-constant rate: a gap that crosses a segment end is redrawn from the
// end with the next segment's rate (memorylessness), so long quiet periods cost nothing.
double ArrivalProcess::next_burst(double t, RandomStream& rng) const {
  if (spec_.rate <= 0.0 && spec_.burst_rate <= 0.0) return kInf;
  while (true) {
    auto [aggregate, end] = burst_segment(t);
    double rate = share_ * aggregate;
    if (rate > 0.0) {
      double c = t + rng.exponential(1.0 / rate);
      if (c < end) return c;
    }
    if (end == kInf) return kInf;
    t = end;
  }
}

// ---------------------------------------------------------------------------------------

KeyChooser::KeyChooser(const KeySpec& spec) : spec_(spec) {
  if (spec.count == 0) throw std::invalid_argument("KeyChooser: the key space is empty");
  if (spec.distribution == "zipf")
    zipf_ = std::make_shared<ZipfSampler>(spec.count, spec.zipf_s);
  else if (spec.distribution != "uniform" && spec.distribution != "hotspot")
    throw std::invalid_argument("KeyChooser: unknown distribution '" + spec.distribution + "'");
}

std::uint64_t KeyChooser::next(RandomStream& rng) const {
  if (zipf_) return zipf_->sample(rng);
  if (spec_.distribution == "uniform") return rng.below(spec_.count);
  // Hotspot: at least one hot key, and the cold set may be empty.
  auto hot = static_cast<std::uint64_t>(std::llround(spec_.hot_fraction * static_cast<double>(spec_.count)));
  hot = std::clamp<std::uint64_t>(hot, 1, spec_.count);
  if (hot == spec_.count || rng.bernoulli(spec_.hot_share)) return rng.below(hot);
  return hot + rng.below(spec_.count - hot);
}

}  // namespace sdsim
