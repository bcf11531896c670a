// The JSON parser: strict RFC 8259 text with limits on size and depth (json.h).
#include "json/json.h"

#include <QSet>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>

namespace sws::json {

namespace {

class Parser {
public:
    Parser(const QByteArray &in, const ParseLimits &limits)
        : m_p(in.constData())
        , m_begin(in.constData())
        , m_end(in.constData() + in.size())
        , m_limits(limits) {}

    Expected<Value, ParseError> run() {
        skipWs();
        Value v;
        if (!parseValue(v, 0))
            return unexpected(m_error);
        skipWs();
        if (m_p != m_end) {
            fail(QStringLiteral("unexpected data after the JSON value"));
            return unexpected(m_error);
        }
        return v;
    }

private:
    const char *m_p;
    const char *m_begin;
    const char *m_end;
    ParseLimits m_limits;
    ParseError m_error;

    bool fail(const QString &msg) {
        m_error.offset = m_p - m_begin;
        m_error.message = msg;
        return false;
    }

    void skipWs() {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }

    bool literal(const char *word, qsizetype len) {
        if (m_end - m_p < len || std::memcmp(m_p, word, static_cast<size_t>(len)) != 0)
            return fail(QStringLiteral("invalid literal"));
        m_p += len;
        return true;
    }

    bool parseValue(Value &out, int depth) {
        if (m_p >= m_end)
            return fail(QStringLiteral("unexpected end of input"));
        switch (*m_p) {
        case '{':
            return parseObject(out, depth + 1);
        case '[':
            return parseArray(out, depth + 1);
        case '"': {
            QString s;
            if (!parseString(s))
                return false;
            out = Value(s);
            return true;
        }
        case 't':
            out = Value(true);
            return literal("true", 4);
        case 'f':
            out = Value(false);
            return literal("false", 5);
        case 'n':
            out = Value();
            return literal("null", 4);
        default: {
            double d = 0;
            if (!number(d))
                return false;
            out = Value(d);
            return true;
        }
        }
    }

    // A flat array of numbers (how byte strings travel) has as many elements as commas + 1:
    // counted up front so the vector is allocated once. 0 when the array nests anything or
    // holds a string.
    qsizetype flatNumberCount() const {
        const auto left = static_cast<size_t>(m_end - m_p);
        const auto *close = static_cast<const char *>(std::memchr(m_p, ']', left));
        if (!close)
            return 0;
        const auto span = static_cast<size_t>(close - m_p);
        if (std::memchr(m_p, '[', span) || std::memchr(m_p, '{', span) ||
            std::memchr(m_p, '"', span))
            return 0;
        qsizetype commas = 0;
        for (const char *q = m_p; q < close; ++q)
            commas += *q == ',';
        // Never more than a valid array of this length can hold ("1,1,…": two bytes each), so
        // that hostile text ("[,,,,…") reserves no more than valid text of its length would.
        return std::min(commas + 1, static_cast<qsizetype>(span + 1) / 2);
    }

    bool parseObject(Value &out, int depth) {
        if (depth > m_limits.maxDepth)
            return fail(QStringLiteral("nesting too deep"));
        ++m_p; // '{'
        std::vector<Member> members;
        QSet<QString> seen; // used once an object is big enough for linear search to hurt
        skipWs();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            out = Value::object();
            return true;
        }
        for (;;) {
            skipWs();
            if (m_p >= m_end || *m_p != '"')
                return fail(QStringLiteral("expected a string key"));
            QString key;
            if (!parseString(key))
                return false;
            bool duplicate = false;
            if (members.size() < 16) {
                for (const Member &m : members)
                    duplicate = duplicate || m.key == key;
                if (members.size() == 15)
                    for (const Member &m : members)
                        seen.insert(m.key);
            } else {
                duplicate = seen.contains(key);
            }
            if (duplicate)
                return fail(QStringLiteral("duplicate key"));
            if (members.size() >= 15)
                seen.insert(key);
            skipWs();
            if (m_p >= m_end || *m_p != ':')
                return fail(QStringLiteral("expected ':'"));
            ++m_p;
            skipWs();
            Value v;
            if (!parseValue(v, depth))
                return false;
            members.push_back(Member{std::move(key), std::move(v)});
            skipWs();
            if (m_p >= m_end)
                return fail(QStringLiteral("unterminated object"));
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == '}') {
                ++m_p;
                break;
            }
            return fail(QStringLiteral("expected ',' or '}'"));
        }
        out = Value::object(std::move(members));
        return true;
    }

