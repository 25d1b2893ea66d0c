// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <interfaces/memory_directory.h>
#include <sip/parser/message.h>
#include <rpc/server.h>
#include <sip/registrar/registrar.h>
#include <sip/rpc/register.h>
#include <test/util/sip.h>
#include <util/time.h>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace sip;

namespace {

constexpr int64_t T0 = 1'800'000'000;
const std::string DOMAIN = "dots.example";

/** What a test REGISTER carries; empty fields are left out. */
struct RegisterSpec {
    std::string ruri{"sip:dots.example"};
    std::string to{"<sip:alice@dots.example>"};
    std::string call_id{"reg-1@198.51.100.7"};
    uint32_t cseq{1};
    std::vector<std::string> contacts{"<sip:alice@198.51.100.7:40000>"};
    std::string expires;
    std::string authorization;
    std::string extra;
};

std::string BuildRegister(const RegisterSpec& s)
{
    std::string m = "REGISTER " + s.ruri + " SIP/2.0\r\n";
    m += "Via: SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bK-" + std::to_string(s.cseq) + ";rport\r\n";
    m += "Max-Forwards: 70\r\n";
    m += "From: " + s.to + ";tag=from1\r\n";
    m += "To: " + s.to + "\r\n";
    m += "Call-ID: " + s.call_id + "\r\n";
    m += "CSeq: " + std::to_string(s.cseq) + " REGISTER\r\n";
    for (const std::string& c : s.contacts) m += "Contact: " + c + "\r\n";
    if (!s.expires.empty()) m += "Expires: " + s.expires + "\r\n";
    if (!s.authorization.empty()) m += "Authorization: " + s.authorization + "\r\n";
    m += s.extra;
    m += "User-Agent: TestPhone/2.0\r\n";
    m += "Content-Length: 0\r\n\r\n";
    return m;
}

struct RegistrarFixture {
    interfaces::MemoryDirectory directory;
    CredentialStore credentials{DOMAIN};
    LocationService location{{}, PresenceToDirectory(directory)};
    DigestAuthenticator auth{DigestAuthenticator::Options{DOMAIN, 300, 1024, true}, std::vector<uint8_t>(32, 7)};
    Registrar registrar{RegistrarOptions{{DOMAIN, "192.0.2.10"}, 3600, 60, 3600}, credentials, location, auth,
                        &directory};
    RequestContext ctx{"198.51.100.7", 40000, Transport::UDP, 0, T0};

    RegistrarFixture()
    {
        BOOST_REQUIRE(credentials.SetCredential("alice", "correct horse"));
        BOOST_REQUIRE(credentials.SetCredential("+4930123456", "number password"));
    }

    RegistrarReply Send(const RegisterSpec& spec)
    {
        const SipMessage request = test::ParseSip(BuildRegister(spec));
        RegistrarReply reply = registrar.HandleRegister(request, ctx);
        // Every reply is a well-formed response to the request.
        const SipMessage response = test::ParseSip(reply.message);
        BOOST_CHECK(response.IsResponse());
        BOOST_CHECK_EQUAL(response.StatusCode(), reply.code);
        BOOST_CHECK(response.To() && !response.To()->Tag().empty());
        BOOST_CHECK_EQUAL(response.CallId(), spec.call_id);
        return reply;
    }

    /** Answers the challenge in `challenge` with `algorithm` as user `user`. */
    std::string Answer(const RegistrarReply& challenge, std::string_view algorithm, std::string_view user,
                       std::string_view password, std::string_view nc = "00000001", std::string realm = DOMAIN)
    {
        const SipMessage response = test::ParseSip(challenge.message);
        const auto headers = response.AuthHeaders(HeaderType::WWW_AUTHENTICATE);
        BOOST_REQUIRE(headers);
        for (const AuthHeader& h : *headers) {
            const auto c = ParseDigestChallenge(h);
            BOOST_REQUIRE(c);
            if (c->algorithm != algorithm) continue;
            const auto alg = ParseDigestAlgorithm(algorithm);
            BOOST_REQUIRE(alg);
            const std::string uri = "sip:dots.example";
            const DigestHa1 ha1 = ComputeDigestHa1(user, realm, password);
            const std::string resp = ComputeDigestResponse(*alg, ha1.Hex(*alg), c->nonce, nc, "abcdef01", "auth",
                                                           "REGISTER", uri);
            return "Digest username=\"" + std::string{user} + "\", realm=\"" + realm + "\", nonce=\"" +
                   std::string{c->nonce} + "\", uri=\"" + uri + "\", response=\"" + resp + "\", algorithm=" +
                   std::string{algorithm} + ", qop=auth, nc=" + std::string{nc} + ", cnonce=\"abcdef01\"";
        }
        BOOST_FAIL("no challenge for " << algorithm);
        return {};
    }

