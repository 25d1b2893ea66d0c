// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_PROTOCOL_H
#define DOTS_NET_PROTOCOL_H

/**
 * The DOTS P2P protocol's constants: versions, service bits, message types, inventory types
 * and the limits every peer must respect. doc/p2p.md describes the messages and the ones we
 * left out of Bitcoin's protocol (and why).
 *
 * A message on the wire is a 24-byte header followed by the payload:
 *
 *   magic:4  type:12 (ASCII, NUL-padded)  length:u32  checksum:4 (first 4 bytes of SHA-256d(payload))
 *
 * The magic is the chain's ConsensusParams::message_start, so nodes of different chains never
 * talk to each other.
 */

#include <primitives/uint256.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace net {

/** Protocol version this node speaks, and the oldest it talks to. */
inline constexpr int32_t PROTOCOL_VERSION = 10000;
inline constexpr int32_t MIN_PEER_PROTO_VERSION = 10000;

/** Largest payload accepted (a block is at most 1 MB by consensus; an inv of 50,000 entries is 1.8 MB). */
inline constexpr uint32_t MAX_PROTOCOL_MESSAGE_LENGTH = 4'000'000;
inline constexpr size_t MESSAGE_START_SIZE = 4;
inline constexpr size_t MESSAGE_TYPE_SIZE = 12;
inline constexpr size_t CHECKSUM_SIZE = 4;
inline constexpr size_t HEADER_SIZE = MESSAGE_START_SIZE + MESSAGE_TYPE_SIZE + 4 + CHECKSUM_SIZE;

// ---- limits of message contents ----
inline constexpr size_t MAX_INV_SZ = 50'000;          //!< entries of inv, getdata, notfound
inline constexpr size_t MAX_HEADERS_RESULTS = 2'000;  //!< headers per headers message
inline constexpr size_t MAX_ADDR_TO_SEND = 1'000;     //!< entries of addrv2
inline constexpr size_t MAX_LOCATOR_SZ = 101;         //!< hashes of a getheaders locator
inline constexpr size_t MAX_SUBVERSION_LENGTH = 256;  //!< bytes of the version's user agent
inline constexpr size_t MAX_ADDRV2_ADDR_SIZE = 512;   //!< BIP155 address bytes of any network

/** Service bits announced in version and addrv2. */
enum ServiceFlags : uint64_t {
    NODE_NONE = 0,
    /** Serves the whole block chain (every DOTS node keeps all blocks: there is no pruning). */
    NODE_NETWORK = 1 << 0,
};

/** "NETWORK" etc. for each bit set (unknown bits as "UNKNOWN[2^n]"), for getpeerinfo. */
std::string ServiceFlagNames(uint64_t services);

/** Message types. */
namespace msgtype {
inline constexpr const char* VERSION = "version";
inline constexpr const char* VERACK = "verack";
inline constexpr const char* PING = "ping";
inline constexpr const char* PONG = "pong";
inline constexpr const char* GETADDR = "getaddr";
inline constexpr const char* ADDRV2 = "addrv2";
inline constexpr const char* INV = "inv";
inline constexpr const char* GETDATA = "getdata";
inline constexpr const char* NOTFOUND = "notfound";
inline constexpr const char* GETHEADERS = "getheaders";
inline constexpr const char* HEADERS = "headers";
inline constexpr const char* BLOCK = "block";
inline constexpr const char* TX = "tx";
inline constexpr const char* MEMPOOL = "mempool";
inline constexpr const char* SENDHEADERS = "sendheaders";
inline constexpr const char* FEEFILTER = "feefilter";
} // namespace msgtype

/** Every message type we know, in a fixed order (per-type byte counters use it). */
std::span<const std::string_view> AllMessageTypes();
/** Index of `type` in AllMessageTypes(), or nullopt for an unknown type. */
std::optional<size_t> MessageTypeIndex(std::string_view type);

/** Inventory item types (inv, getdata, notfound). */
enum class InvType : uint32_t {
    TX = 1,    //!< a transaction by txid (only in getdata, to fetch an orphan's parents)
    BLOCK = 2, //!< a block by hash
    WTX = 5,   //!< a transaction by wtxid (announcements and their getdata)
};

struct Inv {
    uint32_t type{0};
    uint256 hash;

    bool IsBlock() const { return type == static_cast<uint32_t>(InvType::BLOCK); }
    bool IsTx() const { return type == static_cast<uint32_t>(InvType::TX) || type == static_cast<uint32_t>(InvType::WTX); }
    friend bool operator==(const Inv&, const Inv&) = default;
};

/** The 24-byte message header. */
struct MessageHeader {
    std::array<uint8_t, MESSAGE_START_SIZE> magic{};
    std::array<char, MESSAGE_TYPE_SIZE> type{};
    uint32_t length{0};
    std::array<uint8_t, CHECKSUM_SIZE> checksum{};

    /** The type without its NUL padding. */
    std::string_view Type() const;
    /**
     * Whether the type field is printable ASCII followed only by NULs (and not empty). A peer
     * sending anything else is broken or hostile.
     */
    bool IsTypeValid() const;
};

/** Parses the first HEADER_SIZE bytes of `bytes` (which must hold at least that many). */
MessageHeader ParseMessageHeader(std::span<const uint8_t> bytes);
/** Serializes a header for `type` and `payload` (type at most 12 characters). */
std::array<uint8_t, HEADER_SIZE> MakeMessageHeader(const std::array<uint8_t, MESSAGE_START_SIZE>& magic,
                                                   std::string_view type, std::span<const uint8_t> payload);
/** First 4 bytes of SHA-256d(payload). */
std::array<uint8_t, CHECKSUM_SIZE> MessageChecksum(std::span<const uint8_t> payload);

} // namespace net

#endif // DOTS_NET_PROTOCOL_H
