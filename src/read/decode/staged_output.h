// The output buffer of the decoding loops (CP932 and EUC-JP tables, UTF-16): they write one to
// four bytes per character, and appending each to the string cost more than decoding it, so
// the bytes are staged on the stack and appended a block at a time. The bytes past the cursor
// are scratch: a loop may store a whole word there and keep only part of it.
//
// The loop keeps the cursor in a local: a char stored through a cursor held in this object
// may alias it, and the compiler then reloads and stores the cursor for every character (a
// chain of memory operations through the whole loop).
//
//   char* cursor = staged.cursor();
//   while (...) {
//     if (cursor > staged.room_end()) cursor = staged.Flush(cursor);
//     ... write at most kSlack bytes at cursor, advance it ...
//   }
//   staged.Flush(cursor);
#pragma once

#include <cstddef>
#include <string>

namespace mamori::read::internal {

class StagedOutput {
 public:
  // Room a loop may write past the cursor at once: one whole-word store, one character.
  static constexpr size_t kSlack = 16;

  explicit StagedOutput(std::string& out) : out_(out) {}
  StagedOutput(const StagedOutput&) = delete;
  StagedOutput& operator=(const StagedOutput&) = delete;

  // Where the loop starts writing.
  char* cursor() { return buffer_; }
  // The last cursor at which kSlack bytes still fit.
  const char* room_end() const { return buffer_ + kCapacity - kSlack; }
  // Appends what was written up to `cursor` and returns the cursor to write at next.
  // REQUIRES: called with the loop's final cursor before `out` is used again.
  char* Flush(const char* cursor) {
    out_.append(buffer_, static_cast<size_t>(cursor - buffer_));
    return buffer_;
  }
  // The byte written last before `cursor`, staged or already appended ('\0' when none).
  char LastBefore(const char* cursor) const {
    return cursor > buffer_ ? cursor[-1] : out_.empty() ? '\0' : out_.back();
  }
  // The output's size once what is staged up to `cursor` is appended.
  size_t SizeAt(const char* cursor) const {
    return out_.size() + static_cast<size_t>(cursor - buffer_);
  }

 private:
  static constexpr size_t kCapacity = 8192;
  std::string& out_;
  char buffer_[kCapacity + kSlack];
};

}  // namespace mamori::read::internal
