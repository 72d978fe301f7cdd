// The search node on a small platform: two nodes, one with translog durability `request`
// (flushed once at 8 s) and one with `async` (fsync every 5 s), get the same 1,000 documents
// (one every 20 ms from 10 ms to 20 s); both hosts crash at 12.5 s for 2 s.
//   - request: every acknowledged document is searchable after the restart, and the restart
//     replayed exactly the operations since the flush;
//   - async: exactly the documents acknowledged since the last fsync (10 s) are lost;
//   - the indexing-to-searchable delay is at most refresh_interval (1 s) for documents not
//     caught by the crash, measured by the service and by a client that polls for some;
//   - term and boolean queries return what a naive scan of the surviving documents gives.
#include <map>
#include <set>

#include "harness_b.hpp"
#include "sim/core/random.hpp"
#include "sim/net/rpc.hpp"
#include "sim/services/search/search_client.hpp"
#include "sim/services/search/search_node.hpp"

using namespace sdsim;
using namespace sdsim::search_service;
namespace sg4 = simgrid::s4u;

namespace {

constexpr double kCrashAt = 12.5, kDownFor = 2.0, kFlushAt = 8.005, kLastSync = 10.0;
constexpr int kDocs = 1000;
const std::vector<std::string> kWords = {"alpha", "bravo",   "charlie", "delta",
                                         "echo",  "foxtrot", "golf",    "hotel"};

double now() { return sg4::Engine::get_clock(); }

struct Corpus {
  std::vector<std::set<std::string>> body;  // per document k
  Corpus() {
    RandomStream rng(1, "search-corpus");
    for (int k = 0; k < kDocs; ++k) {
      std::set<std::string> words;
      while (words.size() < 3) words.insert(kWords[rng.below(kWords.size())]);
      body.push_back(words);
    }
  }
  Document doc(int k) const {
    std::string text;
    for (const auto& w : body[k]) text += w + " ";
    return Document{"d" + std::to_string(k), {{"tag", "t" + std::to_string(k)}, {"body", text}}};
  }
};

struct Indexed {
  std::map<int, double> acked;       // document -> acknowledgement time
  std::vector<double> probe_delays;  // client-measured, s
  int failed = 0;
};

void indexer(Net& net, const SearchNode& node, const Corpus& corpus, Indexed& out, bool flush) {
  Rpc rpc(net, node.name() + "-indexer");
  SearchClient c(rpc, node.endpoint(), CallOptions{0.5, 0});
  bool flushed = !flush;
  for (int k = 0; k < kDocs; ++k) {
    sg4::this_actor::sleep_until(0.01 + 0.02 * k);
    if (!flushed && now() >= kFlushAt) flushed = c.flush().ok();
    if (c.index(corpus.doc(k)).ok())
      out.acked[k] = now();
    else
      ++out.failed;
  }
}

// Polls a few documents right after they are acknowledged: the client's view of the delay.
void prober(Net& net, const SearchNode& node, const Indexed& in, Indexed& out) {
  Rpc rpc(net, node.name() + "-prober");
  SearchClient c(rpc, node.endpoint(), CallOptions{0.5, 0});
  for (int k : {100, 200, 300, 400, 800, 900}) {
    while (!in.acked.count(k)) sg4::this_actor::sleep_for(0.002);
    const double acked = in.acked.at(k);
    while (c.search(Query::term("tag", "t" + std::to_string(k))).value().total_hits == 0)
      sg4::this_actor::sleep_for(0.005);
    out.probe_delays.push_back(now() - acked);
  }
}

struct Found {
  std::set<int> searchable;
  int boolean_mismatches = 0, boolean_queries = 0;
};

void checker(Net& net, const SearchNode& node, const Corpus& corpus, const Indexed& in,
             Found& out) {
  sg4::this_actor::sleep_until(21.0);
  Rpc rpc(net, node.name() + "-checker");
  SearchClient c(rpc, node.endpoint(), CallOptions{2.0, 2, 0.5});
  for (const auto& [k, t] : in.acked)
    if (c.search(Query::term("tag", "t" + std::to_string(k))).value().total_hits == 1)
      out.searchable.insert(k);
  for (std::size_t a = 0; a < kWords.size(); ++a)
    for (std::size_t b = a + 1; b < kWords.size(); ++b) {
      std::uint64_t both = 0, either = 0;
      for (int k : out.searchable) {
        const bool x = corpus.body[k].count(kWords[a]), y = corpus.body[k].count(kWords[b]);
        both += x && y;
        either += x || y;
      }
      const auto ra =
          c.search(Query::all_of({Query::term("body", kWords[a]), Query::term("body", kWords[b])}));
      const auto ro =
          c.search(Query::any_of({Query::term("body", kWords[a]), Query::term("body", kWords[b])}));
      out.boolean_queries += 2;
      out.boolean_mismatches += ra.value().total_hits != both;
      out.boolean_mismatches += ro.value().total_hits != either;
    }
}

}  // namespace

