// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_PARSER_MESSAGE_H
#define DOTS_SIP_PARSER_MESSAGE_H

/**
 * SipMessage: one parsed SIP request or response, owning its buffer, with lazily parsed and
 * cached header values (zero copy); the entry points that parse a datagram or a framed stream
 * message; and the routing checks every message passes before it is used.
 */

#include <sip/parser/auth.h>
#include <sip/parser/cseq.h>
#include <sip/parser/error.h>
#include <sip/parser/header_name.h>
#include <sip/parser/list.h>
#include <sip/parser/method.h>
#include <sip/parser/nameaddr.h>
#include <sip/parser/uri.h>
#include <sip/parser/via.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace sip {

/** One header line as split from the message. Views point into the message buffer. */
struct HeaderField {
    HeaderType type{HeaderType::OTHER};
    std::string_view name;  // as written, e.g. "v" or "MaX-fOrWaRdS"
    /** Value without leading/trailing LWS. A folded value keeps its CRLF + SP/HT inside; every
     *  parser here treats that as LWS. */
    std::string_view value;
    std::string_view line;  // name through value end, without the line's CRLF
};

/**
 * A SIP message in one heap buffer that it owns, with std::string_view's into it (zero copy).
 * The start line and header lines are split when the message is parsed; a header's value is
 * parsed on first use and cached (Kamailio style). Every view and pointer a SipMessage hands
 * out stays valid as long as the message lives, also across a move (the buffer does not move).
 *
 * Thread safety: const methods fill lazy caches, so one message must not be used from two
 * threads at once without external locking. Different messages are independent.
 *
 * Only ParseDatagram/ParseStreamMessage create one.
 */
class SipMessage
{
    struct Key {
        explicit Key() = default;
    };

public:
    /** Only the parser can make a Key: use ParseDatagram()/ParseStreamMessage(). */
    explicit SipMessage(Key) {}
    SipMessage(SipMessage&&) noexcept = default;
    SipMessage& operator=(SipMessage&&) noexcept = default;
    SipMessage(const SipMessage&) = delete;
    SipMessage& operator=(const SipMessage&) = delete;

    bool IsRequest() const { return m_is_request; }
    bool IsResponse() const { return !m_is_request; }

    // --- start line ---
    std::string_view StartLine() const { return m_start_line; }
    /** Request method (EXTENSION for unknown methods and for responses). */
    SipMethod Method() const { return m_method; }
    /** Method token as written (requests only). */
    std::string_view MethodText() const { return m_method_text; }
    /** Request-URI text as written (requests only). */
    std::string_view RequestUriText() const { return m_ruri_text; }
    /** "SIP/2.0" as written. */
    std::string_view Version() const { return m_version; }
    /** Status code 100-699 (responses only, else 0). */
    uint16_t StatusCode() const { return m_status; }
    /** Reason phrase, may be empty or UTF-8 (responses only). */
    std::string_view ReasonPhrase() const { return m_reason; }

    // --- raw access ---
    /** The whole message (start line to the end of the body), without bytes after it. */
    std::string_view Raw() const { return {m_buf.get(), m_size}; }
    std::string_view Body() const { return m_body; }
    /** Offset in Raw() of the empty line that ends the header section. */
    size_t HeaderSectionEnd() const { return m_header_end; }
    std::span<const HeaderField> Headers() const { return m_headers; }
    /** First header of a type, or nullptr. O(1). */
    const HeaderField* FindHeader(HeaderType type) const;
    /** First header with this name (case-insensitive, compact forms resolved), or nullptr. */
    const HeaderField* FindHeader(std::string_view name) const;
    /** Number of header lines of a type (not comma-separated values). O(1). */
    size_t CountHeaders(HeaderType type) const { return m_count[static_cast<size_t>(type)]; }

    // --- lazily parsed single values; nullptr/nullopt when absent or malformed ---
    const Uri* RequestUri() const;
    /** First value of the first Via line. */
    const Via* TopVia() const;
    const NameAddr* From() const;
    const NameAddr* To() const;
    /** Call-ID value, "" when absent (not validated here; Validate() does). */
    std::string_view CallId() const;
    const CSeq* CSeqHeader() const;
    std::optional<uint32_t> MaxForwards() const;
    std::optional<uint32_t> Expires() const;
    /** Content-Length as given (the body is already framed by it). */
    std::optional<uint32_t> ContentLength() const;
    /** First value of the first Route line. */
    const NameAddr* TopRoute() const;
    std::string_view ContentType() const;

    // --- multi-valued headers: every value of every line; nullopt if any value is malformed ---
    /** All Via values in order; nullopt also above MAX_VIA_COUNT. */
    std::optional<std::vector<Via>> Vias() const;
    std::optional<std::vector<Contact>> Contacts() const;
    /** Route, Record-Route, Path, or any name-addr list header. */
    std::optional<std::vector<NameAddr>> NameAddrs(HeaderType type) const;
    /** Require, Proxy-Require, Supported, Unsupported, Allow, Allow-Events. An empty line
     *  adds no value (see ParseTokenList). */
    std::optional<std::vector<std::string_view>> Tokens(HeaderType type) const;
    /** One entry per header line of Authorization/Proxy-Authorization/WWW-/Proxy-Authenticate. */
    std::optional<std::vector<AuthHeader>> AuthHeaders(HeaderType type) const;
    std::optional<Event> EventHeader() const;