    /** Challenge, then answer: the authenticated reply. */
    RegistrarReply Authenticated(RegisterSpec spec, std::string_view algorithm = "SHA-256",
                                 std::string_view password = "correct horse", std::string_view user = "alice")
    {
        spec.authorization.clear();
        const RegistrarReply challenge = Send(spec);
        BOOST_REQUIRE_EQUAL(challenge.code, 401);
        spec.cseq += 1;
        spec.authorization = Answer(challenge, algorithm, user, password);
        return Send(spec);
    }

    size_t Bindings(std::string_view aor) { return location.Lookup(aor, ctx.now).size(); }
};

bool HasHeader(const RegistrarReply& r, std::string_view line) { return r.headers.find(line) != std::string::npos; }

} // namespace

BOOST_FIXTURE_TEST_SUITE(sip_registrar_tests, RegistrarFixture)

BOOST_AUTO_TEST_CASE(challenge_then_register)
{
    RegisterSpec spec;
    const RegistrarReply challenge = Send(spec);
    BOOST_CHECK_EQUAL(challenge.code, 401);
    const size_t sha = challenge.headers.find("WWW-Authenticate: Digest realm=\"dots.example\"");
    BOOST_CHECK(sha != std::string::npos);
    BOOST_CHECK(challenge.headers.find("algorithm=SHA-256") < challenge.headers.find("algorithm=MD5"));
    BOOST_CHECK_EQUAL(Bindings("alice"), 0U);
    BOOST_CHECK(directory.Reports().empty());

    spec.cseq = 2;
    spec.authorization = Answer(challenge, "SHA-256", "alice", "correct horse");
    const RegistrarReply ok = Send(spec);
    BOOST_CHECK_EQUAL(ok.code, 200);
    BOOST_CHECK(HasHeader(ok, "Contact: <sip:alice@198.51.100.7:40000>;expires=3600\r\n"));
    BOOST_CHECK(HasHeader(ok, "Date: Fri, 15 Jan 2027 08:00:00 GMT\r\n"));
    BOOST_REQUIRE_EQUAL(ok.bindings.size(), 1U);
    BOOST_CHECK_EQUAL(ok.bindings[0].user_agent, "TestPhone/2.0");
    BOOST_CHECK_EQUAL(ok.bindings[0].source.ip, "198.51.100.7");
    BOOST_CHECK_EQUAL(Bindings("alice"), 1U);
    const auto reports = directory.Reports();
    BOOST_REQUIRE_EQUAL(reports.size(), 1U);
    BOOST_CHECK_EQUAL(reports[0].handle, "alice");
    BOOST_CHECK(reports[0].online);
}

BOOST_AUTO_TEST_CASE(md5_client)
{
    RegisterSpec spec;
    spec.to = "<sip:+4930123456@dots.example>";
    spec.contacts = {"<sip:+4930123456@198.51.100.7:40000>"};
    const RegistrarReply challenge = Send(spec);
    spec.cseq = 2;
    spec.authorization = Answer(challenge, "MD5", "+4930123456", "number password");
    BOOST_CHECK_EQUAL(Send(spec).code, 200);
    BOOST_CHECK_EQUAL(Bindings("+4930123456"), 1U);
}

