// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Transaction layer costs: one whole non-INVITE server transaction (parse, create, answer,
// absorb a retransmission, expire), and matching a request among 100,000 live transactions.

#include <sip/parser/message.h>
#include <sip/transaction/timer.h>
#include <sip/transaction/transaction_layer.h>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

using namespace sip;

namespace {

class NullTransport final : public SipTransport
{
public:
    SendStatus Send(const Destination&, std::string_view bytes) override
    {
        bytes_sent += bytes.size();
        return SendStatus::OK;
    }
    uint64_t bytes_sent{0};
};

class AnsweringUser final : public TransactionUser
{
public:
    void OnRequest(ServerTransaction& txn) override
    {
        if (answer && !layer->Reply(txn.Id(), 200, "OK", "tag1")) std::abort();
    }
    void OnAck(const SipMessage&, const Peer&) override {}
    void OnCancel(ServerTransaction&, const SipMessage&) override {}
    void OnResponse(ClientTransaction&, const SipMessage&) override {}
    void OnClientFailure(ClientTransaction&, ClientFailure) override {}
    TransactionLayer* layer{nullptr};
    bool answer{true};
};

/** An OPTIONS whose branch ends in 16 hex digits of `n`. */
std::string Options(uint64_t n)
{
    char branch[40];
    std::snprintf(branch, sizeof(branch), "z9hG4bK%016llx", static_cast<unsigned long long>(n));
    std::string r = "OPTIONS sip:node.example.com SIP/2.0\r\n";
    r += "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=" + std::string{branch} + ";rport=5060;received=192.0.2.10\r\n";
    r += "Max-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=1928301774\r\nTo: <sip:node.example.com>\r\n";
    r += "Call-ID: a84b4c76e66710@pc33.example.com\r\nCSeq: 63104 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    return r;
}

const Peer PEER{Transport::UDP, *SockAddr::FromIp("192.0.2.10", 5060), {}, 0};

SipMessage Parse(const std::string& text)
{
    ParseResult r = ParseDatagram(text);
    if (!r.ok() || !r.message) std::abort();
    return std::move(*r.message);
}

} // namespace

/** Parse + create + 200 + retransmission absorbed; every 1,000 transactions timer J runs. */
static void SipNonInviteServerTransaction(benchmark::State& state)
{
    ManualTimerDriver clock;
    NullTransport transport;
    AnsweringUser user;
    TransactionLayer layer{transport, clock, user};
    user.layer = &layer;
    std::string text = Options(0);
    const size_t digits = text.find("z9hG4bK") + 7;
    uint64_t n = 0;
    for (auto _ : state) {
        char hex[17];
        std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(++n));
        text.replace(digits, 16, hex);
        layer.OnMessage(Parse(text), PEER); // new transaction, answered 200 by the user
        layer.OnMessage(Parse(text), PEER); // retransmission: matched, 200 re-sent
        if (n % 1000 == 0) clock.Advance(64 * 500); // timer J: the batch is deleted
    }
    state.SetItemsProcessed(state.iterations());
    benchmark::DoNotOptimize(transport.bytes_sent);
}
BENCHMARK(SipNonInviteServerTransaction);

/** The parse part of the benchmark above, for comparison (two parses per transaction). */
static void SipNonInviteServerTransactionParseOnly(benchmark::State& state)
{
    const std::string text = Options(1);
    for (auto _ : state) {
        SipMessage a = Parse(text);
        SipMessage b = Parse(text);
        benchmark::DoNotOptimize(a.TopVia());
        benchmark::DoNotOptimize(b.TopVia());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(SipNonInviteServerTransactionParseOnly);

/** Matching a request (key + hash lookup) with 100,000 live server transactions. */
static void SipServerTransactionLookup100k(benchmark::State& state)
{
    ManualTimerDriver clock;
    NullTransport transport;
    AnsweringUser user;
    user.answer = false; // keep them all alive (Trying)
    TransactionLayer layer{transport, clock, user};
    user.layer = &layer;
    constexpr uint64_t LIVE = 100000;
    for (uint64_t i = 0; i < LIVE; ++i) layer.OnMessage(Parse(Options(i * 7919)), PEER);
    if (layer.ServerCount() != LIVE) std::abort();
    std::vector<SipMessage> probes;
    for (uint64_t i = 0; i < 1024; ++i) {
        probes.push_back(Parse(Options(((i * 97) % LIVE) * 7919)));
        probes.back().TopVia(); // parse the Via and CSeq once, outside the loop: lookup only
        probes.back().CSeqHeader();
    }
    size_t k = 0, found = 0;
    for (auto _ : state) {
        found += layer.MatchServer(probes[k++ & 1023]) != nullptr;
    }
    if (found != static_cast<size_t>(state.iterations())) state.SkipWithError("lookup missed");
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(SipServerTransactionLookup100k);

/** Timer heap: schedule + reschedule + cancel with 100,000 armed timers. */
static void SipTimerHeapReschedule100k(benchmark::State& state)
{
    TimerHeap heap;
    std::vector<TimerNode> nodes(100000);
    for (size_t i = 0; i < nodes.size(); ++i) heap.Schedule(nodes[i], static_cast<int64_t>(i * 13 % 32000));
    size_t k = 0;
    int64_t t = 0;
    for (auto _ : state) {
        TimerNode& node = nodes[(k += 7919) % nodes.size()];
        heap.Schedule(node, 32000 + (++t % 4000));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(SipTimerHeapReschedule100k);
