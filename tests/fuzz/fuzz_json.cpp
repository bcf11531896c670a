// The JSON parser and serializer (json.h) with arbitrary bytes. Oracles: whatever parses
// serializes to a document that parses again, and that document is a fixed point of
// serialize(parse(·)); every finite number survives numberToString and back exactly.
#include "fuzzcommon.h"

#include <cmath>

using namespace sws;

namespace {

// Large enough for any serialization of an input within the default limits: the serializer
// may grow a document (1e20 becomes 21 digits, a 2-byte character a 6-byte escape).
const json::ParseLimits kReparse{64 * 1024 * 1024, 64};

void checkNumbers(const json::Value &v, int depth) {
    FUZZ_CHECK(depth <= 65);
    switch (v.type()) {
    case json::Value::Type::Number: {
        const double d = v.toNumber();
        FUZZ_CHECK(!std::isnan(d)); // JSON has no NaN
        if (std::isfinite(d)) {
            const QString s = json::numberToString(d);
            auto back = json::parse(s.toLatin1());
            FUZZ_CHECK(back.has_value() && back->isNumber());
            FUZZ_CHECK(back->toNumber() == d);
        }
        return;
    }
    case json::Value::Type::Array:
        for (const json::Value &item : v.items())
            checkNumbers(item, depth + 1);
        return;
    case json::Value::Type::Object: {
        for (const json::Member &m : v.members()) {
            FUZZ_CHECK(v.find(m.key) == &m.value); // keys are unique
            checkNumbers(m.value, depth + 1);
        }
        return;
    }
    default:
        return;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray in = fuzz::bytesOf(data, size);
    auto v = json::parse(in);
    if (!v) {
        FUZZ_CHECK(v.error().offset >= 0 && v.error().offset <= in.size());
        FUZZ_CHECK(!v.error().message.isEmpty());
        return 0;
    }
    checkNumbers(*v, 0);

    const QByteArray once = json::serialize(*v);
    auto again = json::parse(once, kReparse);
    if (!again) {
        std::fprintf(stderr, "serialized document does not parse: %s at %lld\n",
                     qPrintable(again.error().message),
                     static_cast<long long>(again.error().offset));
        FUZZ_CHECK(false);
    }
    // Only a number too large for a double (Infinity, printed as null, as JSON.stringify does)
    // changes type.
    FUZZ_CHECK(again->type() == v->type() ||
               (v->isNumber() && std::isinf(v->toNumber()) && again->isNull()));
    FUZZ_CHECK(again->size() == v->size());
    const QByteArray twice = json::serialize(*again);
    FUZZ_CHECK(twice == once);
    return 0;
}
