// Private to the store module: which scan root (share) a recorded file belongs to.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/reporter.h"

namespace mamori::store::internal {

// The longest of `roots` holding the file (for a member of a container, its outermost
// container), as a view into `roots`; empty when none does. "/srv/a" does not hold
// "/srv/ab/x".
std::string_view ShareOf(const report::FileResult& result, const std::vector<std::string>& roots);

}  // namespace mamori::store::internal
