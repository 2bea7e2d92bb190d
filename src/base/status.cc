#include "base/status.h"

namespace mamori {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kIo:
      return "io_error";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kCorrupt:
      return "malformed";
    case ErrorCode::kUnsupported:
      return "unsupported_type";
    case ErrorCode::kEncrypted:
      return "encrypted";
    case ErrorCode::kLimitExceeded:
      return "limit_exceeded";
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kUndecodable:
      return "undecodable";
    case ErrorCode::kArchiveBomb:
      return "archive_bomb";
  }
  return "unknown";
}

}  // namespace mamori
