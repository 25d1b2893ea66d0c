// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// RFC 3261 section 17 state machines, driven by a fake transport and a manual clock.

#include <sip/parser/builder.h>
#include <sip/parser/message.h>
#include <sip/transaction/index.h>
#include <sip/transaction/messages.h>
#include <sip/transaction/stack.h>
#include <sip/transaction/timer.h>
#include <sip/transaction/transaction_layer.h>
#include <test/util/sip.h>

#include <boost/test/unit_test.hpp>

#include <event2/event.h>

#include <chrono>
#include <map>
#include <random>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

using namespace sip;
using test::FakeTransport;
using Sent = test::SentMessage;

namespace {

class RecordingUser final : public TransactionUser
{
public:
    void OnRequest(ServerTransaction& txn) override
    {
        requests.push_back(txn.Id());
        methods.emplace_back(txn.Request().MethodText());
        if (layer && auto_reply != 0) BOOST_CHECK(layer->Reply(txn.Id(), auto_reply, "Auto", "totag1"));
    }
    void OnAck(const SipMessage& ack, const Peer&) override { ++acks; }
    void OnCancel(ServerTransaction& invite, const SipMessage&) override { cancelled.push_back(invite.Id()); }
    void OnResponse(ClientTransaction& txn, const SipMessage& response) override { responses.push_back(response.StatusCode()); }
    void OnClientFailure(ClientTransaction& txn, ClientFailure failure) override { failures.push_back(ClientFailureStatus(failure)); }
    void OnServerFailure(ServerTransaction&, ServerFailure failure) override { server_failures.push_back(failure); }
    void OnStrayResponse(const SipMessage&, const Peer&) override { ++strays; }

    TransactionLayer* layer{nullptr};
    uint16_t auto_reply{0};
    std::vector<TransactionId> requests, cancelled;
    std::vector<std::string> methods;
    std::vector<uint16_t> responses, failures;
    std::vector<ServerFailure> server_failures;
    int acks{0};
    int strays{0};
};

std::string Request(std::string_view method, std::string_view branch, std::string_view transport = "UDP",
                    std::string_view cseq_method = {}, std::string_view to_tag = {})
{
    std::string r;
    r += std::string{method} + " sip:bob@example.com SIP/2.0\r\n";
    r += "Via: SIP/2.0/" + std::string{transport} + " 192.0.2.10:5060;branch=" + std::string{branch} + "\r\n";
    r += "Max-Forwards: 70\r\n";
    r += "From: <sip:alice@example.com>;tag=1928\r\n";
    r += "To: <sip:bob@example.com>" + (to_tag.empty() ? std::string{} : ";tag=" + std::string{to_tag}) + "\r\n";
    r += "Call-ID: a84b4c76e66710\r\n";
    r += "CSeq: 314159 " + std::string{cseq_method.empty() ? method : cseq_method} + "\r\n";
    r += "Content-Length: 0\r\n\r\n";
    return r;
}

/** A response to the serialized request `request`. */
SipMessage Response(const std::string& request, uint16_t code, std::string_view to_tag = "callee1")
{
    SipMessage req = test::ParseValidSip(request);
    return test::ParseValidSip(BuildResponse(req, code, "Reason", code > 100 ? to_tag : std::string_view{}));
}

const Peer UDP_PEER{Transport::UDP, *SockAddr::FromIp("192.0.2.10", 5060), {}, 0};
const Peer TCP_PEER{Transport::TCP, *SockAddr::FromIp("192.0.2.10", 40000), {}, 7};

struct Fixture {
    ManualTimerDriver clock;
    FakeTransport transport{clock};
    RecordingUser user;
    TransactionLayer layer{transport, clock, user};
    Destination udp_dest{Transport::UDP, *SockAddr::FromIp("198.51.100.1", 5060), 0};
    Destination tcp_dest{Transport::TCP, *SockAddr::FromIp("198.51.100.1", 5060), 0};
    int64_t start{clock.NowMs()};

    Fixture() { user.layer = &layer; }

