// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/nameaddr.h>
#include <sip/parser/uri.h>

#include <boost/test/unit_test.hpp>

#include <string>

using namespace sip;

BOOST_AUTO_TEST_SUITE(sip_uri_tests)

BOOST_AUTO_TEST_CASE(sip_uri_parts)
{
    const auto uri = ParseUri("sip:alice:secret@example.com:5070;transport=tcp;lr?subject=project%20x&priority=urgent");
    BOOST_REQUIRE(uri);
    BOOST_CHECK(uri->scheme == UriScheme::SIP);
    BOOST_CHECK_EQUAL(uri->user, "alice");
    BOOST_CHECK(uri->has_password);
    BOOST_CHECK_EQUAL(uri->password, "secret");
    BOOST_CHECK_EQUAL(uri->host, "example.com");
    BOOST_CHECK(uri->host_type == HostType::HOSTNAME);
    BOOST_CHECK_EQUAL(uri->port.value_or(0), 5070);
    BOOST_CHECK_EQUAL(uri->params, "transport=tcp;lr");
    BOOST_CHECK_EQUAL(uri->Param("TRANSPORT").value_or("?"), "tcp");
    BOOST_CHECK(uri->HasParam("lr"));
    BOOST_CHECK_EQUAL(uri->Param("lr").value_or("?"), "");
    BOOST_CHECK(!uri->HasParam("maddr"));
    BOOST_CHECK_EQUAL(uri->headers, "subject=project%20x&priority=urgent");
}

BOOST_AUTO_TEST_CASE(hosts)
{
    auto v4 = ParseUri("sips:192.0.2.1");
    BOOST_REQUIRE(v4);
    BOOST_CHECK(v4->scheme == UriScheme::SIPS);
    BOOST_CHECK(v4->host_type == HostType::IPV4);
    BOOST_CHECK(v4->user.empty());
    BOOST_CHECK(!v4->port);

    auto v6 = ParseUri("sip:bob@[2001:db8::10]:5060;maddr=[::1]");
    BOOST_REQUIRE(v6);
    BOOST_CHECK(v6->host_type == HostType::IPV6);
    BOOST_CHECK_EQUAL(v6->host, "2001:db8::10");
    BOOST_CHECK_EQUAL(v6->port.value_or(0), 5060);
    BOOST_CHECK_EQUAL(v6->Param("maddr").value_or(""), "[::1]");

    BOOST_CHECK(ParseUri("sip:[::ffff:192.0.2.1]"));
    BOOST_CHECK(ParseUri("sip:example.com."));           // trailing dot is allowed
    BOOST_CHECK(!ParseUri("sip:[2001:db8::g]"));         // not hex
    BOOST_CHECK(!ParseUri("sip:[2001:db8::1"));          // unclosed
    BOOST_CHECK(!ParseUri("sip:[2001:db8::1]x"));        // junk after ]
    BOOST_CHECK(ParseUri("sip:256.1.1.1.example"));      // a hostname, not an IPv4 address
    BOOST_CHECK(!ParseUri("sip:host.123"));              // top label must start with a letter
    BOOST_CHECK(!ParseUri("sip:1.2.3.256"));             // not IPv4, and "256" is no top label
    BOOST_CHECK(!ParseUri("sip:-bad.example.com"));
    BOOST_CHECK(!ParseUri("sip:bad-.example.com"));
    BOOST_CHECK(!ParseUri("sip:a..b"));
    BOOST_CHECK(!ParseUri("sip:a.."));
    BOOST_CHECK(!ParseUri("sip:a.-"));
    BOOST_CHECK(!ParseUri("sip:user@"));
    BOOST_CHECK(!ParseUri("sip:"));
    BOOST_CHECK(!ParseUri("sip:host_name.example"));     // "_" not in a hostname
    BOOST_CHECK(!ParseUri("sip:ex%41mple.com"));         // no escapes in the host
}

