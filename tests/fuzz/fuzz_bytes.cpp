// The byte-array decoder json::arrayToBytes, which reads every key, nonce and box of the
// handshake. Input: a mode byte, a length byte, then either JSON text (mode even) or raw IEEE
// doubles (mode odd: NaN, infinities, -0, denormals and huge values, which JSON text cannot
// carry but a Value can). Oracle: an independent statement of the rule — success exactly when
// the value is an array whose elements are all integers 0..255 (and of the expected length),
// with those bytes; and bytesToArray inverts it.
#include "fuzzcommon.h"

#include <cmath>

using namespace sws;

namespace {

bool isByte(const json::Value &e) {
    if (!e.isNumber())
        return false;
    const double d = e.toNumber();
    return std::isfinite(d) && d >= 0 && d <= 255 && std::trunc(d) == d;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2)
        return 0;
    const bool raw = data[0] & 1;
    // 255 stands for "any length"; other values are the length asked for.
    const int expected = data[1] == 255 ? -1 : data[1];
    const QByteArray rest = fuzz::bytesOf(data + 2, size - 2);

    json::Value v;
    if (raw) {
        std::vector<json::Value> items;
        for (qsizetype i = 0; i + 8 <= rest.size(); i += 8) {
            double d;
            std::memcpy(&d, rest.constData() + i, sizeof d);
            items.emplace_back(d);
        }
        v = json::Value::array(std::move(items));
    } else {
        auto parsed = json::parse(rest);
        if (!parsed)
            return 0;
        v = *parsed;
    }

    const auto bytes = json::arrayToBytes(v, expected);
    if (!v.isArray()) {
        FUZZ_CHECK(!bytes && bytes.error() == json::BytesError::NotArray);
        return 0;
    }
    const auto &items = v.items();
    if (expected >= 0 && static_cast<int>(items.size()) != expected) {
        FUZZ_CHECK(!bytes && bytes.error() == json::BytesError::BadLength);
        return 0;
    }
    bool allBytes = true;
    for (const json::Value &e : items)
        allBytes = allBytes && isByte(e);
    if (!allBytes) {
        FUZZ_CHECK(!bytes && bytes.error() == json::BytesError::BadElement);
        return 0;
    }
    FUZZ_CHECK(bytes.has_value());
    FUZZ_CHECK(bytes->size() == static_cast<qsizetype>(items.size()));
    for (size_t i = 0; i < items.size(); ++i)
        FUZZ_CHECK(static_cast<unsigned char>(bytes->at(static_cast<qsizetype>(i))) ==
                   static_cast<unsigned char>(items[i].toNumber()));
    // The encoder inverts the decoder, and its text is the canonical one.
    const json::Value back = json::bytesToArray(*bytes);
    FUZZ_CHECK(back == v);
    auto again = json::arrayToBytes(*json::parse(json::serialize(back)), expected);
    FUZZ_CHECK(again.has_value() && *again == *bytes);
    return 0;
}
