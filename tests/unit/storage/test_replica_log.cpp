#include <doctest/doctest.h>

#include <stdexcept>

#include "sim/storage/append_log/replica_log.hpp"

using namespace sdsim::storage;

namespace {
RecordBatch batch(std::vector<RecordId> ids, std::int32_t epoch = 0, std::int64_t pid = -1,
                  std::int32_t seq = -1) {
  RecordBatch b;
  b.ids = std::move(ids);
  b.epoch = epoch;
  b.producer_id = pid;
  b.base_seq = seq;
  b.record_bytes = 100;
  return b;
}
}  // namespace

TEST_CASE("log: append, read, truncate mid-batch") {
  ReplicaLog log;
  CHECK(log.append(batch({1, 2, 3})) == 0);
  CHECK(log.append(batch({4, 5})) == 3);
  CHECK(log.log_end() == 5);
  auto r = log.read(1, 5, 3);
  REQUIRE(r.size() == 2);
  CHECK(r[0].base_offset == 1);
  CHECK(r[0].ids == std::vector<RecordId>{2, 3});
  CHECK(r[1].ids == std::vector<RecordId>{4});
  log.truncate(4);
  CHECK(log.log_end() == 4);
  CHECK(log.batches().back().ids == std::vector<RecordId>{4});
}

TEST_CASE("log: a crash keeps only what was flushed") {
  ReplicaLog log;
  log.append(batch({1, 2}));
  log.flush();
  log.append(batch({3}));
  CHECK(log.unflushed_bytes() > 0);
  log.crash();
  CHECK(log.log_end() == 2);
  log.append(batch({4, 5, 6}));
  CHECK(log.bytes_until(5) == doctest::Approx(61 + 300));
  log.flush_to(5);
  CHECK(log.durable_offset() == 5);
}

TEST_CASE("log: high watermark never passes the log end and never goes back") {
  ReplicaLog log;
  log.append(batch({1, 2, 3}));
  log.set_high_watermark(10);
  CHECK(log.high_watermark() == 3);
  log.set_high_watermark(1);
  CHECK(log.high_watermark() == 3);
  log.truncate(2);
  CHECK(log.high_watermark() == 2);
}

TEST_CASE("log: epochs tell a follower where it diverged") {
  ReplicaLog leader;
  leader.append(batch({1, 2}, 0));
  leader.append(batch({3}, 0));
  leader.append(batch({7, 8}, 2));  // epoch 2 started at offset 3
  CHECK(leader.end_offset_for_epoch(0) == 3);
  CHECK(leader.end_offset_for_epoch(1) == 3);
  CHECK(leader.end_offset_for_epoch(2) == 5);
  // A follower that had epoch-0 records up to offset 4 must truncate to 3.
  ReplicaLog follower;
  follower.append(batch({1, 2}, 0));
  follower.append(batch({3, 4}, 0));
  const Offset end = leader.end_offset_for_epoch(follower.last_epoch());
  CHECK(end < follower.log_end());
  follower.truncate(end);
  CHECK(follower.log_end() == 3);
}

TEST_CASE(
    "log: idempotent producer sequence numbers de-duplicate retries, even after a truncation") {
  ReplicaLog log;
  CHECK(log.check_sequence(7, 0) == SequenceCheck::Append);
  log.append(batch({1, 2}, 0, 7, 0));
  CHECK(log.check_sequence(7, 0) == SequenceCheck::Duplicate);   // a retry of the first batch
  CHECK(log.check_sequence(7, 4) == SequenceCheck::OutOfOrder);  // a gap
  CHECK(log.check_sequence(7, 2) == SequenceCheck::Append);
  log.append(batch({3}, 0, 7, 2));
  CHECK(log.check_sequence(-1, -1) == SequenceCheck::Append);  // not idempotent
  log.truncate(2);  // the state is rebuilt from the log itself
  CHECK(log.check_sequence(7, 2) == SequenceCheck::Append);
}

TEST_CASE("log: transactions: last stable offset and aborted transactions") {
  ReplicaLog log;
  log.append(batch({1}));
  RecordBatch t = batch({2, 3});
  t.txn = 42;
  log.append(t);
  log.append(batch({4}));
  log.set_high_watermark(4);
  CHECK(log.open_txn(42));
  CHECK(log.last_stable_offset() == 1);
  RecordBatch marker;
  marker.txn = 42;
  marker.control = Control::Abort;
  log.append(marker);
  log.set_high_watermark(5);
  CHECK_FALSE(log.open_txn(42));
  CHECK(log.aborted(42));
  CHECK(log.last_stable_offset() == 5);
}

