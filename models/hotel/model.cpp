// The hotel model's registration: the databases, the payment provider, the reservation
// services and the clients on the platform.
#include "models/hotel/model.hpp"

#include <fmt/format.h>

#include "models/hotel/protocol.hpp"
#include "models/hotel/services/reservation_service.hpp"
#include "sim/model/run_context.hpp"
#include "sim/net/rpc.hpp"
#include "sim/services/sql/sql_client.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::hotel {

namespace sq = storage::sql;
using namespace sql_service;

std::string HotelModel::summary() const {
  return "hotel reservations over a SQL inventory: double booking per concurrency mode, "
         "idempotency, saga vs 2PC";
}

std::string HotelModel::description() const {
  return R"(Clients (role 'client') submit bookings to reservation services (roles 'reservation',
hosts reservation-0..; the API gateway is folded into them). A booking inserts its reservation
row (reservation_id primary key: a re-submission gets 23505 and is answered 'resubmitted') and
reserves the rooms of every night of its stay [start_date, end_date) in room_type_inventory on the
inventory database (role 'db', a PostgreSQL-like server: sim/services/sql), under
`concurrency`: none (read, then write what the application computed: lost updates, or with
none_write: increment an unchecked counter: overbooking), pessimistic (SELECT ... FOR UPDATE),
optimistic (version column, retried with back-off), constraint (a CHECK on total_reserved; the
failing transaction rolls back), serializable (SERIALIZABLE, retried on 40001). The
availability rule: total_reserved + rooms <= floor(total_inventory * (1 + overbooking)) on every
night. With `across: saga` or `twopc` a payment follows: the payment provider (role 'payment',
an external endpoint whose failures are declined payments) and the payment database (role
'payment_db'); the saga compensates a failed payment, two-phase commit prepares both databases
and the reservation service decides (its log survives a crash; recovery: presumed abort).
Workload keys pick (hotel, room type, start night): key k is hotel k % hotels, room type
(k / hotels) % room_types, start night k / (hotels * room_types) % nights; a small key count is a
hot spot (key 0 alone: one room type on one night).
Checkers recount from the committed rows after the run: overbooked_nights (rooms of live
reservations above the allowed maximum on a night), counter mismatches, duplicate reservations
(more live rows than client intents), unpaid reservations and orphan payments.
Per booking: requests.csv (client side: start, end, latency; outcome 'ok' once answered) and an
events.csv row of kind 'booking' (target: reservation_id; detail: outcome and attempts).)";
}

std::vector<RoleRequest> HotelModel::roles(const ParamValues& p, const WorkloadSpec& load) const {
  const Config c = hotel::params().read(p);
  return {{"client", load.clients},
          {"reservation", c.reservation_services},
          {"db", 1},
          {"payment_db", 1},
          {"payment", 1}};
}

std::string HotelModel::default_platform(const ParamValues& p, const WorkloadSpec& load) const {
  return racked_platform(roles(p, load), 1);
}

void HotelModel::check(const ParamValues& p, const WorkloadSpec&, Diagnostics& diags) const {
  const Config c = hotel::params().read(p);
  if (c.stay.max_nights > c.inventory.nights)
    diags.error(p.where("stay.max_nights"), "params.stay.max_nights",
                "cannot exceed params.inventory.nights");
  const double rows = double(c.inventory.hotels) * c.inventory.room_types * c.inventory.nights;
  if (rows > 2e6)
    diags.error(p.where("inventory.hotels"), "params.inventory",
                fmt::format("{} inventory rows are more than the 2,000,000 a run loads", rows));
  try {
    (void)c.payment.outage_windows();
  } catch (const std::invalid_argument& e) {
    diags.error(p.where("payment.outages"), "params.payment.outages", e.what());
  }
}

