// Connection and server commands, and PUBLISH.
#include "sim/storage/redis/commands.hpp"
#include "sim/storage/redis/errors.hpp"
#include "sim/storage/redis/key_slot.hpp"

namespace sdsim::storage::redis::commands {

// https://redis.io/commands/ping/ : PONG, or the argument back as a bulk string. The arity
// is -1 in the table and Redis checks "at most one argument" in the command itself.
Reply ping(Database& db, const Arguments& argv, double now_s) {
  if (argv.size() > 2) return wrong_arity("ping");
  return argv.size() == 1 ? Reply::status("PONG") : Reply::bulk(argv[1]);
}

// https://redis.io/commands/echo/
Reply echo(Database& db, const Arguments& argv, double now_s) { return Reply::bulk(argv[1]); }

// https://redis.io/commands/flushall/ : optional ASYNC or SYNC, nothing else.
Reply flushall(Database& db, const Arguments& argv, double now_s) {
  if (argv.size() > 2 || (argv.size() == 2 && !equals_ignoring_case(argv[1], "sync") &&
                          !equals_ignoring_case(argv[1], "async"))) {
    return syntax_error();
  }
  db.keyspace().clear();
  return Reply::ok();
}

// https://redis.io/commands/cluster-keyslot/
Reply cluster_keyslot(Database& db, const Arguments& argv, double now_s) {
  return Reply::number(key_slot(argv[2]));
}

// https://redis.io/commands/publish/ : the number of receiving subscriptions.
Reply publish(Database& db, const Arguments& argv, double now_s) {
  const std::vector<Delivery> deliveries = db.pubsub().publish(argv[1], argv[2]);
  for (const Delivery& d : deliveries) db.push({d.subscriber, d.pattern, argv[1], argv[2]});
  return Reply::number(static_cast<std::int64_t>(deliveries.size()));
}

}  // namespace sdsim::storage::redis::commands
