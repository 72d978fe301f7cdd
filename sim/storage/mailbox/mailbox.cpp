#include "sim/storage/mailbox/mailbox.hpp"

#include <algorithm>

namespace sdsim::storage::mailbox {

Mailbox::Mailbox() {
  for (const char* f : {"INBOX", "Sent", "Spam"}) by_folder_[f];
}

Uid Mailbox::deliver(const std::string& folder, double time, std::uint64_t thread,
                     std::uint64_t bytes) {
  const Uid uid = next_uid_++;
  messages_[uid] = Message{uid, folder, time, thread == 0 ? uid : thread, bytes, false, false};
  by_folder_[folder].emplace(time, uid);
  bytes_ += bytes;
  return uid;
}

std::vector<Message> Mailbox::list(const std::string& folder, std::size_t limit) {
  std::vector<Message> out;
  auto f = by_folder_.find(folder);
  if (f == by_folder_.end()) return out;
  for (auto it = f->second.rbegin(); it != f->second.rend() && out.size() < limit; ++it) {
    ++work_.scanned;
    out.push_back(messages_.at(it->second));
  }
  return out;
}

std::size_t Mailbox::unread(const std::string& folder) const {
  auto f = by_folder_.find(folder);
  if (f == by_folder_.end()) return 0;
  return std::size_t(std::count_if(f->second.begin(), f->second.end(),
                                   [this](const auto& e) { return !messages_.at(e.second).seen; }));
}

std::vector<Message> Mailbox::thread(std::uint64_t thread_id) {
  std::vector<Message> out;
  for (const auto& [uid, m] : messages_) {
    ++work_.scanned;
    if (m.thread == thread_id) out.push_back(m);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Message& a, const Message& b) { return a.time < b.time; });
  return out;
}

bool Mailbox::set_seen(Uid uid, bool seen) {
  auto it = messages_.find(uid);
  if (it == messages_.end()) return false;
  it->second.seen = seen;
  return true;
}

bool Mailbox::set_deleted(Uid uid, bool deleted) {
  auto it = messages_.find(uid);
  if (it == messages_.end()) return false;
  it->second.deleted = deleted;
  return true;
}

bool Mailbox::move(Uid uid, const std::string& folder) {
  auto it = messages_.find(uid);
  if (it == messages_.end()) return false;
  Message& m = it->second;
  by_folder_[m.folder].erase({m.time, uid});
  m.folder = folder;
  by_folder_[folder].emplace(m.time, uid);
  return true;
}

std::optional<Message> Mailbox::fetch(Uid uid) {
  auto it = messages_.find(uid);
  if (it == messages_.end()) return std::nullopt;
  ++work_.scanned;
  it->second.seen = true;
  return it->second;
}

std::size_t Mailbox::expunge(const std::string& folder) {
  std::vector<Uid> gone;
  auto f = by_folder_.find(folder);
  if (f == by_folder_.end()) return 0;
  for (const auto& [t, uid] : f->second) {
    ++work_.scanned;
    if (messages_.at(uid).deleted) gone.push_back(uid);
  }
  for (Uid uid : gone) erase(uid);
  return gone.size();
}

std::optional<Message> Mailbox::find(Uid uid) const {
  auto it = messages_.find(uid);
  if (it == messages_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Mailbox::folders() const {
  std::vector<std::string> out;
  for (const auto& [name, msgs] : by_folder_) out.push_back(name);
  return out;
}

void Mailbox::erase(Uid uid) {
  auto it = messages_.find(uid);
  if (it == messages_.end()) return;
  by_folder_[it->second.folder].erase({it->second.time, uid});
  bytes_ -= it->second.bytes;
  messages_.erase(it);
}

Pop3Session::Pop3Session(Mailbox& box) : box_(box) {
  for (const auto& [t, uid] : box.by_folder_["INBOX"]) maildrop_.push_back(uid);
}

std::vector<Uid> Pop3Session::list() const {
  std::vector<Uid> out;
  for (Uid uid : maildrop_)
    if (!marked_.count(uid)) out.push_back(uid);
  return out;
}

std::optional<Message> Pop3Session::retr(Uid uid) {
  if (!open_ || marked_.count(uid) ||
      std::find(maildrop_.begin(), maildrop_.end(), uid) == maildrop_.end())
    return std::nullopt;
  return box_.fetch(uid);
}

bool Pop3Session::dele(Uid uid) {
  if (!open_ || marked_.count(uid) ||
      std::find(maildrop_.begin(), maildrop_.end(), uid) == maildrop_.end())
    return false;
  marked_.insert(uid);
  return true;
}

void Pop3Session::rset() { marked_.clear(); }

std::size_t Pop3Session::quit() {
  const std::size_t n = marked_.size();
  for (Uid uid : marked_) box_.erase(uid);
  marked_.clear();
  open_ = false;
  return n;
}

}  // namespace sdsim::storage::mailbox
