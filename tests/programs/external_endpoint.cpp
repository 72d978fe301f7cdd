// The external endpoint stub against what its settings promise: two endpoints (a payment
// provider refusing calls during its outage, a mail server hanging during its own), 12
// callers each, 60 s of calls with a 1 s time-out; the first endpoint's host crashes at 40 s
// for 2 s.
//   - latency: the mean, median and 99th percentile of the answered calls' latency match the
//     lognormal's (mean m, cv c: sigma^2 = ln(1 + c^2), mu = ln m - sigma^2 / 2, median e^mu,
//     p99 e^(mu + 2.326 sigma)) once the network's round trip is taken off;
//   - the error and lost-call fractions are within 4 standard deviations of their rates;
//   - outages: every call during the window is refused at once (refuse) or times out (hang),
//     no call outside is;
//   - a crash loses exactly the calls in flight: the callers' time-outs outside the down
//     window are the injected ones plus those the endpoint counted in flight.
#include "sim/services/external/external_endpoint.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "harness_b.hpp"
#include "sim/core/random.hpp"
#include "sim/net/rpc.hpp"

using namespace sdsim;
using namespace sdsim::external_service;
namespace sg4 = simgrid::s4u;

namespace {

constexpr double kEnd = 60, kTimeout = 1.0, kCrashAt = 40, kDown = 2;

struct Call {
  double sent = 0, latency = 0, drawn = 0;
  std::uint64_t id = 0;
  Status status = Status::Timeout;
};

void caller(Net& net, const ExternalEndpoint& ep, int i, std::vector<Call>& out) {
  const std::string name = ep.name() + "-caller" + std::to_string(i);
  Rpc rpc(net, name);
  RandomStream rng(net.seed(), name);
  while (true) {
    sg4::this_actor::sleep_for(rng.exponential(0.1));
    if (sg4::Engine::get_clock() >= kEnd) return;
    Call c;
    c.sent = sg4::Engine::get_clock();
    auto r = rpc.call(ep.endpoint(), ExternalCall{"charge", 500, 200}, CallOptions{kTimeout, 0});
    c.latency = sg4::Engine::get_clock() - c.sent;
    c.status = r.status;
    c.id = r.id;
    if (r.ok()) c.drawn = r.value().latency;
    out.push_back(c);
  }
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

bool near(const Outage& o, double t) {
  return std::abs(t - o.start) < 0.001 || std::abs(t - o.end) < 0.001;
}

}  // namespace

int main() {
  harness_b::Sim sim("external_endpoint", harness_b::one_rack(4), {{"external", 2}, {"client", 2}});
  const std::string common =
      "latency_mean: 50ms, latency_cv: 0.5, failure_rate: 0.02, timeout_rate: 0.01";
  ExternalEndpoint psp(
      sim.ctx(), "payment-provider", sim.hosts("external")[0],
      harness_b::configure(external_params(), "{" + common + ", outages: '20s+5s'}"));
  ExternalEndpoint mail(
      sim.ctx(), "mail-server", sim.hosts("external")[1],
      harness_b::configure(external_params(),
                           "{" + common + ", outages: '10s+3s, 30s+4s', outage_mode: hang}"));
  psp.start();
  mail.start();
  sim.crash(sim.hosts("external")[0], kCrashAt, kDown);
  std::vector<std::vector<Call>> calls_psp(12), calls_mail(12);
  for (int i = 0; i < 12; ++i) {
    sim.driver("psp" + std::to_string(i), sim.hosts("client")[0],
               [&, i] { caller(sim.net(), psp, i, calls_psp[i]); });
    sim.driver("mail" + std::to_string(i), sim.hosts("client")[1],
               [&, i] { caller(sim.net(), mail, i, calls_mail[i]); });
  }
  sim.run();

  const double cv = 0.5, mean = 0.05, sigma = std::sqrt(std::log(1 + cv * cv)),
               mu = std::log(mean) - sigma * sigma / 2;
  for (auto [ep, per_caller] : {std::pair{&psp, &calls_psp}, std::pair{&mail, &calls_mail}}) {
    const std::string& n = ep->name();
    const bool hang = ep->config().outage_mode == OutageMode::hang;
    std::vector<double> latencies;
    double rtt_worst = 0;
    int answered = 0, failed = 0, timeouts = 0, in_window = 0, window_wrong = 0, outside_wrong = 0,
        total = 0;
    for (const auto& calls : *per_caller)
      for (const Call& c : calls) {
        ++total;
        bool boundary = false;
        for (const Outage& o : ep->outages()) boundary = boundary || near(o, c.sent);
        const bool down = ep == &psp && c.sent >= kCrashAt - 0.001 && c.sent < kCrashAt + kDown;
        if (boundary || down) continue;
        if (ep->in_outage(c.sent)) {
          ++in_window;
          window_wrong += hang ? c.status != Status::Timeout
                               : c.status != Status::Unavailable || c.latency > 0.001;
          continue;
        }
        outside_wrong += c.status == Status::Unavailable;
        if (c.status == Status::Ok) {
          ++answered;
          latencies.push_back(c.latency);
          rtt_worst = std::max(rtt_worst, c.latency - c.drawn);
        } else if (c.status == Status::Error) {
          ++failed;
        } else {
          ++timeouts;
        }
      }
    // The network's share of each latency, then the endpoint's share against the lognormal.
    sim.check(rtt_worst > 0 && rtt_worst < 0.001,
              fmt::format("{}: the network adds under 1 ms to a call ({:.3f} ms at most)", n,
                          rtt_worst * 1e3));
    double sum = 0;
    for (double l : latencies) sum += l;
    const double m = sum / static_cast<double>(latencies.size());
    const double median = quantile(latencies, 0.5), p99 = quantile(latencies, 0.99);
    const double want_median = std::exp(mu), want_p99 = std::exp(mu + 2.3263 * sigma);
    sim.check(std::abs(m / mean - 1) < 0.03 && std::abs(median / want_median - 1) < 0.04 &&
                  std::abs(p99 / want_p99 - 1) < 0.1,
              fmt::format("{}: latency mean {:.2f} ms (lognormal {:.2f}), median {:.2f} ({:.2f}), "
                          "p99 {:.2f} ({:.2f})",
                          n, m * 1e3, mean * 1e3, median * 1e3, want_median * 1e3, p99 * 1e3,
                          want_p99 * 1e3));
    auto within = [](int k, int trials, double p) {
      const double sd = std::sqrt(trials * p * (1 - p));
      return std::abs(k - trials * p) <= 4 * sd;
    };
    const int served = answered + failed + timeouts;
    sim.check(within(failed, answered + failed, 0.02),
              fmt::format("{}: {} errors in {} answers (rate 0.02)", n, failed, answered + failed));
    // The calls in flight at the crash are not the rate's.
    const int drawn_lost = timeouts - static_cast<int>(ep->stats().lost_in_crash);
    sim.check(within(drawn_lost, served, 0.01),
              fmt::format("{}: {} lost in {} calls (rate 0.01)", n, drawn_lost, served));
    sim.check(in_window > 50 && window_wrong == 0 && outside_wrong == 0,
              fmt::format("{}: all {} calls in the outage {} ({} not), none outside", n, in_window,
                          hang ? "timed out" : "refused at once", window_wrong + outside_wrong));
    // A crash loses the calls in flight, nothing else: the calls that timed out are exactly
    // those the endpoint left unanswered (drawn as lost, hung in an outage, in flight at the
    // crash) plus those sent while its host was off, which never reached it.
    const auto& s = ep->stats();
    const std::set<std::uint64_t>& unanswered = ep->unanswered();
    int matched = 0, never_arrived = 0, wrong = 0;
    for (const auto& calls : *per_caller)
      for (const Call& c : calls) {
        if (c.status != Status::Timeout) {
          wrong += unanswered.count(c.id);
          continue;
        }
        if (unanswered.count(c.id)) {
          ++matched;
        } else if (ep == &psp && c.sent >= kCrashAt - 0.001 && c.sent < kCrashAt + kDown) {
          ++never_arrived;
        } else {
          ++wrong;
        }
      }
    sim.check(
        wrong == 0 && matched == static_cast<int>(unanswered.size()),
        fmt::format(
            "{}: the calls that timed out are exactly those the endpoint left unanswered ({}) and "
            "those sent while it was down ({}); {} differ",
            n, matched, never_arrived, wrong));
    if (ep == &psp)
      sim.check(s.lost_in_crash > 0 && never_arrived > 0 && s.restarts == 1,
                fmt::format("{}: the crash lost {} calls in flight", n, s.lost_in_crash));
    sim.note(fmt::format(
        "{}: {} calls, latency mean {:.2f} ms, median {:.2f} ms, p99 {:.2f} ms; {} errors, {} "
        "lost, {} in outages, {} lost in the crash",
        n, total, m * 1e3, median * 1e3, p99 * 1e3, failed, timeouts, in_window, s.lost_in_crash));
  }
  return sim.finish();
}
