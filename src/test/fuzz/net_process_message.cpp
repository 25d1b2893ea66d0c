// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <net/addrman.h>
#include <net/banman.h>
#include <net/connman.h>
#include <net/processing/peerman.h>
#include <test/fuzz/fuzz.h>
#include <test/util/chain.h>
#include <util/time.h>

#include <cstdio>
#include <cstdlib>

using namespace test;

namespace {

/** One chain and peer manager for the whole run (a fuzz input is a session with one peer). */
struct Setup {
    TestChain chain;
    net::AddrMan addrman{true, true};
    net::BanMan banman{{}, 3600};
    std::unique_ptr<net::ConnectionManager> connman;
    std::unique_ptr<net::PeerManager> peerman;
    size_t sent_bytes{0};

    Setup()
    {
        for (int i = 0; i < 5; ++i) chain.Mine();
        net::ConnmanOptions options;
        options.magic = chain.params.message_start;
        options.on_send = [this](const net::Node&, std::string_view, std::span<const uint8_t> payload) { sent_bytes += payload.size(); };
        connman = std::make_unique<net::ConnectionManager>(options, addrman, banman);
        net::PeerManagerOptions peer_options;
        peer_options.max_tip_age = int64_t{1} << 40; // serve the (old-dated) test chain
        peerman = net::PeerManager::Make(*connman, addrman, banman, *chain.chainman, nullptr, peer_options);
    }
};

Setup& GetSetup()
{
    static Setup setup;
    return setup;
}

class Cursor
{
public:
    explicit Cursor(std::span<const uint8_t> in) : m_in{in} {}
    bool empty() const { return m_pos >= m_in.size(); }
    uint8_t Byte() { return empty() ? 0 : m_in[m_pos++]; }
    std::vector<uint8_t> Bytes(size_t n)
    {
        n = std::min(n, m_in.size() - m_pos);
        std::vector<uint8_t> out(m_in.begin() + static_cast<long>(m_pos), m_in.begin() + static_cast<long>(m_pos + n));
        m_pos += n;
        return out;
    }

private:
    std::span<const uint8_t> m_in;
    size_t m_pos{0};
};

void Deliver(net::PeerManager& peerman, net::Node& node, std::string type, std::vector<uint8_t> payload)
{
    net::NetMessage msg;
    msg.type = std::move(type);
    msg.wire_size = net::HEADER_SIZE + payload.size();
    msg.payload = std::move(payload);
    node.PushReceived(std::move(msg));
    for (int i = 0; i < 1000 && peerman.ProcessMessages(node); ++i) {
    }
    peerman.SendMessages(node);
}

} // namespace

// One peer session of any messages: the peer manager never crashes, hangs or asserts,
// whatever the peer sends and in whatever order (handshake or not, any connection type).
FUZZ_TARGET(net_process_message)
{
    Setup& s = GetSetup();
    static net::NodeId next_id = 0;
    Cursor in{buffer};
    static constexpr net::ConnectionType TYPES[] = {net::ConnectionType::INBOUND, net::ConnectionType::OUTBOUND_FULL_RELAY,
                                                    net::ConnectionType::MANUAL, net::ConnectionType::FEELER,
                                                    net::ConnectionType::BLOCK_RELAY, net::ConnectionType::ADDR_FETCH};
    const auto type = TYPES[in.Byte() % std::size(TYPES)];
    auto node = std::make_shared<net::Node>(next_id++, *net::Service::Parse("8.8.8.8:7333", 0), net::Service{}, type, "",
                                            in.Byte() & 1 ? net::PF_NOBAN : net::PF_NONE, GetTime(), s.chain.params.message_start);
    s.peerman->InitializeNode(node);
    if (in.Byte() & 1) {
        // Handshake first, so later messages get past the version/verack gate.
        net::VersionMessage version;
        version.services = net::NODE_NETWORK;
        version.nonce = 1;
        Deliver(*s.peerman, *node, "version", Encode(version));
        Deliver(*s.peerman, *node, "verack", {});
    }
    const auto all_types = net::AllMessageTypes();
    for (int count = 0; count < 50 && !in.empty() && !node->disconnect; ++count) {
        const uint8_t which = in.Byte();
        const std::string msg_type = which < all_types.size() ? std::string{all_types[which]} : "unknown" + std::to_string(which);
        const size_t len = static_cast<size_t>(in.Byte()) << 8 | in.Byte();
        Deliver(*s.peerman, *node, msg_type, in.Bytes(len));
    }
    s.peerman->FinalizeNode(*node);
    if (s.peerman->GetPeerStats(node->id)) {
        std::fprintf(stderr, "fuzz invariant violated: peer state survived FinalizeNode\n");
        std::abort();
    }
}
