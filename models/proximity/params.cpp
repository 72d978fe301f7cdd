#include "models/proximity/params.hpp"

namespace sdsim::proximity {

const ParamTable<Config>& params() {
  static const ParamTable<Config> t = [] {
    ParamTable<BusinessConfig> b;
    b.choice("source", &BusinessConfig::source, "generated", "where the businesses come from",
             {{"generated", std::string("generated")}, {"csv", std::string("csv")}})
        .text("file", &BusinessConfig::file, "none",
              "source csv: a file with header id,lat,lon (degrees), relative to the scenario")
        .count("count", &BusinessConfig::count, "2000", "source generated: number of businesses", 1,
               1e8)
        .choice("distribution", &BusinessConfig::distribution, "clustered",
                "generated: uniform over the region, or clustered (a mixture of Gaussians around "
                "cities)",
                {{"uniform", std::string("uniform")}, {"clustered", std::string("clustered")}})
        .integer("cities", &BusinessConfig::cities, "5",
                 "clustered: cities, centres uniform in the region", 1, 100000)
        .real("city_spread_km", &BusinessConfig::city_spread_km, "3",
              "clustered: standard deviation of a city (km)", 0.001, 1e4)
        .real("lat", &BusinessConfig::lat, "37.77", "the region's centre latitude (degrees)", -80,
              80)
        .real("lon", &BusinessConfig::lon, "-122.42", "the region's centre longitude (degrees)",
              -180, 180)
        .real("region_km", &BusinessConfig::region_km, "100", "the region's side (km)", 0.01, 2000);
    ParamTable<QueryConfig> q;
    q.choice("source", &QueryConfig::source, "generated", "where the searches come from",
             {{"generated", std::string("generated")}, {"csv", std::string("csv")}})
        .text("file", &QueryConfig::file, "none",
              "source csv: header id,lat,lon,radius; radius with a unit (500m, 2km); taken in "
              "order, cyclically")
        .text("radii", &QueryConfig::radii, "500m, 1km, 2km, 5km, 20km",
              "generated: radii drawn uniformly from this list (the book's five)")
        .real("jitter_km", &QueryConfig::jitter_km, "1",
              "generated: a search is made this far (standard deviation, km) from a business "
              "picked by workload.keys",
              0, 1e4)
        .integer("page_size", &QueryConfig::page_size, "20",
                 "results returned at most, nearest first", 1, 1000000);
    ParamTable<IndexConfig> i;
    i.choice("kind", &IndexConfig::kind, "geohash", "the spatial index on the index servers",
             {{"brute", std::string("brute")},
              {"grid", std::string("grid")},
              {"geohash", std::string("geohash")},
              {"quadtree", std::string("quadtree")}})
        .real("grid_cell_km", &IndexConfig::grid_cell_km, "2", "grid: cell side (km of latitude)",
              0.01, 1e4)
        .choice("geohash_search", &IndexConfig::geohash_search, "cover",
                "geohash: cells read; cover (complete), neighbours (the book's 3x3 block), cell "
                "(the query's only)",
                {{"cover", std::string("cover")},
                 {"neighbours", std::string("neighbours")},
                 {"cell", std::string("cell")}})
        .integer("leaf_capacity", &IndexConfig::leaf_capacity, "100",
                 "quadtree: most businesses in a leaf", 1, 1000000);
    ParamTable<CostConfig> c;
    c.duration("per_query", &CostConfig::per_query, "100us", "index server CPU per search")
        .duration("per_cell", &CostConfig::per_cell, "2us",
                  "index server CPU per cell or node visited")
        .duration("per_point", &CostConfig::per_point, "1us",
                  "index server CPU per distance computed")
        .duration("per_build_step", &CostConfig::per_build_step, "1us",
                  "index server CPU per point placed at build (per level descended in a quadtree)")
        .duration("lbs_per_query", &CostConfig::lbs_per_query, "50us",
                  "location-based service CPU per search");
    ParamTable<ScaleConfig> s;
    s.real("daily_active_users", &ScaleConfig::daily_active_users, "100e6",
           "the book's DAU (estimate.*)", 0, 1e12)
        .real("searches_per_user", &ScaleConfig::searches_per_user, "5",
              "searches per user per day (estimate.*)", 0, 1e6)
        .real("businesses", &ScaleConfig::businesses, "200e6",
              "the book's business count (estimate.*)", 0, 1e12);
    ParamTable<CacheConfig> k;
    k.flag("enabled", &CacheConfig::enabled, "false",
           "geohash only: a Redis cache of each cell's rows, keyed by (precision, geohash), in "
           "front of the index")
        .duration("ttl", &CacheConfig::ttl, "60s", "time to live of a cached cell", 0.001)
        .group("redis", "the cache server's settings (sdsim describe redis)", &CacheConfig::redis,
               redis_service::redis_params());
    ParamTable<Config> p;
    p.group("businesses", "the businesses indexed", &Config::businesses, b)
        .group("queries", "the searches", &Config::queries, q)
        .group("index", "the spatial index", &Config::index, i)
        .group("cost", "CPU charged for the index's work", &Config::cost, c)
        .group("cache", "the geohash cell cache", &Config::cache, k)
        .group("scale", "the book's scale, for the back-of-the-envelope estimates", &Config::scale,
               s)
        .integer("lbs_servers", &Config::lbs_servers, "2",
                 "stateless location-based-service servers", 1, 1000)
        .integer("read_replicas", &Config::read_replicas, "2",
                 "read replicas of the index database (searches go to them; 0: to the primary)", 0,
                 1000)
        .integer("index_workers", &Config::index_workers, "1",
                 "searches an index server runs at once (its cores)", 1, 1024)
        .duration("replica_timeout", &Config::replica_timeout, "200ms",
                  "the LBS's wait for an index server before it tries the next one", 1e-6)
        .flag("write_results", &Config::write_results, "false",
              "write results.csv (query id, business id, distance)")
        .integer("check_every", &Config::check_every, "1",
                 "recall and precision against brute force on every n-th search", 1, 1000000)
        .rate("update_rate", &Config::update_rate, "0/s",
              "business updates (a business moves up to 1 km) written by the business service to "
              "the primary")
        .duration("replication_lag", &Config::replication_lag, "1s",
                  "time before the primary's writes are visible on the read replicas");
    return p;
  }();
  return t;
}

}  // namespace sdsim::proximity
