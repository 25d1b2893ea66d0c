// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Framing (MessageReader) and the payload codecs of net/messages.h: limits, canonical forms,
// and what makes a stream or a message invalid.

#include <net/messages.h>
#include <net/transport.h>

#include <boost/test/unit_test.hpp>

#include <cstring>

using namespace net;

namespace {
const std::array<uint8_t, 4> MAGIC{0xfa, 0xd0, 0x75, 0xf3};

std::vector<uint8_t> Frame(std::string_view type, const std::vector<uint8_t>& payload)
{
    return SerializeMessage(MAGIC, type, payload);
}

/** Feeds `bytes` in chunks of `chunk` and collects the messages; stops at a failure. */
std::vector<NetMessage> FeedAll(MessageReader& reader, const std::vector<uint8_t>& bytes, size_t chunk)
{
    std::vector<NetMessage> out;
    size_t pos = 0;
    while (pos < bytes.size() && !reader.Failed()) {
        const size_t n = std::min(chunk, bytes.size() - pos);
        size_t used = 0;
        while (used < n && !reader.Failed()) {
            used += reader.Feed(std::span<const uint8_t>{bytes.data() + pos + used, n - used});
            if (reader.Complete()) out.push_back(reader.Take());
        }
        pos += n;
    }
    return out;
}
} // namespace

BOOST_AUTO_TEST_SUITE(net_transport_tests)

BOOST_AUTO_TEST_CASE(frames_split_anywhere)
{
    std::vector<uint8_t> stream = Frame("ping", Encode(NonceMessage{42}));
    const auto verack = Frame("verack", {});
    stream.insert(stream.end(), verack.begin(), verack.end());
    const auto block_like = Frame("block", std::vector<uint8_t>(5000, 0xab));
    stream.insert(stream.end(), block_like.begin(), block_like.end());
    for (size_t chunk : {size_t{1}, size_t{7}, size_t{24}, size_t{100}, stream.size()}) {
        MessageReader reader{MAGIC};
        const auto msgs = FeedAll(reader, stream, chunk);
        BOOST_REQUIRE(!reader.Failed());
        BOOST_REQUIRE_EQUAL(msgs.size(), 3u);
        BOOST_CHECK_EQUAL(msgs[0].type, "ping");
        BOOST_CHECK_EQUAL(DecodeFull<NonceMessage>(msgs[0].payload)->nonce, 42u);
        BOOST_CHECK_EQUAL(msgs[1].type, "verack");
        BOOST_CHECK(msgs[1].payload.empty());
        BOOST_CHECK_EQUAL(msgs[1].wire_size, HEADER_SIZE);
        BOOST_CHECK_EQUAL(msgs[2].payload.size(), 5000u);
        BOOST_CHECK_EQUAL(reader.BufferedBytes(), 0u);
    }
}

BOOST_AUTO_TEST_CASE(broken_frames_end_the_stream)
{
    {
        MessageReader reader{MAGIC};
        auto bytes = Frame("ping", Encode(NonceMessage{1}));
        bytes[0] ^= 1; // another chain's magic
        FeedAll(reader, bytes, bytes.size());
        BOOST_CHECK(reader.Failed());
        BOOST_CHECK(reader.Error().find("magic") != std::string::npos);
    }
    {
        MessageReader reader{MAGIC};
        auto bytes = Frame("ping", Encode(NonceMessage{1}));
        bytes.back() ^= 1; // payload no longer matches the checksum
        FeedAll(reader, bytes, 3);
        BOOST_CHECK(reader.Failed());
        BOOST_CHECK(reader.Error().find("checksum") != std::string::npos);
    }
    {
        MessageReader reader{MAGIC};
        auto bytes = Frame("ping", Encode(NonceMessage{1}));
        bytes[4 + 5] = 'x'; // "ping\0x..." : characters after the NUL padding
        FeedAll(reader, bytes, bytes.size());
        BOOST_CHECK(reader.Failed());
        bytes = Frame("pi\x01g", Encode(NonceMessage{1})); // a control character
        MessageReader reader2{MAGIC};
        FeedAll(reader2, bytes, bytes.size());
        BOOST_CHECK(reader2.Failed());
    }
    {
        // An oversized length fails at the header, before any payload is buffered.
        MessageReader reader{MAGIC};
        auto header = MakeMessageHeader(MAGIC, "block", {});
        const uint32_t length = MAX_PROTOCOL_MESSAGE_LENGTH + 1;
        std::memcpy(header.data() + 16, &length, 4);
        reader.Feed(header);
        BOOST_CHECK(reader.Failed());
        BOOST_CHECK(reader.Error().find("oversized") != std::string::npos);
        BOOST_CHECK_EQUAL(reader.Feed(header), 0u); // a failed reader takes nothing more
    }
}

