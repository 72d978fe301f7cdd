// The book's back-of-the-envelope figures for email (System Design Interview vol. 2, ch. 8,
// "Back-of-the-envelope estimation"), computed from its inputs (params.scale):
//   send QPS             = users x emails sent per day / 86,400 s   (10^9 x 10 / 10^5 = 100,000)
//   metadata per year    = users x received per day x metadata size x 365
//                                                                   (10^9 x 40 x 50 KB x 365 = 730 PB)
//   attachments per year = users x received per day x attachment fraction x attachment size x 365
//                                                                   (x 20 % x 500 KB = 1,460 PB)
// The book divides by 10^5 s a day; computed exactly the send rate is 115,741/s.
#pragma once

namespace sdsim::email {

struct ScaleConfig {
  double users{};
  double sent_per_day{};
  double received_per_day{};
  double metadata_bytes{};       // B per email
  double attachment_fraction{};  // of emails received
  double attachment_bytes{};     // B per attachment
};

struct Estimate {
  double send_qps = 0;                  // 1/s
  double metadata_bytes_per_year = 0;   // B
  double attachment_bytes_per_year = 0; // B
};

Estimate estimate(const ScaleConfig& s);

}  // namespace sdsim::email
