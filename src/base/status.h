// Errors are values. Every module boundary returns Result<T> or Status; nothing throws
// across one. An Error never holds a personal value in clear: messages name the place
// (file, sheet, offset) and the kind of problem, never the data.
//
//   Result<Config> config = LoadConfig(path);
//   if (!config) return tl::unexpected(config.error());
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <tl/expected.hpp>

namespace mamori {

enum class ErrorCode : uint8_t {
  kIo,                // the OS refused: open, read, stat
  kPermissionDenied,  // the OS refused for lack of rights
  kCorrupt,           // the bytes do not follow the format
  kUnsupported,       // a format or variant mamori does not read
  kEncrypted,         // content behind a password: reported as protection, not failure
  kLimitExceeded,     // a resource limit given as an option was reached
  kInvalidArgument,   // a caller's mistake, usually from the command line
  kUndecodable,       // text whose encoding could not be determined or decoded
  kArchiveBomb,       // a container expands far beyond its size: the whole file is given up
};

// Stable snake_case name used in reports as the reason code ("permission_denied").
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;  // never holds a personal value in clear
};

template <class T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

inline tl::unexpected<Error> MakeError(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

inline Status Ok() { return {}; }

}  // namespace mamori
