// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_PARSER_BUILDER_H
#define DOTS_SIP_PARSER_BUILDER_H

// Writing messages: responses built from a request, and requests/responses forwarded with
// their Via/Route/Record-Route/Max-Forwards edited by splicing the original buffer (no
// re-parsing, header lines copied as written).

#include <sip/parser/message.h>
#include <sip/parser/via.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sip {

/** Formats a Via value: "SIP/2.0/UDP host[:port];branch=<branch>[;rport]". IPv6 hosts are
 *  bracketed. `branch` should start with BRANCH_MAGIC_COOKIE. */
std::string FormatVia(Transport transport, std::string_view host, std::optional<uint16_t> port,
                      std::string_view branch, bool rport = false);

/** An OPTIONS request this node originates outside any dialog (keepalive pings, availability
 *  probes): the Request-URI is also the To, the From is <sip:dots@from_domain>. */
struct OptionsRequest {
    std::string_view request_uri;   //!< Request-URI and To URI
    std::string_view via;           //!< the Via value (FormatVia())
    std::string_view from_domain;   //!< From: <sip:dots@from_domain>
    std::string_view from_tag;      //!< the From tag
    std::string_view call_id;       //!< the whole Call-ID value
    uint32_t cseq{1};               //!< the CSeq number
    std::string_view extra_headers; //!< complete lines, each ending in CRLF ("" for none)
};

/** Builds `r` as a complete message: request line, Via, Max-Forwards: 70, From, To, Call-ID,
 *  CSeq, `extra_headers`, Content-Length: 0. The fields must not contain CR/LF. */
std::string BuildOptionsRequest(const OptionsRequest& r);

/** The same for an out-of-dialog request of this node with another `method` ("MESSAGE"),
 *  described by the same fields, and a body: Content-Type `content_type` (none when "") and
 *  Content-Length of `body`. */
std::string BuildOwnRequest(std::string_view method, const OptionsRequest& r, std::string_view content_type = {},
                            std::string_view body = {});

/**
 * The top Via value of `message` as the builders write it: as received, with the transport's
 * received/rport stamp applied (SipMessage::StampTopVia): an existing received= gets the
 * stamped address, an empty ";rport" gets the port, a missing received is appended. "" when
 * the message has no top Via.
 */
std::string TopViaValue(const SipMessage& message);
/** Appends TopViaValue(message) to `out` (no string of its own). */
void AppendTopViaValue(std::string& out, const SipMessage& message);

/**
 * Builds a response to `request` (RFC 3261 8.2.6): status line, every Via line (the top one
 * stamped, see TopViaValue), From, To,
 * Call-ID and CSeq copied as written, ";tag=<to_tag>" appended to To when the request's To has
 * no tag and to_tag is not empty (never on 100), then `extra_headers` (complete lines, each
 * ending in CRLF, e.g. "Contact: <sip:a@b>\r\nContent-Type: application/sdp\r\n"), then
 * Content-Length and `body`. Headers the request lacks are left out. `reason` must not contain
 * CR/LF. Allocates the returned string only.
 */
std::string BuildResponse(const SipMessage& request, uint16_t code, std::string_view reason,
                          std::string_view to_tag = {}, std::string_view extra_headers = {},
                          std::string_view body = {});

/** What to change when forwarding a request (RFC 3261 16.6). */
struct ForwardEdits {
    /** Value of the Via to add on top (FormatVia()). Required. */
    std::string_view via;
    /** name-addr value of a Record-Route to add on top, e.g. "<sip:node.example;lr>"; "" for none. */
    std::string_view record_route;
    /** Remove the first Route value (loose routing, after the caller checked that it is us). */
    bool remove_top_route{false};
    /** Also remove the second Route value (RFC 5658 double Record-Route: both name us). */
    bool remove_second_route{false};
    /** New Request-URI text, or "" to keep the current one. */
    std::string_view request_uri;
    /** Decrement Max-Forwards (the caller has answered 483 for 0), or add "Max-Forwards: 70". */
    bool decrement_max_forwards{true};
    /** Non-empty: drop the Proxy-Authorization lines holding Digest credentials for this realm
     *  (the credentials this proxy consumed, RFC 3261 22.3); other realms' stay. */
    std::string_view consumed_credentials_realm;
};

/**
 * Returns `request` with the edits applied, its top Via stamped (TopViaValue), every other
 * header line copied as written (folded
 * lines stay folded; bare-LF line ends become CRLF), and a Content-Length added when the
 * request had none (datagram in, stream out).
 */
std::string BuildForwardedRequest(const SipMessage& request, const ForwardEdits& edits);

/**
 * Returns `response` without its top Via value (the first value of the first Via line; the
 * line goes when that was its only value), ready to be sent to the next Via (RFC 3261
 * 16.7 step 9). Returns nullopt if the response has no Via.
 */
std::optional<std::string> BuildUpstreamResponse(const SipMessage& response);

} // namespace sip

#endif // DOTS_SIP_PARSER_BUILDER_H
