// Platforms without SimGrid: YAML and XML parsing, located errors, role placement, look-ups.
// (build_platform needs an Engine, one per process: it is exercised by simulation tests.)
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sim/platform/platform.hpp"

using namespace sdsim;

namespace {

// The shipped platforms, found from this file so the test runs from any build directory.
std::string shipped(const std::string& name) {
  return (std::filesystem::path(__FILE__).parent_path() / "../../platforms" / name)
      .lexically_normal()
      .string();
}

PlatformSpec parse_text(const std::string& yaml, Diagnostics& diags) {
  return parse_platform_doc(parse_yaml_text(yaml, "p.yaml"), "p.yaml", diags);
}

// The one diagnostic a bad platform must produce.
std::string single_error(const std::string& yaml) {
  Diagnostics diags;
  parse_text(yaml, diags);
  REQUIRE(diags.list().size() == 1);
  return diags.list().front().str();
}

int host_count(const PlatformSpec& spec) {
  int n = 0;
  for (const DatacenterSpec& dc : spec.datacenters)
    for (const RackSpec& rack : dc.racks) n += rack.hosts;
  return n;
}

PlatformInfo place(const PlatformSpec& spec, const std::vector<RoleRequest>& roles) {
  Diagnostics diags;
  PlatformInfo info = place_roles(spec, roles, diags);
  REQUIRE_MESSAGE(diags.ok(), diags.str());
  return info;
}

const char* const kTwoRacks = R"(
datacenters:
  - racks:
      - {hosts: 2}
      - {hosts: 3, host: {cores: 16}}
host: {speed: 2Gf, link: {bandwidth: 1Gbps, latency: 50us}}
)";

}  // namespace

TEST_CASE("parse_flop_rate reads SimGrid speeds and insists on a unit") {
  CHECK(parse_flop_rate("1Gf").value == doctest::Approx(1e9));
  CHECK(parse_flop_rate("100Mf").value == doctest::Approx(1e8));
  CHECK(parse_flop_rate("1e9f").value == doctest::Approx(1e9));
  CHECK(parse_flop_rate("2.5kf").value == doctest::Approx(2500));
  CHECK(parse_flop_rate("3Tflops").value == doctest::Approx(3e12));
  CHECK_FALSE(parse_flop_rate("1e9").ok);
  CHECK(parse_flop_rate("1e9").error.find("missing unit") != std::string::npos);
  CHECK(parse_flop_rate("1GHz").error.find("unknown unit 'GHz'") != std::string::npos);
  CHECK_FALSE(parse_flop_rate("0f").ok);
  CHECK_FALSE(parse_flop_rate("fast").ok);
}

TEST_CASE("shipped YAML platforms parse with their documented shape") {
  struct Expected {
    const char* file;
    std::size_t datacenters, racks_per_dc;
    int hosts_per_rack;
  };
  for (Expected e : {Expected{"one-rack.yaml", 1, 1, 16}, Expected{"three-racks.yaml", 1, 3, 8},
                     Expected{"two-datacenters.yaml", 2, 2, 6}}) {
    CAPTURE(e.file);
    Diagnostics diags;
    PlatformSpec spec = parse_platform_file(shipped(e.file), diags);
    REQUIRE_MESSAGE(diags.ok(), diags.str());
    CHECK(spec.xml_file.empty());
    REQUIRE(spec.datacenters.size() == e.datacenters);
    for (const DatacenterSpec& dc : spec.datacenters) {
      REQUIRE(dc.racks.size() == e.racks_per_dc);
      for (const RackSpec& rack : dc.racks) {
        CHECK(rack.hosts == e.hosts_per_rack);
        CHECK(rack.uplink_bw == doctest::Approx(40e9 / 8));
        CHECK(rack.uplink_lat == doctest::Approx(10e-6));
        CHECK(rack.host.speed == doctest::Approx(1e9));
        CHECK(rack.host.cores == 8);
        CHECK(rack.host.link_bw == doctest::Approx(10e9 / 8));
        CHECK(rack.host.link_lat == doctest::Approx(5e-6));
        REQUIRE(rack.host.disks.size() == 2);
        CHECK(rack.host.disks[1].name == "disk1");
        CHECK(rack.host.disks[0].read_bw == doctest::Approx(500e6));
        CHECK(rack.host.disks[0].write_bw == doctest::Approx(400e6));
      }
    }
  }
  Diagnostics diags;
  PlatformSpec two = parse_platform_file(shipped("two-datacenters.yaml"), diags);
  CHECK(two.wan_lat == doctest::Approx(0.030));
  CHECK(two.datacenters[1].name == "dc-1");
  CHECK(two.datacenters[1].racks[0].name == "rack-2");
}

