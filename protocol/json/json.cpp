#include "json/json.h"

#include <memory>

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

// ---- Byte arrays -------------------------------------------------------------------------

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
