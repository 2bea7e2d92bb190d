#include "store/internal/preload_table.h"

#include <algorithm>
#include <bit>
#include <functional>

namespace mamori::store::internal {
namespace {

uint64_t HashPath(std::string_view path) { return std::hash<std::string_view>{}(path); }

uint32_t TagOf(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }

}  // namespace

void PreloadTable::Reserve(size_t files) {
  entries_.reserve(files);
  // Paths of a share run to a few dozen bytes.
  arena_.reserve(files * 64);
  const size_t wanted = std::bit_ceil(std::max<size_t>(16, files * 2));
  if (wanted > slots_.size()) {
    slots_.assign(wanted, Slot{});
    for (size_t i = 0; i < entries_.size(); ++i) {
      const uint64_t hash = HashPath(PathOf(entries_[i]));
      slots_[Probe(PathOf(entries_[i]), hash)] = Slot{TagOf(hash), static_cast<uint32_t>(i + 1)};
    }
  }
}

size_t PreloadTable::Probe(std::string_view path, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  const uint32_t tag = TagOf(hash);
  // Linear probing: the next slot is usually on the same cache line.
  for (size_t i = static_cast<size_t>(hash) & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.entry == 0) return i;
    if (slot.tag == tag && PathOf(entries_[slot.entry - 1]) == path) return i;
  }
}

void PreloadTable::Grow() {
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.assign(std::max<size_t>(16, old.size() * 2), Slot{});
  for (const Slot& slot : old) {
    if (slot.entry == 0) continue;
    const std::string_view path = PathOf(entries_[slot.entry - 1]);
    slots_[Probe(path, HashPath(path))] = slot;
  }
}

Preloaded& PreloadTable::Upsert(std::string_view path) {
  if ((entries_.size() + 1) * 2 > slots_.size()) Grow();
  const uint64_t hash = HashPath(path);
  Slot& slot = slots_[Probe(path, hash)];
  if (slot.entry != 0) {
    Stored& stored = entries_[slot.entry - 1];
    stored.value = Preloaded{};
    stored.erased = false;
    return stored.value;
  }
  Stored& stored = entries_.emplace_back();
  stored.path_offset = arena_.size();
  stored.path_size = static_cast<uint32_t>(path.size());
  arena_.append(path);
  slot = Slot{TagOf(hash), static_cast<uint32_t>(entries_.size())};
  return stored.value;
}

const Preloaded* PreloadTable::Find(std::string_view path) const {
  if (slots_.empty()) return nullptr;
  const Slot& slot = slots_[Probe(path, HashPath(path))];
  if (slot.entry == 0) return nullptr;
  const Stored& stored = entries_[slot.entry - 1];
  return stored.erased ? nullptr : &stored.value;
}

void PreloadTable::Erase(std::string_view path) {
  if (slots_.empty()) return;
  const Slot& slot = slots_[Probe(path, HashPath(path))];
  if (slot.entry != 0) entries_[slot.entry - 1].erased = true;
}

uint32_t PreloadTable::Intern(std::string_view text, uint32_t& last) {
  if (last != kNoString && strings_[last] == text) return last;
  auto it = string_ids_.find(text);
  if (it == string_ids_.end()) {
    const std::string& stored = strings_.emplace_back(text);
    it = string_ids_.emplace(stored, static_cast<uint32_t>(strings_.size() - 1)).first;
  }
  last = it->second;
  return last;
}

void PreloadTable::Clear() {
  // Swapped with empties so that the memory is returned, not kept for the next scan.
  std::vector<Slot>().swap(slots_);
  std::vector<Stored>().swap(entries_);
  std::string().swap(arena_);
  std::deque<std::string>().swap(strings_);
  std::unordered_map<std::string_view, uint32_t>().swap(string_ids_);
}

}  // namespace mamori::store::internal
