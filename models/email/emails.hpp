// The emails of one run, made before it from the workload's arrivals: who sends to whom
// (local users, remote domains, or from outside), the sizes, the attachment, whether a remote
// recipient exists, and the words indexed. Record ids in the log are the email ids; bounce
// notifications (DSNs) are ids above kDsnBase.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/email/params.hpp"
#include "sim/core/random.hpp"

namespace sdsim {
struct WorkloadSpec;
}

namespace sdsim::email {

enum class Route { local, remote, inbound };
const char* route_name(Route r);

struct Email {
  std::uint64_t id = 0;
  double time = 0;        // s: sent (local, remote) or arriving at SMTP in (inbound)
  Route route = Route::local;
  int sender = -1;        // local user (-1: a remote sender)
  int recipient = -1;     // local user (-1: remote)
  int domain = -1;        // remote domain of the recipient
  bool recipient_unknown = false;  // the remote server answers 550
  double attachment = 0;  // B (0: none)
  bool spam = false;      // inbound: filed in Spam by the checks
  std::string text;       // indexed words
};

struct EmailSet {
  std::vector<Email> emails;  // by id, in time order
};

inline constexpr std::uint64_t kDsnBase = 1ULL << 40;

EmailSet make_emails(const Config& cfg, const WorkloadSpec& load, RandomStream& rng);

}  // namespace sdsim::email
