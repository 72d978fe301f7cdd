// The engine's ceiling for the message-queue benchmark (message_queue.sh): a raw SimGrid S4U
// ping-pong, without sdsim. Two hosts in a star zone, each with its own split-duplex
// 10 Gbps, 50 us link (the message queue's default host link), CM02, TCP-gamma 0; a pinger
// sends a 100 B message detached (put_init + detach, as sdsim's Net does) to a ponger's eager
// mailbox, the ponger answers the same way, `--messages` messages in all. It prints the
// messages sent and the wall time; messages per wall second is what the benchmark compares
// the queue's network messages per second with.
//
//   message_queue_pingpong --messages=2000000
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <simgrid/s4u.hpp>
#include <string>

namespace sg4 = simgrid::s4u;

namespace {

constexpr std::uint64_t kMessageBytes = 100;  // the log protocol's header size

struct Ball {
  long hits = 0;
};

void build_platform() {
  auto* zone = sg4::create_star_zone("dc");
  for (const char* name : {"pinger", "ponger"}) {
    sg4::Host* host = zone->create_host(name, 1e9);
    sg4::Link* link =
        zone->create_split_duplex_link(std::string(name) + "-link", 10e9 / 8)->set_latency(50e-6);
    zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr,
                    {{link, sg4::LinkInRoute::Direction::UP}}, false);
    zone->add_route(nullptr, host->get_netpoint(), nullptr, nullptr,
                    {{link, sg4::LinkInRoute::Direction::DOWN}}, false);
  }
  zone->seal();
}

// Receives a ball, sends it back until `messages` were sent in all; the last one stops.
void player(sg4::Mailbox* in, sg4::Mailbox* out, long messages, bool serves) {
  in->set_receiver(sg4::Actor::self());
  if (serves)
    out->put_init(new Ball, kMessageBytes)->detach([](void* p) { delete static_cast<Ball*>(p); });
  while (true) {
    auto* ball = in->get<Ball>();
    if (++ball->hits >= messages) {
      delete ball;
      return;
    }
    out->put_init(ball, kMessageBytes)->detach([](void* p) { delete static_cast<Ball*>(p); });
    if (ball->hits + 1 >= messages) return;  // the other side receives the last one and stops
  }
}

}  // namespace

int main(int argc, char** argv) {
  sg4::Engine engine(&argc, argv);
  long messages = 2000000;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--messages=", 0) == 0) {
      messages = std::atol(a.c_str() + 11);
    } else {
      std::fprintf(stderr,
                   "message_queue_pingpong: bad argument '%s'\nusage: message_queue_pingpong "
                   "[--messages=N]\n",
                   argv[i]);
      return 2;
    }
  }
  if (messages < 2) messages = 2;
  sg4::Engine::set_config("network/model:CM02");
  sg4::Engine::set_config("network/TCP-gamma:0");
  build_platform();
  auto* a = sg4::Mailbox::by_name("pinger");
  auto* b = sg4::Mailbox::by_name("ponger");
  sg4::Actor::create("pinger", sg4::Host::by_name("pinger"),
                     [a, b, messages] { player(a, b, messages, true); });
  sg4::Actor::create("ponger", sg4::Host::by_name("ponger"),
                     [a, b, messages] { player(b, a, messages, false); });
  const auto start = std::chrono::steady_clock::now();
  engine.run();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("messages %ld\nwall_s %.3f\nsim_s %.6f\nmessages_per_wall_s %.0f\n", messages, wall,
              sg4::Engine::get_clock(), double(messages) / wall);
  return 0;
}
