#include "crypto/secretbuffer.h"

#include "crypto/crypto.h"

#include <sodium.h>

#include <utility>

namespace sws {

SecretBuffer::SecretBuffer(std::size_t size)
    : m_size(size) {
    ensureSodium();
    if (size == 0)
        return;
    // Plain heap memory, wiped on release: sodium_malloc costs several pages per buffer, too
    // much for thousands of sessions with three keys each.
    m_data = new unsigned char[size]();
}

SecretBuffer::SecretBuffer(const unsigned char *data, std::size_t size)
    : SecretBuffer(size) {
    if (size)
        std::copy(data, data + size, m_data);
}

SecretBuffer::~SecretBuffer() {
    release();
}

SecretBuffer::SecretBuffer(SecretBuffer &&other) noexcept
    : m_data(std::exchange(other.m_data, nullptr))
    , m_size(std::exchange(other.m_size, 0)) {}

SecretBuffer &SecretBuffer::operator=(SecretBuffer &&other) noexcept {
    if (this != &other) {
        release();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

SecretBuffer SecretBuffer::clone() const {
    return SecretBuffer(m_data, m_size);
}

QByteArray SecretBuffer::copyOut() const {
    return QByteArray(reinterpret_cast<const char *>(m_data), static_cast<qsizetype>(m_size));
}

bool SecretBuffer::equals(const SecretBuffer &other) const {
    return m_size == other.m_size &&
           (m_size == 0 || sodium_memcmp(m_data, other.m_data, m_size) == 0);
}

void SecretBuffer::release() {
    if (m_data) {
        sodium_memzero(m_data, m_size);
        delete[] m_data;
    }
    m_data = nullptr;
    m_size = 0;
}

} // namespace sws
