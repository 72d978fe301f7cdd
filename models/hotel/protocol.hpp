// The hotel model's messages: a client submits a booking to a reservation service (through
// the API gateway, folded into the service here) and gets its outcome. The reservation_id is
// the client's (it got one before submitting), so a re-submission carries the same id.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace sdsim::hotel {

// booked | resubmitted (the id was booked already: the same reservation) | sold_out |
// payment_failed (rooms released or never committed) | failed (errors, retries spent)
struct BookReply {
  static constexpr std::string_view kName = "book_reply";
  std::string outcome;
  int attempts = 0;
  double wire_bytes() const { return 200; }
};

struct Book {
  static constexpr std::string_view kName = "book";
  using Reply = BookReply;
  std::int64_t reservation_id = 0;  // the client's idempotency key
  std::int64_t hotel = 0, room_type = 0, start_date = 0, end_date = 0, rooms = 1, guest = 0;
  double wire_bytes() const { return 300; }
};

using ReservationProtocol = std::variant<Book>;

}  // namespace sdsim::hotel
