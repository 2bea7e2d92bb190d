// A ReadContext for benchmarks that time readers on their own: default limits, no deadline,
// and members of containers dropped unread (the benchmarks' inputs hold none).
#pragma once

#include "read/reader.h"

namespace mamori::read::bench {

class NullReadContext final : public ReadContext {
 public:
  const Limits& limits() const override { return limits_; }
  bool TimedOut() const override { return false; }
  Status ReadNested(Input& /*member*/, Protection /*protection*/) override { return Ok(); }
  Status ChargeExpandedBytes(uint64_t /*bytes*/) override { return Ok(); }

 private:
  Limits limits_;
};

}  // namespace mamori::read::bench
