// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_TEST_UTIL_SIP_H
#define DOTS_TEST_UTIL_SIP_H

// SIP test doubles for Boost.Test cases: a transport that records what the stack sends instead
// of sending it, and parse helpers for messages a test wrote (a message that does not parse is
// a broken test, so they stop the test case with the parser's reason and the text).

#include <sip/parser/error.h>
#include <sip/parser/message.h>
#include <sip/transaction/timer.h>
#include <sip/transport/transport.h>

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace test {

/** One message handed to FakeTransport::Send. */
struct SentMessage {
    sip::Destination to;
    std::string bytes;
    /** The clock's NowMs() when sent; 0 for a FakeTransport without a clock. */
    int64_t at_ms{0};
};

/**
 * A SipTransport that records every message in `sent` and reports OK, or ERROR (recording
 * nothing) while `fail` is set. Given a clock, stamps each message with its time, for tests of
 * retransmission timers.
 */
class FakeTransport final : public sip::SipTransport
{
public:
    FakeTransport() = default;
    explicit FakeTransport(const sip::TimerDriver& clock) : m_clock{&clock} {}

    sip::SendStatus Send(const sip::Destination& to, std::string_view bytes) override
    {
        if (fail) return sip::SendStatus::ERROR;
        sent.push_back({to, std::string{bytes}, m_clock ? m_clock->NowMs() : 0});
        return sip::SendStatus::OK;
    }

    /** The messages sent since the last Take(), which forgets them. */
    std::vector<SentMessage> Take() { return std::exchange(sent, {}); }

    /** The recorded messages whose bytes start with `prefix` ("INVITE", "SIP/2.0 200"), in order. */
    std::vector<SentMessage> With(std::string_view prefix) const
    {
        std::vector<SentMessage> out;
        for (const SentMessage& s : sent) {
            if (std::string_view{s.bytes}.substr(0, prefix.size()) == prefix) out.push_back(s);
        }
        return out;
    }

    std::vector<SentMessage> sent;
    bool fail{false};

private:
    const sip::TimerDriver* m_clock{nullptr};
};

/** `text` parsed as one datagram; fails the test case (BOOST_REQUIRE) if it does not parse. */
inline sip::SipMessage ParseSip(std::string_view text)
{
    sip::ParseResult r = sip::ParseDatagram(text);
    BOOST_REQUIRE_MESSAGE(r.ok() && r.message, "test message does not parse (" << sip::ParseErrorReason(r.error) << "):\n" << text);
    return std::move(*r.message);
}

/** ParseSip, and also fails the test case unless the message passes Validate() (what a transport delivers). */
inline sip::SipMessage ParseValidSip(std::string_view text)
{
    sip::SipMessage m = ParseSip(text);
    const sip::ParseError error = m.Validate();
    BOOST_REQUIRE_MESSAGE(error == sip::ParseError::OK, "test message is invalid (" << sip::ParseErrorReason(error) << "):\n" << text);
    return m;
}

} // namespace test

#endif // DOTS_TEST_UTIL_SIP_H
