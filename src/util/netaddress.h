// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_UTIL_NETADDRESS_H
#define DOTS_UTIL_NETADDRESS_H

/**
 * The node's one parser of numeric IP addresses (ParseIPv4, ParseIPv6, IPLiteral with brackets,
 * IPv6 zone and port), and what options and the RPC allow list build on it: IPAddress, Subnet
 * (-rpcallowip) and host:port splitting. The SIP transport and the SIP URI parser use it too;
 * consensus keeps its own strict copy (consensus/registry_names.cpp). Numeric only, never a
 * name lookup; no allocation.
 */

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/**
 * Parses a dotted-quad IPv4 address ("192.0.2.1"): four decimal parts of 1-3 digits, each at most
 * 255; a leading zero is read as decimal, never octal ("010" is ten, as RFC 3261's IPv4address
 * grammar has it). Returns the four bytes in network order, std::nullopt for anything else.
 */
std::optional<std::array<uint8_t, 4>> ParseIPv4(std::string_view text);

/**
 * Parses an IPv6 address in RFC 4291 2.2 text form without brackets or zone ("2001:db8::1",
 * "::ffff:192.0.2.1"): groups of 1-4 hex digits of either case, at most one "::" standing for one
 * or more zero groups, optionally ending in a dotted IPv4 address. Returns the 16 bytes in network
 * order (an IPv4-mapped address stays as written), std::nullopt for anything else.
 */
std::optional<std::array<uint8_t, 16>> ParseIPv6(std::string_view text);

/**
 * A numeric IP address as configuration, URIs and logs write it, with what the text may add: an
 * IPv6 zone (scope) and a port. Parse accepts
 *   "192.0.2.1", "192.0.2.1:5060",
 *   "2001:db8::1", "fe80::1%eth0" (a bare IPv6 address takes no port),
 *   "[2001:db8::1]", "[2001:db8::1]:5060", "[fe80::1%eth0]:5060" and RFC 6874's "[fe80::1%25eth0]".
 * A zone is 1-64 bytes of letters, digits and "-._~", after an IPv6 address only; a port is 0-65535
 * in decimal, at most five digits. std::nullopt for anything else (names, an empty port, stray
 * bytes). The zone views the parsed text.
 */
struct IPLiteral {
    bool is_v6{false};
    std::array<uint8_t, 16> bytes{}; //!< IPv4 uses the first 4 bytes; IPv4-mapped IPv6 stays IPv6
    std::string_view zone;           //!< without its "%" (or "%25"); empty when none
    std::optional<uint16_t> port;

    static std::optional<IPLiteral> Parse(std::string_view text);
};

/** An IPv4 or IPv6 address. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are stored as IPv4. */
struct IPAddress {
    bool is_v6{false};
    std::array<uint8_t, 16> bytes{}; //!< IPv4 uses the first 4 bytes

    /** Parses a numeric address ("127.0.0.1", "::1", "[::1]") with IPLiteral; std::nullopt when
     *  the text is not one or adds a zone or a port. No name lookups. */
    static std::optional<IPAddress> Parse(std::string_view text);
    std::string ToString() const;
    bool IsLoopback() const;
    bool operator==(const IPAddress&) const = default;
};

/** An address range for -rpcallowip and bans: "1.2.3.4", "1.2.3.0/24", "1.2.3.0/255.255.255.0", "fe80::/10". */
struct Subnet {
    IPAddress network;
    std::array<uint8_t, 16> mask{};

    /** std::nullopt for malformed text or a netmask that is not a contiguous prefix. */
    static std::optional<Subnet> Parse(std::string_view text);
    bool Match(const IPAddress& address) const;
    std::string ToString() const;
};

/**
 * Splits "host:port", "[v6]:port", "host" or "v6" into host and port. The port is `default_port`
 * when absent; std::nullopt when a port is present but not 1..65535.
 */
std::optional<std::pair<std::string, uint16_t>> SplitHostPort(std::string_view text, uint16_t default_port);

#endif // DOTS_UTIL_NETADDRESS_H