TEST_CASE("log: a transaction's marker offset (the broker acknowledges a marker once replicated)") {
  ReplicaLog log;
  RecordBatch data = batch({1, 2, 3});
  data.txn = 7;
  log.append(data);
  CHECK(log.open_txn(7));
  CHECK(log.marker_end(7) == -1);
  CHECK(log.marker_end(8) == -1);  // never here
  RecordBatch marker;
  marker.txn = 7;
  marker.control = Control::Commit;
  log.append(marker);
  CHECK_FALSE(log.open_txn(7));
  CHECK(log.marker_end(7) == 4);
  // A late data batch of the ended transaction does not reopen it.
  RecordBatch late = batch({9});
  late.txn = 7;
  log.append(late);
  CHECK_FALSE(log.open_txn(7));
  log.truncate(3);  // the marker is gone with a truncation: the transaction is open again
  CHECK(log.marker_end(7) == -1);
  CHECK(log.open_txn(7));
}

TEST_CASE("log: the epoch index gives what a scan of the batches gives, after truncations too") {
  ReplicaLog log;
  auto scan = [&log](std::int32_t epoch) {
    for (const RecordBatch& b : log.batches())
      if (b.epoch > epoch) return b.base_offset;
    return log.log_end();
  };
  std::int32_t epoch = 0;
  RecordId id = 0;
  for (int round = 0; round < 40; ++round) {
    if (round % 7 == 3) ++epoch;
    if (round % 11 == 10) log.truncate(log.log_end() - 3);  // cuts into the last epoch, or past it
    log.append(batch({id, id + 1}, epoch));
    id += 2;
    for (std::int32_t e = -1; e <= epoch + 1; ++e) CHECK(log.end_offset_for_epoch(e) == scan(e));
  }
  log.truncate(0);
  CHECK(log.end_offset_for_epoch(0) == 0);
  log.append(batch({1}, 5));
  CHECK(log.end_offset_for_epoch(4) == 0);
  CHECK(log.end_offset_for_epoch(5) == 1);
}

TEST_CASE("log: has_records and add_read_bytes say what read() would copy, without copying") {
  ReplicaLog log;
  log.append(batch({1, 2, 3}));
  RecordBatch marker;
  marker.control = Control::Commit;
  marker.txn = 9;
  log.append(marker);
  log.append(batch({4, 5, 6, 7}));
  for (Offset from = 0; from <= log.log_end(); ++from)
    for (Offset until = 0; until <= log.log_end() + 1; ++until)
      for (std::size_t max : {std::size_t(1), std::size_t(2), std::size_t(500)}) {
        const auto parts = log.read(from, until, max);
        double bytes = 10.0;
        for (const RecordBatch& b : parts) bytes += b.bytes();
        CHECK(log.has_records(from, until, max) == !parts.empty());
        CHECK(log.add_read_bytes(from, until, max, 10.0, 1e18) ==
              bytes);  // the same sum, bit for bit
        if (!parts.empty())
          CHECK(log.add_read_bytes(from, until, max, 0.0, 1.0) == parts.front().bytes());
      }
}

TEST_CASE("log: forgetting a flushed, committed prefix keeps offsets, epochs and producer state") {
  ReplicaLog log;
  log.append(batch({1, 2}, 0, 7, 0));
  log.append(batch({3, 4}, 1, 7, 2));
  log.append(batch({5}, 1, 7, 4));
  CHECK_THROWS_AS(log.forget_before(2), std::logic_error);  // not flushed nor committed yet
  log.flush();
  log.set_high_watermark(5);
  log.forget_before(3);  // the first batch only: the second straddles offset 3
  CHECK(log.log_start() == 2);
  CHECK(log.log_end() == 5);
  CHECK(log.batches().size() == 2);
  CHECK(log.end_offset_for_epoch(0) == 2);
  CHECK(log.check_sequence(7, 5) == SequenceCheck::Append);
  CHECK(log.check_sequence(7, 0) == SequenceCheck::Duplicate);
  log.truncate(4);  // the state is rebuilt from what was forgotten plus what is left
  CHECK(log.check_sequence(7, 4) == SequenceCheck::Append);
  CHECK(log.read(2, 4, 10).front().ids == std::vector<RecordId>{3, 4});
  CHECK_THROWS_AS(log.read(1, 4, 10), std::logic_error);
  CHECK_THROWS_AS(log.truncate(1), std::logic_error);
  log.forget_before(4);
  CHECK(log.batches().empty());
  CHECK(log.log_end() == 4);
  CHECK(log.last_epoch() == 1);  // a follower still tells the leader its last epoch
  CHECK(log.append(batch({6}, 2)) == 4);
  CHECK(log.end_offset_for_epoch(1) == 4);
}