BOOST_AUTO_TEST_CASE(ports)
{
    BOOST_CHECK_EQUAL(ParseUri("sip:h.example:0")->port.value_or(1), 0);
    BOOST_CHECK_EQUAL(ParseUri("sip:h.example:65535")->port.value_or(1), 65535);
    BOOST_CHECK(!ParseUri("sip:h.example:65536"));
    BOOST_CHECK(!ParseUri("sip:h.example:"));
    BOOST_CHECK(!ParseUri("sip:h.example:5x"));
    BOOST_CHECK(!ParseUri("sip:h.example:-1"));
}

BOOST_AUTO_TEST_CASE(escapes)
{
    BOOST_CHECK(ParseUri("sip:%61lice@example.com"));        // escapes allowed in user
    BOOST_CHECK(ParseUri("sip:a:p%40ss@example.com"));       // and in the password
    BOOST_CHECK(ParseUri("sip:h.example;na%6De=va%6Cue"));   // and in parameters
    BOOST_CHECK(!ParseUri("sip:%6@example.com"));            // truncated escape
    BOOST_CHECK(!ParseUri("sip:%zz@example.com"));           // not hex
    BOOST_CHECK(!ParseUri("sip:al ice@example.com"));        // space must be escaped
    BOOST_CHECK(!ParseUri("sip:a\"b@example.com"));
    BOOST_CHECK(!ParseUri("sip:a@b@example.com"));           // a second "@"

    BOOST_CHECK_EQUAL(Unescape("a%20b%2525").value(), "a b%25");
    BOOST_CHECK_EQUAL(Unescape("%41%6a%6A").value(), "Ajj");
    BOOST_CHECK_EQUAL(Unescape("").value(), "");
    BOOST_CHECK_EQUAL(Unescape("%00").value(), std::string(1, '\0'));
    BOOST_CHECK(!Unescape("%"));
    BOOST_CHECK(!Unescape("%4"));
    BOOST_CHECK(!Unescape("%4g"));
    BOOST_CHECK(HasValidEscapes("abc%41"));
    BOOST_CHECK(!HasValidEscapes("abc%4"));
}

BOOST_AUTO_TEST_CASE(params_and_headers_syntax)
{
    BOOST_CHECK(!ParseUri("sip:h.example;"));        // empty parameter
    BOOST_CHECK(!ParseUri("sip:h.example;;lr"));
    BOOST_CHECK(!ParseUri("sip:h.example;a="));      // empty value
    BOOST_CHECK(!ParseUri("sip:h.example?"));        // empty headers
    BOOST_CHECK(!ParseUri("sip:h.example?novalue"));
    BOOST_CHECK(ParseUri("sip:h.example?a=&b=c"));   // empty hvalue is allowed
    BOOST_CHECK(!ParseUri("sip:h.example;a=<b>"));
}

BOOST_AUTO_TEST_CASE(tel_and_other_schemes)
{
    auto tel = ParseUri("tel:+1-201-555-0123;phone-context=example.com");
    BOOST_REQUIRE(tel);
    BOOST_CHECK(tel->scheme == UriScheme::TEL);
    BOOST_CHECK_EQUAL(tel->user, "+1-201-555-0123");
    BOOST_CHECK_EQUAL(tel->Param("phone-context").value_or(""), "example.com");
    BOOST_CHECK(tel->host_type == HostType::NONE);
    BOOST_CHECK(ParseUri("TEL:7042;phone-context=example.com"));
    BOOST_CHECK(!ParseUri("tel:1+2"));     // "+" only leads
    BOOST_CHECK(!ParseUri("tel:"));
    BOOST_CHECK(!ParseUri("tel:12 34"));

    auto http = ParseUri("http://www.example.com/a?b=c");
    BOOST_REQUIRE(http);
    BOOST_CHECK(http->scheme == UriScheme::OTHER);
    BOOST_CHECK_EQUAL(http->scheme_text, "http");
    BOOST_CHECK_EQUAL(http->opaque, "//www.example.com/a?b=c");
    BOOST_CHECK(!ParseUri("1http:x"));     // scheme starts with a letter
    BOOST_CHECK(!ParseUri("<sip:a@b>"));
    BOOST_CHECK(!ParseUri("noscheme"));
    BOOST_CHECK(!ParseUri(":x"));
    BOOST_CHECK(!ParseUri("urn:a b"));
}

