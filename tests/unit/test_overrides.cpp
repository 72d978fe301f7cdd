// `--set key.path=value` overrides on a scenario Doc.
#include <doctest/doctest.h>

#include <climits>

#include "sim/scenario/overrides.hpp"

using namespace sdsim;

namespace {

const char* kScenario =
    "name: x\n"
    "params:\n"
    "  servers: 4\n"
    "faults:\n"
    "  - {at: 40s, crash: broker-0}\n"
    "  - {at: 70s, crash: broker-1}\n";

// Applies one override to kScenario and returns the tree.
Doc with_override(const std::string& arg, Diagnostics& diags) {
  Doc root = parse_yaml_text(kScenario, "s.yaml");
  Override o = parse_override(arg, diags);
  if (diags.ok()) apply_override(root, o, diags);
  return root;
}

}  // namespace

TEST_CASE("parse_override splits at the first '='") {
  Diagnostics diags;
  Override o = parse_override("params.expr=a=b", diags);
  CHECK(diags.ok());
  CHECK(o.path == "params.expr");
  CHECK(o.value == "a=b");

  parse_override("params.servers", diags);
  parse_override("=5", diags);
  parse_override("params..servers=5", diags);
  REQUIRE(diags.list().size() == 3);
  CHECK(diags.list()[0].str() == "--set params.servers: error: expected key.path=value");
  CHECK(diags.list()[1].str() == "--set =5: error: empty key path or path segment in ''");
  CHECK(diags.list()[2].message == "empty key path or path segment in 'params..servers'");
}

TEST_CASE("an override replaces a value and is located on the command line") {
  Diagnostics diags;
  Doc root = with_override("params.servers=abc", diags);
  CHECK(diags.ok());
  const Doc* servers = root.find("params")->find("servers");
  CHECK(servers->scalar == "abc");
  CHECK(servers->loc.str() == "--set params.servers=abc");

  // A later validation error therefore names the override.
  Diagnostics check;
  read_int(*servers, "params.servers", check, 1, LLONG_MAX);
  CHECK(check.list()[0].str() ==
        "--set params.servers=abc: error: params.servers: expected an integer, got 'abc'");
}

TEST_CASE("an override creates missing keys and intermediate maps") {
  Diagnostics diags;
  Doc root = with_override("params.service.mean=5ms", diags);
  CHECK(diags.ok());
  const Doc* service = root.find("params")->find("service");
  REQUIRE(service);
  CHECK(service->is_map());
  CHECK(service->find("mean")->scalar == "5ms");
  CHECK(service->key_loc(0).str() == "--set params.service.mean=5ms");
  CHECK(root.find("params")->find("servers")->scalar == "4");  // siblings untouched

  Doc created = with_override("workload.rate=100/s", diags);
  CHECK(created.find("workload")->find("rate")->scalar == "100/s");
}

TEST_CASE("values are YAML fragments") {
  Diagnostics diags;
  Doc root = with_override("params.group={a: 1}", diags);
  CHECK(diags.ok());
  const Doc* group = root.find("params")->find("group");
  REQUIRE(group->is_map());
  CHECK(group->find("a")->scalar == "1");
  CHECK(group->find("a")->loc.str() == "--set params.group={a: 1}");

  Doc list = with_override("params.list=[1, 2]", diags);
  REQUIRE(list.find("params")->find("list")->is_seq());
  CHECK(list.find("params")->find("list")->items.size() == 2);

  with_override("params.bad=[1, 2", diags);
  REQUIRE(diags.list().size() == 1);
  CHECK(diags.list()[0].str().starts_with(
      "--set params.bad=[1, 2: error: params.bad: YAML syntax: "));
}

TEST_CASE("a decimal segment addresses a list item") {
  Diagnostics diags;
  Doc root = with_override("faults.1.at=35s", diags);
  CHECK(diags.ok());
  CHECK(root.find("faults")->items[1].find("at")->scalar == "35s");
  CHECK(root.find("faults")->items[0].find("at")->scalar == "40s");

  // The first error of each override, which must fail.
  auto error_of = [](const std::string& arg) {
    Diagnostics diags;
    with_override(arg, diags);
    REQUIRE(diags.list().size() == 1);
    return diags.list()[0].str();
  };
  CHECK(error_of("faults.3.at=35s") ==
        "--set faults.3.at=35s: error: faults.3: index 3 out of range (faults has 2 items)");
  CHECK(error_of("faults.first.at=35s") ==
        "--set faults.first.at=35s: error: faults.first: faults is a list; address an item by "
        "its index, such as faults.0");
  CHECK(error_of("name.first=y") ==
        "--set name.first=y: error: name.first: name is a single value, not a map or a list");
}
