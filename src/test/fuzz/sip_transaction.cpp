// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Drives the transport's inbound rules and the transaction layer with an arbitrary sequence of
// datagrams, user answers, client requests, cancels, transport failures and clock jumps. Beyond
// "no crash", it checks that every transaction is gone once all timers have run: the state
// machines cannot leak.

#include <sip/parser/builder.h>
#include <sip/parser/message.h>
#include <sip/transaction/timer.h>
#include <sip/transaction/transaction_layer.h>
#include <sip/transport/inbound.h>
#include <test/fuzz/fuzz.h>

#include <cstdlib>
#include <string>
#include <vector>

using namespace sip;

namespace {

class FuzzTransport final : public SipTransport
{
public:
    SendStatus Send(const Destination&, std::string_view bytes) override
    {
        if (fail) return SendStatus::ERROR;
        last = bytes;
        return SendStatus::OK;
    }
    bool fail{false};
    std::string last;
};

class FuzzUser final : public TransactionUser
{
public:
    void OnRequest(ServerTransaction& txn) override { servers.push_back(txn.Id()); }
    void OnAck(const SipMessage&, const Peer&) override {}
    void OnCancel(ServerTransaction& invite, const SipMessage&) override
    {
        if (!invite.Cancelled()) std::abort(); // OnCancel only for a cancelled INVITE
    }
    void OnResponse(ClientTransaction& txn, const SipMessage& response) override
    {
        if (response.IsRequest()) std::abort();
    }
    void OnClientFailure(ClientTransaction& txn, ClientFailure failure) override
    {
        const uint16_t status = ClientFailureStatus(failure);
        if (status != 408 && status != 503) std::abort();
    }
    std::vector<TransactionId> servers;
};

struct Reader {
    std::span<const uint8_t> data;
    size_t pos{0};
    bool Empty() const { return pos >= data.size(); }
    uint8_t Byte() { return pos < data.size() ? data[pos++] : 0; }
    std::string_view Bytes(size_t n)
    {
        n = std::min(n, data.size() - std::min(pos, data.size()));
        std::string_view out{reinterpret_cast<const char*>(data.data()) + pos, n};
        pos += n;
        return out;
    }
};

constexpr uint16_t CODES[] = {100, 180, 183, 200, 202, 302, 401, 404, 407, 486, 487, 500, 503, 603};

} // namespace

FUZZ_TARGET(sip_transaction)
{
    ManualTimerDriver clock;
    FuzzTransport transport;
    FuzzUser user;
    TransactionConfig config;
    TransactionLayer layer{transport, clock, user, config};
    std::vector<TransactionId> clients;
    // The bytes of each client request, to answer it: a final transaction frees its request.
    std::vector<std::string> client_requests;
    const Peer udp{Transport::UDP, *SockAddr::FromIp("192.0.2.1", 5060), {}, 0};
    const Peer tcp{Transport::TCP, *SockAddr::FromIp("192.0.2.2", 40000), {}, 3};
    const Destination dest{Transport::UDP, *SockAddr::FromIp("198.51.100.1", 5060), 0};

    Reader in{buffer};
    for (int ops = 0; ops < 200 && !in.Empty(); ++ops) {
        const uint8_t op = in.Byte();
        const bool flag = (op & 0x80) != 0;
        switch ((op & 0x0f) % 9) {
        case 0: { // a datagram from the network
            const size_t len = in.Byte() * 8 + in.Byte() % 8;
            const Peer& from = flag ? tcp : udp;
            InboundResult r = ProcessInbound(ParseDatagram(in.Bytes(len)), from.remote);
            if (r.message) layer.OnMessage(std::move(*r.message), from);
            break;
        }
        case 1: // time passes (up to ~25 s)
            clock.Advance(int64_t{in.Byte()} * 100);
            break;
        case 2: { // the user answers a server transaction
            if (user.servers.empty()) break;
            const TransactionId id = user.servers[in.Byte() % user.servers.size()];
            const uint16_t code = CODES[in.Byte() % std::size(CODES)];
            (void)layer.Reply(id, code, "Fuzz", "tag");
            break;
        }
        case 3: { // the user starts a client transaction with arbitrary bytes
            const size_t len = in.Byte() * 8;
            std::string req{in.Bytes(len)};
            auto r = layer.SendRequest(req, dest);
            if (r) clients.push_back(*r), client_requests.push_back(std::move(req));
            break;
        }
        case 4: { // a well-formed request from the user, so responses can match
            const std::string method = flag ? "INVITE" : "OPTIONS";
            std::string req = method + " sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 203.0.113.1;branch=" + layer.NewBranch() +
                              "\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: c@d\r\nCSeq: 1 " + method +
                              "\r\nContent-Length: 0\r\n\r\n";
            auto r = layer.SendRequest(req, dest);
            if (r) clients.push_back(*r), client_requests.push_back(std::move(req));
            break;
        }
        case 5: { // a response to one of our client transactions
            if (clients.empty()) break;
            const size_t i = in.Byte() % clients.size();
            ClientTransaction* txn = layer.FindClient(clients[i]);
            if (!txn) break;
            const uint16_t code = CODES[in.Byte() % std::size(CODES)];
            ParseResult sent = ParseDatagram(client_requests[i]);
            if (!sent.message) std::abort(); // SendRequest accepted it
            ParseResult resp = ParseDatagram(BuildResponse(*sent.message, code, "Fuzz", "rtag"));
            if (resp.ok() && resp.message) layer.OnMessage(std::move(*resp.message), udp);
            break;
        }
        case 6:
            if (!clients.empty()) (void)layer.CancelClient(clients[in.Byte() % clients.size()]);
            break;
        case 7:
            transport.fail = !transport.fail;
            break;
        case 8:
            layer.OnTransportError(flag ? Destination{Transport::TCP, tcp.remote, 3} : dest);
            break;
        }
    }
    // Every state ends in Terminated once its timers have run (the longest chain: an unanswered
    // INVITE's 408 after 5 minutes, then timer H; a client INVITE's safety CANCEL, then 64*T1).
    transport.fail = false;
    for (int i = 0; i < 4; ++i) clock.Advance(400000);
    if (layer.ServerCount() != 0 || layer.ClientCount() != 0) std::abort();
}
