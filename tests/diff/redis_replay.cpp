// The block side of tests/diff/redis.sh.
//
//   redis_replay [--seed N] FILE     replays FILE as `redis-cli --no-raw` would print it
//                                    (sdsim::storage::redis::replay)
//   redis_replay --pubsub FILE       a multi-connection pub/sub session, one step per line:
//                                    "<client> <command ...>" or "<client> DISCONNECT"
//
// The pub/sub session prints, per line, "[client] <line>" then the replies as redis-cli
// formats them; for PUBLISH also one "-> <client> message <channel> <payload>" or
// "-> <client> pmessage <pattern> <channel> <payload>" line per delivery, sorted (Redis's
// order over patterns is its hash order); for UNSUBSCRIBE / PUNSUBSCRIBE without arguments
// the names left, sorted, and the final count (again Redis answers in hash order). The
// script's Python client prints the same from a real server.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "sim/storage/redis/command_line.hpp"
#include "sim/storage/redis/database.hpp"
#include "sim/storage/redis/replay.hpp"

using namespace sdsim::storage::redis;

namespace {

int usage() {
  std::cerr << "usage: redis_replay [--seed N] FILE | redis_replay --pubsub FILE\n";
  return 2;
}

std::string unsubscribe_summary(const std::vector<Reply>& replies) {
  std::vector<std::string> names;
  std::int64_t remaining = 0;
  for (const Reply& reply : replies) {
    if (reply.elements.size() != 3) return format_for_cli(reply);  // an error
    if (reply.elements[1].kind == Reply::Kind::bulk) names.push_back(reply.elements[1].text);
    remaining = reply.elements[2].integer;
  }
  std::sort(names.begin(), names.end());
  std::string out = "unsubscribed:";
  for (const std::string& name : names) out += " " + quote_bytes(name);
  return out + " (remaining " + std::to_string(remaining) + ")\n";
}

int pubsub_session(std::istream& in) {
  Database db;
  std::string line;
  while (std::getline(in, line)) {
    const auto split = split_command_line(line);
    if (!split || split->size() < 2) {
      std::cerr << "bad session line: " << line << "\n";
      return 2;
    }
    const SubscriberId client = std::strtoull((*split)[0].c_str(), nullptr, 10);
    const Arguments argv(split->begin() + 1, split->end());
    std::cout << "[" << client << "] " << line.substr(line.find(' ') + 1) << "\n";
    if (argv[0] == "DISCONNECT") {
      db.pubsub().disconnect(client);
      continue;
    }
    if (!Database::is_subscription(argv)) {
      std::cout << format_for_cli(db.execute(argv, 0.0));
      std::vector<std::string> deliveries;
      for (const PushedMessage& m : db.take_pushes()) {
        std::string text = "-> " + std::to_string(m.to);
        text += m.pattern ? " pmessage " + quote_bytes(*m.pattern) : std::string(" message");
        deliveries.push_back(text + " " + quote_bytes(m.channel) + " " + quote_bytes(m.message));
      }
      std::sort(deliveries.begin(), deliveries.end());
      for (const std::string& d : deliveries) std::cout << d << "\n";
      continue;
    }
    const std::vector<Reply> replies = db.execute_subscription(client, argv);
    const bool unsubscribe_all =
        argv.size() == 1 && (argv[0] == "UNSUBSCRIBE" || argv[0] == "PUNSUBSCRIBE");
    if (unsubscribe_all) {
      std::cout << unsubscribe_summary(replies);
    } else {
      for (const Reply& reply : replies) std::cout << format_for_cli(reply);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 2 && args[0] == "--pubsub") {
    std::ifstream in(args[1], std::ios::binary);
    if (!in) return usage();
    return pubsub_session(in);
  }
  std::uint64_t seed = 1;
  if (args.size() == 3 && args[0] == "--seed") {
    seed = std::strtoull(args[1].c_str(), nullptr, 10);
    args.erase(args.begin(), args.begin() + 2);
  }
  if (args.size() != 1) return usage();
  std::ifstream in(args[0], std::ios::binary);
  if (!in) {
    std::cerr << "redis_replay: cannot open " << args[0] << "\n";
    return 2;
  }
  replay(in, std::cout, seed);
  return 0;
}
