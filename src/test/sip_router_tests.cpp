// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The proxy's decisions (RFC 3261 16) on a real TransactionLayer with a fake transport and a
// manual clock: what is rejected with which status, how requests are forked and edited, how
// responses are chosen and forwarded, in-dialog routing, loops, keepalives; routing to the
// node that serves a handle on chain, the seconds of calls to paid nodes, vouchers carried in
// MESSAGEs between nodes.

#include <interfaces/memory_directory.h>
#include <sip/parser/builder.h>
#include <sip/parser/message.h>
#include <sip/registrar/credentials.h>
#include <sip/registrar/digest.h>
#include <sip/registrar/location.h>
#include <sip/registrar/registrar.h>
#include <sip/router/dialogs.h>
#include <sip/router/keepalive.h>
#include <sip/router/proxy.h>
#include <sip/router/remote_route.h>
#include <sip/router/target.h>
#include <sip/router/voucher_carrier.h>
#include <sip/transaction/timer.h>
#include <sip/transaction/transaction_layer.h>
#include <test/util/calls.h>
#include <test/util/sip.h>
#include <util/strencodings.h>
#include <wallet/voucher_receipts.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <thread>
#include <vector>

using namespace sip;
using test::FakeTransport;
using test::SentMessage;

namespace {

std::string FirstLine(std::string_view bytes) { return std::string{bytes.substr(0, bytes.find("\r\n"))}; }

const SockAddr ALICE_ADDR = *SockAddr::FromIp("198.51.100.7", 5070);
const Peer ALICE{Transport::UDP, ALICE_ADDR, {}, 0};

std::string Request(std::string_view method, std::string_view ruri, std::string_view branch, std::string_view extra = {},
                    std::string_view to_tag = {}, std::string_view body = {})
{
    std::string r = std::string{method} + " " + std::string{ruri} + " SIP/2.0\r\n";
    r += "Via: SIP/2.0/UDP 198.51.100.7:5070;branch=" + std::string{branch} + ";rport\r\n";
    r += "Max-Forwards: 70\r\n";
    r += "From: \"Alice\" <sip:alice@dots.test>;tag=alicetag\r\n";
    r += "To: <sip:bob@dots.test>" + (to_tag.empty() ? std::string{} : ";tag=" + std::string{to_tag}) + "\r\n";
    r += "Call-ID: call-1@198.51.100.7\r\n";
    r += "CSeq: 1 " + std::string{method} + "\r\n";
    r += "Contact: <sip:alice@198.51.100.7:5070>\r\n";
    r += std::string{extra};
    if (!body.empty()) r += "Content-Type: application/sdp\r\n";
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string{body};
    return r;
}

/** UDP/TCP on 5060, TLS on 5061, WS on 8080, WSS on 8443. */
ListenPorts TestPorts()
{
    ListenPorts ports{5060};
    ports.tls = 5061;
    ports.ws = 8080;
    ports.wss = 8443;
    return ports;
}

/** -sipmaxrate of the fixture's proxy: units per 60 s. */
constexpr int64_t MAX_RATE = 100;

struct RouterFixture {
    int64_t now{1'800'000'000};
    ManualTimerDriver clock;
    FakeTransport transport;
    CredentialStore credentials{"dots.test"};
    LocationService location;
    DigestAuthenticator auth{DigestAuthenticator::Options{"dots.test", 300, 65536, true, {}}};
    Registrar registrar{RegistrarOptions{{"dots.test", "192.0.2.1"}, 3600, 60, 3600}, credentials, location, auth, nullptr};
    DialogTable dialogs;
    Proxy proxy{ProxyConfig{{"dots.test", "192.0.2.1"}, TestPorts(), "192.0.2.1", 10, MAX_RATE}, registrar, credentials, location, nullptr,
                dialogs, [this] { return now; }};
    TransactionLayer layer{transport, clock, proxy};
    // The chain and the node's side of paying for minutes, for the tests that set them.
    interfaces::MemoryDirectory directory;
    test::FakeCallAccounting accounting;
    test::FakeVoucherSink sink;

    RouterFixture() { proxy.SetLayer(layer); }

    void Bind(std::string_view aor, std::string_view contact, std::string_view call_id, std::string_view ip, uint16_t port)
    {
        BOOST_REQUIRE(credentials.SetCredential(aor, "password123"));
        RegisterUpdate u;
        u.aor = aor;
        u.call_id = call_id;
        u.cseq = 1;
        u.now = now;
        u.source = {std::string{ip}, port, Transport::UDP, 0};
        u.contacts.push_back({contact, {}, 0, std::nullopt, 3600});
        std::vector<ContactBinding> out;
        BOOST_REQUIRE(location.Apply(u, out) == LocationStatus::OK);
    }
    void Deliver(std::string_view text, const Peer& from = ALICE) { layer.OnMessage(test::ParseValidSip(text), from); }
    /** The final (or only) response sent upstream to alice since the last Take. */
    std::string StatusTo(const std::vector<SentMessage>& sent)
    {
        std::string last;
        for (const auto& s : sent) {
            if (s.to.address == ALICE_ADDR && s.bytes.rfind("SIP/2.0 ", 0) == 0 && s.bytes.rfind("SIP/2.0 100 ", 0) != 0) last = FirstLine(s.bytes);
        }
        return last;
    }
    /** Answers the request `req_bytes` (as the callee at `callee`) with `code`. */
    void Answer(const std::string& req_bytes, uint16_t code, std::string_view to_tag, const Peer& callee,
                std::string_view extra = {})
    {
        SipMessage req = test::ParseValidSip(req_bytes);
        Deliver(BuildResponse(req, code, "Reason", code > 100 ? to_tag : std::string_view{}, extra), callee);
    }
};

const Peer BOB1{Transport::UDP, *SockAddr::FromIp("203.0.113.5", 5062), {}, 0};
const Peer BOB2{Transport::UDP, *SockAddr::FromIp("203.0.113.6", 5064), {}, 0};

} // namespace

BOOST_FIXTURE_TEST_SUITE(sip_router_tests, RouterFixture)

BOOST_AUTO_TEST_CASE(better_final_rfc3261_16_7)
{
    BOOST_CHECK(BetterFinal(404, 0));
    BOOST_CHECK(BetterFinal(603, 404));
    BOOST_CHECK(!BetterFinal(404, 603));
    BOOST_CHECK(BetterFinal(486, 503));
    BOOST_CHECK(!BetterFinal(486, 404)); // the first of a class stays
    BOOST_CHECK(BetterFinal(302, 404));
}

BOOST_AUTO_TEST_CASE(rejections_without_forwarding)
{
    BOOST_REQUIRE(credentials.SetCredential("carol", "password123"));
    struct Case {
        std::string method, ruri, extra;
        std::string status;
    };
    const std::vector<Case> cases{
        {"INVITE", "sip:nobody@dots.test", "", "SIP/2.0 404 Not Found"},
        {"INVITE", "sip:carol@dots.test", "", "SIP/2.0 480 Temporarily Unavailable"},
        {"MESSAGE", "sip:carol@192.0.2.1", "", "SIP/2.0 480 Temporarily Unavailable"},
        {"INVITE", "sip:bob@elsewhere.example", "", "SIP/2.0 403 Forbidden (domain not served here)"},
        {"INVITE", "sip:bob@192.0.2.1:5080", "", "SIP/2.0 403 Forbidden (domain not served here)"},
        {"PUBLISH", "sip:carol@dots.test", "", "SIP/2.0 501 Not Implemented"},
        {"FOO", "sip:carol@dots.test", "", "SIP/2.0 501 Not Implemented"},
        {"INVITE", "sip:Bad!Handle@dots.test", "", "SIP/2.0 404 Not Found"},
        {"INVITE", "sip:carol@dots.test", "Route: <sip:relay.example;lr>\r\n", "SIP/2.0 403 Forbidden (not a relay)"},
        {"INVITE", "sip:carol@dots.test", "Proxy-Require: foo\r\n", "SIP/2.0 420 Bad Extension"},
        {"BYE", "sip:carol@dots.test", "", "SIP/2.0 481 Call/Transaction Does Not Exist"},
    };
    int n = 0;
    for (const Case& c : cases) {
        Deliver(Request(c.method, c.ruri, "z9hG4bKrej" + std::to_string(++n), c.extra));
        const auto sent = transport.Take();
        BOOST_CHECK_MESSAGE(StatusTo(sent) == c.status, c.method + " " + c.ruri + ": got " + StatusTo(sent));
        for (const auto& s : sent) BOOST_CHECK(s.to.address == ALICE_ADDR); // nothing forwarded
    }
    // Max-Forwards 0
    std::string mf0 = Request("INVITE", "sip:carol@dots.test", "z9hG4bKmf0");
    mf0.replace(mf0.find("Max-Forwards: 70"), 16, "Max-Forwards: 0");
    Deliver(mf0);
    BOOST_CHECK_EQUAL(StatusTo(transport.Take()), "SIP/2.0 483 Too Many Hops");
    // 501 carries Allow
    Deliver(Request("PUBLISH", "sip:carol@dots.test", "z9hG4bKpub"));
    BOOST_CHECK(transport.Take().back().bytes.find("Allow: INVITE") != std::string::npos);
    BOOST_CHECK_EQUAL(proxy.ContextCount(), 0U);
}

BOOST_AUTO_TEST_CASE(forwards_headers_it_does_not_interpret)
{
    // RFC 3261 16.3 step 1: an empty Supported (baresip), an empty Proxy-Require and broken
    // headers the proxy does not use are forwarded unchanged, in the request and the 200.
    Bind("bob", "sip:bob@203.0.113.5:5062", "c1", "203.0.113.5", 5062);
    const std::string extra = "Supported:\r\nAllow:\r\nProxy-Require:\r\nRequire: 100rel,,\r\nExpires: soon\r\n"
                              "Date: yesterday\r\nEvent: ;x\r\n";
    Deliver(Request("INVITE", "sip:bob@dots.test", "z9hG4bKtol1", extra));
    auto sent = transport.Take();
    std::string to_bob;
    for (const auto& s : sent) {
        if (s.bytes.rfind("INVITE ", 0) == 0) to_bob = s.bytes;
    }
    BOOST_REQUIRE(!to_bob.empty());
    BOOST_CHECK(to_bob.find("\r\nSupported:\r\nAllow:\r\nProxy-Require:\r\nRequire: 100rel,,\r\nExpires: soon\r\n") != std::string::npos);
    Answer(to_bob, 200, "b1tag", BOB1, "Contact: <sip:bob@203.0.113.5:5062>\r\nSupported:\r\nAllow:\r\n");
    sent = transport.Take();
    BOOST_CHECK_EQUAL(StatusTo(sent), "SIP/2.0 200 Reason");
    BOOST_CHECK_EQUAL(dialogs.ActiveCalls(), 1U);
    // A Proxy-Require that cannot be read is the proxy's business: 400.
    Deliver(Request("INVITE", "sip:bob@dots.test", "z9hG4bKtol2", "Proxy-Require: a b\r\n"));
    BOOST_CHECK_EQUAL(StatusTo(transport.Take()), "SIP/2.0 400 Bad Proxy-Require");
}

BOOST_AUTO_TEST_CASE(options_to_the_node_and_register)
{
    Deliver(Request("OPTIONS", "sip:dots.test", "z9hG4bKopt"));
    auto sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_CHECK_EQUAL(FirstLine(sent[0].bytes), "SIP/2.0 200 OK");
    BOOST_CHECK(sent[0].bytes.find("\r\nAllow: INVITE, ACK, CANCEL, BYE") != std::string::npos);
    BOOST_CHECK(sent[0].bytes.find("\r\nAccept: application/sdp") != std::string::npos);
    BOOST_CHECK(sent[0].bytes.find("\r\nSupported: ") != std::string::npos);

    BOOST_REQUIRE(credentials.SetCredential("bob", "password123"));
    std::string reg = "REGISTER sip:dots.test SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bKreg1\r\n"
                      "Max-Forwards: 70\r\nFrom: <sip:bob@dots.test>;tag=r1\r\nTo: <sip:bob@dots.test>\r\n"
                      "Call-ID: reg-1\r\nCSeq: 1 REGISTER\r\nContact: <sip:bob@198.51.100.7:5070>\r\nContent-Length: 0\r\n\r\n";
    Deliver(reg);
    sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_CHECK_EQUAL(FirstLine(sent[0].bytes), "SIP/2.0 401 Unauthorized");
    BOOST_CHECK(sent[0].bytes.find("WWW-Authenticate: Digest realm=\"dots.test\"") != std::string::npos);
    BOOST_CHECK_EQUAL(location.BindingCount(), 0U);
}

BOOST_AUTO_TEST_CASE(invite_forks_edits_and_picks_the_2xx)
{
    Bind("bob", "sip:bob@203.0.113.5:5062", "c1", "203.0.113.5", 5062);
    Bind("bob", "sip:bob@203.0.113.6:5064", "c2", "203.0.113.6", 5064);
    const std::string sdp = "v=0\r\no=alice 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
    Deliver(Request("INVITE", "sip:bob@dots.test", "z9hG4bKinv1", {}, {}, sdp));
    auto sent = transport.Take();
    std::vector<std::string> to_bob;
    std::vector<SockAddr> hops;
    for (const auto& s : sent) {
        if (s.bytes.rfind("INVITE ", 0) == 0) {
            to_bob.push_back(s.bytes);
            hops.push_back(s.to.address);
        }
    }
    BOOST_REQUIRE_EQUAL(to_bob.size(), 2U);
    BOOST_CHECK_EQUAL(StatusTo(sent), ""); // only 100 Trying upstream so far
    // Branches start in LocationService::Lookup order: equal q and registration time, so the
    // contact URI decides (bob@203.0.113.5 before bob@203.0.113.6), each sent to its own contact.
    const std::string contacts[2] = {"sip:bob@203.0.113.5:5062", "sip:bob@203.0.113.6:5064"};
    BOOST_CHECK(hops[0] == BOB1.remote);
    BOOST_CHECK(hops[1] == BOB2.remote);
    for (size_t i = 0; i < to_bob.size(); ++i) {
        SipMessage m = test::ParseValidSip(to_bob[i]);
        BOOST_CHECK_EQUAL(m.RequestUriText(), contacts[i]);
        BOOST_CHECK_EQUAL(m.TopVia()->host, "192.0.2.1");
        BOOST_CHECK_EQUAL(*m.TopVia()->port, 5060);
        BOOST_CHECK_EQUAL(m.Vias()->size(), 2U);
        BOOST_CHECK_EQUAL(*m.MaxForwards(), 69U);
        BOOST_CHECK_EQUAL(m.NameAddrs(HeaderType::RECORD_ROUTE)->front().uri.text, "sip:192.0.2.1:5060;lr");
        BOOST_CHECK_EQUAL(m.Body(), sdp); // SDP untouched
    }
    // Both ring; the 180s go upstream.
    Answer(to_bob[0], 180, "b1tag", BOB1);
    Answer(to_bob[1], 180, "b2tag", BOB2);
    sent = transport.Take();
    BOOST_CHECK_EQUAL(StatusTo(sent), "SIP/2.0 180 Reason");
    BOOST_CHECK_EQUAL(dialogs.Calls().size(), 2U); // two early dialogs
    // The second one answers: 200 upstream (without our Via), CANCEL to the first.
    Answer(to_bob[1], 200, "b2tag", BOB2, "Contact: <sip:bob@203.0.113.6:5064>\r\nRecord-Route: <sip:192.0.2.1:5060;lr>\r\n");
    sent = transport.Take();
    BOOST_CHECK_EQUAL(StatusTo(sent), "SIP/2.0 200 Reason");
    bool cancelled = false;
    for (const auto& s : sent) {
        if (s.bytes.rfind("CANCEL ", 0) == 0) {
            cancelled = true;
            BOOST_CHECK(s.to.address == BOB1.remote);
        }
        if (s.to.address == ALICE_ADDR && s.bytes.rfind("SIP/2.0 200", 0) == 0) {
            BOOST_CHECK_EQUAL(test::ParseValidSip(s.bytes).Vias()->size(), 1U);
        }
    }
    BOOST_CHECK(cancelled);
    BOOST_CHECK_EQUAL(dialogs.Size(), 2U);
    Answer(to_bob[0], 487, "b1tag", BOB1); // bob #1's INVITE ends: its early dialog goes
    transport.Take();
    BOOST_CHECK_EQUAL(dialogs.Size(), 1U);
    const auto calls = dialogs.Calls();
    size_t answered = 0;
    for (const DialogInfo& d : calls) {
        if (d.state == DialogState::CONFIRMED) {
            ++answered;
            BOOST_CHECK_EQUAL(d.from_handle, "alice");
            BOOST_CHECK_EQUAL(d.to_handle, "bob");
            BOOST_CHECK_EQUAL(d.callee_tag, "b2tag");
        }
    }
    BOOST_CHECK_EQUAL(answered, 1U);
    BOOST_CHECK_EQUAL(dialogs.ActiveCalls(), 1U);

    // ACK for the 2xx: follows our Route, forwarded statelessly to bob #2.
    Deliver(Request("ACK", "sip:bob@203.0.113.6:5064", "z9hG4bKack1", "Route: <sip:192.0.2.1:5060;lr>\r\n", "b2tag"));
    sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_CHECK(sent[0].to.address == BOB2.remote);
    BOOST_CHECK_EQUAL(test::ParseValidSip(sent[0].bytes).CountHeaders(HeaderType::ROUTE), 0U);
    BOOST_CHECK_EQUAL(test::ParseValidSip(sent[0].bytes).Vias()->size(), 2U);
    // Its branch is derived from the incoming one ("z9hG4bKsl" + 16 hex digits), so a
    // retransmitted ACK leaves with the same branch (RFC 3261 16.11).
    const std::string ack_branch{test::ParseValidSip(sent[0].bytes).TopVia()->branch};
    BOOST_CHECK_EQUAL(ack_branch.size(), 9U + 16U);
    BOOST_CHECK_EQUAL(ack_branch.substr(0, 9), "z9hG4bKsl");
    BOOST_CHECK(ack_branch.find_first_not_of("0123456789abcdef", 9) == std::string::npos);
    Deliver(Request("ACK", "sip:bob@203.0.113.6:5064", "z9hG4bKack1", "Route: <sip:192.0.2.1:5060;lr>\r\n", "b2tag"));
    sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_CHECK_EQUAL(test::ParseValidSip(sent[0].bytes).TopVia()->branch, ack_branch);

    // In-dialog BYE without our Route: refused (no relaying on a known Call-ID).
    Deliver(Request("BYE", "sip:bob@203.0.113.6:5064", "z9hG4bKbye0", {}, "b2tag"));
    BOOST_CHECK_EQUAL(StatusTo(transport.Take()), "SIP/2.0 403 Forbidden (not a relay)");
    // With our Route but for another dialog: 481.
    Deliver(Request("BYE", "sip:bob@203.0.113.6:5064", "z9hG4bKbye1", "Route: <sip:192.0.2.1:5060;lr>\r\n", "othertag"));
    BOOST_CHECK_EQUAL(StatusTo(transport.Take()), "SIP/2.0 481 Call/Transaction Does Not Exist");
    // The real BYE goes to bob #2 and ends the call; the 200 comes back to alice.
    now += 42;
    Deliver(Request("BYE", "sip:attacker@192.0.2.99:5060", "z9hG4bKbye2", "Route: <sip:192.0.2.1:5060;lr>\r\n", "b2tag"));
    sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_CHECK(sent[0].to.address == BOB2.remote); // the dialog's endpoint, never the Request-URI host
    BOOST_CHECK_EQUAL(FirstLine(sent[0].bytes), "BYE sip:attacker@192.0.2.99:5060 SIP/2.0");
    Answer(sent[0].bytes, 200, "b2tag", BOB2);
    BOOST_CHECK_EQUAL(StatusTo(transport.Take()), "SIP/2.0 200 Reason");
    BOOST_CHECK_EQUAL(dialogs.ActiveCalls(), 0U);
    // The ended call is listed; bob #1's early dialog went with its 487.
    const auto calls_after = dialogs.Calls();
    BOOST_REQUIRE_EQUAL(calls_after.size(), 1U);
    BOOST_CHECK(calls_after[0].state == DialogState::ENDED);
    BOOST_CHECK_EQUAL(calls_after[0].Duration(now + 100), 42);
    // The ended dialog still routes a crossing BYE from bob for 64*T1, then goes.
    BOOST_CHECK_EQUAL(dialogs.Size(), 1U);
    BOOST_CHECK_EQUAL(dialogs.Sweep(now + 31), 0U);
    BOOST_CHECK_EQUAL(dialogs.Sweep(now + 32), 1U);
    BOOST_CHECK_EQUAL(dialogs.Calls().size(), 1U); // still in the recent calls
}

BOOST_AUTO_TEST_CASE(best_final_response_and_6xx)
{
    Bind("bob", "sip:bob@203.0.113.5:5062", "c1", "203.0.113.5", 5062);
    Bind("bob", "sip:bob@203.0.113.6:5064", "c2", "203.0.113.6", 5064);
    Deliver(Request("MESSAGE", "sip:bob@dots.test", "z9hG4bKmsg1", {}, {}, "hi"));
    auto sent = transport.Take();
    std::vector<std::string> out;
    for (const auto& s : sent) {
        if (s.bytes.rfind("MESSAGE ", 0) == 0) out.push_back(s.bytes);
    }
    BOOST_REQUIRE_EQUAL(out.size(), 2U);
    BOOST_CHECK_EQUAL(test::ParseValidSip(out[0]).CountHeaders(HeaderType::RECORD_ROUTE), 0U); // MESSAGE: no dialog
    Answer(out[0], 503, "x", BOB1);
    BOOST_CHECK_EQUAL(StatusTo(transport.Take()), ""); // waits for the other branch
    Answer(out[1], 486, "y", BOB2);
    BOOST_CHECK_EQUAL(StatusTo(transport.Take()), "SIP/2.0 486 Reason"); // 4xx beats 5xx
    BOOST_CHECK_EQUAL(proxy.ContextCount(), 0U);

    // INVITE: a 6xx ends the search and cancels the rest.
    Deliver(Request("INVITE", "sip:bob@dots.test", "z9hG4bKinv6"));
    out.clear();
    for (const auto& s : transport.Take()) {
        if (s.bytes.rfind("INVITE ", 0) == 0) out.push_back(s.bytes);
    }
    BOOST_REQUIRE_EQUAL(out.size(), 2U);
    Answer(out[0], 180, "r1", BOB1);
    transport.Take();
    Answer(out[1], 603, "d2", BOB2);
    sent = transport.Take();
    bool cancel = false;
    for (const auto& s : sent) cancel |= s.bytes.rfind("CANCEL ", 0) == 0;
    BOOST_CHECK(cancel);
    Answer(out[0], 487, "r1", BOB1);
    BOOST_CHECK_EQUAL(StatusTo(transport.Take()), "SIP/2.0 603 Reason");
    BOOST_CHECK_EQUAL(proxy.ContextCount(), 0U);

    // All INVITE branches time out (timer B): 408 to the caller. (A non-INVITE caller gives up
    // at the same 64*T1 as our branches, so there the answer would come too late to matter.)
    Deliver(Request("INVITE", "sip:bob@dots.test", "z9hG4bKto"));
    transport.Take();
    clock.Advance(64 * 500 + 1000);
    bool timeout = false;
    for (const auto& s : transport.Take()) {
        // (the unacknowledged 603 above is being retransmitted meanwhile)
        timeout |= s.to.address == ALICE_ADDR && FirstLine(s.bytes) == "SIP/2.0 408 Request Timeout";
    }
    BOOST_CHECK(timeout);
    BOOST_CHECK_EQUAL(proxy.ContextCount(), 0U);
}

BOOST_AUTO_TEST_CASE(caller_cancel_cancels_branches)
{
    Bind("bob", "sip:bob@203.0.113.5:5062", "c1", "203.0.113.5", 5062);
    const std::string invite = Request("INVITE", "sip:bob@dots.test", "z9hG4bKcan");
    Deliver(invite);
    std::string fwd;
    for (const auto& s : transport.Take()) {
        if (s.bytes.rfind("INVITE ", 0) == 0) fwd = s.bytes;
    }
    Answer(fwd, 180, "t", BOB1);
    transport.Take();
    std::string cancel = invite;
    cancel.replace(0, 6, "CANCEL");
    cancel.replace(cancel.find("CSeq: 1 INVITE"), 14, "CSeq: 1 CANCEL");
    Deliver(cancel);
    auto sent = transport.Take();
    bool ok200 = false, t487 = false, downstream_cancel = false;
    for (const auto& s : sent) {
        ok200 |= s.to.address == ALICE_ADDR && s.bytes.find("200 OK") != std::string::npos && s.bytes.find("CANCEL\r\n") != std::string::npos;
        t487 |= s.to.address == ALICE_ADDR && s.bytes.rfind("SIP/2.0 487", 0) == 0;
        downstream_cancel |= s.to.address == BOB1.remote && s.bytes.rfind("CANCEL ", 0) == 0;
    }
    BOOST_CHECK(ok200);
    BOOST_CHECK(t487);
    BOOST_CHECK(downstream_cancel);
}

BOOST_AUTO_TEST_CASE(spiral_then_loop_is_482)
{
    // bob's contact points back at this proxy: the first return is a spiral (different
    // Request-URI), the second is a loop.
    Bind("bob", "sip:bob@192.0.2.1:5060", "c1", "192.0.2.1", 5060);
    const Peer self{Transport::UDP, *SockAddr::FromIp("192.0.2.1", 5060), {}, 0};
    Deliver(Request("MESSAGE", "sip:bob@dots.test", "z9hG4bKloop"));
    std::string hop;
    for (int i = 0; i < 3; ++i) {
        std::string next;
        for (const auto& s : transport.Take()) {
            if (s.bytes.rfind("MESSAGE ", 0) == 0) next = s.bytes;
            if (s.bytes.rfind("SIP/2.0 482", 0) == 0) hop = "482";
        }
        if (next.empty()) break;
        Deliver(next, self);
    }
    BOOST_CHECK_EQUAL(hop, "482");
}

BOOST_AUTO_TEST_CASE(keepalive_removes_dead_contacts)
{
    Bind("bob", "sip:bob@203.0.113.5:5062", "c1", "203.0.113.5", 5062);
    Bind("dave", "sip:dave@203.0.113.6:5064", "c2", "203.0.113.6", 5064);
    Keepalive ka{KeepaliveConfig{"192.0.2.1", 5060, "dots.test", 1000}, location, [this] { return now; }};
    ka.SetLayer(layer);
    BOOST_CHECK_EQUAL(ka.Tick(), 2U);
    BOOST_CHECK_EQUAL(ka.Tick(), 0U); // already in flight
    std::string to_bob;
    for (const auto& s : transport.Take()) {
        BOOST_CHECK_EQUAL(s.bytes.rfind("OPTIONS sip:", 0), 0U);
        if (s.to.address == BOB1.remote) to_bob = s.bytes;
    }
    BOOST_REQUIRE(!to_bob.empty());
    // bob answers (even 405 proves he is there); dave never does.
    SipMessage req = test::ParseValidSip(to_bob);
    layer.OnMessage(test::ParseValidSip(BuildResponse(req, 405, "Method Not Allowed", "x")), BOB1);
    clock.Advance(64 * 500 + 1000);
    BOOST_CHECK_EQUAL(location.Lookup("bob", now).size(), 1U);
    BOOST_CHECK_EQUAL(location.Lookup("dave", now).size(), 0U);
    BOOST_CHECK_EQUAL(ka.Removed(), 1U);
    BOOST_CHECK_EQUAL(ka.Outstanding(), 0U);
}

BOOST_AUTO_TEST_CASE(destinations_follow_nat_and_flows)
{
    ContactBinding b;
    b.contact_uri = "sip:bob@10.0.0.5:5060";
    b.source = {"203.0.113.5", 40000, Transport::UDP, 0};
    b.behind_nat = true;
    BOOST_CHECK(BindingDestination(b)->address == *SockAddr::FromIp("203.0.113.5", 40000));
    b.behind_nat = false;
    BOOST_CHECK(BindingDestination(b)->address == *SockAddr::FromIp("10.0.0.5", 5060));
    b.contact_uri = "sip:bob@phone.example";
    BOOST_CHECK(BindingDestination(b)->address == *SockAddr::FromIp("203.0.113.5", 40000)); // no DNS
    b.source = {"203.0.113.5", 40001, Transport::TCP, 9};
    BOOST_CHECK_EQUAL(BindingDestination(b)->connection_id, 9U);
    BOOST_CHECK(BindingDestination(b)->protocol == Transport::TCP);
    // A stream phone that listens: its flow first, then its Contact (same IP and transport).
    b.contact_uri = "sip:bob@203.0.113.5:5061;transport=tls";
    b.source = {"203.0.113.5", 40002, Transport::TLS, 10};
    BOOST_CHECK(BindingDestination(b)->address == *SockAddr::FromIp("203.0.113.5", 5061));
    BOOST_CHECK_EQUAL(BindingDestination(b)->connection_id, 10U);
    b.reg_id = 1; // an RFC 5626 flow: that flow only
    BOOST_CHECK(BindingDestination(b)->address == *SockAddr::FromIp("203.0.113.5", 40002));
    b.reg_id = 0;
    b.contact_uri = "sip:bob@198.51.100.1:5061;transport=tls"; // another host: never dialled
    BOOST_CHECK(BindingDestination(b)->address == *SockAddr::FromIp("203.0.113.5", 40002));
    b.contact_uri = "sip:bob@x.invalid;transport=ws";
    b.source = {"203.0.113.5", 40003, Transport::WSS, 11};
    BOOST_CHECK(BindingDestination(b)->address == *SockAddr::FromIp("203.0.113.5", 40003));
}

BOOST_AUTO_TEST_CASE(full_dialog_table_refuses_new_calls)
{
    // A table with room for one dialog: the first INVITE reserves it, the next gets 503 rather
    // than a call whose BYE would find no dialog; MESSAGE (no dialog) still passes.
    DialogTable small{DialogLimits{1, 300, 32, 7200, 86400}};
    FakeTransport net;
    ManualTimerDriver timers;
    Proxy p{ProxyConfig{{"dots.test", "192.0.2.1"}, 5060, "192.0.2.1", 10}, registrar, credentials, location, nullptr,
            small, [this] { return now; }};
    TransactionLayer l{net, timers, p};
    p.SetLayer(l);
    Bind("bob", "sip:bob@203.0.113.5:5062", "c1", "203.0.113.5", 5062);
    l.OnMessage(test::ParseValidSip(Request("INVITE", "sip:bob@dots.test", "z9hG4bKfull1")), ALICE);
    auto sent = net.Take();
    BOOST_CHECK(std::any_of(sent.begin(), sent.end(), [](const auto& s) { return s.bytes.rfind("INVITE ", 0) == 0; }));
    l.OnMessage(test::ParseValidSip(Request("INVITE", "sip:bob@dots.test", "z9hG4bKfull2")), ALICE);
    sent = net.Take();
    BOOST_CHECK_EQUAL(StatusTo(sent), "SIP/2.0 503 Service Unavailable");
    BOOST_CHECK(sent.back().bytes.find("\r\nRetry-After: 10\r\n") != std::string::npos);
    l.OnMessage(test::ParseValidSip(Request("MESSAGE", "sip:bob@dots.test", "z9hG4bKfull3", {}, {}, "hi")), ALICE);
    sent = net.Take();
    BOOST_CHECK(std::any_of(sent.begin(), sent.end(), [](const auto& s) { return s.bytes.rfind("MESSAGE ", 0) == 0; }));
}

BOOST_AUTO_TEST_CASE(dialog_table_sweeps)
{
    DialogTable t{DialogLimits{2, 10, 5, 100, 1000}};
    DialogInfo d;
    d.call_id = "x";
    d.caller_tag = "a";
    d.callee_tag = "b";
    d.method = SipMethod::INVITE;
    BOOST_CHECK(t.HasRoom(1));
    BOOST_CHECK(t.Upsert(d, 100));
    BOOST_CHECK(!t.HasRoom(1));
    d.callee_tag = "c";
    BOOST_CHECK(t.Upsert(d, 100));
    d.callee_tag = "d";
    BOOST_CHECK(!t.Upsert(d, 100)); // full for early dialogs
    const auto from_callee = t.Find("x", "b", "a", 101);
    BOOST_CHECK(from_callee && !from_callee->caller_sent);
    const auto from_caller = t.Find("x", "a", "b", 101);
    BOOST_CHECK(from_caller && from_caller->caller_sent);
    BOOST_CHECK(!t.Find("x", "a", "zz", 101));
    BOOST_CHECK(t.RemoveEarly("x", "a", "c"));
    BOOST_CHECK(!t.RemoveEarly("x", "a", "c"));
    BOOST_CHECK_EQUAL(t.Sweep(109), 0U);
    BOOST_CHECK_EQUAL(t.Sweep(110), 1U); // early dialogs time out
}

BOOST_AUTO_TEST_CASE(dialog_table_call_end_events)
{
    // Every answered call reaches the listener once, by BYE or by the duration limit;
    // unanswered ones never do.
    struct Listener : CallListener {
        std::vector<CallRecord> calls;
        void OnCallEnded(const CallRecord& c) override { calls.push_back(c); }
    } listener;
    DialogTable t{DialogLimits{10, 10, 5, 100, 1000}};
    t.SetCallListener(&listener);
    DialogInfo d;
    d.call_id = "c1";
    d.caller_tag = "a";
    d.callee_tag = "b";
    d.from_handle = "alice";
    d.to_handle = "bob";
    d.state = DialogState::CONFIRMED;
    BOOST_CHECK(t.Upsert(d, 100));
    d.call_id = "c2";
    BOOST_CHECK(t.Upsert(d, 100));
    d.call_id = "c3";
    d.state = DialogState::EARLY;
    BOOST_CHECK(t.Upsert(d, 100));
    BOOST_CHECK_EQUAL(t.ActiveCalls(), 2U);
    BOOST_CHECK(t.End("c1", "b", "a", 160)); // BYE from the callee
    BOOST_CHECK(!t.End("c1", "a", "b", 161)); // crossing BYE: already ended
    BOOST_CHECK(t.Find("c1", "a", "b", 161)); // but still routed
    BOOST_REQUIRE_EQUAL(listener.calls.size(), 1U);
    BOOST_CHECK_EQUAL(listener.calls[0].call_id, "c1");
    BOOST_CHECK_EQUAL(listener.calls[0].from_handle, "alice");
    BOOST_CHECK_EQUAL(listener.calls[0].Duration(), 60);
    BOOST_CHECK(listener.calls[0].reason == CallEnd::BYE);
    BOOST_CHECK(t.End("c3", "a", "b", 161)); // an early dialog ended: no call to account
    BOOST_CHECK_EQUAL(listener.calls.size(), 1U);
    t.Sweep(100 + 1000); // c2 answered for 1000 s without BYE
    BOOST_REQUIRE_EQUAL(listener.calls.size(), 2U);
    BOOST_CHECK(listener.calls[1].reason == CallEnd::TIMEOUT);
    BOOST_CHECK_EQUAL(t.ActiveCalls(), 0U);
    BOOST_CHECK_EQUAL(t.Size(), 0U);
}

// --- across transports: TLS, WebSocket, double Record-Route and flow tokens ---

namespace {

const Peer ALICE_TLS{Transport::TLS, ALICE_ADDR, {}, 7};

/** A request from alice over TLS (her Via names TLS and her source port). */
std::string TlsRequest(std::string_view method, std::string_view ruri, std::string_view branch, std::string_view extra = {},
                       std::string_view to_tag = {})
{
    std::string r = Request(method, ruri, branch, extra, to_tag);
    r.replace(r.find("SIP/2.0/UDP"), 11, "SIP/2.0/TLS");
    return r;
}

/** The user part (flow token) of the Record-Route URI `index` of a forwarded request. */
std::string RecordRouteToken(const std::string& bytes, size_t index)
{
    // The parsed URIs are views into the message: it must outlive them.
    const auto message = test::ParseValidSip(bytes);
    const auto rr = message.NameAddrs(HeaderType::RECORD_ROUTE);
    BOOST_REQUIRE(rr && rr->size() > index);
    return std::string{(*rr)[index].uri.user};
}

} // namespace

BOOST_AUTO_TEST_CASE(tls_caller_udp_callee_double_record_route)
{
    Bind("bob", "sip:bob@203.0.113.5:5062", "c1", "203.0.113.5", 5062);
    Deliver(TlsRequest("INVITE", "sip:bob@dots.test", "z9hG4bKx1"), ALICE_TLS);
    auto sent = transport.Take();
    std::string invite;
    for (const auto& s : sent) {
        if (s.bytes.rfind("INVITE ", 0) == 0) {
            invite = s.bytes;
            BOOST_CHECK(s.to.protocol == Transport::UDP);
        }
    }
    BOOST_REQUIRE(!invite.empty());
    // Our Via names the transport the request leaves on; RFC 5658: the URI facing bob (UDP)
    // first, then the one facing alice (TLS, with her flow's token).
    BOOST_CHECK(invite.find("\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=") != std::string::npos);
    const std::string token = RecordRouteToken(invite, 1);
    BOOST_REQUIRE(!token.empty());
    BOOST_CHECK(invite.find("\r\nRecord-Route: <sip:192.0.2.1:5060;lr>, <sip:" + token + "@192.0.2.1:5061;lr;transport=tls>\r\n") !=
                std::string::npos);

    // bob answers; the 200 goes back over alice's connection.
    Answer(invite, 200, "b1tag", BOB1, "Contact: <sip:bob@203.0.113.5:5062>\r\n");
    sent = transport.Take();
    BOOST_CHECK_EQUAL(StatusTo(sent), "SIP/2.0 200 Reason");
    for (const auto& s : sent) {
        if (s.bytes.rfind("SIP/2.0 200", 0) == 0) BOOST_CHECK(s.to.protocol == Transport::TLS && s.to.connection_id == 7);
    }

    // bob hangs up along his route set (both our URIs): to alice's TLS connection, both
    // Routes removed, our Via on TLS's port.
    std::string bye = "BYE sip:alice@198.51.100.7:5070 SIP/2.0\r\nVia: SIP/2.0/UDP 203.0.113.5:5062;branch=z9hG4bKbb1\r\n"
                      "Max-Forwards: 70\r\nFrom: <sip:bob@dots.test>;tag=b1tag\r\nTo: \"Alice\" <sip:alice@dots.test>;tag=alicetag\r\n"
                      "Call-ID: call-1@198.51.100.7\r\nCSeq: 1 BYE\r\nRoute: <sip:192.0.2.1:5060;lr>, <sip:" + token +
                      "@192.0.2.1:5061;lr;transport=tls>\r\nContent-Length: 0\r\n\r\n";
    Deliver(bye, BOB1);
    sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_CHECK(sent[0].to.protocol == Transport::TLS);
    BOOST_CHECK_EQUAL(sent[0].to.connection_id, 7U);
    const SipMessage forwarded = test::ParseValidSip(sent[0].bytes);
    BOOST_CHECK_EQUAL(forwarded.CountHeaders(HeaderType::ROUTE), 0U);
    BOOST_CHECK_EQUAL(forwarded.TopVia()->transport_text, "TLS");
    BOOST_CHECK_EQUAL(*forwarded.TopVia()->port, 5061);
    BOOST_CHECK_EQUAL(dialogs.ActiveCalls(), 0U); // the BYE ended the call
}

BOOST_AUTO_TEST_CASE(flow_token_reaches_a_flow_without_a_dialog)
{
    Bind("bob", "sip:bob@203.0.113.5:5062", "c1", "203.0.113.5", 5062);
    Deliver(TlsRequest("SUBSCRIBE", "sip:bob@dots.test", "z9hG4bKs1", "Event: presence\r\n"), ALICE_TLS);
    std::string subscribe;
    for (const auto& s : transport.Take()) {
        if (s.bytes.rfind("SUBSCRIBE ", 0) == 0) subscribe = s.bytes;
    }
    const std::string token = RecordRouteToken(subscribe, 1);
    // No dialog was recorded (no answer yet, or long swept): a NOTIFY from bob still reaches
    // alice's flow through the token we wrote into our Record-Route.
    auto notify = [&](const std::string& route_user, std::string_view branch) {
        return "NOTIFY sip:alice@198.51.100.7:5070 SIP/2.0\r\nVia: SIP/2.0/UDP 203.0.113.5:5062;branch=" + std::string{branch} +
               "\r\nMax-Forwards: 70\r\nFrom: <sip:bob@dots.test>;tag=n1\r\nTo: <sip:alice@dots.test>;tag=alicetag\r\n"
               "Call-ID: call-1@198.51.100.7\r\nCSeq: 1 NOTIFY\r\nEvent: presence\r\nSubscription-State: active\r\n"
               "Route: <sip:192.0.2.1:5060;lr>, <sip:" + route_user + "@192.0.2.1:5061;lr;transport=tls>\r\nContent-Length: 0\r\n\r\n";
    };
    Deliver(notify(token, "z9hG4bKn1"), BOB1);
    auto sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_CHECK(sent[0].to.protocol == Transport::TLS && sent[0].to.connection_id == 7 && sent[0].to.address == ALICE_ADDR);
    BOOST_CHECK_EQUAL(test::ParseValidSip(sent[0].bytes).CountHeaders(HeaderType::ROUTE), 0U);
    // An edited or foreign token names nothing: 481, never a relay.
    std::string forged = token;
    forged[3] = forged[3] == 'A' ? 'B' : 'A';
    Deliver(notify(forged, "z9hG4bKn2"), BOB1);
    sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_CHECK_EQUAL(FirstLine(sent[0].bytes), "SIP/2.0 481 Call/Transaction Does Not Exist");
}

BOOST_AUTO_TEST_CASE(sips_goes_over_tls_or_wss_only)
{
    // bob over UDP only: a sips: call for him cannot be kept secure.
    Bind("bob", "sip:bob@203.0.113.5:5062", "c1", "203.0.113.5", 5062);
    Deliver(TlsRequest("INVITE", "sips:bob@dots.test", "z9hG4bKq1"), ALICE_TLS);
    BOOST_CHECK_EQUAL(StatusTo(transport.Take()), "SIP/2.0 480 Temporarily Unavailable (no TLS contact for sips:)");

    // carol registered from a browser (WSS flow 9): reached over it, with sips: Record-Routes.
    BOOST_REQUIRE(credentials.SetCredential("carol", "password123"));
    RegisterUpdate u;
    u.aor = "carol";
    u.call_id = "reg-carol";
    u.cseq = 1;
    u.now = now;
    u.source = {"203.0.113.9", 50123, Transport::WSS, 9};
    u.contacts.push_back({"sip:x1@df7jal23ls0d.invalid;transport=ws;ob", "\"<urn:uuid:00000000-0000-0000-0000-000000000001>\"", 1,
                          std::nullopt, 600});
    std::vector<ContactBinding> out;
    BOOST_REQUIRE(location.Apply(u, out) == LocationStatus::OK);
    Deliver(TlsRequest("INVITE", "sips:carol@dots.test", "z9hG4bKq2"), ALICE_TLS);
    std::string invite;
    Destination hop;
    for (const auto& s : transport.Take()) {
        if (s.bytes.rfind("INVITE ", 0) == 0) {
            invite = s.bytes;
            hop = s.to;
        }
    }
    BOOST_REQUIRE(!invite.empty());
    BOOST_CHECK(hop.protocol == Transport::WSS && hop.connection_id == 9);
    BOOST_CHECK(invite.rfind("INVITE sip:x1@df7jal23ls0d.invalid;transport=ws;ob SIP/2.0\r\n", 0) == 0);
    BOOST_CHECK(invite.find("\r\nVia: SIP/2.0/WSS 192.0.2.1:8443;branch=") != std::string::npos);
    const std::string carol_token = RecordRouteToken(invite, 0);
    const std::string alice_token = RecordRouteToken(invite, 1);
    BOOST_CHECK(!carol_token.empty() && !alice_token.empty() && carol_token != alice_token);
    BOOST_CHECK(invite.find("\r\nRecord-Route: <sips:" + carol_token + "@192.0.2.1:8443;lr;transport=ws>, <sips:" + alice_token +
                            "@192.0.2.1:5061;lr>\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(our_uris_on_every_transport_port)
{
    // A Route or Request-URI naming any of our ports is us; another port is someone else.
    Bind("bob", "sip:bob@203.0.113.5:5062", "c1", "203.0.113.5", 5062);
    for (const char* route : {"<sip:192.0.2.1:8443;transport=ws;lr>", "<sip:192.0.2.1:5061;transport=tls;lr>", "<sip:dots.test;lr>"}) {
        Deliver(Request("MESSAGE", "sip:bob@dots.test", std::string{"z9hG4bKr"} + route[16], std::string{"Route: "} + route + "\r\n"));
        bool forwarded = false;
        for (const auto& s : transport.Take()) forwarded |= s.bytes.rfind("MESSAGE ", 0) == 0;
        BOOST_CHECK_MESSAGE(forwarded, route);
    }
    Deliver(Request("MESSAGE", "sip:bob@dots.test", "z9hG4bKr9", "Route: <sip:192.0.2.1:5999;lr>\r\n"));
    BOOST_CHECK_EQUAL(StatusTo(transport.Take()), "SIP/2.0 403 Forbidden (not a relay)");
}

// --- routing to the node that serves a handle, call seconds, vouchers between nodes ---

namespace {

const interfaces::NodeId T_ID = [] { interfaces::NodeId id; id.fill(0x7e); return id; }();
const interfaces::NodeId OUR_ID = [] { interfaces::NodeId id; id.fill(0x11); return id; }();
const interfaces::CallNodeId ORIGIN_ID = [] { interfaces::CallNodeId id; id.fill(0x22); return id; }();
const SockAddr T_ADDR = *SockAddr::FromIp("203.0.113.50", 5070);
const Peer T_PEER{Transport::UDP, T_ADDR, {}, 0};
const Peer OUR_PEER{Transport::UDP, *SockAddr::FromIp("192.0.2.1", 5060), {}, 0};


interfaces::NodeRecord Node(const interfaces::NodeId& id, std::vector<std::string> endpoints, int64_t rate, bool active = true)
{
    interfaces::NodeRecord n;
    n.id = id;
    for (std::string& uri : endpoints) n.endpoints.push_back({std::move(uri)});
    n.rate = rate;
    n.active = active;
    return n;
}

interfaces::HandleRecord Handle(std::string name, std::optional<interfaces::NodeId> home, std::optional<interfaces::NodeId> bound = std::nullopt)
{
    interfaces::HandleRecord h;
    h.handle = std::move(name);
    h.home_node = home;
    h.bound_node = bound;
    return h;
}

/** The paid-route setup: the proxy reads `f.directory`, where carol is homed at T (rate 60), and
 *  reports to `f.accounting` as originating node ORIGIN_ID; alice has a credential here. */
void PaidRouteToCarol(RouterFixture& f)
{
    f.proxy.SetDirectory(&f.directory);
    f.proxy.SetCalls(&f.accounting, nullptr);
    f.accounting.SetOrigin(ORIGIN_ID);
    f.directory.PutNode(Node(T_ID, {"sip:203.0.113.50:5070"}, 60));
    f.directory.PutHandle(Handle("carol", T_ID));
    BOOST_REQUIRE(f.credentials.SetCredential("alice", "password123"));
}

/** The requests with `method` among `sent`. */
std::vector<SentMessage> Requests(const std::vector<SentMessage>& sent, std::string_view method)
{
    std::vector<SentMessage> out;
    for (const auto& s : sent) {
        if (s.bytes.rfind(std::string{method} + " ", 0) == 0) out.push_back(s);
    }
    return out;
}

/** A MESSAGE to `ruri` whose body is `body` of Content-Type `type`. */
std::string BodyMessage(std::string_view ruri, std::string_view branch, std::string_view body,
                        std::string_view type = VOUCHER_CONTENT_TYPE)
{
    std::string r = Request("MESSAGE", ruri, branch);
    r.resize(r.size() - std::string_view{"Content-Length: 0\r\n\r\n"}.size());
    return r + "Content-Type: " + std::string{type} + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string{body};
}

/** `n` bytes of a recognisable pattern (a voucher's stand-in: the router never reads it). */
std::string VoucherBytes(size_t n, uint8_t seed = 1)
{
    std::string out(n, '\0');
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<char>(seed + i * 7);
    return out;
}

std::string Hex(std::string_view bytes) { return HexStr(std::span{reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()}); }

/** The same request as sent by the callee: the From and To tags swapped. */
std::string FromCallee(std::string r, std::string_view callee_tag)
{
    const std::string a = ";tag=alicetag", b = ";tag=" + std::string{callee_tag};
    r.replace(r.find(a), a.size(), ";tag=@@");
    r.replace(r.find(b), b.size(), a);
    r.replace(r.find(";tag=@@"), 7, b);
    return r;
}

/** `request` with Proxy-Authorization Digest credentials (MD5, qop=auth) of `user` with
 *  `password` in realm dots.test for `nonce` (issued to alice's address). */
std::string WithProxyAuth(std::string request, std::string_view user, std::string_view password, std::string_view nonce,
                          std::string_view nc = "00000001")
{
    const std::string method = request.substr(0, request.find(' '));
    const size_t uri_at = method.size() + 1;
    const std::string uri = request.substr(uri_at, request.find(' ', uri_at) - uri_at);
    const DigestHa1 ha1 = ComputeDigestHa1(user, "dots.test", password);
    const std::string response = ComputeDigestResponse(DigestAlgorithm::MD5, ha1.Hex(DigestAlgorithm::MD5), nonce, nc,
                                                       "0a1b2c3d", "auth", method, uri);
    const std::string header = "Proxy-Authorization: Digest username=\"" + std::string{user} +
                               "\", realm=\"dots.test\", nonce=\"" + std::string{nonce} + "\", uri=\"" + uri +
                               "\", response=\"" + response + "\", algorithm=MD5, qop=auth, nc=" + std::string{nc} +
                               ", cnonce=\"0a1b2c3d\"\r\n";
    request.insert(request.find("Content-Length: "), header);
    return request;
}

} // namespace

BOOST_AUTO_TEST_CASE(remote_handle_routed_to_its_serving_node)
{
    proxy.SetDirectory(&directory);
    directory.AddLocalNode(OUR_ID);
    directory.PutNode(Node(T_ID, {"sip:203.0.113.50:5070"}, 0));
    directory.PutHandle(Handle("carol", T_ID));
    const std::string sdp = "v=0\r\no=alice 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";

    // No binding here, served by T (free peering, within the default maximum): to T's endpoint
    // with the Request-URI T recognises as its own, Record-Routed, Max-Forwards decremented.
    Deliver(Request("INVITE", "sip:Carol@dots.test", "z9hG4bKrem1", {}, {}, sdp));
    auto sent = transport.Take();
    auto invites = Requests(sent, "INVITE");
    BOOST_REQUIRE_EQUAL(invites.size(), 1U);
    BOOST_CHECK(invites[0].to.address == T_ADDR);
    BOOST_CHECK(invites[0].to.protocol == Transport::UDP);
    BOOST_CHECK_EQUAL(StatusTo(sent), ""); // only 100 Trying upstream
    {
        const SipMessage m = test::ParseValidSip(invites[0].bytes);
        BOOST_CHECK_EQUAL(m.RequestUriText(), "sip:carol@203.0.113.50:5070");
        BOOST_CHECK_EQUAL(*m.MaxForwards(), 69U);
        BOOST_CHECK_EQUAL(m.NameAddrs(HeaderType::RECORD_ROUTE)->front().uri.text, "sip:192.0.2.1:5060;lr");
        BOOST_CHECK_EQUAL(m.Vias()->size(), 2U);
        BOOST_CHECK_EQUAL(m.Body(), sdp);
    }
    // T's answer goes upstream and makes the dialog; in-dialog requests follow it to T.
    Answer(invites[0].bytes, 200, "t1tag", T_PEER, "Contact: <sip:carol@203.0.113.9:5062>\r\n");
    BOOST_CHECK_EQUAL(StatusTo(transport.Take()), "SIP/2.0 200 Reason");
    BOOST_CHECK_EQUAL(dialogs.ActiveCalls(), 1U);
    now += 30;
    Deliver(Request("BYE", "sip:carol@203.0.113.9:5062", "z9hG4bKrem2", "Route: <sip:192.0.2.1:5060;lr>\r\n", "t1tag"));
    sent = transport.Take();
    BOOST_REQUIRE_EQUAL(Requests(sent, "BYE").size(), 1U);
    BOOST_CHECK(Requests(sent, "BYE")[0].to.address == T_ADDR);
    BOOST_CHECK_EQUAL(dialogs.ActiveCalls(), 0U);
    BOOST_CHECK(accounting.Seconds().empty()); // a free call is billed to nobody

    // A MESSAGE goes the same way.
    Deliver(Request("MESSAGE", "sip:carol@192.0.2.1", "z9hG4bKrem3"));
    auto messages = Requests(transport.Take(), "MESSAGE");
    BOOST_REQUIRE_EQUAL(messages.size(), 1U);
    BOOST_CHECK(messages[0].to.address == T_ADDR);
    BOOST_CHECK_EQUAL(FirstLine(messages[0].bytes), "MESSAGE sip:carol@203.0.113.50:5070 SIP/2.0");

    // The binding's node wins over the home node.
    directory.PutHandle(Handle("erin", OUR_ID, T_ID));
    Deliver(Request("MESSAGE", "sip:erin@dots.test", "z9hG4bKrem4"));
    messages = Requests(transport.Take(), "MESSAGE");
    BOOST_REQUIRE_EQUAL(messages.size(), 1U);
    BOOST_CHECK_EQUAL(FirstLine(messages[0].bytes), "MESSAGE sip:erin@203.0.113.50:5070 SIP/2.0");

    // Served by this node but not registered here now: 480, as before; on chain nowhere: 404.
    directory.PutHandle(Handle("dave", T_ID, OUR_ID));
    Deliver(Request("INVITE", "sip:dave@dots.test", "z9hG4bKrem5"));
    sent = transport.Take();
    BOOST_CHECK_EQUAL(StatusTo(sent), "SIP/2.0 480 Temporarily Unavailable");
    BOOST_CHECK(Requests(sent, "INVITE").empty());
    directory.PutHandle(Handle("frank", std::nullopt));
    Deliver(Request("INVITE", "sip:frank@dots.test", "z9hG4bKrem6"));
    BOOST_CHECK_EQUAL(StatusTo(transport.Take()), "SIP/2.0 480 Temporarily Unavailable");
    Deliver(Request("INVITE", "sip:nobody@dots.test", "z9hG4bKrem7"));
    BOOST_CHECK_EQUAL(StatusTo(transport.Take()), "SIP/2.0 404 Not Found");
    // Only INVITE and MESSAGE leave the node; a SUBSCRIBE for a remote handle is 480.
    Deliver(Request("SUBSCRIBE", "sip:carol@dots.test", "z9hG4bKrem8", "Event: presence\r\n"));
    sent = transport.Take();
    BOOST_CHECK_EQUAL(StatusTo(sent), "SIP/2.0 480 Temporarily Unavailable");
    BOOST_CHECK(Requests(sent, "SUBSCRIBE").empty());

    // A local binding wins over the chain.
    Bind("carol", "sip:carol@203.0.113.5:5062", "c1", "203.0.113.5", 5062);
    Deliver(Request("INVITE", "sip:carol@dots.test", "z9hG4bKrem9"));
    invites = Requests(transport.Take(), "INVITE");
    BOOST_REQUIRE_EQUAL(invites.size(), 1U);
    BOOST_CHECK(invites[0].to.address == BOB1.remote);
    BOOST_CHECK_EQUAL(FirstLine(invites[0].bytes), "INVITE sip:carol@203.0.113.5:5062 SIP/2.0");
}

BOOST_AUTO_TEST_CASE(remote_route_refusals_and_endpoints)
{
    proxy.SetDirectory(&directory);
    directory.PutHandle(Handle("carol", T_ID));
    accounting.SetOrigin(ORIGIN_ID);
    // The caller authenticates (paid routes need it; free ones let the credentials pass).
    BOOST_REQUIRE(credentials.SetCredential("alice", "password123"));
    struct Case {
        std::optional<interfaces::NodeRecord> node;
        bool accounting;   //!< SetCalls with the accounting
        bool origin;       //!< the accounting has a node key
        std::string ruri;
        std::string status; //!< "" when routed
        Transport protocol{Transport::UDP};
        std::string routed_uri{};
    };
    const std::string carol = "sip:carol@dots.test";
    const std::vector<Case> cases{
        {Node(T_ID, {"sip:203.0.113.50:5070"}, MAX_RATE + 1), true, true, carol, "SIP/2.0 403 Rate Above Our Maximum"},
        {Node(T_ID, {"sip:203.0.113.50:5070"}, MAX_RATE), true, true, carol, "", Transport::UDP, "sip:carol@203.0.113.50:5070"},
        {Node(T_ID, {"sip:203.0.113.50:5070"}, 1), true, true, carol, "", Transport::UDP, "sip:carol@203.0.113.50:5070"},
        {Node(T_ID, {"sip:203.0.113.50:5070"}, 1), false, true, carol, "SIP/2.0 403 Forbidden (no node key here to pay the serving node's rate)"},
        {Node(T_ID, {"sip:203.0.113.50:5070"}, 1), true, false, carol, "SIP/2.0 403 Forbidden (no node key here to pay the serving node's rate)"},
        {Node(T_ID, {"sip:203.0.113.50:5070"}, 0), false, false, carol, "", Transport::UDP, "sip:carol@203.0.113.50:5070"},
        {Node(T_ID, {"sip:203.0.113.50:5070"}, 0, false), true, true, carol, "SIP/2.0 480 Temporarily Unavailable (serving node deregistered)"},
        {std::nullopt, true, true, carol, "SIP/2.0 404 Not Found (serving node not registered)"},
        {Node(T_ID, {"sip:node1.example.net:5060"}, 0), true, true, carol, "SIP/2.0 480 Temporarily Unavailable (serving node has DNS-name endpoints only)"},
        {Node(T_ID, {}, 0), true, true, carol, "SIP/2.0 480 Temporarily Unavailable (serving node has no SIP endpoint over UDP, TCP or TLS)"},
        {Node(T_ID, {"sip:203.0.113.50:8080;transport=ws", "http://203.0.113.50/"}, 0), true, true, carol,
         "SIP/2.0 480 Temporarily Unavailable (serving node has no SIP endpoint over UDP, TCP or TLS)"},
        // The first endpoint usable without DNS, over its transport.
        {Node(T_ID, {"sip:node1.example.net", "sip:203.0.113.50:5070;transport=tcp", "sip:203.0.113.51"}, 0), true, true, carol, "",
         Transport::TCP, "sip:carol@203.0.113.50:5070"},
        {Node(T_ID, {"sip:[2001:db8::50]:5070"}, 0), true, true, carol, "", Transport::UDP, "sip:carol@[2001:db8::50]:5070"},
        // sips: only over TLS.
        {Node(T_ID, {"sip:203.0.113.50:5070"}, 0), true, true, "sips:carol@dots.test",
         "SIP/2.0 480 Temporarily Unavailable (serving node has no TLS endpoint for sips:)"},
        {Node(T_ID, {"sip:203.0.113.50:5070", "sips:203.0.113.50:5071"}, 0), true, true, "sips:carol@dots.test", "", Transport::TLS,
         "sips:carol@203.0.113.50:5071"},
    };
    int n = 0;
    for (const Case& c : cases) {
        const std::string label = "case " + std::to_string(n);
        interfaces::MemoryDirectory dir;
        dir.PutHandle(Handle("carol", T_ID));
        if (c.node) dir.PutNode(*c.node);
        proxy.SetDirectory(&dir);
        proxy.SetCalls(c.accounting ? &accounting : nullptr, nullptr);
        accounting.SetOrigin(c.origin ? std::optional{ORIGIN_ID} : std::nullopt);
        std::string req = WithProxyAuth(Request("INVITE", c.ruri, "z9hG4bKref" + std::to_string(++n)), "alice",
                                        "password123", auth.MakeNonce(now, "198.51.100.7"));
        if (c.protocol == Transport::TLS) req.replace(req.find("SIP/2.0/UDP"), 11, "SIP/2.0/TLS");
        Deliver(req, c.protocol == Transport::TLS ? Peer{Transport::TLS, ALICE_ADDR, {}, 7} : ALICE);
        const auto sent = transport.Take();
        const auto invites = Requests(sent, "INVITE");
        if (c.status.empty()) {
            BOOST_REQUIRE_MESSAGE(invites.size() == 1, label + ": not routed, got " + StatusTo(sent));
            BOOST_CHECK_MESSAGE(invites[0].to.protocol == c.protocol, label);
            BOOST_CHECK_EQUAL(test::ParseValidSip(invites[0].bytes).RequestUriText(), c.routed_uri);
        } else {
            BOOST_CHECK_MESSAGE(StatusTo(sent) == c.status, label + ": got " + StatusTo(sent));
            BOOST_CHECK_MESSAGE(invites.empty(), label + ": forwarded");
        }
    }
}

BOOST_AUTO_TEST_CASE(paid_route_needs_an_authenticated_caller_or_a_trusted_source)
{
    PaidRouteToCarol(*this);
    BOOST_REQUIRE(credentials.SetCredential("mallory", "mallorypass"));
    const auto call = [](std::string r, int n) { return r.replace(r.find("call-1@"), 7, "call-p" + std::to_string(n) + "@"); };

    // No credentials: 407 with one Proxy-Authenticate per algorithm (SHA-256, then MD5), nothing to T.
    Deliver(call(Request("INVITE", "sip:carol@dots.test", "z9hG4bKpa1"), 1));
    auto sent = transport.Take();
    BOOST_CHECK_EQUAL(StatusTo(sent), "SIP/2.0 407 Proxy Authentication Required");
    BOOST_CHECK(Requests(sent, "INVITE").empty());
    std::string nonce;
    for (const auto& m : sent) {
        if (m.bytes.rfind("SIP/2.0 407 ", 0) != 0) continue;
        const SipMessage response = test::ParseValidSip(m.bytes);
        BOOST_CHECK_EQUAL(response.CountHeaders(HeaderType::WWW_AUTHENTICATE), 0U);
        const auto challenges = response.AuthHeaders(HeaderType::PROXY_AUTHENTICATE);
        BOOST_REQUIRE(challenges && challenges->size() == 2);
        const auto sha = ParseDigestChallenge((*challenges)[0]);
        const auto md5 = ParseDigestChallenge((*challenges)[1]);
        BOOST_REQUIRE(sha && md5);
        BOOST_CHECK_EQUAL(sha->algorithm, "SHA-256");
        BOOST_CHECK_EQUAL(md5->algorithm, "MD5");
        BOOST_CHECK_EQUAL(md5->realm, "dots.test");
        BOOST_CHECK(!md5->stale);
        nonce = std::string{md5->nonce};
    }
    BOOST_REQUIRE(!nonce.empty());
    BOOST_CHECK(accounting.Seconds().empty());

    // The answer to that challenge: routed to T, and T never sees our credentials; a
    // Proxy-Authorization for another realm (a proxy beyond us) stays.
    const std::string other_realm = "Proxy-Authorization: Digest username=\"a\", realm=\"far.example\", nonce=\"x\", uri=\"sip:c@far.example\", response=\"00\"\r\n";
    Deliver(WithProxyAuth(call(Request("INVITE", "sip:carol@dots.test", "z9hG4bKpa2", other_realm), 1), "alice", "password123", nonce));
    sent = transport.Take();
    auto invites = Requests(sent, "INVITE");
    BOOST_REQUIRE_EQUAL(invites.size(), 1U);
    BOOST_CHECK(invites[0].to.address == T_ADDR);
    {
        const SipMessage m = test::ParseValidSip(invites[0].bytes);
        BOOST_CHECK_EQUAL(m.CountHeaders(HeaderType::PROXY_AUTHORIZATION), 1U);
        BOOST_CHECK(invites[0].bytes.find("realm=\"dots.test\"") == std::string::npos);
        BOOST_CHECK(invites[0].bytes.find("realm=\"far.example\"") != std::string::npos);
    }
    // The same credentials again (a replayed nonce-count): 407 stale=true, not routed.
    Deliver(WithProxyAuth(call(Request("INVITE", "sip:carol@dots.test", "z9hG4bKpa3"), 3), "alice", "password123", nonce));
    sent = transport.Take();
    BOOST_CHECK_EQUAL(StatusTo(sent), "SIP/2.0 407 Proxy Authentication Required");
    BOOST_CHECK(Requests(sent, "INVITE").empty());
    bool stale = false;
    for (const auto& m : sent) stale |= m.bytes.rfind("SIP/2.0 407 ", 0) == 0 && m.bytes.find("stale=true") != std::string::npos;
    BOOST_CHECK(stale);
    // An expired nonce: 407 stale=true as well.
    Deliver(WithProxyAuth(call(Request("INVITE", "sip:carol@dots.test", "z9hG4bKpa4"), 4), "alice", "password123",
                          auth.MakeNonce(now - 1000, "198.51.100.7")));
    sent = transport.Take();
    BOOST_CHECK_EQUAL(StatusTo(sent), "SIP/2.0 407 Proxy Authentication Required");
    stale = false;
    for (const auto& m : sent) stale |= m.bytes.rfind("SIP/2.0 407 ", 0) == 0 && m.bytes.find("stale=true") != std::string::npos;
    BOOST_CHECK(stale);

    // Wrong password: 403.
    Deliver(WithProxyAuth(call(Request("INVITE", "sip:carol@dots.test", "z9hG4bKpa5"), 5), "alice", "wrong",
                          auth.MakeNonce(now, "198.51.100.7")));
    sent = transport.Take();
    BOOST_CHECK_EQUAL(StatusTo(sent), "SIP/2.0 403 Forbidden");
    BOOST_CHECK(Requests(sent, "INVITE").empty());
    // Valid credentials of another handle than the From user: 403, nobody pays in alice's name.
    Deliver(WithProxyAuth(call(Request("INVITE", "sip:carol@dots.test", "z9hG4bKpa6"), 6), "mallory", "mallorypass",
                          auth.MakeNonce(now, "198.51.100.7")));
    sent = transport.Take();
    BOOST_CHECK_EQUAL(StatusTo(sent), "SIP/2.0 403 Username Does Not Match");
    BOOST_CHECK(Requests(sent, "INVITE").empty());
    // A MESSAGE on a paid route is challenged the same way.
    Deliver(Request("MESSAGE", "sip:carol@dots.test", "z9hG4bKpa7"));
    sent = transport.Take();
    BOOST_CHECK_EQUAL(StatusTo(sent), "SIP/2.0 407 Proxy Authentication Required");
    BOOST_CHECK(Requests(sent, "MESSAGE").empty());

    // A free route (rate 0) stays open: routed without a challenge.
    directory.PutNode(Node(T_ID, {"sip:203.0.113.50:5070"}, 0));
    Deliver(call(Request("INVITE", "sip:carol@dots.test", "z9hG4bKpa8"), 8));
    BOOST_CHECK_EQUAL(Requests(transport.Take(), "INVITE").size(), 1U);
    directory.PutNode(Node(T_ID, {"sip:203.0.113.50:5070"}, 60));

    // A -siptrustedsource network (a PBX) takes the paid route without credentials.
    FakeTransport trusted_transport;
    ProxyConfig config{{"dots.test", "192.0.2.1"}, TestPorts(), "192.0.2.1", 10, MAX_RATE};
    config.trusted_sources = {*IpSubnet::Parse("198.51.100.0/28")};
    DialogTable trusted_dialogs;
    Proxy trusted_proxy{config, registrar, credentials, location, &directory, trusted_dialogs, [this] { return now; }};
    TransactionLayer trusted_layer{trusted_transport, clock, trusted_proxy};
    trusted_proxy.SetLayer(trusted_layer);
    trusted_proxy.SetCalls(&accounting, nullptr);
    trusted_layer.OnMessage(test::ParseValidSip(call(Request("INVITE", "sip:carol@dots.test", "z9hG4bKpa9"), 9)), ALICE);
    sent = trusted_transport.Take();
    invites = Requests(sent, "INVITE");
    BOOST_REQUIRE_EQUAL(invites.size(), 1U);
    BOOST_CHECK(invites[0].to.address == T_ADDR);
    // ... and only from that network.
    const SockAddr outside = *SockAddr::FromIp("198.51.100.77", 5070);
    std::string from_outside = call(Request("INVITE", "sip:carol@dots.test", "z9hG4bKpa10"), 10);
    from_outside.replace(from_outside.find("198.51.100.7:5070;branch"), 17, "198.51.100.77:5070");
    trusted_layer.OnMessage(test::ParseValidSip(from_outside), Peer{Transport::UDP, outside, {}, 0});
    sent = trusted_transport.Take();
    BOOST_CHECK(Requests(sent, "INVITE").empty());
    bool challenged = false;
    for (const auto& m : sent) challenged |= m.to.address == outside && m.bytes.rfind("SIP/2.0 407 ", 0) == 0;
    BOOST_CHECK(challenged);
}

BOOST_AUTO_TEST_CASE(seconds_of_a_paid_call_each_minute_and_at_bye)
{
    PaidRouteToCarol(*this);
    const auto authorized = [&](std::string r) { return WithProxyAuth(std::move(r), "alice", "password123", auth.MakeNonce(now, "198.51.100.7")); };

    Deliver(authorized(Request("INVITE", "sip:carol@dots.test", "z9hG4bKsec1")));
    const auto invites = Requests(transport.Take(), "INVITE");
    BOOST_REQUIRE_EQUAL(invites.size(), 1U);
    // Ringing costs nothing: seconds count from the answer.
    Answer(invites[0].bytes, 180, "t1tag", T_PEER);
    now += 20;
    dialogs.Sweep(now);
    Answer(invites[0].bytes, 200, "t1tag", T_PEER, "Contact: <sip:carol@203.0.113.9:5062>\r\n");
    BOOST_CHECK_EQUAL(StatusTo(transport.Take()), "SIP/2.0 200 Reason");
    const int64_t answered = now;
    // Reported once a minute accrued, on the sweep (no timer of its own).
    dialogs.Sweep(answered + 30);
    dialogs.Sweep(answered + 59);
    BOOST_CHECK(accounting.Seconds().empty());
    dialogs.Sweep(answered + 60);
    auto reports = accounting.Seconds();
    BOOST_REQUIRE_EQUAL(reports.size(), 1U);
    BOOST_CHECK(reports[0].term == T_ID);
    BOOST_CHECK_EQUAL(reports[0].rate, 60);
    BOOST_CHECK_EQUAL(reports[0].seconds, 60U);
    const std::string call_id{test::ParseValidSip(invites[0].bytes).CallId()};
    BOOST_CHECK_EQUAL(reports[0].call_id, call_id); // the call's receipt in the voucher stream
    dialogs.Sweep(answered + 65);
    dialogs.Sweep(answered + 119);
    BOOST_CHECK_EQUAL(accounting.Seconds().size(), 1U);
    dialogs.Sweep(answered + 125);
    BOOST_REQUIRE_EQUAL(accounting.Seconds().size(), 2U);
    BOOST_CHECK_EQUAL(accounting.Seconds()[1].seconds, 65U);
    // The BYE reports the rest: every answered second once.
    now = answered + 150;
    Deliver(Request("BYE", "sip:carol@203.0.113.9:5062", "z9hG4bKsec2", "Route: <sip:192.0.2.1:5060;lr>\r\n", "t1tag"));
    BOOST_REQUIRE_EQUAL(Requests(transport.Take(), "BYE").size(), 1U);
    reports = accounting.Seconds();
    BOOST_REQUIRE_EQUAL(reports.size(), 3U);
    BOOST_CHECK_EQUAL(reports[2].seconds, 25U);
    BOOST_CHECK_EQUAL(accounting.TotalSeconds(T_ID), 150U);
    // A BYE from T crossing it, and later sweeps, add nothing.
    now += 1;
    Deliver(FromCallee(Request("BYE", "sip:alice@198.51.100.7:5070", "z9hG4bKsec3", "Route: <sip:192.0.2.1:5060;lr>\r\n", "t1tag"), "t1tag"), T_PEER);
    BOOST_CHECK_EQUAL(Requests(transport.Take(), "BYE").size(), 1U); // still routed to alice
    dialogs.Sweep(now + 10);
    dialogs.Sweep(now + 100);
    BOOST_CHECK_EQUAL(accounting.Seconds().size(), 3U);
    BOOST_CHECK_EQUAL(accounting.TotalSeconds(T_ID), 150U);

    // A call T hangs up: its BYE reports the seconds too.
    const auto call2 = [](std::string r) { return r.replace(r.find("call-1@"), 7, "call-2@"); };
    Deliver(authorized(call2(Request("INVITE", "sip:carol@dots.test", "z9hG4bKsec4"))));
    const auto invites2 = Requests(transport.Take(), "INVITE");
    BOOST_REQUIRE_EQUAL(invites2.size(), 1U);
    Answer(invites2[0].bytes, 200, "t2tag", T_PEER, "Contact: <sip:carol@203.0.113.9:5062>\r\n");
    transport.Take();
    now += 7;
    Deliver(call2(FromCallee(Request("BYE", "sip:alice@198.51.100.7:5070", "z9hG4bKsec5", "Route: <sip:192.0.2.1:5060;lr>\r\n", "t2tag"), "t2tag")), T_PEER);
    BOOST_CHECK_EQUAL(Requests(transport.Take(), "BYE").size(), 1U);
    BOOST_REQUIRE_EQUAL(accounting.Seconds().size(), 4U);
    BOOST_CHECK_EQUAL(accounting.Seconds()[3].seconds, 7U);
    BOOST_CHECK_EQUAL(accounting.Seconds()[3].call_id, std::string{test::ParseValidSip(invites2[0].bytes).CallId()});
    BOOST_CHECK(accounting.Seconds()[3].call_id != call_id);
    for (size_t i = 0; i < 3; ++i) BOOST_CHECK_EQUAL(accounting.Seconds()[i].call_id, call_id);
}

BOOST_AUTO_TEST_CASE(dialog_table_bills_remote_calls_only)
{
    DialogTable t{DialogLimits{10, 10, 5, 100, 1000}};
    t.SetCallAccounting(&accounting);
    DialogInfo d;
    d.call_id = "paid";
    d.caller_tag = "a";
    d.callee_tag = "b";
    d.remote = RemoteCall{T_ID, 120};
    d.state = DialogState::EARLY;
    BOOST_CHECK(t.Upsert(d, 100));
    d.state = DialogState::CONFIRMED;
    BOOST_CHECK(t.Upsert(d, 110)); // answered at 110
    DialogInfo free = d;
    free.call_id = "free";
    free.remote.reset();
    BOOST_CHECK(t.Upsert(free, 110));
    DialogInfo unanswered = d;
    unanswered.call_id = "unanswered";
    unanswered.state = DialogState::EARLY;
    BOOST_CHECK(t.Upsert(unanswered, 110));
    BOOST_CHECK(t.End("unanswered", "a", "b", 115)); // never answered: nothing
    BOOST_CHECK(accounting.Seconds().empty());
    t.Sweep(200);
    BOOST_REQUIRE_EQUAL(accounting.Seconds().size(), 1U);
    BOOST_CHECK_EQUAL(accounting.Seconds()[0].seconds, 90U);
    BOOST_CHECK_EQUAL(accounting.Seconds()[0].rate, 120);
    // Dropped at the duration limit without a BYE: billed up to the limit (110 + 1000), not to the sweep.
    t.Sweep(1200);
    BOOST_REQUIRE_EQUAL(accounting.Seconds().size(), 2U);
    BOOST_CHECK_EQUAL(accounting.Seconds()[1].seconds, 910U);
    BOOST_CHECK_EQUAL(accounting.TotalSeconds(T_ID), 1000U);
    t.Sweep(5000);
    BOOST_CHECK_EQUAL(accounting.Seconds().size(), 2U);
}

BOOST_AUTO_TEST_CASE(call_from_another_node_reaches_the_phone)
{
    // An originating node sends us a call for our handle: no challenge, to the phone; the
    // caller's side is the node (its Record-Route), never the Contact behind it, even at one IP.
    Bind("bob", "sip:bob@203.0.113.5:5062", "c1", "203.0.113.5", 5062);
    const Peer node_a{Transport::UDP, *SockAddr::FromIp("203.0.113.77", 5064), {}, 0};
    std::string invite = Request("INVITE", "sip:bob@192.0.2.1:5060", "z9hG4bKnodeA", "Record-Route: <sip:203.0.113.77:5064;lr>\r\n");
    invite.replace(invite.find("Contact: <sip:alice@198.51.100.7:5070>"), 38, "Contact: <sip:alice@203.0.113.77:5999>");
    Deliver(invite, node_a);
    auto invites = Requests(transport.Take(), "INVITE");
    BOOST_REQUIRE_EQUAL(invites.size(), 1U);
    BOOST_CHECK(invites[0].to.address == BOB1.remote);
    Answer(invites[0].bytes, 200, "b1tag", BOB1, "Contact: <sip:bob@203.0.113.5:5062>\r\n");
    transport.Take();
    Deliver(FromCallee(Request("BYE", "sip:alice@203.0.113.77:5999", "z9hG4bKnodeB", "Route: <sip:192.0.2.1:5060;lr>, <sip:203.0.113.77:5064;lr>\r\n", "b1tag"), "b1tag"), BOB1);
    const auto byes = Requests(transport.Take(), "BYE");
    BOOST_REQUIRE_EQUAL(byes.size(), 1U);
    BOOST_CHECK(byes[0].to.address == node_a.remote);
}

BOOST_AUTO_TEST_CASE(vouchers_carried_in_message_and_answered_by_the_sink)
{
    // Our own address is T's endpoint, so the carrier's MESSAGE comes back into this proxy as T.
    directory.PutNode(Node(T_ID, {"sip:192.0.2.1:5060"}, 60));
    proxy.SetDirectory(&directory);
    proxy.SetCalls(nullptr, &sink);
    int wakes = 0;
    proxy.Vouchers()->SetWake([&wakes] { ++wakes; });
    VoucherCarrier carrier{VoucherCarrierConfig{"192.0.2.1", TestPorts(), "dots.test", 60}, accounting, directory, [this] { return now; }};
    carrier.SetLayer(layer);
    BOOST_CHECK_EQUAL(carrier.Tick(), 0U);
    const std::string voucher = VoucherBytes(VOUCHER_MESSAGE_MIN_BYTES + 40);
    accounting.Queue({T_ID, 3, voucher});
    BOOST_CHECK_EQUAL(carrier.Tick(), 1U);
    auto sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_CHECK(sent[0].to.address == OUR_PEER.remote);
    const std::string message = sent[0].bytes;
    {
        const SipMessage m = test::ParseValidSip(message);
        BOOST_CHECK_EQUAL(FirstLine(message), "MESSAGE sip:dots@192.0.2.1:5060 SIP/2.0");
        BOOST_CHECK_EQUAL(m.ContentType(), "application/dots-voucher");
        BOOST_CHECK_EQUAL(m.Body(), Hex(voucher));
        BOOST_CHECK_EQUAL(m.From()->uri.text, "sip:dots@dots.test");
    }
    BOOST_CHECK_EQUAL(carrier.InFlight(), 1U);

    // At T: handed to the sink, the transaction suspended (a retransmission is absorbed).
    sink.hold = true;
    Deliver(message, OUR_PEER);
    Deliver(message, OUR_PEER);
    BOOST_CHECK(transport.Take().empty());
    BOOST_REQUIRE_EQUAL(sink.received.size(), 1U);
    BOOST_CHECK(sink.received[0].bytes == voucher);
    BOOST_CHECK_EQUAL(sink.received[0].peer, "UDP:192.0.2.1:5060");
    BOOST_CHECK_EQUAL(proxy.Vouchers()->Pending(), 1U);
    BOOST_CHECK_EQUAL(proxy.Vouchers()->Flush(layer), 0U);
    // The node's verdict on its own thread wakes the SIP loop once; the flush answers.
    // It answers with T's nonce for the stream and its receipts base.
    std::array<uint8_t, 32> nonce{};
    for (size_t i = 0; i < nonce.size(); ++i) nonce[i] = static_cast<uint8_t>(0xa0 + i);
    std::thread{[&] { sink.held[0]({200, "OK", {nonce, 1234}}); }}.join();
    BOOST_CHECK_EQUAL(wakes, 1);
    BOOST_CHECK_EQUAL(proxy.Vouchers()->Flush(layer), 1U);
    sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_CHECK_EQUAL(FirstLine(sent[0].bytes), "SIP/2.0 200 OK");
    {
        const SipMessage ok = test::ParseValidSip(sent[0].bytes);
        const HeaderField* h = ok.FindHeader("DOTS-Term-Nonce");
        BOOST_REQUIRE(h);
        BOOST_CHECK_EQUAL(h->value, "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
        const HeaderField* base = ok.FindHeader("DOTS-Receipts-Base");
        BOOST_REQUIRE(base);
        BOOST_CHECK_EQUAL(base->value, "1234");
    }
    // Back at the originating node: delivered, the answer handed to the node with the message.
    BOOST_CHECK(accounting.Answers().empty());
    Deliver(sent[0].bytes, OUR_PEER);
    BOOST_CHECK_EQUAL(carrier.Delivered(), 1U);
    BOOST_CHECK_EQUAL(carrier.InFlight(), 0U);
    BOOST_CHECK_EQUAL(carrier.Failed(), 0U);
    const auto answers = accounting.Answers();
    BOOST_REQUIRE_EQUAL(answers.size(), 1U);
    BOOST_CHECK(answers[0].first == voucher);
    BOOST_CHECK(answers[0].second.term_nonce == nonce);
    BOOST_CHECK(answers[0].second.receipts_base == 1234U);

    // A 200 without a nonce or base has neither header.
    sink.hold = false;
    Deliver(BodyMessage("sip:dots@dots.test", "z9hG4bKv200", Hex(voucher)));
    BOOST_CHECK_EQUAL(proxy.Vouchers()->Flush(layer), 1U);
    sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_CHECK_EQUAL(FirstLine(sent[0].bytes), "SIP/2.0 200 OK");
    BOOST_CHECK(!test::ParseValidSip(sent[0].bytes).FindHeader("DOTS-Term-Nonce"));
    BOOST_CHECK(!test::ParseValidSip(sent[0].bytes).FindHeader("DOTS-Receipts-Base"));

    // The sink's refusal is the answer.
    sink.hold = false;
    sink.verdict = {403, "Forbidden (not for our node keys)", {}};
    Deliver(BodyMessage("sip:dots@dots.test", "z9hG4bKv403", Hex(voucher)));
    BOOST_CHECK(transport.Take().empty());
    BOOST_CHECK_EQUAL(proxy.Vouchers()->Flush(layer), 1U);
    BOOST_CHECK_EQUAL(StatusTo(transport.Take()), "SIP/2.0 403 Forbidden (not for our node keys)");
}

BOOST_AUTO_TEST_CASE(voucher_message_refusals)
{
    // The shortest body the router passes is the wallet's shortest message (an opener).
    BOOST_CHECK_EQUAL(VOUCHER_MESSAGE_MIN_BYTES, wallet::VOUCHER_MESSAGE_HEADER);
    BOOST_CHECK_EQUAL(wallet::EncodeVoucherMessage(wallet::VoucherMessage{}).size(), VOUCHER_MESSAGE_MIN_BYTES);

    // A phone registered as "dots" never gets a voucher; it gets other MESSAGEs.
    Bind("dots", "sip:dots@203.0.113.5:5062", "c1", "203.0.113.5", 5062);
    const std::string good = Hex(VoucherBytes(VOUCHER_MESSAGE_MIN_BYTES));
    Deliver(BodyMessage("sip:dots@dots.test", "z9hG4bKvr1", good));
    auto sent = transport.Take();
    BOOST_CHECK_EQUAL(StatusTo(sent), "SIP/2.0 404 Not Found (no voucher sink here)");
    BOOST_CHECK(Requests(sent, "MESSAGE").empty());
    Deliver(BodyMessage("sip:DOTS@192.0.2.1", "z9hG4bKvr2", good, "Application/DOTS-Voucher; v=1"));
    sent = transport.Take();
    BOOST_CHECK_EQUAL(StatusTo(sent), "SIP/2.0 404 Not Found (no voucher sink here)");
    BOOST_CHECK(Requests(sent, "MESSAGE").empty());
    Deliver(BodyMessage("sip:dots@dots.test", "z9hG4bKvr3", "hello", "text/plain"));
    BOOST_CHECK_EQUAL(Requests(transport.Take(), "MESSAGE").size(), 1U);

    // Malformed bodies never reach the sink.
    proxy.SetCalls(nullptr, &sink);
    const std::vector<std::pair<std::string, std::string>> bad{
        {"abc", "SIP/2.0 400 Bad Voucher (body is not hex)"},
        {std::string(2 * VOUCHER_MESSAGE_MIN_BYTES, 'z'), "SIP/2.0 400 Bad Voucher (body is not hex)"},
        {good.substr(2), "SIP/2.0 400 Bad Voucher (253 bytes, at least 254 expected)"},
        {"", "SIP/2.0 400 Bad Voucher (0 bytes, at least 254 expected)"},
    };
    int n = 0;
    for (const auto& [body, status] : bad) {
        Deliver(BodyMessage("sip:dots@dots.test", "z9hG4bKvb" + std::to_string(++n), body));
        BOOST_CHECK_EQUAL(StatusTo(transport.Take()), status);
    }
    BOOST_CHECK(sink.received.empty());
    Deliver(BodyMessage("sip:dots@dots.test", "z9hG4bKvok", good));
    BOOST_CHECK_EQUAL(proxy.Vouchers()->Flush(layer), 1U);
    BOOST_CHECK_EQUAL(StatusTo(transport.Take()), "SIP/2.0 200 OK");
    BOOST_CHECK_EQUAL(sink.received.size(), 1U);
}

BOOST_AUTO_TEST_CASE(voucher_retried_once_unless_superseded)
{
    directory.PutNode(Node(T_ID, {"sip:203.0.113.50:5070"}, 60));
    VoucherCarrier carrier{VoucherCarrierConfig{"192.0.2.1", TestPorts(), "dots.test", 60}, accounting, directory, [this] { return now; }};
    carrier.SetLayer(layer);
    const auto send_one = [&](uint8_t seed, uint32_t epoch = 4) {
        accounting.Queue({T_ID, epoch, VoucherBytes(VOUCHER_MESSAGE_MIN_BYTES, seed)});
        BOOST_REQUIRE_EQUAL(carrier.Tick(), 1U);
        auto sent = transport.Take();
        BOOST_REQUIRE_EQUAL(sent.size(), 1U);
        BOOST_CHECK(sent[0].to.address == T_ADDR);
        BOOST_CHECK(sent[0].to.protocol == Transport::UDP);
        return sent[0].bytes;
    };
    // 503: one retry after the delay, then no more.
    const std::string first = send_one(1);
    Answer(first, 503, "x", T_PEER);
    BOOST_CHECK_EQUAL(carrier.Failed(), 1U);
    now += 59;
    BOOST_CHECK_EQUAL(carrier.Tick(), 0U);
    now += 1;
    BOOST_CHECK_EQUAL(carrier.Tick(), 1U);
    auto sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_CHECK_EQUAL(test::ParseValidSip(sent[0].bytes).Body(), test::ParseValidSip(first).Body());
    Answer(sent[0].bytes, 500, "x", T_PEER);
    now += 1000;
    BOOST_CHECK_EQUAL(carrier.Tick(), 0U);
    BOOST_CHECK(transport.Take().empty());
    // A 4xx is T's verdict: not retried.
    Answer(send_one(2), 403, "x", T_PEER);
    now += 1000;
    BOOST_CHECK_EQUAL(carrier.Tick(), 0U);
    // A newer voucher for the same node and epoch supersedes the retry of an older one.
    Answer(send_one(3), 408, "x", T_PEER);
    const std::string newer = send_one(4);
    now += 1000;
    BOOST_CHECK_EQUAL(carrier.Tick(), 0U);
    Answer(newer, 200, "x", T_PEER);
    BOOST_CHECK_EQUAL(carrier.Delivered(), 1U);
    BOOST_CHECK_EQUAL(carrier.InFlight(), 0U);
    // Every 200 goes back to the node, with what its headers said (nothing here).
    auto answers = accounting.Answers();
    BOOST_REQUIRE_EQUAL(answers.size(), 1U);
    BOOST_CHECK(answers[0].first == VoucherBytes(VOUCHER_MESSAGE_MIN_BYTES, 4));
    BOOST_CHECK(!answers[0].second.term_nonce && !answers[0].second.receipts_base);
    // One of another epoch does not: each epoch's last voucher is what T settles.
    Answer(send_one(5, /*epoch=*/4), 503, "x", T_PEER);
    Answer(send_one(6, /*epoch=*/5), 200, "x", T_PEER);
    now += 60;
    BOOST_CHECK_EQUAL(carrier.Tick(), 1U);
    sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_CHECK_EQUAL(test::ParseValidSip(sent[0].bytes).Body(), Hex(VoucherBytes(VOUCHER_MESSAGE_MIN_BYTES, 5)));
    Answer(sent[0].bytes, 200, "x", T_PEER);
    BOOST_CHECK_EQUAL(carrier.Delivered(), 3U);
    // Malformed headers are ignored (the voucher is delivered, the field left empty); well-formed
    // ones, in any case of name and hex digits, are taken.
    const std::vector<std::pair<std::string, std::string>> bad{
        {std::string(63, 'a'), "-1"}, {std::string(65, 'a'), "12a"}, {std::string(62, 'a') + "zz", "18446744073709551616"}, {"a b", "1 2"}};
    for (const auto& [bad_nonce, bad_base] : bad) {
        Answer(send_one(7), 200, "x", T_PEER, "DOTS-Term-Nonce: " + bad_nonce + "\r\nDOTS-Receipts-Base: " + bad_base + "\r\n");
    }
    BOOST_CHECK_EQUAL(carrier.Delivered(), 7U);
    answers = accounting.Answers();
    BOOST_REQUIRE_EQUAL(answers.size(), 7U);
    for (size_t i = 3; i < 7; ++i) BOOST_CHECK(!answers[i].second.term_nonce && !answers[i].second.receipts_base);
    Answer(send_one(8), 200, "x", T_PEER, "dots-term-nonce: " + std::string(64, 'A') + "\r\ndots-receipts-base: 18446744073709551615\r\n");
    BOOST_CHECK_EQUAL(carrier.Delivered(), 8U);
    answers = accounting.Answers();
    BOOST_REQUIRE_EQUAL(answers.size(), 8U);
    BOOST_CHECK(answers[7].first == VoucherBytes(VOUCHER_MESSAGE_MIN_BYTES, 8));
    std::array<uint8_t, 32> expected;
    expected.fill(0xaa);
    BOOST_CHECK(answers[7].second.term_nonce == expected);
    BOOST_CHECK(answers[7].second.receipts_base == std::numeric_limits<uint64_t>::max());
    // A MESSAGE over 1300 bytes (20 receipts) goes over TCP to the same address (RFC 3261 18.1.1).
    accounting.Queue({T_ID, 4, VoucherBytes(VOUCHER_MESSAGE_MIN_BYTES + 20 * 40, 9)});
    BOOST_CHECK_EQUAL(carrier.Tick(), 1U);
    sent = transport.Take();
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_CHECK(sent[0].to.address == T_ADDR);
    BOOST_CHECK(sent[0].to.protocol == Transport::TCP);
    BOOST_CHECK_GT(sent[0].bytes.size(), MAX_UDP_REQUEST_BYTES);
    {
        const SipMessage m = test::ParseValidSip(sent[0].bytes);
        BOOST_REQUIRE(m.TopVia());
        BOOST_CHECK(m.TopVia()->transport == Transport::TCP);
    }
    // A node without an endpoint usable here: not sent, logged, not retried.
    directory.PutNode(Node(T_ID, {"sip:node1.example.net"}, 60));
    accounting.Queue({T_ID, 4, VoucherBytes(VOUCHER_MESSAGE_MIN_BYTES, 5)});
    BOOST_CHECK_EQUAL(carrier.Tick(), 0U);
    BOOST_CHECK(transport.Take().empty());
    BOOST_CHECK_EQUAL(carrier.Sent(), 14U);
}


BOOST_AUTO_TEST_SUITE_END()
