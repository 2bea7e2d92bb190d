// Whether a file's content is behind a password or encryption: the check the 2015 report
// says nobody ran (942 of 949 leaked files had no password).
#pragma once

#include <cstdint>
#include <string_view>

namespace mamori {

// An encrypted file whose content cannot be read is still protected: its content counts
// as unknown. A member of a protected container is protected.
enum class Protection : uint8_t {
  kNone,       // readable by anyone who can open the file
  kPassword,   // a password is needed to open it (ZIP entry, XLS FILEPASS, PDF open password)
  kEncrypted,  // encrypted container (OOXML EncryptedPackage, 7z with encrypted headers)
  kUnknown,    // the reader cannot tell
};

std::string_view ProtectionName(Protection protection);  // "none", "password", ...

}  // namespace mamori
