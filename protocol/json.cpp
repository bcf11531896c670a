#include "json.h"

#include <QSet>

#include <algorithm>
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
        default:
            return parseNumber(out);
        }
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
        for (;;) {
            skipWs();
            Value v;
            if (!parseValue(v, depth))
                return false;
            items.push_back(std::move(v));
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

    bool parseNumber(Value &out) {
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
        out = Value(negative ? -d : d);
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

void appendUtf8(QByteArray &out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

void appendEscapedUnit(QByteArray &out, char16_t u) {
    static const char hex[] = "0123456789abcdef";
    out += "\\u";
    out += hex[(u >> 12) & 0xF];
    out += hex[(u >> 8) & 0xF];
    out += hex[(u >> 4) & 0xF];
    out += hex[u & 0xF];
}

void serializeString(QByteArray &out, const QString &s) {
    out += '"';
    const qsizetype n = s.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t u = s[i].unicode();
        switch (u) {
        case '"':
            out += "\\\"";
            continue;
        case '\\':
            out += "\\\\";
            continue;
        case '\b':
            out += "\\b";
            continue;
        case '\f':
            out += "\\f";
            continue;
        case '\n':
            out += "\\n";
            continue;
        case '\r':
            out += "\\r";
            continue;
        case '\t':
            out += "\\t";
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
    out += '"';
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
        out += '[';
        bool first = true;
        for (const Value &item : v.items()) {
            if (!first)
                out += ',';
            first = false;
            serializeValue(out, item);
        }
        out += ']';
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
    for (size_t i = 0; i < items.size(); ++i) {
        const Value &e = items[i];
        if (!e.isNumber())
            return unexpected(BytesError::BadElement);
        const double d = e.toNumber();
        if (!(d >= 0 && d <= 255) || d != std::floor(d))
            return unexpected(BytesError::BadElement);
        out[static_cast<qsizetype>(i)] = static_cast<char>(static_cast<int>(d));
    }
    return out;
}

} // namespace sws::json