TEST_CASE("a rack's host: overrides the template field by field; names default by position") {
  Diagnostics diags;
  PlatformSpec spec = parse_text(kTwoRacks, diags);
  REQUIRE_MESSAGE(diags.ok(), diags.str());
  CHECK(spec.source == "p.yaml");
  REQUIRE(spec.datacenters.size() == 1);
  CHECK(spec.datacenters[0].name == "dc-0");
  const RackSpec& a = spec.datacenters[0].racks[0];
  const RackSpec& b = spec.datacenters[0].racks[1];
  CHECK(a.name == "rack-0");
  CHECK(b.name == "rack-1");
  CHECK(a.host.cores == 8);
  CHECK(b.host.cores == 16);
  CHECK(b.host.speed == doctest::Approx(2e9));  // inherited from the template
  CHECK(b.host.link_lat == doctest::Approx(50e-6));
  CHECK(spec.wan_lat == doctest::Approx(0.030));  // default
  CHECK(host_count(spec) == 5);
}

TEST_CASE("platform errors are located and name the key path") {
  SUBCASE("unknown key, with a suggestion") {
    CHECK(single_error("datacenters:\n  - racks:\n      - {hosts: 4, uplnk: {latency: 1ms}}\n") ==
          "p.yaml:3:20: error: datacenters.0.racks.0.uplnk: unknown key (did you mean 'uplink'?)");
  }
  SUBCASE("bandwidth with a bad unit") {
    std::string e =
        single_error("datacenters: [{racks: [{hosts: 2}]}]\nhost: {link: {bandwidth: 10Gbs}}\n");
    CHECK(e.rfind("p.yaml:2:26: error: host.link.bandwidth: expected a bandwidth", 0) == 0);
    CHECK(e.find("10Gbs") != std::string::npos);
  }
  SUBCASE("rack without hosts") {
    CHECK(single_error("datacenters:\n  - racks:\n      - name: r\n") ==
          "p.yaml:3:9: error: datacenters.0.racks.0.hosts: missing required key 'hosts'");
  }
  SUBCASE("speed without a unit") {
    CHECK(single_error("datacenters: [{racks: [{hosts: 2}]}]\nhost: {speed: 1000}\n")
              .rfind("p.yaml:2:15: error: host.speed: expected a host speed such as 1Gf", 0) == 0);
  }
  SUBCASE("no datacenters") {
    CHECK(single_error("host: {cores: 2}\n") ==
          "p.yaml:1:1: error: datacenters: missing required key 'datacenters'");
  }
  SUBCASE("a rack name used twice, across datacenters") {
    CHECK(single_error("datacenters:\n  - racks: [{name: r, hosts: 1}]\n"
                       "  - racks: [{name: r, hosts: 1}]\n") ==
          "p.yaml:3:20: error: datacenters.1.racks.0.name: name 'r' is already used by another "
          "rack or datacenter");
  }
  SUBCASE("every error is reported, not only the first") {
    Diagnostics diags;
    parse_text("datacenters:\n  - racks: [{hosts: 0}, {hosts: x}]\nwan: {latency: 5}\n", diags);
    CHECK(diags.list().size() == 3);
  }
}

TEST_CASE("an inline platform reports paths under its base path") {
  Diagnostics diags;
  parse_platform_doc(parse_yaml_text("datacenters: [{racks: [{hosts: 1, hots: 2}]}]", "s.yaml"),
                     "s.yaml", diags, "platform");
  REQUIRE(diags.list().size() == 1);
  CHECK(diags.list()[0].path == "platform.datacenters.0.racks.0.hots");
}

TEST_CASE("platform files: missing, unknown type, YAML syntax") {
  Diagnostics diags;
  parse_platform_file(shipped("no-such-platform.yaml"), diags);
  parse_platform_file(shipped("README.md"), diags);
  REQUIRE(diags.list().size() == 2);
  CHECK(diags.list()[0].message.find("cannot read file") != std::string::npos);
  CHECK(diags.list()[1].message.find("unknown platform file type") != std::string::npos);
}

