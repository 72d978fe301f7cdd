// One replica of one partition of a Kafka-like log: an append-only log of record batches.
// Plain C++ (unit tested); the log service's broker (sim/services/log) charges the simulated
// disk for what it writes and flushes.
//
// What survives a crash is what was flushed (`durable_offset`); the rest is the volatile
// tail. Batches carry the leader epoch that wrote them, so a follower that diverged from a
// new leader can find where to truncate, and the idempotent producer's (producer id,
// sequence) and the transaction of each batch, so de-duplication and transaction state are
// rebuilt from the log itself and survive a leader change.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <vector>

namespace sdsim::storage {

using Offset = std::int64_t;
using RecordId = std::uint64_t;  // what the application calls the record (e.g. a ledger id)

enum class Control : std::uint8_t { None, Commit, Abort };  // transaction markers

struct RecordBatch {
  Offset base_offset = 0;
  std::int32_t epoch = 0;           // leader epoch that appended it
  std::int64_t producer_id = -1;    // idempotent producers; -1 = none
  std::int32_t base_seq = -1;       // sequence of the first record
  std::int64_t txn = 0;             // transaction id; 0 = not transactional
  Control control = Control::None;  // a marker occupies one offset and carries no message
  std::vector<RecordId> ids;        // one record per message
  double record_bytes = 0.0;        // simulated size of one record (B)

  Offset count() const { return control == Control::None ? Offset(ids.size()) : 1; }
  Offset end() const { return base_offset + count(); }
  double bytes() const { return bytes_for(record_bytes, ids.size()); }
  static double bytes_for(double record_bytes, std::size_t records) {
    return 61.0 + record_bytes * double(records);  // 61 B batch header
  }
};

enum class SequenceCheck { Append, Duplicate, OutOfOrder };

class ReplicaLog {
 public:
  Offset log_end() const { return batches_.empty() ? start_ : batches_.back().end(); }
  std::int32_t last_epoch() const { return epochs_.empty() ? -1 : epochs_.back().epoch; }
  // The first offset still held (records before it were forgotten).
  Offset log_start() const { return start_; }
  Offset durable_offset() const { return durable_; }
  Offset high_watermark() const { return hw_; }
  void set_high_watermark(Offset hw);  // clamped to the log end; never moves back
  double unflushed_bytes() const { return unflushed_bytes_; }

  // The idempotent producer's check before an append (always Append for producer_id < 0).
  SequenceCheck check_sequence(std::int64_t producer_id, std::int32_t base_seq) const;
  // Appends at the log end (base_offset is overwritten). Returns the base offset.
  Offset append(RecordBatch batch);
  // Drops every record at or after `offset` (a batch straddling it is cut).
  void truncate(Offset offset);
  void flush();  // the volatile tail becomes durable
  // Makes [durable_offset, offset) durable; returns the bytes that were written.
  double flush_to(Offset offset);
  double bytes_until(Offset offset) const;  // bytes in [durable_offset, offset)
  void crash();                             // a host crash: the volatile tail is gone
  // Forgets the whole batches that end at or before `offset`, which must be durable and below
  // the high watermark: the simulator's memory, not Kafka's retention. The caller vouches that
  // no reader, truncation or crash will need them again; reading or truncating below
  // log_start() afterwards is a bug (std::logic_error). Producer and transaction state stay.
  void forget_before(Offset offset);

  // Where the log of `epoch` ends here: the start of the first later epoch, or the log end.
  // O(log epochs): an index of where each epoch starts, as Kafka's leader-epoch checkpoint.
  Offset end_offset_for_epoch(std::int32_t epoch) const;
  // Copies of the records in [from, until), cut to at most max_records messages (whole
  // batches when possible; markers count as one record).
  std::vector<RecordBatch> read(Offset from, Offset until, std::size_t max_records) const;
  // What read() would return, without copying: whether it returns anything, and `sum` plus
  // its batches' bytes() added one by one in order, stopping once the sum reaches `enough`.
  bool has_records(Offset from, Offset until, std::size_t max_records) const;
  double add_read_bytes(Offset from, Offset until, std::size_t max_records, double sum,
                        double enough) const;
  // The last stable offset: below it no transaction is open (read_committed reads up to it).
  Offset last_stable_offset() const;
  bool aborted(std::int64_t txn) const;
  // The end offset of the transaction's marker in this log; -1 if it has none.
  Offset marker_end(std::int64_t txn) const {
    auto it = state_.marker_ends.find(txn);
    return it == state_.marker_ends.end() ? -1 : it->second;
  }
  bool open_txn(std::int64_t txn) const { return state_.open_txns.count(txn) != 0; }
  const std::deque<RecordBatch>& batches() const { return batches_; }

 private:
  struct ProducerState {
    std::int32_t last_seq = -1;
    std::deque<std::int32_t> recent_base_seqs;  // the last 5 batches, as Kafka keeps
  };
  struct State {  // producer and transaction state, rebuilt from the log
    std::map<std::int64_t, ProducerState> producers;
    std::map<std::int64_t, Offset> open_txns;    // txn -> first offset
    std::map<std::int64_t, bool> finished_txns;  // txn -> aborted
    std::map<std::int64_t, Offset> marker_ends;  // txn -> end offset of its marker
  };
  static void apply(State& state, const RecordBatch& b);
  void rebuild_state();
  std::size_t batch_index(Offset offset) const;  // batch holding offset (offset < log_end)
  // Calls visit(batch, lo, hi) for the part [lo, hi) of each batch read() would copy, in
  // order, until visit returns false.
  template <class Visit>
  void for_each_read(Offset from, Offset until, std::size_t max_records, Visit visit) const;

  struct EpochStart {
    std::int32_t epoch;
    Offset start;
  };

  std::deque<RecordBatch> batches_;
  std::vector<EpochStart> epochs_;  // one entry per run of batches with the same epoch
  Offset durable_ = 0, hw_ = 0;
  double unflushed_bytes_ = 0.0;
  Offset start_ = 0;
  State state_;      // after every batch
  State forgotten_;  // after the forgotten batches: where a rebuild starts
};

}  // namespace sdsim::storage