// One transaction of INSERTs from the database host before any booking (the migration and the
// initial data); bookings wait for it.
void HotelModel::load_inventory(RunContext& ctx) {
  const InventoryConfig& inv = cfg_.inventory;
  const auto reserved = static_cast<std::int64_t>(std::floor(inv.occupancy * inv.rooms + 1e-9));
  for (int h = 0; h < inv.hotels; ++h)
    for (int t = 0; t < inv.room_types; ++t)
      for (int d = 0; d < inv.nights; ++d) initial_[{h, t, d}] = reserved;
  Net& net = ctx.net();
  const Endpoint<SqlProtocol> db = inventory_db_->endpoint();
  auto loaded = loaded_;
  const std::int64_t rooms = inv.rooms;
  std::vector<NightId> rows;
  for (const auto& [id, r] : initial_) rows.push_back(id);
  sg4::Actor::create("hotel-loader", ctx.host(ctx.hosts_with_role("db").front()),
                     [&net, db, loaded, rooms, reserved, rows] {
                       Rpc rpc(net, "hotel-loader");
                       SqlClient c(rpc, db);
                       while (!c.connect().ok) sg4::this_actor::sleep_for(0.1);
                       c.begin();
                       for (const auto& [h, t, d] : rows)
                         c.execute(insert(kInventory, {h, t, d, rooms, reserved, 1}));
                       if (!c.commit().ok)
                         throw std::runtime_error("hotel: loading the inventory failed");
                       c.disconnect();
                       *loaded = true;
                     })
      ->daemonize();
}

// The database notices that the host of a reservation service died (TCP keepalive) and ends its
// sessions: open transactions roll back, prepared ones stay (they belong to no session).
void HotelModel::reap_sessions(RunContext& ctx, int service) {
  auto sessions = logs_.at(service)->sessions;
  logs_.at(service)->sessions.clear();
  const double delay = cfg_.dead_connection_detection;
  auto stats = stats_;
  Net& net = ctx.net();
  for (int db = 0; db < 2; ++db) {
    const SqlServer& server = db == 0 ? *inventory_db_ : *payment_db_;
    sg4::Host* host = ctx.host(ctx.hosts_with_role(db == 0 ? "db" : "payment_db").front());
    if (!host->is_on()) continue;
    std::vector<std::uint64_t> ids;
    for (const auto& [which, id] : sessions)
      if (which == db) ids.push_back(id);
    const Endpoint<SqlProtocol> to = server.endpoint();
    const std::string name =
        fmt::format("{}-keepalive-{}-{}", server.name(), service, ++stats->sessions_reaped);
    sg4::Actor::create(name, host, [&net, to, ids, delay, name] {
      sg4::this_actor::sleep_for(delay);
      Rpc rpc(net, name);
      for (std::uint64_t id : ids) rpc.call(to, Disconnect{id}, CallOptions{1.0, 0});
    })->daemonize();
  }
}

