#include <algorithm>
#include <cmath>
#include <set>

#include "sim/storage/lsm/compaction.hpp"

namespace sdsim::storage::lsm {
namespace {

struct KeyRange {
  std::string first, last;
};

KeyRange range_of(const std::vector<const SSTable*>& sstables) {
  KeyRange r{sstables.front()->first_key(), sstables.front()->last_key()};
  for (const SSTable* s : sstables) {
    r.first = std::min(r.first, s->first_key());
    r.last = std::max(r.last, s->last_key());
  }
  return r;
}

std::vector<const SSTable*> overlapping(const KeyRange& r,
                                        const std::vector<const SSTable*>& level) {
  std::vector<const SSTable*> out;
  for (const SSTable* s : level)
    if (s->overlaps(r.first, r.last)) out.push_back(s);
  return out;
}

// Cassandra's getNextLevel: a small L0-only compaction stays in L0; inputs from one level go
// one level down; inputs from two levels land in the lower of them.
int next_level(const std::vector<const SSTable*>& inputs, const LeveledOptions& options) {
  int lo = inputs.front()->level(), hi = lo;
  for (const SSTable* s : inputs) {
    lo = std::min(lo, s->level());
    hi = std::max(hi, s->level());
  }
  if (hi == 0 && total_bytes(inputs) < options.sstable_size_bytes) return 0;
  return lo == hi ? hi + 1 : hi;
}

// The oldest L0 SSTables (by newest write inside, as Cassandra's maxTimestampAscending) and
// the L0 SSTables they overlap; then L1's overlapping ones once there is a full SSTable's worth.
std::vector<const SSTable*> l0_candidates(const std::vector<std::vector<const SSTable*>>& levels,
                                          const LeveledOptions& options, int max_threshold) {
  std::vector<const SSTable*> by_age = levels[0];
  auto older = [](const SSTable* a, const SSTable* b) {
    if (a->max_timestamp_us() != b->max_timestamp_us())
      return a->max_timestamp_us() < b->max_timestamp_us();
    return a->generation() < b->generation();
  };
  std::sort(by_age.begin(), by_age.end(), older);
  std::vector<const SSTable*> picked;
  std::set<const SSTable*> taken;
  for (const SSTable* s : by_age) {
    if (taken.count(s)) continue;
    for (const SSTable* o : by_age) {
      if (!taken.count(o) && (o == s || o->overlaps(s->first_key(), s->last_key()))) {
        taken.insert(o);
        picked.push_back(o);
      }
    }
    if (static_cast<int>(picked.size()) > max_threshold) {
      std::sort(picked.begin(), picked.end(), older);
      picked.resize(max_threshold);
      break;
    }
  }
  if (total_bytes(picked) > options.sstable_size_bytes && levels.size() > 1) {
    for (const SSTable* s : overlapping(range_of(picked), levels[1])) picked.push_back(s);
  }
  if (picked.size() < 2) return {};
  return picked;
}

// One SSTable of `level`, round-robin by key, with what it overlaps one level down.
std::vector<const SSTable*> level_candidates(const std::vector<std::vector<const SSTable*>>& levels,
                                             int level, LevelCursor& cursor) {
  const auto& here = levels[level];
  const std::string& after = cursor.last_compacted_key[level];
  const SSTable* pick = here.front();
  for (const SSTable* s : here) {
    if (after.empty() || s->first_key() > after) {
      pick = s;
      break;
    }
  }
  std::vector<const SSTable*> picked{pick};
  if (static_cast<std::size_t>(level + 1) < levels.size()) {
    for (const SSTable* s : overlapping({pick->first_key(), pick->last_key()}, levels[level + 1]))
      picked.push_back(s);
  }
  cursor.last_compacted_key[level] = pick->last_key();
  return picked;
}

}  // namespace

std::uint64_t max_bytes_for_level(int level, const LeveledOptions& options) {
  if (level == 0) return 4 * options.sstable_size_bytes;
  return static_cast<std::uint64_t>(std::pow(options.fanout_size, level) *
                                    static_cast<double>(options.sstable_size_bytes));
}

std::optional<CompactionTask> pick_leveled(const std::vector<std::vector<const SSTable*>>& levels,
                                           const LeveledOptions& options,
                                           const SizeTieredOptions& size_tiered,
                                           LevelCursor& cursor) {
  if (levels.empty()) return std::nullopt;
  cursor.last_compacted_key.resize(std::max(cursor.last_compacted_key.size(), levels.size()));
  auto task = [&](std::vector<const SSTable*> inputs) {
    CompactionTask t;
    t.output_level = next_level(inputs, options);
    t.inputs = std::move(inputs);
    t.max_output_bytes = options.sstable_size_bytes;
    return t;
  };
  // L0 far behind: size-tier it first so reads stop paying for dozens of overlapping SSTables.
  auto stcs_in_l0 = [&]() -> std::optional<CompactionTask> {
    if (static_cast<int>(levels[0].size()) <= options.max_compacting_l0) return std::nullopt;
    auto bucket = pick_size_tiered(levels[0], size_tiered);
    if (bucket.empty()) return std::nullopt;
    CompactionTask t;
    t.inputs = std::move(bucket);
    t.output_level = 0;
    return t;
  };
  for (int level = static_cast<int>(levels.size()) - 1; level >= 1; --level) {
    if (levels[level].empty()) continue;
    const double score = static_cast<double>(total_bytes(levels[level])) /
                         static_cast<double>(max_bytes_for_level(level, options));
    if (score <= 1.001) continue;
    if (auto l0 = stcs_in_l0()) return l0;
    return task(level_candidates(levels, level, cursor));
  }
  if (levels[0].empty()) return std::nullopt;
  auto picked = l0_candidates(levels, options, size_tiered.max_threshold);
  if (picked.empty()) return stcs_in_l0();
  return task(std::move(picked));
}

}  // namespace sdsim::storage::lsm
