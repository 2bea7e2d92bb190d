#include "read/internal/spool.h"

#include <vector>

namespace mamori::read::internal {

Status SpoolInput(Input& input, uint64_t limit, std::string_view what, std::string& out) {
  const auto too_large = [&] {
    return MakeError(
        ErrorCode::kLimitExceeded,
        std::string(what) + " larger than --max-spool-bytes (" + std::to_string(limit) + ")");
  };
  if (std::optional<uint64_t> size = input.size(); size && *size > limit) return too_large();
  out.clear();
  std::vector<char> buffer(64 * 1024);
  for (;;) {
    Result<size_t> got = input.Read(buffer);
    if (!got) return tl::unexpected(got.error());
    if (*got == 0) return Ok();
    if (out.size() + *got > limit) return too_large();
    out.append(buffer.data(), *got);
  }
}

}  // namespace mamori::read::internal
