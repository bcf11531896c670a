#include "profile/passphrase.h"

namespace sws {

FixedPassphrase::FixedPassphrase(const QString &passphrase) {
    QByteArray utf8 = passphrase.toUtf8();
    m_utf8 = SecretBuffer(reinterpret_cast<const unsigned char *>(utf8.constData()),
                          static_cast<std::size_t>(utf8.size()));
    utf8.fill('\0');
}

int passphraseLength(const SecretBuffer &utf8) {
    int n = 0;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        // Every byte that does not continue a UTF-8 sequence starts a character.
        if ((utf8.data()[i] & 0xC0) != 0x80)
            ++n;
    }
    return n;
}

} // namespace sws