    bool parseArray(Value &out, int depth) {
        if (depth > m_limits.maxDepth)
            return fail(QStringLiteral("nesting too deep"));
        ++m_p; // '['
        std::vector<Value> items;
        skipWs();
        if (m_p < m_end && *m_p == ']') {
            ++m_p;
            out = Value::array();
            return true;
        }
        items.reserve(static_cast<size_t>(flatNumberCount()));
        for (;;) {
            skipWs();
            // Byte strings are arrays of hundreds of numbers: those are built in place.
            if (m_p < m_end && (isDigit(*m_p) || *m_p == '-')) {
                double d = 0;
                if (!number(d))
                    return false;
                items.emplace_back(d);
            } else if (!parseValue(items.emplace_back(), depth)) {
                return false;
            }
            skipWs();
            if (m_p >= m_end)
                return fail(QStringLiteral("unterminated array"));
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == ']') {
                ++m_p;
                break;
            }
            return fail(QStringLiteral("expected ',' or ']'"));
        }
        out = Value::array(std::move(items));
        return true;
    }

    static int hexDigit(char c) {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    static void appendCodePoint(QString &s, char32_t cp) {
        if (cp >= 0x10000) {
            s += QChar(QChar::highSurrogate(cp));
            s += QChar(QChar::lowSurrogate(cp));
        } else {
            s += QChar(static_cast<char16_t>(cp));
        }
    }

    // Decodes one UTF-8 sequence strictly (no overlongs, no surrogates, max U+10FFFF).
    bool decodeUtf8(char32_t &cp) {
        const auto b0 = static_cast<unsigned char>(*m_p);
        int len;
        char32_t min;
        if (b0 < 0x80) {
            cp = b0;
            ++m_p;
            return true;
        } else if ((b0 & 0xE0) == 0xC0) {
            len = 2;
            cp = b0 & 0x1F;
            min = 0x80;
        } else if ((b0 & 0xF0) == 0xE0) {
            len = 3;
            cp = b0 & 0x0F;
            min = 0x800;
        } else if ((b0 & 0xF8) == 0xF0) {
            len = 4;
            cp = b0 & 0x07;
            min = 0x10000;
        } else {
            return fail(QStringLiteral("invalid UTF-8"));
        }
        if (m_end - m_p < len)
            return fail(QStringLiteral("truncated UTF-8"));
        for (int i = 1; i < len; ++i) {
            const auto b = static_cast<unsigned char>(m_p[i]);
            if ((b & 0xC0) != 0x80)
                return fail(QStringLiteral("invalid UTF-8"));
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return fail(QStringLiteral("invalid UTF-8"));
        m_p += len;
        return true;
    }

    bool parseString(QString &out) {
        ++m_p; // opening quote
        for (;;) {
            // A run of plain ASCII (no quote, backslash or control character) in one append.
            const char *run = m_p;
            while (m_p < m_end) {
                const auto b = static_cast<unsigned char>(*m_p);
                if (b < 0x20 || b >= 0x80 || b == '"' || b == '\\')
                    break;
                ++m_p;
            }
            if (m_p != run)
                out.append(QLatin1String(run, m_p - run));
            if (m_p >= m_end)
                return fail(QStringLiteral("unterminated string"));
            const char c = *m_p;
            if (c == '"') {
                ++m_p;
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                return fail(QStringLiteral("control character in string"));
            if (c == '\\') {
                ++m_p;
                if (m_p >= m_end)
                    return fail(QStringLiteral("unterminated escape"));
                const char e = *m_p++;
                switch (e) {
                case '"':
                    out += QLatin1Char('"');
                    break;
                case '\\':
                    out += QLatin1Char('\\');
                    break;
                case '/':
                    out += QLatin1Char('/');
                    break;
                case 'b':
                    out += QLatin1Char('\b');
                    break;
                case 'f':
                    out += QLatin1Char('\f');
                    break;
                case 'n':
                    out += QLatin1Char('\n');
                    break;
                case 'r':
                    out += QLatin1Char('\r');
                    break;
                case 't':
                    out += QLatin1Char('\t');
                    break;
                case 'u': {
                    if (m_end - m_p < 4)
                        return fail(QStringLiteral("truncated \\u escape"));
                    int v = 0;
                    for (int i = 0; i < 4; ++i) {
                        const int d = hexDigit(m_p[i]);
                        if (d < 0)
                            return fail(QStringLiteral("invalid \\u escape"));
                        v = v * 16 + d;
                    }
                    m_p += 4;
                    // Lone surrogates are kept, as JavaScript strings keep them.
                    out += QChar(static_cast<char16_t>(v));
                    break;
                }
                default:
                    return fail(QStringLiteral("invalid escape"));
                }
                continue;
            }
            char32_t cp;
            if (!decodeUtf8(cp))
                return false;
            appendCodePoint(out, cp);
        }
    }

    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    // A number: the integer fast path, else the general conversion.
    bool number(double &d) { return parseSmallInteger(d) || parseNumber(d); }

    // Integers of up to 15 digits (every byte of a byte string) are exact doubles: read
    // directly, without the general conversion. False if the text is anything else.
    bool parseSmallInteger(double &out) {
        const char *q = m_p;
        const char *const end = m_end;
        const bool negative = q < end && *q == '-';
        if (negative)
            ++q;
        const char *const digits = q;
        const char *const limit = end - q > 16 ? q + 16 : end;
        std::int64_t v = 0;
        while (q < limit && static_cast<unsigned char>(*q - '0') < 10)
            v = v * 10 + (*q++ - '0');
        const auto n = q - digits;
        if (n == 0 || n > 15 || (n > 1 && *digits == '0') ||
            (q < end && (*q == '.' || *q == 'e' || *q == 'E')))
            return false;
        m_p = q;
        const auto d = static_cast<double>(v);
        out = negative ? -d : d;
        return true;
    }

    bool parseNumber(double &out) {
        const char *start = m_p;
        const char *p = m_p;
        bool negative = false;
        if (p < m_end && *p == '-') {
            negative = true;
            ++p;
        }
        if (p >= m_end || !isDigit(*p))
            return fail(QStringLiteral("invalid value"));
        const char *intStart = p;
        if (*p == '0') {
            ++p;
        } else {
            while (p < m_end && isDigit(*p))
                ++p;
        }
        const char *intEnd = p;
        if (p < m_end && *p == '.') {
            ++p;
            if (p >= m_end || !isDigit(*p))
                return fail(QStringLiteral("invalid number"));
            while (p < m_end && isDigit(*p))
                ++p;
        }
        long long exp10 = 0;
        if (p < m_end && (*p == 'e' || *p == 'E')) {
            ++p;
            bool expNeg = false;
            if (p < m_end && (*p == '+' || *p == '-'))
                expNeg = *p++ == '-';
            if (p >= m_end || !isDigit(*p))
                return fail(QStringLiteral("invalid number"));
            while (p < m_end && isDigit(*p)) {
                if (exp10 < 100000)
                    exp10 = exp10 * 10 + (*p - '0');
                ++p;
            }
            if (expNeg)
                exp10 = -exp10;
        }
        double d = 0;
        const auto res = std::from_chars(negative ? start + 1 : start, p, d);
        if (res.ec == std::errc::result_out_of_range) {
            // Decide between overflow and underflow from the decimal magnitude, as JS
            // turns them into Infinity and 0.
            long long magnitude = exp10;
            const char *firstNonZero = intStart;
            while (firstNonZero < intEnd && *firstNonZero == '0')
                ++firstNonZero;
            if (firstNonZero < intEnd) {
                magnitude += intEnd - firstNonZero;
            } else {
                const char *q = intEnd + 1; // after '.'
                while (q < p && *q == '0')
                    ++q, --magnitude;
            }
            d = magnitude > 0 ? std::numeric_limits<double>::infinity() : 0.0;
        } else if (res.ec != std::errc() || res.ptr != p) {
            return fail(QStringLiteral("invalid number"));
        }
        m_p = p;
        out = negative ? -d : d;
        return true;
    }
};

} // namespace

Expected<Value, ParseError> parse(const QByteArray &utf8, const ParseLimits &limits) {
    if (utf8.size() > limits.maxBytes)
        return unexpected(ParseError{0, QStringLiteral("document too large")});
    return Parser(utf8, limits).run();
}

} // namespace sws::json
