// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_REGISTRY_NAMES_H
#define DOTS_CONSENSUS_REGISTRY_NAMES_H

/**
 * The syntax of what the registry names (doc/registry.md "Identities"): handles (names, and E.164
 * numbers that are recognised but not registrable), gateway prefixes, SIP endpoints and domains,
 * and the burned fee of a handle. A string is valid only in its one canonical form: nothing is
 * normalised. Pure functions; thread-safe.
 */

#include <consensus/params.h>
#include <primitives/amount.h>

#include <cstddef>
#include <optional>
#include <string_view>

namespace consensus {

inline constexpr size_t MAX_HANDLE_SIZE = 32;
inline constexpr size_t MAX_ENDPOINT_SIZE = 255;
inline constexpr size_t MAX_DOMAIN_SIZE = 253;
inline constexpr size_t MAX_PREFIX_DIGITS = 6;
inline constexpr size_t MAX_PREFIX_SIZE = 1 + MAX_PREFIX_DIGITS; //!< "+" and 1-6 digits

enum class HandleClass {
    INVALID,
    NAME, //!< registrable
    E164, //!< "+" and 7-15 digits, the first not 0: recognised, not registrable (no attestation yet)
};

/**
 * The class of `handle`. NAME: 3-32 characters of [a-z0-9._-], at least one letter, starting and
 * ending with a letter or digit, no two punctuation characters in a row. E164: see above.
 */
HandleClass ClassifyHandle(std::string_view handle);

/** The burned registration/renewal fee of a name; std::nullopt for anything that is not a NAME. */
std::optional<CAmount> HandleFee(std::string_view handle, const RegistryParams& params);

/** sip:/sips: URI, lower case, host[:port], ";transport=" udp|tcp|tls|ws|wss, <= 255 bytes. */
bool IsValidEndpoint(std::string_view endpoint);
/** Lower-case DNS name with at least one dot, <= 253 bytes, labels 1-63 of [a-z0-9-]. */
bool IsValidDomain(std::string_view domain);
/** A gateway prefix: "+" then 1-6 digits. */
bool IsValidPrefix(std::string_view prefix);
/** An E.164 number as a routing target: "+" then 1-15 digits (getgateway accepts partial numbers). */
bool IsValidNumberTarget(std::string_view number);

} // namespace consensus

#endif // DOTS_CONSENSUS_REGISTRY_NAMES_H
