// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Availability probing in the SIP router (doc/registry.md "Probing protocol"): the DOTS-Probe
// and DOTS-Probe-Answer header text (a fixed vector, signatures that verify after a round trip,
// every malformed form rejected), endpoint URIs the prober can reach, the proxy answering a
// probe OPTIONS through interfaces::ProbeTarget once the node completes it (the transaction held
// open meanwhile, the verdict coming back on another thread), and the ProbeSender's OPTIONS and
// outcomes, on a real TransactionLayer with a fake transport.

#include <consensus/registry_probe.h>
#include <sip/parser/builder.h>
#include <sip/registrar/credentials.h>
#include <sip/registrar/digest.h>
#include <sip/registrar/location.h>
#include <sip/registrar/registrar.h>
#include <sip/router/dialogs.h>
#include <sip/router/probe_answer.h>
#include <sip/router/probe_header.h>
#include <sip/router/probe_sender.h>
#include <sip/router/proxy.h>
#include <sip/transaction/timer.h>
#include <sip/transaction/transaction_layer.h>
#include <test/util/registry.h>
#include <test/util/sip.h>

#include <boost/test/unit_test.hpp>

#include <string>
#include <thread>
#include <vector>

using namespace sip;

namespace {

const std::string HEX64(64, 'a');

std::string Repeat(std::string_view s, int n)
{
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

interfaces::ProbeChallenge SignedChallenge(const test::TestKey& prober, const consensus::Key& target, uint32_t epoch)
{
    return {epoch, target, prober.pub, prober.Sign(consensus::ProbeChallengeMessage(target, prober.pub, epoch, test::RegtestGenesis()))};
}

/** An OPTIONS to `ruri` with `extra` headers; each call is a new transaction (branch). */
std::string Options(std::string_view ruri, std::string_view extra)
{
    static int count = 0;
    const std::string n = std::to_string(++count);
    return "OPTIONS " + std::string{ruri} + " SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bKprobe" + n + ";rport\r\n"
           "Max-Forwards: 70\r\nFrom: <sip:dots@198.51.100.7>;tag=p1\r\nTo: <" + std::string{ruri} + ">\r\n"
           "Call-ID: probe-" + n + "\r\nCSeq: 1 OPTIONS\r\n" + std::string{extra} + "Content-Length: 0\r\n\r\n";
}

std::string FirstLine(std::string_view bytes) { return std::string{bytes.substr(0, bytes.find("\r\n"))}; }

/** Records the challenges it is asked about; answers each with `verdict` at once, or, when
 *  `hold`, keeps the callbacks for the test to call later. */
struct FakeTarget final : interfaces::ProbeTarget {
    interfaces::ProbeVerdict verdict{200, "OK", interfaces::ProbeSig{}};
    bool hold{false};
    std::vector<interfaces::ProbeChallenge> seen;
    std::vector<interfaces::ProbeAnswerCallback> held;
    void Answer(const interfaces::ProbeChallenge& c, std::string_view, interfaces::ProbeAnswerCallback done) override
    {
        seen.push_back(c);
        if (hold) {
            held.push_back(std::move(done));
        } else {
            done(verdict);
        }
    }
};

/** Hands out `tasks` once and records the outcomes. */
struct FakeScheduler final : interfaces::ProbeScheduler {
    std::vector<interfaces::ProbeTask> tasks;
    std::vector<std::pair<uint64_t, std::optional<interfaces::ProbeSig>>> done;
    std::vector<std::string> details;
    std::vector<interfaces::ProbeTask> DueProbes(int64_t, size_t max) override
    {
        std::vector<interfaces::ProbeTask> out;
        while (!tasks.empty() && out.size() < max) {
            out.push_back(tasks.front());
            tasks.erase(tasks.begin());
        }
        return out;
    }
    void ProbeDone(uint64_t id, const std::optional<interfaces::ProbeSig>& answer, std::string_view detail, int64_t) override
    {
        done.emplace_back(id, answer);
        details.emplace_back(detail);
    }
};

struct ProbeFixture {
    int64_t now{1'800'000'000};
    ManualTimerDriver clock;
    test::FakeTransport transport;
    CredentialStore credentials{"dots.test"};
    LocationService location;
    DigestAuthenticator auth{DigestAuthenticator::Options{"dots.test", 300, 65536, true, {}}};
    Registrar registrar{RegistrarOptions{{"dots.test", "192.0.2.1"}, 3600, 60, 3600}, credentials, location, auth, nullptr};
    DialogTable dialogs;
    Proxy proxy{ProxyConfig{{"dots.test", "192.0.2.1"}, ListenPorts{5060}, "192.0.2.1", 10}, registrar, credentials, location, nullptr,
                dialogs, [this] { return now; }};
    TransactionLayer layer{transport, clock, proxy};
    const Peer prober_peer{Transport::UDP, *SockAddr::FromIp("198.51.100.7", 5070), {}, 0};
    FakeTarget fake;
    ProbeAnswers answers{fake};
    int wakes{0};

    ProbeFixture()
    {
        proxy.SetLayer(layer);
        answers.SetWake([this] { ++wakes; });
    }
    /** Delivers `request`, sends what the node answered, and returns the one response it got. */
    std::string Ask(const std::string& request)
    {
        layer.OnMessage(test::ParseValidSip(request), prober_peer);
        answers.Flush(layer);
        auto sent = transport.Take();
        BOOST_REQUIRE_EQUAL(sent.size(), 1U);
        return sent[0].bytes;
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(sip_probe_tests, ProbeFixture)

BOOST_AUTO_TEST_CASE(challenge_header_vector_and_round_trip)
{
    interfaces::ProbeChallenge c;
    c.epoch = 7;
    c.target.fill(0x11);
    c.prober.fill(0x22);
    c.sig.fill(0xab);
    const std::string text = FormatProbeHeader(c);
    BOOST_CHECK_EQUAL(text, "epoch=7;target=" + Repeat("11", 32) + ";prober=" + Repeat("22", 32) + ";sig=" + Repeat("ab", 64));
    BOOST_CHECK(ParseProbeHeader(text) == c);

    // A real signature survives the round trip and verifies against the consensus message.
    const test::TestKey prober{3}, target{4};
    const auto signed_c = SignedChallenge(prober, target.pub, 42);
    const auto parsed = ParseProbeHeader(FormatProbeHeader(signed_c));
    BOOST_REQUIRE(parsed);
    const XOnlyPubKey prober_key{std::span<const uint8_t, 32>{parsed->prober}};
    const auto message = [&](const consensus::Key& t, uint32_t epoch) {
        return consensus::ProbeChallengeMessage(t, parsed->prober, epoch, test::RegtestGenesis());
    };
    BOOST_CHECK(prober_key.Verify(message(parsed->target, parsed->epoch).span(), parsed->sig));
    // ... and not for another epoch or target.
    BOOST_CHECK(!prober_key.Verify(message(parsed->target, 43).span(), parsed->sig));
    BOOST_CHECK(!prober_key.Verify(message(prober.pub, 42).span(), parsed->sig));

    const interfaces::ProbeSig answer = signed_c.sig;
    BOOST_CHECK(ParseProbeAnswerHeader(FormatProbeAnswerHeader(answer)) == answer);
}

BOOST_AUTO_TEST_CASE(challenge_header_lenient_forms)
{
    const std::string t(64, '1'), p(64, '2'), s(128, 'c');
    const auto c = ParseProbeHeader(" sig = " + std::string(128, 'C') + " ; prober=" + p + ";future=1;target=" + t + "; epoch=4294967295");
    BOOST_REQUIRE(c);
    BOOST_CHECK_EQUAL(c->epoch, 4294967295U);
    BOOST_CHECK_EQUAL(c->sig[0], 0xcc);
    BOOST_CHECK(ParseProbeAnswerHeader("sig=" + s + ";v=2"));
}

BOOST_AUTO_TEST_CASE(challenge_header_rejects)
{
    const std::string t(64, '1'), p(64, '2'), s(128, 'c');
    const std::string ok = "epoch=1;target=" + t + ";prober=" + p + ";sig=" + s;
    BOOST_CHECK(ParseProbeHeader(ok));
    for (const std::string& bad : {
             std::string{}, std::string{";"}, "epoch=1;target=" + t + ";prober=" + p,                   // missing sig
             ok + ";epoch=2",                                                                          // repeated
             "epoch=4294967296;target=" + t + ";prober=" + p + ";sig=" + s,                            // over u32
             "epoch=-1;target=" + t + ";prober=" + p + ";sig=" + s, "epoch=+1;target=" + t + ";prober=" + p + ";sig=" + s,
             "epoch=;target=" + t + ";prober=" + p + ";sig=" + s, "epoch=0x1;target=" + t + ";prober=" + p + ";sig=" + s,
             "epoch=1;target=" + t.substr(2) + ";prober=" + p + ";sig=" + s,                           // short key
             "epoch=1;target=" + t + "00;prober=" + p + ";sig=" + s,                                   // long key
             "epoch=1;target=" + t + ";prober=" + std::string(63, '2') + "g;sig=" + s,                 // not hex
             "epoch=1;target=" + t + ";prober=" + p + ";sig=" + s.substr(1),                           // odd length
             "epoch=1;target=" + t + ";prober=" + p + ";sig=" + s + ";flag",                           // no '='
             "epoch=1;target=" + t + ";prober=" + p + ";sig=" + s + ";=x",                             // empty name
         }) {
        BOOST_CHECK_MESSAGE(!ParseProbeHeader(bad), bad);
    }
    BOOST_CHECK(!ParseProbeAnswerHeader(""));
    BOOST_CHECK(!ParseProbeAnswerHeader("sig=" + s + ";sig=" + s));
    BOOST_CHECK(!ParseProbeAnswerHeader("sig=" + HEX64));
}

BOOST_AUTO_TEST_CASE(endpoint_destinations)
{
    auto d = EndpointDestination("sip:127.0.0.1:5070;transport=udp");
    BOOST_REQUIRE(d);
    BOOST_CHECK(d->protocol == Transport::UDP);
    BOOST_CHECK_EQUAL(d->address.ToString(), "127.0.0.1:5070");
    d = EndpointDestination("sip:[2001:db8::1];transport=tcp");
    BOOST_REQUIRE(d);
    BOOST_CHECK(d->protocol == Transport::TCP);
    BOOST_CHECK_EQUAL(d->address.Port(), 5060);
    BOOST_CHECK(EndpointDestination("sip:192.0.2.1"));
    // TLS: sips: (alone, with transport=tcp or tls) and sip: with transport=tls; default port 5061.
    for (const char* tls : {"sips:192.0.2.1", "sips:192.0.2.1;transport=tcp", "sips:192.0.2.1;transport=TLS", "sip:192.0.2.1;transport=tls"}) {
        d = EndpointDestination(tls);
        BOOST_REQUIRE_MESSAGE(d, tls);
        BOOST_CHECK_MESSAGE(d->protocol == Transport::TLS, tls);
        BOOST_CHECK_EQUAL(d->address.ToString(), "192.0.2.1:5061");
    }
    d = EndpointDestination("sips:127.0.0.1:15065;transport=tls");
    BOOST_REQUIRE(d);
    BOOST_CHECK_EQUAL(d->address.Port(), 15065);
    // A DNS host goes to the address the node looked it up to, never to a name.
    BOOST_CHECK(!EndpointDestination("sip:node.example.org:5070"));
    BOOST_CHECK(!EndpointDestination("sip:node.example.org:5070", "node.example.org"));
    d = EndpointDestination("sip:node.example.org:5070;transport=tcp", "192.0.2.7");
    BOOST_REQUIRE(d);
    BOOST_CHECK(d->protocol == Transport::TCP);
    BOOST_CHECK_EQUAL(d->address.ToString(), "192.0.2.7:5070");
    d = EndpointDestination("sip:192.0.2.1:5070", "192.0.2.7"); // an IP host ignores the address
    BOOST_REQUIRE(d);
    BOOST_CHECK_EQUAL(d->address.ToString(), "192.0.2.1:5070");
    // WebSocket (browsers' transport), sips: over UDP and anything else are no probe endpoints.
    for (const char* bad : {"sip:192.0.2.1;transport=ws", "sip:192.0.2.1;transport=wss", "sips:192.0.2.1;transport=wss", "sips:192.0.2.1;transport=udp",
                            "sip:192.0.2.1;transport=sctp", "tel:+123", "", "sip:"}) {
        BOOST_CHECK_MESSAGE(!ParseProbeRoute(bad), bad);
        BOOST_CHECK_MESSAGE(!EndpointDestination(bad, "192.0.2.7"), bad);
    }
}

BOOST_AUTO_TEST_CASE(probe_routes)
{
    const auto r = ParseProbeRoute("sips:Node.Example.org;transport=tls");
    BOOST_REQUIRE(r);
    BOOST_CHECK(r->protocol == Transport::TLS);
    BOOST_CHECK(r->name);
    BOOST_CHECK_EQUAL(r->host, "Node.Example.org");
    BOOST_CHECK_EQUAL(r->port, 5061);
    const auto v6 = ParseProbeRoute("sip:[2001:db8::1]:5070");
    BOOST_REQUIRE(v6);
    BOOST_CHECK(!v6->name);
    BOOST_CHECK_EQUAL(v6->host, "2001:db8::1");
    BOOST_CHECK(v6->protocol == Transport::UDP);
}

BOOST_AUTO_TEST_CASE(proxy_answers_probe_options)
{
    const test::TestKey prober{3}, target{4};
    const auto c = SignedChallenge(prober, target.pub, 9);
    const std::string header = "DOTS-Probe: " + FormatProbeHeader(c) + "\r\n";

    // Without a probe target: 404; an OPTIONS without the header is the plain 200.
    BOOST_CHECK_EQUAL(FirstLine(Ask(Options("sip:192.0.2.1", header))), "SIP/2.0 404 Not Found (no probe target here)");
    const std::string plain = Ask(Options("sip:192.0.2.1", ""));
    BOOST_CHECK_EQUAL(FirstLine(plain), "SIP/2.0 200 OK");
    BOOST_CHECK(plain.find("DOTS-Probe-Answer") == std::string::npos);

    fake.verdict.answer->fill(0x5a);
    proxy.SetProbeAnswers(&answers);
    const std::string ok = Ask(Options("sip:192.0.2.1", header));
    BOOST_CHECK_EQUAL(FirstLine(ok), "SIP/2.0 200 OK");
    BOOST_CHECK(ok.find("\r\nDOTS-Probe-Answer: sig=" + Repeat("5a", 64) + "\r\n") != std::string::npos);
    BOOST_CHECK(ok.find("\r\nAllow: ") != std::string::npos);
    BOOST_REQUIRE_EQUAL(fake.seen.size(), 1U);
    BOOST_CHECK(fake.seen[0] == c);

    // The node's refusals go out as they are; 503 asks to come back later.
    fake.verdict = {403, "Forbidden (not a drawn prober of this target)", std::nullopt};
    BOOST_CHECK_EQUAL(FirstLine(Ask(Options("sip:192.0.2.1", header))), "SIP/2.0 403 Forbidden (not a drawn prober of this target)");
    fake.verdict = {503, "Service Unavailable (probe epoch changing)", std::nullopt};
    const std::string later = Ask(Options("sip:192.0.2.1", header));
    BOOST_CHECK_EQUAL(FirstLine(later), "SIP/2.0 503 Service Unavailable (probe epoch changing)");
    BOOST_CHECK(later.find("\r\nRetry-After: ") != std::string::npos);
    // A 200 without an answer would tell the prober nothing: never sent.
    fake.verdict = {200, "OK", std::nullopt};
    BOOST_CHECK_EQUAL(FirstLine(Ask(Options("sip:192.0.2.1", header))), "SIP/2.0 500 Server Internal Error (no probe answer)");

    // Malformed or repeated headers never reach the node.
    const size_t asked = fake.seen.size();
    BOOST_CHECK_EQUAL(FirstLine(Ask(Options("sip:192.0.2.1", "DOTS-Probe: epoch=1\r\n"))), "SIP/2.0 400 Bad DOTS-Probe Header");
    BOOST_CHECK_EQUAL(FirstLine(Ask(Options("sip:192.0.2.1", header + "dots-probe: " + FormatProbeHeader(c) + "\r\n"))),
                      "SIP/2.0 400 Bad DOTS-Probe Header");
    BOOST_CHECK_EQUAL(fake.seen.size(), asked);
}

BOOST_AUTO_TEST_CASE(probe_answered_when_the_node_completes_it)
{
    const test::TestKey prober{3}, target{4};
    const std::string header = "DOTS-Probe: " + FormatProbeHeader(SignedChallenge(prober, target.pub, 9)) + "\r\n";
    fake.hold = true;
    proxy.SetProbeAnswers(&answers);
    interfaces::ProbeVerdict ok{200, "OK", interfaces::ProbeSig{}};
    ok.answer->fill(0x5a);

    // Handed to the node; nothing is sent until it answers, and a retransmission is absorbed.
    const std::string first = Options("sip:192.0.2.1", header);
    layer.OnMessage(test::ParseValidSip(first), prober_peer);
    BOOST_CHECK(transport.Take().empty());
    layer.OnMessage(test::ParseValidSip(first), prober_peer);
    BOOST_CHECK(transport.Take().empty());
    BOOST_REQUIRE_EQUAL(fake.held.size(), 1U);
    BOOST_CHECK_EQUAL(answers.Pending(), 1U);
    BOOST_CHECK_EQUAL(answers.Flush(layer), 0U);

    // The node answers on its own thread: one wake-up; the SIP thread's Flush sends it.
    std::thread{[&] { fake.held[0](ok); }}.join();
    BOOST_CHECK_EQUAL(wakes, 1);
    BOOST_CHECK(transport.Take().empty());
    BOOST_CHECK_EQUAL(answers.Flush(layer), 1U);
    BOOST_CHECK_EQUAL(answers.Pending(), 0U);
    auto sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_CHECK_EQUAL(FirstLine(sent[0].bytes), "SIP/2.0 200 OK");
    BOOST_CHECK(sent[0].bytes.find("\r\nDOTS-Probe-Answer: sig=" + Repeat("5a", 64) + "\r\n") != std::string::npos);
    BOOST_CHECK(sent[0].bytes.find("\r\nAllow: ") != std::string::npos);
    // A later retransmission gets the same answer from the transaction; the node is not asked again.
    layer.OnMessage(test::ParseValidSip(first), prober_peer);
    sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_CHECK(sent[0].bytes.find("DOTS-Probe-Answer: sig=" + Repeat("5a", 64)) != std::string::npos);
    BOOST_CHECK_EQUAL(fake.seen.size(), 1U);

    // Two answers in one batch wake the loop once; each goes to its own transaction.
    layer.OnMessage(test::ParseValidSip(Options("sip:192.0.2.1", header)), prober_peer);
    layer.OnMessage(test::ParseValidSip(Options("sip:192.0.2.1", header)), prober_peer);
    BOOST_REQUIRE_EQUAL(fake.held.size(), 3U);
    std::thread{[&] {
        fake.held[2]({403, "Forbidden (not a drawn prober of this target)", std::nullopt});
        fake.held[1]({503, "Service Unavailable (probe epoch changing)", std::nullopt});
    }}.join();
    BOOST_CHECK_EQUAL(wakes, 2);
    BOOST_CHECK_EQUAL(answers.Flush(layer), 2U);
    sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 2U);
    BOOST_CHECK_EQUAL(FirstLine(sent[0].bytes), "SIP/2.0 403 Forbidden (not a drawn prober of this target)");
    BOOST_CHECK_EQUAL(FirstLine(sent[1].bytes), "SIP/2.0 503 Service Unavailable (probe epoch changing)");
    BOOST_CHECK(sent[1].bytes.find("\r\nRetry-After: ") != std::string::npos);
    BOOST_CHECK(std::string{test::ParseValidSip(sent[0].bytes).CallId()} != std::string{test::ParseValidSip(sent[1].bytes).CallId()});

    // An answer after the transaction ended (the layer drops an unanswered OPTIONS after 64*T1) is not sent.
    layer.OnMessage(test::ParseValidSip(Options("sip:192.0.2.1", header)), prober_peer);
    BOOST_REQUIRE_EQUAL(fake.held.size(), 4U);
    clock.Advance(64 * 500 + 5000);
    (void)transport.Take();
    fake.held[3](ok);
    BOOST_CHECK_EQUAL(answers.Flush(layer), 0U);
    BOOST_CHECK(transport.Take().empty());

    // After Close (the SIP loop stopped) answers are dropped and wake no one.
    layer.OnMessage(test::ParseValidSip(Options("sip:192.0.2.1", header)), prober_peer);
    BOOST_REQUIRE_EQUAL(fake.held.size(), 5U);
    answers.Close();
    const int wakes_before = wakes;
    std::thread{[&] { fake.held[4](ok); }}.join();
    BOOST_CHECK_EQUAL(wakes, wakes_before);
    BOOST_CHECK_EQUAL(answers.Flush(layer), 0U);
    BOOST_CHECK(transport.Take().empty());
}

BOOST_AUTO_TEST_CASE(sender_sends_and_reports)
{
    const test::TestKey prober{3}, target{4};
    const auto c = SignedChallenge(prober, target.pub, 9);
    FakeScheduler scheduler;
    scheduler.tasks = {{1, "sip:203.0.113.5:5062;transport=udp", c, ""},
                       {2, "sip:203.0.113.6:5064;transport=udp", c, ""},
                       {3, "sip:203.0.113.7:5066;transport=udp", c, ""},
                       {4, "sip:gw.example.org;transport=udp", c, ""}};
    ProbeSender sender{ProbeSenderConfig{"192.0.2.1", ListenPorts{5060}, "dots.test", 16}, scheduler, [this] { return now; }};
    sender.SetLayer(layer);
    BOOST_CHECK_EQUAL(sender.Tick(), 3U);
    // A name without the node's looked-up address cannot be sent to (no DNS on the SIP thread): reported at once.
    BOOST_REQUIRE_EQUAL(scheduler.done.size(), 1U);
    BOOST_CHECK_EQUAL(scheduler.done[0].first, 4U);
    BOOST_CHECK(!scheduler.done[0].second);

    std::vector<test::SentMessage> sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 3U);
    for (const auto& s : sent) {
        const SipMessage m = test::ParseValidSip(s.bytes);
        BOOST_CHECK(m.Method() == SipMethod::OPTIONS);
        const HeaderField* h = m.FindHeader(PROBE_HEADER);
        BOOST_REQUIRE(h);
        BOOST_CHECK(ParseProbeHeader(h->value) == c);
        BOOST_CHECK_EQUAL(std::string{m.RequestUriText()}, "sip:" + s.to.address.ToString() + ";transport=udp");
    }
    interfaces::ProbeSig answer;
    answer.fill(0x42);
    // The first answers with a DOTS-Probe-Answer, the second 200 without one, the third never.
    const Peer first{Transport::UDP, *SockAddr::FromIp("203.0.113.5", 5062), {}, 0};
    const Peer second{Transport::UDP, *SockAddr::FromIp("203.0.113.6", 5064), {}, 0};
    layer.OnMessage(test::ParseValidSip(BuildResponse(test::ParseValidSip(sent[0].bytes), 200, "OK", "t1",
                                                      "DOTS-Probe-Answer: " + FormatProbeAnswerHeader(answer) + "\r\n")), first);
    layer.OnMessage(test::ParseValidSip(BuildResponse(test::ParseValidSip(sent[1].bytes), 200, "OK", "t2")), second);
    BOOST_REQUIRE_EQUAL(scheduler.done.size(), 3U);
    BOOST_CHECK_EQUAL(scheduler.done[1].first, 1U);
    BOOST_CHECK(scheduler.done[1].second == answer);
    BOOST_CHECK_EQUAL(scheduler.done[2].first, 2U);
    BOOST_CHECK(!scheduler.done[2].second);
    BOOST_CHECK_EQUAL(scheduler.details[2], "200 without a valid DOTS-Probe-Answer");
    clock.Advance(64 * 500 + 1000);
    BOOST_REQUIRE_EQUAL(scheduler.done.size(), 4U);
    BOOST_CHECK_EQUAL(scheduler.done[3].first, 3U);
    BOOST_CHECK_EQUAL(scheduler.details[3], "timeout");
    BOOST_CHECK_EQUAL(sender.InFlight(), 0U);
    BOOST_CHECK_EQUAL(sender.Sent(), 3U);
    BOOST_CHECK_EQUAL(sender.Answered(), 1U);
}

BOOST_AUTO_TEST_CASE(sender_uses_the_looked_up_address_and_tls)
{
    const test::TestKey prober{3}, target{4};
    const auto c = SignedChallenge(prober, target.pub, 9);
    FakeScheduler scheduler;
    scheduler.tasks = {{1, "sip:gw.example.org:5070", c, "203.0.113.8"},
                       {2, "sips:203.0.113.9:5071;transport=tls", c, ""}};
    ListenPorts ports{5060};
    ports.tls = 5061;
    ProbeSender sender{ProbeSenderConfig{"192.0.2.1", ports, "dots.test", 16}, scheduler, [this] { return now; }};
    sender.SetLayer(layer);
    BOOST_CHECK_EQUAL(sender.Tick(), 2U);
    BOOST_CHECK(scheduler.done.empty());
    std::vector<test::SentMessage> sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 2U);
    // The name's address, the registered URI as Request-URI.
    BOOST_CHECK(sent[0].to.protocol == Transport::UDP);
    BOOST_CHECK_EQUAL(sent[0].to.address.ToString(), "203.0.113.8:5070");
    BOOST_CHECK_EQUAL(std::string{test::ParseValidSip(sent[0].bytes).RequestUriText()}, "sip:gw.example.org:5070");
    // sips: over TLS, our Via naming TLS and our TLS port.
    BOOST_CHECK(sent[1].to.protocol == Transport::TLS);
    BOOST_CHECK_EQUAL(sent[1].to.address.ToString(), "203.0.113.9:5071");
    const SipMessage tls = test::ParseValidSip(sent[1].bytes);
    BOOST_REQUIRE(tls.TopVia());
    BOOST_CHECK(tls.TopVia()->transport == Transport::TLS);
    BOOST_CHECK_EQUAL(tls.TopVia()->port.value_or(0), 5061);
}

BOOST_AUTO_TEST_SUITE_END()
