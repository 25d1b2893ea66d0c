// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_MESSAGES_H
#define DOTS_NET_MESSAGES_H

/**
 * Payloads of the P2P messages (net/protocol.h lists the types) with strict encoders and
 * decoders in the style of serialize.h: decoding never throws, rejects non-canonical sizes,
 * lists longer than the protocol allows and trailing bytes (DecodeFull<T>), and bounds every
 * allocation by the input. Messages whose payload is a block, a transaction or nothing use
 * the primitives directly. Value types, thread-compatible.
 */

#include <net/address.h>
#include <net/protocol.h>
#include <primitives/block.h>
#include <serialize.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace net {

/** `version`: the first message each side sends. Layout as Bitcoin's (addresses in the
 * 26-byte legacy form: services:u64, IPv6 or IPv4-mapped address:16, port:u16 big-endian). */
struct VersionMessage {
    int32_t version{PROTOCOL_VERSION};
    uint64_t services{NODE_NONE};
    int64_t timestamp{0};
    uint64_t addr_recv_services{NODE_NONE};
    Service addr_recv; //!< how the sender sees the receiver (an unspecified address if unknown)
    uint64_t addr_from_services{NODE_NONE}; //!< kept as received so a decoded message re-encodes to the same bytes
    Service addr_from; //!< ignored, as in Bitcoin
    uint64_t nonce{0}; //!< random; a node that receives its own nonce connected to itself
    std::string user_agent;
    int32_t start_height{0};
    bool relay{true};  //!< false: do not announce transactions to the sender (block-relay-only, -blocksonly)

    template <typename W> void Serialize(W& w) const;
    static std::optional<VersionMessage> Unserialize(ByteReader& r);
};

/** One 8-byte nonce (ping, pong). */
struct NonceMessage {
    uint64_t nonce{0};
    template <typename W> void Serialize(W& w) const { WriteU64(w, nonce); }
    static std::optional<NonceMessage> Unserialize(ByteReader& r);
};

/** feefilter: the smallest fee rate (units per 1000 bytes) of transactions to announce. */
struct FeeFilterMessage {
    int64_t fee_rate{0};
    template <typename W> void Serialize(W& w) const { WriteI64(w, fee_rate); }
    static std::optional<FeeFilterMessage> Unserialize(ByteReader& r);
};

/** inv, getdata, notfound: at most MAX_INV_SZ entries of type:u32 hash:32. */
struct InvMessage {
    std::vector<Inv> items;
    template <typename W> void Serialize(W& w) const;
    static std::optional<InvMessage> Unserialize(ByteReader& r);
};

/** getheaders: version:u32, locator (at most MAX_LOCATOR_SZ hashes), stop hash (zero: as many as allowed). */
struct GetHeadersMessage {
    uint32_t version{static_cast<uint32_t>(PROTOCOL_VERSION)};
    std::vector<uint256> locator;
    uint256 stop;
    template <typename W> void Serialize(W& w) const;
    static std::optional<GetHeadersMessage> Unserialize(ByteReader& r);
};

/** headers: at most MAX_HEADERS_RESULTS entries of header:80 and a transaction count that must be 0. */
struct HeadersMessage {
    std::vector<CBlockHeader> headers;
    template <typename W> void Serialize(W& w) const;
    static std::optional<HeadersMessage> Unserialize(ByteReader& r);
};

/** One BIP155 address entry. `addr` is empty for a network we do not support (skipped). */
struct AddrEntry {
    uint32_t time{0};
    uint64_t services{NODE_NONE};
    std::optional<Service> addr;
};

/** addrv2 (BIP155): at most MAX_ADDR_TO_SEND entries. A supported network with the wrong
 * address length makes the message invalid; entries of other networks decode without an
 * address and are left out when encoding. */
struct AddrV2Message {
    std::vector<AddrEntry> entries;
    template <typename W> void Serialize(W& w) const;
    static std::optional<AddrV2Message> Unserialize(ByteReader& r);
};

// ---- template definitions ----

namespace detail {
template <typename W>
void WriteLegacyAddress(W& w, uint64_t services, const Service& addr)
{
    WriteU64(w, services);
    std::array<uint8_t, 16> ip{};
    if (addr.IsIPv6()) {
        std::copy(addr.Bytes().begin(), addr.Bytes().end(), ip.begin());
    } else if (addr.IsIPv4()) {
        ip[10] = ip[11] = 0xff;
        std::copy(addr.Bytes().begin(), addr.Bytes().end(), ip.begin() + 12);
    }
    w.Write(ip);
    const uint16_t port = addr.GetPort();
    const uint8_t be[2] = {static_cast<uint8_t>(port >> 8), static_cast<uint8_t>(port & 0xff)};
    w.Write(be);
}
} // namespace detail

template <typename W>
void VersionMessage::Serialize(W& w) const
{
    WriteI32(w, version);
    WriteU64(w, services);
    WriteI64(w, timestamp);
    detail::WriteLegacyAddress(w, addr_recv_services, addr_recv);
    detail::WriteLegacyAddress(w, addr_from_services, addr_from);
    WriteU64(w, nonce);
    WriteVarBytes(w, std::span<const uint8_t>{reinterpret_cast<const uint8_t*>(user_agent.data()), user_agent.size()});
    WriteI32(w, start_height);
    WriteU8(w, relay ? 1 : 0);
}

template <typename W>
void InvMessage::Serialize(W& w) const
{
    WriteCompactSize(w, items.size());
    for (const Inv& inv : items) {
        WriteU32(w, inv.type);
        WriteUint256(w, inv.hash);
    }
}

template <typename W>
void GetHeadersMessage::Serialize(W& w) const
{
    WriteU32(w, version);
    WriteCompactSize(w, locator.size());
    for (const uint256& hash : locator) WriteUint256(w, hash);
    WriteUint256(w, stop);
}

template <typename W>
void HeadersMessage::Serialize(W& w) const
{
    WriteCompactSize(w, headers.size());
    for (const CBlockHeader& header : headers) {
        header.Serialize(w);
        WriteCompactSize(w, 0);
    }
}

template <typename W>
void AddrV2Message::Serialize(W& w) const
{
    // Entries of networks we do not support (decoded, kept empty) cannot be re-encoded: skipped.
    WriteCompactSize(w, static_cast<uint64_t>(std::count_if(entries.begin(), entries.end(), [](const AddrEntry& e) { return e.addr.has_value(); })));
    for (const AddrEntry& entry : entries) {
        if (!entry.addr) continue;
        WriteU32(w, entry.time);
        WriteCompactSize(w, entry.services);
        WriteU8(w, entry.addr->Bip155NetworkId());
        WriteVarBytes(w, entry.addr->Bytes());
        const uint16_t port = entry.addr->GetPort();
        const uint8_t be[2] = {static_cast<uint8_t>(port >> 8), static_cast<uint8_t>(port & 0xff)};
        w.Write(be);
    }
}

} // namespace net

#endif // DOTS_NET_MESSAGES_H
