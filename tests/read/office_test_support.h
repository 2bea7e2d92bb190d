// Test doubles shared by the office reader tests (xlsx, odf, docx): a ZIP writer over
// libarchive, a ReadContext with adjustable limits, and a sink that records everything.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "read/reader.h"

namespace mamori::read::testing {

struct ZipMember {
  std::string name;
  std::string content;
};

// A ZIP written by libarchive in the given member order. `options` such as
// "zip:compression=store" or "zip:encryption=traditional" (with `passphrase`).
inline std::string MakeZip(const std::vector<ZipMember>& members, const char* options = nullptr,
                           const char* passphrase = nullptr) {
  std::string out;
  archive* writer = archive_write_new();
  archive_write_set_format_zip(writer);
  if (options != nullptr) {
    EXPECT_EQ(archive_write_set_options(writer, options), ARCHIVE_OK);
  }
  if (passphrase != nullptr) archive_write_set_passphrase(writer, passphrase);
  archive_write_set_bytes_in_last_block(writer, 1);
  archive_write_open(
      writer, &out, nullptr,
      [](archive*, void* data, const void* buffer, size_t length) -> la_ssize_t {
        static_cast<std::string*>(data)->append(static_cast<const char*>(buffer), length);
        return static_cast<la_ssize_t>(length);
      },
      nullptr);
  for (const ZipMember& member : members) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, member.name.c_str());
    archive_entry_set_size(entry, static_cast<la_int64_t>(member.content.size()));
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    EXPECT_EQ(archive_write_header(writer, entry), ARCHIVE_OK);
    EXPECT_EQ(archive_write_data(writer, member.content.data(), member.content.size()),
              static_cast<la_ssize_t>(member.content.size()));
    archive_entry_free(entry);
  }
  archive_write_close(writer);
  archive_write_free(writer);
  return out;
}

class TestContext final : public ReadContext {
 public:
  const Limits& limits() const override { return limits_; }
  bool TimedOut() const override { return false; }
  Status ReadNested(Input&, Protection) override {
    return MakeError(ErrorCode::kUnsupported, "no nesting in office tests");
  }
  Status ChargeExpandedBytes(uint64_t bytes) override {
    expanded_ += bytes;
    if (expanded_ > limits_.max_expanded_bytes) {
      return MakeError(ErrorCode::kLimitExceeded, "expanded bytes limit");
    }
    return Ok();
  }

  Limits limits_;
  uint64_t expanded_ = 0;
};

struct SeenPart {
  std::string name;
  std::vector<std::string> headers;
  bool tabular = false;
  bool ended = false;
};

struct SeenRecord {
  std::string part;
  uint64_t index = 0;
  std::vector<std::pair<uint32_t, std::string>> cells;

  // The text of the cell in `column`, "" when there is none.
  std::string At(uint32_t column) const {
    for (const auto& [at, text] : cells) {
      if (at == column) return text;
    }
    return "";
  }
};

class RecordingSink final : public RecordSink {
 public:
  void OnInfo(const ReadInfo& read_info) override { info = read_info; }
  void OnPartBegin(const Part& part) override {
    EXPECT_TRUE(parts.empty() || parts.back().ended) << "parts must not nest";
    parts.push_back(SeenPart{std::string(part.name),
                             std::vector<std::string>(part.headers.begin(), part.headers.end()),
                             part.tabular, false});
  }
  bool OnRecord(const Part& part, const Record& record) override {
    EXPECT_FALSE(parts.empty());
    EXPECT_EQ(std::string(part.name), parts.back().name);
    SeenRecord seen{std::string(part.name), record.index, {}};
    for (const Cell& cell : record.cells) seen.cells.emplace_back(cell.column, cell.text);
    records.push_back(std::move(seen));
    return stop_after == 0 || records.size() < stop_after;
  }
  void OnPartEnd(const Part& part) override {
    ASSERT_FALSE(parts.empty());
    EXPECT_EQ(std::string(part.name), parts.back().name);
    parts.back().ended = true;
  }
  void OnWarning(const Error& warning) override { warnings.push_back(warning); }

  std::vector<SeenRecord> RecordsOf(const std::string& part) const {
    std::vector<SeenRecord> out;
    for (const SeenRecord& record : records) {
      if (record.part == part) out.push_back(record);
    }
    return out;
  }

  ReadInfo info;
  std::vector<SeenPart> parts;
  std::vector<SeenRecord> records;
  std::vector<Error> warnings;
  size_t stop_after = 0;  // OnRecord returns false after this many records (0 = never)
};

// An Input that is a stream: not seekable, like a member of an archive.
class StreamInput final : public Input {
 public:
  StreamInput(std::string path, std::string bytes)
      : path_(std::move(path)), bytes_(std::move(bytes)) {}
  std::string_view path() const override { return path_; }
  Result<ByteView> head() override { return ByteView(bytes_).substr(0, kHeadBytes); }
  std::optional<uint64_t> size() const override { return std::nullopt; }
  Result<size_t> Read(std::span<char> buffer) override {
    const size_t count = std::min(buffer.size(), bytes_.size() - position_);
    std::copy_n(bytes_.data() + position_, count, buffer.data());
    position_ += count;
    return count;
  }

 private:
  std::string path_;
  std::string bytes_;
  size_t position_ = 0;
};

}  // namespace mamori::read::testing
