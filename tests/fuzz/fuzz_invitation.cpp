// Invitation links (invitation.h): decode() on arbitrary text, and on arbitrary payload bytes
// behind a valid prefix. Oracles: whatever decodes passes validate(), re-encodes, and decodes
// again to the same fields; a payload decodes only when its checksum matches.
#include "fuzzcommon.h"
#include "trust/invitation.h"

#include <sodium.h>

using namespace sws;

namespace {

void checkDecoded(const Invitation &inv) {
    FUZZ_CHECK(validate(inv).has_value());
    const QString link = encode(inv);
    FUZZ_CHECK(!link.isEmpty());
    const auto again = decode(link);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(again->url == inv.url && again->version == inv.version &&
               again->serverKey == inv.serverKey && again->caFingerprint == inv.caFingerprint &&
               again->title == inv.title);
    FUZZ_CHECK(encode(*again) == link); // one canonical text per invitation
}

bool checksumMatches(const QByteArray &payload) {
    if (payload.size() < 4)
        return false;
    unsigned char h[crypto_generichash_BYTES_MIN];
    const QByteArray body = payload.left(payload.size() - 4);
    FUZZ_CHECK(crypto_generichash(h, sizeof h, fuzz::u8(body),
                                  static_cast<unsigned long long>(body.size()), nullptr, 0) == 0);
    return QByteArray(reinterpret_cast<const char *>(h), 4) == payload.right(4);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray in = fuzz::bytesOf(data, size);
    if (const auto inv = decode(QString::fromUtf8(in)))
        checkDecoded(*inv);
    const QString wrapped = QStringLiteral("sws-invite:1/") +
                            QString::fromLatin1(in.toBase64(QByteArray::Base64UrlEncoding |
                                                            QByteArray::OmitTrailingEquals));
    if (const auto inv = decode(wrapped)) {
        FUZZ_CHECK(checksumMatches(in));
        checkDecoded(*inv);
    }
    return 0;
}
