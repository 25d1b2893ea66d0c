// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <net/messages.h>

#include <cstring>

namespace net {

namespace {
std::optional<Service> ReadLegacyAddress(ByteReader& r, uint64_t* services)
{
    const auto svc = r.ReadU64("address services");
    const auto ip = r.ReadArray<16>("address");
    const auto port = r.ReadArray<2>("address port");
    if (!svc || !ip || !port) return std::nullopt;
    if (services) *services = *svc;
    static constexpr uint8_t V4_MAPPED[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    IPAddress addr;
    if (std::memcmp(ip->data(), V4_MAPPED, 12) == 0) {
        std::memcpy(addr.bytes.data(), ip->data() + 12, 4);
    } else {
        addr.is_v6 = true;
        std::memcpy(addr.bytes.data(), ip->data(), 16);
    }
    return Service{NetAddr{addr}, static_cast<uint16_t>(((*port)[0] << 8) | (*port)[1])};
}
} // namespace

std::optional<VersionMessage> VersionMessage::Unserialize(ByteReader& r)
{
    VersionMessage m;
    const auto version = r.ReadI32("version");
    const auto services = r.ReadU64("services");
    const auto timestamp = r.ReadI64("timestamp");
    if (!version || !services || !timestamp) return std::nullopt;
    m.version = *version;
    m.services = *services;
    m.timestamp = *timestamp;
    auto recv = ReadLegacyAddress(r, &m.addr_recv_services);
    auto from = ReadLegacyAddress(r, &m.addr_from_services);
    const auto nonce = r.ReadU64("nonce");
    auto agent = r.ReadVarBytes(MAX_SUBVERSION_LENGTH, "user agent");
    const auto height = r.ReadI32("start height");
    const auto relay = r.ReadU8("relay");
    if (!recv || !from || !nonce || !agent || !height || !relay) return std::nullopt;
    if (*relay > 1) return r.Fail(DecodeError::INVALID_VALUE, "relay");
    m.addr_recv = *recv;
    m.addr_from = *from;
    m.nonce = *nonce;
    m.user_agent.assign(agent->begin(), agent->end());
    m.start_height = *height;
    m.relay = *relay == 1;
    return m;
}

std::optional<NonceMessage> NonceMessage::Unserialize(ByteReader& r)
{
    const auto nonce = r.ReadU64("nonce");
    if (!nonce) return std::nullopt;
    return NonceMessage{*nonce};
}

std::optional<FeeFilterMessage> FeeFilterMessage::Unserialize(ByteReader& r)
{
    const auto rate = r.ReadI64("fee rate");
    if (!rate) return std::nullopt;
    return FeeFilterMessage{*rate};
}

std::optional<InvMessage> InvMessage::Unserialize(ByteReader& r)
{
    const auto n = r.ReadCount(MAX_INV_SZ, 36, "inv count");
    if (!n) return std::nullopt;
    InvMessage m;
    m.items.reserve(*n);
    for (uint64_t i = 0; i < *n; ++i) {
        const auto type = r.ReadU32("inv type");
        const auto hash = r.ReadUint256("inv hash");
        if (!type || !hash) return std::nullopt;
        m.items.push_back(Inv{*type, *hash});
    }
    return m;
}

std::optional<GetHeadersMessage> GetHeadersMessage::Unserialize(ByteReader& r)
{
    GetHeadersMessage m;
    const auto version = r.ReadU32("getheaders version");
    const auto n = r.ReadCount(MAX_LOCATOR_SZ, 32, "locator size");
    if (!version || !n) return std::nullopt;
    m.version = *version;
    m.locator.reserve(*n);
    for (uint64_t i = 0; i < *n; ++i) {
        const auto hash = r.ReadUint256("locator hash");
        if (!hash) return std::nullopt;
        m.locator.push_back(*hash);
    }
    const auto stop = r.ReadUint256("stop hash");
    if (!stop) return std::nullopt;
    m.stop = *stop;
    return m;
}

std::optional<HeadersMessage> HeadersMessage::Unserialize(ByteReader& r)
{
    const auto n = r.ReadCount(MAX_HEADERS_RESULTS, CBlockHeader::SERIALIZED_SIZE + 1, "headers count");
    if (!n) return std::nullopt;
    HeadersMessage m;
    m.headers.reserve(*n);
    for (uint64_t i = 0; i < *n; ++i) {
        auto header = CBlockHeader::Unserialize(r);
        const auto tx_count = r.ReadCompactSize(0, "headers tx count");
        if (!header || !tx_count) return std::nullopt;
        m.headers.push_back(*header);
    }
    return m;
}

std::optional<AddrV2Message> AddrV2Message::Unserialize(ByteReader& r)
{
    // Smallest entry: time 4, services 1, network 1, length 1, port 2.
    const auto n = r.ReadCount(MAX_ADDR_TO_SEND, 9, "addrv2 count");
    if (!n) return std::nullopt;
    AddrV2Message m;
    m.entries.reserve(*n);
    for (uint64_t i = 0; i < *n; ++i) {
        AddrEntry entry;
        const auto time = r.ReadU32("addr time");
        const auto services = r.ReadCompactSize(UINT64_MAX, "addr services");
        const auto network = r.ReadU8("addr network");
        const auto bytes = r.ReadCompactSize(MAX_ADDRV2_ADDR_SIZE, "addr length");
        if (!time || !services || !network || !bytes) return std::nullopt;
        const auto raw = r.ReadView(static_cast<size_t>(*bytes), "addr bytes");
        const auto port = r.ReadArray<2>("addr port");
        if (!raw || !port) return std::nullopt;
        entry.time = *time;
        entry.services = *services;
        // A supported network with the wrong length is malformed; an address we cannot use
        // (another network, an IPv4-mapped IPv6) is skipped, as BIP155 asks.
        const size_t expected_length = *network == static_cast<uint8_t>(Bip155Id::IPV4)    ? 4
                                       : *network == static_cast<uint8_t>(Bip155Id::IPV6)  ? 16
                                       : *network == static_cast<uint8_t>(Bip155Id::TORV3) ? 32
                                                                                          : 0;
        if (expected_length != 0 && raw->size() != expected_length) return r.Fail(DecodeError::INVALID_VALUE, "addr length for its network");
        if (const auto addr = NetAddr::FromBip155(*network, *raw)) {
            entry.addr = Service{*addr, static_cast<uint16_t>(((*port)[0] << 8) | (*port)[1])};
        }
        m.entries.push_back(std::move(entry));
    }
    return m;
}

} // namespace net
