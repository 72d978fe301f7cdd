// The calling side of RPC, owned by one actor: one inbox for its whole life (mailboxes are
// never freed, so never one per request). Replies to abandoned attempts are recognised by id
// and dropped.
//
//   call(to, request, options)   request/response: time-out, retries on retryable outcomes
//                                (time-out, Retry, Unavailable; Error is final), exponential
//                                back-off with optional jitter, an optional idempotency key
//                                carried unchanged by every attempt
//   gather(calls, enough, t)     scatter/gather: send all at once, collect until `enough`
//                                succeeded, all answered, or the time-out
//   send(to, request) + next()   for actors that keep several requests in flight themselves
#pragma once

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <simgrid/s4u.hpp>

#include "sim/core/random.hpp"
#include "sim/net/inbox.hpp"
#include "sim/net/net.hpp"

namespace sdsim {

struct CallOptions {
  double timeout = -1.0;        // s per attempt; < 0 waits forever
  int retries = 0;              // attempts after the first
  double backoff = 0.1;         // s before the first retry, doubled after each
  double backoff_max = std::numeric_limits<double>::infinity();  // s, cap of one back-off
  double jitter = 0.0;          // each back-off is multiplied by 1 + jitter * U[0, 1)
  std::uint64_t idempotency_key = 0;  // 0 = none
};

template <class Reply>
struct Result {
  Status status = Status::Timeout;
  std::unique_ptr<Letter<Reply>> reply;  // set when a reply of type Reply came back
  int retries = 0;                       // retries actually made
  std::uint64_t id = 0;                  // the id of the last attempt
  bool ok() const { return status == Status::Ok && reply != nullptr; }
  const Reply& value() const { return reply->body; }
};

class Rpc {
 public:
  Rpc(Net& net, const std::string& name)
      : net_(net), inbox_(net, "reply:" + name), rng_(net.seed(), "rpc:" + name) {}

  Net& net() { return net_; }
  Inbox& inbox() { return inbox_; }
  int host() const { return inbox_.host(); }

  template <class Protocol, class Request>
  Result<typename Request::Reply> call(const Endpoint<Protocol>& to, const Request& request,
                                       const CallOptions& opt) {
    using Reply = typename Request::Reply;
    const Letter<Protocol> letter{Protocol(request)};
    Outcome o = call_letter(*to.address, letter, wire_bytes(request), opt);
    Result<Reply> r;
    r.status = o.status;
    r.retries = o.retries;
    r.id = o.id;
    r.reply = as_reply<Reply>(std::move(o.reply));
    return r;
  }

  // The untyped core of call(): sends copies of `letter` until an attempt ends in a final
  // outcome (Ok or Error) or the retries are spent.
  struct Outcome {
    Status status = Status::Timeout;
    std::unique_ptr<Envelope> reply;
    int retries = 0;
    std::uint64_t id = 0;
  };
  Outcome call_letter(const Address& to, const Envelope& letter, double bytes, const CallOptions& opt) {
    Outcome out;
    double backoff = opt.backoff;
    for (int attempt = 0; attempt <= opt.retries; ++attempt) {
      if (attempt > 0) {
        simgrid::s4u::this_actor::sleep_for(backoff * (1.0 + opt.jitter * rng_.uniform01()));
        backoff = std::min(backoff * 2, opt.backoff_max);
        out.retries = attempt;
      }
      const double deadline =
          opt.timeout < 0 ? std::numeric_limits<double>::infinity() : simgrid::s4u::Engine::get_clock() + opt.timeout;
      out.id = net_.send_letter(to, letter.clone(), bytes,
                                SendOptions{&inbox_.address(), inbox_.host(), 0, opt.idempotency_key});
      out.reply = wait_for(out.id, deadline);
      out.status = out.reply ? out.reply->status : Status::Timeout;
      if (!retryable(out.status)) return out;
    }
    // Retries spent on retryable refusals: the call failed.
    if (out.status == Status::Retry) out.status = Status::Error;
    return out;
  }

  // Sends without waiting; returns the request id its reply will carry.
  template <class Protocol, class Request>
  std::uint64_t send(const Endpoint<Protocol>& to, const Request& request, std::uint64_t idempotency_key = 0) {
    return net_.send(to, request, SendOptions{&inbox_.address(), inbox_.host(), 0, idempotency_key});
  }
  // The next reply to anything, or nullptr at the deadline.
  std::unique_ptr<Envelope> next(double deadline) { return inbox_.wait_until(deadline); }

  template <class Protocol, class Request>
  struct Call {
    const Endpoint<Protocol>* to;
    Request request;
  };
  // Each call's outcome, in the calls' order (Timeout for those unanswered when the wait ended).
  template <class Protocol, class Request>
  std::vector<Result<typename Request::Reply>> gather(const std::vector<Call<Protocol, Request>>& calls,
                                                      int enough, double timeout) {
    using Reply = typename Request::Reply;
    std::vector<Result<Reply>> out(calls.size());
    std::unordered_map<std::uint64_t, std::size_t> waiting;
    for (std::size_t i = 0; i < calls.size(); ++i) {
      out[i].id = send(*calls[i].to, calls[i].request);
      waiting[out[i].id] = i;
    }
    const double deadline = simgrid::s4u::Engine::get_clock() + timeout;
    int ok = 0;
    while (!waiting.empty() && ok < enough) {
      auto reply = next(deadline);
      if (!reply) break;
      auto it = waiting.find(reply->id);
      if (it == waiting.end()) continue;  // a late answer to an earlier request
      Result<Reply>& r = out[it->second];
      r.status = reply->status;
      r.reply = as_reply<Reply>(std::move(reply));
      if (r.ok()) ++ok;
      waiting.erase(it);
    }
    return out;
  }

 private:
  std::unique_ptr<Envelope> wait_for(std::uint64_t id, double deadline) {
    while (auto m = next(deadline))
      if (m->id == id) return m;
    return nullptr;
  }
  // A reply of another type (a bodiless status) carries no value.
  template <class Reply>
  static std::unique_ptr<Letter<Reply>> as_reply(std::unique_ptr<Envelope> e) {
    if (dynamic_cast<Letter<Reply>*>(e.get()) == nullptr) return nullptr;
    return std::unique_ptr<Letter<Reply>>(static_cast<Letter<Reply>*>(e.release()));
  }

  Net& net_;
  Inbox inbox_;
  RandomStream rng_;
};

}  // namespace sdsim
