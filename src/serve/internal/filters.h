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
  uint64_t page = 1;  // 1-based; with a cursor only the number shown
  // Keyset cursors (store::Page): the page after / before this file id; 0: none.
  int64_t after = 0;
  int64_t before = 0;
};

// Parameters: share, zone, rule, kind, item, min_risk, state (any|open|acknowledged), q (path
// text), order (risk|people|path|modified), page, after, before. Unknown or malformed values
// fall back to their default: a hand-edited URL gives a wider list, never an error page.
FindingsQuery ParseFindingsQuery(const Params& params);

// The canonical query string (without page), percent-encoded: equal filters give equal
// strings, so it is also the cache key.
std::string FindingsQueryString(const store::FindingFilter& filter);

std::string_view OrderName(store::FindingOrder order);
std::string_view AckStateName(store::AckState state);

}  // namespace mamori::serve::internal
