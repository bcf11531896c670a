#include "json.h"

#include <QSet>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace sws::json {

// ---- Value -------------------------------------------------------------------------------

Value Value::array(std::vector<Value> items) {
    Value v;
    v.m_type = Type::Array;
    v.m_items = std::make_shared<std::vector<Value>>(std::move(items));
    return v;
}

Value Value::object(std::vector<Member> members) {
    Value v;
    v.m_type = Type::Object;
    v.m_members = std::make_shared<std::vector<Member>>(std::move(members));
    return v;
}

const std::vector<Value> &Value::items() const {
    static const std::vector<Value> empty;
    return m_type == Type::Array ? *m_items : empty;
}

const std::vector<Member> &Value::members() const {
    static const std::vector<Member> empty;
    return m_type == Type::Object ? *m_members : empty;
}

void Value::detach() {
    if (m_items && m_items.use_count() > 1)
        m_items = std::make_shared<std::vector<Value>>(*m_items);
    if (m_members && m_members.use_count() > 1)
        m_members = std::make_shared<std::vector<Member>>(*m_members);
}

void Value::append(Value v) {
    if (m_type != Type::Array)
        return;
    detach();
    m_items->push_back(std::move(v));
}

int Value::size() const {
    if (m_type == Type::Array)
        return static_cast<int>(m_items->size());
    if (m_type == Type::Object)
        return static_cast<int>(m_members->size());
    return 0;
}

const Value *Value::find(const QString &key) const {
    if (m_type != Type::Object)
        return nullptr;
    for (const Member &m : *m_members)
        if (m.key == key)
            return &m.value;
    return nullptr;
}

void Value::insert(const QString &key, Value v) {
    if (m_type != Type::Object)
        return;
    detach();
    for (Member &m : *m_members) {
        if (m.key == key) {
            m.value = std::move(v);
            return;
        }
    }
    m_members->push_back(Member{key, std::move(v)});
}

bool Value::operator==(const Value &o) const {
    if (m_type != o.m_type)
        return false;
    switch (m_type) {
    case Type::Null:
        return true;
    case Type::Bool:
        return m_bool == o.m_bool;
    case Type::Number:
        return m_number == o.m_number;
    case Type::String:
        return m_string == o.m_string;
    case Type::Array:
        return *m_items == *o.m_items;
    case Type::Object:
        if (m_members->size() != o.m_members->size())
            return false;
        for (size_t i = 0; i < m_members->size(); ++i)
            if ((*m_members)[i].key != (*o.m_members)[i].key ||
                (*m_members)[i].value != (*o.m_members)[i].value)
                return false;
        return true;
    }
    return false;
}

// ---- Parser ------------------------------------------------------------------------------

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
            if (!parseSmallInteger(d) && !parseNumber(d))
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
                if (!parseSmallInteger(d) && !parseNumber(d))
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

Value bytesToArray(const QByteArray &bytes) {
    std::vector<Value> items;
    items.reserve(static_cast<size_t>(bytes.size()));
    for (char c : bytes)
        items.emplace_back(static_cast<int>(static_cast<unsigned char>(c)));
    return Value::array(std::move(items));
}

Expected<QByteArray, BytesError> arrayToBytes(const Value &v, int expectedLength) {
    if (!v.isArray())
        return unexpected(BytesError::NotArray);
    const auto &items = v.items();
    if (expectedLength >= 0 && static_cast<int>(items.size()) != expectedLength)
        return unexpected(BytesError::BadLength);
    QByteArray out(static_cast<qsizetype>(items.size()), Qt::Uninitialized);
    char *bytes = out.data(); // detached once, not on every element
    for (size_t i = 0; i < items.size(); ++i) {
        const Value &e = items[i];
        if (!e.isNumber())
            return unexpected(BytesError::BadElement);
        const double d = e.toNumber();
        if (!(d >= 0 && d <= 255) || static_cast<double>(static_cast<int>(d)) != d)
            return unexpected(BytesError::BadElement);
        bytes[i] = static_cast<char>(static_cast<int>(d));
    }
    return out;
}

} // namespace sws::json
