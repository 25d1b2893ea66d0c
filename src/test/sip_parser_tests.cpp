// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/auth.h>
#include <sip/parser/builder.h>
#include <sip/parser/cseq.h>
#include <sip/parser/framing.h>
#include <sip/parser/header_name.h>
#include <sip/parser/limits.h>
#include <sip/parser/list.h>
#include <sip/parser/message.h>
#include <sip/parser/via.h>
#include <test/util/sip.h>

#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace sip {
// Lets Boost.Test print a ParseError in failed checks.
std::ostream& operator<<(std::ostream& os, ParseError e) { return os << ParseErrorReason(e); }
} // namespace sip

using namespace sip;

namespace {

const std::string INVITE =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport\r\n"
    "Max-Forwards: 70\r\n"
    "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 4\r\n"
    "\r\n"
    "v=0\n";

ParseError ParseErrorOf(std::string_view text) { return ParseDatagram(text).error; }

ParseError ValidateErrorOf(std::string_view text)
{
    ParseResult r = ParseDatagram(text);
    BOOST_REQUIRE_MESSAGE(r.ok(), "parse: " << ParseErrorReason(r.error));
    return r.message->Validate();
}

/** INVITE with one header line replaced/added. */
std::string WithHeader(std::string_view name, std::string_view line)
{
    std::string out = INVITE;
    const size_t pos = out.find(std::string{"\r\n"} + std::string{name} + ":");
    if (pos != std::string::npos) {
        const size_t end = out.find("\r\n", pos + 2);
        out.replace(pos + 2, end - pos - 2, line);
    } else {
        out.insert(out.find("\r\n") + 2, std::string{line} + "\r\n");
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sip_parser_tests)

BOOST_AUTO_TEST_CASE(header_names_and_compact_forms)
{
    BOOST_CHECK(LookupHeaderName("Via") == HeaderType::VIA);
    BOOST_CHECK(LookupHeaderName("vIA") == HeaderType::VIA);
    BOOST_CHECK(LookupHeaderName("call-id") == HeaderType::CALL_ID);
    BOOST_CHECK(LookupHeaderName("WWW-AUTHENTICATE") == HeaderType::WWW_AUTHENTICATE);
    BOOST_CHECK(LookupHeaderName("X-Custom") == HeaderType::OTHER);
    BOOST_CHECK(LookupHeaderName("") == HeaderType::OTHER);
    BOOST_CHECK(LookupHeaderName("Vias") == HeaderType::OTHER);
    const std::pair<const char*, HeaderType> compact[] = {
        {"i", HeaderType::CALL_ID}, {"m", HeaderType::CONTACT}, {"f", HeaderType::FROM},
        {"t", HeaderType::TO}, {"v", HeaderType::VIA}, {"l", HeaderType::CONTENT_LENGTH},
        {"c", HeaderType::CONTENT_TYPE}, {"k", HeaderType::SUPPORTED}, {"s", HeaderType::SUBJECT},
        {"e", HeaderType::CONTENT_ENCODING}, {"o", HeaderType::EVENT}, {"r", HeaderType::REFER_TO},
        {"u", HeaderType::ALLOW_EVENTS}, {"x", HeaderType::SESSION_EXPIRES}, {"b", HeaderType::REFERRED_BY},
        {"y", HeaderType::IDENTITY}, {"a", HeaderType::ACCEPT_CONTACT}, {"j", HeaderType::REJECT_CONTACT},
        {"d", HeaderType::REQUEST_DISPOSITION}, {"n", HeaderType::IDENTITY_INFO},
    };
    for (const auto& [name, type] : compact) {
        BOOST_CHECK_MESSAGE(LookupHeaderName(name) == type, name);
        const std::string upper(1, static_cast<char>(name[0] - 32));
        BOOST_CHECK_MESSAGE(LookupHeaderName(upper) == type, upper);
    }
    BOOST_CHECK(LookupHeaderName("g") == HeaderType::OTHER);
    // Every full name round-trips.
    for (size_t t = 1; t < HEADER_TYPE_COUNT; ++t) {
        const auto type = static_cast<HeaderType>(t);
        BOOST_CHECK_MESSAGE(LookupHeaderName(HeaderName(type)) == type, HeaderName(type));
    }
}

BOOST_AUTO_TEST_CASE(typical_invite_fields)
{
    const SipMessage m = test::ParseSip(INVITE);
    BOOST_CHECK_EQUAL(m.Validate(), ParseError::OK);
    BOOST_CHECK(m.IsRequest());
    BOOST_CHECK(m.Method() == SipMethod::INVITE);
    BOOST_CHECK_EQUAL(m.RequestUri()->user, "bob");
    const Via* via = m.TopVia();
    BOOST_REQUIRE(via);
    BOOST_CHECK_EQUAL(via->host, "pc33.atlanta.example.com");
    BOOST_CHECK_EQUAL(via->port.value_or(0), 5060);
    BOOST_CHECK_EQUAL(via->branch, "z9hG4bK776asdhds");
    BOOST_CHECK(via->has_rport);
    BOOST_CHECK(!via->rport);
    BOOST_CHECK(via->HasRfc3261Branch());
    BOOST_CHECK_EQUAL(m.MaxForwards().value_or(0), 70U);
    BOOST_CHECK_EQUAL(m.From()->Tag(), "1928301774");
    BOOST_CHECK(m.To()->Tag().empty());
    BOOST_CHECK_EQUAL(m.CallId(), "a84b4c76e66710@pc33.atlanta.example.com");
    BOOST_CHECK_EQUAL(m.CSeqHeader()->number, 314159U);
    BOOST_CHECK_EQUAL(m.TopRoute()->uri.host, "p1.example.com");
    const auto routes = m.NameAddrs(HeaderType::ROUTE);
    BOOST_REQUIRE(routes && routes->size() == 2);
    BOOST_CHECK_EQUAL((*routes)[1].uri.host, "p2.example.com");
    BOOST_CHECK_EQUAL(m.Body(), "v=0\n");
    BOOST_CHECK_EQUAL(m.HeaderSectionEnd(), INVITE.size() - 4);
    // Views point into the message's own buffer, which survives a move.
    const char* before = m.CallId().data();
    SipMessage moved = test::ParseSip(INVITE);
    const char* buf = moved.Raw().data();
    SipMessage target = std::move(moved);
    BOOST_CHECK(target.Raw().data() == buf);
    BOOST_CHECK(before != nullptr);
}

BOOST_AUTO_TEST_CASE(folding_and_lws)
{
    const std::string msg =
        "OPTIONS sip:a@b.example SIP/2.0\r\n"
        "Via  :  SIP / 2.0 / TCP\r\n  host.example\r\n\t: 5061 ;\r\n branch = z9hG4bKx ; received=192.0.2.7\r\n"
        "To:\r\n <sip:a@b.example>\r\n"
        "From: <sip:c@d.example>\r\n ;tag=1\r\n"
        "Call-ID: x@y\r\n"
        "CSeq: 1\r\n OPTIONS\r\n"
        "Subject: first\r\n second\r\n"
        "Content-Length: 0\r\n\r\n";
    const SipMessage m = test::ParseSip(msg);
    BOOST_CHECK_EQUAL(m.Validate(), ParseError::OK);
    BOOST_CHECK_EQUAL(m.TopVia()->host, "host.example");
    BOOST_CHECK_EQUAL(m.TopVia()->port.value_or(0), 5061);
    BOOST_CHECK_EQUAL(m.TopVia()->branch, "z9hG4bKx");
    BOOST_CHECK_EQUAL(m.TopVia()->received, "192.0.2.7");
    BOOST_CHECK_EQUAL(m.From()->Tag(), "1");
    BOOST_CHECK_EQUAL(m.FindHeader(HeaderType::SUBJECT)->value, "first\r\n second");
    BOOST_CHECK_EQUAL(m.Headers().size(), 7U); // continuation lines are not headers

    // Bare LF line ends are accepted too.
    const SipMessage lf = test::ParseSip("OPTIONS sip:a@b.example SIP/2.0\nVia: SIP/2.0/UDP h.example\n"
                                    "To: <sip:a@b.example>\nFrom: <sip:c@d.example>;tag=1\nCall-ID: 1\n"
                                    "CSeq: 1 OPTIONS\n\n");
    BOOST_CHECK_EQUAL(lf.Validate(), ParseError::OK);
}

BOOST_AUTO_TEST_CASE(multi_values_with_quotes_and_brackets)
{
    const SipMessage m = test::ParseSip(WithHeader("Contact",
        "Contact: \"Doe, John\" <sip:jo,hn@h1.example;x=1>;q=0.5, <sip:j2@h2.example>;expires=60,sip:j3@h3.example"));
    const auto contacts = m.Contacts();
    BOOST_REQUIRE(contacts);
    BOOST_REQUIRE_EQUAL(contacts->size(), 3U);
    BOOST_CHECK_EQUAL((*contacts)[0].address.DisplayName(), "Doe, John");
    BOOST_CHECK_EQUAL((*contacts)[0].q_milli.value_or(0), 500);
    BOOST_CHECK_EQUAL((*contacts)[1].expires.value_or(0), 60U);
    BOOST_CHECK_EQUAL((*contacts)[2].address.uri.host, "h3.example");

    const SipMessage two_lines = test::ParseSip(WithHeader("Via",
        "Via: SIP/2.0/UDP a.example;branch=z9hG4bK1, SIP/2.0/TCP b.example;branch=z9hG4bK2\r\n"
        "Via: SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bK3;rport=5062;ttl=16;maddr=239.255.255.1"));
    const auto vias = two_lines.Vias();
    BOOST_REQUIRE(vias && vias->size() == 3);
    BOOST_CHECK_EQUAL((*vias)[2].host, "2001:db8::1");
    BOOST_CHECK((*vias)[2].host_type == HostType::IPV6);
    BOOST_CHECK_EQUAL((*vias)[2].rport.value_or(0), 5062);
    BOOST_CHECK_EQUAL((*vias)[2].ttl.value_or(0), 16);
    BOOST_CHECK_EQUAL((*vias)[2].maddr, "239.255.255.1");
    BOOST_CHECK_EQUAL(two_lines.TopVia()->host, "a.example");

    BOOST_CHECK(!test::ParseSip(WithHeader("Contact", "Contact: *, <sip:a@b.example>")).Contacts());
    BOOST_CHECK(!test::ParseSip(WithHeader("Contact", "Contact: <sip:a@b.example>,,<sip:c@d.example>")).Contacts());
    BOOST_CHECK_EQUAL(ValidateErrorOf(WithHeader("Route", "Route: <sip:p1.example;lr>,")), ParseError::BAD_ROUTE);
    BOOST_CHECK_EQUAL(ValidateErrorOf(WithHeader("Route", "Route: <sip:p1.example;lr")), ParseError::BAD_ROUTE);
    BOOST_CHECK(!test::ParseSip(WithHeader("Record-Route", "Record-Route: \"x <sip:p1.example>")).NameAddrs(HeaderType::RECORD_ROUTE));
}

BOOST_AUTO_TEST_CASE(via_errors)
{
    BOOST_CHECK(!ParseVia("SIP/2.0/UDP"));
    BOOST_CHECK(!ParseVia("SIP/2.0/UDPhost.example"));
    BOOST_CHECK(!ParseVia("SIP/3.0/UDP h.example"));
    BOOST_CHECK(!ParseVia("SIP//UDP h.example"));
    BOOST_CHECK(!ParseVia("SIP/2.0/UDP h.example:99999"));
    BOOST_CHECK(!ParseVia("SIP/2.0/UDP h.example;ttl=256"));
    BOOST_CHECK(!ParseVia("SIP/2.0/UDP h.example;rport=x"));
    BOOST_CHECK(!ParseVia("SIP/2.0/UDP h.example;received=host.example"));
    BOOST_CHECK(!ParseVia("SIP/2.0/UDP h.example;branch"));
    BOOST_CHECK(!ParseVia("SIP/2.0/UDP h.example junk"));
    BOOST_CHECK(ParseVia("sip/2.0/ws df7jal23ls0d.invalid;branch=z9hG4bKx")->transport == Transport::WS);
    BOOST_CHECK_EQUAL(ValidateErrorOf(WithHeader("Via", "Via: SIP/2.0/UDP ;branch=z9hG4bK1")), ParseError::BAD_VIA);
    std::string many = "Via: SIP/2.0/UDP a.example";
    for (size_t i = 0; i < MAX_VIA_COUNT; ++i) many += ",SIP/2.0/UDP a.example";
    BOOST_CHECK_EQUAL(ValidateErrorOf(WithHeader("Via", many)), ParseError::TOO_MANY_VIAS);
}

BOOST_AUTO_TEST_CASE(scalars)
{
    BOOST_CHECK_EQUAL(ParseCSeq("2147483647 ACK")->number, 2147483647U);
    BOOST_CHECK(!ParseCSeq("2147483648 ACK"));
    BOOST_CHECK(!ParseCSeq("1INVITE"));
    BOOST_CHECK(!ParseCSeq("1"));
    BOOST_CHECK(!ParseCSeq("INVITE"));
    BOOST_CHECK(!ParseCSeq("-1 INVITE"));
    BOOST_CHECK(!ParseCSeq("1 INVITE x"));
    BOOST_CHECK(ParseCSeq("0 FOO")->method == SipMethod::EXTENSION);
    BOOST_CHECK_EQUAL(ParseMaxForwards("0").value_or(1), 0U);
    BOOST_CHECK_EQUAL(ParseMaxForwards("255").value_or(0), 255U);
    BOOST_CHECK(!ParseMaxForwards("256"));
    BOOST_CHECK(!ParseMaxForwards(""));
    BOOST_CHECK(!ParseMaxForwards("+1"));
    BOOST_CHECK_EQUAL(ParseDeltaSeconds("4294967295").value_or(0), 4294967295U);
    BOOST_CHECK(!ParseDeltaSeconds("4294967296"));
    BOOST_CHECK(!ParseDeltaSeconds("99999999999999999999999"));
    BOOST_CHECK_EQUAL(ParseContentLength(std::to_string(MAX_MESSAGE_SIZE)).value_or(0), MAX_MESSAGE_SIZE);
    BOOST_CHECK(!ParseContentLength(std::to_string(MAX_MESSAGE_SIZE + 1)));
    BOOST_CHECK(IsValidCallId("abc@def"));
    BOOST_CHECK(!IsValidCallId("abc@"));
    BOOST_CHECK(!IsValidCallId("a b"));
    BOOST_CHECK(!IsValidCallId("a@b@c"));
    BOOST_CHECK(!IsValidCallId(""));
}

BOOST_AUTO_TEST_CASE(start_lines)
{
    BOOST_CHECK_EQUAL(ParseErrorOf("INVITE sip:a@b.example SIP/2.1\r\n\r\n"), ParseError::BAD_VERSION);
    BOOST_CHECK_EQUAL(ParseErrorStatus(ParseError::BAD_VERSION), 505);
    BOOST_CHECK_EQUAL(ParseErrorOf("INVITE sip:a@b.example HTTP/1.1\r\n\r\n"), ParseError::BAD_START_LINE);
    BOOST_CHECK_EQUAL(ParseErrorOf("INVITE  sip:a@b.example SIP/2.0\r\n\r\n"), ParseError::BAD_START_LINE);
    BOOST_CHECK_EQUAL(ParseErrorOf("INVITE sip:a@b.example SIP/2.0 \r\n\r\n"), ParseError::BAD_START_LINE);
    BOOST_CHECK_EQUAL(ParseErrorOf("INV@TE sip:a@b.example SIP/2.0\r\n\r\n"), ParseError::BAD_START_LINE);
    BOOST_CHECK_EQUAL(ParseErrorOf("INVITE\r\n\r\n"), ParseError::BAD_START_LINE);
    BOOST_CHECK_EQUAL(ParseErrorOf("INVITE sip:a@b.example SIP/2.0"), ParseError::BAD_START_LINE);
    BOOST_CHECK_EQUAL(ParseErrorOf("SIP/2.0 99 Too Low\r\n\r\n"), ParseError::BAD_STATUS_CODE);
    BOOST_CHECK_EQUAL(ParseErrorOf("SIP/2.0 700 Too High\r\n\r\n"), ParseError::BAD_STATUS_CODE);
    BOOST_CHECK_EQUAL(ParseErrorOf("SIP/2.0 2000 OK\r\n\r\n"), ParseError::BAD_STATUS_CODE);
    BOOST_CHECK_EQUAL(ParseErrorOf("SIP/2.0 20x OK\r\n\r\n"), ParseError::BAD_STATUS_CODE);
    BOOST_CHECK_EQUAL(ParseErrorOf("SIP/3.0 200 OK\r\n\r\n"), ParseError::BAD_VERSION);
    BOOST_CHECK_EQUAL(ParseErrorOf("SIP/2.0\r\n\r\n"), ParseError::BAD_STATUS_CODE);
    BOOST_CHECK_EQUAL(ParseErrorOf("SIP/2.0 \r\n\r\n"), ParseError::BAD_STATUS_CODE);
    BOOST_CHECK_EQUAL(ParseErrorOf("SIP/2.0 200\r\n\r\n"), ParseError::OK);
    BOOST_CHECK_EQUAL(ParseErrorOf("\r\n\r\n"), ParseError::KEEPALIVE);
    BOOST_CHECK_EQUAL(ParseErrorOf(""), ParseError::KEEPALIVE);
    const SipMessage r = test::ParseSip("SIP/2.0 486 Busy Here\r\n\r\n");
    BOOST_CHECK_EQUAL(r.StatusCode(), 486);
    BOOST_CHECK_EQUAL(r.ReasonPhrase(), "Busy Here");
    const SipMessage lead = test::ParseSip("\r\n\r\nSIP/2.0 200\r\n\r\n"); // leading CRLFs skipped
    BOOST_CHECK_EQUAL(lead.StatusCode(), 200);
    BOOST_CHECK(test::ParseSip("FOO sip:a@b.example SIP/2.0\r\n\r\n").Method() == SipMethod::EXTENSION);
    BOOST_CHECK(test::ParseSip("invite sip:a@b.example SIP/2.0\r\n\r\n").Method() == SipMethod::EXTENSION);
}

BOOST_AUTO_TEST_CASE(header_line_errors_and_limits)
{
    BOOST_CHECK_EQUAL(ParseErrorOf("OPTIONS sip:a@b.example SIP/2.0\r\nNoColon\r\n\r\n"), ParseError::BAD_HEADER_LINE);
    BOOST_CHECK_EQUAL(ParseErrorOf("OPTIONS sip:a@b.example SIP/2.0\r\n continuation\r\n\r\n"), ParseError::BAD_HEADER_LINE);
    BOOST_CHECK_EQUAL(ParseErrorOf("OPTIONS sip:a@b.example SIP/2.0\r\nBad Name: x\r\n\r\n"), ParseError::BAD_HEADER_LINE);
    BOOST_CHECK_EQUAL(ParseErrorOf("OPTIONS sip:a@b.example SIP/2.0\r\n: x\r\n\r\n"), ParseError::BAD_HEADER_LINE);
    BOOST_CHECK_EQUAL(ParseErrorOf("OPTIONS sip:a@b.example SIP/2.0\r\nX: unterminated"), ParseError::MISSING_HEADER_TERMINATOR);

    std::string big = "OPTIONS sip:a@b.example SIP/2.0\r\nX: " + std::string(MAX_MESSAGE_SIZE, 'a') + "\r\n\r\n";
    BOOST_CHECK_EQUAL(ParseErrorOf(big), ParseError::MESSAGE_TOO_LARGE);
    BOOST_CHECK_EQUAL(ParseErrorStatus(ParseError::MESSAGE_TOO_LARGE), 513);
    std::string long_line = "OPTIONS sip:a@b.example SIP/2.0\r\nX: " + std::string(MAX_HEADER_LINE_LENGTH, 'a') + "\r\n\r\n";
    BOOST_CHECK_EQUAL(ParseErrorOf(long_line), ParseError::HEADER_LINE_TOO_LONG);
    std::string ok_line = "OPTIONS sip:a@b.example SIP/2.0\r\nX: " + std::string(MAX_HEADER_LINE_LENGTH - 3, 'a') + "\r\n\r\n";
    BOOST_CHECK_EQUAL(ParseErrorOf(ok_line), ParseError::OK);
    std::string many = "OPTIONS sip:a@b.example SIP/2.0\r\n";
    for (size_t i = 0; i <= MAX_HEADER_COUNT; ++i) many += "X: 1\r\n";
    BOOST_CHECK_EQUAL(ParseErrorOf(many + "\r\n"), ParseError::TOO_MANY_HEADERS);
}

BOOST_AUTO_TEST_CASE(datagram_content_length)
{
    const std::string head = "MESSAGE sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/UDP h.example\r\n";
    BOOST_CHECK_EQUAL(test::ParseSip(head + "l: 3\r\n\r\nabcdef").Body(), "abc");      // truncates
    BOOST_CHECK_EQUAL(test::ParseSip(head + "\r\nabcdef").Body(), "abcdef");           // absent: rest
    BOOST_CHECK_EQUAL(ParseErrorOf(head + "Content-Length: 7\r\n\r\nabcdef"), ParseError::BODY_TRUNCATED);
    BOOST_CHECK_EQUAL(ParseErrorOf(head + "Content-Length: x\r\n\r\n"), ParseError::BAD_CONTENT_LENGTH);
    BOOST_CHECK_EQUAL(ParseErrorOf(head + "Content-Length: 1, 1\r\n\r\na"), ParseError::MULTIPLE_CONTENT_LENGTH);
    BOOST_CHECK_EQUAL(ParseErrorOf(head + "l: 0\r\nContent-Length: 0\r\n\r\n"), ParseError::MULTIPLE_CONTENT_LENGTH);
    BOOST_CHECK_EQUAL(ParseStreamMessage(head + "\r\nabc").error, ParseError::MISSING_CONTENT_LENGTH);
    BOOST_CHECK_EQUAL(ParseStreamMessage(head + "l: 3\r\n\r\nabc").message->Body(), "abc");
}

BOOST_AUTO_TEST_CASE(validate_required_headers)
{
    BOOST_CHECK_EQUAL(ValidateErrorOf(WithHeader("CSeq", "CSeq: 1 BYE")), ParseError::CSEQ_METHOD_MISMATCH);
    BOOST_CHECK_EQUAL(ValidateErrorOf(WithHeader("Call-ID", "Call-ID: has space")), ParseError::BAD_CALL_ID);
    BOOST_CHECK_EQUAL(ValidateErrorOf(WithHeader("Call-ID", "i: second") ), ParseError::OK);
    BOOST_CHECK_EQUAL(ValidateErrorOf(WithHeader("Max-Forwards", "Max-Forwards: 256")), ParseError::BAD_MAX_FORWARDS);
    BOOST_CHECK_EQUAL(ValidateErrorOf(WithHeader("To", "To: <sip:a@b.example>;tag=")), ParseError::BAD_TO);
    BOOST_CHECK_EQUAL(ValidateErrorOf(WithHeader("From", "From: x")), ParseError::BAD_FROM);
    BOOST_CHECK_EQUAL(ValidateErrorOf(WithHeader("Max-Forwards", "Max-Forwards: 70\r\nMax-Forwards: 69")), ParseError::DUPLICATE_HEADER);
    BOOST_CHECK_EQUAL(ValidateErrorOf(WithHeader("Route", "Route: sip:p1.example;lr>")), ParseError::BAD_ROUTE);
    std::string dup = INVITE;
    dup.insert(dup.find("\r\n") + 2, "t: <sip:x@y.example>\r\n");
    BOOST_CHECK_EQUAL(ValidateErrorOf(dup), ParseError::DUPLICATE_HEADER);
    std::string missing = INVITE;
    const size_t cseq = missing.find("CSeq:");
    missing.erase(cseq, missing.find("\r\n", cseq) + 2 - cseq);
    BOOST_CHECK_EQUAL(ValidateErrorOf(missing), ParseError::MISSING_CSEQ);
    std::string novia = INVITE;
    const size_t via = novia.find("Via:");
    novia.erase(via, novia.find("\r\n", via) + 2 - via);
    BOOST_CHECK_EQUAL(ValidateErrorOf(novia), ParseError::MISSING_VIA);
    BOOST_CHECK_EQUAL(ValidateErrorOf("INVITE sips:a@b.example?x=y SIP/2.0\r\n" + INVITE.substr(INVITE.find("\r\n") + 2)),
                      ParseError::BAD_REQUEST_URI);
    BOOST_CHECK_EQUAL(ValidateErrorOf("INVITE tel:+15551234 SIP/2.0\r\n" + INVITE.substr(INVITE.find("\r\n") + 2)),
                      ParseError::OK);
    BOOST_CHECK_EQUAL(ParseErrorStatus(ParseError::UNSUPPORTED_URI_SCHEME), 416);
}

BOOST_AUTO_TEST_CASE(token_lists_event_auth)
{
    const auto list = ParseTokenList("100rel, timer ,\r\n path");
    BOOST_REQUIRE(list && list->size() == 3);
    BOOST_CHECK_EQUAL((*list)[2], "path");
    BOOST_CHECK(ParseTokenList("")->empty());
    BOOST_CHECK(ParseTokenList(" \r\n ")->empty());
    BOOST_CHECK(!ParseTokenList("a,,b"));
    BOOST_CHECK(!ParseTokenList(","));
    BOOST_CHECK(!ParseTokenList("a b"));
    const SipMessage m = test::ParseSip(WithHeader("Allow", "Allow: INVITE, ACK\r\nAllow: BYE"));
    BOOST_CHECK_EQUAL(m.Tokens(HeaderType::ALLOW)->size(), 3U);
    BOOST_CHECK(m.Tokens(HeaderType::SUPPORTED)->empty());

    const auto event = ParseEvent("dialog.winfo ; id=17;x");
    BOOST_REQUIRE(event);
    BOOST_CHECK_EQUAL(event->package, "dialog.winfo");
    BOOST_CHECK_EQUAL(event->id, "17");
    BOOST_CHECK(!ParseEvent(""));

    const auto auth = ParseAuthHeader(
        "Digest username=\"alice\", realm=\"atlanta.example.com\",\r\n nonce=\"84a4cc6f3082121f32b42a2187831a9e\","
        " uri=\"sip:alice@atlanta.example.com\", response=\"7587245234b3434cc3412213e5f113a5432\","
        " algorithm=SHA-256, cnonce=\"0a4f113b\", qop=auth, nc=00000001, opaque=\"x,y\"");
    BOOST_REQUIRE(auth);
    BOOST_CHECK(auth->IsDigest());
    const auto creds = ParseDigestCredentials(*auth);
    BOOST_REQUIRE(creds);
    BOOST_CHECK_EQUAL(creds->username, "alice");
    BOOST_CHECK_EQUAL(creds->realm, "atlanta.example.com");
    BOOST_CHECK_EQUAL(creds->uri, "sip:alice@atlanta.example.com");
    BOOST_CHECK_EQUAL(creds->algorithm, "SHA-256");
    BOOST_CHECK_EQUAL(creds->nc, "00000001");
    BOOST_CHECK_EQUAL(creds->opaque, "x,y");
    BOOST_CHECK(!ParseAuthHeader("Digest"));
    BOOST_CHECK(!ParseAuthHeader("Digest realm=a, realm=b"));
    BOOST_CHECK(!ParseAuthHeader("Digest realm=\"a"));
    BOOST_CHECK(!ParseAuthHeader("Digest realm="));
    BOOST_CHECK(!ParseDigestCredentials(*ParseAuthHeader("Digest username=a, realm=b, nonce=c, uri=d")));
    BOOST_CHECK(!ParseDigestCredentials(*ParseAuthHeader(
        "Digest username=a, realm=b, nonce=c, uri=d, response=e, qop=auth, cnonce=f, nc=1")));
    const auto challenge = ParseAuthHeader("Digest realm=\"example.com\", nonce=\"abc\", qop=\"auth\", stale=TRUE, algorithm=MD5");
    BOOST_REQUIRE(challenge);
    const auto ch = ParseDigestChallenge(*challenge);
    BOOST_REQUIRE(ch);
    BOOST_CHECK(ch->stale);
    BOOST_CHECK_EQUAL(ch->qop, "auth");
    BOOST_CHECK(!ParseDigestChallenge(*ParseAuthHeader("Digest nonce=abc")));
}

// RFC 3261 section 25 and the headers' own RFCs: what real clients send must validate, and
// headers a proxy does not interpret are forwarded even when malformed (RFC 3261 16.3 step 1).
BOOST_AUTO_TEST_CASE(grammar_tolerance)
{
    // baresip 1.0 (Debian 12) sends an empty Supported in every INVITE and 200.
    const std::string baresip =
        "INVITE sip:bob@127.0.0.1:5064 SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:40002;branch=z9hG4bK5a3c0d8e4f1f0b2a;rport\r\n"
        "Contact: <sip:alice-0x5581e8b0@127.0.0.1:40002;transport=udp>\r\n"
        "Max-Forwards: 70\r\n"
        "To: <sip:bob@127.0.0.1:5064>\r\n"
        "From: <sip:alice@127.0.0.1:5064>;tag=5e3b2d8b6b0c2c5a\r\n"
        "Call-ID: 8d2f4e6a1c3b5d7f\r\n"
        "CSeq: 24181 INVITE\r\n"
        "User-Agent: baresip v1.0.0 (x86_64/linux)\r\n"
        "Allow: INVITE,ACK,BYE,CANCEL,OPTIONS,NOTIFY,SUBSCRIBE,INFO,MESSAGE,UPDATE\r\n"
        "Supported:\r\n"
        "Content-Type: application/sdp\r\n"
        "Content-Length: 4\r\n"
        "\r\n"
        "v=0\n";
    const SipMessage b = test::ParseSip(baresip);
    BOOST_CHECK_EQUAL(b.Validate(), ParseError::OK);
    BOOST_REQUIRE(b.Tokens(HeaderType::SUPPORTED));
    BOOST_CHECK(b.Tokens(HeaderType::SUPPORTED)->empty());
    BOOST_CHECK_EQUAL(b.Tokens(HeaderType::ALLOW)->size(), 10U);

    // Empty lists that RFC 3261 25 allows (Supported, Allow, Accept*), also in compact form,
    // folded, with any case and with white space before the colon.
    for (const char* line : {"Supported:", "k:", "Supported:   ", "sUpPoRtEd :", "Allow:", "Accept:",
                             "Accept-Encoding:", "Accept-Language:", "Supported:\r\n ", "Supported: \r\n\ttimer",
                             "Allow: INVITE,\r\n ACK", "Require:", "Proxy-Require:", "Unsupported:", "Subject:",
                             "s:", "Organization:", "X-Empty:"}) {
        BOOST_TEST_CONTEXT(line)
        {
            const std::string text = WithHeader("Max-Forwards", std::string{"Max-Forwards: 70\r\n"} + line);
            BOOST_CHECK_EQUAL(ValidateErrorOf(text), ParseError::OK);
        }
    }
    BOOST_CHECK_EQUAL(test::ParseSip(WithHeader("Max-Forwards", "Max-Forwards: 70\r\nk: \r\n\ttimer, path")).Tokens(HeaderType::SUPPORTED)->size(), 2U);
    BOOST_CHECK_EQUAL(test::ParseSip(WithHeader("Max-Forwards", "Max-Forwards: 70\r\nSupported:\r\nSupported: timer")).Tokens(HeaderType::SUPPORTED)->size(), 1U);

    // Every compact form (RFC 3261 7.3.3 and the IANA registry) names its header.
    const std::pair<const char*, HeaderType> compact[] = {
        {"i", HeaderType::CALL_ID}, {"m", HeaderType::CONTACT}, {"f", HeaderType::FROM}, {"t", HeaderType::TO},
        {"v", HeaderType::VIA}, {"l", HeaderType::CONTENT_LENGTH}, {"c", HeaderType::CONTENT_TYPE},
        {"k", HeaderType::SUPPORTED}, {"s", HeaderType::SUBJECT}, {"e", HeaderType::CONTENT_ENCODING},
        {"o", HeaderType::EVENT}, {"r", HeaderType::REFER_TO}, {"u", HeaderType::ALLOW_EVENTS},
        {"x", HeaderType::SESSION_EXPIRES}, {"b", HeaderType::REFERRED_BY}, {"y", HeaderType::IDENTITY},
        {"a", HeaderType::ACCEPT_CONTACT}, {"j", HeaderType::REJECT_CONTACT}, {"d", HeaderType::REQUEST_DISPOSITION},
        {"n", HeaderType::IDENTITY_INFO}};
    for (const auto& [name, type] : compact) {
        BOOST_CHECK(LookupHeaderName(name) == type);
        const char upper[2] = {static_cast<char>(name[0] - 32), 0};
        BOOST_CHECK(LookupHeaderName(upper) == type);
    }
    const SipMessage all_compact = test::ParseSip(
        "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
        "v: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKcompact\r\n"
        "t: <sip:bob@biloxi.example.com>\r\n"
        "f: <sip:alice@atlanta.example.com>;tag=1\r\n"
        "i: compact@pc33\r\n"
        "CSEQ: 1 INVITE\r\n"
        "m: <sip:alice@pc33.atlanta.example.com>\r\n"
        "k: timer\r\n"
        "u: presence\r\n"
        "o: presence\r\n"
        "c: text/plain\r\n"
        "L: 0\r\n\r\n");
    BOOST_CHECK_EQUAL(all_compact.Validate(), ParseError::OK);
    BOOST_CHECK_EQUAL(all_compact.Contacts()->size(), 1U);
    BOOST_CHECK_EQUAL(all_compact.ContentType(), "text/plain");
    BOOST_CHECK_EQUAL(all_compact.EventHeader()->package, "presence");

    // Folding inside routing fields.
    const SipMessage folded = test::ParseSip(
        "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
        "Via: SIP/2.0/UDP\r\n pc33.atlanta.example.com\r\n\t;branch=z9hG4bKfold\r\n"
        "To:\r\n <sip:bob@biloxi.example.com>\r\n"
        "From: <sip:alice@atlanta.example.com>\r\n ;tag=1\r\n"
        "Call-ID: fold@pc33\r\n"
        "CSeq: 1\r\n INVITE\r\n"
        "Max-Forwards:\r\n 70\r\n"
        "Route: <sip:p1.example.com;lr>,\r\n <sip:p2.example.com;lr>\r\n"
        "Content-Length: 0\r\n\r\n");
    BOOST_CHECK_EQUAL(folded.Validate(), ParseError::OK);
    BOOST_CHECK_EQUAL(folded.TopVia()->branch, "z9hG4bKfold");
    BOOST_CHECK_EQUAL(folded.From()->Tag(), "1");
    BOOST_CHECK_EQUAL(folded.MaxForwards().value_or(0), 70U);
    BOOST_CHECK_EQUAL(folded.NameAddrs(HeaderType::ROUTE)->size(), 2U);

    // Linphone's Contact: quoted feature parameters with "<" inside.
    const SipMessage linphone = test::ParseSip(WithHeader("Contact",
        "Contact: <sip:alice@127.0.0.1:5070;transport=udp>;expires=600;+sip.instance=\"<urn:uuid:0b3a-11>\";"
        "+org.linphone.specs=\"lime,groupchat/1.1\""));
    BOOST_CHECK_EQUAL(linphone.Validate(), ParseError::OK);
    BOOST_REQUIRE(linphone.Contacts());
    BOOST_CHECK_EQUAL(linphone.Contacts()->at(0).expires.value_or(0), 600U);

    // Malformed headers the proxy does not interpret: the message still validates (and is
    // forwarded as written); the accessor of the broken header says nullopt, so the registrar
    // and the proxy answer 400 where they do need it.
    const std::pair<const char*, const char*> irrelevant[] = {
        {"Contact", "Contact: <sip:a@b.example>,,<sip:c@d.example>"},
        {"Expires", "Expires: soon"},
        {"Record-Route", "Record-Route: \"x <sip:p1.example>"},
        {"Authorization", "Authorization: Digest username"},
        {"Proxy-Authorization", "Proxy-Authorization: Digest"},
        {"Require", "Require: 100rel, ,timer"},
        {"Supported", "Supported: timer,,"},
        {"Allow", "Allow: INVITE ACK"},
        {"Event", "Event: ;id=1"},
        {"Date", "Date: yesterday"},
        {"Content-Type", "Content-Type: a/b\r\nContent-Type: c/d"},
    };
    for (const auto& [name, line] : irrelevant) {
        BOOST_TEST_CONTEXT(line)
        {
            const std::string text = WithHeader("Max-Forwards", std::string{"Max-Forwards: 70\r\n"} + line);
            const SipMessage m = test::ParseSip(text);
            BOOST_CHECK_EQUAL(m.Validate(), ParseError::OK);
            ForwardEdits edits;
            edits.via = "SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKnode";
            const SipMessage fwd = test::ParseSip(BuildForwardedRequest(m, edits));
            BOOST_CHECK(fwd.FindHeader(name) != nullptr);
            BOOST_CHECK_EQUAL(fwd.FindHeader(name)->line, m.FindHeader(name)->line);
        }
    }
    BOOST_CHECK(!test::ParseSip(WithHeader("Expires", "Expires: soon")).Expires());
    BOOST_CHECK(!test::ParseSip(WithHeader("Require", "Require: 100rel, ,timer")).Tokens(HeaderType::REQUIRE));

    // A response with an empty Supported (baresip's 200) validates, so the proxy passes it on.
    const SipMessage ok = test::ParseSip(
        "SIP/2.0 200 OK\r\n"
        "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKnode\r\n"
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK1\r\n"
        "To: <sip:bob@biloxi.example.com>;tag=2\r\n"
        "From: <sip:alice@atlanta.example.com>;tag=1\r\n"
        "Call-ID: ok@pc33\r\n"
        "CSeq: 1 INVITE\r\n"
        "Contact: <sip:bob@192.0.2.4>\r\n"
        "Supported:\r\n"
        "Allow:\r\n"
        "Content-Length: 0\r\n\r\n");
    BOOST_CHECK_EQUAL(ok.Validate(), ParseError::OK);
}

BOOST_AUTO_TEST_CASE(stream_framing)
{
    BOOST_CHECK(FrameStreamMessage("").status == FrameStatus::NEED_MORE);
    BOOST_CHECK(FrameStreamMessage("\r").status == FrameStatus::NEED_MORE);
    BOOST_CHECK(FrameStreamMessage("\r\n").status == FrameStatus::NEED_MORE);
    BOOST_CHECK(FrameStreamMessage("\r\n\r").status == FrameStatus::NEED_MORE);
    const FrameResult ping = FrameStreamMessage("\r\n\r\nINVITE");
    BOOST_CHECK(ping.status == FrameStatus::KEEPALIVE_PING);
    BOOST_CHECK_EQUAL(ping.length, 4U);
    const FrameResult pong = FrameStreamMessage("\r\nINVITE");
    BOOST_CHECK(pong.status == FrameStatus::KEEPALIVE);
    BOOST_CHECK_EQUAL(pong.length, 2U);

    // Feed the INVITE byte by byte: NEED_MORE until the last byte, then exactly one message.
    const std::string two = INVITE + INVITE;
    for (size_t n = 0; n < INVITE.size(); ++n) {
        const FrameResult r = FrameStreamMessage(std::string_view{two}.substr(0, n));
        BOOST_REQUIRE_MESSAGE(r.status == FrameStatus::NEED_MORE, "at " << n);
    }
    const FrameResult full = FrameStreamMessage(two);
    BOOST_REQUIRE(full.status == FrameStatus::MESSAGE);
    BOOST_CHECK_EQUAL(full.length, INVITE.size());
    BOOST_CHECK(ParseStreamMessage(std::string_view{two}.substr(0, full.length)).ok());

    const std::string head = "MESSAGE sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/TCP h.example\r\n";
    BOOST_CHECK(FrameStreamMessage(head + "\r\nabc").error == ParseError::MISSING_CONTENT_LENGTH);
    BOOST_CHECK(FrameStreamMessage(head + "l: -1\r\n\r\n").error == ParseError::BAD_CONTENT_LENGTH);
    BOOST_CHECK(FrameStreamMessage(head + "l: 1\r\nContent-Length: 1\r\n\r\nx").error == ParseError::MULTIPLE_CONTENT_LENGTH);
    BOOST_CHECK(FrameStreamMessage(head + "Content-Length: 70000\r\n\r\n").error == ParseError::BAD_CONTENT_LENGTH);
    BOOST_CHECK(FrameStreamMessage(head + "Content-Length: 65500\r\n\r\n").error == ParseError::MESSAGE_TOO_LARGE);
    BOOST_CHECK(FrameStreamMessage(head + "Content-Length:\r\n 2\r\n\r\nxy").status == FrameStatus::MESSAGE);
    BOOST_CHECK(FrameStreamMessage("MESSAGE sip:a@b.example SIP/2.0\r\n bad\r\n\r\n").error == ParseError::BAD_HEADER_LINE);
    BOOST_CHECK(FrameStreamMessage(std::string(MAX_MESSAGE_SIZE, 'A')).error == ParseError::MESSAGE_TOO_LARGE);
    BOOST_CHECK(FrameStreamMessage(std::string(100, 'A')).status == FrameStatus::NEED_MORE);
}

BOOST_AUTO_TEST_CASE(stream_framer_trickle)
{
    // Three messages and keepalives fed one byte at a time through a StreamFramer give the same
    // frames as FrameStreamMessage on the whole buffer.
    const std::string stream = "\r\n\r\n" + INVITE + "\r\n" + INVITE +
        "OPTIONS sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/TCP h.example\r\nl: 0\r\n\r\n";
    std::vector<std::pair<FrameStatus, size_t>> expected;
    for (std::string_view rest{stream}; !rest.empty();) {
        const FrameResult r = FrameStreamMessage(rest);
        BOOST_REQUIRE(r.status != FrameStatus::NEED_MORE && r.status != FrameStatus::ERROR);
        expected.emplace_back(r.status, r.length);
        rest.remove_prefix(r.length);
    }
    BOOST_CHECK_EQUAL(expected.size(), 5U); // ping, INVITE, CRLF, INVITE, OPTIONS

    StreamFramer framer;
    std::vector<std::pair<FrameStatus, size_t>> got;
    size_t consumed = 0;
    for (size_t end = 1; end <= stream.size(); ++end) {
        while (true) {
            const FrameResult r = framer.Next(std::string_view{stream}.substr(consumed, end - consumed));
            BOOST_REQUIRE(r.status != FrameStatus::ERROR);
            if (r.status == FrameStatus::NEED_MORE) break;
            got.emplace_back(r.status, r.length);
            consumed += r.length;
        }
    }
    BOOST_CHECK_EQUAL(consumed, stream.size());
    BOOST_CHECK(got == expected);

    StreamFramer bad;
    BOOST_CHECK(bad.Next(std::string(100, 'A')).status == FrameStatus::NEED_MORE);
    BOOST_CHECK(bad.Next(std::string(MAX_MESSAGE_SIZE, 'A')).error == ParseError::MESSAGE_TOO_LARGE);
}

BOOST_AUTO_TEST_CASE(build_response)
{
    const SipMessage req = test::ParseSip(INVITE);
    const std::string resp = BuildResponse(req, 180, "Ringing", "as83kd9bs", "Contact: <sip:bob@192.0.2.4>\r\n");
    const SipMessage r = test::ParseSip(resp);
    BOOST_CHECK_EQUAL(r.Validate(), ParseError::OK);
    BOOST_CHECK_EQUAL(r.StatusCode(), 180);
    BOOST_CHECK_EQUAL(r.ReasonPhrase(), "Ringing");
    BOOST_CHECK_EQUAL(r.TopVia()->branch, "z9hG4bK776asdhds");
    BOOST_CHECK_EQUAL(r.To()->Tag(), "as83kd9bs");
    BOOST_CHECK_EQUAL(r.From()->Tag(), "1928301774");
    BOOST_CHECK_EQUAL(r.CallId(), req.CallId());
    BOOST_CHECK_EQUAL(r.CSeqHeader()->number, 314159U);
    BOOST_CHECK_EQUAL(r.Contacts()->at(0).address.uri.host, "192.0.2.4");
    BOOST_CHECK_EQUAL(r.ContentLength().value_or(9), 0U);
    BOOST_CHECK(!r.FindHeader(HeaderType::ROUTE));
    // No To tag on 100 Trying; a body gets its length.
    const SipMessage trying = test::ParseSip(BuildResponse(req, 100, "Trying", "abc"));
    BOOST_CHECK(trying.To()->Tag().empty());
    const SipMessage ok = test::ParseSip(BuildResponse(req, 200, "OK", "t", "Content-Type: application/sdp\r\n", "v=0\r\n"));
    BOOST_CHECK_EQUAL(ok.Body(), "v=0\r\n");
    // A To that already has a tag keeps it.
    const SipMessage in_dialog = test::ParseSip(WithHeader("To", "To: <sip:bob@biloxi.example.com>;tag=old"));
    BOOST_CHECK_EQUAL(test::ParseSip(BuildResponse(in_dialog, 200, "OK", "new")).To()->Tag(), "old");
}

BOOST_AUTO_TEST_CASE(forward_request_and_response)
{
    const SipMessage req = test::ParseSip(INVITE);
    ForwardEdits edits;
    const std::string via = FormatVia(Transport::TCP, "192.0.2.9", 5060, "z9hG4bKnode1", true);
    BOOST_CHECK_EQUAL(via, "SIP/2.0/TCP 192.0.2.9:5060;branch=z9hG4bKnode1;rport");
    edits.via = via;
    edits.record_route = "<sip:192.0.2.9;lr>";
    edits.remove_top_route = true;
    const std::string fwd = BuildForwardedRequest(req, edits);
    const SipMessage f = test::ParseSip(fwd);
    BOOST_CHECK_EQUAL(f.Validate(), ParseError::OK);
    BOOST_CHECK_EQUAL(f.TopVia()->branch, "z9hG4bKnode1");
    BOOST_CHECK_EQUAL(f.Vias()->size(), 2U);
    BOOST_CHECK_EQUAL(f.Vias()->at(1).branch, "z9hG4bK776asdhds");
    BOOST_CHECK_EQUAL(f.MaxForwards().value_or(0), 69U);
    BOOST_CHECK_EQUAL(f.TopRoute()->uri.host, "p2.example.com");
    BOOST_CHECK_EQUAL(f.NameAddrs(HeaderType::ROUTE)->size(), 1U);
    BOOST_CHECK_EQUAL(f.NameAddrs(HeaderType::RECORD_ROUTE)->at(0).uri.host, "192.0.2.9");
    BOOST_CHECK_EQUAL(f.Body(), req.Body());
    BOOST_CHECK_EQUAL(f.RequestUriText(), req.RequestUriText());

    ForwardEdits retarget;
    retarget.via = via;
    retarget.request_uri = "sip:bob@192.0.2.44:5080";
    const SipMessage g = test::ParseSip(BuildForwardedRequest(req, retarget));
    BOOST_CHECK_EQUAL(g.RequestUri()->port.value_or(0), 5080);
    BOOST_CHECK_EQUAL(g.NameAddrs(HeaderType::ROUTE)->size(), 2U); // kept

    // A datagram without Content-Length gets one when forwarded (e.g. UDP in, TCP out).
    std::string no_cl = INVITE;
    const size_t cl = no_cl.find("Content-Length");
    no_cl.erase(cl, no_cl.find("\r\n", cl) + 2 - cl);
    const std::string out = BuildForwardedRequest(test::ParseSip(no_cl), retarget);
    BOOST_CHECK(ParseStreamMessage(out).ok());

    // Upstream response: the top Via value goes, the rest stays.
    const SipMessage resp = test::ParseSip(BuildResponse(f, 200, "OK", "x"));
    const auto up = BuildUpstreamResponse(resp);
    BOOST_REQUIRE(up);
    const SipMessage u = test::ParseSip(*up);
    BOOST_CHECK_EQUAL(u.Vias()->size(), 1U);
    BOOST_CHECK_EQUAL(u.TopVia()->branch, "z9hG4bK776asdhds");
    const SipMessage folded = test::ParseSip("SIP/2.0 200 OK\r\nv: SIP/2.0/UDP a.example;branch=z9hG4bK1,\r\n SIP/2.0/UDP b.example;branch=z9hG4bK2\r\nl: 0\r\n\r\n");
    const SipMessage u2 = test::ParseSip(*BuildUpstreamResponse(folded));
    BOOST_CHECK_EQUAL(u2.Vias()->size(), 1U);
    BOOST_CHECK_EQUAL(u2.TopVia()->host, "b.example");
    BOOST_CHECK(!BuildUpstreamResponse(test::ParseSip("SIP/2.0 200 OK\r\n\r\n")));
}

BOOST_AUTO_TEST_CASE(options_request)
{
    const std::string via = FormatVia(Transport::UDP, "192.0.2.9", 5060, "z9hG4bKka1");
    const std::string text = BuildOptionsRequest({.request_uri = "sip:alice@192.0.2.4:5070",
                                                  .via = via,
                                                  .from_domain = "node.example",
                                                  .from_tag = "t1",
                                                  .call_id = "ka-x@node.example",
                                                  .cseq = 7,
                                                  .extra_headers = "X-Test: 1\r\n"});
    const SipMessage m = test::ParseValidSip(text);
    BOOST_CHECK(m.IsRequest());
    BOOST_CHECK(m.Method() == SipMethod::OPTIONS);
    BOOST_CHECK_EQUAL(m.RequestUriText(), "sip:alice@192.0.2.4:5070");
    BOOST_CHECK_EQUAL(m.TopVia()->branch, "z9hG4bKka1");
    BOOST_CHECK_EQUAL(m.MaxForwards().value_or(0), 70U);
    BOOST_CHECK_EQUAL(m.From()->Tag(), "t1");
    BOOST_CHECK_EQUAL(m.From()->uri.host, "node.example");
    BOOST_CHECK_EQUAL(m.To()->uri.port.value_or(0), 5070);
    BOOST_CHECK_EQUAL(m.CallId(), "ka-x@node.example");
    BOOST_REQUIRE(m.CSeqHeader());
    BOOST_CHECK_EQUAL(m.CSeqHeader()->number, 7U);
    BOOST_CHECK_NE(text.find("\r\nX-Test: 1\r\nContent-Length: 0\r\n\r\n"), std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