TEST_CASE("placement spreads the replicas of a role over racks") {
  Diagnostics diags;
  PlatformSpec spec = parse_platform_file(shipped("three-racks.yaml"), diags);
  REQUIRE(diags.ok());
  PlatformInfo info = place(spec, {{"broker", 3}, {"client", 2}});

  REQUIRE(info.hosts_with_role("broker") ==
          std::vector<std::string>{"broker-0", "broker-1", "broker-2"});
  std::set<std::string> broker_racks;
  for (const std::string& b : info.hosts_with_role("broker"))
    broker_racks.insert(info.host(b)->rack);
  CHECK(broker_racks.size() == 3);
  CHECK(info.host("client-0")->rack == "rack-0");
  CHECK(info.host("client-1")->rack == "rack-1");
  CHECK(info.host("broker-1")->role == "broker");
  CHECK(info.host("broker-1")->spec.disks.size() == 2);

  CHECK(info.hosts.size() == 24);  // every slot is a host: the others are spares
  CHECK(info.has_host("spare-0"));
  CHECK(info.has_host("spare-18"));
  CHECK_FALSE(info.has_host("spare-19"));
  CHECK(info.host("spare-0")->role.empty());
  CHECK(info.hosts_with_role("nobody").empty());
  CHECK(info.racks == std::vector<std::string>{"rack-0", "rack-1", "rack-2"});
  CHECK(info.datacenters == std::vector<std::string>{"dc-0"});
  REQUIRE(info.spec);
  CHECK(info.spec->datacenters.size() == 1);
}

TEST_CASE("hosts_of resolves hosts, racks and datacenters") {
  Diagnostics diags;
  PlatformSpec spec = parse_platform_file(shipped("two-datacenters.yaml"), diags);
  REQUIRE(diags.ok());
  PlatformInfo info = place(spec, {{"db", 4}});

  CHECK(info.hosts_of("db-2") == std::vector<std::string>{"db-2"});
  // Racks interleave datacenters: rack-0 (dc-0), rack-2 (dc-1), rack-1 (dc-0), rack-3 (dc-1).
  CHECK(info.host("db-1")->datacenter == "dc-1");
  CHECK(info.host("db-2")->datacenter == "dc-0");
  CHECK(info.host("db-2")->rack == "rack-1");
  CHECK(info.hosts_of("rack-3").size() == 6);
  CHECK(info.hosts_of("rack-3").front() == "db-3");
  std::vector<std::string> dc1 = info.hosts_of("dc-1");
  CHECK(dc1.size() == 12);
  CHECK(std::count(dc1.begin(), dc1.end(), std::string("db-1")) == 1);
  CHECK(std::count(dc1.begin(), dc1.end(), std::string("db-0")) == 0);
  CHECK(info.hosts_of("rack-9").empty());
  CHECK(info.hosts_of("").empty());
  CHECK(info.all_domain_names().size() == 24 + 4 + 2);
}

TEST_CASE("placement lists the links faults may target") {
  Diagnostics diags;
  PlatformSpec spec = parse_platform_file(shipped("two-datacenters.yaml"), diags);
  PlatformInfo info = place(spec, {{"db", 1}});
  CHECK(info.has_link("db-0-link"));
  CHECK(info.has_link("spare-0-link"));
  CHECK(info.has_link("rack-3-uplink"));
  CHECK(info.has_link("dc-0--dc-1"));
  CHECK_FALSE(info.has_link("dc-1--dc-0"));
  CHECK(info.links.size() == 24 + 4 + 1);
}

TEST_CASE("too few hosts is an input error that names the roles") {
  Diagnostics diags;
  PlatformSpec spec = parse_text("datacenters: [{racks: [{hosts: 2}, {hosts: 2}]}]", diags);
  PlatformInfo info = place_roles(spec, {{"broker", 3}, {"client", 3}}, diags);
  REQUIRE(diags.list().size() == 1);
  CHECK(diags.list()[0].message ==
        "platform p.yaml has 4 hosts, roles need 6 (3 broker, 3 client)");
  CHECK(info.hosts.empty());
}

TEST_CASE("a role whose host names shadow a rack is rejected") {
  Diagnostics diags;
  PlatformSpec spec = parse_text("datacenters: [{racks: [{hosts: 2}]}]", diags);
  place_roles(spec, {{"rack", 1}}, diags);
  REQUIRE(diags.list().size() == 1);
  CHECK(diags.list()[0].message == "name 'rack-0' is used by a host and a rack");
}

TEST_CASE("placement info owns its topology: copies outlive the spec") {
  PlatformInfo copy;
  {
    Diagnostics diags;
    PlatformSpec spec = parse_text(kTwoRacks, diags);
    copy = place(spec, {{"a", 1}});
  }
  REQUIRE(copy.spec);
  CHECK(copy.spec->datacenters[0].racks[1].host.cores == 16);
}

