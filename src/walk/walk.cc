#include "walk/walk.h"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "walk/internal/acl.h"

namespace mamori::walk {
namespace {

// Files found and not yet visited, at most this many: past it, a lister visits what it finds
// itself. Bounds memory (an Entry is a few hundred bytes) whatever the share holds.
constexpr size_t kMaxPendingFiles = 4096;

struct DirTask {
  std::string path;
  std::string relative;  // below the root, "" for the root itself
  uint64_t root_device = 0;
};

// Pending files form a max-heap by size: the largest known file is visited first, so a scan
// does not end with one thread reading a big file while the others have nothing left.
bool SmallerFile(const Entry& a, const Entry& b) { return a.size < b.size; }

Error ErrnoError(int error_number, const std::string& what) {
  const ErrorCode code = (error_number == EACCES || error_number == EPERM)
                             ? ErrorCode::kPermissionDenied
                             : ErrorCode::kIo;
  return Error{code, what + ": " + std::strerror(error_number)};
}

Entry EntryFromStat(std::string path, const struct stat& info, bool read_acl) {
  Entry entry;
  entry.path = std::move(path);
  entry.size = static_cast<uint64_t>(info.st_size);
  entry.mtime = static_cast<int64_t>(info.st_mtim.tv_sec);
  entry.ctime_ns = static_cast<int64_t>(info.st_ctim.tv_sec) * 1'000'000'000 +
                   static_cast<int64_t>(info.st_ctim.tv_nsec);
  entry.device = static_cast<uint64_t>(info.st_dev);
  entry.inode = static_cast<uint64_t>(info.st_ino);
  entry.mode = static_cast<uint32_t>(info.st_mode);
  entry.uid = static_cast<uint32_t>(info.st_uid);
  entry.gid = static_cast<uint32_t>(info.st_gid);
  if (read_acl) {
    entry.acl = internal::ReadAccessAcl(entry.path);
    entry.acl_read = true;
  }
  return entry;
}

Entry ErrorEntry(std::string path, Error error) {
  Entry entry;
  entry.path = std::move(path);
  entry.error = std::move(error);
  return entry;
}

std::string JoinPath(const std::string& base, const char* name) {
  std::string joined = base;
  if (joined.empty() || joined.back() != '/') joined.push_back('/');
  joined += name;
  return joined;
}

std::string JoinRelative(const std::string& base, const char* name) {
  return base.empty() ? std::string(name) : base + "/" + name;
}

// Shared state of one walk. Tasks are taken LIFO so the walk goes depth-first and the
// queue holds about one level's worth of directories per thread, not the whole tree.
class Walker {
 public:
  Walker(const WalkOptions& options, unsigned thread_count)
      : options_(options), thread_count_(thread_count) {}

  void Seed(const std::function<Visitor()>& make_visitor) {
    Visitor visitor = make_visitor();
    for (const std::string& root : options_.roots) {
      struct stat info {};
      const int flags = options_.follow_symlinks ? 0 : AT_SYMLINK_NOFOLLOW;
      if (::fstatat(AT_FDCWD, root.c_str(), &info, flags) != 0) {
        Visit(visitor, ErrorEntry(root, ErrnoError(errno, "stat")));
        continue;
      }
      if (S_ISDIR(info.st_mode)) {
        if (options_.follow_symlinks) MarkVisited(info);
        tasks_.push_back(DirTask{root, "", static_cast<uint64_t>(info.st_dev)});
      } else if (S_ISREG(info.st_mode)) {
        // A file named on the command line is scanned whatever the globs say, as rg does.
        Visit(visitor, EntryFromStat(root, info, options_.read_acl));
      }
    }
  }

  void Run(const std::function<Visitor()>& make_visitor) {
    std::vector<std::thread> threads;
    threads.reserve(thread_count_);
    for (unsigned i = 0; i < thread_count_; ++i) {
      threads.emplace_back([this, &make_visitor] { Work(make_visitor()); });
    }
    for (std::thread& thread : threads) thread.join();
  }

 private:
  void Quit() {
    quit_.store(true);
    std::lock_guard lock(mutex_);
    ready_.notify_all();
  }

  // Hands one entry to this thread's visitor; a kQuit answer stops every thread.
  void Visit(Visitor& visitor, const Entry& entry) {
    if (visitor(entry) == WalkState::kQuit) Quit();
  }

