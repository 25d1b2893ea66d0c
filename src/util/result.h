// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_UTIL_RESULT_H
#define DOTS_UTIL_RESULT_H

/**
 * util::Result<T>: a value or an error message, the error style of code that faces users (RPC,
 * config, init).
 */

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace util {

/** Error half of a Result: a human-readable message for logs, RPC replies and users. */
struct Error {
    std::string message;
};

/**
 * Either a value of type T or an Error with a message. The error style for code that faces
 * users (RPC, config, init). Callers must check it: the type is [[nodiscard]].
 *
 *   util::Result<int> ParsePort(std::string_view s);
 *   auto port = ParsePort("8333");
 *   if (!port) return util::Error{port.error()};
 *   Use(*port);
 *
 * Accessing the value of a failed Result (or the error of a successful one) is a programming
 * error and asserts.
 */
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_state{std::in_place_index<0>, std::move(value)} {}
    Result(Error error) : m_state{std::in_place_index<1>, std::move(error)} {}

    bool has_value() const noexcept { return m_state.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    const T& value() const& { assert(has_value()); return std::get<0>(m_state); }
    T& value() & { assert(has_value()); return std::get<0>(m_state); }
    T&& value() && { assert(has_value()); return std::get<0>(std::move(m_state)); }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

    const std::string& error() const { assert(!has_value()); return std::get<1>(m_state).message; }

private:
    std::variant<T, Error> m_state;
};

/** Result of an operation that returns nothing on success. */
template <>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error{std::move(error.message)}, m_failed{true} {}

    bool has_value() const noexcept { return !m_failed; }
    explicit operator bool() const noexcept { return has_value(); }
    const std::string& error() const { assert(m_failed); return m_error; }

private:
    std::string m_error;
    bool m_failed{false};
};

} // namespace util

#endif // DOTS_UTIL_RESULT_H
