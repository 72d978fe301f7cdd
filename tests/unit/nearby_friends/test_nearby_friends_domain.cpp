// The nearby friends model's domain logic against the definitions it follows.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "models/nearby_friends/estimate.hpp"
#include "models/nearby_friends/experiment.hpp"
#include "models/nearby_friends/friend_graph.hpp"
#include "models/nearby_friends/location.hpp"
#include "models/nearby_friends/pubsub_ring.hpp"
#include "sim/storage/pubsub/pubsub.hpp"

using namespace sdsim;
using namespace sdsim::nearby_friends;

// https://redis.io/docs/interact/pubsub/ : "Redis Pub/Sub exhibits at-most-once message
// delivery semantics ... if the subscriber ... is disconnected, the message is lost".
TEST_CASE("nearby_friends: pub/sub is at most once (no subscriber, a disconnected one)") {
  storage::pubsub::PubSub bus;
  CHECK(bus.publish("user:7", "1 1 0 0 0").empty());  // PUBLISH with no subscriber: 0
  bus.subscribe(1, "user:7");
  bus.subscribe(2, "user:7");
  CHECK(bus.publish("user:7", "a").size() == 2);
  bus.disconnect(2);
  const auto d = bus.publish("user:7", "b");
  REQUIRE(d.size() == 1);  // the disconnected subscriber misses it ...
  bus.subscribe(2, "user:7");
  CHECK(bus.publish("user:7", "c").size() == 2);  // ... and is never sent it later
  CHECK(bus.work().deliveries == 5);
}

// Consistent hashing (Karger et al., STOC 1997): adding nodes to n moves the share the new
// nodes take, (m - n) / m of the keys in expectation; a node replaced at the same ring
// position moves exactly that node's keys (1/n in expectation).
TEST_CASE("nearby_friends: ring changes move the consistent-hashing share of channels") {
  const std::uint32_t users = 3000;
  double grow_sum = 0, replace_sum = 0;
  const int rings = 40;
  for (int salt = 1; salt <= rings; ++salt) {
    const PubSubRing four({0, 1, 2, 3}, 64, std::uint64_t(salt));
    const PubSubRing six = four.grown(4).grown(5);
    const PubSubRing swapped = four.with_slot(2, 4);
    grow_sum += moved_fraction(four, six, users);
    replace_sum += moved_fraction(four, swapped, users);
    for (std::uint32_t u = 0; u < users; u += 7) {
      const std::string c = channel_of(u);
      if (swapped.server_of(c) != four.server_of(c)) {
        CHECK(four.server_of(c) == 2);  // only the replaced slot's channels move
        CHECK(swapped.server_of(c) == 4);
      }
      if (six.server_of(c) != four.server_of(c)) CHECK(six.server_of(c) >= 4);  // to new nodes only
    }
  }
  CHECK(grow_sum / rings == doctest::Approx(2.0 / 6).epsilon(0.05));
  CHECK(replace_sum / rings == doctest::Approx(1.0 / 4).epsilon(0.05));
}

TEST_CASE("nearby_friends: the discovery entry round-trips and refuses bad text") {
  const PubSubRing r({0, 3, 2}, 16);
  CHECK(r.text() == "slot-0=0;slot-1=3;slot-2=2");
  const PubSubRing back = PubSubRing::parse(r.text(), 16);
  CHECK(back.servers() == r.servers());
  for (std::uint32_t u = 0; u < 200; ++u) CHECK(back.server_of(channel_of(u)) == r.server_of(channel_of(u)));
  CHECK(PubSubRing::parse("slot-0=x", 16).empty());
  CHECK(PubSubRing::parse("", 16).empty());
}

// The nearby filter is the haversine great-circle distance with R = 6371 km: Rosetta Code's
// BNA (36.12, -86.67) to LAX (33.94, -118.40) is 2886.44444283798 km.
TEST_CASE("nearby_friends: the distance filter is haversine's") {
  const LatLon bna{36.12, -86.67}, lax{33.94, -118.40};
  CHECK(storage::geo::haversine_m(bna, lax) == doctest::Approx(2886444.44283798).epsilon(1e-9));
  CHECK(nearby(bna, lax, 2886445));
  CHECK_FALSE(nearby(bna, lax, 2886444));
  // Five miles (8046.72 m) along a meridian: 8046.72 / (6371000 pi / 180) degrees.
  const double five_miles_deg = 8046.72 / (6371000.0 * M_PI / 180.0);
  const LatLon a{37.0, -122.0};
  CHECK(nearby(a, {37.0 + five_miles_deg * 0.999, -122.0}, 8046.72));
  CHECK_FALSE(nearby(a, {37.0 + five_miles_deg * 1.001, -122.0}, 8046.72));
  RandomStream rng(7, "test/nearby");
  const Region region{{37.77, -122.42}, 30000};
  for (int k = 0; k < 500; ++k) {
    const LatLon p = region.uniform(rng), q = region.uniform(rng);
    CHECK(nearby(p, q, 8046.72) == (storage::geo::haversine_m(p, q) <= 8046.72));
  }
}

