#include "sim/services/log/log_cluster.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "sim/model/run_context.hpp"
#include "sim/services/log/broker.hpp"
#include "sim/services/log/controller.hpp"

namespace sdsim::log_service {

LogCluster::LogCluster(const BrokerConfig& cfg, RunContext& ctx) : cfg_(cfg), ctx_(ctx) {}

Net& LogCluster::net() { return ctx_.net(); }
double LogCluster::now() const { return simgrid::s4u::Engine::get_clock(); }
void LogCluster::event(const std::string& kind, const std::string& target, const std::string& detail) {
  ctx_.event(kind, target, detail);
}

const Topic& LogCluster::add_topic(const std::string& name, int partitions) {
  if (controller_state_) throw std::logic_error("log: add_topic after start");
  topics_.push_back(Topic{name, partitions_, partitions});
  partitions_ += partitions;
  return topics_.back();
}

int LogCluster::add_group(const std::string& name, const Topic& topic, double session_timeout) {
  groups_.push_back(GroupSpec{name, topic.ids(), session_timeout});
  return static_cast<int>(groups_.size()) - 1;
}

void LogCluster::push_to(std::vector<Endpoint<PushProtocol>> consumers, bool read_committed) {
  push_consumers_ = std::move(consumers);
  push_read_committed_ = read_committed;
}

std::vector<int> LogCluster::replicas(int partition) const {
  std::vector<int> r;
  for (int k = 0; k < cfg_.replication_factor; ++k) r.push_back((partition + k) % cfg_.brokers);
  return r;
}

void LogCluster::start(const std::vector<std::string>& broker_hosts, const std::string& controller_host) {
  for (int b = 0; b < cfg_.brokers; ++b) {
    brokers_.push_back(net().register_service<BrokerProtocol>(fmt::format("broker-{}", b), broker_hosts.at(b)));
    auto store = std::make_shared<BrokerStore>();
    store->logs.resize(partitions_);
    stores_.push_back(store);
  }
  controller_ = net().register_service<ControllerProtocol>("controller", controller_host);
  pushed_.assign(partitions_, 0);

  auto s = std::make_shared<ControllerState>();
  s->brokers = std::make_unique<FailureDetector>(cfg_.broker_session_timeout);
  for (int b = 0; b < cfg_.brokers; ++b) s->brokers->watch(b, 0.0);  // every broker starts up
  for (int p = 0; p < partitions_; ++p) {
    PartitionMeta m;
    m.partition = p;
    m.replicas = replicas(p);
    m.leader = m.replicas.front();
    m.isr = m.replicas;
    m.version = 1;
    s->partitions.push_back(m);
  }
  for (const GroupSpec& g : groups_) s->groups.emplace_back(g.partitions, g.session_timeout);
  controller_state_ = s;
  start_controller(*this, s);
  for (int b = 0; b < cfg_.brokers; ++b) start_broker(*this, b);
}

const std::vector<PartitionMeta>& LogCluster::metadata() const { return controller_state_->partitions; }

std::vector<int> LogCluster::leaders() const {
  std::vector<int> v;
  for (const PartitionMeta& m : metadata()) v.push_back(m.leader);
  return v;
}

const ReplicaLog& LogCluster::current_log(int p) const {
  const int leader = metadata()[p].leader;
  if (leader >= 0) return stores_[leader]->logs[p];
  const ReplicaLog* best = &stores_[replicas(p).front()]->logs[p];
  for (int r : replicas(p))
    if (stores_[r]->logs[p].log_end() > best->log_end()) best = &stores_[r]->logs[p];
  return *best;
}

Offset LogCluster::committed(int group, int partition) const {
  return controller_state_->groups.at(group).committed(partition);
}

const std::vector<int>& LogCluster::group_partitions(int group) const { return groups_.at(group).partitions; }

}  // namespace sdsim::log_service
