// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSPORT_INBOUND_H
#define DOTS_SIP_TRANSPORT_INBOUND_H

// What every transport does with a message it read, independent of sockets: validation,
// answers to malformed requests, the RFC 3581 / RFC 3261 18.2.1 received/rport stamp.

#include <sip/parser/message.h>
#include <sip/transport/address.h>

#include <optional>
#include <string>

namespace sip {

/** The result of ProcessInbound: at most one of `message` and `reply` is set. */
struct InboundResult {
    /** A valid message to hand to the transaction layer (requests already stamped). */
    std::optional<SipMessage> message;
    /** An error response to send back to the peer (malformed request), else "". */
    std::string reply;
    /** Why the message was refused (OK when delivered; KEEPALIVE for bare CRLFs). */
    ParseError error{ParseError::OK};
};

/**
 * Validates a parsed message and decides what to do with it:
 *  - parse or Validate() error on a request whose top Via, CSeq and Call-ID can be read and
 *    that is not an ACK: `reply` is the status ParseErrorStatus() maps the error to (400, 416,
 *    505, 513) with its reason phrase; when the status is 0 or nothing can be addressed: drop;
 *  - malformed responses: dropped (RFC 3261 18.1.2);
 *  - valid requests: the top Via's received/rport stamp is recorded (StampReceived); nothing
 *    is rewritten or parsed again.
 * Pure; allocates only the reply.
 */
InboundResult ProcessInbound(ParseResult&& parsed, const SockAddr& source);

/**
 * Records on `request` the received and rport values of its top Via for a request that came
 * from `source` (SipMessage::StampTopVia; the builders apply them): received=<ip> when the
 * sent-by host is a name or another IP, or when rport is asked for (RFC 3581 4); an empty
 * ";rport" gets the source port. Returns false when nothing needs to change. Requires a top Via.
 */
bool StampReceived(SipMessage& request, const SockAddr& source);

/** A 503 Service Unavailable with "Retry-After: <seconds>" for a rate-limited request. */
std::string BuildRateLimitReply(const SipMessage& request, uint32_t retry_after_seconds);

/** True if a response can be addressed to this request: not ACK, with a top Via, a CSeq and
 *  a Call-ID (RFC 3261 8.2.6 copies them). */
bool CanAnswer(const SipMessage& request);

} // namespace sip

#endif // DOTS_SIP_TRANSPORT_INBOUND_H
