// Private to the walk module: a file's extended POSIX access ACL as text.
#pragma once

#include <string>

namespace mamori::walk::internal {

// The short text form with numeric ids ("u::rw-,u:1001:r--,g::r--,m::r--,o::---"), or ""
// when the file has no ACL beyond its mode bits, or it cannot be read (a file system
// without ACLs, a permission problem): the mode bits then say all the walk can know.
// Numeric ids keep the walk free of user-database lookups and stay true on another host.
std::string ReadAccessAcl(const std::string& path);

}  // namespace mamori::walk::internal
