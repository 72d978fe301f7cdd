#include "models/object_store/services/metadata.hpp"

namespace sg4 = simgrid::s4u;

namespace sdsim::object_store {

void MetadataShard::handle(std::unique_ptr<Letter<MetadataProtocol>> msg) {
  sg4::this_actor::sleep_for(cost_);
  MetaReply out;
  Status status = Status::Ok;
  std::visit(overloaded{
                 [&](const MetaPut& r) {
                   ObjectRow& row = t_->objects[{r.row.bucket, r.row.name}];
                   row = r.row;
                   c_.rows_by_id[row.id] = &row;
                   c_.refresh(row.id);
                   out.found = true;
                 },
                 [&](const MetaGet& r) {
                   auto it = t_->objects.find({r.bucket, r.name});
                   if (it == t_->objects.end()) {
                     status = Status::Error;  // no such object
                     return;
                   }
                   out.found = true;
                   out.row = it->second;
                   if (r.remove) {
                     t_->objects.erase(it);
                     c_.rows_by_id.erase(out.row.id);
                     c_.refresh(out.row.id);
                   }
                 },
                 [&](const IndexAdd& r) {
                   if (r.remove)
                     t_->listings[r.bucket].remove(r.name);
                   else
                     t_->listings[r.bucket].add(r.name);
                 },
                 [&](const IndexList& r) {
                   auto it = t_->listings.find(r.bucket);
                   if (it == t_->listings.end()) return;
                   if (r.max_keys == 0) {
                     out.list = it->second.list(r.prefix, r.delimiter);
                     return;
                   }
                   ListPage page =
                       it->second.list_page(r.prefix, r.delimiter, r.max_keys, r.token);
                   out.list = std::move(page.result);
                   out.truncated = page.is_truncated;
                   out.next_token = std::move(page.next_token);
                 },
             },
             msg->body);
  net_.reply(*msg, std::move(out), status);
}

}  // namespace sdsim::object_store
