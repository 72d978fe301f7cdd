#include "sim/storage/sorted_set/skip_list.hpp"

#include <cassert>
#include <cstring>
#include <new>
#include <utility>

namespace sdsim::storage::sorted_set {

SkipList::SkipList(RandomStream rng) : rng_(rng), header_(new_node(kMaxLevel, 0, "")) {}

SkipList::~SkipList() { release_all(); }

SkipList::SkipList(SkipList&& other) noexcept
    : rng_(other.rng_),
      header_(std::exchange(other.header_, nullptr)),
      tail_(std::exchange(other.tail_, nullptr)),
      length_(std::exchange(other.length_, 0)),
      level_(std::exchange(other.level_, 1)),
      work_(other.work_) {}

SkipList& SkipList::operator=(SkipList&& other) noexcept {
  if (this != &other) {
    release_all();
    rng_ = other.rng_;
    header_ = std::exchange(other.header_, nullptr);
    tail_ = std::exchange(other.tail_, nullptr);
    length_ = std::exchange(other.length_, 0);
    level_ = std::exchange(other.level_, 1);
    work_ = other.work_;
  }
  return *this;
}

void SkipList::release_all() {
  if (header_ == nullptr) return;  // moved from
  Node* x = header_->levels[0].forward;
  while (x != nullptr) {
    Node* next = x->levels[0].forward;
    free_node(x);
    x = next;
  }
  free_node(header_);
  header_ = nullptr;
}

int SkipList::random_height() {
  // Each extra level with probability exactly 1/4: the top two bits of a draw both zero.
  int height = 1;
  while (height < kMaxLevel && (rng_.next_u64() >> 62) == 0) ++height;
  return height;
}

SkipList::Node* SkipList::new_node(int height, double score, std::string_view member) {
  const std::size_t levels_bytes = sizeof(Level) * static_cast<std::size_t>(height);
  char* raw = static_cast<char*>(::operator new(sizeof(Node) + levels_bytes + member.size()));
  Node* node =
      ::new (raw) Node{score, nullptr, nullptr, static_cast<std::uint32_t>(member.size()), height};
  node->levels = ::new (raw + sizeof(Node)) Level[height];
  if (!member.empty()) std::memcpy(raw + sizeof(Node) + levels_bytes, member.data(), member.size());
  return node;
}

void SkipList::free_node(Node* node) {
  node->~Node();
  ::operator delete(node);
}

bool SkipList::precedes(const Node* node, double score, std::string_view member) {
  ++work_.comparisons;
  return node->score < score || (node->score == score && node->member() < member);
}

SkipList::Node* SkipList::find_path(double score, std::string_view member, Path& update) {
  Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels[i].forward != nullptr && precedes(x->levels[i].forward, score, member)) {
      x = x->levels[i].forward;
      ++work_.nodes_visited;
    }
    update[i] = x;
  }
  return x->levels[0].forward;
}

void SkipList::link(Node* node) {
  Path update;
  std::uint64_t rank[kMaxLevel];
  Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    rank[i] = i == level_ - 1 ? 0 : rank[i + 1];
    while (x->levels[i].forward != nullptr &&
           precedes(x->levels[i].forward, node->score, node->member())) {
      rank[i] += x->levels[i].span;
      x = x->levels[i].forward;
      ++work_.nodes_visited;
    }
    update[i] = x;
  }
  if (node->height > level_) {
    for (int i = level_; i < node->height; ++i) {
      rank[i] = 0;
      update[i] = header_;
      header_->levels[i].span = length_;
    }
    level_ = node->height;
  }
  for (int i = 0; i < node->height; ++i) {
    node->levels[i].forward = update[i]->levels[i].forward;
    update[i]->levels[i].forward = node;
    node->levels[i].span = update[i]->levels[i].span - (rank[0] - rank[i]);
    update[i]->levels[i].span = (rank[0] - rank[i]) + 1;
  }
  // Links above the node's height now jump over one more node.
  for (int i = node->height; i < level_; ++i) ++update[i]->levels[i].span;
  node->backward = update[0] == header_ ? nullptr : update[0];
  if (node->levels[0].forward != nullptr) {
    node->levels[0].forward->backward = node;
  } else {
    tail_ = node;
  }
  ++length_;
}

void SkipList::unlink(Node* node, Path& update) {
  for (int i = 0; i < level_; ++i) {
    if (update[i]->levels[i].forward == node) {
      update[i]->levels[i].span += node->levels[i].span - 1;
      update[i]->levels[i].forward = node->levels[i].forward;
    } else {
      --update[i]->levels[i].span;
    }
  }
  if (node->levels[0].forward != nullptr) {
    node->levels[0].forward->backward = node->backward;
  } else {
    tail_ = node->backward;
  }
  while (level_ > 1 && header_->levels[level_ - 1].forward == nullptr) --level_;
  --length_;
}

SkipList::Node* SkipList::insert(double score, std::string_view member) {
  Node* node = new_node(random_height(), score, member);
  link(node);
  return node;
}

void SkipList::update_score(Node* node, double new_score) {
  Path update;
  [[maybe_unused]] Node* found = find_path(node->score, node->member(), update);
  assert(found == node && "update_score on a node not in this list");
  // Still strictly between its neighbours: only the score changes (Redis's fast path).
  if ((node->backward == nullptr || node->backward->score < new_score) &&
      (node->levels[0].forward == nullptr || node->levels[0].forward->score > new_score)) {
    node->score = new_score;
    return;
  }
  unlink(node, update);
  node->score = new_score;
  link(node);
}

bool SkipList::erase(double score, std::string_view member) {
  Path update;
  Node* x = find_path(score, member, update);
  ++work_.comparisons;
  if (x == nullptr || x->score != score || x->member() != member) return false;
  unlink(x, update);
  free_node(x);
  return true;
}

std::uint64_t SkipList::rank(double score, std::string_view member) {
  std::uint64_t traversed = 0;
  Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels[i].forward != nullptr) {
      const Node* f = x->levels[i].forward;
      ++work_.comparisons;
      if (!(f->score < score || (f->score == score && f->member() <= member))) break;
      traversed += x->levels[i].span;
      x = x->levels[i].forward;
      ++work_.nodes_visited;
    }
    if (x != header_ && x->score == score && x->member() == member) return traversed;
  }
  return 0;
}

SkipList::Node* SkipList::at_rank(std::uint64_t rank) {
  std::uint64_t traversed = 0;
  Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels[i].forward != nullptr && traversed + x->levels[i].span <= rank) {
      traversed += x->levels[i].span;
      x = x->levels[i].forward;
      ++work_.nodes_visited;
    }
    if (traversed == rank) return x == header_ ? nullptr : x;
  }
  return nullptr;
}

}  // namespace sdsim::storage::sorted_set