BOOST_AUTO_TEST_CASE(version_roundtrip)
{
    VersionMessage v;
    v.services = NODE_NETWORK;
    v.addr_from_services = 0x0100; // whatever the sender wrote comes back: decoding is canonical
    v.timestamp = 1'800'000'000;
    v.addr_recv = *Service::Parse("1.2.3.4:7333", 0);
    v.nonce = 0x0123456789abcdefULL;
    v.user_agent = "/DOTS:0.1.0/";
    v.start_height = 77;
    v.relay = false;
    const auto bytes = Encode(v);
    BOOST_CHECK_EQUAL(bytes.size(), 4 + 8 + 8 + 26 + 26 + 8 + 1 + 12 + 4 + 1u);
    const auto back = DecodeFull<VersionMessage>(bytes);
    BOOST_REQUIRE(back);
    BOOST_CHECK_EQUAL(back->addr_recv.ToStringAddrPort(), "1.2.3.4:7333");
    BOOST_CHECK_EQUAL(back->addr_from_services, v.addr_from_services);
    BOOST_CHECK_EQUAL(back->nonce, v.nonce);
    BOOST_CHECK_EQUAL(back->user_agent, v.user_agent);
    BOOST_CHECK_EQUAL(back->start_height, 77);
    BOOST_CHECK(!back->relay);
    auto bad = bytes;
    bad.back() = 2; // relay must be 0 or 1
    BOOST_CHECK(!DecodeFull<VersionMessage>(bad));
    auto truncated = bytes;
    truncated.pop_back();
    BOOST_CHECK(!DecodeFull<VersionMessage>(truncated));
}

BOOST_AUTO_TEST_CASE(list_limits)
{
    InvMessage inv;
    inv.items.assign(MAX_INV_SZ, Inv{static_cast<uint32_t>(InvType::BLOCK), uint256{}});
    BOOST_CHECK(DecodeFull<InvMessage>(Encode(inv)));
    inv.items.push_back(inv.items.back());
    const auto too_many = DecodeFull<InvMessage>(Encode(inv));
    BOOST_REQUIRE(!too_many);
    BOOST_CHECK(too_many.failure().code == DecodeError::SIZE_TOO_LARGE);

    GetHeadersMessage gh;
    gh.locator.assign(MAX_LOCATOR_SZ, uint256{});
    BOOST_CHECK(DecodeFull<GetHeadersMessage>(Encode(gh)));
    gh.locator.push_back(uint256{});
    BOOST_CHECK(!DecodeFull<GetHeadersMessage>(Encode(gh)));

    HeadersMessage headers;
    headers.headers.assign(MAX_HEADERS_RESULTS, CBlockHeader{});
    BOOST_CHECK(DecodeFull<HeadersMessage>(Encode(headers)));
    headers.headers.push_back(CBlockHeader{});
    BOOST_CHECK(!DecodeFull<HeadersMessage>(Encode(headers)));
    // Each header carries a transaction count of 0; anything else is malformed.
    headers.headers.resize(1);
    auto bytes = Encode(headers);
    bytes.back() = 1;
    BOOST_CHECK(!DecodeFull<HeadersMessage>(bytes));
    // A claimed count larger than the input cannot allocate.
    const std::vector<uint8_t> lie{0xfd, 0xd0, 0x07};
    BOOST_CHECK(!DecodeFull<HeadersMessage>(lie));
}

BOOST_AUTO_TEST_CASE(addrv2_networks)
{
    AddrV2Message msg;
    msg.entries.push_back(AddrEntry{100, NODE_NETWORK, *Service::Parse("8.8.8.8:7333", 0)});
    msg.entries.push_back(AddrEntry{200, NODE_NETWORK, *Service::Parse("[2001:4860::1]:7444", 0)});
    auto bytes = Encode(msg);
    // An I2P entry (network 5, 32 bytes): skipped but counted.
    bytes[0] = 3;
    const uint8_t i2p[] = {1, 0, 0, 0, 1, 5, 32};
    bytes.insert(bytes.end(), std::begin(i2p), std::end(i2p));
    bytes.insert(bytes.end(), 32, 0x11);
    bytes.push_back(0);
    bytes.push_back(0);
    const auto back = DecodeFull<AddrV2Message>(bytes);
    BOOST_REQUIRE(back);
    BOOST_REQUIRE_EQUAL(back->entries.size(), 3u);
    BOOST_CHECK_EQUAL(back->entries[0].addr->ToStringAddrPort(), "8.8.8.8:7333");
    BOOST_CHECK_EQUAL(back->entries[1].addr->ToStringAddrPort(), "[2001:4860::1]:7444");
    BOOST_CHECK(!back->entries[2].addr);
    // An IPv4 entry with 5 address bytes is malformed.
    AddrV2Message one;
    one.entries.push_back(msg.entries[0]);
    auto wrong = Encode(one);
    wrong[1 + 4 + 1 + 1] = 5; // length byte after time and services
    wrong.insert(wrong.begin() + 1 + 4 + 1 + 1 + 1, 0);
    BOOST_CHECK(!DecodeFull<AddrV2Message>(wrong));
    // More than 1000 entries.
    AddrV2Message many;
    many.entries.assign(MAX_ADDR_TO_SEND + 1, msg.entries[0]);
    const auto too_many = DecodeFull<AddrV2Message>(Encode(many));
    BOOST_REQUIRE(!too_many);
    BOOST_CHECK(too_many.failure().code == DecodeError::SIZE_TOO_LARGE);
}

BOOST_AUTO_TEST_CASE(message_types)
{
    BOOST_CHECK(MessageTypeIndex("headers"));
    BOOST_CHECK(!MessageTypeIndex("addr")); // legacy addr is not part of the DOTS protocol
    MessageHeader header;
    std::memcpy(header.type.data(), "sendheaders", 11);
    BOOST_CHECK(header.IsTypeValid());
    BOOST_CHECK_EQUAL(header.Type(), "sendheaders");
    header.type.fill(0);
    BOOST_CHECK(!header.IsTypeValid()); // empty
    BOOST_CHECK_EQUAL(ServiceFlagNames(NODE_NETWORK | (uint64_t{1} << 5)), "NETWORK,UNKNOWN[2^5]");
}

BOOST_AUTO_TEST_SUITE_END()
