#include "sim/storage/nosql/secondary_index.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/storage/hash_ring.hpp"

namespace sdsim::storage::nosql {

std::uint64_t IndexUpdate::bytes() const {
  return item ? item_size(*item, KeySchema{}) : base_pk.size() + base_sk.size() + 4;
}

SecondaryIndex::SecondaryIndex(IndexOptions options, KeySchema base_key, int partitions,
                               double burst_seconds)
    : options_(std::move(options)),
      base_key_(std::move(base_key)),
      partitions_(partitions),
      pending_(partitions) {
  if (options_.partition_attribute.empty())
    throw std::invalid_argument("index " + options_.name + ": no partition key");
  for (int p = 0; p < partitions_; ++p) {
    write_capacity_.emplace_back(options_.write_capacity / partitions_, 1000, burst_seconds);
    read_capacity_.emplace_back(options_.read_capacity / partitions_, 3000, burst_seconds);
  }
}

int SecondaryIndex::partition_of(const std::string& index_pk) const {
  return static_cast<int>(
      (static_cast<unsigned __int128>(HashRing::hash(index_pk)) * partitions_) >> 64);
}

std::optional<std::pair<std::string, std::string>> SecondaryIndex::key_of(const Item& item) const {
  const std::string* pk = item.attribute(options_.partition_attribute);
  if (!pk) return std::nullopt;
  std::string sk;
  if (!options_.sort_attribute.empty()) {
    const std::string* s = item.attribute(options_.sort_attribute);
    if (!s) return std::nullopt;  // DynamoDB leaves out items missing either index key attribute
    sk = *s;
  }
  return std::make_pair(*pk, sk);
}

void SecondaryIndex::enqueue(IndexUpdate update) {
  pending_.at(update.base_partition).push_back(std::move(update));
  ++pending_total_;
  ++stats_.queued;
}

std::vector<IndexUpdate> SecondaryIndex::peek(int base_partition, std::size_t max) const {
  const auto& q = pending_.at(base_partition);
  return {q.begin(), q.begin() + static_cast<std::ptrdiff_t>(std::min(max, q.size()))};
}

void SecondaryIndex::acknowledge(int base_partition, std::size_t count) {
  auto& q = pending_.at(base_partition);
  count = std::min(count, q.size());
  q.erase(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(count));
  pending_total_ -= count;
}

std::size_t SecondaryIndex::pending(int base_partition) const {
  return pending_.at(base_partition).size();
}

bool SecondaryIndex::try_write(int index_partition, double units, double now_s) {
  return write_capacity_.at(index_partition).try_consume(units, now_s);
}

std::optional<double> SecondaryIndex::apply(const IndexUpdate& u, double now_s) {
  Current& cur = by_base_[{u.base_pk, u.base_sk}];
  if (u.seq <= cur.seq) {
    ++stats_.skipped_duplicates;
    return std::nullopt;
  }
  cur.seq = u.seq;
  if (cur.entry) entries_.erase(*cur.entry);
  cur.entry.reset();
  if (u.item) {
    if (auto k = key_of(*u.item)) {
      EntryKey e{k->first, k->second, u.base_pk, u.base_sk};
      entries_[e] = *u.item;
      cur.entry = e;
    }
  }
  const double lag = now_s - u.written_s;
  ++stats_.applied;
  stats_.lag_sum_s += lag;
  stats_.lag_max_s = std::max(stats_.lag_max_s, lag);
  return lag;
}

SecondaryIndex::QueryResult SecondaryIndex::query(const std::string& index_pk, std::size_t limit,
                                                  double now_s) {
  QueryResult r;
  std::uint64_t bytes = 0;
  for (auto it = entries_.lower_bound(EntryKey{index_pk, "", "", ""});
       it != entries_.end() && std::get<0>(it->first) == index_pk && r.items.size() < limit; ++it) {
    bytes += item_size(it->second, base_key_);
    r.items.push_back(it->second);
  }
  r.units = read_units(bytes, false);  // index reads are eventually consistent
  if (!read_capacity_.at(partition_of(index_pk)).try_consume(r.units, now_s)) {
    ++stats_.read_throttles;
    r.throttled = true;
    r.items.clear();
  }
  return r;
}

}  // namespace sdsim::storage::nosql
