// The geohash (Gustavo Niemeyer, 2008; https://en.wikipedia.org/wiki/Geohash ): a point's
// longitude and latitude bisected alternately, longitude first, one bit per step (1 for the
// upper half), the bits read five at a time in the base-32 alphabet 0-9 b-z without a i l o.
// A hash of `p` characters holds ceil(5p/2) longitude bits and floor(5p/2) latitude bits, so
// its cell is 360 / 2^ceil(5p/2) degrees wide and 180 / 2^floor(5p/2) degrees high
// (cell_size(): computed, not tabled). Precision 1..12.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/storage/geo/geo.hpp"

namespace sdsim::storage::geo {

inline constexpr int kGeohashMaxPrecision = 12;

struct CellSize {
  double width_deg = 0, height_deg = 0;
  int lon_bits = 0, lat_bits = 0;
};
CellSize cell_size(int precision);
// The cell's width and height in metres on the sphere at latitude `lat` (width shrinks as
// cos(lat)).
double cell_width_m(int precision, double lat);
double cell_height_m(int precision);

std::string geohash_encode(LatLon p, int precision);
// The cell of a hash; false (box untouched) when `hash` holds a character outside the alphabet.
bool geohash_decode(std::string_view hash, Box& cell);
LatLon geohash_centre(std::string_view hash);  // hash must be valid

// The neighbour `dlat` cells north (negative: south) and `dlon` cells east of `hash`, at the
// same precision; longitude wraps at the 180th meridian; empty string beyond a pole.
std::string geohash_adjacent(std::string_view hash, int dlat, int dlon);
// The 8 neighbours in the order N, NE, E, SE, S, SW, W, NW; beyond a pole there is none, so a
// cell of the top or bottom row has 5.
std::vector<std::string> geohash_neighbours(std::string_view hash);

// Every cell of `precision` that intersects `box` (row by row, south-west first).
std::vector<std::string> geohash_cover(const Box& box, int precision);

// The book's radius -> precision mapping (System Design Interview vol. 2, ch. 1, "Geohash",
// the table of radius to geohash length): 0.5 km -> 6, 1 km -> 5, 2 km -> 5, 5 km -> 4,
// 20 km -> 4. A radius between two of the book's takes the precision of the next larger one;
// beyond 20 km the finest precision whose cell height (at the equator) is at least the radius.
int book_precision(double radius_m);

}  // namespace sdsim::storage::geo