TEST_CASE("XML platforms: host and link ids, clusters expanded, natural name order") {
  std::istringstream xml(R"(<?xml version='1.0'?>
<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">
<platform version="4.1">
  <zone id="world" routing="Full">
    <!-- a comment -->
    <zone id="inner" routing="Floyd">
      <host id="node-10" speed="2Gf,1Gf" core="4">
        <disk id="ssd" read_bw="1GBps" write_bw="800MBps"/>
      </host>
      <host id="node-2" speed="1Gf"/>
      <link id="l1" bandwidth="1Gbps" latency="1ms" sharing_policy="SPLITDUPLEX"/>
    </zone>
    <cluster id="c" prefix="c-" suffix=".lan" radical="0-1,5" speed="1Gf" bw="1Gbps" lat="5us"
             bb_bw="10Gbps" bb_lat="1us"/>
  </zone>
</platform>)");
  Diagnostics diags;
  PlatformSpec spec = parse_platform_xml(xml, "x.xml", diags);
  REQUIRE_MESSAGE(diags.ok(), diags.str());
  CHECK(spec.xml_file == "x.xml");
  std::vector<std::string> names;
  for (const XmlHost& h : spec.xml_hosts) names.push_back(h.name);
  CHECK(names == std::vector<std::string>{"node-10", "node-2", "c-0.lan", "c-1.lan", "c-5.lan"});
  CHECK(spec.xml_hosts[0].spec.speed == doctest::Approx(2e9));
  CHECK(spec.xml_hosts[0].spec.cores == 4);
  REQUIRE(spec.xml_hosts[0].spec.disks.size() == 1);
  CHECK(spec.xml_hosts[0].spec.disks[0].name == "ssd");
  CHECK(spec.xml_hosts[0].spec.disks[0].write_bw == doctest::Approx(800e6));
  CHECK(spec.xml_links ==
        std::vector<std::string>{"l1", "c_link_0", "c_link_1", "c_link_5", "c_backbone"});

  PlatformInfo info = place(spec, {{"server", 2}});
  CHECK(info.hosts_with_role("server") == std::vector<std::string>{"c-0.lan", "c-1.lan"});
  CHECK(info.hosts[2].name == "c-5.lan");
  CHECK(info.hosts[3].name == "node-2");
  CHECK(info.hosts[4].name == "node-10");
  CHECK(info.hosts[4].role.empty());
  CHECK(info.racks.empty());
  CHECK(info.datacenters.empty());
  CHECK_FALSE(info.spec);
  CHECK(info.hosts_of("node-2") == std::vector<std::string>{"node-2"});
  CHECK(info.has_link("c_link_5"));
}

TEST_CASE("XML errors: malformed text, an unreadable cluster radical, no hosts") {
  Diagnostics diags;
  std::istringstream broken("<platform><zone></platform>");
  parse_platform_xml(broken, "bad.xml", diags);
  std::istringstream radical(
      R"(<platform><cluster id="c" prefix="n" suffix="" radical="a-b"/></platform>)");
  parse_platform_xml(radical, "radical.xml", diags);
  std::istringstream empty(
      "<platform version=\"4.1\"><zone id=\"z\" routing=\"Full\"/></platform>");
  parse_platform_xml(empty, "empty.xml", diags);
  REQUIRE(diags.list().size() == 3);
  CHECK(diags.list()[0].str().rfind("bad.xml:1:0: error: not a valid XML file", 0) == 0);
  CHECK(diags.list()[1].message.find("radical 'a-b'") != std::string::npos);
  CHECK(diags.list()[2].message.find("no <host>") != std::string::npos);
}

TEST_CASE("the shipped XML platform is read from disk") {
  Diagnostics diags;
  PlatformSpec spec = parse_platform_file(shipped("small-cluster.xml"), diags);
  REQUIRE_MESSAGE(diags.ok(), diags.str());
  CHECK(spec.xml_file == shipped("small-cluster.xml"));
  REQUIRE(spec.xml_hosts.size() == 6);
  CHECK(spec.xml_hosts[5].name == "node-5");
  CHECK(spec.xml_hosts[5].spec.cores == 8);
  CHECK(spec.xml_hosts[5].spec.disks.size() == 2);
  CHECK(spec.xml_links.size() == 6);
  PlatformInfo info = place(spec, {{"broker", 3}, {"client", 3}});
  CHECK(info.hosts_with_role("client").back() == "node-5");
  Diagnostics too_many;
  place_roles(spec, {{"broker", 7}}, too_many);
  CHECK_FALSE(too_many.ok());
}
