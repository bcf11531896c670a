// The JSON serializer: output identical to JavaScript's JSON.stringify (json.h).
#include "json/json.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

namespace sws::json {

// ---- Serializer --------------------------------------------------------------------------

QString numberToString(double x) {
    if (std::isnan(x))
        return QStringLiteral("NaN");
    if (x == 0)
        return QStringLiteral("0"); // also -0
    if (std::isinf(x))
        return x < 0 ? QStringLiteral("-Infinity") : QStringLiteral("Infinity");

    QString sign;
    if (x < 0) {
        sign = QStringLiteral("-");
        x = -x;
    }
    // Shortest round-trip digits from to_chars, re-laid out by ECMAScript's Number::toString.
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
    const std::string sci(buf, res.ptr);
    const auto ePos = sci.find('e');
    std::string digits;
    for (size_t i = 0; i < ePos; ++i)
        if (sci[i] != '.')
            digits += sci[i];
    const int e = std::stoi(sci.substr(ePos + 1));
    const int k = static_cast<int>(digits.size());
    const int n = e + 1;

    std::string out;
    if (k <= n && n <= 21) {
        out = digits + std::string(static_cast<size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out =
            digits.substr(0, static_cast<size_t>(n)) + '.' + digits.substr(static_cast<size_t>(n));
    } else if (-6 < n && n <= 0) {
        out = "0." + std::string(static_cast<size_t>(-n), '0') + digits;
    } else {
        const int exp = n - 1;
        const std::string expStr = (exp < 0 ? "-" : "+") + std::to_string(exp < 0 ? -exp : exp);
        if (k == 1)
            out = digits + 'e' + expStr;
        else
            out = digits.substr(0, 1) + '.' + digits.substr(1) + 'e' + expStr;
    }
    return sign + QString::fromLatin1(out.data(), static_cast<qsizetype>(out.size()));
}

bool isArrayIndex(const QString &key, std::uint32_t *index) {
    if (key.isEmpty() || key.size() > 10)
        return false;
    if (key.size() > 1 && key[0] == QLatin1Char('0'))
        return false;
    std::uint64_t v = 0;
    for (QChar c : key) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
        v = v * 10 + static_cast<std::uint64_t>(c.unicode() - '0');
    }
    if (v > 4294967294ULL)
        return false;
    if (index)
        *index = static_cast<std::uint32_t>(v);
    return true;
}

namespace {

// Collects output in a small local buffer: QByteArray::append() per character costs more
// than the character.
class Writer {
public:
    explicit Writer(QByteArray &out)
        : m_out(out) {}
    ~Writer() { flush(); }
    Writer(const Writer &) = delete;
    Writer &operator=(const Writer &) = delete;

