#include "walk/walk.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <vector>

namespace mamori::walk {
namespace {

namespace fs = std::filesystem;

class WalkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("mamori_walk_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void Touch(const std::string& relative) {
    const fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << "x";
  }

  // Relative paths of every entry visited, and the number of error entries.
  std::set<std::string> Walk(WalkOptions options, size_t* errors = nullptr) {
    if (options.roots.empty()) options.roots = {root_.string()};
    std::mutex mutex;
    std::set<std::string> seen;
    size_t error_count = 0;
    const Status status = WalkParallel(options, [&]() -> Visitor {
      return [&](const Entry& entry) {
        std::lock_guard lock(mutex);
        if (entry.error) {
          ++error_count;
        } else {
          seen.insert(entry.path.substr(root_.string().size() + 1));
        }
        return WalkState::kContinue;
      };
    });
    EXPECT_TRUE(status.has_value());
    if (errors) *errors = error_count;
    return seen;
  }

  fs::path root_;
};

TEST_F(WalkTest, FindsEveryFileWithManyThreads) {
  std::set<std::string> expected;
  for (int d = 0; d < 10; ++d) {
    for (int f = 0; f < 100; ++f) {
      const std::string relative = "d" + std::to_string(d) + "/sub/f" + std::to_string(f) + ".csv";
      Touch(relative);
      expected.insert(relative);
    }
  }
  EXPECT_EQ(Walk({.threads = 4}), expected);
}

TEST_F(WalkTest, ExcludeGlobDropsWholeFolder) {
  Touch("keep/a.csv");
  Touch("old/b.csv");
  EXPECT_EQ(Walk({.exclude_globs = {"old"}}), std::set<std::string>{"keep/a.csv"});
}

TEST_F(WalkTest, IncludeGlobMatchesBaseName) {
  Touch("a/list.csv");
  Touch("a/notes.txt");
  EXPECT_EQ(Walk({.include_globs = {"*.csv"}}), std::set<std::string>{"a/list.csv"});
}

TEST_F(WalkTest, GlobWithSlashMatchesRelativePath) {
  EXPECT_TRUE(GlobMatches("a/*.csv", "a/list.csv"));
  EXPECT_FALSE(GlobMatches("a/*.csv", "a/b/list.csv"));
  EXPECT_TRUE(GlobMatches("*.csv", "a/b/list.csv"));
}

TEST_F(WalkTest, SymlinksAreNotFollowedByDefault) {
  Touch("real/a.csv");
  fs::create_directory_symlink(root_ / "real", root_ / "link");
  EXPECT_EQ(Walk({}), std::set<std::string>{"real/a.csv"});
}

TEST_F(WalkTest, FollowedSymlinkLoopIsCut) {
  Touch("real/a.csv");
  fs::create_directory_symlink(root_ / "real", root_ / "real" / "loop");
  const std::set<std::string> seen = Walk({.follow_symlinks = true});
  EXPECT_TRUE(seen.count("real/a.csv"));
  EXPECT_LE(seen.size(), 2u);
}

TEST_F(WalkTest, NonUtf8NamesArePreservedAsBytes) {
  const std::string cp932_name = "\x8E\x81\x96\xBC.csv";  // 氏名.csv in CP932
  Touch(cp932_name);
  EXPECT_EQ(Walk({}), std::set<std::string>{cp932_name});
}

TEST_F(WalkTest, UnreadableDirectoryIsReportedNotDropped) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every directory";
  Touch("locked/a.csv");
  fs::permissions(root_ / "locked", fs::perms::none);
  size_t errors = 0;
  Walk({}, &errors);
  fs::permissions(root_ / "locked", fs::perms::owner_all);
  EXPECT_EQ(errors, 1u);
}

TEST_F(WalkTest, MissingRootIsReportedToTheVisitor) {
  size_t errors = 0;
  Walk({.roots = {(root_ / "absent").string()}}, &errors);
  EXPECT_EQ(errors, 1u);
}

TEST_F(WalkTest, NoRootsIsAnError) {
  EXPECT_FALSE(WalkParallel({}, [] {
                 return [](const Entry&) { return WalkState::kContinue; };
               }).has_value());
}

// Every directory is listed before files are visited, largest first: one thread sees the
// sizes in descending order across folders.
TEST_F(WalkTest, LargestFilesAreVisitedFirst) {
  const std::vector<std::pair<std::string, size_t>> files = {
      {"a/small.csv", 10}, {"b/c/huge.csv", 5000}, {"mid.csv", 700}, {"b/big.csv", 2000}};
  for (const auto& [relative, size] : files) {
    const fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << std::string(size, 'x');
  }
  std::vector<uint64_t> sizes;
  WalkOptions options{.roots = {root_.string()}, .threads = 1};
  ASSERT_TRUE(WalkParallel(options, [&]() -> Visitor {
                return [&](const Entry& entry) {
                  sizes.push_back(entry.size);
                  return WalkState::kContinue;
                };
              }).has_value());
  EXPECT_EQ(sizes, (std::vector<uint64_t>{5000, 2000, 700, 10}));
}

TEST_F(WalkTest, QuitStopsTheWalk) {
  for (int f = 0; f < 500; ++f) Touch("f" + std::to_string(f));
  std::atomic<int> visits{0};
  WalkOptions options{.roots = {root_.string()}, .threads = 2};
  ASSERT_TRUE(WalkParallel(options, [&]() -> Visitor {
                return [&](const Entry&) {
                  ++visits;
                  return WalkState::kQuit;
                };
              }).has_value());
  EXPECT_LT(visits.load(), 500);
}

}  // namespace
}  // namespace mamori::walk