  // Lists directories while there are any (finding files is cheap and tells what is left),
  // else visits the largest pending file.
  void Work(Visitor visitor) {
    for (;;) {
      std::optional<DirTask> directory;
      std::optional<Entry> file;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] {
          return quit_.load() || !tasks_.empty() || !files_.empty() || active_ == 0;
        });
        if (quit_.load() || (tasks_.empty() && files_.empty())) {
          ready_.notify_all();
          return;
        }
        if (!tasks_.empty()) {
          directory = std::move(tasks_.back());
          tasks_.pop_back();
        } else {
          std::pop_heap(files_.begin(), files_.end(), SmallerFile);
          file = std::move(files_.back());
          files_.pop_back();
        }
        ++active_;
      }
      if (directory) {
        ListDirectory(*directory, visitor);
      } else {
        Visit(visitor, *file);
      }
      {
        std::lock_guard lock(mutex_);
        --active_;
      }
      ready_.notify_all();
    }
  }

  // Hands a file to whichever thread is free, largest first; when kMaxPendingFiles are
  // already waiting, the lister visits it itself.
  void AddFile(Entry entry, Visitor& visitor) {
    {
      std::lock_guard lock(mutex_);
      if (files_.size() < kMaxPendingFiles) {
        files_.push_back(std::move(entry));
        std::push_heap(files_.begin(), files_.end(), SmallerFile);
        ready_.notify_one();
        return;
      }
    }
    if (!quit_.load()) Visit(visitor, entry);
  }

  bool Excluded(const std::string& relative) const {
    for (const std::string& glob : options_.exclude_globs) {
      if (GlobMatches(glob, relative)) return true;
    }
    return false;
  }

  bool Included(const std::string& relative) const {
    if (options_.include_globs.empty()) return true;
    for (const std::string& glob : options_.include_globs) {
      if (GlobMatches(glob, relative)) return true;
    }
    return false;
  }

  // Returns false when the directory was seen before (a symlink loop).
  bool MarkVisited(const struct stat& info) {
    std::lock_guard lock(visited_mutex_);
    return visited_.emplace(static_cast<uint64_t>(info.st_dev), static_cast<uint64_t>(info.st_ino))
        .second;
  }

  void ListDirectory(const DirTask& task, Visitor& visitor) {
    const int dir_fd = ::open(task.path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOATIME);
    const int fd =
        dir_fd >= 0 ? dir_fd : ::open(task.path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR* dir = fd >= 0 ? ::fdopendir(fd) : nullptr;
    if (dir == nullptr) {
      const int error_number = errno;
      if (fd >= 0) ::close(fd);
      Visit(visitor, ErrorEntry(task.path, ErrnoError(error_number, "list directory")));
      return;
    }
    while (!quit_.load()) {
      errno = 0;
      const dirent* item = ::readdir(dir);
      if (item == nullptr) {
        if (errno != 0) Visit(visitor, ErrorEntry(task.path, ErrnoError(errno, "read directory")));
        break;
      }
      const char* name = item->d_name;
      if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0) continue;
      std::string path = JoinPath(task.path, name);
      std::string relative = JoinRelative(task.relative, name);
      struct stat info {};
      if (::fstatat(::dirfd(dir), name, &info, AT_SYMLINK_NOFOLLOW) != 0) {
        Visit(visitor, ErrorEntry(std::move(path), ErrnoError(errno, "stat")));
        continue;
      }
      if (S_ISLNK(info.st_mode)) {
        if (!options_.follow_symlinks) continue;
        if (::fstatat(::dirfd(dir), name, &info, 0) != 0) continue;  // dangling link
      }
      if (S_ISDIR(info.st_mode)) {
        if (options_.one_file_system && static_cast<uint64_t>(info.st_dev) != task.root_device) {
          continue;
        }
        if (Excluded(relative)) continue;
        if (options_.follow_symlinks && !MarkVisited(info)) continue;
        std::lock_guard lock(mutex_);
        tasks_.emplace_back(DirTask{std::move(path), std::move(relative), task.root_device});
        ready_.notify_one();
        continue;
      }
      if (!S_ISREG(info.st_mode)) continue;  // devices, sockets, fifos hold no documents
      if (Excluded(relative) || !Included(relative)) continue;
      AddFile(EntryFromStat(std::move(path), info, options_.read_acl), visitor);
    }
    ::closedir(dir);
  }

  const WalkOptions& options_;
  const unsigned thread_count_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<DirTask> tasks_;
  std::vector<Entry> files_;  // a heap (SmallerFile)
  size_t active_ = 0;
  std::atomic<bool> quit_{false};
  std::mutex visited_mutex_;
  std::set<std::pair<uint64_t, uint64_t>> visited_;
};

}  // namespace

std::string ReadAccessAcl(const std::string& path) { return internal::ReadAccessAcl(path); }

bool GlobMatches(const std::string& glob, const std::string& relative_path) {
  if (glob.find('/') == std::string::npos) {
    const size_t slash = relative_path.rfind('/');
    const std::string base =
        slash == std::string::npos ? relative_path : relative_path.substr(slash + 1);
    return ::fnmatch(glob.c_str(), base.c_str(), 0) == 0;
  }
  return ::fnmatch(glob.c_str(), relative_path.c_str(), FNM_PATHNAME) == 0;
}

Status WalkParallel(const WalkOptions& options, const std::function<Visitor()>& make_visitor) {
  if (options.roots.empty()) return MakeError(ErrorCode::kInvalidArgument, "no path to walk");
  unsigned threads = options.threads;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  Walker walker(options, threads);
  walker.Seed(make_visitor);
  walker.Run(make_visitor);
  return Ok();
}

}  // namespace mamori::walk
