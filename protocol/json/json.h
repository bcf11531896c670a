#pragma once

#include "crypto/expected.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace sws::json {

struct Member;

// An order-preserving JSON value. Objects keep their members in parse/insertion order;
// serialize() then prints them as ECMAScript JSON.stringify does (array-index keys first,
// ascending, then the rest in insertion order), so signatures over JSON.stringify(desc)
// made by the reference verify here and ours verify there (docs/protocol.md, Certificates).
class Value {
public:
    enum class Type { Null, Bool, Number, String, Array, Object };

    Value() = default; // null
    Value(std::nullptr_t) {}
    Value(bool b)
        : m_type(Type::Bool)
        , m_bool(b) {}
    Value(double n)
        : m_type(Type::Number)
        , m_number(n) {}
    Value(int n)
        : m_type(Type::Number)
        , m_number(n) {}
    Value(std::int64_t n)
        : m_type(Type::Number)
        , m_number(static_cast<double>(n)) {}
    Value(const QString &s)
        : m_type(Type::String)
        , m_string(s) {}
    Value(const char *) = delete; // say QStringLiteral

    static Value array(std::vector<Value> items = {});
    static Value object(std::vector<Member> members = {});

    Type type() const { return m_type; }
    bool isNull() const { return m_type == Type::Null; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isNumber() const { return m_type == Type::Number; }
    bool isString() const { return m_type == Type::String; }
    bool isArray() const { return m_type == Type::Array; }
    bool isObject() const { return m_type == Type::Object; }

    bool toBool() const { return m_bool; }
    double toNumber() const { return m_number; }
    const QString &toString() const { return m_string; }

    // Arrays.
    const std::vector<Value> &items() const;
    void append(Value v);
    int size() const; // items or members

    // Objects.
    const std::vector<Member> &members() const;
    // Null pointer when absent (or when this is not an object).
    const Value *find(const QString &key) const;
    bool contains(const QString &key) const { return find(key) != nullptr; }
    // Replaces the value of an existing key in place, or appends a new member.
    void insert(const QString &key, Value v);

    bool operator==(const Value &other) const;
    bool operator!=(const Value &other) const { return !(*this == other); }

private:
    Type m_type = Type::Null;
    bool m_bool = false;
    double m_number = 0;
    QString m_string;
    std::shared_ptr<std::vector<Value>> m_items;    // copy-on-write
    std::shared_ptr<std::vector<Member>> m_members; // copy-on-write
    void detach();
};

struct Member {
    QString key;
    Value value;
};

struct ParseLimits {
    qsizetype maxBytes = 1024 * 1024;
    int maxDepth = 64;
};

struct ParseError {
    qsizetype offset = 0;
    QString message; // readable, never quotes the input
};

// Strict RFC 8259 parser: UTF-8 only, no trailing garbage, duplicate keys refused,
// depth and size limited. Numbers are IEEE doubles, as in JavaScript.
[[nodiscard]] Expected<Value, ParseError> parse(const QByteArray &utf8,
                                                const ParseLimits &limits = {});

// Byte-identical to JSON.stringify(value) in ECMAScript (compact form), UTF-8.
QByteArray serialize(const Value &value);

// Number.prototype.toString() for a finite double; "NaN"/"Infinity" otherwise.
QString numberToString(double x);

// Is this key an array index (canonical "0".."4294967294"), which JS orders first?
bool isArrayIndex(const QString &key, std::uint32_t *index = nullptr);

// Byte strings travel as arrays of integers 0..255.
Value bytesToArray(const QByteArray &bytes);
enum class BytesError { NotArray, BadElement, BadLength };
// expectedLength < 0 accepts any length.
[[nodiscard]] Expected<QByteArray, BytesError> arrayToBytes(const Value &v,
                                                            int expectedLength = -1);

} // namespace sws::json
