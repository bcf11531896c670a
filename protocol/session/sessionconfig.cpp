#include "session/sessionconfig.h"

namespace sws {

#if defined(__GLIBCXX__) && defined(__x86_64__)
// A new field changes the size: compare it in operator== below, then update the size.
static_assert(sizeof(SessionConfig) == 608, "SessionConfig changed: update operator==");
#endif

bool operator==(const SessionConfig &a, const SessionConfig &b) {
    return static_cast<const HandshakeConfig &>(a) == static_cast<const HandshakeConfig &>(b) &&
           a.handshakeTimeoutMs == b.handshakeTimeoutMs && a.maxMessageBytes == b.maxMessageBytes &&
           a.maxQueuedBytes == b.maxQueuedBytes && a.maxUnsentBytes == b.maxUnsentBytes &&
           a.closeTimeoutMs == b.closeTimeoutMs && a.firstFrameGraceMs == b.firstFrameGraceMs &&
           a.verifier == b.verifier;
}

} // namespace sws
