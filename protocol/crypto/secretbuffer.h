#pragma once

#include <QByteArray>

#include <cstddef>
#include <cstdint>

namespace sws {

// Move-only buffer for secret key material, wiped (sodium_memzero) when released. Copying out is
// explicit: copyOut().
class SecretBuffer {
public:
    SecretBuffer() = default;
    explicit SecretBuffer(std::size_t size);
    SecretBuffer(const unsigned char *data, std::size_t size);
    ~SecretBuffer();

    SecretBuffer(const SecretBuffer &) = delete;
    SecretBuffer &operator=(const SecretBuffer &) = delete;
    SecretBuffer(SecretBuffer &&other) noexcept;
    SecretBuffer &operator=(SecretBuffer &&other) noexcept;

    [[nodiscard]] SecretBuffer clone() const;
    // An explicit, visible copy of the secret into ordinary memory (for writing key files).
    [[nodiscard]] QByteArray copyOut() const;

    unsigned char *data() { return m_data; }
    const unsigned char *data() const { return m_data; }
    std::size_t size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    bool equals(const SecretBuffer &other) const;

private:
    void release();
    unsigned char *m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace sws