    TransactionId Send(const std::string& request, const Destination& to)
    {
        auto r = layer.SendRequest(request, to);
        BOOST_REQUIRE(r);
        return *r;
    }
    void Deliver(std::string_view text, const Peer& from = UDP_PEER) { layer.OnMessage(test::ParseValidSip(text), from); }
    void Deliver(SipMessage&& msg, const Peer& from = UDP_PEER) { layer.OnMessage(std::move(msg), from); }
    std::vector<int64_t> Offsets(std::string_view prefix) const
    {
        std::vector<int64_t> out;
        for (const Sent& s : transport.With(prefix)) out.push_back(s.at_ms - start);
        return out;
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(sip_transaction_tests, Fixture)

BOOST_AUTO_TEST_CASE(timer_heap_orders_and_cancels)
{
    TimerHeap heap;
    std::vector<TimerNode> nodes(50);
    for (size_t i = 0; i < nodes.size(); ++i) heap.Schedule(nodes[i], static_cast<int64_t>((i * 37) % 50));
    heap.Cancel(nodes[3]);
    heap.Cancel(nodes[3]); // no-op
    heap.Schedule(nodes[4], 1000); // moved later
    heap.Schedule(nodes[5], -5);   // moved earlier: the new first
    BOOST_CHECK_EQUAL(*heap.NextDeadline(), -5);
    int64_t last = -100;
    size_t popped = 0;
    while (TimerNode* n = heap.PopExpired(999)) {
        BOOST_CHECK(n->deadline >= last);
        BOOST_CHECK(n != &nodes[3] && n != &nodes[4]);
        last = n->deadline;
        ++popped;
    }
    BOOST_CHECK_EQUAL(popped, 48U);
    BOOST_CHECK_EQUAL(*heap.NextDeadline(), 1000);
    BOOST_CHECK(heap.PopExpired(1000) == &nodes[4]);
    BOOST_CHECK(!heap.NextDeadline());
}

BOOST_AUTO_TEST_CASE(timer_heap_coarse_slots)
{
    TimerHeap heap;
    std::vector<TimerNode> nodes(6);
    heap.ScheduleCoarse(nodes[0], 1001, 1000); // -> 2000
    heap.ScheduleCoarse(nodes[1], 2000, 1000); // on a boundary: stays
    heap.ScheduleCoarse(nodes[2], 1999, 1000); // -> 2000, after nodes[0] and nodes[1]
    heap.ScheduleCoarse(nodes[3], -1500, 1000); // -> -1000 (rounded up, not toward zero)
    heap.Schedule(nodes[4], 2000);              // exact, same deadline as the slot
    heap.ScheduleCoarse(nodes[5], 1234, 1);     // width 1: exact
    BOOST_CHECK_EQUAL(nodes[0].deadline, 2000);
    BOOST_CHECK_EQUAL(nodes[3].deadline, -1000);
    BOOST_CHECK_EQUAL(nodes[5].deadline, 1234);
    BOOST_CHECK_EQUAL(heap.Size(), 6U);
    BOOST_CHECK_EQUAL(heap.CoarseSlots(), 3U);
    BOOST_CHECK_EQUAL(*heap.NextDeadline(), -1000);
    BOOST_CHECK(heap.PopExpired(-1001) == nullptr); // never early
    BOOST_CHECK(heap.PopExpired(-1000) == &nodes[3]);
    BOOST_CHECK(heap.PopExpired(1999) == &nodes[5]);
    BOOST_CHECK(heap.PopExpired(1999) == nullptr);
    // Moves: to another slot, within its slot (no change), to the exact heap, cancelled.
    heap.ScheduleCoarse(nodes[1], 2500, 1000); // -> 3000
    heap.ScheduleCoarse(nodes[0], 1500, 1000); // same slot: keeps its place
    heap.Schedule(nodes[2], 2999);             // coarse -> exact
    BOOST_CHECK(!nodes[2].Coarse() && nodes[2].Armed());
    heap.ScheduleCoarse(nodes[4], 2001, 1000); // exact -> coarse (3000)
    BOOST_CHECK(nodes[4].Coarse());
    heap.Cancel(nodes[1]);
    BOOST_CHECK(!nodes[1].Armed());
    heap.Cancel(nodes[1]); // no-op
    BOOST_CHECK_EQUAL(heap.Size(), 3U);
    BOOST_CHECK(heap.PopExpired(2000) == &nodes[0]);
    BOOST_CHECK(heap.PopExpired(5000) == &nodes[2]);
    BOOST_CHECK(heap.PopExpired(5000) == &nodes[4]);
    BOOST_CHECK(!heap.NextDeadline());
    BOOST_CHECK_EQUAL(heap.Size(), 0U);
    BOOST_CHECK_EQUAL(heap.CoarseSlots(), 0U);
}

BOOST_AUTO_TEST_CASE(wait_timers_of_a_slot_end_in_one_wakeup)
{
    // Ten non-INVITE server transactions answered 100 ms apart: their timers J (64*T1) are
    // due over a second but share one coarse slot, so none ends early and all end at the same
    // wake-up. The retransmission timers stay exact (the other tests check their offsets).
    user.auto_reply = 200;
    BOOST_REQUIRE_EQUAL(start % 1000, 0);
    for (int i = 0; i < 10; ++i) { // answered at start + 100, 200, ..., 1000 ms
        clock.Advance(100);
        Deliver(Request("OPTIONS", "z9hG4bKslot" + std::to_string(i)));
    }
    BOOST_CHECK_EQUAL(layer.ServerCount(), 10U);
    clock.Advance(64 * 500 - 1); // start + 32999: the first J was due 899 ms ago, the last is due in 1 ms
    BOOST_CHECK_EQUAL(layer.ServerCount(), 10U);
    BOOST_CHECK_EQUAL(clock.Deadline().value_or(0), start + 64 * 500 + 1000);
    clock.Advance(1);
    BOOST_CHECK_EQUAL(layer.ServerCount(), 0U);
}

BOOST_AUTO_TEST_CASE(invite_client_retransmits_until_timer_b)
{
    Send(Request("INVITE", "z9hG4bKinv1"), udp_dest);
    clock.Advance(40000);
    // Timer A: T1, 2T1, 4T1, ... ; timer B at 64*T1 ends it.
    const std::vector<int64_t> expected{0, 500, 1500, 3500, 7500, 15500, 31500};
    BOOST_CHECK(Offsets("INVITE") == expected);
    BOOST_REQUIRE_EQUAL(user.failures.size(), 1U);
    BOOST_CHECK_EQUAL(user.failures[0], 408);
    BOOST_CHECK_EQUAL(layer.ClientCount(), 0U);
    BOOST_CHECK_EQUAL(layer.Stats().client_timeouts, 1U);
}

BOOST_AUTO_TEST_CASE(invite_client_provisional_stops_retransmissions)
{
    const std::string inv = Request("INVITE", "z9hG4bKinv2");
    const TransactionId id = Send(inv, udp_dest);
    clock.Advance(600); // one retransmission
    Deliver(Response(inv, 180));
    clock.Advance(60000);
    BOOST_CHECK_EQUAL(transport.With("INVITE").size(), 2U);
    BOOST_CHECK(user.responses == std::vector<uint16_t>{180});
    BOOST_CHECK(user.failures.empty()); // no timer B in Proceeding
    BOOST_REQUIRE(layer.FindClient(id));
    BOOST_CHECK(layer.FindClient(id)->State() == TxnState::PROCEEDING);
}

BOOST_AUTO_TEST_CASE(invite_client_timer_c)
{
    // RFC 3261 16.6 step 11: every provisional restarts timer C (3 minutes); when it fires the
    // branch is cancelled and fails as a 408, and the 487 that follows is still ACKed.
    const std::string inv = Request("INVITE", "z9hG4bKtimerc");
    const TransactionId id = Send(inv, udp_dest);
    Deliver(Response(inv, 180));
    clock.Advance(179000);
    Deliver(Response(inv, 183)); // restarts timer C
    clock.Advance(179000);
    BOOST_CHECK(user.failures.empty());
    BOOST_CHECK(transport.With("CANCEL").empty());
    clock.Advance(2100); // 181 s after the 183
    BOOST_CHECK(user.failures == std::vector<uint16_t>{408});
    BOOST_REQUIRE_EQUAL(transport.With("CANCEL").size(), 1U);
    BOOST_REQUIRE(layer.FindClient(id)); // kept to ACK the 487
    Deliver(Response(inv, 487));
    BOOST_CHECK_EQUAL(transport.With("ACK").size(), 1U);
    BOOST_CHECK_EQUAL(user.responses.size(), 2U); // 180, 183: the 487 is not passed up again
    clock.Advance(64 * 500 - 100); // timer D (32 s), in a coarse slot: never early...
    BOOST_CHECK(layer.FindClient(id));
    clock.Advance(1000); // ...and at most one slot (1 s) late
    BOOST_CHECK(!layer.FindClient(id));
}

BOOST_AUTO_TEST_CASE(invite_client_non2xx_acks_and_timer_d_absorbs)
{
    const std::string inv = Request("INVITE", "z9hG4bKinv3");
    Send(inv, udp_dest);
    Deliver(Response(inv, 100));
    Deliver(Response(inv, 486));
    auto acks = transport.With("ACK");
    BOOST_REQUIRE_EQUAL(acks.size(), 1U);
    SipMessage ack = test::ParseValidSip(acks[0].bytes);
    BOOST_CHECK_EQUAL(ack.RequestUriText(), "sip:bob@example.com");
    BOOST_CHECK_EQUAL(ack.TopVia()->branch, "z9hG4bKinv3");
    BOOST_CHECK_EQUAL(ack.To()->Tag(), "callee1");
    BOOST_CHECK_EQUAL(ack.CSeqHeader()->number, 314159U);
    BOOST_CHECK(ack.CSeqHeader()->method == SipMethod::ACK);
    BOOST_CHECK(ack.From()->Tag() == "1928");
    BOOST_CHECK(acks[0].to.address == udp_dest.address);

    // Retransmitted 486: ACK again, the user is not told twice.
    clock.Advance(1000);
    Deliver(Response(inv, 486));
    BOOST_CHECK_EQUAL(transport.With("ACK").size(), 2U);
    BOOST_CHECK(user.responses == (std::vector<uint16_t>{100, 486}));
    // Timer D (32 s) ends the transaction; later copies are strays.
    clock.Advance(31100);
    BOOST_CHECK_EQUAL(layer.ClientCount(), 0U);
    Deliver(Response(inv, 486));
    BOOST_CHECK_EQUAL(user.strays, 1);
    BOOST_CHECK_EQUAL(transport.With("ACK").size(), 2U);
    BOOST_CHECK_EQUAL(transport.With("INVITE").size(), 1U);
}

BOOST_AUTO_TEST_CASE(invite_client_2xx_goes_to_user_without_ack)
{
    const std::string inv = Request("INVITE", "z9hG4bKinv4");
    const TransactionId id = Send(inv, udp_dest);
    Deliver(Response(inv, 200));
    BOOST_CHECK(transport.With("ACK").empty()); // the 2xx ACK is end to end
    BOOST_REQUIRE(layer.FindClient(id));
    BOOST_CHECK(layer.FindClient(id)->State() == TxnState::ACCEPTED);
    Deliver(Response(inv, 200)); // RFC 6026: 2xx retransmissions reach the user
    BOOST_CHECK(user.responses == (std::vector<uint16_t>{200, 200}));
    clock.Advance(10000);
    BOOST_CHECK_EQUAL(transport.With("INVITE").size(), 1U); // no timer A after the 2xx
    clock.Advance(64 * 500);
    BOOST_CHECK_EQUAL(layer.ClientCount(), 0U); // timer M
    BOOST_CHECK(user.failures.empty());
}

BOOST_AUTO_TEST_CASE(non_invite_client_timer_e_capped_and_timer_f)
{
    Send(Request("OPTIONS", "z9hG4bKopt1"), udp_dest);
    clock.Advance(40000);
    const std::vector<int64_t> expected{0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500};
    BOOST_CHECK(Offsets("OPTIONS") == expected);
    BOOST_CHECK(user.failures == std::vector<uint16_t>{408});
    BOOST_CHECK_EQUAL(layer.ClientCount(), 0U);
}

BOOST_AUTO_TEST_CASE(non_invite_client_proceeding_then_final_and_timer_k)
{
    const std::string opt = Request("OPTIONS", "z9hG4bKopt2");
    const TransactionId id = Send(opt, udp_dest);
    clock.Advance(100);
    Deliver(Response(opt, 100));
    clock.Advance(400 + 4000 + 100); // in Proceeding timer E fires at T2 intervals
    BOOST_CHECK((Offsets("OPTIONS") == std::vector<int64_t>{0, 500, 4500}));
    Deliver(Response(opt, 200));
    Deliver(Response(opt, 200)); // retransmission: absorbed in Completed
    BOOST_CHECK(user.responses == (std::vector<uint16_t>{100, 200}));
    BOOST_CHECK(layer.FindClient(id));
    clock.Advance(4999); // timer K = T4, in a coarse slot: never early...
    BOOST_CHECK(layer.FindClient(id));
    clock.Advance(1000); // ...and at most one slot (1 s) late
    BOOST_CHECK(!layer.FindClient(id));
    BOOST_CHECK_EQUAL(transport.With("OPTIONS").size(), 3U);
}

BOOST_AUTO_TEST_CASE(reliable_client_does_not_retransmit)
{
    Send(Request("INVITE", "z9hG4bKtcp1", "TCP"), tcp_dest);
    Send(Request("OPTIONS", "z9hG4bKtcp2", "TCP"), tcp_dest);
    clock.Advance(31000);
    BOOST_CHECK_EQUAL(transport.With("INVITE").size(), 1U);
    BOOST_CHECK_EQUAL(transport.With("OPTIONS").size(), 1U);
    clock.Advance(1000); // timers B and F still apply
    BOOST_CHECK((user.failures == std::vector<uint16_t>{408, 408}));
    // Non-2xx over TCP: ACK once, timer D is zero.
    const std::string inv = Request("INVITE", "z9hG4bKtcp3", "TCP");
    const TransactionId id = Send(inv, tcp_dest);
    Deliver(Response(inv, 603), TCP_PEER);
    BOOST_CHECK_EQUAL(transport.With("ACK").size(), 1U);
    clock.Advance(0);
    BOOST_CHECK(!layer.FindClient(id));
}

BOOST_AUTO_TEST_CASE(response_matching_uses_branch_and_method)
{
    const std::string inv = Request("INVITE", "z9hG4bKm1");
    Send(inv, udp_dest);
    // Same branch, CSeq method CANCEL: belongs to another transaction.
    Deliver(Response(Request("CANCEL", "z9hG4bKm1"), 200));
    // Other branch.
    Deliver(Response(Request("INVITE", "z9hG4bKm2"), 180));
    BOOST_CHECK_EQUAL(user.strays, 2);
    BOOST_CHECK(user.responses.empty());
    Deliver(Response(inv, 180));
    BOOST_CHECK(user.responses == std::vector<uint16_t>{180});
}

BOOST_AUTO_TEST_CASE(client_transport_errors)
{
    transport.fail = true;
    BOOST_CHECK(!layer.SendRequest(Request("OPTIONS", "z9hG4bKerr1"), udp_dest).has_value());
    transport.fail = false;
    Send(Request("OPTIONS", "z9hG4bKerr2"), udp_dest);
    transport.fail = true; // the retransmission fails
    clock.Advance(500);
    BOOST_CHECK(user.failures == std::vector<uint16_t>{503});
    clock.Advance(0);
    BOOST_CHECK_EQUAL(layer.ClientCount(), 0U);
    // An asynchronous failure of the connection fails what was sent on it.
    transport.fail = false;
    Send(Request("OPTIONS", "z9hG4bKerr3", "TCP"), tcp_dest);
    layer.OnTransportError(tcp_dest);
    BOOST_CHECK((user.failures == std::vector<uint16_t>{503, 503}));
    // Misuse is refused: no branch cookie, ACK, garbage.
    BOOST_CHECK(!layer.SendRequest(Request("OPTIONS", "oldbranch"), udp_dest).has_value());
    BOOST_CHECK(!layer.SendRequest(Request("ACK", "z9hG4bKack"), udp_dest).has_value());
    BOOST_CHECK(!layer.SendRequest("hello", udp_dest).has_value());
    BOOST_CHECK(layer.SendRequest(Request("OPTIONS", "z9hG4bKdup"), udp_dest).has_value());
    BOOST_CHECK(!layer.SendRequest(Request("OPTIONS", "z9hG4bKdup"), udp_dest).has_value()); // duplicate branch
}

BOOST_AUTO_TEST_CASE(transport_error_fails_only_that_peers_pending_transactions)
{
    const Destination other{Transport::TCP, *SockAddr::FromIp("198.51.100.2", 5060), 0};
    const std::string done = Request("OPTIONS", "z9hG4bKte0", "TCP");
    const TransactionId finished = Send(done, tcp_dest);
    const TransactionId a = Send(Request("OPTIONS", "z9hG4bKte1", "TCP"), tcp_dest);
    const TransactionId b = Send(Request("INVITE", "z9hG4bKte2", "TCP"), tcp_dest);
    const TransactionId c = Send(Request("OPTIONS", "z9hG4bKte3", "TCP"), other);
    Deliver(Response(done, 200), TCP_PEER); // Completed: not affected by a later failure
    layer.OnTransportError(tcp_dest);
    BOOST_CHECK((user.failures == std::vector<uint16_t>{503, 503}));
    BOOST_CHECK(layer.FindClient(finished));
    BOOST_CHECK(!layer.FindClient(a) && !layer.FindClient(b));
    BOOST_CHECK(layer.FindClient(c));
    clock.Advance(0); // erases the failed ones and the completed one (timer K = 0 over TCP)
    BOOST_CHECK_EQUAL(layer.ClientCount(), 1U);
    layer.OnTransportError(tcp_dest); // nothing left there
    BOOST_CHECK_EQUAL(user.failures.size(), 2U);
    layer.OnTransportError(other);
    BOOST_CHECK_EQUAL(user.failures.size(), 3U);
    clock.Advance(0);
    BOOST_CHECK_EQUAL(layer.ClientCount(), 0U);
}

BOOST_AUTO_TEST_CASE(udp_transport_error_fails_pending_client_transactions)
{
    // EventTransport reports a UDP datagram it queued during a receive batch (Send said OK)
    // that the kernel then refused: pending transactions to that address fail as over TCP.
    const TransactionId pending = Send(Request("INVITE", "z9hG4bKue1"), udp_dest);
    const std::string done = Request("OPTIONS", "z9hG4bKue2");
    const TransactionId finished = Send(done, udp_dest);
    Deliver(Response(done, 200));
    layer.OnTransportError(Destination{Transport::UDP, *SockAddr::FromIp("198.51.100.9", 5060)}); // elsewhere
    BOOST_CHECK(user.failures.empty());
    layer.OnTransportError(udp_dest);
    BOOST_CHECK(user.failures == std::vector<uint16_t>{503});
    BOOST_CHECK(!layer.FindClient(pending));
    BOOST_CHECK(layer.FindClient(finished)); // Completed: timer K still absorbs retransmissions
}

BOOST_AUTO_TEST_CASE(cancel_client_waits_for_provisional)
{
    const std::string inv = Request("INVITE", "z9hG4bKc1");
    const TransactionId id = Send(inv, udp_dest);
    BOOST_CHECK(layer.CancelClient(id));
    BOOST_CHECK(transport.With("CANCEL").empty()); // RFC 3261 9.1: not before a provisional
    Deliver(Response(inv, 180));
    auto cancels = transport.With("CANCEL");
    BOOST_REQUIRE_EQUAL(cancels.size(), 1U);
    SipMessage cancel = test::ParseValidSip(cancels[0].bytes);
    BOOST_CHECK_EQUAL(cancel.TopVia()->branch, "z9hG4bKc1");
    BOOST_CHECK_EQUAL(cancel.CSeqHeader()->number, 314159U);
    BOOST_CHECK(cancel.CSeqHeader()->method == SipMethod::CANCEL);
    BOOST_CHECK_EQUAL(cancel.To()->Tag(), "");
    // The CANCEL is its own non-INVITE transaction: 200 to it, then 487 to the INVITE.
    Deliver(Response(cancels[0].bytes, 200));
    Deliver(Response(inv, 487));
    BOOST_CHECK((user.responses == std::vector<uint16_t>{180, 200, 487}));
    BOOST_CHECK_EQUAL(transport.With("ACK").size(), 1U);
    BOOST_CHECK(!layer.CancelClient(id)); // already final
}

BOOST_AUTO_TEST_CASE(invite_server_trying_retransmissions_and_timer_g)
{
    const std::string inv = Request("INVITE", "z9hG4bKs1");
    Deliver(inv);
    BOOST_REQUIRE_EQUAL(user.requests.size(), 1U);
    const TransactionId id = user.requests[0];
    auto trying = transport.With("SIP/2.0 100");
    BOOST_REQUIRE_EQUAL(trying.size(), 1U);
    BOOST_CHECK(trying[0].to.address == UDP_PEER.remote);
    // A retransmitted INVITE gets the last provisional again and is not passed up.
    Deliver(inv);
    BOOST_CHECK_EQUAL(transport.With("SIP/2.0 100").size(), 2U);
    BOOST_CHECK(layer.Reply(id, 180, "Ringing", "t1"));
    Deliver(inv);
    BOOST_CHECK_EQUAL(transport.With("SIP/2.0 180").size(), 2U);
    BOOST_CHECK_EQUAL(user.requests.size(), 1U);
    // Final non-2xx: timer G retransmits over UDP (T1, 2T1, 4T1, T2, T2, ...) until the ACK.
    BOOST_CHECK(layer.Reply(id, 486, "Busy Here", "t1"));
    BOOST_CHECK(!layer.Reply(id, 200, "OK", "t1")); // only one final
    clock.Advance(12000);
    BOOST_CHECK((Offsets("SIP/2.0 486") == std::vector<int64_t>{0, 500, 1500, 3500, 7500, 11500}));
    Deliver(inv); // retransmitted INVITE in Completed: the final again
    BOOST_CHECK_EQUAL(transport.With("SIP/2.0 486").size(), 7U);
    Deliver(Request("ACK", "z9hG4bKs1", "UDP", {}, "t1"));
    BOOST_CHECK(layer.FindServer(id)->State() == TxnState::CONFIRMED);
    Deliver(Request("ACK", "z9hG4bKs1", "UDP", {}, "t1")); // absorbed by timer I
    BOOST_CHECK_EQUAL(user.acks, 0);
    clock.Advance(4900);
    BOOST_CHECK_EQUAL(transport.With("SIP/2.0 486").size(), 7U);
    BOOST_CHECK(layer.FindServer(id));
    clock.Advance(100); // timer I = T4
    BOOST_CHECK(!layer.FindServer(id));
    BOOST_CHECK(user.server_failures.empty());
}

BOOST_AUTO_TEST_CASE(invite_server_timer_h_without_ack)
{
    Deliver(Request("INVITE", "z9hG4bKs2"));
    const TransactionId id = user.requests.at(0);
    BOOST_CHECK(layer.Reply(id, 404, "Not Found", "t2"));
    clock.Advance(64 * 500 - 1);
    BOOST_CHECK(layer.FindServer(id));
    clock.Advance(1);
    BOOST_CHECK(!layer.FindServer(id));
    BOOST_REQUIRE_EQUAL(user.server_failures.size(), 1U);
    BOOST_CHECK(user.server_failures[0] == ServerFailure::NO_ACK);
    // 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5 s: ten retransmissions + original.
    BOOST_CHECK_EQUAL(transport.With("SIP/2.0 404").size(), 11U);
}

BOOST_AUTO_TEST_CASE(invite_server_2xx_accepted_and_2xx_ack_to_user)
{
    const std::string inv = Request("INVITE", "z9hG4bKs3");
    Deliver(inv);
    const TransactionId id = user.requests.at(0);
    BOOST_CHECK(layer.Reply(id, 200, "OK", "t3"));
    BOOST_CHECK(layer.Reply(id, 200, "OK", "t3")); // the user's 2xx retransmission passes
    BOOST_CHECK(!layer.Reply(id, 486, "Busy", "t3"));
    Deliver(inv); // absorbed in Accepted
    BOOST_CHECK_EQUAL(transport.With("SIP/2.0 200").size(), 2U);
    BOOST_CHECK_EQUAL(user.requests.size(), 1U);
    clock.Advance(5000);
    BOOST_CHECK_EQUAL(transport.With("SIP/2.0 200").size(), 2U); // no timer G for 2xx
    Deliver(Request("ACK", "z9hG4bKnewbranch", "UDP", {}, "t3")); // the 2xx ACK: new branch
    BOOST_CHECK_EQUAL(user.acks, 1);
    clock.Advance(64 * 500);
    BOOST_CHECK(!layer.FindServer(id)); // timer L
}

BOOST_AUTO_TEST_CASE(non_invite_server_timer_j)
{
    user.auto_reply = 200;
    const std::string opt = Request("OPTIONS", "z9hG4bKs4");
    Deliver(opt);
    BOOST_REQUIRE_EQUAL(user.requests.size(), 1U);
    BOOST_CHECK(transport.With("SIP/2.0 100").empty()); // no 100 for non-INVITE
    Deliver(opt);
    BOOST_CHECK_EQUAL(transport.With("SIP/2.0 200").size(), 2U);
    BOOST_CHECK_EQUAL(user.requests.size(), 1U);
    clock.Advance(64 * 500);
    BOOST_CHECK_EQUAL(layer.ServerCount(), 0U);
    Deliver(opt); // after timer J: a new transaction
    BOOST_CHECK_EQUAL(user.requests.size(), 2U);
}

BOOST_AUTO_TEST_CASE(non_invite_server_trying_absorbs_and_user_timeout)
{
    const std::string reg = Request("REGISTER", "z9hG4bKs5");
    Deliver(reg);
    Deliver(reg); // Trying: nothing sent yet, nothing to resend
    BOOST_CHECK(transport.sent.empty());
    BOOST_CHECK_EQUAL(user.requests.size(), 1U);
    BOOST_CHECK_EQUAL(layer.Stats().retransmissions_absorbed, 1U);
    clock.Advance(64 * 500); // the user never answered
    BOOST_CHECK_EQUAL(layer.ServerCount(), 0U);
    BOOST_REQUIRE_EQUAL(user.server_failures.size(), 1U);
    BOOST_CHECK(user.server_failures[0] == ServerFailure::TU_TIMEOUT);
}

BOOST_AUTO_TEST_CASE(reliable_server_no_retransmission_zero_timers)
{
    Deliver(Request("INVITE", "z9hG4bKs6", "TCP"), TCP_PEER);
    const TransactionId id = user.requests.at(0);
    BOOST_CHECK(layer.Reply(id, 486, "Busy Here", "t6"));
    auto finals = transport.With("SIP/2.0 486");
    BOOST_REQUIRE_EQUAL(finals.size(), 1U);
    BOOST_CHECK_EQUAL(finals[0].to.connection_id, 7U); // back over the same connection
    clock.Advance(20000);
    BOOST_CHECK_EQUAL(transport.With("SIP/2.0 486").size(), 1U); // no timer G
    Deliver(Request("ACK", "z9hG4bKs6", "TCP", {}, "t6"), TCP_PEER);
    clock.Advance(0); // timer I = 0
    BOOST_CHECK(!layer.FindServer(id));

    user.auto_reply = 200;
    Deliver(Request("OPTIONS", "z9hG4bKs7", "TCP"), TCP_PEER);
    BOOST_CHECK_EQUAL(layer.ServerCount(), 1U);
    clock.Advance(0); // timer J = 0
    BOOST_CHECK_EQUAL(layer.ServerCount(), 0U);
}

BOOST_AUTO_TEST_CASE(cancel_gets_200_and_invite_487)
{
    Deliver(Request("INVITE", "z9hG4bKs8"));
    const TransactionId id = user.requests.at(0);
    Deliver(Request("CANCEL", "z9hG4bKs8"));
    BOOST_CHECK_EQUAL(user.requests.size(), 1U); // the matched CANCEL is not a new request
    BOOST_CHECK(user.cancelled == std::vector<TransactionId>{id});
    auto ok = transport.With("SIP/2.0 200");
    auto terminated = transport.With("SIP/2.0 487");
    BOOST_REQUIRE_EQUAL(ok.size(), 1U);
    BOOST_REQUIRE_EQUAL(terminated.size(), 1U);
    SipMessage ok_msg = test::ParseValidSip(ok[0].bytes);
    SipMessage t_msg = test::ParseValidSip(terminated[0].bytes);
    BOOST_CHECK(ok_msg.CSeqHeader()->method == SipMethod::CANCEL);
    BOOST_CHECK(t_msg.CSeqHeader()->method == SipMethod::INVITE);
    BOOST_CHECK(!t_msg.To()->Tag().empty());
    BOOST_CHECK_EQUAL(ok_msg.To()->Tag(), t_msg.To()->Tag());
    BOOST_CHECK(layer.FindServer(id)->Cancelled());
    BOOST_CHECK(!layer.Reply(id, 200, "OK", "x")); // too late
    // A retransmitted CANCEL gets its 200 again.
    Deliver(Request("CANCEL", "z9hG4bKs8"));
    BOOST_CHECK_EQUAL(transport.With("SIP/2.0 200").size(), 2U);
    BOOST_CHECK_EQUAL(user.cancelled.size(), 1U);
    // ACK for the 487.
    Deliver(Request("ACK", "z9hG4bKs8", "UDP", {}, std::string{t_msg.To()->Tag()}));
    BOOST_CHECK(layer.FindServer(id)->State() == TxnState::CONFIRMED);
    BOOST_CHECK_EQUAL(layer.Stats().cancels, 1U);
}

BOOST_AUTO_TEST_CASE(cancel_without_invite_goes_to_user)
{
    Deliver(Request("CANCEL", "z9hG4bKnone"));
    BOOST_CHECK(user.methods == std::vector<std::string>{"CANCEL"});
    BOOST_CHECK(user.cancelled.empty());
    // After a final response, CANCEL only gets its 200.
    Deliver(Request("INVITE", "z9hG4bKs9"));
    const TransactionId id = user.requests.back();
    BOOST_CHECK(layer.Reply(id, 486, "Busy Here", "t9"));
    Deliver(Request("CANCEL", "z9hG4bKs9"));
    BOOST_CHECK_EQUAL(transport.With("SIP/2.0 200").size(), 1U);
    BOOST_CHECK(transport.With("SIP/2.0 487").empty());
    BOOST_CHECK(user.cancelled.empty());
}

BOOST_AUTO_TEST_CASE(rfc2543_requests_match_without_branch)
{
    const std::string inv = Request("INVITE", "old-style-1");
    Deliver(inv);
    Deliver(inv);
    BOOST_CHECK_EQUAL(user.requests.size(), 1U);
    BOOST_CHECK_EQUAL(transport.With("SIP/2.0 100").size(), 2U);
    BOOST_CHECK(layer.Reply(user.requests[0], 480, "Unavailable", "t10"));
    Deliver(Request("ACK", "old-style-1", "UDP", {}, "t10"));
    BOOST_CHECK(layer.FindServer(user.requests[0])->State() == TxnState::CONFIRMED);
    BOOST_CHECK_EQUAL(user.acks, 0);
}

namespace {
/** A FlatIndex entry for the index tests: a key with a digest the test chooses. */
struct Item {
    std::string key;
};
} // namespace

BOOST_AUTO_TEST_CASE(flat_index_colliding_digests)
{
    FlatIndex<Item> index{16};
    auto find = [&](uint64_t digest, const std::string& key) {
        return index.Find(digest, [&](const Item& i) { return i.key == key; });
    };
    // Five keys with one digest, two with another, among them one whose probe run wraps
    // around the end of the slot array: each is found by its full key, never by the digest alone.
    std::vector<std::unique_ptr<Item>> items;
    for (int i = 0; i < 7; ++i) items.push_back(std::make_unique<Item>(Item{"key" + std::to_string(i)}));
    const uint64_t d1 = 42, d2 = 43;
    for (int i = 0; i < 5; ++i) index.Insert(d1, items[i].get());
    index.Insert(d2, items[5].get());
    index.Insert(d2, items[6].get());
    BOOST_CHECK_EQUAL(index.Size(), 7U);
    for (int i = 0; i < 5; ++i) BOOST_CHECK_EQUAL(find(d1, items[i]->key), items[i].get());
    BOOST_CHECK_EQUAL(find(d2, items[6]->key), items[6].get());
    BOOST_CHECK(!find(d2, items[0]->key)); // right key, wrong digest
    BOOST_CHECK(!find(d1, "key9"));
    // Erasing from the middle of the collision run keeps the later ones reachable.
    BOOST_CHECK(index.Erase(d1, items[1].get()));
    BOOST_CHECK(!index.Erase(d1, items[1].get()));
    BOOST_CHECK(!index.Erase(d2, items[0].get())); // present, but under another digest
    BOOST_CHECK(!find(d1, items[1]->key));
    for (int i : {0, 2, 3, 4}) BOOST_CHECK_EQUAL(find(d1, items[i]->key), items[i].get());
    BOOST_CHECK_EQUAL(find(d2, items[5]->key), items[5].get());
    BOOST_CHECK_EQUAL(index.Size(), 6U);
}

BOOST_AUTO_TEST_CASE(flat_index_matches_a_reference_map)
{
    // Random inserts and erases with digests from a set of 64 (so runs collide and wrap), the
    // table growing to thousands of entries and shrinking back, checked against a std::map.
    FlatIndex<Item> index{16};
    std::map<std::string, std::pair<uint64_t, std::unique_ptr<Item>>> ref;
    std::mt19937_64 rng{7};
    size_t peak_capacity = 0;
    for (int round = 0; round < 40000; ++round) {
        const bool grow = round < 20000;
        const std::string key = "k" + std::to_string(rng() % 6000);
        auto it = ref.find(key);
        if (it == ref.end() && (grow || rng() % 4 == 0)) {
            const uint64_t digest = rng() % 64;
            auto item = std::make_unique<Item>(Item{key});
            index.Insert(digest, item.get());
            ref.emplace(key, std::make_pair(digest, std::move(item)));
        } else if (it != ref.end() && (!grow || rng() % 3 == 0)) {
            BOOST_REQUIRE(index.Erase(it->second.first, it->second.second.get()));
            ref.erase(it);
        }
        peak_capacity = std::max(peak_capacity, index.Capacity());
        if (round % 997 == 0) {
            BOOST_REQUIRE_EQUAL(index.Size(), ref.size());
            for (const auto& kv : ref) {
                const std::string& k = kv.first;
                BOOST_REQUIRE_EQUAL(index.Find(kv.second.first, [&](const Item& i) { return i.key == k; }), kv.second.second.get());
            }
            BOOST_REQUIRE(!index.Find(rng() % 64, [](const Item& i) { return i.key == "absent"; }));
        }
    }
    BOOST_CHECK_GE(peak_capacity, 8192U);
    BOOST_CHECK_LE(index.Capacity(), std::max<size_t>(16, 8 * ref.size()));
    size_t visited = 0;
    index.ForEach([&](Item& i) { ++visited; BOOST_CHECK(ref.count(i.key)); });
    BOOST_CHECK_EQUAL(visited, ref.size());
}

BOOST_AUTO_TEST_CASE(txn_key_inline_and_long)
{
    TxnKey key;
    BOOST_CHECK(key.View().empty());
    key.Assign("3INVITE\x01z9hG4bKabc\x01host:5060", 5);
    BOOST_CHECK_EQUAL(key.View(), "3INVITE\x01z9hG4bKabc\x01host:5060");
    BOOST_CHECK(key.Equals("3INVITE\x01z9hG4bKabc\x01host:5060", 5));
    BOOST_CHECK(!key.Equals("3INVITE\x01z9hG4bKabc\x01host:5060", 6)); // digest differs
    BOOST_CHECK(!key.Equals("3INVITE\x01z9hG4bKabd\x01host:5060", 5)); // bytes differ
    const std::string exact(TxnKey::INLINE, 'x'), longer(TxnKey::INLINE + 150, 'y');
    key.Assign(exact, 1);
    BOOST_CHECK_EQUAL(key.View(), exact);
    key.Assign(longer, 2);
    BOOST_CHECK_EQUAL(key.View(), longer);
    key.Assign("short", 3);
    BOOST_CHECK_EQUAL(key.View(), "short");
    // The digester is keyed: two digesters disagree, one is deterministic.
    const KeyDigester a{1, 2}, b{3, 4};
    BOOST_CHECK_EQUAL(a.Digest("abc"), KeyDigester(1, 2).Digest("abc"));
    BOOST_CHECK_NE(a.Digest("abc"), b.Digest("abc"));
    BOOST_CHECK_NE(a.Digest("abc"), a.Digest("abd"));
}

/** `request` with its first occurrence of `from` replaced by `to`. */
static std::string Replace(std::string request, std::string_view from, std::string_view to)
{
    const size_t at = request.find(from);
    BOOST_REQUIRE(at != std::string::npos);
    return request.replace(at, from.size(), to);
}

BOOST_AUTO_TEST_CASE(server_matching_rfc3261_17_2_3)
{
    // RFC 3261 17.2.3: branch, sent-by (host compared without case, port as written) and
    // method, ACK matching the INVITE. Anything else differing makes a new transaction.
    user.auto_reply = 200;
    const std::string opt = Request("OPTIONS", "z9hG4bKmatch1");
    Deliver(opt);
    BOOST_REQUIRE_EQUAL(user.requests.size(), 1U);
    // Retransmissions: identical, or with the sent-by host in another case, or with other
    // fields changed that 17.2.3 does not compare (Request-URI, From tag, Call-ID, CSeq number).
    Deliver(opt);
    Deliver(Replace(opt, "192.0.2.10:5060", "192.0.2.10:5060")); // same text
    Deliver(Replace(Replace(opt, "Call-ID: a84b4c76e66710", "Call-ID: other"), "tag=1928", "tag=9"));
    BOOST_CHECK_EQUAL(user.requests.size(), 1U);
    BOOST_CHECK_EQUAL(transport.With("SIP/2.0 200").size(), 4U);
    const std::string named = Replace(opt, "192.0.2.10:5060", "Host.Example.COM:5060");
    Deliver(named);
    Deliver(Replace(opt, "192.0.2.10:5060", "host.example.com:5060"));
    BOOST_CHECK_EQUAL(user.requests.size(), 2U); // host case does not matter
    // Other sent-by port, no port, other host, other branch (case counts), other method: new.
    Deliver(Replace(opt, "192.0.2.10:5060", "192.0.2.10:5062"));
    Deliver(Replace(opt, "192.0.2.10:5060", "192.0.2.10"));
    Deliver(Replace(opt, "192.0.2.10:5060", "192.0.2.11:5060"));
    Deliver(Replace(opt, "z9hG4bKmatch1", "z9hG4bKMATCH1"));
    Deliver(Request("INFO", "z9hG4bKmatch1"));
    BOOST_CHECK_EQUAL(user.requests.size(), 7U);
    BOOST_CHECK_EQUAL(layer.ServerCount(), 7U);
    // ACK matches its INVITE (not a non-INVITE transaction with the same branch).
    user.auto_reply = 0;
    const std::string inv = Request("INVITE", "z9hG4bKmatch1");
    Deliver(inv);
    BOOST_REQUIRE_EQUAL(user.requests.size(), 8U);
    const TransactionId invite_id = user.requests.back();
    BOOST_CHECK(layer.Reply(invite_id, 486, "Busy Here", "t1"));
    Deliver(Replace(Request("ACK", "z9hG4bKmatch1", "UDP", {}, "t1"), "192.0.2.10:5060", "192.0.2.10:5062"));
    BOOST_CHECK_EQUAL(user.acks, 1); // other sent-by: not this INVITE's ACK
    BOOST_CHECK(layer.FindServer(invite_id)->State() == TxnState::COMPLETED);
    Deliver(Request("ACK", "z9hG4bKmatch1", "UDP", {}, "t1"));
    BOOST_CHECK(layer.FindServer(invite_id)->State() == TxnState::CONFIRMED);
    BOOST_CHECK_EQUAL(user.acks, 1);
    // MatchServer agrees with the layer's own matching.
    BOOST_CHECK_EQUAL(layer.MatchServer(test::ParseValidSip(named)), layer.FindServer(user.requests[1]));
    BOOST_CHECK(!layer.MatchServer(test::ParseValidSip(Request("OPTIONS", "z9hG4bKnone"))));
}

BOOST_AUTO_TEST_CASE(rfc2543_long_keys_and_many_transactions)
{
    // An RFC 2543 key (Request-URI, From tag, Call-ID, CSeq, top Via) longer than a key's
    // inline storage still matches its retransmission, and only it.
    user.auto_reply = 200;
    const std::string long_callid(200, 'c');
    const std::string old = Replace(Request("OPTIONS", "old-style-long"), "Call-ID: a84b4c76e66710", "Call-ID: " + long_callid);
    Deliver(old);
    Deliver(old);
    Deliver(Replace(old, "tag=1928", "tag=1929")); // From tag is part of an RFC 2543 key
    BOOST_CHECK_EQUAL(user.requests.size(), 2U);
    // Thousands of live transactions: each retransmission finds its own, the index grows and
    // shrinks back when they expire.
    const size_t n = 5000;
    for (size_t i = 0; i < n; ++i) Deliver(Request("OPTIONS", "z9hG4bKmany" + std::to_string(i)));
    BOOST_CHECK_EQUAL(layer.ServerCount(), n + 2);
    const size_t answered = transport.With("SIP/2.0 200").size();
    for (size_t i = 0; i < n; i += 7) Deliver(Request("OPTIONS", "z9hG4bKmany" + std::to_string(i)));
    BOOST_CHECK_EQUAL(user.requests.size(), n + 2);
    BOOST_CHECK_EQUAL(transport.With("SIP/2.0 200").size(), answered + (n + 6) / 7);
    clock.Advance(64 * 500 + 1000); // timer J, in its coarse slot
    BOOST_CHECK_EQUAL(layer.ServerCount(), 0U);
    BOOST_CHECK_EQUAL(layer.Stats().server_current, 0U);
    Deliver(Request("OPTIONS", "z9hG4bKmany1")); // a new transaction after the old one ended
    BOOST_CHECK_EQUAL(user.requests.size(), n + 3);
}

BOOST_AUTO_TEST_CASE(heap_trimmed_after_a_load_peak)
{
    // Two layers, each on its own clock (a driver has one handler) moved together: one trims
    // after peaks of 1,000 live transactions (the default), one never does.
    RecordingUser user_a, user_b;
    user_a.auto_reply = user_b.auto_reply = 200;
    TransactionConfig never;
    never.trim_min_peak = 0;
    ManualTimerDriver clock_b;
    FakeTransport transport_b{clock_b};
    TransactionLayer a{transport, clock, user_a}, b{transport_b, clock_b, user_b, never};
    user_a.layer = &a;
    user_b.layer = &b;
    auto advance = [&](int64_t ms) {
        clock.Advance(ms);
        clock_b.Advance(ms);
    };
    auto burst = [&](size_t n, uint64_t base) {
        for (size_t i = 0; i < n; ++i) {
            const std::string opt = Request("OPTIONS", "z9hG4bKtrim" + std::to_string(base + i));
            a.OnMessage(test::ParseValidSip(opt), UDP_PEER);
            b.OnMessage(test::ParseValidSip(opt), UDP_PEER);
        }
    };
    burst(1500, 0);
    advance(1000); // a timer run sees the peak
    BOOST_CHECK_EQUAL(a.ServerCount(), 1500U);
    BOOST_CHECK_EQUAL(a.Stats().heap_trims, 0U);
    advance(64 * 500 + 1000); // timer J ends them all: back to 0, one trim
    BOOST_CHECK_EQUAL(a.ServerCount(), 0U);
    BOOST_CHECK_EQUAL(a.Stats().heap_trims, 1U);
    BOOST_CHECK_EQUAL(b.Stats().heap_trims, 0U);
    // A peak below trim_min_peak: no trim.
    burst(500, 10000);
    advance(64 * 500 + 2000);
    BOOST_CHECK_EQUAL(a.ServerCount(), 0U);
    BOOST_CHECK_EQUAL(a.Stats().heap_trims, 1U);
    // A fall to a quarter of the peak trims while transactions are still live, but not again
    // within trim_interval_ms.
    burst(1200, 20000);
    advance(1000);
    advance(20000);
    burst(200, 30000); // these end 20 s after the first 1,200
    advance(64 * 500 + 1000 - 20000);
    BOOST_CHECK_EQUAL(a.ServerCount(), 200U);
    BOOST_CHECK_EQUAL(a.Stats().heap_trims, 2U);
    advance(20000);
    BOOST_CHECK_EQUAL(a.ServerCount(), 0U);
    BOOST_CHECK_EQUAL(a.Stats().heap_trims, 2U); // peak since the last trim was 200
    BOOST_CHECK_EQUAL(b.Stats().heap_trims, 0U);
}

BOOST_AUTO_TEST_CASE(ack_and_cancel_builders)
{
    const std::string inv = "INVITE sip:bob@example.com SIP/2.0\r\n"
                            "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKb1, SIP/2.0/UDP 192.0.2.99;branch=z9hG4bKb0\r\n"
                            "Route: <sip:p1.example.com;lr>\r\nRoute: <sip:p2.example.com;lr>\r\n"
                            "From: A <sip:alice@example.com>;tag=88\r\nTo: <sip:bob@example.com>\r\n"
                            "Call-ID: xyz@host\r\nCSeq: 7 INVITE\r\nContent-Length: 0\r\n\r\n";
    SipMessage req = test::ParseValidSip(inv);
    SipMessage resp = test::ParseValidSip(BuildResponse(req, 404, "Not Found", "ttt"));
    SipMessage ack = test::ParseValidSip(BuildAck(req, resp));
    BOOST_CHECK_EQUAL(ack.CountHeaders(HeaderType::VIA), 1U);
    BOOST_CHECK_EQUAL(ack.TopVia()->branch, "z9hG4bKb1");
    BOOST_CHECK_EQUAL(ack.CountHeaders(HeaderType::ROUTE), 2U);
    BOOST_CHECK_EQUAL(ack.To()->Tag(), "ttt");
    BOOST_CHECK_EQUAL(ack.CallId(), "xyz@host");
    SipMessage cancel = test::ParseValidSip(BuildCancel(req));
    BOOST_CHECK_EQUAL(cancel.CountHeaders(HeaderType::VIA), 1U);
    BOOST_CHECK_EQUAL(cancel.To()->Tag(), "");
    BOOST_CHECK_EQUAL(cancel.CSeqHeader()->number, 7U);
    BOOST_CHECK(ResponseStatus("SIP/2.0 180 Ringing\r\n") == std::optional<uint16_t>{180});
    BOOST_CHECK(!ResponseStatus("SIP/2.0 099 x\r\n"));
    BOOST_CHECK(!ResponseStatus("INVITE sip:a SIP/2.0\r\n"));
}

BOOST_AUTO_TEST_CASE(branches_are_unique_rfc3261)
{
    std::string a = layer.NewBranch(), b = layer.NewBranch();
    BOOST_CHECK(a != b);
    BOOST_CHECK_EQUAL(a.substr(0, 7), "z9hG4bK");
    BOOST_CHECK_EQUAL(a.size(), 39U);
}

BOOST_AUTO_TEST_CASE(stack_end_to_end_over_udp)
{
    // The real pieces: EventTransport + TransactionLayer + EventTimerDriver on one event_base,
    // with short timers so timer G and timer I run within the test.
    event_base* base = event_base_new();
    BOOST_REQUIRE(base);
    RecordingUser tu;
    tu.auto_reply = 486;
    StackConfig config;
    config.transport.listen.push_back({Transport::UDP, *SockAddr::FromIp("127.0.0.1", 0)});
    config.transactions.t1_ms = 20;
    config.transactions.t2_ms = 80;
    config.transactions.t4_ms = 500;
    config.transactions.coarse_slot_ms = 100; // timer I (T4) ends 500-600 ms after the ACK
    {
        Stack stack{base, tu, config};
        tu.layer = &stack.Transactions();
        BOOST_REQUIRE(stack.Start().has_value());
        const SockAddr server = stack.Transport().BoundAddresses().at(0).address;
        const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        BOOST_REQUIRE(fd >= 0);
        const SockAddr any = *SockAddr::FromIp("127.0.0.1", 0);
        BOOST_REQUIRE(bind(fd, any.Raw(), any.RawLen()) == 0);
        auto run_ms = [&](int ms) {
            const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
            while (std::chrono::steady_clock::now() < end) {
                timeval slice{0, 5000};
                event_base_loopexit(base, &slice);
                event_base_dispatch(base);
            }
        };
        auto drain = [&] {
            std::string got;
            char buf[65536];
            for (int i = 0; i < 1000; ++i) {
                const ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
                if (n <= 0) break;
                got.append(buf, static_cast<size_t>(n));
            }
            return got;
        };
        auto count = [](const std::string& s, std::string_view what) {
            size_t n = 0;
            for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
            return n;
        };
        auto with_rport = [](std::string m) { return m.replace(m.find("192.0.2.10:5060"), 15, "127.0.0.1:5060;rport"); };
        const std::string inv = with_rport(Request("INVITE", "z9hG4bKe2e", "UDP"));
        BOOST_REQUIRE(sendto(fd, inv.data(), inv.size(), 0, server.Raw(), server.RawLen()) == static_cast<ssize_t>(inv.size()));
        run_ms(300); // 486 at once, then timer G: +20, +40, +80, +80 ms
        const std::string first = drain();
        BOOST_CHECK_EQUAL(tu.requests.size(), 1U);
        BOOST_CHECK_EQUAL(count(first, "SIP/2.0 100 "), 0U); // answered inside OnRequest: no 100
        BOOST_CHECK_GE(count(first, "SIP/2.0 486 "), 3U);
        const std::string ack = with_rport(Request("ACK", "z9hG4bKe2e", "UDP", {}, "totag1"));
        BOOST_REQUIRE(sendto(fd, ack.data(), ack.size(), 0, server.Raw(), server.RawLen()) == static_cast<ssize_t>(ack.size()));
        run_ms(30);
        drain();
        BOOST_CHECK_EQUAL(stack.Transactions().ServerCount(), 1U); // Confirmed, timer I = 500 ms
        run_ms(700);
        BOOST_CHECK_EQUAL(count(drain(), "SIP/2.0 486 "), 0U); // the ACK stopped timer G
        BOOST_CHECK_EQUAL(stack.Transactions().ServerCount(), 0U);
        const SipStatsSnapshot stats = stack.Stats();
        BOOST_CHECK_EQUAL(stats.transport.messages_in, 2U);
        BOOST_CHECK_EQUAL(stats.transactions.server_created, 1U);
        BOOST_CHECK_GE(stats.transactions.retransmissions_sent, 2U);
        close(fd);
    }
    event_base_free(base);
}

BOOST_AUTO_TEST_SUITE_END()
