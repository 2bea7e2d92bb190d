// Private to the store module: what a rescan knows of every top-level file under its roots
// before the walk starts, looked up once per walked file (a million times at a million
// files).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/protection.h"
#include "report/reporter.h"

namespace mamori::store::internal {

// One file's recorded state, as compact as the questions need: strings that many files share
// are ids into the table's string list.
struct Preloaded {
  int64_t file_id = 0;
  uint64_t size = 0;
  int64_t mtime = 0;
  uint64_t inode = 0;
  uint64_t device = 0;
  int64_t ctime_ns = 0;
  int64_t last_read_scan = 0;
  uint64_t records_read = 0;
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint32_t mode = 0;
  uint32_t reason = 0;  // string ids
  uint32_t format = 0;
  uint32_t encoding = 0;
  uint32_t policy_digest = 0;
  uint32_t share = 0;
  uint32_t zone = 0;
  uint32_t acl = 0;
  report::Outcome outcome = report::Outcome::kComplete;
  Protection protection = Protection::kNone;
  bool content_readable = true;
  bool clean = false;   // neither records nor violations
  bool simple = false;  // clean, and neither errors nor members: rebuilt from this alone
  // Recorded as seen clean by the running scan (guarded by the store's writer lock): a file
  // walked twice (overlapping roots) joins one run of scan_clean_runs only.
  mutable bool queued = false;
};

// Path → Preloaded without an allocation per file: the paths sit end to end in one arena,
// the entries in one vector in load order, and an open-addressing index of (hash tag, entry)
// slots finds them, so a lookup touches about one slot, one entry and one path. (A
// std::unordered_map<std::string, ...> cost two allocations per file to build and free, and
// three dependent cache misses per lookup: a sixth of a rescan's CPU at a million files.)
// Not thread-safe: the store guards it with its preload lock.
class PreloadTable {
 public:
  // Sizes the table for `files` entries (more may still be added).
  void Reserve(size_t files);
  // The entry of `path`, added (zeroed) when absent. Valid until the next Upsert or Clear.
  Preloaded& Upsert(std::string_view path);
  // Null when `path` was never added or was erased.
  const Preloaded* Find(std::string_view path) const;
  void Erase(std::string_view path);
  // Interns `text` into the string list; returns its id. Consecutive rows mostly repeat a
  // column's value: `last` (the caller's, one per column; start it at kNoString) is checked
  // before the hash map and set to the answer.
  static constexpr uint32_t kNoString = UINT32_MAX;
  uint32_t Intern(std::string_view text, uint32_t& last);
  const std::string& String(uint32_t id) const { return strings_[id]; }
  // Empties the table and frees its memory.
  void Clear();

 private:
  struct Slot {
    uint32_t tag = 0;    // high bits of the path's hash
    uint32_t entry = 0;  // index + 1 into entries_; 0: empty
  };
  struct Stored {
    Preloaded value;
    uint64_t path_offset = 0;
    uint32_t path_size = 0;
    bool erased = false;
  };
  std::string_view PathOf(const Stored& stored) const {
    return std::string_view(arena_).substr(stored.path_offset, stored.path_size);
  }
  // The slot holding `path`, or the empty slot where it would go.
  size_t Probe(std::string_view path, uint64_t hash) const;
  void Grow();

  std::vector<Slot> slots_;  // a power of two, at most half full
  std::vector<Stored> entries_;
  std::string arena_;
  std::deque<std::string> strings_;  // stable: string_ids_ keys view them
  std::unordered_map<std::string_view, uint32_t> string_ids_;
};

}  // namespace mamori::store::internal
