// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_UTIL_FORMAT_H
#define DOTS_UTIL_FORMAT_H

/**
 * StrFormat: printf-style formatting into a std::string, checked by the compiler.
 */

#include <cstdarg>
#include <string>

/**
 * printf-style formatting into a std::string. The compiler checks the format string against
 * the arguments (-Wformat), so a mismatch is a build warning, not undefined behaviour at run
 * time. Pass std::string as .c_str() and std::string_view as "%.*s", (int)sv.size(), sv.data().
 * Thread-safe. Never throws except std::bad_alloc.
 */
std::string StrFormat(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

/** va_list form of StrFormat. */
std::string StrFormatV(const char* fmt, va_list args) __attribute__((format(printf, 1, 0)));

#endif // DOTS_UTIL_FORMAT_H
