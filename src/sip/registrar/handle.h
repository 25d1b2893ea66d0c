// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_REGISTRAR_HANDLE_H
#define DOTS_SIP_REGISTRAR_HANDLE_H

/**
 * Handles as SIP sees them: the canonical form (lowercase name or +E.164) and the mapping from a
 * URI's user part to it.
 */

#include <optional>
#include <string>
#include <string_view>

namespace sip {

/**
 * True if `handle` is a handle in canonical form: a lowercase name matching
 * [a-z0-9][a-z0-9._-]{2,31}, or an E.164 number ("+" then 7-15 digits). Pure, thread-safe.
 */
bool IsCanonicalHandle(std::string_view handle);

/**
 * Maps the user part of a SIP URI to a canonical handle, or std::nullopt if it cannot name one.
 *
 * `user` is the user part as written (it may contain %HH escapes, e.g. "%2B4930123456").
 * ASCII uppercase letters of a name are folded to lowercase: SIP compares the user part
 * case-sensitively (RFC 3261 19.1.4), but DOTS handles are defined lowercase, so "Alice" and
 * "alice" must be the same account rather than two distinct identities one of which cannot
 * exist. E.164 numbers are taken as written (no visual separators, no folding).
 * Allocates the result. Pure, thread-safe.
 */
std::optional<std::string> CanonicalizeHandle(std::string_view user);

} // namespace sip

#endif // DOTS_SIP_REGISTRAR_HANDLE_H