BOOST_AUTO_TEST_CASE(refresh_with_next_nonce_count)
{
    RegisterSpec spec;
    const RegistrarReply challenge = Send(spec);
    spec.cseq = 2;
    spec.authorization = Answer(challenge, "SHA-256", "alice", "correct horse");
    BOOST_CHECK_EQUAL(Send(spec).code, 200);

    // Replaying the same request (same nc) is refused with a stale challenge.
    spec.cseq = 3;
    const RegistrarReply replay = Send(spec);
    BOOST_CHECK_EQUAL(replay.code, 401);
    BOOST_CHECK(HasHeader(replay, "stale=true"));

    // The same nonce with the next nc refreshes, 100 s later, with a shorter expiry.
    ctx.now = T0 + 100;
    spec.cseq = 4;
    spec.expires = "1800";
    spec.authorization = Answer(challenge, "SHA-256", "alice", "correct horse", "00000002");
    const RegistrarReply ok = Send(spec);
    BOOST_CHECK_EQUAL(ok.code, 200);
    BOOST_REQUIRE_EQUAL(ok.bindings.size(), 1U);
    BOOST_CHECK_EQUAL(ok.bindings[0].expires_at, T0 + 100 + 1800);
    BOOST_CHECK(HasHeader(ok, ";expires=1800\r\n"));
    BOOST_CHECK_EQUAL(directory.Reports().size(), 1U);
}

BOOST_AUTO_TEST_CASE(stale_nonce_gets_stale_challenge)
{
    RegisterSpec spec;
    const RegistrarReply challenge = Send(spec);
    ctx.now = T0 + 301;
    spec.cseq = 2;
    spec.authorization = Answer(challenge, "SHA-256", "alice", "correct horse");
    const RegistrarReply stale = Send(spec);
    BOOST_CHECK_EQUAL(stale.code, 401);
    BOOST_CHECK(HasHeader(stale, "stale=true"));
    BOOST_CHECK_EQUAL(Bindings("alice"), 0U);
    spec.cseq = 3;
    spec.authorization = Answer(stale, "SHA-256", "alice", "correct horse");
    BOOST_CHECK_EQUAL(Send(spec).code, 200);
}

BOOST_AUTO_TEST_CASE(multiple_contacts)
{
    RegisterSpec spec;
    spec.contacts = {"<sip:alice@198.51.100.7:40000>;q=0.5, <sip:alice@[2001:db8::5]:5062>;expires=120",
                     "sip:alice@203.0.113.1;q=1.0"};
    const RegistrarReply ok = Authenticated(spec);
    BOOST_CHECK_EQUAL(ok.code, 200);
    BOOST_REQUIRE_EQUAL(ok.bindings.size(), 3U);
    BOOST_CHECK(HasHeader(ok, "Contact: <sip:alice@198.51.100.7:40000>;expires=3600;q=0.5\r\n"));
    BOOST_CHECK(HasHeader(ok, "Contact: <sip:alice@[2001:db8::5]:5062>;expires=120\r\n"));
    BOOST_CHECK(HasHeader(ok, "Contact: <sip:alice@203.0.113.1>;expires=3600;q=1\r\n"));
    BOOST_CHECK_EQUAL(ok.bindings.back().contact_uri, "sip:alice@198.51.100.7:40000"); // lowest q last

    // A REGISTER without Contact lists the bindings and changes nothing.
    RegisterSpec query;
    query.call_id = "query-1";
    query.contacts.clear();
    const RegistrarReply list = Authenticated(query);
    BOOST_CHECK_EQUAL(list.code, 200);
    BOOST_CHECK_EQUAL(list.bindings.size(), 3U);
    BOOST_CHECK(HasHeader(list, "Contact: <sip:alice@[2001:db8::5]:5062>;expires=120\r\n"));
}

