#include "models/object_store/driver.hpp"

#include <fmt/format.h>

#include "sim/model/run_context.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::object_store {

std::string object_name(const Config& cfg, int i) {
  if (cfg.naming == "flat") return fmt::format("obj-{:06d}", i);
  static const char* regions[] = {"CA", "NY", "TX"};
  if (i % 10 == 0) return fmt::format("file-{}.txt", i);
  return fmt::format("{}/cities/city-{}.txt", regions[i % 3], i);
}

namespace {

struct Client {
  RunContext& ctx;
  Cluster& c;
  std::string name;
  Caller caller;

  Client(RunContext& ctx, Cluster& c, const std::string& name)
      : ctx(ctx), c(c), name(name), caller(ctx.net(), name, ctx.net().host_index(sg4::this_actor::get_host())) {}

  // One request through the API; records it and returns its outcome and reply.
  // PUTs are retried (twice, as SDKs do: a disk dying under a write fails it); GETs are not,
  // so get.availability shows what the store served.
  CallResult request(const char* op, ObjectOp body, double bytes) {
    const double start = sg4::Engine::get_clock();
    const int retries = std::string_view(op) == "PUT" ? 2 : 0;
    CallResult r = caller.call(ctx.net().service(kApiService), op, std::move(body), bytes,
                               CallOptions{c.cfg.client_timeout, retries, 0.1});
    const double end = sg4::Engine::get_clock();
    const std::uint64_t id = r.reply ? r.reply->id : ctx.net().next_message_id();
    ctx.recorder().request({id, op, name, kApiService, start, end, status_name(r.status), r.retries});
    const bool ok = r.status == Status::Ok;
    if (std::string_view(op) == "PUT") {
      c.stats.put_latency.add(end - start);
      ++(ok ? c.stats.puts_ok : c.stats.puts_failed);
    } else if (std::string_view(op) == "GET") {
      c.stats.get_latency.add(end - start);
      ++(ok ? c.stats.gets_ok : c.stats.gets_failed);
      if (ok && std::any_cast<const ObjectReply&>(r.reply->body).degraded) ++c.stats.gets_degraded;
    }
    return r;
  }

  void put(int i) { request("PUT", ObjectOp{c.cfg.bucket, object_name(c.cfg, i), "", "", c.cfg.object_size}, c.cfg.object_size + 200); }
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
    const int i = first + static_cast<int>(rng.below(static_cast<std::uint64_t>(c.cfg.objects - first)));
    cl.request("GET", ObjectOp{c.cfg.bucket, object_name(c.cfg, i), "", "", 0}, 200);
  }
}

void listings(RunContext& ctx, Cluster& c) {
  Client cl(ctx, c, "lister");
  auto list = [&](const std::string& metric, const std::string& prefix, const std::string& delimiter) {
    auto r = cl.request("LIST", ObjectOp{c.cfg.bucket, "", prefix, delimiter, 0}, 200);
    if (r.status != Status::Ok) return;
    const auto& res = std::any_cast<const ObjectReply&>(r.reply->body).list;
    c.stats.listing[metric + ".entries"] = static_cast<double>(res.entries());
    c.stats.listing[metric + ".objects"] = static_cast<double>(res.objects.size());
    c.stats.listing[metric + ".prefixes"] = static_cast<double>(res.common_prefixes.size());
  };
  list("list.root", "", "/");
  list("list.prefix", c.cfg.naming == "flat" ? "obj-0000" : "CA/", "");
  list("list.all", "", "");
}

void drive(RunContext& ctx, Cluster& c) {
  const int clients = std::max(1, ctx.workload().clients);
  sg4::Host* here = sg4::this_actor::get_host();
  std::vector<sg4::ActorPtr> actors;
  for (int i = 0; i < clients; ++i)
    actors.push_back(sg4::Actor::create(fmt::format("writer-{}", i), here, [&ctx, &c, i, clients] { writer(ctx, c, i, clients); }));
  for (auto& a : actors) a->join();
  actors.clear();
  c.stats.load_done = sg4::Engine::get_clock();
  ctx.event("load_done", "client-0", fmt::format("{} PUTs ok, {} failed", c.stats.puts_ok, c.stats.puts_failed));
  {
    Client cl(ctx, c, "deleter");
    for (int i = 0; i < std::min(c.cfg.deletes, c.cfg.objects); ++i)
      cl.request("DELETE", ObjectOp{c.cfg.bucket, object_name(c.cfg, i), "", "", 0}, 200);
  }
  listings(ctx, c);
  for (int i = 0; i < clients; ++i)
    actors.push_back(sg4::Actor::create(fmt::format("reader-{}", i), here, [&ctx, &c, i, clients] { reader(ctx, c, i, clients); }));
  for (auto& a : actors) a->join();
  // Let repairs finish, so what the run stored and lost is final.
  const double until = sg4::Engine::get_clock() + c.cfg.drain;
  while ((!c.repairs.empty() || c.repairs_active > 0) && sg4::Engine::get_clock() < until)
    sg4::this_actor::sleep_for(0.5);
}

}  // namespace

void start_driver(RunContext& ctx, Cluster& c) {
  const std::string host = ctx.hosts_with_role("client").front();
  sg4::Actor::create("driver", ctx.host(host), [&ctx, &c] { drive(ctx, c); });
}

}  // namespace sdsim::object_store
