// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// SIP parser micro-benchmarks: parse one datagram and read what a proxy needs to route it
// (top Via branch, From/To tags, Call-ID, CSeq, Max-Forwards, Request-URI, top Route), and parse
// the URIs with IP-address hosts that softphones send (util's IP parser on the hot path).

#include <sip/parser/auth.h>
#include <sip/parser/builder.h>
#include <sip/parser/framing.h>
#include <sip/parser/message.h>
#include <sip/parser/uri.h>
#include <util/netaddress.h>

#include <arpa/inet.h>

#include <benchmark/benchmark.h>

#include <cstring>
#include <string>

namespace {

const std::string INVITE =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport\r\n"
    "Max-Forwards: 70\r\n"
    "Route: <sip:node1.dots.example:5060;lr>\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.example.com;transport=udp>\r\n"
    "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, SUBSCRIBE, NOTIFY\r\n"
    "Supported: replaces, timer\r\n"
    "User-Agent: DOTS-bench/0.1\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 142\r\n"
    "\r\n"
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.101\r\n"
    "t=0 0\r\n"
    "m=audio 49172 RTP/AVP 0\r\n"
    "a=rtpmap:0 PCMU/8000\r\n";

const std::string REGISTER =
    "REGISTER sip:registrar.biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: Bob <sip:bob@biloxi.example.com>;tag=456248\r\n"
    "Call-ID: 843817637684230@998sdasdh09\r\n"
    "CSeq: 1826 REGISTER\r\n"
    "Contact: <sip:bob@192.0.2.4>;expires=7200\r\n"
    "Authorization: Digest username=\"bob\", realm=\"biloxi.example.com\", "
    "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"sip:registrar.biloxi.example.com\", "
    "response=\"245f23415f11432b3434341c022\", algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"0a4f113b\"\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

/** Reads what a proxy routes on; returns something so the optimizer keeps it. */
size_t TouchRoutingFields(const sip::SipMessage& m)
{
    size_t n = 0;
    if (const sip::Via* via = m.TopVia()) n += via->branch.size();
    if (const sip::NameAddr* to = m.To()) n += to->Tag().size();
    if (const sip::NameAddr* from = m.From()) n += from->Tag().size();
    n += m.CallId().size();
    if (const sip::CSeq* cseq = m.CSeqHeader()) n += cseq->number;
    n += m.MaxForwards().value_or(0);
    if (const sip::Uri* ruri = m.RequestUri()) n += ruri->host.size();
    if (const sip::NameAddr* route = m.TopRoute()) n += route->uri.HasParam("lr");
    return n;
}

void SipParseInviteRouting(benchmark::State& state)
{
    for (auto _ : state) {
        sip::ParseResult r = sip::ParseDatagram(INVITE);
        benchmark::DoNotOptimize(TouchRoutingFields(*r.message));
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * INVITE.size()));
}

void SipParseInviteValidate(benchmark::State& state)
{
    for (auto _ : state) {
        sip::ParseResult r = sip::ParseDatagram(INVITE);
        benchmark::DoNotOptimize(TouchRoutingFields(*r.message));
        benchmark::DoNotOptimize(r.message->Validate());
    }
}

void SipParseRegisterAuth(benchmark::State& state)
{
    for (auto _ : state) {
        sip::ParseResult r = sip::ParseDatagram(REGISTER);
        size_t n = TouchRoutingFields(*r.message);
        if (auto auth = r.message->AuthHeaders(sip::HeaderType::AUTHORIZATION); auth && !auth->empty()) {
            if (auto creds = sip::ParseDigestCredentials((*auth)[0])) n += creds->response.size();
        }
        if (auto contacts = r.message->Contacts()) n += contacts->size();
        benchmark::DoNotOptimize(n);
    }
}

void SipFrameStream(benchmark::State& state)
{
    for (auto _ : state) {
        benchmark::DoNotOptimize(sip::FrameStreamMessage(INVITE));
    }
}

void SipForwardInvite(benchmark::State& state)
{
    sip::ParseResult r = sip::ParseDatagram(INVITE);
    const std::string via = sip::FormatVia(sip::Transport::UDP, "192.0.2.9", 5060, "z9hG4bKbench1", true);
    sip::ForwardEdits edits;
    edits.via = via;
    edits.record_route = "<sip:192.0.2.9;lr>";
    edits.remove_top_route = true;
    for (auto _ : state) {
        benchmark::DoNotOptimize(sip::BuildForwardedRequest(*r.message, edits));
    }
}

// Request-URIs, Contacts and Route entries as phones and proxies write them, host by IP address.
const std::string_view IP_URIS[] = {
    "sip:alice@192.168.1.20:5060;transport=udp",
    "sip:192.0.2.9;lr",
    "sip:bob@[2001:db8::20]:5060;transport=tcp",
    "sip:[2001:db8:85a3::8a2e:370:7334];lr",
};

void SipParseUriIpHosts(benchmark::State& state)
{
    for (auto _ : state) {
        size_t n = 0;
        for (std::string_view uri : IP_URIS) {
            if (auto parsed = sip::ParseUri(uri)) n += parsed->host.size();
        }
        benchmark::DoNotOptimize(n);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * std::size(IP_URIS)));
}

// The hosts of IP_URIS: util's parser beside glibc's inet_pton (its peer, which the SIP URI and
// transport parsers called before), on the same text.
const std::string_view IP_HOSTS[] = {"192.168.1.20", "192.0.2.9", "2001:db8::20", "2001:db8:85a3::8a2e:370:7334"};

void IpParseUtil(benchmark::State& state)
{
    for (auto _ : state) {
        size_t n = 0;
        for (std::string_view host : IP_HOSTS) {
            if (host.find(':') == std::string_view::npos) {
                n += ParseIPv4(host).has_value();
            } else {
                n += ParseIPv6(host).has_value();
            }
        }
        benchmark::DoNotOptimize(n);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * std::size(IP_HOSTS)));
}

void IpParseInetPton(benchmark::State& state)
{
    for (auto _ : state) {
        size_t n = 0;
        for (std::string_view host : IP_HOSTS) {
            char text[INET6_ADDRSTRLEN];
            std::memcpy(text, host.data(), host.size());
            text[host.size()] = '\0';
            unsigned char out[16];
            n += inet_pton(host.find(':') == std::string_view::npos ? AF_INET : AF_INET6, text, out) == 1;
        }
        benchmark::DoNotOptimize(n);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * std::size(IP_HOSTS)));
}

} // namespace

BENCHMARK(IpParseUtil);
BENCHMARK(IpParseInetPton);
BENCHMARK(SipParseUriIpHosts);
BENCHMARK(SipParseInviteRouting);
BENCHMARK(SipParseInviteValidate);
BENCHMARK(SipParseRegisterAuth);
BENCHMARK(SipFrameStream);
BENCHMARK(SipForwardInvite);
