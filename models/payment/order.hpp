// A payment order's state machine, as the book's payment executor keeps it:
// NOT_STARTED -> EXECUTING -> SUCCESS | FAILED, and nothing leaves a final state.
#pragma once

#include <string_view>

namespace sdsim::payment {

enum class OrderState { not_started, executing, success, failed };

inline constexpr std::string_view state_name(OrderState s) {
  switch (s) {
    case OrderState::not_started:
      return "NOT_STARTED";
    case OrderState::executing:
      return "EXECUTING";
    case OrderState::success:
      return "SUCCESS";
    case OrderState::failed:
      return "FAILED";
  }
  return "?";
}

inline constexpr bool is_final(OrderState s) {
  return s == OrderState::success || s == OrderState::failed;
}

inline constexpr bool can_transition(OrderState from, OrderState to) {
  switch (from) {
    case OrderState::not_started:
      return to == OrderState::executing;
    case OrderState::executing:
      return is_final(to);
    default:
      return false;
  }
}

}  // namespace sdsim::payment
