// The walk module lists the files under one or more roots in parallel (ripgrep's ignore
// crate, without ignore files). Every thread both lists directories and visits files, so a
// share with a few huge folders and one with many small ones both keep all cores busy.
//
//   walk::WalkOptions options{.roots = {"/mnt/share"}, .threads = 4};
//   walk::WalkParallel(options, [&] {            // called once per thread
//     return [&](const walk::Entry& entry) {     // called for every file and every error
//       return walk::WalkState::kContinue;
//     };
//   });
//
// Symbolic links are not followed unless asked; with follow_symlinks, directory loops are
// cut by (device, inode). Directories that cannot be listed and files that cannot be
// stat'ed are handed to the visitor as entries with an error, never dropped.
// Threads list directories first and then visit the pending files largest first, so that the
// scan does not end on one big file while the other threads idle. Memory stays bounded: at
// most a few thousand files wait, and past that a lister visits what it finds itself.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace mamori::walk {

struct WalkOptions {
  std::vector<std::string> roots;
  // Globs (fnmatch): a pattern without '/' matches a file's base name, one with '/' the
  // path below its root. With include globs, only files that match one are visited;
  // exclude globs drop files and whole directories.
  std::vector<std::string> include_globs;
  std::vector<std::string> exclude_globs;
  bool one_file_system = false;  // do not cross into other mounted file systems
  bool follow_symlinks = false;
  unsigned threads = 0;  // 0: all cores
  // false: Entry::acl is left empty and acl_read false, saving a getxattr per file; a
  // caller that needs a file's ACL reads it with ReadAccessAcl (an incremental rescan, only
  // for the files whose ctime moved).
  bool read_acl = true;
};

struct Entry {
  std::string path;  // root joined with the relative path; raw bytes, not always UTF-8
  uint64_t size = 0;
  int64_t mtime = 0;  // seconds since the epoch
  // st_ctim in nanoseconds since the epoch. The kernel sets it on every change to the file's
  // bytes, owner, mode, ACL, link count or name, and no call sets it to a chosen time (touch
  // -d and utimes set mtime only): the witness an incremental rescan trusts.
  int64_t ctime_ns = 0;
  uint64_t device = 0;
  uint64_t inode = 0;
  uint32_t mode = 0;  // st_mode
  uint32_t uid = 0;
  uint32_t gid = 0;
  // The extended POSIX access ACL in short text form with numeric ids
  // ("u::rw-,u:1001:r--,g::r--,m::r--,o::---"); empty when the mode bits say everything,
  // and when it was not read (acl_read false).
  std::string acl;
  bool acl_read = false;
  std::optional<Error> error;  // set when the entry could not be listed or stat'ed
};

enum class WalkState { kContinue, kQuit };

using Visitor = std::function<WalkState(const Entry&)>;

// Walks all roots with `options.threads` threads, calling make_visitor once per thread and
// that thread's visitor for each file. A visitor returning kQuit stops the whole walk as
// soon as the threads notice. Returns an error only for unusable options (no roots, a bad
// glob); unreadable roots are reported to the visitor.
Status WalkParallel(const WalkOptions& options, const std::function<Visitor()>& make_visitor);

// The extended POSIX access ACL of the file at `path`, as in Entry::acl ("" when none or
// when it cannot be read). Thread-safe.
std::string ReadAccessAcl(const std::string& path);

// Matches `path` (relative, '/'-separated) against one glob as described in WalkOptions.
bool GlobMatches(const std::string& glob, const std::string& relative_path);

}  // namespace mamori::walk