TEST_CASE("nearby_friends: the random walk moves its step and stays in the square") {
  RandomStream rng(3, "test/walk");
  const Region region{{37.77, -122.42}, 2000};
  LatLon p = region.centre;
  for (int k = 0; k < 2000; ++k) {
    const LatLon q = region.walk(p, 42, rng);
    CHECK(storage::geo::haversine_m(p, q) <= 42.0 * 1.001);
    CHECK(std::abs(q.lat - region.centre.lat) <= 1000 / 111194.9 + 1e-9);
    p = q;
  }
}

TEST_CASE("nearby_friends: a location survives its text form exactly") {
  const nearby_friends::Location l{42, 7, {37.123456789012345, -122.98765432109876}, 123.456789};
  const auto back = decode(encode(l));
  REQUIRE(back);
  CHECK(back->user == 42);
  CHECK(back->seq == 7);
  CHECK(back->pos.lat == l.pos.lat);
  CHECK(back->pos.lon == l.pos.lon);
  CHECK(back->sent_at == l.sent_at);
  CHECK_FALSE(decode("1 2 three"));
}

// The book's inputs (System Design Interview vol. 2, ch. 2): 100 M DAU, 10% concurrent, a
// refresh every 30 s, 400 friends of whom 10% online, 100,000 pushes/s per Redis server;
// 100 M channels x 100 subscribers x 20 B, 100 GB per server.
TEST_CASE("nearby_friends: the estimate arithmetic from the book's inputs") {
  ScaleConfig s;
  s.daily_active_users = 100e6;
  s.concurrent_fraction = 0.1;
  s.update_interval = 30;
  s.friends = 400;
  s.online_fraction = 0.1;
  s.pushes_per_s_per_server = 100000;
  s.channels = 100e6;
  s.subscribers_per_channel = 100;
  s.pointer_bytes = 20;
  s.server_memory = 100e9;
  const Estimate e = estimate(s);
  CHECK(e.updates_per_s == doctest::Approx(1e7 / 30));       // "~334K"
  CHECK(e.pushes_per_update == doctest::Approx(40));
  CHECK(e.pushes_per_s == doctest::Approx(1e7 / 30 * 40));   // "14 million" (13.3 M)
  CHECK(e.servers_for_cpu == 134);  // the book's 140 divides its rounded 14 M
  CHECK(e.memory_bytes == doctest::Approx(200e9));           // "200 GB"
  CHECK(e.servers_for_memory == 2);
}

TEST_CASE("nearby_friends: generated friend graphs keep their average and the cap") {
  RandomStream rng(11, "test/graph");
  const FriendGraph u = generate_uniform(3000, 40, 5000, rng);
  CHECK(u.mean_degree() == doctest::Approx(40).epsilon(0.01));
  for (UserId a = 0; a < 3000; a += 97)
    for (UserId b : u.friends(a)) {
      CHECK(b != a);
      const auto& back = u.friends(b);
      CHECK(std::binary_search(back.begin(), back.end(), a));  // undirected
    }
  const FriendGraph h = generate_heavy_tailed(3000, 40, 2.2, 5000, rng);
  CHECK(h.mean_degree() == doctest::Approx(40).epsilon(0.02));
  CHECK(h.max_degree() > 3 * u.max_degree());  // the heavy tail
  const FriendGraph capped = generate_heavy_tailed(3000, 40, 2.2, 100, rng);
  CHECK(capped.max_degree() <= 100);
  CHECK(decode_friends(encode_friends(u.friends(5))) == u.friends(5));
}

TEST_CASE("nearby_friends: a bad edge-list row is an error at its line") {
  const auto path = std::filesystem::temp_directory_path() / "sdsim-nearby-edges.csv";
  {
    std::ofstream f(path);
    f << "a,b\n0,1\n1,2\n3,nine\n";
  }
  Diagnostics d;
  load_edges_csv(path.string(), 10, 5000, d);
  REQUIRE_FALSE(d.ok());
  CHECK(d.list().front().loc.line == 4);
  CHECK(d.str().find("'nine' is not a user id") != std::string::npos);
  {
    std::ofstream f(path);
    f << "a,b\n0,1\n2,2\n";
  }
  Diagnostics self;
  load_edges_csv(path.string(), 10, 5000, self);
  CHECK(self.str().find(":3:") != std::string::npos);
  std::filesystem::remove(path);
}

