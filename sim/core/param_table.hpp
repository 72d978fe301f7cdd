// A parameter table: each parameter written once, with its name, type, default (in the
// notation a user writes), doc, range and the struct field it fills. The same table gives the
// schema that validation and `sdsim describe` use (specs()) and reads validated values into
// the struct (read()), so a parameter cannot be described one way and read another.
//
//   ParamTable<Config> t;
//   t.integer("brokers", &Config::brokers, "3", "broker hosts", 1, 1000)
//    .choice("acks", &Config::acks, "all", "...", {{"0", Acks::None}, {"all", Acks::All}})
//    .group("producer", "the producers", &Config::producer, producer_table());
#pragma once

#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/params.hpp"

namespace sdsim {

template <class Config>
class ParamTable {
 public:
  using Setter = std::function<void(Config&, const ParamValues&, const std::string& prefix)>;

  ParamTable& integer(const std::string& name, int Config::*field, const std::string& def, const std::string& doc,
                      double min, double max) {
    return leaf({name, ParamType::Int, def, doc, min, max},
                [field, name](Config& c, const ParamValues& v, const std::string& at) {
                  c.*field = static_cast<int>(v.integer(at + name));
                });
  }
  ParamTable& count(const std::string& name, long long Config::*field, const std::string& def, const std::string& doc,
                    double min, double max) {
    return leaf({name, ParamType::Int, def, doc, min, max},
                [field, name](Config& c, const ParamValues& v, const std::string& at) { c.*field = v.integer(at + name); });
  }
  ParamTable& real(const std::string& name, double Config::*field, const std::string& def, const std::string& doc,
                   double min, double max) {
    return number(ParamType::Real, name, field, def, doc, min, max);
  }
  ParamTable& duration(const std::string& name, double Config::*field, const std::string& def, const std::string& doc,
                       double min = 0, double max = kInf) {
    return number(ParamType::Duration, name, field, def, doc, min, max);
  }
  ParamTable& size(const std::string& name, double Config::*field, const std::string& def, const std::string& doc,
                   double min = 0, double max = kInf) {
    return number(ParamType::Size, name, field, def, doc, min, max);
  }
  ParamTable& bandwidth(const std::string& name, double Config::*field, const std::string& def,
                        const std::string& doc, double min = 0, double max = kInf) {
    return number(ParamType::Bandwidth, name, field, def, doc, min, max);
  }
  ParamTable& rate(const std::string& name, double Config::*field, const std::string& def, const std::string& doc,
                   double min = 0, double max = kInf) {
    return number(ParamType::Rate, name, field, def, doc, min, max);
  }
  ParamTable& flag(const std::string& name, bool Config::*field, const std::string& def, const std::string& doc) {
    return leaf({name, ParamType::Bool, def, doc},
                [field, name](Config& c, const ParamValues& v, const std::string& at) { c.*field = v.flag(at + name); });
  }
  ParamTable& text(const std::string& name, std::string Config::*field, const std::string& def, const std::string& doc) {
    return leaf({name, ParamType::String, def, doc},
                [field, name](Config& c, const ParamValues& v, const std::string& at) { c.*field = v.text(at + name); });
  }
  // A choice among words, each standing for a value of the field's type (an enum, a string).
  template <class T>
  ParamTable& choice(const std::string& name, T Config::*field, const std::string& def, const std::string& doc,
                     std::vector<std::pair<std::string, T>> options) {
    ParamSpec spec{name, ParamType::Choice, def, doc, 0, 0};
    for (const auto& [word, value] : options) spec.choices.push_back(word);
    return leaf(std::move(spec), [field, name, options](Config& c, const ParamValues& v, const std::string& at) {
      const std::string& word = v.text(at + name);
      for (const auto& [w, value] : options)
        if (w == word) {
          c.*field = value;
          return;
        }
      throw std::logic_error("param table: '" + word + "' is not a choice of " + at + name);
    });
  }
  // A nested group filling a sub-struct from its own table.
  template <class Sub>
  ParamTable& group(const std::string& name, const std::string& doc, Sub Config::*field, const ParamTable<Sub>& sub) {
    ParamSpec spec{name, ParamType::Group, "", doc};
    spec.children = sub.specs();
    specs_.push_back(std::move(spec));
    setters_.push_back([field, name, sub](Config& c, const ParamValues& v, const std::string& at) {
      sub.fill(c.*field, v, at + name + ".");
    });
    return *this;
  }
  // The fields of a sub-struct at this level (no group of their own: "brokers" rather than
  // "cluster.brokers"), e.g. a service's settings a model exposes at its top level.
  template <class Sub>
  ParamTable& inline_fields(Sub Config::*field, const ParamTable<Sub>& sub) {
    for (const ParamSpec& s : sub.specs()) specs_.push_back(s);
    setters_.push_back([field, sub](Config& c, const ParamValues& v, const std::string& at) { sub.fill(c.*field, v, at); });
    return *this;
  }
  // Appends another table of the same struct (a service's parameters extended by a model).
  ParamTable& extend(const ParamTable& other) {
    for (const ParamSpec& s : other.specs_) specs_.push_back(s);
    for (const Setter& s : other.setters_) setters_.push_back(s);
    return *this;
  }

  const std::vector<ParamSpec>& specs() const { return specs_; }
  void fill(Config& c, const ParamValues& v, const std::string& prefix = "") const {
    for (const Setter& s : setters_) s(c, v, prefix);
  }
  Config read(const ParamValues& v, const std::string& prefix = "") const {
    Config c{};
    fill(c, v, prefix);
    return c;
  }

 private:
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  ParamTable& number(ParamType type, const std::string& name, double Config::*field, const std::string& def,
                     const std::string& doc, double min, double max) {
    return leaf({name, type, def, doc, min, max}, [field, name](Config& c, const ParamValues& v, const std::string& at) {
      c.*field = v.number(at + name);
    });
  }
  ParamTable& leaf(ParamSpec spec, Setter set) {
    specs_.push_back(std::move(spec));
    setters_.push_back(std::move(set));
    return *this;
  }
  std::vector<ParamSpec> specs_;
  std::vector<Setter> setters_;
};

}  // namespace sdsim
