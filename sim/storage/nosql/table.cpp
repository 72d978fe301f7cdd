#include "sim/storage/nosql/table.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/storage/hash_ring.hpp"

namespace sdsim::storage::nosql {

void TableOptions::validate() const {
  if (key.partition_attribute.empty())
    throw std::invalid_argument("nosql table: the partition key needs a name");
  if (partitions < 0) throw std::invalid_argument("nosql table: partitions must be >= 0");
  if (!(read_capacity > 0) || !(write_capacity > 0))
    throw std::invalid_argument("nosql table: read and write capacity must be > 0");
  if (!(partition_read_limit > 0) || !(partition_write_limit > 0))
    throw std::invalid_argument("nosql table: partition limits must be > 0");
  if (burst_seconds < 0) throw std::invalid_argument("nosql table: burst_seconds must be >= 0");
}

int TableOptions::partition_count() const {
  if (partitions > 0) return partitions;
  return std::max(1, static_cast<int>(std::ceil(read_capacity / 3000 + write_capacity / 1000)));
}

Table::Table(TableOptions options) : options_((options.validate(), std::move(options))) {
  const int n = options_.partition_count();
  for (int p = 0; p < n; ++p)
    partitions_.emplace_back(options_.read_capacity / n, options_.partition_read_limit,
                             options_.write_capacity / n, options_.partition_write_limit,
                             options_.burst_seconds);
}

SecondaryIndex& Table::add_index(IndexOptions options) {
  if (seq_ > 0) throw std::logic_error("nosql table: indexes are added before the first write");
  indexes_.push_back(std::make_unique<SecondaryIndex>(std::move(options), options_.key,
                                                      partitions(), options_.burst_seconds));
  return *indexes_.back();
}

SecondaryIndex* Table::index(const std::string& name) {
  for (auto& i : indexes_)
    if (i->options().name == name) return i.get();
  return nullptr;
}

int Table::partition_of(const std::string& partition_key) const {
  return static_cast<int>(
      (static_cast<unsigned __int128>(HashRing::hash(partition_key)) * partitions_.size()) >> 64);
}

WriteResult Table::put(Item item, double now_s) {
  const std::string pk = item.partition_key, sk = item.sort_key;
  return write(pk, sk, std::move(item), now_s);
}

WriteResult Table::remove(const std::string& pk, const std::string& sk, double now_s) {
  return write(pk, sk, std::nullopt, now_s);
}

WriteResult Table::write(const std::string& pk, const std::string& sk, std::optional<Item> item,
                         double now_s) {
  WriteResult r;
  r.partition = partition_of(pk);
  Partition& p = partitions_[r.partition];
  auto it = p.items.find({pk, sk});
  const Item* old = it == p.items.end() ? nullptr : &it->second;
  // DynamoDB charges a write on the larger of the old and new item.
  r.bytes = item ? item_size(*item, options_.key) : 0;
  const std::uint64_t charged = std::max(r.bytes, old ? item_size(*old, options_.key) : 0);
  r.units = write_units(charged);
  std::vector<SecondaryIndex*> touched;
  for (auto& idx : indexes_)
    if ((item && idx->key_of(*item)) || (old && idx->key_of(*old))) touched.push_back(idx.get());
  for (SecondaryIndex* idx : touched)
    if (idx->pending() >= idx->options().max_backlog) {
      ++p.stats.index_throttles;
      r.throttled = Throttle::index_backlog;
      return r;
    }
  if (!p.write.try_consume(r.units, now_s)) {
    ++p.stats.write_throttles;
    r.throttled = Throttle::partition;
    return r;
  }
  r.seq = ++seq_;
  r.replaced = old != nullptr;
  if (old) {
    p.stats.bytes -= item_size(*old, options_.key);
    --p.stats.items;
  }
  for (SecondaryIndex* idx : touched)
    idx->enqueue(IndexUpdate{r.seq, r.partition, pk, sk, item, now_s});
  if (item) {
    p.stats.bytes += r.bytes;
    ++p.stats.items;
    p.items[{pk, sk}] = std::move(*item);
  } else if (old) {
    p.items.erase(it);
  }
  ++p.stats.writes;
  p.stats.write_units += r.units;
  return r;
}

ReadResult Table::finish_read(Partition& p, ReadResult r, bool consistent, double now_s) {
  r.units = read_units(r.bytes_read, consistent);
  if (!p.read.try_consume(r.units, now_s)) {
    ++p.stats.read_throttles;
    r.throttled = true;
    r.items.clear();
    return r;
  }
  ++p.stats.reads;
  p.stats.read_units += r.units;
  return r;
}

ReadResult Table::get(const std::string& pk, const std::string& sk, bool consistent, double now_s) {
  ReadResult r;
  r.partition = partition_of(pk);
  Partition& p = partitions_[r.partition];
  auto it = p.items.find({pk, sk});
  if (it != p.items.end()) {
    r.bytes_read = item_size(it->second, options_.key);
    r.items.push_back(it->second);
  }
  return finish_read(p, std::move(r), consistent, now_s);
}

ReadResult Table::query(const std::string& pk, const std::string& sk_begin,
                        const std::string& sk_end, std::size_t limit, bool consistent,
                        double now_s) {
  ReadResult r;
  r.partition = partition_of(pk);
  Partition& p = partitions_[r.partition];
  for (auto it = p.items.lower_bound({pk, sk_begin});
       it != p.items.end() && it->first.first == pk &&
       (sk_end.empty() || it->first.second < sk_end) && r.items.size() < limit;
       ++it) {
    r.bytes_read += item_size(it->second, options_.key);
    r.items.push_back(it->second);
  }
  return finish_read(p, std::move(r), consistent, now_s);
}

ReadResult Table::scan(int partition, const std::string& attribute, const std::string& value,
                       bool consistent, double now_s) {
  ReadResult r;
  r.partition = partition;
  Partition& p = partitions_.at(partition);
  for (const auto& [key, item] : p.items) {
    r.bytes_read += item_size(item, options_.key);
    const std::string* a = attribute.empty() ? nullptr : item.attribute(attribute);
    if (attribute.empty() || (a && *a == value)) r.items.push_back(item);
  }
  return finish_read(p, std::move(r), consistent, now_s);
}

std::uint64_t Table::items() const {
  std::uint64_t n = 0;
  for (const auto& p : partitions_) n += p.items.size();
  return n;
}

std::vector<Item> Table::all_items() const {
  std::vector<Item> out;
  for (const auto& p : partitions_)
    for (const auto& [k, item] : p.items) out.push_back(item);
  return out;
}

}  // namespace sdsim::storage::nosql