// The ledger: every online friend is owed the push, every one within radius the forward.
TEST_CASE("nearby_friends: the ledger's expectations and deliveries") {
  FriendGraph g(4);
  g.add(0, 1, 10);
  g.add(0, 2, 10);
  g.add(0, 3, 10);
  g.finish();
  std::vector<UserTruth> truth(4);
  truth[1] = {true, {37.0, -122.0}};
  truth[2] = {true, {37.5, -122.0}};  // 55 km away
  truth[3] = {false, {37.0, -122.0}};  // offline
  Ledger l(g, truth, 8046.72);
  l.set_window(0, 100);
  const nearby_friends::Location u1{0, 1, {37.0, -122.001}, 10};
  l.sent(u1);
  l.processed(u1, 10.001);
  CHECK(l.pushes_expected == 2);
  CHECK(l.forwards_expected == 1);
  l.pushed(1, u1, 10.002);
  l.pushed(1, u1, 10.003);  // a copy counts once
  l.shown(1, u1, 10.002, true);
  CHECK(l.pushes_delivered == 1);
  CHECK(l.forwards_delivered == 1);
  const nearby_friends::Location u2{0, 2, {37.0, -122.001}, 40};
  l.processed(u2, 40.001);  // lost: nothing shown; the next due one measures the age
  const nearby_friends::Location u3{0, 3, {37.0, -122.001}, 70};
  l.processed(u3, 70.001);
  CHECK(l.stale_max == doctest::Approx(60.001));
  CHECK(l.updates_sent == 1);
  CHECK(l.updates_processed == 3);
}

TEST_CASE("nearby_friends: the ledger's gaps open at a lost push and close at the next one") {
  FriendGraph g(3);
  g.add(0, 1, 10);
  g.add(0, 2, 10);
  g.finish();
  std::vector<UserTruth> truth(3);
  truth[0] = {true, {37.0, -122.0}};
  truth[1] = {true, {37.0, -122.0}};
  truth[2] = {true, {37.0, -122.0}};
  Ledger l(g, truth, 8046.72);
  l.set_window(0, 1000);
  auto at = [](std::uint64_t seq, double t) { return nearby_friends::Location{0, seq, {37.0, -122.0}, t}; };
  l.processed(at(1, 10), 10);
  l.pushed(1, at(1, 10), 10.01);
  l.pushed(2, at(1, 10), 10.01);
  l.processed(at(2, 40), 40);  // lost to both
  l.processed(at(3, 70), 70);  // the loss of 2 is now known: gaps from 40
  l.pushed(1, at(3, 70), 70.01);  // user 1 sees user 0 again
  CHECK(l.gaps.empty() == false);
  REQUIRE(l.gaps.size() == 1);
  CHECK(l.gaps[0].receiver == 1);
  CHECK(l.gaps[0].from == 40);
  CHECK(l.gaps[0].to == doctest::Approx(70.01));
  l.processed(at(4, 100), 100);  // still nothing for user 2: its gap stays open
  l.close_window();
  REQUIRE(l.gaps.size() == 2);
  CHECK(l.gaps[1].receiver == 2);
  CHECK(l.gaps[1].to < 0);
  l.pushed(2, at(4, 100), 100.01);  // after the window: not recounted
  CHECK(l.gaps.size() == 2);

  // A friend going offline owes nothing: its open gap is dropped, not kept as unseen.
  Ledger k(g, truth, 8046.72);
  k.set_window(0, 1000);
  k.processed(at(1, 10), 10);
  k.processed(at(2, 40), 40);  // 1 was lost to both
  truth[2].online = false;
  k.processed(at(3, 70), 70);
  k.close_window();
  REQUIRE(k.gaps.size() == 1);
  CHECK(k.gaps[0].receiver == 1);
  CHECK(k.gaps[0].from == 10);
}

TEST_CASE("nearby_friends: no staleness is measured across a user's absence") {
  FriendGraph g(2);
  g.add(0, 1, 10);
  g.finish();
  std::vector<UserTruth> truth(2);
  truth[0] = {true, {37.0, -122.0}};
  truth[1] = {true, {37.0, -122.0}};
  auto at = [](std::uint64_t seq, double t) { return nearby_friends::Location{0, seq, {37.0, -122.0}, t}; };
  for (bool leaves : {false, true}) {
    Ledger l(g, truth, 8046.72);
    l.set_window(0, 10000);
    l.processed(at(1, 10), 10);
    l.shown(1, at(1, 10), 10.01, true);
    if (leaves) l.left(0);  // user 0 goes offline for 10 minutes, then sends again
    l.processed(at(2, 610), 610);
    CHECK(l.stale_max == doctest::Approx(leaves ? 0.0 : 600.0));
  }
}
