// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_UTIL_NETADDRESS_H
#define DOTS_UTIL_NETADDRESS_H

/**
 * IP addresses and subnets for options and the RPC allow list: IPAddress, Subnet (-rpcallowip) and
 * host:port splitting. Numeric only, never a name lookup.
 */

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/** An IPv4 or IPv6 address. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are stored as IPv4. */
struct IPAddress {
    bool is_v6{false};
    std::array<uint8_t, 16> bytes{}; //!< IPv4 uses the first 4 bytes

    /** Parses a numeric address ("127.0.0.1", "::1", "[::1]"). No name lookups. */
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
