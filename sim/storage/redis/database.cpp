#include "sim/storage/redis/database.hpp"

#include "sim/storage/redis/command_table.hpp"
#include "sim/storage/redis/errors.hpp"

namespace sdsim::storage::redis {

Database::Database(DatabaseConfig config)
    : keyspace_(config.memory, RandomStream(config.seed, "redis/lru-sampling")),
      levels_(config.seed, "redis/sorted-set-levels") {}

SortedSet Database::new_sorted_set() {
  return SortedSet(RandomStream(levels_.next_u64(), "redis/sorted-set"));
}

bool Database::is_subscription(const Arguments& argv) {
  const CommandLookup found = look_up(argv);
  return found.spec != nullptr && (found.spec->flags & kSubscription) != 0;
}

bool Database::is_write(const Arguments& argv) {
  const CommandLookup found = look_up(argv);
  return found.spec != nullptr && (found.spec->flags & kWrite) != 0;
}

Reply Database::execute(const Arguments& argv, double now_s) {
  ++work_.commands;
  if (argv.empty()) return Reply::error("ERR empty command");  // redis-cli never sends one
  const CommandLookup found = look_up(argv);
  if (found.error) return *found.error;
  const CommandSpec& spec = *found.spec;
  // Redis runs evictions before every command once maxmemory is set, and refuses the
  // commands that may grow memory when it cannot get back under the limit.
  if (keyspace_.config().maxmemory_bytes > 0 && !keyspace_.make_room(now_s) &&
      (spec.flags & kDenyOom)) {
    return out_of_memory();
  }
  if (spec.flags & kSubscription) {
    return Reply::error("ERR " + std::string(spec.full_name) +
                        " needs a connection: use execute_subscription");
  }
  return spec.handler(*this, argv, now_s);
}

std::vector<Reply> Database::execute_subscription(SubscriberId who, const Arguments& argv) {
  ++work_.commands;
  const CommandLookup found = look_up(argv);
  if (found.error) return {*found.error};
  const std::string_view name = found.spec->full_name;
  if (!(found.spec->flags & kSubscription)) {  // what Redis tells a subscribed RESP2 client
    return {Reply::error("ERR Can't execute '" + std::string(name) +
                         "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are "
                         "allowed in this context")};
  }
  const bool pattern = name[0] == 'p';
  const bool subscribing = name == "subscribe" || name == "psubscribe";
  auto confirm = [&](const std::string& target, std::size_t count) {
    return Reply::array({Reply::bulk(std::string(name)), Reply::bulk(target),
                         Reply::number(static_cast<std::int64_t>(count))});
  };
  std::vector<Reply> replies;
  if (subscribing) {
    for (std::size_t i = 1; i < argv.size(); ++i) {
      replies.push_back(confirm(
          argv[i], pattern ? pubsub_.psubscribe(who, argv[i]) : pubsub_.subscribe(who, argv[i])));
    }
    return replies;
  }
  Arguments targets(argv.begin() + 1, argv.end());
  if (targets.empty()) {  // everything this connection has, in byte order here
    targets = pattern ? pubsub_.patterns_of(who) : pubsub_.channels_of(who);
    if (targets.empty()) {
      return {Reply::array({Reply::bulk(std::string(name)), Reply::nil(),
                            Reply::number(static_cast<std::int64_t>(pubsub_.subscriptions(who)))})};
    }
  }
  for (const std::string& target : targets) {
    replies.push_back(confirm(
        target, pattern ? pubsub_.punsubscribe(who, target) : pubsub_.unsubscribe(who, target)));
  }
  return replies;
}

}  // namespace sdsim::storage::redis
