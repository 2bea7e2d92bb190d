// The findings list's query string ⇄ store::FindingFilter, shared by the page, its
// pagination links, the JSON API and the cache key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "serve/internal/console.h"
#include "store/store.h"

namespace mamori::serve::internal {

struct FindingsQuery {
  store::FindingFilter filter;
  uint64_t page = 1;  // 1-based
};

// Parameters: share, zone, rule, item, min_risk, state (any|open|acknowledged), q (path
// text), order (risk|people|path|modified), page. Unknown or malformed values fall back to
// their default: a hand-edited URL gives a wider list, never an error page.
FindingsQuery ParseFindingsQuery(const Params& params);

// The canonical query string (without page), percent-encoded: equal filters give equal
// strings, so it is also the cache key.
std::string FindingsQueryString(const store::FindingFilter& filter);

std::string_view OrderName(store::FindingOrder order);
std::string_view AckStateName(store::AckState state);

}  // namespace mamori::serve::internal
