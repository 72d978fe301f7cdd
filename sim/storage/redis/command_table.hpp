// The commands this layer knows, with Redis 7.0's arity and flags (from its commands.c) and
// the lookup Redis does before running anything: the name (any case), a container's
// subcommand (CLUSTER KEYSLOT), then the arity.
#pragma once

#include <optional>
#include <string_view>

#include "sim/storage/redis/database.hpp"
#include "sim/storage/redis/reply.hpp"

namespace sdsim::storage::redis {

using Handler = Reply (*)(Database& db, const Arguments& argv, double now_s);

enum CommandFlag : unsigned {
  kWrite = 1,         // changes the keyspace
  kDenyOom = 2,       // refused with the OOM error when memory is above maxmemory
  kSubscription = 4,  // (P)(UN)SUBSCRIBE: answered per channel, see execute_subscription
};

struct CommandSpec {
  std::string_view full_name;  // lower case; "container|sub" for subcommands
  int arity;                   // n: exactly n arguments (name included); -n: at least n
  unsigned flags;
  Handler handler;  // null for the subscription commands
};

struct CommandLookup {
  const CommandSpec* spec = nullptr;
  std::optional<Reply> error;  // unknown command or subcommand, wrong arity
};

CommandLookup look_up(const Arguments& argv);

}  // namespace sdsim::storage::redis
