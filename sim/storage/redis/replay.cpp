#include "sim/storage/redis/replay.hpp"

#include <cerrno>
#include <cstdlib>
#include <deque>
#include <istream>
#include <ostream>
#include <string>

#include "sim/storage/redis/command_line.hpp"
#include "sim/storage/redis/database.hpp"
#include "sim/storage/redis/errors.hpp"

namespace sdsim::storage::redis {
namespace {

constexpr double kReplayClock_s = 0.0;
constexpr SubscriberId kReplayConnection = 1;

// One redis-cli session on one connection: commands go out, replies queue up on the
// "socket", and each command reads the next one, as redis-cli does.
class CliSession {
 public:
  CliSession(std::ostream& out, std::uint64_t seed) : out_(out), db_(DatabaseConfig{{}, seed}) {}

  // Returns false when redis-cli would stop reading input.
  bool line(const std::string& text);

 private:
  bool send(const Arguments& argv);
  Reply read_reply() {
    Reply reply = std::move(socket_.front());
    socket_.pop_front();
    return reply;
  }

  std::ostream& out_;
  Database db_;
  std::deque<Reply> socket_;
};

bool CliSession::line(const std::string& text) {
  if (text.empty() || text[0] == '\0') return true;
  const auto split = split_command_line(text);
  if (!split) {
    out_ << "Invalid argument(s)\n";
    return true;
  }
  const Arguments& argv = *split;
  if (argv.empty()) return true;

  // "N command ...": repeat N times (strtol's rules: leading blanks and a sign accepted).
  long repeat = 1;
  std::size_t skip = 0;
  errno = 0;
  char* end = nullptr;
  const long number = std::strtol(argv[0].c_str(), &end, 10);
  if (argv.size() > 1 && *end == '\0') {
    if (errno == ERANGE || errno == EINVAL || number <= 0) {
      out_ << "Invalid redis-cli repeat command option value.\n";
      return true;
    }
    repeat = number;
    skip = 1;
  }

  const std::string& first = argv[0];
  if (equals_ignoring_case(first, "quit") || equals_ignoring_case(first, "exit")) return false;
  if (first[0] == ':') {
    if (equals_ignoring_case(first, ":set") && argv.size() >= 2) {
      if (!equals_ignoring_case(argv[1], "hints") && !equals_ignoring_case(argv[1], "nohints")) {
        out_ << "unknown redis-cli preference '" << argv[1].c_str() << "'\n";
      }
    } else {
      out_ << "unknown redis-cli internal command '" << first.c_str() << "'\n";
    }
    return true;
  }
  if (equals_ignoring_case(first, "restart")) {
    out_ << "Use 'restart' only in Lua debugging mode.\n";
    return true;
  }
  if (argv.size() == 3 && equals_ignoring_case(first, "connect")) return true;
  if (argv.size() == 1 && equals_ignoring_case(first, "clear")) {
    out_ << "\x1b[H\x1b[2J";
    return true;
  }

  const Arguments command(argv.begin() + static_cast<std::ptrdiff_t>(skip), argv.end());
  if (equals_ignoring_case(command[0], "help") || equals_ignoring_case(command[0], "?")) {
    return true;  // redis-cli prints its built-in help, which is not reproduced
  }
  for (long i = 0; i < repeat; ++i) {
    if (!send(command)) return false;
  }
  return true;
}

bool CliSession::send(const Arguments& argv) {
  const bool subscribing = equals_ignoring_case(argv[0], "subscribe") ||
                           equals_ignoring_case(argv[0], "psubscribe") ||
                           equals_ignoring_case(argv[0], "ssubscribe");
  if (Database::is_subscription(argv)) {
    for (Reply& reply : db_.execute_subscription(kReplayConnection, argv)) {
      socket_.push_back(std::move(reply));
    }
  } else {
    socket_.push_back(db_.execute(argv, kReplayClock_s));
  }
  if (!subscribing) {
    out_ << format_for_cli(read_reply());
    return true;
  }
  // redis-cli's pub/sub mode: print replies until an error ends it; otherwise it waits for
  // messages that, on this lone connection, never come.
  out_ << "Reading messages... (press Ctrl-C to quit)\n";
  while (!socket_.empty()) {
    const Reply reply = read_reply();
    out_ << format_for_cli(reply);
    if (reply.is_error()) return true;
  }
  return false;
}

}  // namespace

void replay(std::istream& in, std::ostream& out, std::uint64_t seed) {
  CliSession session(out, seed);
  std::string text;
  while (std::getline(in, text)) {
    if (!session.line(text)) break;
  }
  out.flush();
}

}  // namespace sdsim::storage::redis