    void put(char c) {
        if (m_len == sizeof m_buf)
            flush();
        m_buf[m_len++] = c;
    }
    void put(const char *text) {
        while (*text)
            put(*text++);
    }
    void flush() {
        m_out.append(m_buf, static_cast<qsizetype>(m_len));
        m_len = 0;
    }

private:
    QByteArray &m_out;
    char m_buf[256];
    std::size_t m_len = 0;
};

void appendUtf8(Writer &out, char32_t cp) {
    if (cp < 0x80) {
        out.put(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.put(static_cast<char>(0xC0 | (cp >> 6)));
        out.put(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.put(static_cast<char>(0xE0 | (cp >> 12)));
        out.put(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.put(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.put(static_cast<char>(0xF0 | (cp >> 18)));
        out.put(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.put(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.put(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

void appendEscapedUnit(Writer &out, char16_t u) {
    static const char hex[] = "0123456789abcdef";
    out.put("\\u");
    out.put(hex[(u >> 12) & 0xF]);
    out.put(hex[(u >> 8) & 0xF]);
    out.put(hex[(u >> 4) & 0xF]);
    out.put(hex[u & 0xF]);
}

void serializeString(QByteArray &bytes, const QString &s) {
    Writer out(bytes);
    out.put('"');
    const qsizetype n = s.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t u = s[i].unicode();
        switch (u) {
        case '"':
            out.put("\\\"");
            continue;
        case '\\':
            out.put("\\\\");
            continue;
        case '\b':
            out.put("\\b");
            continue;
        case '\f':
            out.put("\\f");
            continue;
        case '\n':
            out.put("\\n");
            continue;
        case '\r':
            out.put("\\r");
            continue;
        case '\t':
            out.put("\\t");
            continue;
        default:
            break;
        }
        if (u < 0x20) {
            appendEscapedUnit(out, u);
        } else if (QChar::isHighSurrogate(u)) {
            if (i + 1 < n && QChar::isLowSurrogate(s[i + 1].unicode())) {
                appendUtf8(out, QChar::surrogateToUcs4(u, s[i + 1].unicode()));
                ++i;
            } else {
                appendEscapedUnit(out, u); // lone surrogate, as well-formed JSON.stringify
            }
        } else if (QChar::isLowSurrogate(u)) {
            appendEscapedUnit(out, u);
        } else {
            appendUtf8(out, u);
        }
    }
    out.put('"');
}

// "0" … "255", for writing byte strings.
struct ByteText {
    char text[4];
    std::size_t length;
};
const ByteText &byteText(int n) {
    static const auto table = [] {
        std::array<ByteText, 256> t{};
        for (int i = 0; i < 256; ++i) {
            const auto r = std::to_chars(t[i].text, t[i].text + sizeof t[i].text, i);
            t[i].length = static_cast<std::size_t>(r.ptr - t[i].text);
        }
        return t;
    }();
    return table[static_cast<std::size_t>(n)];
}

void serializeValue(QByteArray &out, const Value &v) {
    switch (v.type()) {
    case Value::Type::Null:
        out += "null";
        return;
    case Value::Type::Bool:
        out += v.toBool() ? "true" : "false";
        return;
    case Value::Type::Number: {
        const double d = v.toNumber();
        if (!std::isfinite(d)) {
            out += "null";
            return;
        }
        // Fast path for the integers byte arrays are made of.
        if (d >= 0 && d < 1e15 && d == std::floor(d)) {
            char buf[24];
            const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(d));
            out.append(buf, r.ptr - buf);
            return;
        }
        out += numberToString(d).toLatin1();
        return;
    }
    case Value::Type::String:
        serializeString(out, v.toString());
        return;
    case Value::Type::Array: {
        // Byte strings are arrays of hundreds of small integers: they are written through a
        // local buffer, one append per few hundred elements instead of one or two each.
        char buf[512];
        std::size_t len = 0;
        auto flush = [&] {
            out.append(buf, static_cast<qsizetype>(len));
            len = 0;
        };
        buf[len++] = '[';
        bool first = true;
        for (const Value &item : v.items()) {
            if (len > sizeof buf - 8)
                flush();
            if (!first)
                buf[len++] = ',';
            first = false;
            const double d = item.isNumber() ? item.toNumber() : -1;
            if (d >= 0 && d < 256 && static_cast<double>(static_cast<int>(d)) == d) {
                const ByteText &t = byteText(static_cast<int>(d));
                std::memcpy(buf + len, t.text, sizeof t.text);
                len += t.length;
                continue;
            }
            flush();
            serializeValue(out, item);
        }
        buf[len++] = ']';
        flush();
        return;
    }
    case Value::Type::Object: {
        // Array-index keys first, ascending; then the rest in insertion order.
        const auto &members = v.members();
        std::vector<std::pair<std::uint32_t, const Member *>> indexed;
        for (const Member &m : members) {
            std::uint32_t idx;
            if (isArrayIndex(m.key, &idx))
                indexed.emplace_back(idx, &m);
        }
        std::sort(indexed.begin(), indexed.end(),
                  [](const auto &a, const auto &b) { return a.first < b.first; });
        out += '{';
        bool first = true;
        auto emit = [&](const Member &m) {
            if (!first)
                out += ',';
            first = false;
            serializeString(out, m.key);
            out += ':';
            serializeValue(out, m.value);
        };
        for (const auto &p : indexed)
            emit(*p.second);
        for (const Member &m : members)
            if (!isArrayIndex(m.key))
                emit(m);
        out += '}';
        return;
    }
    }
}

} // namespace

QByteArray serialize(const Value &value) {
    QByteArray out;
    serializeValue(out, value);
    return out;
}

} // namespace sws::json
