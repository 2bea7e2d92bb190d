// Views over raw bytes. File contents and file names are bytes, not text, until a decoder
// says otherwise; ByteView keeps that distinction visible in signatures.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace mamori {

using ByteView = std::string_view;  // may hold any bytes, including NUL and invalid UTF-8

inline bool StartsWith(ByteView bytes, ByteView prefix) {
  return bytes.size() >= prefix.size() && bytes.substr(0, prefix.size()) == prefix;
}

}  // namespace mamori