BOOST_AUTO_TEST_CASE(star_unregisters_all)
{
    RegisterSpec spec;
    spec.contacts = {"<sip:alice@198.51.100.7:40000>", "<sip:alice@203.0.113.1>"};
    BOOST_CHECK_EQUAL(Authenticated(spec).code, 200);
    BOOST_CHECK_EQUAL(Bindings("alice"), 2U);

    RegisterSpec star = spec;
    star.cseq = 10;
    star.contacts = {"*"};
    star.expires = "0";
    const RegistrarReply ok = Authenticated(star);
    BOOST_CHECK_EQUAL(ok.code, 200);
    BOOST_CHECK(ok.bindings.empty());
    BOOST_CHECK(!HasHeader(ok, "Contact:"));
    BOOST_CHECK_EQUAL(Bindings("alice"), 0U);
    const auto reports = directory.Reports();
    BOOST_REQUIRE_EQUAL(reports.size(), 2U);
    BOOST_CHECK(!reports[1].online);

    // "*" needs Expires: 0 and must stand alone.
    star.cseq = 20;
    star.expires = "";
    BOOST_CHECK_EQUAL(Authenticated(star).code, 400);
    star.cseq = 30;
    star.expires = "60";
    BOOST_CHECK_EQUAL(Authenticated(star).code, 400);
    star.cseq = 40;
    star.expires = "0";
    star.contacts = {"*", "<sip:alice@203.0.113.1>"};
    BOOST_CHECK_EQUAL(Authenticated(star).code, 400);
}

BOOST_AUTO_TEST_CASE(remove_one_with_expires_zero)
{
    RegisterSpec spec;
    spec.contacts = {"<sip:alice@198.51.100.7:40000>", "<sip:alice@203.0.113.1>"};
    BOOST_CHECK_EQUAL(Authenticated(spec).code, 200);
    spec.cseq = 10;
    spec.contacts = {"<sip:alice@203.0.113.1>;expires=0"};
    const RegistrarReply ok = Authenticated(spec);
    BOOST_CHECK_EQUAL(ok.code, 200);
    BOOST_REQUIRE_EQUAL(ok.bindings.size(), 1U);
    BOOST_CHECK_EQUAL(ok.bindings[0].contact_uri, "sip:alice@198.51.100.7:40000");
}

BOOST_AUTO_TEST_CASE(interval_too_brief_and_clamping)
{
    RegisterSpec spec;
    spec.expires = "30";
    // The expiry is checked after authentication (the 423 must not help unauthenticated probing).
    RegistrarReply brief = Authenticated(spec);
    BOOST_CHECK_EQUAL(brief.code, 423);
    BOOST_CHECK(HasHeader(brief, "Min-Expires: 60\r\n"));
    BOOST_CHECK_EQUAL(Bindings("alice"), 0U);

    // The Contact's expires parameter wins over the Expires header, both ways.
    spec.cseq = 10;
    spec.expires = "3600";
    spec.contacts = {"<sip:alice@198.51.100.7:40000>;expires=59"};
    BOOST_CHECK_EQUAL(Authenticated(spec).code, 423);
    spec.cseq = 20;
    spec.expires = "30";
    spec.contacts = {"<sip:alice@198.51.100.7:40000>;expires=60"};
    RegistrarReply ok = Authenticated(spec);
    BOOST_CHECK_EQUAL(ok.code, 200);
    BOOST_CHECK(HasHeader(ok, ";expires=60\r\n"));

    // Longer than -sipmaxexpires is shortened.
    spec.cseq = 30;
    spec.expires = "";
    spec.contacts = {"<sip:alice@198.51.100.7:40000>;expires=86400"};
    ok = Authenticated(spec);
    BOOST_CHECK_EQUAL(ok.code, 200);
    BOOST_CHECK(HasHeader(ok, ";expires=3600\r\n"));
}

BOOST_AUTO_TEST_CASE(wrong_password_is_forbidden)
{
    RegisterSpec spec;
    const RegistrarReply first = Authenticated(spec, "SHA-256", "wrong horse");
    BOOST_CHECK_EQUAL(first.code, 403);
    BOOST_CHECK_EQUAL(Bindings("alice"), 0U);
    const RegistrarReply md5 = Authenticated(spec, "MD5", "wrong horse");
    BOOST_CHECK_EQUAL(md5.code, 403);
    BOOST_CHECK_EQUAL(Bindings("alice"), 0U);
    BOOST_CHECK(directory.Reports().empty());
    // A wrong response to a nonce we did not issue gets a fresh challenge (then 403).
    spec.cseq = 50;
    spec.authorization = "Digest username=\"alice\", realm=\"dots.example\", nonce=\"bm90IG91cnM=\", "
                         "uri=\"sip:dots.example\", response=\"00000000000000000000000000000000\", qop=auth, "
                         "nc=00000001, cnonce=\"x\"";
    BOOST_CHECK_EQUAL(Send(spec).code, 401);
    // The right password still works afterwards.
    BOOST_CHECK_EQUAL(Authenticated(spec).code, 200);
}

