#include "models/hotel/params.hpp"

namespace sdsim::hotel {

const ParamTable<Config>& params() {
  static const ParamTable<Config> t = [] {
    ParamTable<InventoryConfig> inv;
    inv.integer("hotels", &InventoryConfig::hotels, "2", "hotels (hotel_id 0..hotels-1)", 1,
                1000000)
        .integer("room_types", &InventoryConfig::room_types, "5", "room types per hotel", 1, 1000)
        .integer("nights", &InventoryConfig::nights, "30",
                 "dates in the inventory, one row per night", 1, 3650)
        .integer("rooms", &InventoryConfig::rooms, "100",
                 "total_inventory of every row (rooms of a type)", 1, 1000000)
        .real("occupancy", &InventoryConfig::occupancy, "0",
              "fraction of total_inventory already reserved at the start (rounded down per row)", 0,
              1)
        .real("overbooking", &InventoryConfig::overbooking, "0.1",
              "allowed overbooking: total_reserved <= floor(total_inventory * (1 + overbooking))",
              0, 10);
    ParamTable<StayConfig> stay;
    stay.integer("max_nights", &StayConfig::max_nights, "1",
                 "a stay lasts 1..max_nights nights (uniform), [start_date, end_date) inside the "
                 "inventory",
                 1, 365)
        .integer("rooms", &StayConfig::rooms, "1", "rooms per booking", 1, 1000);
    ParamTable<ScaleConfig> scale;
    scale
        .integer("hotels", &ScaleConfig::hotels, "5000",
                 "hotels of the whole chain (the book: 5,000)", 1, 100000000)
        .real("rooms", &ScaleConfig::rooms, "1000000", "rooms in all (the book: 1 million)", 1,
              1e12)
        .real("occupancy", &ScaleConfig::occupancy, "0.7", "average occupancy (the book: 70%)", 0,
              1)
        .real("stay_nights", &ScaleConfig::stay_nights, "3", "average stay in nights (the book: 3)",
              1e-3, 1e6)
        .integer("room_types", &ScaleConfig::room_types, "20",
                 "room types per hotel (the book: 20)", 1, 100000)
        .integer("days", &ScaleConfig::days, "730", "inventory horizon in days (the book: 2 years)",
                 1, 100000)
        .real("funnel_ratio", &ScaleConfig::funnel_ratio, "10",
              "each step of the funnel (detail page, booking page, reserve) keeps 1 in this many "
              "(the book: 10)",
              1, 1e6);
    ParamTable<Config> c;
    c.group("scale", "the book's estimate inputs (estimate.* metrics only)", &Config::scale, scale)
        .group("inventory", "the room_type_inventory table, generated", &Config::inventory, inv)
        .group("stay", "what a booking asks for", &Config::stay, stay)
        .choice("concurrency", &Config::concurrency, "pessimistic",
                "how a booking protects the counter: none (read, then write), pessimistic (SELECT "
                "... FOR "
                "UPDATE), optimistic (version column, retry on conflict), constraint (CHECK on the "
                "row), "
                "serializable (isolation SERIALIZABLE, retry on 40001)",
                {{"none", Concurrency::none},
                 {"pessimistic", Concurrency::pessimistic},
                 {"optimistic", Concurrency::optimistic},
                 {"constraint", Concurrency::constraint},
                 {"serializable", Concurrency::serializable}})
        .choice(
            "none_write", &Config::none_write, "computed",
            "what concurrency none writes: the count it computed (a lost update) or an unchecked "
            "total_reserved + rooms (overbooking)",
            {{"computed", NoneWrite::computed}, {"increment", NoneWrite::increment}})
        .choice("isolation", &Config::isolation, "read_committed",
                "isolation level of the booking transaction (serializable mode always uses "
                "SERIALIZABLE)",
                {{"read_committed", storage::sql::Isolation::read_committed},
                 {"repeatable_read", storage::sql::Isolation::repeatable_read},
                 {"serializable", storage::sql::Isolation::serializable}})
        .integer("max_retries", &Config::max_retries, "10",
                 "retries of a booking after a conflict (optimistic), 40001 or 40P01", 0, 1000)
        .duration("retry_backoff", &Config::retry_backoff, "5ms",
                  "back-off before the first retry, doubled after each (times 1 + U[0,1) jitter)",
                  0, 60)
        .duration("app_time", &Config::app_time, "1ms",
                  "time the application spends between its availability read and its write", 0, 60)
        .flag("idempotency", &Config::idempotency, "true",
              "the client's reservation_id is the primary key (a re-submission books once); false: "
              "the "
              "service makes a new id per request")
        .flag("double_submit", &Config::double_submit, "false",
              "every booking is submitted twice (a double click): requests 2k and 2k+1 carry one "
              "reservation_id")
        .choice("across", &Config::across, "local",
                "reservation and payment: local (no payment), saga (compensation when payment "
                "fails), twopc "
                "(prepared transactions on both databases, the reservation service coordinates)",
                {{"local", Across::local}, {"saga", Across::saga}, {"twopc", Across::twopc}})
        .integer("reservation_services", &Config::reservation_services, "1",
                 "reservation service instances (hosts reservation-i); clients spread over them", 1,
                 64)
        .integer("workers", &Config::workers, "16",
                 "bookings one reservation service handles at once (one database connection each)",
                 1, 1000)
        .duration("dead_connection_detection", &Config::dead_connection_detection, "2s",
                  "how long after a reservation host dies the databases drop its sessions (TCP "
                  "keepalive), "
                  "rolling back their open transactions; prepared ones stay",
                  0, 86400)
        .duration("payment_timeout", &Config::payment_timeout, "2s",
                  "time-out of a call to the payment provider", 1e-6, 3600)
        .real("price", &Config::price, "100", "price of one room for one night (payment rows)", 0,
              1e9)
        .group("payment",
               "the payment service provider (external endpoint; a failure is a declined payment)",
               &Config::payment, external_service::external_params())
        .group("db", "both databases (inventory and payment), PostgreSQL-like", &Config::db,
               sql_service::sql_params());
    return c;
  }();
  return t;
}

}  // namespace sdsim::hotel
