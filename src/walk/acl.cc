#include "walk/internal/acl.h"

#include <acl/libacl.h>
#include <sys/acl.h>
#include <sys/xattr.h>

namespace mamori::walk::internal {

std::string ReadAccessAcl(const std::string& path) {
  // One getxattr answers "no ACL" for almost every file (ENODATA, or ENOTSUP where the file
  // system has none); acl_extended_file would cost two, doubling the walk's system calls.
  if (::getxattr(path.c_str(), "system.posix_acl_access", nullptr, 0) <= 0) return {};
  acl_t acl = ::acl_get_file(path.c_str(), ACL_TYPE_ACCESS);
  if (acl == nullptr) return {};
  std::string text;
  mode_t mode = 0;
  // An ACL that only restates the mode bits is no extended ACL.
  if (::acl_equiv_mode(acl, &mode) == 1) {
    if (char* chars = ::acl_to_any_text(acl, nullptr, ',', TEXT_ABBREVIATE | TEXT_NUMERIC_IDS)) {
      text = chars;
      ::acl_free(chars);
    }
  }
  ::acl_free(acl);
  return text;
}

}  // namespace mamori::walk::internal
