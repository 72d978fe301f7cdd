// Text for `sdsim models` and `sdsim describe MODEL`, generated from the models' own
// declarations so that it cannot drift from what validation accepts.
#pragma once

#include <string>

namespace sdsim {

std::string models_listing();
// Empty when the model is unknown.
std::string describe_model(const std::string& name);

}  // namespace sdsim
