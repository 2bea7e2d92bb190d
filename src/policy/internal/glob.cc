#include "policy/internal/glob.h"

#include <cstdint>

namespace mamori::policy::internal {
namespace {

// Bytes of the UTF-8 sequence starting with `lead`; 1 for a stray byte (CP932 names), so
// '?' still steps through any path.
size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

// End of the class starting at pattern[p] == '[', or npos when it is not closed.
size_t ClassEnd(std::string_view pattern, size_t p) {
  size_t i = p + 1;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) ++i;
  if (i < pattern.size() && pattern[i] == ']') ++i;  // a leading ']' is a member
  for (; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
    } else if (pattern[i] == ']') {
      return i;
    }
  }
  return std::string_view::npos;
}

bool ClassHas(std::string_view pattern, size_t begin, size_t end, unsigned char byte) {
  size_t i = begin + 1;
  const bool negated = pattern[i] == '!' || pattern[i] == '^';
  if (negated) ++i;
  const auto take = [&pattern](size_t& k) {
    if (pattern[k] == '\\') ++k;
    return static_cast<unsigned char>(pattern[k++]);
  };
  bool found = false;
  while (i < end) {
    const unsigned char low = take(i);
    unsigned char high = low;
    if (i + 1 < end && pattern[i] == '-') {
      ++i;
      high = take(i);
    }
    if (byte >= low && byte <= high) found = true;
  }
  return found != negated;
}

// Matches the single token at pattern[p] (not '*') against text[t...]; on success sets
// where both continue.
bool MatchToken(std::string_view pattern, size_t p, std::string_view text, size_t t, size_t& p_next,
                size_t& t_next) {
  if (t >= text.size()) return false;
  const char c = pattern[p];
  if (c == '?') {
    p_next = p + 1;
    t_next = std::min(text.size(), t + SequenceLength(static_cast<unsigned char>(text[t])));
    return true;
  }
  if (c == '[') {
    const size_t end = ClassEnd(pattern, p);
    if (!ClassHas(pattern, p, end, static_cast<unsigned char>(text[t]))) return false;
    p_next = end + 1;
    t_next = t + 1;
    return true;
  }
  const size_t literal = c == '\\' ? p + 1 : p;
  if (pattern[literal] != text[t]) return false;
  p_next = literal + 1;
  t_next = t + 1;
  return true;
}

std::string_view Validate(std::string_view segment) {
  for (size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] == '\\') {
      if (i + 1 == segment.size()) return "ends with an unquoted '\\'";
      ++i;
    } else if (segment[i] == '[') {
      const size_t end = ClassEnd(segment, i);
      if (end == std::string_view::npos) return "has a '[' without its ']'";
      i = end;
    } else if (segment[i] == '*' && i + 1 < segment.size() && segment[i + 1] == '*') {
      return "uses '**' inside a segment (write it as a whole segment: a/**/b)";
    }
  }
  return {};
}

}  // namespace

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view segment = path.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = slash + 1;
  }
  return segments;
}

bool SegmentMatches(std::string_view pattern, std::string_view text) {
  // Greedy with backtracking to the last '*' only: linear in practice, and enough because
  // a '*' never crosses a '/'.
  size_t p = 0;
  size_t t = 0;
  size_t star_p = std::string_view::npos;
  size_t star_t = 0;
  while (t < text.size()) {
    size_t p_next = 0;
    size_t t_next = 0;
    if (p < pattern.size() && pattern[p] == '*') {
      star_p = ++p;
      star_t = t;
    } else if (p < pattern.size() && MatchToken(pattern, p, text, t, p_next, t_next)) {
      p = p_next;
      t = t_next;
    } else if (star_p != std::string_view::npos) {
      p = star_p;
      star_t += SequenceLength(static_cast<unsigned char>(text[star_t]));
      t = std::min(star_t, text.size());
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Result<Glob> Glob::Compile(std::string_view pattern) {
  if (pattern.empty()) return MakeError(ErrorCode::kInvalidArgument, "empty pattern");
  Glob glob;
  glob.pattern_ = std::string(pattern);
  glob.absolute_ = pattern.front() == '/';
  std::string text(pattern);
  if (text.find('/') == std::string::npos) text.insert(0, "**/");
  if (text.back() == '/') text += "**";
  size_t start = 0;
  while (start <= text.size()) {
    size_t slash = text.find('/', start);
    if (slash == std::string::npos) slash = text.size();
    const std::string_view segment = std::string_view(text).substr(start, slash - start);
    start = slash + 1;
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      return MakeError(ErrorCode::kInvalidArgument, "uses '..' (write the folder itself)");
    }
    if (segment == "**") {
      // "**/**" means the same as "**".
      if (glob.segments_.empty() || !glob.segments_.back().any_depth) {
        glob.segments_.push_back(Segment{true, {}});
      }
      continue;
    }
    if (const std::string_view problem = Validate(segment); !problem.empty()) {
      return MakeError(ErrorCode::kInvalidArgument, std::string(problem));
    }
    glob.segments_.push_back(Segment{false, std::string(segment)});
  }
  // "dir/**" is everything inside dir, not dir itself.
  if (!glob.segments_.empty() && glob.segments_.back().any_depth) glob.segments_.back().text = "+";
  if (glob.segments_.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "matches no file (write '/**' for all)");
  }
  return glob;
}

bool Glob::Matches(const std::vector<std::string_view>& absolute,
                   const std::vector<std::string_view>& below_share) const {
  if (absolute_) return MatchSegments(absolute);
  return !below_share.empty() && MatchSegments(below_share);
}

bool Glob::MatchSegments(const std::vector<std::string_view>& path) const {
  // reachable[j]: the segments seen so far can consume exactly path[0, j).
  std::vector<uint8_t> reachable(path.size() + 1, 0);
  reachable[0] = 1;
  for (const Segment& segment : segments_) {
    std::vector<uint8_t> next(path.size() + 1, 0);
    bool any = false;
    for (size_t j = 0; j <= path.size(); ++j) {
      if (!reachable[j]) continue;
      if (segment.any_depth) {
        const size_t least = segment.text.empty() ? 0 : 1;
        for (size_t k = j + least; k <= path.size(); ++k) next[k] = 1;
        any = true;
        break;
      }
      if (j < path.size() && SegmentMatches(segment.text, path[j])) {
        next[j + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    reachable = std::move(next);
  }
  return reachable[path.size()] != 0;
}

}  // namespace mamori::policy::internal
