// The service and RPC layer. Services are daemon actors with one mailbox each; clients and
// services exchange Messages whose simulated size costs bandwidth on the platform's links.
//
//   Net::send          one-way, detached: the sender never blocks and never fails if the peer
//                      is gone (the message is simply lost, as on a real network).
//   Caller::call       request/response with a time-out, retries and exponential back-off.
//   spawn_service      a service that survives host restarts: durable state lives in what its
//                      factory captures; each incarnation starts with fresh volatile state and
//                      drops requests sent before it started.
#pragma once

#include <any>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <simgrid/s4u.hpp>

namespace sdsim {

class NetworkState;
class PlatformInfo;

enum class Status { Ok, Error, Timeout, Unavailable };
const char* status_name(Status s);  // "ok", "error", "timeout", "unavailable"

struct Message {
  std::uint64_t id = 0;                    // request id; a reply carries its request's id
  const char* op = "";                     // static string naming the operation
  int src_host = -1;                       // platform host index of the sender
  double sent_at = 0.0;                    // s
  simgrid::s4u::Mailbox* reply_to = nullptr;
  Status status = Status::Ok;              // replies: outcome
  std::any body;                           // the model's typed payload
};

struct Endpoint {
  simgrid::s4u::Mailbox* mailbox = nullptr;
  int host = -1;                           // platform host index
  std::string name;
};

class Net {
 public:
  Net(const PlatformInfo& platform, const NetworkState& partitions);

  int host_index(const std::string& host_name) const;  // -1 when unknown
  int host_index(const simgrid::s4u::Host* host) const;
  const std::string& host_name(int index) const;

  // Registers a service endpoint by name (its mailbox has the same name).
  Endpoint register_service(const std::string& name, const std::string& host_name);
  const Endpoint& service(const std::string& name) const;  // throws std::logic_error if unknown

  // Sends without blocking. Dropped when a partition cuts src from dst.
  void send(const Endpoint& dst, std::unique_ptr<Message> msg, double bytes);
  // Sends a reply to req.reply_to (which lives on host req.src_host).
  void reply(const Message& req, std::unique_ptr<Message> rep, double bytes);

  std::uint64_t next_message_id() { return ++last_id_; }
  std::uint64_t dropped() const { return dropped_; }            // cut by a partition
  std::uint64_t undeliverable() const { return undeliverable_; }  // addressed to a host that is off

 private:
  void post(simgrid::s4u::Mailbox* box, int dst_host, std::unique_ptr<Message> msg, double bytes);

  const PlatformInfo& platform_;
  const NetworkState& partitions_;
  std::vector<simgrid::s4u::Host*> hosts_;  // by platform host index
  std::unordered_map<const simgrid::s4u::Host*, int> index_by_host_;
  std::unordered_map<std::string, int> index_by_name_;
  std::unordered_map<std::string, Endpoint> services_;
  std::uint64_t last_id_ = 0;
  std::uint64_t dropped_ = 0;
  std::uint64_t undeliverable_ = 0;
};

struct CallOptions {
  double timeout = -1.0;   // s; < 0 waits forever
  int retries = 0;         // attempts after the first
  double backoff = 0.1;    // s before the first retry, doubled after each
};

struct CallResult {
  Status status = Status::Timeout;
  std::unique_ptr<Message> reply;  // set when status is Ok or Error
  int retries = 0;                 // retries actually made
};

// The calling side of RPC, owned by one actor: it has one reply mailbox for its whole life
// (mailboxes are never freed, so never one per request). Replies to abandoned attempts are
// recognised by id and discarded.
class Caller {
 public:
  Caller(Net& net, const std::string& actor_name, int host_index);
  CallResult call(const Endpoint& dst, const char* op, std::any body, double request_bytes,
                  const CallOptions& opt);
  simgrid::s4u::Mailbox* mailbox() const { return box_; }
  int host() const { return host_; }

 private:
  std::unique_ptr<Message> wait_reply(std::uint64_t id, double deadline);
  Net& net_;
  simgrid::s4u::Mailbox* box_;
  int host_;
};

// A service's behaviour for one incarnation. handle() gets each valid request.
class ServiceHandler {
 public:
  virtual ~ServiceHandler() = default;
  virtual void start() {}  // after each (re)start, before the first request
  virtual void handle(std::unique_ptr<Message> msg) = 0;
};

using HandlerFactory = std::function<std::unique_ptr<ServiceHandler>()>;

// Starts a daemon actor serving endpoint `name` on its host, restarted with the host.
void spawn_service(Net& net, const std::string& name, HandlerFactory factory);

}  // namespace sdsim
