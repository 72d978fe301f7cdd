// Business updates (the book's business service writing to the geo index database's primary)
// and what a server sees of them: the primary every write at once, a read replica those
// written replication_lag before. The index of sim/storage/geo is built once from the
// original positions; a server's search takes its hits and applies the writes it has seen
// (a moved business leaves the result or enters it by its new position), which is what an
// index updated in place would return.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/storage/geo/geo.hpp"

namespace sdsim::proximity {

struct BusinessUpdate {
  std::uint64_t id = 0;
  storage::geo::LatLon pos;  // the new position
  double at = 0;             // s, written on the primary
};

// `hits` (searched on the original positions) as a server that has seen the updates written
// up to `visible_until` returns them (sorted); `updates` in time order.
std::vector<storage::geo::Hit> apply_updates(std::vector<storage::geo::Hit> hits,
                                             storage::geo::LatLon centre, double radius_m,
                                             const std::vector<BusinessUpdate>& updates,
                                             double visible_until, storage::geo::SearchWork& work);

// The age (s, at `served_at`) of the oldest write not in a replica's view (written after
// `visible_until`) that changes whether its business is in the result; -1 when none does
// (the result is the primary's).
double stale_age(storage::geo::LatLon centre, double radius_m,
                 const std::vector<storage::geo::Point>& original,
                 const std::vector<BusinessUpdate>& updates, double visible_until,
                 double served_at);

}  // namespace sdsim::proximity
