#include <gtest/gtest.h>
#include <sys/acl.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "walk/walk.h"

namespace mamori::walk {
namespace {

namespace fs = std::filesystem;

// The walk hands the policy each file's extended ACL: issue 5's "who may read" rule needs
// to see a read grant that the mode bits do not show.
class WalkAclTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("mamori_walk_acl_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string Make(const std::string& name) {
    const std::string path = (root_ / name).string();
    std::ofstream(path) << "x";
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
    return path;
  }

  std::map<std::string, Entry> EntriesByName(bool read_acl = true) {
    std::mutex mutex;
    std::map<std::string, Entry> entries;
    const Status status =
        WalkParallel(WalkOptions{.roots = {root_.string()}, .threads = 2, .read_acl = read_acl},
                     [&]() -> Visitor {
                       return [&](const Entry& entry) {
                         std::lock_guard lock(mutex);
                         entries[fs::path(entry.path).filename().string()] = entry;
                         return WalkState::kContinue;
                       };
                     });
    EXPECT_TRUE(status.has_value());
    return entries;
  }

  std::map<std::string, std::string> AclByName() {
    std::map<std::string, std::string> acls;
    for (const auto& [name, entry] : EntriesByName()) acls[name] = entry.acl;
    return acls;
  }

  fs::path root_;
};

TEST_F(WalkAclTest, ExtendedAclIsCapturedInShortFormWithNumericIds) {
  const std::string path = Make("granted.csv");
  acl_t acl = ::acl_from_text("u::rw-,u:4000123:r--,g::---,m::r--,o::---");
  ASSERT_NE(acl, nullptr);
  if (::acl_set_file(path.c_str(), ACL_TYPE_ACCESS, acl) != 0) {
    ::acl_free(acl);
    GTEST_SKIP() << "the temp file system has no POSIX ACLs";
  }
  ::acl_free(acl);
  Make("plain.csv");
  const std::map<std::string, std::string> acls = AclByName();
  EXPECT_EQ(acls.at("granted.csv"), "u::rw-,u:4000123:r--,g::---,m::r--,o::---");
  EXPECT_EQ(acls.at("plain.csv"), "") << "no ACL beyond the mode bits";
}

// An incremental rescan asks for no ACL (one getxattr per file) and reads it only for the
// files it reads; ctime, which setfacl moves, tells it which.
TEST_F(WalkAclTest, AclIsLeftForTheCallerWhenNotAskedAndSetfaclMovesCtime) {
  const std::string path = Make("granted.csv");
  const int64_t before = EntriesByName(false).at("granted.csv").ctime_ns;
  EXPECT_GT(before, 0);
  // ctime comes from a clock that ticks every few milliseconds.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  acl_t acl = ::acl_from_text("u::rw-,u:4000123:r--,g::---,m::r--,o::---");
  ASSERT_NE(acl, nullptr);
  const bool set = ::acl_set_file(path.c_str(), ACL_TYPE_ACCESS, acl) == 0;
  ::acl_free(acl);
  if (!set) GTEST_SKIP() << "the temp file system has no POSIX ACLs";
  const Entry entry = EntriesByName(false).at("granted.csv");
  EXPECT_FALSE(entry.acl_read);
  EXPECT_EQ(entry.acl, "");
  EXPECT_NE(entry.ctime_ns, before);
  EXPECT_EQ(ReadAccessAcl(entry.path), "u::rw-,u:4000123:r--,g::---,m::r--,o::---");
  EXPECT_TRUE(EntriesByName(true).at("granted.csv").acl_read);
}

}  // namespace
}  // namespace mamori::walk
