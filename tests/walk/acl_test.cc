#include <gtest/gtest.h>
#include <sys/acl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

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

  std::map<std::string, std::string> AclByName() {
    std::mutex mutex;
    std::map<std::string, std::string> acls;
    const Status status =
        WalkParallel(WalkOptions{.roots = {root_.string()}, .threads = 2}, [&]() -> Visitor {
          return [&](const Entry& entry) {
            std::lock_guard lock(mutex);
            acls[fs::path(entry.path).filename().string()] = entry.acl;
            return WalkState::kContinue;
          };
        });
    EXPECT_TRUE(status.has_value());
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

}  // namespace
}  // namespace mamori::walk
