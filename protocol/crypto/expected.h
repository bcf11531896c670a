#pragma once

#include <optional>
#include <utility>
#include <variant>

namespace sws {

// A value or an error: the small subset of C++23 std::expected this code base needs.
template <typename E> struct Unexpected { E error; };
template <typename E> Unexpected<std::decay_t<E>> unexpected(E &&e) {
    return {std::forward<E>(e)};
}

template <typename T, typename E> class [[nodiscard]] Expected {
public:
    Expected(T value)
        : m_v(std::in_place_index<0>, std::move(value)) {}
    template <typename G>
    Expected(Unexpected<G> e)
        : m_v(std::in_place_index<1>, std::move(e.error)) {}

    bool has_value() const noexcept { return m_v.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    T &value() & { return std::get<0>(m_v); }
    const T &value() const & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T &&operator*() && { return std::move(*this).value(); }
    T *operator->() { return &std::get<0>(m_v); }
    const T *operator->() const { return &std::get<0>(m_v); }

    const E &error() const & { return std::get<1>(m_v); }
    E &&error() && { return std::get<1>(std::move(m_v)); }

private:
    std::variant<T, E> m_v;
};

} // namespace sws