BOOST_AUTO_TEST_CASE(wrong_user_or_realm_is_forbidden)
{
    BOOST_REQUIRE(credentials.SetCredential("bob", "bobs password"));
    RegisterSpec spec;
    // bob's valid credentials cannot register alice.
    BOOST_CHECK_EQUAL(Authenticated(spec, "SHA-256", "bobs password", "bob").code, 403);
    BOOST_CHECK_EQUAL(Bindings("alice"), 0U);
    // Credentials for another realm only.
    const RegistrarReply challenge = Send(spec);
    spec.cseq = 5;
    spec.authorization = Answer(challenge, "SHA-256", "alice", "correct horse", "00000001", "other.example");
    BOOST_CHECK_EQUAL(Send(spec).code, 403);
    BOOST_CHECK_EQUAL(Bindings("alice"), 0U);
}

BOOST_AUTO_TEST_CASE(domains_and_handles)
{
    RegisterSpec spec;
    spec.to = "<sip:alice@evil.example>";
    BOOST_CHECK_EQUAL(Send(spec).code, 404);
    spec.to = "<sip:alice@dots.example>";
    spec.ruri = "sip:evil.example";
    BOOST_CHECK_EQUAL(Send(spec).code, 404);
    // The node's own address is one of our domains.
    spec.ruri = "sip:192.0.2.10:5060";
    spec.to = "<sip:alice@192.0.2.10>";
    BOOST_CHECK_EQUAL(Authenticated(spec).code, 200);
    // Not a handle at all.
    spec.to = "<sip:a@dots.example>";
    BOOST_CHECK_EQUAL(Send(spec).code, 404);
    spec.to = "<tel:+4930123456>";
    BOOST_CHECK_EQUAL(Send(spec).code, 404);
    // A valid handle nobody registered.
    spec.to = "<sip:nobody@dots.example>";
    BOOST_CHECK_EQUAL(Send(spec).code, 404);
    // On chain, but its credentials are not on this node.
    interfaces::HandleRecord record;
    record.handle = "nobody";
    directory.PutHandle(record);
    RegistrarReply reply = Send(spec);
    BOOST_CHECK_EQUAL(reply.code, 403);
    BOOST_CHECK_EQUAL(reply.reason, "Handle Not Homed Here");
    // Homed at one of our node keys, yet no credential (its wallet is locked since it loaded).
    const interfaces::NodeId us{7};
    directory.AddLocalNode(us);
    record.home_node = us;
    directory.PutHandle(record);
    reply = Send(spec);
    BOOST_CHECK_EQUAL(reply.code, 403);
    BOOST_CHECK_EQUAL(reply.reason, "Credential Not Loaded Here");
    // Homed at another node's key: not here.
    record.home_node = interfaces::NodeId{8};
    directory.PutHandle(record);
    BOOST_CHECK_EQUAL(Send(spec).reason, "Handle Not Homed Here");
}

BOOST_AUTO_TEST_CASE(home_node_on_chain)
{
    const interfaces::NodeId us{1}, other{2};
    directory.AddLocalNode(us);
    interfaces::HandleRecord record;
    record.handle = "alice";
    record.home_node = us;
    directory.PutHandle(record);
    RegisterSpec spec;
    BOOST_CHECK_EQUAL(Authenticated(spec).code, 200);
    // The owner moved alice's home to another node: our credentials are stale.
    record.home_node = other;
    directory.PutHandle(record);
    spec.cseq = 10;
    BOOST_CHECK_EQUAL(Send(spec).code, 403);
    // No home node on chain: the credential here is what counts.
    record.home_node.reset();
    directory.PutHandle(record);
    BOOST_CHECK_EQUAL(Authenticated(spec).code, 200);
}

