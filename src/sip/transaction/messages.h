// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSACTION_MESSAGES_H
#define DOTS_SIP_TRANSACTION_MESSAGES_H

// Transaction keys (RFC 3261 17.1.3 / 17.2.3) and the requests a transaction layer writes
// itself: the ACK for a non-2xx final response (17.1.1.3) and CANCEL (9.1).

#include <sip/parser/message.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sip {

/**
 * Writes the server transaction key of `request` into `out` (cleared first; reuse one string
 * to avoid allocations). RFC 3261 requests (top Via branch with the magic cookie): branch,
 * sent-by and method, with ACK mapped to INVITE. Older requests (RFC 2543, 17.2.3 fallback):
 * Request-URI, From tag, Call-ID, CSeq number, top Via and method. `method` overrides the
 * request's method (a CANCEL looks up the INVITE it cancels with "INVITE").
 * Returns false when the request has no usable top Via or CSeq.
 */
[[nodiscard]] bool ServerKey(const SipMessage& request, std::string& out, std::string_view method = {});

/** Client transaction key of a sent request or a received response: top Via branch + CSeq
 *  method (RFC 3261 17.1.3). False when there is no branch or CSeq. */
[[nodiscard]] bool ClientKey(const SipMessage& message, std::string& out);

/**
 * The ACK for a non-2xx final `response` to INVITE `request` (RFC 3261 17.1.1.3): the
 * request's Request-URI, top Via, Route headers, From, Call-ID and CSeq number, the
 * response's To (with its tag), Max-Forwards 70, no body.
 */
std::string BuildAck(const SipMessage& request, const SipMessage& response);

/** CANCEL for `request` (RFC 3261 9.1): same Request-URI, top Via, Route, From, To, Call-ID
 *  and CSeq number, method CANCEL, Max-Forwards 70, no body. */
std::string BuildCancel(const SipMessage& request);

/** The status code of a serialized response ("SIP/2.0 NNN ..."), nullopt if not one. */
std::optional<uint16_t> ResponseStatus(std::string_view bytes);

} // namespace sip

#endif // DOTS_SIP_TRANSACTION_MESSAGES_H
