#include "models/object_store/metadata.hpp"

#include <cstring>

namespace sg4 = simgrid::s4u;

namespace sdsim::object_store {

void MetadataShard::handle(std::unique_ptr<Message> msg) {
  sg4::this_actor::sleep_for(cost_);
  const auto& req = std::any_cast<const MetaRequest&>(msg->body);
  MetaReply out;
  const std::string op = msg->op;
  if (op == "meta_put") {
    t_->objects[{req.row.bucket, req.row.name}] = req.row;
    out.found = true;
  } else if (op == "meta_get" || op == "meta_delete") {
    auto it = t_->objects.find({req.bucket, req.name});
    if (it != t_->objects.end()) {
      out.found = true;
      out.row = it->second;
      if (op == "meta_delete") t_->objects.erase(it);
    }
  } else if (op == "index_add") {
    t_->listings[req.bucket].add(req.name);
  } else if (op == "index_remove") {
    t_->listings[req.bucket].remove(req.name);
  } else if (op == "index_list") {
    auto it = t_->listings.find(req.bucket);
    if (it != t_->listings.end()) out.list = it->second.list(req.prefix, req.delimiter);
  }
  double bytes = 200;
  for (const auto& o : out.list.objects) bytes += o.size() + 50;
  for (const auto& p : out.list.common_prefixes) bytes += p.size() + 10;
  auto reply = std::make_unique<Message>();
  reply->status = (op == "meta_get" || op == "meta_delete") && !out.found ? Status::Error : Status::Ok;
  reply->body = std::move(out);
  net_.reply(*msg, std::move(reply), bytes);
}

}  // namespace sdsim::object_store