    // --- the server transport's received/rport stamp (RFC 3261 18.2.1, RFC 3581) ---
    /**
     * Records the received and rport values for the top Via of a request (a "lump", as
     * Kamailio calls it): the buffer and the parsed Via stay as they came, and the builders
     * (BuildResponse, BuildForwardedRequest) write the top Via with them applied. `received`
     * is an IP without brackets ("" to leave received as it is); `rport` fills an empty
     * ";rport" (nullopt to leave it). At most INET6_ADDRSTRLEN characters are kept.
     */
    void StampTopVia(std::string_view received, std::optional<uint16_t> rport);
    bool HasViaStamp() const { return m_stamp_received_len > 0 || m_stamp_rport.has_value(); }
    std::string_view StampedReceived() const { return {m_stamp_received, m_stamp_received_len}; }
    std::optional<uint16_t> StampedRport() const { return m_stamp_rport; }

    /**
     * Checks what the transaction layer and a proxy rely on (RFC 3261 16.3 step 1: "any other
     * components, well-formed or not, SHOULD be ignored and remain unchanged when the message
     * is forwarded"), in this order: the error the message was parsed with (a message kept
     * despite a start-line or Content-Length error never validates), Via (present, every value
     * valid, at most MAX_VIA_COUNT), Request-URI (syntax, then scheme sip/sips/tel: else
     * UNSUPPORTED_URI_SCHEME; no headers), From, To, Call-ID, CSeq (present exactly once and
     * valid; CSeq method equals the request method), and for requests Max-Forwards (at most
     * once, valid) and every Route value. Returns the first problem, or OK. A failed Via check
     * means no response can be addressed: drop.
     *
     * Headers only an endpoint or the registrar interprets (Contact, Expires, Authorization,
     * Require, Supported, Allow, Event, Record-Route, ...) are not checked here: the component
     * that uses one checks it through its accessor (nullopt when malformed) and answers 400
     * itself, and the proxy forwards them as written (see doc/sip.md, "Grammar tolerance").
     */
    [[nodiscard]] ParseError Validate() const;

private:
    friend struct MessageParser;

    /** A header value parsed on first use. The value is constructed only then: a message
     *  whose Route is never read pays nothing for it (they are large; most are never read). */
    template <typename T>
    struct Lazy {
        bool parsed{false};
        std::optional<T> value; // nullopt after parsing: absent or malformed
    };

    /** Calls f(item) for every comma-separated value of every line of `type`; false if the
     *  list syntax is broken or f returned false. */
    template <typename F>
    bool ForEachValue(HeaderType type, F&& f) const;

    std::unique_ptr<char[]> m_buf;
    size_t m_size{0};
    ParseError m_parse_error{ParseError::OK}; // the ParseResult's error
    bool m_is_request{false};
    SipMethod m_method{SipMethod::EXTENSION};
    uint16_t m_status{0};
    std::string_view m_start_line, m_method_text, m_ruri_text, m_version, m_reason, m_body;
    size_t m_header_end{0};
    std::vector<HeaderField> m_headers;
    std::array<uint16_t, HEADER_TYPE_COUNT> m_first{};
    std::array<uint16_t, HEADER_TYPE_COUNT> m_count{};

    char m_stamp_received[46]{};
    uint8_t m_stamp_received_len{0};
    std::optional<uint16_t> m_stamp_rport;

    mutable Lazy<Uri> m_ruri;
    mutable Lazy<Via> m_top_via;
    mutable Lazy<NameAddr> m_from;
    mutable Lazy<NameAddr> m_to;
    mutable Lazy<CSeq> m_cseq;
    mutable Lazy<NameAddr> m_top_route;
};

/**
 * Outcome of parsing. `message` is set whenever the start line and the header lines could be
 * split, even if `error` is not OK (e.g. BAD_VERSION or BODY_TRUNCATED), so the server can
 * still build the 400/505 from its Via, From, To, Call-ID and CSeq; when `error` is a start
 * line error, only the header accessors of that message are meaningful.
 */
struct [[nodiscard]] ParseResult {
    ParseError error{ParseError::OK};
    std::optional<SipMessage> message;
    bool ok() const { return error == ParseError::OK; }
};

/**
 * Parses one UDP datagram (also one WebSocket message) with datagram semantics: leading CRLFs
 * are skipped (only CRLFs: KEEPALIVE); Content-Length, if present, frames the body: larger
 * than what is left is BODY_TRUNCATED, smaller truncates the body and ignores the rest (RFC
 * 3261 18.3); absent, the body is the rest of the datagram. Also accepts headers that end at
 * the end of the datagram without the empty line. Copies the bytes; the input can be freed.
 */
ParseResult ParseDatagram(std::span<const uint8_t> datagram);
ParseResult ParseDatagram(std::string_view datagram);

/**
 * Parses one message framed from a stream (FrameStreamMessage() gave its length): Content-
 * Length is required (MISSING_CONTENT_LENGTH) and must match. Copies the bytes.
 */
ParseResult ParseStreamMessage(std::span<const uint8_t> bytes);
ParseResult ParseStreamMessage(std::string_view bytes);

} // namespace sip

#endif // DOTS_SIP_PARSER_MESSAGE_H
