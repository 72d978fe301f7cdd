#include "models/proximity/services/lbs.hpp"

#include <fmt/format.h>

#include <charconv>

namespace sg4 = simgrid::s4u;

namespace sdsim::proximity {

using namespace storage::geo;

namespace {
std::string encode_rows(const std::vector<Point>& rows) {
  std::string v;
  for (const Point& p : rows)
    v += fmt::format("{}{} {} {}", v.empty() ? "" : ";", p.id, p.pos.lat, p.pos.lon);
  return v;
}

std::vector<Point> decode_rows(const std::string& v) {
  std::vector<Point> rows;
  const char* s = v.data();
  const char* end = s + v.size();
  while (s < end) {
    Point p;
    s = std::from_chars(s, end, p.id).ptr + 1;
    s = std::from_chars(s, end, p.pos.lat).ptr + 1;
    s = std::from_chars(s, end, p.pos.lon).ptr + 1;  // past ';' (or the end)
    rows.push_back(p);
  }
  return rows;
}
}  // namespace

void LbsServer::start(Inbox&) {
  const std::size_t replicas = e_.cfg.read_replicas > 0 ? std::size_t(e_.cfg.read_replicas) : 1;
  suspect_until_.assign(replicas, 0.0);
  workers_state_.clear();
  workers_state_.resize(kWorkers);
  workers_ = std::make_unique<WorkerPool<Request>>(
      fmt::format("lbs-{}-worker", index_), kWorkers, [this](int i, Request& msg) {
        Worker& w = workers_state_[i];
        if (!w.rpc) {
          w.rpc = std::make_unique<Rpc>(net_, fmt::format("lbs-{}-{}", index_, i));
          if (e_.cache)
            w.redis = std::make_unique<redis_service::RedisClient>(
                *w.rpc, std::vector{e_.cache->endpoint()}, CallOptions{e_.cfg.replica_timeout, 0});
        }
        serve(w, msg);
      });
}

template <class Req>
std::unique_ptr<Letter<typename Req::Reply>> LbsServer::ask_index(Rpc& rpc, const Req& request,
                                                                  int& server) {
  const std::size_t n = suspect_until_.size();
  const int first = e_.cfg.read_replicas > 0 ? 1 : 0;  // replicas after the primary
  const std::size_t start = next_++ % n;
  for (int pass = 0; pass < 2; ++pass)  // trusted replicas first, then the suspected ones
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t r = (start + k) % n;
      const double now = sg4::Engine::get_clock();
      if ((suspect_until_[r] > now) != (pass == 1)) continue;
      auto result =
          rpc.call(e_.index_servers[first + r], request, CallOptions{e_.cfg.replica_timeout, 0});
      if (result.ok()) {
        suspect_until_[r] = 0;
        server = first + int(r);
        return std::move(result.reply);
      }
      ++e_.failovers;
      suspect_until_[r] = sg4::Engine::get_clock() + 10 * e_.cfg.replica_timeout;
    }
  return nullptr;
}

bool LbsServer::via_index(Worker& w, const Search& s, SearchOutcome& out, std::vector<Hit>& hits) {
  auto reply = ask_index(*w.rpc, IndexSearch{s.lat, s.lon, s.radius_m}, out.index_server);
  if (!reply) return false;
  hits = std::move(reply->body.hits);
  out.work = reply->body.work;
  out.visible_until = reply->body.visible_until;
  out.served_at = reply->body.served_at;
  return true;
}

bool LbsServer::via_cache(Worker& w, const Search& s, SearchOutcome& out, std::vector<Hit>& hits) {
  const LatLon centre{s.lat, s.lon};
  for (const std::string& cell :
       GeohashIndex::block(centre, s.radius_m, e_.index->geohash_search())) {
    ++out.work.cells_visited;
    const std::string key = "geohash:" + cell;
    auto got = w.redis->get(key);
    std::vector<Point> rows;
    if (got.ok() && got.value) {
      ++out.cache_hits;
      rows = decode_rows(*got.value);
    } else {
      ++out.cache_misses;
      auto reply = ask_index(*w.rpc, CellRead{cell}, out.index_server);
      if (!reply) return false;
      rows = std::move(reply->body.rows);
      w.redis->set(key, encode_rows(rows),
                   e_.cfg.cache.ttl);  // a failed SET only costs a later miss
    }
    for (const Point& p : rows) consider(p, centre, s.radius_m, hits, out.work);
  }
  sort_hits(hits);
  return true;
}

void LbsServer::check(const Search& s, const std::vector<Hit>& hits, SearchOutcome& out) {
  if (s.query_id % std::uint64_t(e_.cfg.check_every) != 0) return;
  // The truth of the data the server had seen (the index's job); the writes it had not yet
  // received are counted apart, as stale results.
  SearchWork ignored;
  const auto truth =
      apply_updates(brute_force(e_.businesses, {s.lat, s.lon}, s.radius_m), {s.lat, s.lon},
                    s.radius_m, e_.updates, out.visible_until, ignored);
  out.accuracy = compare_to_truth(hits, truth);
  if (!e_.updates.empty()) {
    const double age = stale_age({s.lat, s.lon}, s.radius_m, e_.businesses, e_.updates,
                                 out.visible_until, out.served_at);
    if (age >= 0) {
      ++e_.stale;
      e_.stale_age_max = std::max(e_.stale_age_max, age);
    }
  }
  ++e_.checked;
  e_.recall_sum += out.accuracy->recall;
  e_.precision_sum += out.accuracy->precision;
  e_.recall_min = std::min(e_.recall_min, out.accuracy->recall);
  e_.precision_min = std::min(e_.precision_min, out.accuracy->precision);
}

void LbsServer::serve(Worker& w, Request& msg) {
  const Search s = std::get<Search>(msg->body);
  if (e_.cfg.cost.lbs_per_query > 0)
    sg4::this_actor::execute(e_.cfg.cost.lbs_per_query * e_.host_speed);
  SearchOutcome out;
  out.query = Query{s.query_id, {s.lat, s.lon}, s.radius_m};
  std::vector<Hit> hits;
  const bool ok = e_.cache ? via_cache(w, s, out, hits) : via_index(w, s, out, hits);
  if (!ok) {
    ++e_.unavailable;
    e_.answered[msg->id] = std::move(out);  // a queries.csv row with the client's outcome
    net_.fail(*msg, Status::Unavailable);
    return;
  }
  check(s, hits, out);
  e_.cache_hits += out.cache_hits;
  e_.cache_misses += out.cache_misses;
  out.total = hits.size();
  if (hits.size() > std::size_t(e_.cfg.queries.page_size))
    hits.resize(std::size_t(e_.cfg.queries.page_size));
  out.returned = hits.size();
  if (e_.cfg.write_results) out.page = hits;
  e_.answered[msg->id] = std::move(out);
  net_.reply(*msg, SearchReply{std::move(hits), e_.answered[msg->id].total});
}

}  // namespace sdsim::proximity
