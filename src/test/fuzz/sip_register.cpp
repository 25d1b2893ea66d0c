// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// REGISTER processing on hostile input. Two modes, chosen by the first byte:
//  - even: the rest is a datagram handed to the registrar as it is; it must never be
//    accepted (200), since it cannot carry a valid Digest response for our nonces;
//  - odd: the rest is extra header lines (Contact, Expires, Require, ...) inserted into a
//    REGISTER that carries valid credentials, to reach the binding logic behind Digest.
// Every reply must parse as a response with the status code the registrar reported.

#include <sip/parser/message.h>
#include <sip/registrar/registrar.h>
#include <test/fuzz/fuzz.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

const std::string DOMAIN = "dots.example";
const std::string SOURCE_IP = "198.51.100.7";

struct Registry {
    sip::CredentialStore credentials{DOMAIN};
    sip::LocationService location{sip::LocationLimits{10, 10'000}};
    sip::DigestAuthenticator auth{sip::DigestAuthenticator::Options{DOMAIN, 300, 4096, true},
                                  std::vector<uint8_t>(32, 9)};
    sip::Registrar registrar{sip::RegistrarOptions{{DOMAIN, "192.0.2.10"}, 3600, 60, 3600}, credentials, location,
                             auth, nullptr};
    int64_t now{1'800'000'000};
    uint32_t cseq{1};

    Registry()
    {
        if (!credentials.SetCredential("alice", "correct horse")) std::abort();
    }
};

Registry& GetRegistry()
{
    static Registry registry;
    return registry;
}

void CheckReply(const sip::RegistrarReply& reply)
{
    const sip::ParseResult parsed = sip::ParseDatagram(reply.message);
    if (!parsed.ok() || !parsed.message->IsResponse() || parsed.message->StatusCode() != reply.code) std::abort();
}

std::string AuthenticatedRegister(Registry& r, std::string_view extra)
{
    const std::string nonce = r.auth.MakeNonce(r.now, SOURCE_IP);
    const sip::DigestHa1 ha1 = sip::ComputeDigestHa1("alice", DOMAIN, "correct horse");
    const std::string uri = "sip:dots.example";
    const std::string response = sip::ComputeDigestResponse(sip::DigestAlgorithm::SHA256,
                                                            ha1.Hex(sip::DigestAlgorithm::SHA256), nonce, "00000001",
                                                            "c0ffee", "auth", "REGISTER", uri);
    ++r.cseq;
    return "REGISTER sip:dots.example SIP/2.0\r\n"
           "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKfuzz\r\n"
           "From: <sip:alice@dots.example>;tag=1\r\n"
           "To: <sip:alice@dots.example>\r\n"
           "Call-ID: fuzz-call\r\n"
           "CSeq: " + std::to_string(r.cseq) + " REGISTER\r\n"
           "Authorization: Digest username=\"alice\", realm=\"dots.example\", nonce=\"" + nonce +
           "\", uri=\"sip:dots.example\", response=\"" + response +
           "\", algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"c0ffee\"\r\n" +
           std::string{extra} + "Content-Length: 0\r\n\r\n";
}

} // namespace

FUZZ_TARGET(sip_register)
{
    if (buffer.empty()) return;
    Registry& r = GetRegistry();
    const bool authenticated = (buffer[0] & 1) != 0;
    const std::string_view rest{reinterpret_cast<const char*>(buffer.data()) + 1, buffer.size() - 1};
    r.now += 7; // bindings expire as the run goes on
    const sip::RequestContext ctx{SOURCE_IP, 5060, sip::Transport::UDP, 0, r.now};

    const std::string text = authenticated ? AuthenticatedRegister(r, rest) : std::string{rest};
    const sip::ParseResult parsed = sip::ParseDatagram(text);
    if (parsed.message && parsed.ok() && parsed.message->IsRequest() && parsed.message->Validate() == sip::ParseError::OK) {
        const sip::RegistrarReply reply = r.registrar.HandleRegister(*parsed.message, ctx);
        CheckReply(reply);
        if (!authenticated && reply.code == 200) std::abort(); // accepted without valid credentials
        if (reply.code != 200 && !reply.bindings.empty()) std::abort();
    }
    if (r.now % 64 == 0) r.location.ExpireStale(r.now);
    if (r.location.BindingCount() > r.location.Limits().max_total_bindings) std::abort();
}
