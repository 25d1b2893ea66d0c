// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <net/protocol.h>

#include <crypto/sha256.h>

#include <algorithm>
#include <cstring>

namespace net {

namespace {
constexpr std::string_view ALL_TYPES[] = {
    msgtype::VERSION, msgtype::VERACK, msgtype::PING, msgtype::PONG, msgtype::GETADDR,
    msgtype::ADDRV2, msgtype::INV, msgtype::GETDATA, msgtype::NOTFOUND, msgtype::GETHEADERS,
    msgtype::HEADERS, msgtype::BLOCK, msgtype::TX, msgtype::MEMPOOL, msgtype::SENDHEADERS,
    msgtype::FEEFILTER,
};
} // namespace

std::string ServiceFlagNames(uint64_t services)
{
    std::string out;
    for (int bit = 0; bit < 64; ++bit) {
        if (!(services & (uint64_t{1} << bit))) continue;
        if (!out.empty()) out += ",";
        out += bit == 0 ? std::string{"NETWORK"} : "UNKNOWN[2^" + std::to_string(bit) + "]";
    }
    return out;
}

std::span<const std::string_view> AllMessageTypes()
{
    return ALL_TYPES;
}

std::optional<size_t> MessageTypeIndex(std::string_view type)
{
    const auto* it = std::find(std::begin(ALL_TYPES), std::end(ALL_TYPES), type);
    if (it == std::end(ALL_TYPES)) return std::nullopt;
    return static_cast<size_t>(it - std::begin(ALL_TYPES));
}

std::string_view MessageHeader::Type() const
{
    const auto* end = std::find(type.begin(), type.end(), '\0');
    return std::string_view{type.data(), static_cast<size_t>(end - type.begin())};
}

bool MessageHeader::IsTypeValid() const
{
    size_t i = 0;
    for (; i < type.size() && type[i] != '\0'; ++i) {
        if (type[i] < ' ' || type[i] > 0x7e) return false;
    }
    if (i == 0) return false;
    for (; i < type.size(); ++i) {
        if (type[i] != '\0') return false;
    }
    return true;
}

MessageHeader ParseMessageHeader(std::span<const uint8_t> bytes)
{
    MessageHeader header;
    std::memcpy(header.magic.data(), bytes.data(), MESSAGE_START_SIZE);
    std::memcpy(header.type.data(), bytes.data() + 4, MESSAGE_TYPE_SIZE);
    std::memcpy(&header.length, bytes.data() + 16, 4); // little-endian host
    std::memcpy(header.checksum.data(), bytes.data() + 20, CHECKSUM_SIZE);
    return header;
}

std::array<uint8_t, CHECKSUM_SIZE> MessageChecksum(std::span<const uint8_t> payload)
{
    const auto hash = Sha256d(payload);
    return {hash[0], hash[1], hash[2], hash[3]};
}

std::array<uint8_t, HEADER_SIZE> MakeMessageHeader(const std::array<uint8_t, MESSAGE_START_SIZE>& magic,
                                                   std::string_view type, std::span<const uint8_t> payload)
{
    std::array<uint8_t, HEADER_SIZE> out{};
    std::memcpy(out.data(), magic.data(), MESSAGE_START_SIZE);
    std::memcpy(out.data() + 4, type.data(), std::min(type.size(), MESSAGE_TYPE_SIZE));
    const uint32_t length = static_cast<uint32_t>(payload.size());
    std::memcpy(out.data() + 16, &length, 4);
    const auto checksum = MessageChecksum(payload);
    std::memcpy(out.data() + 20, checksum.data(), CHECKSUM_SIZE);
    return out;
}

} // namespace net
