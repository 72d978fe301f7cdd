// YAML loading into located Docs, diagnostics, suggestions and typed reads.
#include <doctest/doctest.h>

#include <climits>
#include <limits>

#include "sim/core/doc.hpp"

using namespace sdsim;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The single diagnostic text of a failing parse.
std::string parse_error(const std::string& text) {
  try {
    parse_yaml_text(text, "s.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

Doc scalar(const std::string& text) {
  Doc d;
  d.kind = Doc::Kind::Scalar;
  d.scalar = text;
  d.loc = {"s.yaml", 3, 7};
  return d;
}

}  // namespace

TEST_CASE("parse_yaml_text records 1-based locations of values and keys") {
  Doc d = parse_yaml_text("name: x\nworkload:\n  rate: 5/s\n  keys: [1, 2]\n", "s.yaml");
  REQUIRE(d.is_map());
  CHECK(d.loc.str() == "s.yaml:1:1");
  const Doc* rate = d.find("workload")->find("rate");
  REQUIRE(rate);
  CHECK(rate->scalar == "5/s");
  CHECK(rate->loc.str() == "s.yaml:3:9");
  CHECK(d.find("workload")->key_loc(0).str() == "s.yaml:3:3");
  const Doc* keys = d.find("workload")->find("keys");
  REQUIRE(keys->is_seq());
  CHECK(keys->items[1].loc.str() == "s.yaml:4:13");
  CHECK(d.find("missing") == nullptr);
}

TEST_CASE("null, ~ and empty values are Null; quoted null is a string") {
  Doc d = parse_yaml_text("a: ~\nb: null\nc:\nd: 'null'\n", "s.yaml");
  CHECK(d.find("a")->is_null());
  CHECK(d.find("b")->is_null());
  CHECK(d.find("c")->is_null());
  CHECK(d.find("c")->loc.str() == "s.yaml:3:1");  // an empty value points at its key
  CHECK(d.find("d")->is_scalar());
  CHECK(parse_yaml_text("", "s.yaml").is_null());
}

TEST_CASE("YAML syntax errors and duplicate keys are located") {
  CHECK(parse_error("a: 1\n  b: 2\n") == "s.yaml:2:4: error: YAML syntax: illegal map value");
  CHECK(parse_error("a: [1, 2\nb: 3\n").starts_with("s.yaml:"));
  CHECK(parse_error("a: 1\nb:\n  c: 1\n  c: 2\n") ==
        "s.yaml:4:3: error: b.c: duplicate key (first given at line 3)");
  CHECK(parse_error("a: 1\nb: 2\nc: 3\nb: 4\n") ==
        "s.yaml:4:1: error: b: duplicate key (first given at line 2)");
}

TEST_CASE("load_yaml_file reports unreadable files") {
  try {
    load_yaml_file("/nonexistent/x.yaml");
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "/nonexistent/x.yaml: error: cannot read file: No such file or directory");
    CHECK(e.diags.list().size() == 1);
  }
}

TEST_CASE("Diagnostic and Location formatting") {
  Diagnostics diags;
  diags.error({"f.yaml", 2, 5}, "params.servers", "expected an integer, got 'abc'");
  diags.error({"--set x=1", 0, 0}, "", "something");
  CHECK(diags.str() ==
        "f.yaml:2:5: error: params.servers: expected an integer, got 'abc'\n"
        "--set x=1: error: something\n");
  CHECK(InputError(diags).what() == diags.list()[0].str());
  CHECK(join_path("", "x") == "x");
  CHECK(join_path("params", "servers") == "params.servers");
}

TEST_CASE("suggest picks the closest candidate within a third of the word") {
  CHECK(suggest("sevice", {"servers", "service"}) == "did you mean 'service'?");
  CHECK(suggest("sevice", {"sevices", "service"}) == "did you mean 'sevices'?");  // tie: first
  CHECK(suggest("rat", {"rate"}) == "did you mean 'rate'?");  // short words allow one edit
  CHECK(suggest("zzzzzz", {"service"}).empty());
}

TEST_CASE("check_keys reports unknown keys at the key") {
  Doc d = parse_yaml_text("params:\n  sevice: 1\n  zzz: 2\n", "s.yaml");
  Diagnostics diags;
  CHECK_FALSE(check_keys(*d.find("params"), "params", diags, {"service", "servers"}));
  REQUIRE(diags.list().size() == 2);
  CHECK(diags.list()[0].str() ==
        "s.yaml:2:3: error: params.sevice: unknown key (did you mean 'service'?)");
  CHECK(diags.list()[1].str() ==
        "s.yaml:3:3: error: params.zzz: unknown key; expected one of: service, servers");

  Diagnostics none;
  CHECK(check_keys(Doc{}, "params", none, {"a"}));  // an empty section is fine
  CHECK_FALSE(check_keys(scalar("5"), "params", none, {"a"}));
  CHECK(none.list()[0].message == "expected a map, got '5'");
}

TEST_CASE("typed reads: wrong types") {
  Diagnostics diags;
  CHECK_FALSE(read_int(scalar("abc"), "params.servers", diags, 1, 100000));
  CHECK_FALSE(read_int(scalar("1.5"), "p", diags, LLONG_MIN, LLONG_MAX));
  CHECK_FALSE(read_real(scalar("fast"), "p", diags, -kInf, kInf));
  CHECK_FALSE(read_string(parse_yaml_text("[1]", "s.yaml"), "p", diags));
  REQUIRE(diags.list().size() == 4);
  CHECK(diags.list()[0].str() ==
        "s.yaml:3:7: error: params.servers: expected an integer, got 'abc'");
  CHECK(diags.list()[1].message == "expected an integer, got '1.5'");
  CHECK(diags.list()[2].message == "expected a number, got 'fast'");
  CHECK(diags.list()[3].message == "expected a string, got a list");
}

TEST_CASE("typed reads: values and ranges") {
  Diagnostics diags;
  CHECK(read_int(scalar("42"), "p", diags, 1, 100) == 42);
  CHECK(read_real(scalar("0.25"), "p", diags, 0, 1) == doctest::Approx(0.25));
  CHECK(read_string(scalar("hi"), "p", diags) == "hi");
  CHECK(diags.ok());

  CHECK_FALSE(read_int(scalar("0"), "p", diags, 1, 100000));
  CHECK_FALSE(read_int(scalar("0"), "p", diags, 1, LLONG_MAX));
  CHECK_FALSE(read_real(scalar("1.5"), "p", diags, -kInf, 1));
  CHECK_FALSE(read_int(scalar("99999999999999999999"), "p", diags, 1, LLONG_MAX));
  REQUIRE(diags.list().size() == 4);
  CHECK(diags.list()[0].message == "must be between 1 and 100000, got 0");
  CHECK(diags.list()[1].message == "must be at least 1, got 0");
  CHECK(diags.list()[2].message == "must be at most 1, got 1.5");
  CHECK(diags.list()[3].message == "integer 99999999999999999999 is out of range");
}

TEST_CASE("typed reads: quantities") {
  Diagnostics diags;
  CHECK(read_quantity(scalar("150ms"), "p", diags, Dimension::Duration, 0, kInf) ==
        doctest::Approx(0.15));
  CHECK(diags.ok());
  CHECK_FALSE(read_quantity(scalar("5"), "p", diags, Dimension::Duration, 0, kInf));
  CHECK_FALSE(read_quantity(scalar("abc"), "p", diags, Dimension::Duration, 0, kInf));
  CHECK_FALSE(read_quantity(scalar("5mz"), "p", diags, Dimension::Duration, 0, kInf));
  CHECK_FALSE(read_quantity(scalar("0s"), "p", diags, Dimension::Duration, 0.001, 10));
  CHECK_FALSE(read_quantity(scalar("2KB"), "p", diags, Dimension::Size, 4096, kInf));
  REQUIRE(diags.list().size() == 5);
  CHECK(diags.list()[0].message == "expected a duration such as 150ms, got '5': missing unit");
  CHECK(diags.list()[1].message == "expected a duration such as 150ms, got 'abc'");
  CHECK(diags.list()[2].message.starts_with(
      "expected a duration such as 150ms, got '5mz': unknown unit 'mz' for a duration"));
  CHECK(diags.list()[3].message == "must be between 1 ms and 10 s, got 0 s");
  CHECK(diags.list()[4].message == "must be at least 4.096 KB, got 2 KB");
}

TEST_CASE("typed reads: booleans are true/false only") {
  Diagnostics diags;
  CHECK(read_bool(scalar("true"), "p", diags) == true);
  CHECK(read_bool(scalar("false"), "p", diags) == false);
  CHECK_FALSE(read_bool(scalar("yes"), "p", diags));
  CHECK_FALSE(read_bool(scalar("Off"), "p", diags));
  CHECK_FALSE(read_bool(scalar("2"), "p", diags));
  REQUIRE(diags.list().size() == 3);
  CHECK(diags.list()[0].message == "expected true or false, got 'yes' (write true)");
  CHECK(diags.list()[1].message == "expected true or false, got 'Off' (write false)");
  CHECK(diags.list()[2].message == "expected true or false, got '2'");
}

TEST_CASE("typed reads: choices") {
  Diagnostics diags;
  CHECK(read_choice(scalar("zipf"), "p", diags, {"uniform", "zipf"}) == "zipf");
  CHECK_FALSE(read_choice(scalar("zpif"), "keys.distribution", diags, {"uniform", "zipf"}));
  CHECK_FALSE(read_choice(scalar("normal"), "p", diags, {"uniform", "zipf"}));
  CHECK_FALSE(read_choice(Doc{}, "p", diags, {"uniform", "zipf"}));
  REQUIRE(diags.list().size() == 3);
  CHECK(diags.list()[0].str() ==
        "s.yaml:3:7: error: keys.distribution: unknown value 'zpif' (did you mean 'zipf'?)");
  CHECK(diags.list()[1].message == "unknown value 'normal'; expected one of: uniform, zipf");
  CHECK(diags.list()[2].message == "expected one of: uniform, zipf, got nothing");
}

TEST_CASE("diagnostics print in reading order within a file") {
  sdsim::Diagnostics d;
  d.error(sdsim::Location{"a.yaml", 7, 12}, "x", "late");
  d.error(sdsim::Location{"a.yaml", 6, 11}, "y", "early");
  d.error(sdsim::Location{"--set y=1", 0, 0}, "y", "override");
  d.error(sdsim::Location{"a.yaml", 6, 2}, "z", "earliest");
  CHECK(d.str() ==
        "a.yaml:6:2: error: z: earliest\n"
        "a.yaml:6:11: error: y: early\n"
        "a.yaml:7:12: error: x: late\n"
        "--set y=1: error: y: override\n");
}