BOOST_AUTO_TEST_CASE(uppercase_user_is_canonicalized)
{
    RegisterSpec spec;
    spec.to = "<sip:Alice@DOTS.example>";
    const RegistrarReply ok = Authenticated(spec);
    BOOST_CHECK_EQUAL(ok.code, 200);
    BOOST_CHECK_EQUAL(Bindings("alice"), 1U);
    BOOST_REQUIRE_EQUAL(ok.bindings.size(), 1U);
    BOOST_CHECK_EQUAL(ok.bindings[0].aor, "alice");
}

BOOST_AUTO_TEST_CASE(cseq_ordering)
{
    RegisterSpec spec;
    spec.cseq = 10;
    BOOST_CHECK_EQUAL(Authenticated(spec).code, 200); // registered with CSeq 11
    // Same Call-ID, lower CSeq (a delayed or reordered request): 500, binding unchanged.
    spec.cseq = 5;
    spec.contacts = {"<sip:alice@198.51.100.7:40000>;expires=0"};
    BOOST_CHECK_EQUAL(Authenticated(spec).code, 500); // sent with CSeq 6
    BOOST_CHECK_EQUAL(Bindings("alice"), 1U);
    // Higher CSeq is fine.
    spec.cseq = 20;
    BOOST_CHECK_EQUAL(Authenticated(spec).code, 200);
    BOOST_CHECK_EQUAL(Bindings("alice"), 0U);
}

BOOST_AUTO_TEST_CASE(malformed_requests)
{
    RegisterSpec spec;
    spec.extra = "Require: gruu\r\n";
    const RegistrarReply ext = Send(spec);
    BOOST_CHECK_EQUAL(ext.code, 420);
    BOOST_CHECK(HasHeader(ext, "Unsupported: gruu\r\n"));

    spec.extra.clear();
    spec.contacts = {"<mailto:alice@example.com>"};
    BOOST_CHECK_EQUAL(Authenticated(spec).code, 416);
    spec.cseq = 10;
    spec.contacts = {"<sip:alice@198.51.100.7>"};
    spec.expires = "soon";
    BOOST_CHECK_EQUAL(Authenticated(spec).code, 400);
    BOOST_CHECK_EQUAL(Bindings("alice"), 0U);
    // Too many contacts in one request.
    spec.cseq = 20;
    spec.expires.clear();
    spec.contacts.clear();
    for (int i = 0; i < 11; ++i) spec.contacts.push_back("<sip:alice@192.0.2." + std::to_string(i + 1) + ">");
    BOOST_CHECK_EQUAL(Authenticated(spec).code, 403);
    BOOST_CHECK_EQUAL(Bindings("alice"), 0U);
}

BOOST_AUTO_TEST_CASE(outbound_instance_is_echoed)
{
    RegisterSpec spec;
    spec.contacts = {"<sip:alice@10.0.0.5:5060;transport=tcp;ob>;reg-id=1;"
                     "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\""};
    ctx.transport = Transport::TCP;
    ctx.connection_id = 42;
    const RegistrarReply ok = Authenticated(spec);
    BOOST_CHECK_EQUAL(ok.code, 200);
    BOOST_REQUIRE_EQUAL(ok.bindings.size(), 1U);
    BOOST_CHECK(ok.bindings[0].behind_nat);
    BOOST_CHECK_EQUAL(ok.bindings[0].source.connection_id, 42U);
    BOOST_CHECK_EQUAL(ok.bindings[0].reg_id, 1U);
    BOOST_CHECK(HasHeader(ok, ";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1\r\n"));
}