int main() {
  harness_b::Sim sim("search_service", harness_b::one_rack(3), {{"search", 2}, {"client", 1}});
  SearchNode request(sim.ctx(), "search-request", sim.hosts("search")[0],
                     harness_b::configure(search_params()));
  SearchNode async(sim.ctx(), "search-async", sim.hosts("search")[1],
                   harness_b::configure(search_params(), "{translog_durability: async}"));
  request.start();
  async.start();
  sim.crash(sim.hosts("search")[0], kCrashAt, kDownFor);
  sim.crash(sim.hosts("search")[1], kCrashAt, kDownFor);
  const Corpus corpus;
  const std::string client = sim.hosts("client")[0];
  Indexed in_req, in_async, probes;
  Found f_req, f_async;
  sim.driver("index-request", client, [&] { indexer(sim.net(), request, corpus, in_req, true); });
  sim.driver("index-async", client, [&] { indexer(sim.net(), async, corpus, in_async, false); });
  sim.driver("probe", client, [&] { prober(sim.net(), request, in_req, probes); });
  sim.driver("check-request", client, [&] { checker(sim.net(), request, corpus, in_req, f_req); });
  sim.driver("check-async", client, [&] { checker(sim.net(), async, corpus, in_async, f_async); });
  sim.run();

  for (auto [node, in, found] :
       {std::tuple{&request, &in_req, &f_req}, std::tuple{&async, &in_async, &f_async}}) {
    const std::string& n = node->name();
    const bool is_async =
        node->config().translog_durability == storage::search::TranslogDurability::async;
    sim.check(in->failed > 0 && in->failed < 150,
              fmt::format("{}: indexing fails only while the host is off ({})", n, in->failed));
    int wrong = 0, expected_lost = 0;
    for (const auto& [k, t] : in->acked) {
      const bool lost = is_async && t > kLastSync && t < kCrashAt;
      expected_lost += lost;
      wrong += found->searchable.count(k) == (lost ? 1u : 0u);
    }
    sim.check(wrong == 0,
              fmt::format("{}: exactly {} ({} documents differ)", n,
                          is_async ? "the documents since the last translog fsync are lost"
                                   : "every acknowledged document is searchable after the restart",
                          wrong));
    sim.check(!is_async || expected_lost > 100,
              fmt::format("{}: the crash caught acknowledged documents ({})", n, expected_lost));
    sim.check(node->stats().docs_lost == std::uint64_t(expected_lost) &&
                  node->index().stats().ops_lost_in_crash == std::uint64_t(expected_lost),
              fmt::format("{}: the service and the shard count {} lost ({} / {})", n, expected_lost,
                          node->stats().docs_lost, node->index().stats().ops_lost_in_crash));
    sim.check(found->boolean_queries == 56 && found->boolean_mismatches == 0,
              fmt::format("{}: boolean queries agree with a naive scan ({} of {} differ)", n,
                          found->boolean_mismatches, found->boolean_queries));
    const auto& delay = node->stats().searchable_delay;
    const auto& replayed = node->stats().searchable_after_restart;
    // Each document is counted once, when it first becomes searchable (a lost one may have been).
    const std::uint64_t seen = delay.count() + replayed.count();
    sim.check(seen >= std::uint64_t(in->acked.size() - expected_lost) && seen <= in->acked.size() &&
                  delay.max() <= 1.0 + 1e-3 && delay.mean() > 0.3 && delay.mean() < 0.7 &&
                  (replayed.count() == 0 || replayed.min() > kDownFor),
              fmt::format("{}: documents become searchable within the refresh interval (p50 {:.3f} "
                          "s, p90 {:.3f} s, max "
                          "{:.3f} s)",
                          n, delay.quantile(0.5), delay.quantile(0.9), delay.max()));
    sim.note(fmt::format(
        "{}: {} acknowledged, {} lost; searchable after mean {:.3f} s, p50 {:.3f} s, p99 {:.3f} s, "
        "max "
        "{:.3f} s ({} replayed ones after {:.3f} s on average); {} replayed, recovery {:.3f} ms; "
        "{} "
        "refreshes, {} merges, {:.0f} B translog",
        n, in->acked.size(), expected_lost, delay.mean(), delay.quantile(0.5), delay.quantile(0.99),
        delay.max(), replayed.count(), replayed.mean(), node->index().stats().ops_replayed,
        node->stats().recovery_seconds * 1e3, node->index().stats().refreshes,
        node->index().stats().merges, node->stats().translog_bytes_charged));
  }
  int replay_expected = 0;
  for (const auto& [k, t] : in_req.acked) replay_expected += t > kFlushAt && t < kCrashAt;
  sim.check(request.index().stats().ops_replayed == std::uint64_t(replay_expected),
            fmt::format("request: the restart replayed the operations since the flush ({} of {})",
                        request.index().stats().ops_replayed, replay_expected));
  bool probes_ok = probes.probe_delays.size() == 6;
  for (double d : probes.probe_delays) probes_ok = probes_ok && d > 0 && d <= 1.0 + 0.01;
  sim.check(probes_ok, "a client polling for new documents finds each within the refresh interval");
  return sim.finish();
}
