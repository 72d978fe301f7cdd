// The hotel model's parameters, each declared once in params.cpp's table.
#pragma once

#include <string>

#include "sim/core/param_table.hpp"
#include "sim/services/external/external_config.hpp"
#include "sim/services/sql/sql_config.hpp"
#include "sim/storage/sql/transaction.hpp"

namespace sdsim::hotel {

// How a booking protects the inventory counter (the book's "concurrency issues" section).
enum class Concurrency { none, pessimistic, optimistic, constraint, serializable };
// What `none` writes: the count the application computed (a lost update) or an unchecked
// `total_reserved = total_reserved + rooms` (overbooking).
enum class NoneWrite { computed, increment };
// Reservation then payment: one local transaction (no payment), a saga with compensation, or
// two-phase commit with the reservation service as coordinator.
enum class Across { local, saga, twopc };

struct InventoryConfig {
  int hotels{};
  int room_types{};
  int nights{};          // dates in the inventory (night 0 .. nights-1)
  int rooms{};           // total_inventory of every row
  double occupancy{};    // fraction already reserved at the start (rounded down per row)
  double overbooking{};  // allowed: total_reserved <= floor(total_inventory * (1 + overbooking))
};

struct StayConfig {
  int max_nights{};  // a stay lasts 1..max_nights nights (uniform), inside the inventory
  int rooms{};       // rooms per booking
};

// The book's back-of-the-envelope inputs (estimate.* metrics), not the simulated size.
struct ScaleConfig {
  int hotels{};
  double rooms{};  // rooms in all
  double occupancy{};
  double stay_nights{};   // average stay
  int room_types{};       // per hotel
  int days{};             // inventory horizon
  double funnel_ratio{};  // each step of search -> detail -> booking page -> reserve keeps 1/ratio
};

struct Config {
  ScaleConfig scale;
  InventoryConfig inventory;
  StayConfig stay;
  Concurrency concurrency{};
  NoneWrite none_write{};
  storage::sql::Isolation isolation{};
  int max_retries{};
  double retry_backoff{};  // s, doubled after each retry
  double app_time{};       // s the application spends between its read and its write
  bool idempotency{};
  bool double_submit{};
  Across across{};
  int reservation_services{};
  int workers{};                       // per reservation service: one database connection each
  double dead_connection_detection{};  // s until the database drops a dead client's sessions
  double payment_timeout{};            // s
  double price{};                      // per room and night (for the payment rows)
  external_service::ExternalConfig payment;
  sql_service::SqlConfig db;
};

const ParamTable<Config>& params();

}  // namespace sdsim::hotel