BOOST_AUTO_TEST_CASE(table_full_is_503)
{
    LocationService small{LocationLimits{10, 0}};
    Registrar r{RegistrarOptions{{DOMAIN}, 3600, 60, 3600}, credentials, small, auth, &directory};
    RegisterSpec spec;
    const SipMessage first = test::ParseSip(BuildRegister(spec));
    const RegistrarReply challenge = r.HandleRegister(first, ctx);
    BOOST_REQUIRE_EQUAL(challenge.code, 401);
    spec.cseq = 2;
    spec.authorization = Answer(challenge, "SHA-256", "alice", "correct horse");
    const SipMessage second = test::ParseSip(BuildRegister(spec));
    const RegistrarReply full = r.HandleRegister(second, ctx);
    BOOST_CHECK_EQUAL(full.code, 503);
    BOOST_CHECK(HasHeader(full, "Retry-After: "));
}

BOOST_AUTO_TEST_CASE(rpc_methods)
{
    rpc::RPCTable table{0};
    RegisterRegistrarRPCCommands(table, &credentials, &location);
    table.SetWarmupFinished();
    auto call = [&](const std::string& method, UniValue params) {
        rpc::JSONRPCRequest req;
        req.method = method;
        req.params = std::move(params);
        return table.Execute(req);
    };
    auto args = [](std::initializer_list<std::string> values) {
        UniValue a{UniValue::VARR};
        for (const std::string& v : values) a.push_back(v);
        return a;
    };

    // setsipcredential is the wallet's (wallet_registry_tests); the store is filled directly here.
    BOOST_REQUIRE(credentials.SetCredential("bob", "bobs password"));
    BOOST_CHECK(table.Find("setsipcredential") == nullptr);

    // bob can now register with that password; the registration is listed.
    ctx.now = GetTime();
    RegisterSpec spec;
    spec.to = "<sip:bob@dots.example>";
    spec.contacts = {"<sip:bob@198.51.100.7:40000>;q=0.7"};
    BOOST_CHECK_EQUAL(Authenticated(spec, "SHA-256", "bobs password", "bob").code, 200);

    const rpc::RPCResponse all = call("listsipregistrations", UniValue{UniValue::VARR});
    BOOST_REQUIRE(!all.IsError());
    BOOST_REQUIRE_EQUAL(all.Result().size(), 1U);
    const UniValue& entry = all.Result()[0];
    BOOST_CHECK_EQUAL(entry["handle"].get_str(), "bob");
    BOOST_CHECK_EQUAL(entry["contact"].get_str(), "sip:bob@198.51.100.7:40000");
    BOOST_CHECK(entry["expires"].get_int64() > 3500);
    BOOST_CHECK_CLOSE(entry["q"].get_real(), 0.7, 1e-9);
    BOOST_CHECK_EQUAL(entry["source"].get_str(), "198.51.100.7:40000");
    BOOST_CHECK_EQUAL(entry["transport"].get_str(), "UDP");
    BOOST_CHECK_EQUAL(entry["user_agent"].get_str(), "TestPhone/2.0");
    BOOST_CHECK_EQUAL(entry["registered_at"].get_int64(), ctx.now);

    BOOST_CHECK_EQUAL(call("listsipregistrations", args({"BOB"})).Result().size(), 1U);
    BOOST_CHECK_EQUAL(call("listsipregistrations", args({"alice"})).Result().size(), 0U);
    const rpc::RPCResponse bad_list = call("listsipregistrations", args({"b"}));
    BOOST_REQUIRE(bad_list.IsError());
    BOOST_CHECK_EQUAL(bad_list.Error().code, rpc::RPC_INVALID_PARAMETER);
}

BOOST_AUTO_TEST_CASE(formatting_helpers)
{
    BOOST_CHECK_EQUAL(FormatHttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    BOOST_CHECK_EQUAL(FormatHttpDate(1289690940), "Sat, 13 Nov 2010 23:29:00 GMT");
    BOOST_CHECK_EQUAL(FormatQValue(1000), "1");
    BOOST_CHECK_EQUAL(FormatQValue(500), "0.5");
    BOOST_CHECK_EQUAL(FormatQValue(0), "0");
    BOOST_CHECK_EQUAL(FormatQValue(125), "0.125");
    BOOST_CHECK_EQUAL(FormatQValue(10), "0.01");
}

BOOST_AUTO_TEST_SUITE_END()
