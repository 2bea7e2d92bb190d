// Private to the read module: running a reader's body in a child process, for libraries
// that are not hardened against hostile files (libmdb loops without bound on some damaged
// catalogs, inside one call that no time check can interrupt). The child runs under an
// address-space limit and an alarm; whatever it hands its sink is replayed, in order, to
// the real sink in this process. A crash, a hang or memory exhaustion in the library
// becomes an Error for that one file, and the scan goes on.
//
// The body reads spooled bytes (never the Input: a file's offset would be shared with the
// child) and must not call ReadContext::ReadNested (members are not passed back). It is a
// plain function, not a closure: when the isolation server runs (read::StartIsolationServer),
// the child is forked from that single-threaded server, which has the program's code but
// none of the caller's objects; the bytes travel in a memfd.
#pragma once

#include <cstdint>
#include <string>

#include "read/reader.h"

namespace mamori::read::internal {

struct IsolationLimits {
  uint64_t max_memory_bytes = 2ULL << 30;  // RLIMIT_AS of the child
  unsigned max_seconds = 300;              // SIGALRM in the child
};

using IsolatedBody = Status (*)(std::string& bytes, ReadContext& context, RecordSink& sink);

// Runs `body(bytes, ...)` in a child process and replays its sink calls to `sink`. Returns
// the body's status; kLimitExceeded when the child ran out of time or memory; kCorrupt when
// it died of a signal; kIo when the process could not be started.
Status RunIsolated(const IsolationLimits& limits, ReadContext& context, RecordSink& sink,
                   IsolatedBody body, std::string& bytes);

}  // namespace mamori::read::internal
