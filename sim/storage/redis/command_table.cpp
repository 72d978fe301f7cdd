#include "sim/storage/redis/command_table.hpp"

#include <array>
#include <string>

#include "sim/storage/redis/commands.hpp"
#include "sim/storage/redis/errors.hpp"

namespace sdsim::storage::redis {
namespace {

namespace c = commands;

constexpr unsigned kWriteDenyOom = kWrite | kDenyOom;

// Arity and flags as Redis 7.0.15's src/commands.c declares them.
constexpr std::array kCommands = {
    CommandSpec{"zadd", -4, kWriteDenyOom, c::zadd},
    CommandSpec{"zincrby", 4, kWriteDenyOom, c::zincrby},
    CommandSpec{"zrem", -3, kWrite, c::zrem},
    CommandSpec{"zcard", 2, 0, c::zcard},
    CommandSpec{"zscore", 3, 0, c::zscore},
    CommandSpec{"zmscore", -3, 0, c::zmscore},
    CommandSpec{"zrank", 3, 0, c::zrank},
    CommandSpec{"zrevrank", 3, 0, c::zrevrank},
    CommandSpec{"zrange", -4, 0, c::zrange},
    CommandSpec{"zrevrange", -4, 0, c::zrevrange},
    CommandSpec{"zrangebyscore", -4, 0, c::zrangebyscore},
    CommandSpec{"zrevrangebyscore", -4, 0, c::zrevrangebyscore},
    CommandSpec{"zrangebylex", -4, 0, c::zrangebylex},
    CommandSpec{"zrevrangebylex", -4, 0, c::zrevrangebylex},
    CommandSpec{"zcount", 4, 0, c::zcount},
    CommandSpec{"zlexcount", 4, 0, c::zlexcount},
    CommandSpec{"zremrangebyscore", 4, kWrite, c::zremrangebyscore},
    CommandSpec{"zremrangebylex", 4, kWrite, c::zremrangebylex},
    CommandSpec{"set", -3, kWriteDenyOom, c::set},
    CommandSpec{"get", 2, 0, c::get},
    CommandSpec{"mget", -2, 0, c::mget},
    CommandSpec{"del", -2, kWrite, c::del},
    CommandSpec{"exists", -2, 0, c::exists},
    CommandSpec{"expire", -3, kWrite, c::expire},
    CommandSpec{"pexpire", -3, kWrite, c::pexpire},
    CommandSpec{"ttl", 2, 0, c::ttl},
    CommandSpec{"pttl", 2, 0, c::pttl},
    CommandSpec{"persist", 2, kWrite, c::persist},
    CommandSpec{"type", 2, 0, c::type},
    CommandSpec{"ping", -1, 0, c::ping},
    CommandSpec{"echo", 2, 0, c::echo},
    CommandSpec{"flushall", -1, kWrite, c::flushall},
    CommandSpec{"flushdb", -1, kWrite, c::flushall},  // one database: the same thing
    CommandSpec{"publish", 3, 0, c::publish},
    CommandSpec{"subscribe", -2, kSubscription, nullptr},
    CommandSpec{"unsubscribe", -1, kSubscription, nullptr},
    CommandSpec{"psubscribe", -2, kSubscription, nullptr},
    CommandSpec{"punsubscribe", -1, kSubscription, nullptr},
    CommandSpec{"cluster", -2, 0, nullptr},  // a container: only its subcommands run
};

constexpr std::array kClusterSubcommands = {
    CommandSpec{"cluster|keyslot", 3, 0, c::cluster_keyslot},
};

const CommandSpec* find(std::string_view name) {
  for (const CommandSpec& spec : kCommands)
    if (equals_ignoring_case(spec.full_name, name)) return &spec;
  return nullptr;
}

const CommandSpec* find_subcommand(std::string_view sub) {
  for (const CommandSpec& spec : kClusterSubcommands)
    if (equals_ignoring_case(spec.full_name.substr(spec.full_name.find('|') + 1), sub))
      return &spec;
  return nullptr;
}

// Redis's printf("%.128s") of a C string: stops at a NUL, at most 128 bytes.
std::string c_string(std::string_view text, std::size_t limit) {
  text = text.substr(0, text.find('\0'));
  return std::string(text.substr(0, limit));
}

Reply unknown_command(const Arguments& argv) {
  std::string args;
  for (std::size_t i = 1; i < argv.size() && args.size() < 128; ++i) {
    args += "'" + c_string(argv[i], 128 - args.size()) + "' ";
  }
  return Reply::error("ERR unknown command '" + c_string(argv[0], 128) +
                      "', with args beginning with: " + args);
}

Reply unknown_subcommand(const Arguments& argv) {
  std::string container = c_string(argv[0], std::string::npos);
  for (char& ch : container)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  return Reply::error("ERR unknown subcommand '" + c_string(argv[1], 128) + "'. Try " + container +
                      " HELP.");
}

}  // namespace

CommandLookup look_up(const Arguments& argv) {
  const CommandSpec* spec = find(argv[0]);
  const bool container = spec != nullptr && spec->full_name == "cluster";
  if (container && argv.size() > 1) {
    spec = find_subcommand(argv[1]);
    if (spec == nullptr) return {nullptr, unknown_subcommand(argv)};
  }
  if (spec == nullptr) return {nullptr, unknown_command(argv)};
  const auto argc = static_cast<int>(argv.size());
  if ((spec->arity > 0 && spec->arity != argc) || argc < -spec->arity) {
    return {nullptr, wrong_arity(spec->full_name)};
  }
  return {spec, std::nullopt};
}

}  // namespace sdsim::storage::redis
