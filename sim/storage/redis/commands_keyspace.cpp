// String and generic key commands, after Redis 7.0's t_string.c, db.c and expire.c. Times
// are integer milliseconds on the caller's clock (KvCache::clock_ms), as mstime() is.
#include <limits>
#include <variant>

#include "sim/storage/redis/commands.hpp"
#include "sim/storage/redis/errors.hpp"
#include "sim/storage/redis/numbers.hpp"

namespace sdsim::storage::redis::commands {
namespace {

constexpr std::int64_t kMaxMs = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMinMs = std::numeric_limits<std::int64_t>::min();

// SET's options (parseExtendedStringArgumentsOrReply): each may repeat; the exclusions are
// exactly Redis's (EX after EX is allowed, the last one wins; EX after PX is not).
struct SetArguments {
  bool nx = false, xx = false, get = false, keep_ttl = false;
  bool ex = false, px = false, exat = false, pxat = false;
  const std::string* expire = nullptr;
};

std::optional<SetArguments> parse_set_options(const Arguments& argv) {
  SetArguments a;
  for (std::size_t j = 3; j < argv.size(); ++j) {
    const std::string& opt = argv[j];
    const bool has_next = j + 1 < argv.size();
    const bool no_expiry = !a.keep_ttl;
    if (equals_ignoring_case(opt, "nx") && !a.xx) {
      a.nx = true;
    } else if (equals_ignoring_case(opt, "xx") && !a.nx) {
      a.xx = true;
    } else if (equals_ignoring_case(opt, "get")) {
      a.get = true;
    } else if (equals_ignoring_case(opt, "keepttl") && !a.ex && !a.exat && !a.px && !a.pxat) {
      a.keep_ttl = true;
    } else if (equals_ignoring_case(opt, "ex") && no_expiry && !a.exat && !a.px && !a.pxat &&
               has_next) {
      a.ex = true;
      a.expire = &argv[++j];
    } else if (equals_ignoring_case(opt, "px") && no_expiry && !a.ex && !a.exat && !a.pxat &&
               has_next) {
      a.px = true;
      a.expire = &argv[++j];
    } else if (equals_ignoring_case(opt, "exat") && no_expiry && !a.ex && !a.px && !a.pxat &&
               has_next) {
      a.exat = true;
      a.expire = &argv[++j];
    } else if (equals_ignoring_case(opt, "pxat") && no_expiry && !a.ex && !a.exat && !a.px &&
               has_next) {
      a.pxat = true;
      a.expire = &argv[++j];
    } else {
      return std::nullopt;
    }
  }
  return a;
}

// getExpireMillisecondsOrReply: the absolute expiry time in ms, or the error to send.
std::variant<std::int64_t, Reply> expire_time_ms(const SetArguments& a, std::int64_t now_ms) {
  const auto value = parse_integer(*a.expire);
  if (!value) return not_an_integer();
  std::int64_t ms = *value;
  const bool seconds = a.ex || a.exat;
  if (ms <= 0 || (seconds && ms > kMaxMs / 1000)) return invalid_expire("set");
  if (seconds) ms *= 1000;
  if ((a.ex || a.px) && __builtin_add_overflow(ms, now_ms, &ms)) return invalid_expire("set");
  return ms;
}

// The string at `key`: nullptr when missing; wrong_type set for another type.
const std::string* find_string(Database& db, const std::string& key, double now_s,
                               bool& wrong_type) {
  wrong_type = false;
  const Value* value = db.keyspace().find(key, now_s);
  if (value == nullptr) return nullptr;
  const auto* text = std::get_if<std::string>(value);
  wrong_type = text == nullptr;
  return text;
}

// EXPIRE and PEXPIRE: https://redis.io/commands/expire/ (NX, XX, GT, LT since 7.0).
Reply expire_generic(Database& db, const Arguments& argv, double now_s, bool seconds) {
  const std::string_view name = seconds ? "expire" : "pexpire";
  bool nx = false, xx = false, gt = false, lt = false;
  for (std::size_t j = 3; j < argv.size(); ++j) {
    if (equals_ignoring_case(argv[j], "nx"))
      nx = true;
    else if (equals_ignoring_case(argv[j], "xx"))
      xx = true;
    else if (equals_ignoring_case(argv[j], "gt"))
      gt = true;
    else if (equals_ignoring_case(argv[j], "lt"))
      lt = true;
    else
      return Reply::error("ERR Unsupported option " + argv[j].substr(0, argv[j].find('\0')));
  }
  if ((nx && xx) || (nx && gt) || (nx && lt)) {
    return Reply::error("ERR NX and XX, GT or LT options at the same time are not compatible");
  }
  if (gt && lt) return Reply::error("ERR GT and LT options at the same time are not compatible");
  const auto value = parse_integer(argv[2]);
  if (!value) return not_an_integer();
  std::int64_t when = *value;
  if (seconds) {
    if (when > kMaxMs / 1000 || when < kMinMs / 1000) return invalid_expire(name);
    when *= 1000;
  }
  const std::int64_t now_ms = KvCache::clock_ms(now_s);
  if (when > kMaxMs - now_ms) return invalid_expire(name);
  when += now_ms;
  KvCache& keys = db.keyspace();
  if (keys.find(argv[1], now_s) == nullptr) return Reply::number(0);
  const std::int64_t current = keys.expire_at_ms(argv[1]);
  const bool has_ttl = current != KvCache::kNoExpiry;
  if (nx && has_ttl) return Reply::number(0);
  if (xx && !has_ttl) return Reply::number(0);
  if (gt && (!has_ttl || when <= current)) return Reply::number(0);  // no TTL is infinite
  if (lt && has_ttl && when >= current) return Reply::number(0);
  if (when <= now_ms) {
    keys.erase(argv[1], now_s);  // already in the past: deleted at once
  } else {
    keys.set_expire_at_ms(argv[1], when);
  }
  return Reply::number(1);
}

Reply ttl_generic(Database& db, const Arguments& argv, double now_s, bool milliseconds) {
  KvCache& keys = db.keyspace();
  if (keys.peek(argv[1], now_s) == nullptr) return Reply::number(-2);
  const std::int64_t when = keys.expire_at_ms(argv[1]);
  if (when == KvCache::kNoExpiry) return Reply::number(-1);
  const std::int64_t ttl = std::max<std::int64_t>(when - KvCache::clock_ms(now_s), 0);
  return Reply::number(milliseconds ? ttl : (ttl + 500) / 1000);
}

}  // namespace

// https://redis.io/commands/set/
Reply set(Database& db, const Arguments& argv, double now_s) {
  const auto options = parse_set_options(argv);
  if (!options) return syntax_error();
  const std::int64_t now_ms = KvCache::clock_ms(now_s);
  std::optional<std::int64_t> expire_at;
  if (options->expire != nullptr) {
    auto when = expire_time_ms(*options, now_ms);
    if (auto* error = std::get_if<Reply>(&when)) return *error;
    expire_at = std::get<std::int64_t>(when);
  }
  const std::string& key = argv[1];
  Reply previous = Reply::nil();  // what GET answers
  if (options->get) {
    bool wrong = false;
    const std::string* old = find_string(db, key, now_s, wrong);
    if (wrong) return wrong_type();
    if (old != nullptr) previous = Reply::bulk(*old);
  }
  const bool found = db.keyspace().find(key, now_s) != nullptr;
  if ((options->nx && found) || (options->xx && !found)) return previous;  // nil without GET
  db.keyspace().put(key, argv[2], now_s, options->keep_ttl);
  if (expire_at) db.keyspace().set_expire_at_ms(key, *expire_at);
  return options->get ? previous : Reply::ok();
}

// https://redis.io/commands/get/
Reply get(Database& db, const Arguments& argv, double now_s) {
  bool wrong = false;
  const std::string* value = find_string(db, argv[1], now_s, wrong);
  if (wrong) return wrong_type();
  return value ? Reply::bulk(*value) : Reply::nil();
}

// https://redis.io/docs/latest/commands/mget/ : one array, a value per key in order; "for
// every key that does not hold a string value or does not exist, the special value nil is
// returned. Because of this, the operation never fails" (t_string.c mgetCommand).
Reply mget(Database& db, const Arguments& argv, double now_s) {
  std::vector<Reply> values;
  values.reserve(argv.size() - 1);
  for (std::size_t i = 1; i < argv.size(); ++i) {
    bool wrong = false;
    const std::string* value = find_string(db, argv[i], now_s, wrong);
    values.push_back(value && !wrong ? Reply::bulk(*value) : Reply::nil());
  }
  return Reply::array(std::move(values));
}

// https://redis.io/commands/del/ : the number of keys removed (a key named twice counts once).
Reply del(Database& db, const Arguments& argv, double now_s) {
  std::int64_t removed = 0;
  for (std::size_t i = 1; i < argv.size(); ++i) removed += db.keyspace().erase(argv[i], now_s);
  return Reply::number(removed);
}

// https://redis.io/commands/exists/ : "if the same existing key is mentioned multiple times,
// it will be counted multiple times".
Reply exists(Database& db, const Arguments& argv, double now_s) {
  std::int64_t count = 0;
  for (std::size_t i = 1; i < argv.size(); ++i)
    count += db.keyspace().peek(argv[i], now_s) != nullptr;
  return Reply::number(count);
}

Reply expire(Database& db, const Arguments& argv, double now_s) {
  return expire_generic(db, argv, now_s, true);
}
Reply pexpire(Database& db, const Arguments& argv, double now_s) {
  return expire_generic(db, argv, now_s, false);
}

// https://redis.io/commands/ttl/ : -2 missing, -1 no expiry; seconds round to nearest.
Reply ttl(Database& db, const Arguments& argv, double now_s) {
  return ttl_generic(db, argv, now_s, false);
}
Reply pttl(Database& db, const Arguments& argv, double now_s) {
  return ttl_generic(db, argv, now_s, true);
}

// https://redis.io/commands/persist/
Reply persist(Database& db, const Arguments& argv, double now_s) {
  if (db.keyspace().find(argv[1], now_s) == nullptr) return Reply::number(0);
  return Reply::number(db.keyspace().persist(argv[1]) ? 1 : 0);
}

// https://redis.io/commands/type/
Reply type(Database& db, const Arguments& argv, double now_s) {
  const Value* value = db.keyspace().peek(argv[1], now_s);
  if (value == nullptr) return Reply::status("none");
  return Reply::status(std::holds_alternative<std::string>(*value) ? "string" : "zset");
}

}  // namespace sdsim::storage::redis::commands