BOOST_AUTO_TEST_CASE(name_addr_forms)
{
    auto a = ParseNameAddr("\"Alice \\\"A\\\"\" <sip:alice@example.com;lr>;tag=abc;x");
    BOOST_REQUIRE(a);
    BOOST_CHECK(a->bracketed);
    BOOST_CHECK_EQUAL(a->DisplayName(), "Alice \"A\"");
    BOOST_CHECK(a->uri.HasParam("lr"));
    BOOST_CHECK_EQUAL(a->Tag(), "abc");
    BOOST_CHECK(a->params.Has("x"));

    auto b = ParseNameAddr("Bob Smith<sip:bob@example.com>");
    BOOST_REQUIRE(b);
    BOOST_CHECK_EQUAL(b->display_name, "Bob Smith");

    auto c = ParseNameAddr("sip:carol@example.com;tag=9");
    BOOST_REQUIRE(c);
    BOOST_CHECK(!c->bracketed);
    BOOST_CHECK_EQUAL(c->Tag(), "9");
    BOOST_CHECK(c->uri.params.empty());

    auto d = ParseNameAddr("<tel:+15551234567>");
    BOOST_REQUIRE(d);
    BOOST_CHECK(d->uri.scheme == UriScheme::TEL);

    BOOST_CHECK(!ParseNameAddr(""));
    BOOST_CHECK(!ParseNameAddr("\"unterminated <sip:a@b>"));
    BOOST_CHECK(!ParseNameAddr("Bell, Alexander <sip:a@b.example>"));
    BOOST_CHECK(!ParseNameAddr("< sip:a@b.example >"));
    BOOST_CHECK(!ParseNameAddr("<sip:a@b.example"));
    BOOST_CHECK(!ParseNameAddr("sip:a@b.example?x=y"));      // must be in <>
    BOOST_CHECK(!ParseNameAddr("sip:a@b.example;;tag=1"));
    BOOST_CHECK(!ParseNameAddr("sip:a@b.example;tag="));
    BOOST_CHECK(!ParseNameAddr("<sip:a@b.example> junk"));
    BOOST_CHECK(!ParseNameAddr("\"x\" sip:a@b.example"));    // a quoted name needs <>
}

BOOST_AUTO_TEST_CASE(contacts)
{
    auto star = ParseContact(" * ");
    BOOST_REQUIRE(star);
    BOOST_CHECK(star->star);
    auto c = ParseContact("<sip:a@192.0.2.4:5060>;expires=3600;q=0.7");
    BOOST_REQUIRE(c);
    BOOST_CHECK_EQUAL(c->expires.value_or(0), 3600U);
    BOOST_CHECK_EQUAL(c->q_milli.value_or(0), 700);
    BOOST_CHECK_EQUAL(ParseContact("<sip:a@b.example>;expires=4294967295")->expires.value_or(0), 4294967295U);
    BOOST_CHECK(!ParseContact("<sip:a@b.example>;expires=4294967296"));
    BOOST_CHECK(!ParseContact("<sip:a@b.example>;expires=-1"));
    BOOST_CHECK(!ParseContact("<sip:a@b.example>;q=1.5"));
    BOOST_CHECK(!ParseContact("<sip:a@b.example>;q=0.1234"));
    BOOST_CHECK_EQUAL(ParseQValue("1.000").value_or(0), 1000);
    BOOST_CHECK_EQUAL(ParseQValue("0").value_or(9), 0);
    BOOST_CHECK_EQUAL(ParseQValue("0.05").value_or(0), 50);
    BOOST_CHECK(!ParseQValue("1.001"));
    BOOST_CHECK(!ParseQValue(".5"));
}

BOOST_AUTO_TEST_SUITE_END()
