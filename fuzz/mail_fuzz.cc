// Proves the mail reader (GMime) survives any bytes: MIME structure, RFC 2047 words and
// transfer encodings of any shape give records or an error, never a crash or a leak, and
// every attachment handed back is read to its end.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.h"
#include "read/mail/mail_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return mamori::fuzz::ReadAs(mamori::read::MailFormat(), "fuzz.eml", data, size);
}
