#include "cert/peerquirks.h"

#include "json/json.h"

#include <QStringList>

#include <array>
#include <cstdint>

namespace sws::quirks {

namespace {

// Arithmetic modulo p = 2^255 - 19 on four 64-bit limbs (little-endian), every result fully
// reduced. Slow and simple: it only decides about one public key at a time.
using Fe = std::array<std::uint64_t, 4>;
__extension__ typedef unsigned __int128 u128; // GCC and Clang on 64-bit targets

constexpr Fe kP = {0xffffffffffffffedULL, 0xffffffffffffffffULL, 0xffffffffffffffffULL,
                   0x7fffffffffffffffULL};

bool geq(const Fe &a, const Fe &b) {
    for (int i = 3; i >= 0; --i) {
        if (a[i] != b[i])
            return a[i] > b[i];
    }
    return true;
}

Fe subRaw(const Fe &a, const Fe &b) { // a >= b
    Fe r{};
    std::uint64_t borrow = 0;
    for (int i = 0; i < 4; ++i) {
        const u128 d = static_cast<u128>(a[i]) - b[i] - borrow;
        r[i] = static_cast<std::uint64_t>(d);
        borrow = static_cast<std::uint64_t>(d >> 64) ? 1 : 0;
    }
    return r;
}

Fe addRaw(const Fe &a, const Fe &b, std::uint64_t *carryOut) {
    Fe r{};
    u128 c = 0;
    for (int i = 0; i < 4; ++i) {
        c += static_cast<u128>(a[i]) + b[i];
        r[i] = static_cast<std::uint64_t>(c);
        c >>= 64;
    }
    *carryOut = static_cast<std::uint64_t>(c);
    return r;
}

Fe canon(Fe a) {
    while (geq(a, kP))
        a = subRaw(a, kP);
    return a;
}

Fe add(const Fe &a, const Fe &b) { // a, b < p, so no carry out of 256 bits
    std::uint64_t carry = 0;
    return canon(addRaw(a, b, &carry));
}

Fe sub(const Fe &a, const Fe &b) {
    if (geq(a, b))
        return subRaw(a, b);
    std::uint64_t carry = 0;
    return subRaw(addRaw(a, kP, &carry), b);
}

Fe mul(const Fe &a, const Fe &b) {
    std::array<std::uint64_t, 8> t{};
    for (int i = 0; i < 4; ++i) {
        u128 c = 0;
        for (int j = 0; j < 4; ++j) {
            c += static_cast<u128>(a[i]) * b[j] + t[i + j];
            t[i + j] = static_cast<std::uint64_t>(c);
            c >>= 64;
        }
        t[i + 4] = static_cast<std::uint64_t>(c);
    }
    // 2^256 = 38 (mod p): fold the high half onto the low half, then the last carry.
    Fe r{};
    u128 c = 0;
    for (int i = 0; i < 4; ++i) {
        c += static_cast<u128>(t[i]) + static_cast<u128>(t[i + 4]) * 38;
        r[i] = static_cast<std::uint64_t>(c);
        c >>= 64;
    }
    while (c) {
        std::uint64_t carry = 0;
        r = addRaw(r, Fe{static_cast<std::uint64_t>(c) * 38, 0, 0, 0}, &carry);
        c = carry;
    }
    return canon(r);
}

Fe power(const Fe &base, const Fe &exponent) {
    Fe r = {1, 0, 0, 0};
    for (int bit = 255; bit >= 0; --bit) {
        r = mul(r, r);
        if ((exponent[bit / 64] >> (bit % 64)) & 1)
            r = mul(r, base);
    }
    return r;
}

Fe small(std::uint64_t v) {
    return {v, 0, 0, 0};
}

} // namespace

bool javaReferenceAcceptsKey(const QByteArray &publicKey) {
    if (publicKey.size() != 32)
        return false;
    const auto byte = [&](int i) { return static_cast<std::uint8_t>(publicKey.at(i)); };
    Fe y{};
    for (int i = 0; i < 32; ++i)
        y[i / 8] |= static_cast<std::uint64_t>(byte(i)) << (8 * (i % 8));
    y[3] &= 0x7fffffffffffffffULL; // the sign bit of x is not part of y
    y = canon(y);

    const Fe one = small(1);
    const Fe pMinus2 = subRaw(kP, small(2));
    const Fe d = mul(sub(Fe{}, small(121665)), power(small(121666), pMinus2));
    const Fe sqrtMinus1 = power(small(2), Fe{0xfffffffffffffffbULL, 0xffffffffffffffffULL,
                                             0xffffffffffffffffULL, 0x1fffffffffffffffULL});
    const Fe exp2523 = {0xfffffffffffffffdULL, 0xffffffffffffffffULL, 0xffffffffffffffffULL,
                        0x0fffffffffffffffULL}; // (p - 5) / 8

    // x^2 = u / v with u = y^2 - 1, v = d y^2 + 1; the first candidate root is
    // u v^3 (u v^7)^((p-5)/8), times sqrt(-1) when its square is -u/v.
    const Fe y2 = mul(y, y);
    const Fe u = sub(y2, one);
    const Fe v = add(mul(d, y2), one);
    const Fe v3 = mul(mul(v, v), v);
    const Fe v7 = mul(mul(v3, v3), v);
    Fe x = mul(mul(u, v3), power(mul(u, v7), exp2523));
    if (mul(mul(x, x), v) != u)
        x = mul(x, sqrtMinus1);
    if (mul(mul(x, x), v) != u)
        return false; // not a point: every verifier rejects it
    const bool signBitSet = byte(31) & 0x80;
    const bool firstRootOdd = x[0] & 1;
    // The reference negates only when parity == (signed byte >>> 7), never true for a set bit.
    return !(signBitSet && firstRootOdd);
}

bool looksLikeJavaReferenceClient(const QByteArray &clientHelloText) {
    const auto doc = json::parse(clientHelloText);
    if (!doc || !doc->isObject())
        return false;
    static const QStringList kJavaOrder = {QStringLiteral("opc"), QStringLiteral("version"),
                                           QStringLiteral("nonce"),
                                           QStringLiteral("client_public_key")};
    QStringList keys;
    for (const json::Member &m : doc->members())
        keys << m.key;
    if (keys != kJavaOrder)
        return false;
    const json::Value *opc = doc->find(QStringLiteral("opc"));
    if (!opc->isNumber() || opc->toNumber() != 0)
        return false;
    return json::arrayToBytes(*doc->find(QStringLiteral("nonce")), 8).has_value() &&
           json::arrayToBytes(*doc->find(QStringLiteral("client_public_key")), 32).has_value();
}

} // namespace sws::quirks
