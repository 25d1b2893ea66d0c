// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_STORAGE_STATUS_H
#define DOTS_STORAGE_STATUS_H

/**
 * Status and StatusOr: the LevelDB-style result of every storage operation, an error code with a
 * message that names the file or database.
 */

#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace storage {

/**
 * The outcome of a storage operation, LevelDB style: OK, or one error code with a message for
 * logs and users. Cheap: an OK status holds no heap memory (the empty message fits the small
 * string buffer), so returning Status on hot paths costs a few words.
 *
 * Every function of the storage layer that can fail returns a Status (or a StatusOr<T>, below);
 * the type is [[nodiscard]] so an ignored error is a compiler warning. Messages name the file or
 * database and, where known, the offset, because the operator needs them to act.
 *
 * Not thread-safe to mutate concurrently; a const Status may be read from any thread.
 */
class [[nodiscard]] Status
{
public:
    enum class Code : uint8_t {
        kOk = 0,
        kNotFound,        //!< the key or file does not exist (often not an error for the caller)
        kCorruption,      //!< stored data fails a check (checksum, framing, LevelDB paranoid check)
        kIOError,         //!< the OS refused (ENOSPC, EIO, failed fsync, permission, lock held)
        kInvalidArgument, //!< caller or on-disk configuration mismatch (schema version, bad option)
    };

    /** Success. */
    Status() noexcept = default;

    static Status OK() noexcept { return Status{}; }
    static Status NotFound(std::string msg) { return Status{Code::kNotFound, std::move(msg)}; }
    static Status Corruption(std::string msg) { return Status{Code::kCorruption, std::move(msg)}; }
    static Status IOError(std::string msg) { return Status{Code::kIOError, std::move(msg)}; }
    static Status InvalidArgument(std::string msg) { return Status{Code::kInvalidArgument, std::move(msg)}; }

    bool ok() const noexcept { return m_code == Code::kOk; }
    bool IsNotFound() const noexcept { return m_code == Code::kNotFound; }
    bool IsCorruption() const noexcept { return m_code == Code::kCorruption; }
    bool IsIOError() const noexcept { return m_code == Code::kIOError; }
    bool IsInvalidArgument() const noexcept { return m_code == Code::kInvalidArgument; }

    Code code() const noexcept { return m_code; }
    /** The message alone, without the code name ("" for OK). */
    const std::string& message() const noexcept { return m_msg; }
    /** "OK", or "<Code name>: <message>", e.g. "Corruption: blk00003.dat offset 1024: bad checksum". */
    std::string ToString() const
    {
        if (ok()) return "OK";
        return std::string{CodeName(m_code)} + ": " + m_msg;
    }

    static std::string_view CodeName(Code code) noexcept
    {
        switch (code) {
        case Code::kOk: return "OK";
        case Code::kNotFound: return "NotFound";
        case Code::kCorruption: return "Corruption";
        case Code::kIOError: return "IO error";
        case Code::kInvalidArgument: return "Invalid argument";
        }
        return "Unknown";
    }

private:
    Status(Code code, std::string msg) : m_code{code}, m_msg{std::move(msg)} {}

    Code m_code{Code::kOk};
    std::string m_msg;
};

/**
 * Either a value of type T or a non-OK Status: the storage layer's way to return an output
 * without out-parameters. Constructing a StatusOr from an OK Status is a programming error
 * (asserts); so is reading the value of a failed one.
 *
 *   StatusOr<uint64_t> size = env.GetFileSize(path);
 *   if (!size.ok()) return size.status();
 *   Use(*size);
 */
template <typename T>
class [[nodiscard]] StatusOr
{
public:
    StatusOr(T value) : m_state{std::in_place_index<0>, std::move(value)} {}
    StatusOr(Status status) : m_state{std::in_place_index<1>, std::move(status)}
    {
        assert(!std::get<1>(m_state).ok());
    }

    bool ok() const noexcept { return m_state.index() == 0; }
    /** OK when a value is held, else the error. Returns a copy so it can be propagated. */
    Status status() const { return ok() ? Status::OK() : std::get<1>(m_state); }

    const T& value() const& { assert(ok()); return std::get<0>(m_state); }
    T& value() & { assert(ok()); return std::get<0>(m_state); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(m_state)); }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

private:
    std::variant<T, Status> m_state;
};

} // namespace storage

#endif // DOTS_STORAGE_STATUS_H
