// Model parameter schemas: types, defaults, nested groups, required keys, accessors.
#include <doctest/doctest.h>

#include <stdexcept>

#include "sim/core/params.hpp"

using namespace sdsim;

namespace {

std::vector<ParamSpec> queue_schema() {
  ParamSpec servers{"servers", ParamType::Int, "4", "worker count", 1, 100000};
  ParamSpec name{"label", ParamType::String, "q", "a label"};
  ParamSpec mean{"mean", ParamType::Duration, "10ms", "mean service time", 0};
  ParamSpec dist{"distribution", ParamType::Choice, "exponential", "service time law"};
  dist.choices = {"exponential", "constant", "lognormal"};
  ParamSpec cv{"cv", ParamType::Real, "1.0", "coefficient of variation", 0, 10};
  ParamSpec service{"service", ParamType::Group, "", "service time"};
  service.children = {mean, dist, cv};
  ParamSpec durable{"durable", ParamType::Bool, "false", "fsync each write"};
  return {servers, name, service, durable};
}

ParamValues validate(const std::string& yaml, const std::vector<ParamSpec>& schema,
                     Diagnostics& diags) {
  Doc root = parse_yaml_text(yaml, "s.yaml");
  return validate_params(root.find("params"), schema, "params", diags, root.loc);
}

}  // namespace

// Errors name the full path ("params.service.mean"); values are keyed relative to the schema.
TEST_CASE("absent params resolve every default, including nested groups") {
  Diagnostics diags;
  ParamValues v = validate("name: x\n", queue_schema(), diags);
  CHECK(diags.ok());
  CHECK(v.integer("servers") == 4);
  CHECK(v.text("label") == "q");
  CHECK(v.number("service.mean") == doctest::Approx(0.01));
  CHECK(v.text("service.mean") == "10ms");
  CHECK(v.text("service.distribution") == "exponential");
  CHECK(v.number("service.cv") == doctest::Approx(1.0));
  CHECK(v.flag("durable") == false);
  CHECK(v.all().at("servers").from_default);
  CHECK(v.all().size() == 6);
}

TEST_CASE("given values override defaults; a partial group keeps its other defaults") {
  Diagnostics diags;
  ParamValues v = validate(
      "params:\n  servers: 16\n  durable: true\n  service: {mean: 2ms, distribution: constant}\n",
      queue_schema(), diags);
  CHECK(diags.ok());
  CHECK(v.integer("servers") == 16);
  CHECK_FALSE(v.all().at("servers").from_default);
  CHECK(v.flag("durable"));
  CHECK(v.number("service.mean") == doctest::Approx(0.002));
  CHECK(v.text("service.distribution") == "constant");
  CHECK(v.number("service.cv") == doctest::Approx(1.0));
  CHECK(v.all().at("service.cv").from_default);
}

TEST_CASE("every wrong value is reported with its location and path") {
  Diagnostics diags;
  validate(
      "params:\n"
      "  servers: 0\n"
      "  sevice: {mean: 5}\n"
      "  service:\n"
      "    mean: 5\n"
      "    distribution: normal\n"
      "  durable: yes\n",
      queue_schema(), diags);
  REQUIRE(diags.list().size() == 5);
  CHECK(diags.list()[0].str() ==
        "s.yaml:3:3: error: params.sevice: unknown key (did you mean 'service'?)");
  CHECK(diags.list()[1].str() ==
        "s.yaml:2:12: error: params.servers: must be between 1 and 100000, got 0");
  CHECK(diags.list()[2].str() ==
        "s.yaml:5:11: error: params.service.mean: expected a duration such as 150ms, got '5': "
        "missing unit");
  CHECK(diags.list()[3].str() ==
        "s.yaml:6:19: error: params.service.distribution: unknown value 'normal'; expected one "
        "of: exponential, constant, lognormal");
  CHECK(diags.list()[4].str() ==
        "s.yaml:7:12: error: params.durable: expected true or false, got 'yes' (write true)");
}

TEST_CASE("required parameters must be given") {
  std::vector<ParamSpec> schema = {{"shards", ParamType::Int, "", "shard count", 1}};
  Diagnostics diags;
  validate("name: x\n", schema, diags);
  REQUIRE(diags.list().size() == 1);
  CHECK(diags.list()[0].str() == "s.yaml:1:1: error: params.shards: missing required key");

  Diagnostics nested;
  std::vector<ParamSpec> grouped = {{"ring", ParamType::Group, "", "", 0, 0, {}, schema}};
  validate("params:\n  ring: {}\n", grouped, nested);
  REQUIRE(nested.list().size() == 1);
  CHECK(nested.list()[0].str() == "s.yaml:2:9: error: params.ring.shards: missing required key");
}

TEST_CASE("a group given as a scalar is a type error") {
  Diagnostics diags;
  validate("params:\n  service: fast\n", queue_schema(), diags);
  REQUIRE(diags.list().size() == 1);
  CHECK(diags.list()[0].str() == "s.yaml:2:12: error: params.service: expected a map, got 'fast'");
}

TEST_CASE("a bad default in a schema is a bug, not an input error") {
  std::vector<ParamSpec> schema = {{"mean", ParamType::Duration, "10", "no unit"}};
  Diagnostics diags;
  CHECK_THROWS_AS(validate_params(nullptr, schema, "params", diags), std::logic_error);
}

TEST_CASE("accessors reject undeclared paths and wrong types") {
  Diagnostics diags;
  ParamValues v = validate("name: x\n", queue_schema(), diags);
  CHECK_THROWS_WITH_AS(v.number("nope"),
                       "sdsim: parameter 'nope' is not declared in the model's schema",
                       std::logic_error);
  CHECK_THROWS_AS(v.integer("service.mean"), std::logic_error);
  CHECK_THROWS_AS(v.flag("servers"), std::logic_error);
  CHECK_THROWS_AS(v.number("label"), std::logic_error);
}

TEST_CASE("type names and units") {
  CHECK(std::string(param_type_name(ParamType::Duration)) == "duration");
  CHECK(std::string(param_type_name(ParamType::Int)) == "int");
  CHECK(std::string(param_unit(ParamType::Duration)) == "s");
  CHECK(std::string(param_unit(ParamType::Bandwidth)) == "B/s");
  CHECK(std::string(param_unit(ParamType::Real)).empty());
}
