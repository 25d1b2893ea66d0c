// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <net/messages.h>
#include <net/transport.h>
#include <test/fuzz/fuzz.h>

#include <algorithm>

namespace {
/** Decodes `payload` as T; a success must re-encode to exactly the same bytes. */
template <typename T>
void RoundTrip(std::span<const uint8_t> payload, bool exact = true)
{
    const auto decoded = DecodeFull<T>(payload, net::MAX_PROTOCOL_MESSAGE_LENGTH);
    if (!decoded) return;
    const std::vector<uint8_t> again = Encode(*decoded);
    if (exact && !std::equal(again.begin(), again.end(), payload.begin(), payload.end())) Violated("non-canonical message accepted");
    const auto twice = DecodeFull<T>(again, net::MAX_PROTOCOL_MESSAGE_LENGTH);
    if (!twice || Encode(*twice) != again) Violated("re-encoded message does not decode to itself");
}

/** Every payload codec of the protocol on the same bytes. */
void DecodeAll(std::span<const uint8_t> payload)
{
    RoundTrip<net::VersionMessage>(payload);
    RoundTrip<net::NonceMessage>(payload);
    RoundTrip<net::FeeFilterMessage>(payload);
    RoundTrip<net::InvMessage>(payload);
    RoundTrip<net::GetHeadersMessage>(payload);
    RoundTrip<net::HeadersMessage>(payload);
    // Entries of unsupported networks are dropped when re-encoding.
    RoundTrip<net::AddrV2Message>(payload, /*exact=*/false);
}
} // namespace

// Untrusted P2P bytes: the framing never crashes or buffers beyond one message, every message
// it returns has a valid type and checksum, and the payload decoders only accept canonical input.
FUZZ_TARGET(net_message)
{
    if (buffer.empty()) return;
    const std::array<uint8_t, 4> magic{0xfa, 0xd0, 0x75, 0xf3};
    constexpr uint32_t MAX_PAYLOAD = 1 << 16;
    net::MessageReader reader{magic, MAX_PAYLOAD};
    const size_t chunk = 1 + buffer[0] % 64;
    size_t pos = 1;
    while (pos < buffer.size() && !reader.Failed()) {
        const size_t n = std::min(chunk, buffer.size() - pos);
        const size_t used = reader.Feed(buffer.subspan(pos, n));
        if (used > n) Violated("reader consumed more than it was given");
        if (reader.BufferedBytes() > net::HEADER_SIZE + MAX_PAYLOAD) Violated("reader buffered beyond one message");
        pos += used;
        if (reader.Complete()) {
            const net::NetMessage msg = reader.Take();
            if (msg.type.empty() || msg.type.size() > net::MESSAGE_TYPE_SIZE) Violated("bad message type returned");
            if (msg.payload.size() > MAX_PAYLOAD) Violated("oversized payload returned");
            DecodeAll(msg.payload);
        } else if (used == 0 && !reader.Failed()) {
            Violated("reader made no progress");
        }
    }
    DecodeAll(buffer.subspan(1));
}
