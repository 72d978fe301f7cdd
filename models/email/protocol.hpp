// The email model's own message: a remote mail server handing an email to SMTP in (the DATA
// of one SMTP transaction), answered once the email is in the durable processing queue (250).
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>

namespace sdsim::email {

struct SmtpAccepted {
  static constexpr std::string_view kName = "smtp.250";
  double wire_bytes() const { return 100; }
};
struct SmtpData {
  static constexpr std::string_view kName = "smtp.data";
  using Reply = SmtpAccepted;
  std::uint64_t id = 0;
  double bytes = 0;  // B: metadata and attachment
  double wire_bytes() const { return 100 + bytes; }
};
using SmtpInProtocol = std::variant<SmtpData>;

}  // namespace sdsim::email