void HotelModel::setup(RunContext& ctx) {
  cfg_ = hotel::params().read(ctx.params());
  const bool check = cfg_.concurrency == Concurrency::constraint;
  inventory_db_ =
      std::make_unique<SqlServer>(ctx, "inventory-db", ctx.hosts_with_role("db").front(), cfg_.db);
  inventory_db_->create_table(inventory_schema(check, cfg_.inventory.overbooking));
  inventory_db_->create_table(reservation_schema());
  inventory_db_->start();
  payment_db_ = std::make_unique<SqlServer>(ctx, "payment-db",
                                            ctx.hosts_with_role("payment_db").front(), cfg_.db);
  payment_db_->create_table(payment_schema());
  payment_db_->start();
  payment_provider_ = std::make_unique<external_service::ExternalEndpoint>(
      ctx, "payment-provider", ctx.hosts_with_role("payment").front(), cfg_.payment);
  payment_provider_->start();
  load_inventory(ctx);

  Net& net = ctx.net();
  std::vector<Endpoint<ReservationProtocol>> services;
  const auto& hosts = ctx.hosts_with_role("reservation");
  for (int i = 0; i < cfg_.reservation_services; ++i) {
    logs_.push_back(std::make_shared<CoordinatorLog>());
    ReservationEnv env{fmt::format("reservation-service-{}", i),
                       cfg_,
                       inventory_db_->endpoint(),
                       payment_db_->endpoint(),
                       payment_provider_->endpoint(),
                       logs_.back(),
                       stats_,
                       loaded_,
                       ctx.seed(),
                       i};
    services.push_back(net.register_service<ReservationProtocol>(env.name, hosts.at(i)));
    spawn_service<ReservationProtocol>(net, services.back(), [&net, env] {
      return std::make_unique<ReservationService>(net, env);
    });
  }
  ctx.on_fault([this, &ctx, hosts](const FaultEvent& e) {
    if (e.kind != FaultAction::Kind::HostOff) return;
    for (int i = 0; i < int(hosts.size()); ++i)
      if (hosts[i] == e.target) reap_sessions(ctx, i);
  });
  ctx.recorder().on_request([this, &ctx](const RequestRecord& r) { observe(ctx, r); });
  auto stats = stats_;
  ctx.recorder().add_gauge("rooms_held_unpaid",
                           [stats] { return double(stats->rooms_held_unpaid); });
  ctx.recorder().add_gauge("prepared_transactions",
                           [stats] { return double(stats->prepared_now); });
  auto logs = logs_;
  ctx.timeline().drain_until([logs, loaded = loaded_] {
    for (const auto& l : logs)
      if (l->busy > 0 || !l->twopc.empty() || !l->sagas.empty()) return false;
    return *loaded;
  });

  // Bookings: intent k is the client's reservation_id k + 1; with double_submit requests 2k and
  // 2k + 1 carry the same intent (the second one reuses the first one's stay).
  const InventoryConfig inv = cfg_.inventory;
  const StayConfig stay = cfg_.stay;
  const bool twice = cfg_.double_submit;
  auto pending = std::make_shared<std::map<std::uint64_t, Book>>();
  ctx.start_clients("client", [=](std::uint64_t seq, std::uint64_t key, RandomStream& rng) {
    const std::uint64_t intent = twice ? seq / 2 : seq;
    Book b;
    if (auto it = pending->find(intent); it != pending->end()) {
      b = it->second;
      pending->erase(it);
    } else {
      const std::uint64_t slots = std::uint64_t(inv.hotels) * inv.room_types;
      b.reservation_id = static_cast<std::int64_t>(intent) + 1;
      b.hotel = static_cast<std::int64_t>(key % inv.hotels);
      b.room_type = static_cast<std::int64_t>((key / inv.hotels) % inv.room_types);
      const std::int64_t nights = 1 + static_cast<std::int64_t>(rng.below(stay.max_nights));
      b.start_date = static_cast<std::int64_t>((key / slots) % inv.nights);
      b.start_date = std::min<std::int64_t>(b.start_date, inv.nights - nights);
      b.end_date = b.start_date + nights;
      b.rooms = stay.rooms;
      b.guest = static_cast<std::int64_t>(intent);
      if (twice) (*pending)[intent] = b;
    }
    return client_request(services.at(seq % services.size()), b);
  });
}

void HotelModel::observe(RunContext& ctx, const RequestRecord& r) {
  auto it = stats_->outcome_of.find(r.id);
  if (it == stats_->outcome_of.end()) return;
  const auto& [outcome, reservation, attempts] = it->second;
  ctx.event("booking", fmt::format("{}", reservation),
            fmt::format("{} attempts={}", outcome, attempts));
  if (outcome == "booked" && r.outcome == "ok") {
    booked_latency_.add(r.end - r.start);
    if (first_booking_ < 0) first_booking_ = r.start;
    last_booking_ = r.end;
  }
  stats_->outcome_of.erase(it);
}

const ModelRegistration registration{[] { return std::make_unique<HotelModel>(); }};

}  // namespace sdsim::hotel
