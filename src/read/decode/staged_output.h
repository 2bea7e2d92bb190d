// The output buffer of the decoding loops (CP932 and EUC-JP tables, UTF-16): they write one to
// four bytes per character, and appending each to the string cost more than decoding it, so
// the bytes are staged on the stack and appended a block at a time. The bytes past the cursor
// are scratch: a loop may store a whole word there and keep only part of it.
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

  // Before each character: makes sure kSlack bytes fit past the cursor.
  void MakeRoom() {
    if (staged_ + kSlack > kCapacity) Flush();
  }
  char* cursor() { return buffer_ + staged_; }
  void Advance(size_t bytes) { staged_ += bytes; }
  void Push(char byte) { buffer_[staged_++] = byte; }
  // The byte written last, staged or already appended ('\0' when there is none).
  char Last() const {
    return staged_ > 0 ? buffer_[staged_ - 1] : out_.empty() ? '\0' : out_.back();
  }
  // The output's size once what is staged is appended.
  size_t size() const { return out_.size() + staged_; }
  // Appends what is staged. REQUIRES: called before `out` is used again.
  void Flush() {
    out_.append(buffer_, staged_);
    staged_ = 0;
  }

 private:
  static constexpr size_t kCapacity = 8192;
  std::string& out_;
  size_t staged_ = 0;
  char buffer_[kCapacity + kSlack];
};

}  // namespace mamori::read::internal
