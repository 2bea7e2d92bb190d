// Private to the policy module: YAML text → Model (the schema is doc/policy.md).
#pragma once

#include <string_view>

#include "base/status.h"
#include "policy/internal/model.h"

namespace mamori::policy::internal {

// Every error reads "SOURCE:LINE:COLUMN: what is wrong" (1-based), kInvalidArgument.
Result<Model> ParseModel(std::string_view yaml_text, std::string_view source_name);

}  // namespace mamori::policy::internal
