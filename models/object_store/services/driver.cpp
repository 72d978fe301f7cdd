#include "models/object_store/services/driver.hpp"

#include <fmt/format.h>

#include <type_traits>

#include "sim/model/run_context.hpp"
#include "sim/output/csv.hpp"
#include "sim/net/rpc.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::object_store {

std::string object_name(const Config& cfg, int i) {
  if (cfg.naming == "flat") return fmt::format("obj-{:06d}", i);
  if (cfg.naming == "given") return cfg.given_names.at(static_cast<std::size_t>(i));
  static const char* regions[] = {"CA", "NY", "TX"};
  if (i % 10 == 0) return fmt::format("file-{}.txt", i);
  return fmt::format("{}/cities/city-{}.txt", regions[i % 3], i);
}

namespace {

struct Client {
  RunContext& ctx;
  Cluster& c;
  std::string name;
  Rpc rpc;

  Client(RunContext& ctx, Cluster& c, const std::string& name)
      : ctx(ctx), c(c), name(name), rpc(ctx.net(), name) {}

  // One request through the API; records it and returns its outcome and reply.
  // PUTs are retried (twice, as SDKs do: a disk dying under a write fails it); GETs are not,
  // so get.availability shows what the store served.
  template <class Request>
  Result<ObjectReply> request(const Request& body) {
    const double start = sg4::Engine::get_clock();
    constexpr bool is_put = std::is_same_v<Request, Put>;
    CallOptions opt;
    opt.timeout = c.cfg.client_timeout;
    opt.retries = is_put ? 2 : 0;
    opt.backoff = 0.1;
    auto r = rpc.call(c.api, body, opt);
    const double end = sg4::Engine::get_clock();
    const std::uint64_t id = r.reply ? r.reply->id : ctx.net().next_message_id();
    ctx.recorder().request(
        {id, Request::kName, name, c.api.name(), start, end, status_name(r.status), r.retries});
    const bool ok = r.ok();
    if constexpr (is_put) {
      c.stats.put_latency.add(end - start);
      ++(ok ? c.stats.puts_ok : c.stats.puts_failed);
    } else if constexpr (std::is_same_v<Request, Get>) {
      c.stats.get_latency.add(end - start);
      ++(ok ? c.stats.gets_ok : c.stats.gets_failed);
      if (ok && r.value().degraded) ++c.stats.gets_degraded;
    }
    return r;
  }

  void put(int i) { request(Put{c.cfg.bucket, object_name(c.cfg, i), c.cfg.object_size}); }
};

void writer(RunContext& ctx, Cluster& c, int index, int writers) {
  Client cl(ctx, c, fmt::format("writer-{}", index));
  for (int i = index; i < c.cfg.objects; i += writers) cl.put(i);
}

void reader(RunContext& ctx, Cluster& c, int index, int readers) {
  Client cl(ctx, c, fmt::format("reader-{}", index));
  auto rng = ctx.stream(cl.name);
  const WorkloadSpec& w = ctx.workload();
  const double mean_gap = readers / std::max(w.rate, 1e-9);
  const int first = std::min(c.cfg.deletes, c.cfg.objects - 1);
  while (true) {
    sg4::this_actor::sleep_for(rng.exponential(mean_gap));
    if (sg4::Engine::get_clock() >= w.duration) break;
    const int i =
        first + static_cast<int>(rng.below(static_cast<std::uint64_t>(c.cfg.objects - first)));
    cl.request(Get{c.cfg.bucket, object_name(c.cfg, i)});
  }
}

// The scenario's listing, page by page as a ListObjectsV2 client does: each page asks for
// MaxKeys entries and passes the previous page's NextContinuationToken. listing.csv has one
// row per entry: page (1, 2, ...), kind (key or common_prefix), name.
void list_pages(RunContext& ctx, Cluster& c, Client& cl) {
  const ListRequestConfig& q = c.cfg.list;
  CsvWriter out(ctx.recorder().output_path("listing.csv"), {"page", "kind", "name"});
  std::string token;
  double pages = 0, keys = 0, prefixes = 0, failed = 0;
  do {
    auto r = cl.request(
        List{c.cfg.bucket, q.prefix, q.delimiter, static_cast<std::size_t>(q.max_keys), token});
    if (!r.ok()) {  // a client would retry the same page
      if (++failed > 10) break;
      continue;
    }
    ++pages;
    const ObjectReply& page = r.value();
    auto row = [&](const char* kind, const std::string& name) {
      out.field(pages);
      out.field(kind);
      out.field(name);
      out.end_row();
    };
    for (const auto& k : page.list.objects) row("key", k);
    for (const auto& p : page.list.common_prefixes) row("common_prefix", p);
    keys += double(page.list.objects.size());
    prefixes += double(page.list.common_prefixes.size());
    token = page.truncated ? page.next_token : "";
  } while (!token.empty());
  out.close();
  c.stats.listing["listing.pages"] = pages;
  c.stats.listing["listing.keys"] = keys;
  c.stats.listing["listing.common_prefixes"] = prefixes;
  c.stats.listing["listing.failed_pages"] = failed;
}

void listings(RunContext& ctx, Cluster& c) {
  Client cl(ctx, c, "lister");
  auto list = [&](const std::string& metric, const std::string& prefix,
                  const std::string& delimiter) {
    auto r = cl.request(List{c.cfg.bucket, prefix, delimiter});
    if (!r.ok()) return;
    const auto& res = r.value().list;
    c.stats.listing[metric + ".entries"] = static_cast<double>(res.entries());
    c.stats.listing[metric + ".objects"] = static_cast<double>(res.objects.size());
    c.stats.listing[metric + ".prefixes"] = static_cast<double>(res.common_prefixes.size());
  };
  list("list.root", "", "/");
  list("list.prefix", c.cfg.naming == "flat" ? "obj-0000" : "CA/", "");
  list("list.all", "", "");
  if (c.cfg.list.run) list_pages(ctx, c, cl);
}

void drive(RunContext& ctx, Cluster& c) {
  const int clients = std::max(1, ctx.workload().clients);
  sg4::Host* here = sg4::this_actor::get_host();
  std::vector<sg4::ActorPtr> actors;
  for (int i = 0; i < clients; ++i) {
    actors.push_back(sg4::Actor::create(fmt::format("writer-{}", i), here,
                                        [&ctx, &c, i, clients] { writer(ctx, c, i, clients); }));
    actors.back()->daemonize();
  }
  for (auto& a : actors) a->join();
  actors.clear();
  c.stats.load_done = sg4::Engine::get_clock();
  ctx.event("load_done", "client-0",
            fmt::format("{} PUTs ok, {} failed", c.stats.puts_ok, c.stats.puts_failed));
  {
    Client cl(ctx, c, "deleter");
    for (int i = 0; i < std::min(c.cfg.deletes, c.cfg.objects); ++i)
      cl.request(Delete{c.cfg.bucket, object_name(c.cfg, i)});
  }
  listings(ctx, c);
  for (int i = 0; i < clients; ++i) {
    actors.push_back(sg4::Actor::create(fmt::format("reader-{}", i), here,
                                        [&ctx, &c, i, clients] { reader(ctx, c, i, clients); }));
    actors.back()->daemonize();
  }
  for (auto& a : actors) a->join();
}

}  // namespace

void start_driver(RunContext& ctx, Cluster& c) {
  const std::string host = ctx.hosts_with_role("client").front();
  auto driver = sg4::Actor::create("driver", ctx.host(host), [&ctx, &c] { drive(ctx, c); });
  driver->daemonize();
  ctx.timeline().add_load(driver);
}

}  // namespace sdsim::object_store
