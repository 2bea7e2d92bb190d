// Private to the policy module: the path patterns of a policy file (doc/policy.md "Globs").
//
// A pattern starting with '/' matches the file's absolute path; any other pattern matches
// the path below the share (the scan root the file was found under). A pattern without '/'
// matches the base name at any depth, like "**/pattern"; one ending in '/' matches
// everything below that folder, like "folder/**". Within a segment, '*' matches any run of
// characters, '?' one character (one UTF-8 sequence), "[a-z]" / "[!a-z]" one byte of a
// class, and '\' quotes the next character. "**" matches zero or more whole segments (one
// or more at the end: "dir/**" is what is inside dir) and must be a segment of its own.
// Matching is byte-wise and case-sensitive.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mamori::policy::internal {

// A path split into '/'-separated segments, with empty and "." segments dropped and ".."
// applied lexically (symbolic links are not resolved).
std::vector<std::string_view> SplitPath(std::string_view path);

class Glob {
 public:
  // The error message names what is wrong but not where: the parser adds file:line:column.
  static Result<Glob> Compile(std::string_view pattern);

  // `absolute` and `below_share` are SplitPath() results of the same file: its absolute
  // path and its path below the share (empty when the file is not under a share).
  bool Matches(const std::vector<std::string_view>& absolute,
               const std::vector<std::string_view>& below_share) const;

  const std::string& pattern() const { return pattern_; }

 private:
  struct Segment {
    bool any_depth = false;  // "**"
    std::string text;        // for "**": "+" when it must match at least one segment
  };
  bool MatchSegments(const std::vector<std::string_view>& path) const;

  std::string pattern_;
  bool absolute_ = false;
  std::vector<Segment> segments_;
};

// One segment pattern against one path segment ('*', '?', classes, escapes).
bool SegmentMatches(std::string_view pattern, std::string_view text);

}  // namespace mamori::policy::internal
