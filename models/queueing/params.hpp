// The queueing model's parameters, each declared once in params.cpp's table.
#pragma once

#include <string>

#include "sim/core/param_table.hpp"

namespace sdsim::queueing {

struct ServiceTimeConfig {
  std::string distribution;  // exponential | deterministic | lognormal
  double mean{};             // s
  double cv{};               // lognormal only
};

struct Config {
  int servers{};
  ServiceTimeConfig service;
  double request_size{};  // B
  double reply_size{};    // B
};

const ParamTable<Config>& params();

}  // namespace sdsim::queueing
