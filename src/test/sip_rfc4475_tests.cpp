// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// RFC 4475 torture messages, read in place from the shared test data (never copied into the
// repository). Every message has an expected outcome taken from the RFC's text; the valid ones
// are also checked for the specific values the RFC calls out.

#include <sip/parser/auth.h>
#include <sip/parser/framing.h>
#include <sip/parser/message.h>

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

using namespace sip;

namespace {

std::filesystem::path TortureDir()
{
    if (const char* dir = std::getenv("DOTS_RFC4475_DIR"); dir && *dir) return dir;
    return std::filesystem::path{DOTS_SOURCE_DIR} / ".." / "shared" / "testdata" / "rfc4475";
}

std::optional<std::string> ReadTorture(const std::string& name)
{
    std::ifstream in{TortureDir() / (name + ".dat"), std::ios::binary};
    if (!in) return std::nullopt;
    return std::string{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

bool HaveTortureFiles()
{
    if (std::filesystem::exists(TortureDir() / "wsinv.dat")) return true;
    BOOST_TEST_MESSAGE("RFC 4475 messages not found in " << TortureDir().string()
                       << " (set DOTS_RFC4475_DIR): skipping");
    return false;
}

/** Parses a torture message as one UDP datagram; fails the test if the file is missing. */
ParseResult Load(const std::string& name)
{
    const auto bytes = ReadTorture(name);
    BOOST_REQUIRE_MESSAGE(bytes, "cannot read " << name);
    return ParseDatagram(*bytes);
}

/** Loads a message that must parse and validate. */
SipMessage LoadValid(const std::string& name)
{
    ParseResult r = Load(name);
    BOOST_REQUIRE_MESSAGE(r.ok(), name << ": " << ParseErrorReason(r.error));
    BOOST_REQUIRE(r.message);
    const ParseError v = r.message->Validate();
    BOOST_REQUIRE_MESSAGE(v == ParseError::OK, name << " Validate: " << ParseErrorReason(v));
    return std::move(*r.message);
}

struct Expectation {
    const char* name;
    const char* section;
    ParseError parse;    // ParseDatagram's error
    ParseError validate; // Validate()'s error when parsing succeeded
    int status;          // status code a server sends for a request, 0 = drop / nothing to send
};

constexpr ParseError OK = ParseError::OK;

// From RFC 4475 sections 3.1.1 (valid), 3.1.2 (invalid), 3.2 (transaction layer), 3.3
// (application layer), 3.4 (backward compatibility). Where the RFC allows either rejecting or
// being liberal, the comment says which we chose.
constexpr Expectation EXPECTATIONS[] = {
    // 3.1.1 valid messages
    {"wsinv", "3.1.1.1", OK, OK, 0},
    {"intmeth", "3.1.1.2", OK, OK, 0},
    {"esc01", "3.1.1.3", OK, OK, 0},
    {"escnull", "3.1.1.4", OK, OK, 0},
    {"esc02", "3.1.1.5", OK, OK, 0},
    {"lwsdisp", "3.1.1.6", OK, OK, 0},
    {"longreq", "3.1.1.7", OK, OK, 0},
    {"dblreq", "3.1.1.8", OK, OK, 0},
    {"semiuri", "3.1.1.9", OK, OK, 0},
    {"transports", "3.1.1.10", OK, OK, 0},
    {"mpart01", "3.1.1.11", OK, OK, 0},
    {"unreason", "3.1.1.12", OK, OK, 0},
    {"noreason", "3.1.1.13", OK, OK, 0},
    // 3.1.2 invalid messages
    {"badinv01", "3.1.2.1", OK, ParseError::BAD_VIA, 400},           // ";;,;,," in Via (and Contact)
    {"clerr", "3.1.2.2", ParseError::BODY_TRUNCATED, OK, 400},       // Content-Length 9999 on UDP
    {"ncl", "3.1.2.3", ParseError::BAD_CONTENT_LENGTH, OK, 400},     // Content-Length -999
    {"scalar02", "3.1.2.4", OK, ParseError::BAD_CSEQ, 400},          // CSeq 2**65, Max-Forwards 300...
    {"scalarlg", "3.1.2.5", OK, ParseError::BAD_CSEQ, 0},            // a response: discarded
    {"quotbal", "3.1.2.6", OK, ParseError::BAD_TO, 400},             // unterminated quote in To
    {"ltgtruri", "3.1.2.7", OK, ParseError::BAD_REQUEST_URI, 400},   // <sip:...> as Request-URI
    {"lwsruri", "3.1.2.8", ParseError::BAD_START_LINE, OK, 400},     // "sip:user@example.com; lr"
    {"lwsstart", "3.1.2.9", ParseError::BAD_START_LINE, OK, 400},    // rejected, not liberal
    {"trws", "3.1.2.10", ParseError::BAD_START_LINE, OK, 400},       // rejected, not liberal
    {"escruri", "3.1.2.11", OK, ParseError::BAD_REQUEST_URI, 400},   // headers in the Request-URI
    {"baddate", "3.1.2.12", OK, OK, 0},                              // liberal: Date is not interpreted
    {"regbadct", "3.1.2.13", OK, OK, 0},                             // the registrar answers 400 Bad Contact
    {"badaspec", "3.1.2.14", OK, ParseError::BAD_TO, 400},           // rejected: LWS inside <>
    {"baddn", "3.1.2.15", OK, ParseError::BAD_FROM, 400},            // "Bell, Alexander" unquoted
    {"badvers", "3.1.2.16", ParseError::BAD_VERSION, OK, 505},       // SIP/7.0
    {"mismatch01", "3.1.2.17", OK, ParseError::CSEQ_METHOD_MISMATCH, 400},
    {"mismatch02", "3.1.2.18", OK, ParseError::CSEQ_METHOD_MISMATCH, 400}, // 400 allowed besides 501
    {"bigcode", "3.1.2.19", ParseError::BAD_STATUS_CODE, OK, 0},     // response: discarded
    // 3.2 transaction layer
    {"badbranch", "3.2.1", OK, OK, 0}, // parses; Via::HasRfc3261Branch() is false
    // 3.3 application layer: syntactically valid unless noted
    {"insuf", "3.3.1", OK, ParseError::MISSING_FROM, 400},
    {"unkscm", "3.3.2", OK, ParseError::UNSUPPORTED_URI_SCHEME, 416},
    {"novelsc", "3.3.3", OK, ParseError::UNSUPPORTED_URI_SCHEME, 416},
    {"unksm2", "3.3.4", OK, OK, 0},   // registrar answers 400 (AOR not sip:), not the parser
    {"bext01", "3.3.5", OK, OK, 0},   // 420 from the application
    {"invut", "3.3.6", OK, OK, 0},    // 415 from the application
    {"regaut01", "3.3.7", OK, OK, 0}, // 401 from the registrar
    {"multi01", "3.3.8", OK, ParseError::DUPLICATE_HEADER, 400},
    {"mcl01", "3.3.9", ParseError::MULTIPLE_CONTENT_LENGTH, OK, 400},
    {"bcast", "3.3.10", OK, OK, 0},
    {"zeromf", "3.3.11", OK, OK, 0},  // 483 from a proxy
    {"cparam01", "3.3.12", OK, OK, 0},
    {"cparam02", "3.3.13", OK, OK, 0},
    {"regescrt", "3.3.14", OK, OK, 0},
    {"sdp01", "3.3.15", OK, OK, 0},   // 406 from the application
    // 3.4 backward compatibility
    {"inv2543", "3.4.1", OK, OK, 0},
    // Appendix A archive extra: request line without a SIP version
    {"test", "-", ParseError::BAD_START_LINE, OK, 400},
};

} // namespace

BOOST_AUTO_TEST_SUITE(sip_rfc4475_tests)

BOOST_AUTO_TEST_CASE(expectation_table)
{
    if (!HaveTortureFiles()) return;
    size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator{TortureDir()}) {
        if (entry.path().extension() == ".dat") ++files;
    }
    BOOST_CHECK_EQUAL(files, std::size(EXPECTATIONS)); // every message has an expectation
    for (const Expectation& e : EXPECTATIONS) {
        BOOST_TEST_CONTEXT(e.name << " (RFC 4475 " << e.section << ")")
        {
            ParseResult r = Load(e.name);
            BOOST_CHECK_EQUAL(ParseErrorReason(r.error), ParseErrorReason(e.parse));
            ParseError final_error = r.error;
            if (r.ok()) {
                BOOST_REQUIRE(r.message);
                final_error = r.message->Validate();
                BOOST_CHECK_EQUAL(ParseErrorReason(final_error), ParseErrorReason(e.validate));
            }
            const bool is_response = r.message ? r.message->IsResponse() : e.parse == ParseError::BAD_STATUS_CODE;
            const int status = is_response ? 0 : ParseErrorStatus(final_error);
            BOOST_CHECK_EQUAL(status, e.status);
            // Every message must also survive the stream path without crashing.
            const auto bytes = ReadTorture(e.name);
            const FrameResult frame = FrameStreamMessage(*bytes);
            if (frame.status == FrameStatus::MESSAGE) {
                ParseResult s = ParseStreamMessage(std::string_view{*bytes}.substr(0, frame.length));
                if (s.message) (void)s.message->Validate();
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(wsinv_short_tortuous_invite)
{
    if (!HaveTortureFiles()) return;
    const SipMessage m = LoadValid("wsinv");
    BOOST_CHECK(m.Method() == SipMethod::INVITE);
    const Uri* ruri = m.RequestUri();
    BOOST_REQUIRE(ruri);
    BOOST_CHECK_EQUAL(ruri->user, "vivekg");
    BOOST_CHECK_EQUAL(ruri->host, "chair-dnrc.example.com");
    BOOST_CHECK(ruri->HasParam("unknownparam"));
    BOOST_REQUIRE(m.To());
    BOOST_CHECK_EQUAL(m.To()->Tag(), "1918181833n");
    BOOST_REQUIRE(m.From());
    BOOST_CHECK_EQUAL(m.From()->DisplayName(), "J Rosenberg \\\"");
    BOOST_CHECK_EQUAL(m.From()->Tag(), "98asjd8");
    BOOST_CHECK_EQUAL(m.MaxForwards().value_or(0), 68U);
    BOOST_CHECK_EQUAL(m.CallId(), "wsinv.ndaksdj@192.0.2.1");
    BOOST_REQUIRE(m.CSeqHeader());
    BOOST_CHECK_EQUAL(m.CSeqHeader()->number, 9U);
    BOOST_CHECK(m.CSeqHeader()->method == SipMethod::INVITE);
    const auto vias = m.Vias();
    BOOST_REQUIRE(vias);
    BOOST_REQUIRE_EQUAL(vias->size(), 3U);
    BOOST_CHECK_EQUAL((*vias)[0].host, "192.0.2.2");
    BOOST_CHECK((*vias)[0].transport == Transport::UDP);
    BOOST_CHECK_EQUAL((*vias)[0].branch, "390skdjuw");
    BOOST_CHECK_EQUAL((*vias)[1].host, "spindle.example.com");
    BOOST_CHECK((*vias)[1].transport == Transport::TCP);
    BOOST_CHECK_EQUAL((*vias)[1].branch, "z9hG4bK9ikj8");
    BOOST_CHECK_EQUAL((*vias)[2].host, "192.168.255.111");
    BOOST_CHECK_EQUAL((*vias)[2].branch, "z9hG4bK30239");
    const HeaderField* subject = m.FindHeader(HeaderType::SUBJECT);
    BOOST_REQUIRE(subject);
    BOOST_CHECK_EQUAL(subject->value, "");
    const HeaderField* newfangled = m.FindHeader("NewFangledHeader");
    BOOST_REQUIRE(newfangled);
    BOOST_CHECK(newfangled->value.ends_with("continued newfangled value"));
    BOOST_CHECK(m.FindHeader("UnknownHeaderWithUnusualValue"));
    const auto contacts = m.Contacts();
    BOOST_REQUIRE(contacts && contacts->size() == 1);
    const Contact& c = (*contacts)[0];
    BOOST_CHECK_EQUAL(c.address.DisplayName(), "Quoted string \"\"");
    BOOST_CHECK_EQUAL(c.address.params.Find("newparam")->value, "newvalue");
    BOOST_CHECK(c.address.params.Has("secondparam"));
    BOOST_CHECK_EQUAL(c.q_milli.value_or(0), 330);
    const NameAddr* route = m.TopRoute();
    BOOST_REQUIRE(route);
    BOOST_CHECK_EQUAL(route->uri.host, "services.example.com");
    BOOST_CHECK(route->uri.HasParam("lr"));
    BOOST_CHECK(route->uri.HasParam("unknown-no-value"));
    BOOST_CHECK_EQUAL(m.ContentType(), "application/sdp");
    BOOST_CHECK_EQUAL(m.Body().size(), 150U);
    BOOST_CHECK(m.Body().starts_with("v=0\r\n"));
}

BOOST_AUTO_TEST_CASE(intmeth_wide_range_of_characters)
{
    if (!HaveTortureFiles()) return;
    const SipMessage m = LoadValid("intmeth");
    BOOST_CHECK(m.Method() == SipMethod::EXTENSION);
    BOOST_CHECK_EQUAL(m.MethodText(), "!interesting-Method0123456789_*+`.%indeed'~");
    const Uri* ruri = m.RequestUri();
    BOOST_REQUIRE(ruri);
    BOOST_CHECK_EQUAL(ruri->user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    BOOST_CHECK(ruri->has_password);
    BOOST_CHECK_EQUAL(ruri->password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    BOOST_CHECK_EQUAL(ruri->host, "example.com");
    BOOST_CHECK_EQUAL(m.TopVia()->branch, "z9hG4bK-.!%66*_+`'~");
    BOOST_CHECK_EQUAL(m.To()->DisplayName(), std::string("BEL:\x07 NUL:\0 DEL:\x7F", 17));
    BOOST_CHECK_EQUAL(m.From()->display_name, "token1~` token2'+_ token3*%!.-");
    BOOST_CHECK_EQUAL(m.From()->Tag(), "_token~1'+`*%!-.");
    BOOST_CHECK(m.From()->params.Has("fromParam''~+*_!.-%"));
    BOOST_CHECK_EQUAL(m.CallId(), "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
    BOOST_CHECK_EQUAL(m.CSeqHeader()->number, 139122385U);
    BOOST_CHECK_EQUAL(m.CSeqHeader()->method_text, m.MethodText());
    BOOST_CHECK_EQUAL(m.MaxForwards().value_or(0), 255U);
    BOOST_CHECK(m.FindHeader("extensionHeader-!.%*+_`'~"));
    BOOST_CHECK(m.Body().empty());
}

BOOST_AUTO_TEST_CASE(esc01_valid_escapes)
{
    if (!HaveTortureFiles()) return;
    const SipMessage m = LoadValid("esc01");
    BOOST_CHECK_EQUAL(Unescape(m.RequestUri()->user).value(), "sips:user@example.com");
    BOOST_CHECK_EQUAL(m.RequestUri()->host, "example.net");
    BOOST_CHECK_EQUAL(Unescape(m.To()->uri.user).value(), "user");
    BOOST_CHECK_EQUAL(Unescape(m.From()->uri.user).value(), "I have spaces");
    BOOST_CHECK_EQUAL(m.CallId(), "esc01.239409asdfakjkn23onasd0-3234"); // compact "i"
    BOOST_CHECK_EQUAL(m.ContentType(), "application/sdp");                 // compact "C"
    const auto contacts = m.Contacts();
    BOOST_REQUIRE(contacts && contacts->size() == 1);
    const Uri& uri = (*contacts)[0].address.uri;
    BOOST_CHECK_EQUAL(Unescape(uri.user).value(), "caller");
    BOOST_CHECK(uri.HasParam("lr")); // written ";%6C%72"
    BOOST_REQUIRE(uri.Param("name"));  // written ";n%61me=..."
    BOOST_CHECK_EQUAL(Unescape(*uri.Param("name")).value(), "value%41");
}

BOOST_AUTO_TEST_CASE(escnull_escaped_nulls)
{
    if (!HaveTortureFiles()) return;
    const SipMessage m = LoadValid("escnull");
    BOOST_CHECK_EQUAL(Unescape(m.To()->uri.user).value(), std::string("null-\0-null", 11));
    const auto contacts = m.Contacts();
    BOOST_REQUIRE(contacts && contacts->size() == 2);
    BOOST_CHECK_EQUAL(Unescape((*contacts)[0].address.uri.user).value(), std::string(1, '\0'));
    BOOST_CHECK_EQUAL(Unescape((*contacts)[1].address.uri.user).value(), std::string(2, '\0'));
    BOOST_CHECK_EQUAL(m.ContentLength().value_or(99), 0U); // compact "L"
}

BOOST_AUTO_TEST_CASE(esc02_percent_not_an_escape)
{
    if (!HaveTortureFiles()) return;
    const SipMessage m = LoadValid("esc02");
    BOOST_CHECK(m.Method() == SipMethod::EXTENSION); // not REGISTER
    BOOST_CHECK_EQUAL(m.MethodText(), "RE%47IST%45R");
    BOOST_CHECK_EQUAL(m.CSeqHeader()->method_text, "RE%47IST%45R");
    BOOST_CHECK_EQUAL(m.To()->display_name, "\"%Z%45\"");
    BOOST_CHECK_EQUAL(m.TopVia()->branch, "z9hG4bK209%fzsnel234");
    BOOST_CHECK_EQUAL(m.CountHeaders(HeaderType::CONTACT), 2U); // "C%6Fntact" is another header
    BOOST_CHECK(m.FindHeader("C%6Fntact"));
}

BOOST_AUTO_TEST_CASE(lwsdisp_and_semiuri_and_transports)
{
    if (!HaveTortureFiles()) return;
    const SipMessage lwsdisp = LoadValid("lwsdisp");
    BOOST_CHECK_EQUAL(lwsdisp.From()->display_name, "caller");
    BOOST_CHECK_EQUAL(lwsdisp.From()->uri.user, "caller");

    const SipMessage semiuri = LoadValid("semiuri");
    BOOST_CHECK_EQUAL(semiuri.RequestUri()->user, "user;par=u%40example.net");
    BOOST_CHECK_EQUAL(semiuri.RequestUri()->host, "example.com");
    BOOST_CHECK(semiuri.RequestUri()->params.empty());

    const SipMessage transports = LoadValid("transports");
    const auto vias = transports.Vias();
    BOOST_REQUIRE(vias && vias->size() == 5);
    BOOST_CHECK((*vias)[0].transport == Transport::UDP);
    BOOST_CHECK((*vias)[1].transport == Transport::SCTP);
    BOOST_CHECK((*vias)[2].transport == Transport::TLS);
    BOOST_CHECK((*vias)[3].transport == Transport::OTHER);
    BOOST_CHECK_EQUAL((*vias)[3].transport_text, "UNKNOWN");
    BOOST_CHECK((*vias)[4].transport == Transport::TCP);
}

BOOST_AUTO_TEST_CASE(longreq_long_values)
{
    if (!HaveTortureFiles()) return;
    const SipMessage m = LoadValid("longreq");
    BOOST_CHECK(m.To()->display_name.size() > 100);
    BOOST_CHECK_EQUAL(m.To()->uri.port.value_or(0), 6000);
    BOOST_CHECK(m.To()->uri.HasParam("unknownparam1"));
    BOOST_CHECK(m.From()->uri.user.size() > 100); // compact "F"
    BOOST_CHECK(m.CallId().size() > 100);
    const auto vias = m.Vias();
    BOOST_REQUIRE(vias);
    BOOST_CHECK_EQUAL(vias->size(), 34U);
    BOOST_CHECK_EQUAL(m.Body().size(), 150U);
}

BOOST_AUTO_TEST_CASE(dblreq_extra_octets)
{
    if (!HaveTortureFiles()) return;
    const auto bytes = ReadTorture("dblreq");
    const SipMessage m = LoadValid("dblreq");
    BOOST_CHECK(m.Method() == SipMethod::REGISTER);
    BOOST_CHECK(m.Body().empty());
    BOOST_CHECK(m.Raw().size() < bytes->size()); // the INVITE after it is ignored (UDP)
    BOOST_CHECK(m.Raw().ends_with("Content-Length: 0\r\n\r\n"));
    // On a stream the same bytes are two messages with a CRLF between them.
    std::string_view rest{*bytes};
    const FrameResult first = FrameStreamMessage(rest);
    BOOST_REQUIRE(first.status == FrameStatus::MESSAGE);
    BOOST_CHECK_EQUAL(first.length, m.Raw().size());
    rest.remove_prefix(first.length);
    const FrameResult crlf = FrameStreamMessage(rest);
    BOOST_CHECK(crlf.status == FrameStatus::KEEPALIVE);
    rest.remove_prefix(crlf.length);
    const FrameResult second = FrameStreamMessage(rest);
    BOOST_REQUIRE(second.status == FrameStatus::MESSAGE);
    ParseResult invite = ParseStreamMessage(rest.substr(0, second.length));
    BOOST_REQUIRE(invite.ok());
    BOOST_CHECK(invite.message->Method() == SipMethod::INVITE);
    BOOST_CHECK_EQUAL(invite.message->Body().size(), 150U);
}

BOOST_AUTO_TEST_CASE(responses_mpart_unreason_noreason)
{
    if (!HaveTortureFiles()) return;
    const SipMessage mpart = LoadValid("mpart01");
    BOOST_CHECK(mpart.Method() == SipMethod::MESSAGE);
    BOOST_CHECK_EQUAL(mpart.Body().size(), 553U);
    BOOST_CHECK(mpart.ContentType().starts_with("multipart/mixed"));

    const SipMessage unreason = LoadValid("unreason");
    BOOST_CHECK(unreason.IsResponse());
    BOOST_CHECK_EQUAL(unreason.StatusCode(), 200);
    BOOST_CHECK(unreason.ReasonPhrase().starts_with("= 2**3 * 5**2 "));
    BOOST_CHECK_EQUAL(unreason.Body().size(), 154U);

    const SipMessage noreason = LoadValid("noreason");
    BOOST_CHECK_EQUAL(noreason.StatusCode(), 100);
    BOOST_CHECK(noreason.ReasonPhrase().empty());
}

BOOST_AUTO_TEST_CASE(invalid_messages_detail)
{
    if (!HaveTortureFiles()) return;
    ParseResult scalar02 = Load("scalar02");
    BOOST_REQUIRE(scalar02.message);
    BOOST_CHECK(!scalar02.message->CSeqHeader());
    BOOST_CHECK(!scalar02.message->MaxForwards()); // 300
    BOOST_CHECK(!scalar02.message->Expires());     // 10**100
    BOOST_CHECK(!scalar02.message->Contacts());    // expires=280297596632815
    ParseResult badinv = Load("badinv01");
    BOOST_REQUIRE(badinv.message);
    BOOST_CHECK(!badinv.message->Contacts()); // ";;;;"
    ParseResult regbadct = Load("regbadct");
    BOOST_REQUIRE(regbadct.message);
    BOOST_CHECK(!regbadct.message->Contacts()); // the registrar's 400 Bad Contact
    ParseResult badvers = Load("badvers");
    BOOST_REQUIRE(badvers.message); // kept so the 505 can be addressed
    BOOST_CHECK(badvers.message->TopVia() == nullptr); // its Via says SIP/7.0 too
    BOOST_CHECK_EQUAL(badvers.message->CallId(), "badvers.31417@c.example.com");
    ParseResult clerr = Load("clerr");
    BOOST_REQUIRE(clerr.message); // kept so the 400 can be addressed
    BOOST_CHECK_EQUAL(clerr.message->TopVia()->branch, "z9hG4bK-39234-23523");
}

BOOST_AUTO_TEST_CASE(semantic_messages_detail)
{
    if (!HaveTortureFiles()) return;
    BOOST_CHECK(!LoadValid("badbranch").TopVia()->HasRfc3261Branch());
    BOOST_CHECK(LoadValid("wsinv").Vias()->at(1).HasRfc3261Branch());

    ParseResult unkscm = Load("unkscm");
    BOOST_CHECK(unkscm.message->RequestUri()->scheme == UriScheme::OTHER);
    BOOST_CHECK_EQUAL(unkscm.message->RequestUri()->scheme_text, "nobodyKnowsThisScheme");
    ParseResult novelsc = Load("novelsc");
    BOOST_CHECK_EQUAL(novelsc.message->RequestUri()->scheme_text, "soap.beep");

    const SipMessage unksm2 = LoadValid("unksm2");
    BOOST_CHECK_EQUAL(unksm2.To()->uri.scheme_text, "isbn");
    BOOST_CHECK_EQUAL(unksm2.From()->uri.scheme_text, "http");
    BOOST_CHECK_EQUAL(unksm2.Contacts()->at(0).address.uri.scheme_text, "name");

    const SipMessage bext = LoadValid("bext01");
    const auto require = bext.Tokens(HeaderType::REQUIRE);
    BOOST_REQUIRE(require && require->size() == 2);
    BOOST_CHECK_EQUAL((*require)[1], "nothingSupportsThisEither");
    BOOST_CHECK_EQUAL(bext.Tokens(HeaderType::PROXY_REQUIRE)->size(), 2U);

    const SipMessage invut = LoadValid("invut");
    BOOST_CHECK_EQUAL(invut.ContentType(), "application/unknownformat");
    BOOST_CHECK_EQUAL(invut.Body().size(), 40U);

    const SipMessage regaut = LoadValid("regaut01");
    const auto auth = regaut.AuthHeaders(HeaderType::AUTHORIZATION);
    BOOST_REQUIRE(auth && auth->size() == 1);
    BOOST_CHECK_EQUAL((*auth)[0].scheme, "NoOneKnowsThisScheme");
    BOOST_CHECK(!(*auth)[0].IsDigest());
    BOOST_CHECK_EQUAL((*auth)[0].Param("opaque-data").value_or(""), "here");
    BOOST_CHECK(!ParseDigestCredentials((*auth)[0]));

    BOOST_CHECK_EQUAL(LoadValid("zeromf").MaxForwards().value_or(99), 0U);

    const SipMessage cparam01 = LoadValid("cparam01");
    const Contact c1 = cparam01.Contacts()->at(0);
    BOOST_CHECK(!c1.address.uri.HasParam("unknownparam")); // addr-spec: a header parameter
    BOOST_CHECK(c1.address.params.Has("unknownparam"));
    const SipMessage cparam02 = LoadValid("cparam02");
    const Contact c2 = cparam02.Contacts()->at(0);
    BOOST_CHECK(c2.address.uri.HasParam("unknownparam")); // inside <>: a URI parameter
    BOOST_CHECK(!c2.address.params.Has("unknownparam"));

    const SipMessage regescrt = LoadValid("regescrt");
    BOOST_CHECK_EQUAL(regescrt.Contacts()->at(0).address.uri.headers, "Route=%3Csip:sip.example.com%3E");

    const SipMessage bcast = LoadValid("bcast");
    BOOST_CHECK_EQUAL(bcast.Vias()->at(1).host, "255.255.255.255");
    BOOST_CHECK(bcast.Vias()->at(1).host_type == HostType::IPV4);

    const SipMessage inv2543 = LoadValid("inv2543");
    BOOST_CHECK(!inv2543.MaxForwards());
    BOOST_CHECK(inv2543.TopVia()->branch.empty());
    BOOST_CHECK(inv2543.From()->Tag().empty());
    BOOST_CHECK(!inv2543.ContentLength());
    BOOST_CHECK(inv2543.Body().starts_with("v=0"));

    const SipMessage baddate = LoadValid("baddate");
    BOOST_CHECK_EQUAL(baddate.FindHeader(HeaderType::DATE)->value, "Fri, 01 Jan 2010 16:00:00 EST");
}

BOOST_AUTO_TEST_SUITE_END()
