// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/auth.h>
#include <sip/registrar/credentials.h>
#include <sip/registrar/digest.h>
#include <sip/registrar/handle.h>

#include <boost/test/unit_test.hpp>

#include <cctype>
#include <string>
#include <vector>

using namespace sip;

namespace {

const std::vector<uint8_t> SECRET(32, 0x42);
constexpr int64_t T0 = 1'800'000'000;
const std::string REALM = "dots.example";

DigestAuthenticator::Options TestOptions()
{
    DigestAuthenticator::Options o;
    o.realm = REALM;
    o.nonce_lifetime = 300;
    o.nc_cache_size = 16;
    return o;
}

/** Credentials as a client would send them for `nonce` (qop=auth unless qop is empty). */
struct ClientCreds {
    std::string username{"alice"}, realm{REALM}, nonce, uri{"sip:dots.example"}, response, algorithm{"SHA-256"},
        cnonce{"0a4f113b"}, qop{"auth"}, nc{"00000001"};

    DigestCredentials View() const
    {
        DigestCredentials c;
        c.username = username;
        c.realm = realm;
        c.nonce = nonce;
        c.uri = uri;
        c.response = response;
        c.algorithm = algorithm;
        c.cnonce = qop.empty() ? std::string_view{} : std::string_view{cnonce};
        c.qop = qop;
        c.nc = qop.empty() ? std::string_view{} : std::string_view{nc};
        return c;
    }

    void Sign(std::string_view password, std::string_view method = "REGISTER")
    {
        const auto alg = ParseDigestAlgorithm(algorithm);
        BOOST_REQUIRE(alg);
        const DigestHa1 ha1 = ComputeDigestHa1(username, realm, password);
        response = ComputeDigestResponse(*alg, ha1.Hex(*alg), nonce, qop.empty() ? "" : nc,
                                         qop.empty() ? "" : cnonce, qop, method, uri);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(sip_digest_tests)

BOOST_AUTO_TEST_CASE(rfc2617_md5_example)
{
    // RFC 2617 section 3.5.
    const DigestHa1 ha1 = ComputeDigestHa1("Mufasa", "testrealm@host.com", "Circle Of Life");
    BOOST_CHECK_EQUAL(ha1.Hex(DigestAlgorithm::MD5), "939e7578ed9e3c518a452acee763bce9");
    BOOST_CHECK_EQUAL(ComputeDigestResponse(DigestAlgorithm::MD5, ha1.Hex(DigestAlgorithm::MD5),
                                            "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth", "GET",
                                            "/dir/index.html"),
                      "6629fae49393a05397450978507c4ef1");
}

BOOST_AUTO_TEST_CASE(rfc7616_examples)
{
    // RFC 7616 section 3.9.1, MD5 and SHA-256 with the same inputs.
    const DigestHa1 ha1 = ComputeDigestHa1("Mufasa", "http-auth@example.org", "Circle of Life");
    const std::string nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    const std::string cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    BOOST_CHECK_EQUAL(ComputeDigestResponse(DigestAlgorithm::MD5, ha1.Hex(DigestAlgorithm::MD5), nonce, "00000001",
                                            cnonce, "auth", "GET", "/dir/index.html"),
                      "8ca523f5e9506fed4657c9700eebdbec");
    BOOST_CHECK_EQUAL(ComputeDigestResponse(DigestAlgorithm::SHA256, ha1.Hex(DigestAlgorithm::SHA256), nonce,
                                            "00000001", cnonce, "auth", "GET", "/dir/index.html"),
                      "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

BOOST_AUTO_TEST_CASE(rfc2069_and_sess_forms)
{
    // RFC 2069 form (no qop): H(HA1:nonce:HA2).
    const std::string ha1 = DigestHashHex(DigestAlgorithm::MD5, "u:r:p");
    const std::string ha2 = DigestHashHex(DigestAlgorithm::MD5, "REGISTER:sip:r");
    BOOST_CHECK_EQUAL(ComputeDigestResponse(DigestAlgorithm::MD5, ha1, "n", "", "", "", "REGISTER", "sip:r"),
                      DigestHashHex(DigestAlgorithm::MD5, ha1 + ":n:" + ha2));
    // -sess: HA1' = H(HA1:nonce:cnonce).
    const std::string sha_ha1 = DigestHashHex(DigestAlgorithm::SHA256, "u:r:p");
    const std::string sess = DigestHashHex(DigestAlgorithm::SHA256, sha_ha1 + ":n:c");
    const std::string sha_ha2 = DigestHashHex(DigestAlgorithm::SHA256, "REGISTER:sip:r");
    BOOST_CHECK_EQUAL(
        ComputeDigestResponse(DigestAlgorithm::SHA256_SESS, sha_ha1, "n", "00000001", "c", "auth", "REGISTER", "sip:r"),
        DigestHashHex(DigestAlgorithm::SHA256, sess + ":n:00000001:c:auth:" + sha_ha2));
}

BOOST_AUTO_TEST_CASE(algorithm_names)
{
    BOOST_CHECK(ParseDigestAlgorithm("") == DigestAlgorithm::MD5);
    BOOST_CHECK(ParseDigestAlgorithm("md5") == DigestAlgorithm::MD5);
    BOOST_CHECK(ParseDigestAlgorithm("MD5-sess") == DigestAlgorithm::MD5_SESS);
    BOOST_CHECK(ParseDigestAlgorithm("sha-256") == DigestAlgorithm::SHA256);
    BOOST_CHECK(ParseDigestAlgorithm("SHA-256-sess") == DigestAlgorithm::SHA256_SESS);
    BOOST_CHECK(!ParseDigestAlgorithm("SHA-512-256"));
    BOOST_CHECK(!ParseDigestAlgorithm("AKAv1-MD5"));
}

BOOST_AUTO_TEST_CASE(challenge_offers_sha256_then_md5)
{
    DigestAuthenticator auth{TestOptions(), SECRET};
    const auto values = auth.ChallengeValues(T0, "192.0.2.1", false);
    BOOST_REQUIRE_EQUAL(values.size(), 2U);
    std::string nonces[2];
    for (size_t i = 0; i < 2; ++i) {
        const auto header = ParseAuthHeader(values[i]);
        BOOST_REQUIRE(header);
        const auto challenge = ParseDigestChallenge(*header);
        BOOST_REQUIRE(challenge);
        BOOST_CHECK_EQUAL(challenge->realm, REALM);
        BOOST_CHECK_EQUAL(challenge->qop, "auth");
        BOOST_CHECK(!challenge->stale);
        BOOST_CHECK_EQUAL(challenge->algorithm, i == 0 ? "SHA-256" : "MD5");
        nonces[i] = std::string{challenge->nonce};
    }
    BOOST_CHECK_EQUAL(nonces[0], nonces[1]);
    BOOST_CHECK_EQUAL(nonces[0].size(), 64U); // base64 of 8 + 8 + 32 bytes
    // Every challenge gets its own nonce, even for the same source in the same second.
    BOOST_CHECK(nonces[0] != auth.MakeNonce(T0, "192.0.2.1"));
    BOOST_CHECK(auth.MakeNonce(T0, "192.0.2.1") != auth.MakeNonce(T0, "192.0.2.1"));

    const auto stale = auth.ChallengeValues(T0, "192.0.2.1", true);
    const auto header = ParseAuthHeader(stale[0]);
    BOOST_REQUIRE(header);
    BOOST_CHECK(ParseDigestChallenge(*header)->stale);
    const std::string lines = auth.ChallengeHeaders(T0, "192.0.2.1", false);
    BOOST_CHECK_EQUAL(lines.rfind("WWW-Authenticate: Digest realm=\"dots.example\", nonce=\"", 0), 0U);
    const size_t second = lines.find("\r\nWWW-Authenticate: Digest ");
    BOOST_CHECK(second != std::string::npos && second < lines.find("algorithm=MD5"));
    BOOST_CHECK(lines.find("algorithm=SHA-256") < second);
    BOOST_CHECK_EQUAL(lines.substr(lines.size() - 2), "\r\n");
}

BOOST_AUTO_TEST_CASE(verify_sha256_and_md5)
{
    DigestAuthenticator auth{TestOptions(), SECRET};
    const DigestHa1 ha1 = ComputeDigestHa1("alice", REALM, "correct horse");
    for (const char* alg : {"SHA-256", "MD5", "SHA-256-sess", "MD5-sess"}) {
        ClientCreds c;
        c.algorithm = alg;
        c.nonce = auth.MakeNonce(T0, "192.0.2.1");
        c.Sign("correct horse");
        BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0 + 10, "192.0.2.1") == DigestResult::OK);
        // The method is part of HA2.
        c.nc = "00000002";
        c.Sign("correct horse", "INVITE");
        BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0 + 10, "192.0.2.1") == DigestResult::WRONG_PASSWORD);
        // Hex digits in upper case are accepted.
        c.Sign("correct horse");
        for (char& ch : c.response) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0 + 10, "192.0.2.1") == DigestResult::OK);
    }
}

BOOST_AUTO_TEST_CASE(wrong_password_and_foreign_nonce)
{
    DigestAuthenticator auth{TestOptions(), SECRET};
    const DigestHa1 ha1 = ComputeDigestHa1("alice", REALM, "correct horse");
    ClientCreds c;
    c.nonce = auth.MakeNonce(T0, "192.0.2.1");
    c.Sign("wrong horse");
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::WRONG_PASSWORD);
    // A wrong response never records the nonce-count: the right one still works.
    c.Sign("correct horse");
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::OK);

    // Another process (another secret) issued this nonce: wrong response -> new challenge,
    // right response -> stale.
    DigestAuthenticator other{TestOptions(), std::vector<uint8_t>(32, 0x43)};
    ClientCreds f;
    f.nonce = other.MakeNonce(T0, "192.0.2.1");
    f.Sign("wrong horse");
    BOOST_CHECK(auth.Verify(f.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::WRONG_RESPONSE_UNKNOWN_NONCE);
    f.Sign("correct horse");
    BOOST_CHECK(auth.Verify(f.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::STALE_NONCE);
    // Garbage nonces are just unknown.
    for (const std::string& junk : {std::string{}, std::string{"abc"}, std::string{"!!!!"}, std::string(64, 'A'),
                                   auth.MakeNonce(T0, "192.0.2.1").substr(0, 60) + "AAAA"}) {
        f.nonce = junk;
        f.Sign("correct horse");
        BOOST_CHECK(auth.Verify(f.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::STALE_NONCE);
    }
}

BOOST_AUTO_TEST_CASE(stale_nonce)
{
    DigestAuthenticator auth{TestOptions(), SECRET};
    const DigestHa1 ha1 = ComputeDigestHa1("alice", REALM, "correct horse");
    ClientCreds c;
    c.nonce = auth.MakeNonce(T0, "192.0.2.1");
    c.Sign("correct horse");
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0 + 301, "192.0.2.1") == DigestResult::STALE_NONCE);
    // A wrong password with an expired nonce is answered with a fresh challenge, not 403.
    ClientCreds w = c;
    w.Sign("wrong horse");
    BOOST_CHECK(auth.Verify(w.View(), "REGISTER", ha1, T0 + 301, "192.0.2.1") ==
                DigestResult::WRONG_RESPONSE_UNKNOWN_NONCE);
    // At the edge of the lifetime it is still fresh; nonces from the future (clock stepped
    // back by more than a few seconds) are stale.
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0 + 300, "192.0.2.1") == DigestResult::OK);
    ClientCreds future;
    future.nonce = auth.MakeNonce(T0 + 60, "192.0.2.1");
    future.Sign("correct horse");
    BOOST_CHECK(auth.Verify(future.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::STALE_NONCE);
}

BOOST_AUTO_TEST_CASE(wrong_source)
{
    DigestAuthenticator auth{TestOptions(), SECRET};
    const DigestHa1 ha1 = ComputeDigestHa1("alice", REALM, "correct horse");
    ClientCreds c;
    c.nonce = auth.MakeNonce(T0, "192.0.2.1");
    c.Sign("correct horse");
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0, "192.0.2.99") == DigestResult::STALE_NONCE);
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0, "2001:db8::1") == DigestResult::STALE_NONCE);
    c.Sign("wrong horse");
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0, "192.0.2.99") == DigestResult::WRONG_RESPONSE_UNKNOWN_NONCE);
    // Another realm's authenticator does not accept our nonce either.
    auto options = TestOptions();
    options.realm = "other.example";
    DigestAuthenticator other{options, SECRET};
    ClientCreds o;
    o.realm = "other.example";
    o.nonce = auth.MakeNonce(T0, "192.0.2.1");
    o.Sign("correct horse");
    const DigestHa1 other_ha1 = ComputeDigestHa1("alice", "other.example", "correct horse");
    BOOST_CHECK(other.Verify(o.View(), "REGISTER", other_ha1, T0, "192.0.2.1") == DigestResult::STALE_NONCE);
}

BOOST_AUTO_TEST_CASE(two_clients_same_source_same_second)
{
    // Two phones behind one NAT address, challenged in the same second, both answer nc=1.
    DigestAuthenticator auth{TestOptions(), SECRET};
    const DigestHa1 ha1 = ComputeDigestHa1("alice", REALM, "correct horse");
    ClientCreds a, b;
    a.nonce = auth.MakeNonce(T0, "192.0.2.1");
    b.nonce = auth.MakeNonce(T0, "192.0.2.1");
    a.Sign("correct horse");
    b.Sign("correct horse");
    BOOST_CHECK(auth.Verify(a.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::OK);
    BOOST_CHECK(auth.Verify(b.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::OK);
}

BOOST_AUTO_TEST_CASE(nonce_count_replay)
{
    DigestAuthenticator auth{TestOptions(), SECRET};
    const DigestHa1 ha1 = ComputeDigestHa1("alice", REALM, "correct horse");
    ClientCreds c;
    c.nonce = auth.MakeNonce(T0, "192.0.2.1");
    c.Sign("correct horse");
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::OK);
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::REPLAY);
    c.nc = "00000003";
    c.Sign("correct horse");
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::OK);
    c.nc = "00000002"; // lower than the highest seen
    c.Sign("correct horse");
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::REPLAY);
    c.nc = "00000000";
    c.Sign("correct horse");
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::UNSUPPORTED);
    c.nc = "0000000g";
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::UNSUPPORTED);
    BOOST_CHECK_EQUAL(auth.TrackedNonces(), 1U);
}

BOOST_AUTO_TEST_CASE(nonce_count_map_is_bounded)
{
    DigestAuthenticator auth{TestOptions(), SECRET}; // 16 entries
    const DigestHa1 ha1 = ComputeDigestHa1("alice", REALM, "correct horse");
    std::vector<ClientCreds> used;
    for (int i = 0; i < 40; ++i) {
        ClientCreds c;
        c.nonce = auth.MakeNonce(T0 + i, "192.0.2.1");
        c.Sign("correct horse");
        BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0 + i, "192.0.2.1") == DigestResult::OK);
        used.push_back(c);
    }
    BOOST_CHECK_EQUAL(auth.TrackedNonces(), 16U);
    // Every nonce used so far, evicted or not, is refused when replayed.
    for (const ClientCreds& c : used) {
        BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0 + 40, "192.0.2.1") == DigestResult::REPLAY);
    }
    // A nonce issued after the eviction horizon works.
    ClientCreds fresh;
    fresh.nonce = auth.MakeNonce(T0 + 41, "192.0.2.1");
    fresh.Sign("correct horse");
    BOOST_CHECK(auth.Verify(fresh.View(), "REGISTER", ha1, T0 + 41, "192.0.2.1") == DigestResult::OK);
}

BOOST_AUTO_TEST_CASE(no_qop_legacy)
{
    DigestAuthenticator auth{TestOptions(), SECRET};
    const DigestHa1 ha1 = ComputeDigestHa1("alice", REALM, "correct horse");
    ClientCreds c;
    c.qop = "";
    c.algorithm = "";
    c.nonce = auth.MakeNonce(T0, "192.0.2.1");
    c.Sign("correct horse");
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::OK);
    // Each no-qop nonce is good once.
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::REPLAY);
    // SHA-256 requires qop (RFC 7616).
    c.algorithm = "SHA-256";
    c.nonce = auth.MakeNonce(T0 + 1, "192.0.2.1");
    c.Sign("correct horse");
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0 + 1, "192.0.2.1") == DigestResult::UNSUPPORTED);
    // And the option turns the legacy form off.
    auto options = TestOptions();
    options.allow_no_qop = false;
    DigestAuthenticator strict{options, SECRET};
    c.algorithm = "MD5";
    c.Sign("correct horse");
    BOOST_CHECK(strict.Verify(c.View(), "REGISTER", ha1, T0 + 1, "192.0.2.1") == DigestResult::UNSUPPORTED);
}

BOOST_AUTO_TEST_CASE(unsupported_and_wrong_realm)
{
    DigestAuthenticator auth{TestOptions(), SECRET};
    const DigestHa1 ha1 = ComputeDigestHa1("alice", REALM, "correct horse");
    ClientCreds c;
    c.nonce = auth.MakeNonce(T0, "192.0.2.1");
    c.qop = "auth-int";
    c.Sign("correct horse");
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::UNSUPPORTED);
    c.qop = "auth";
    c.algorithm = "SHA-512-256";
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::UNSUPPORTED);
    c.algorithm = "SHA-256";
    c.realm = "evil.example";
    c.Sign("correct horse");
    BOOST_CHECK(auth.Verify(c.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::WRONG_REALM);
}

BOOST_AUTO_TEST_CASE(configured_algorithms)
{
    // MD5 first for clients that only read the first challenge.
    auto options = TestOptions();
    options.algorithms = {DigestAlgorithm::MD5, DigestAlgorithm::SHA256};
    DigestAuthenticator md5_first{options, SECRET};
    const auto values = md5_first.ChallengeValues(T0, "192.0.2.1", false);
    BOOST_REQUIRE_EQUAL(values.size(), 2U);
    BOOST_CHECK(values[0].find("algorithm=MD5") != std::string::npos);
    BOOST_CHECK(values[1].find("algorithm=SHA-256") != std::string::npos);

    // SHA-256 only: MD5 responses are refused even with the right password.
    options.algorithms = {DigestAlgorithm::SHA256};
    DigestAuthenticator sha_only{options, SECRET};
    BOOST_CHECK_EQUAL(sha_only.ChallengeValues(T0, "192.0.2.1", false).size(), 1U);
    const DigestHa1 ha1 = ComputeDigestHa1("alice", REALM, "correct horse");
    for (const char* alg : {"MD5", "MD5-sess", ""}) {
        ClientCreds c;
        c.algorithm = alg;
        c.nonce = sha_only.MakeNonce(T0, "192.0.2.1");
        c.Sign("correct horse");
        BOOST_CHECK(sha_only.Verify(c.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::UNSUPPORTED);
    }
    ClientCreds s;
    s.algorithm = "SHA-256-sess";
    s.nonce = sha_only.MakeNonce(T0, "192.0.2.1");
    s.Sign("correct horse");
    BOOST_CHECK(sha_only.Verify(s.View(), "REGISTER", ha1, T0, "192.0.2.1") == DigestResult::OK);
}

BOOST_AUTO_TEST_CASE(random_secret_differs_per_instance)
{
    DigestAuthenticator a{TestOptions()}, b{TestOptions()};
    BOOST_CHECK(a.MakeNonce(T0, "192.0.2.1") != b.MakeNonce(T0, "192.0.2.1"));
}

BOOST_AUTO_TEST_CASE(credential_store)
{
    CredentialStore store{REALM};
    BOOST_CHECK(store.SetCredential("alice", "correct horse"));
    BOOST_CHECK(!store.SetCredential("Alice", "correct horse"));
    BOOST_CHECK(!store.SetCredential("al", "correct horse"));
    BOOST_CHECK(!store.SetCredential("alice", ""));
    BOOST_CHECK(store.SetCredential("+4930123456", "number password"));
    BOOST_CHECK_EQUAL(store.Size(), 2U);
    const auto ha1 = store.Lookup("alice");
    BOOST_REQUIRE(ha1);
    BOOST_CHECK_EQUAL(ha1->Hex(DigestAlgorithm::MD5), DigestHashHex(DigestAlgorithm::MD5, "alice:dots.example:correct horse"));
    BOOST_CHECK_EQUAL(ha1->Hex(DigestAlgorithm::SHA256),
                      DigestHashHex(DigestAlgorithm::SHA256, "alice:dots.example:correct horse"));
    BOOST_CHECK(store.SetCredential("alice", "new password"));
    BOOST_CHECK(store.Lookup("alice")->Hex(DigestAlgorithm::MD5) != ha1->Hex(DigestAlgorithm::MD5));
    BOOST_CHECK(store.RemoveCredential("alice"));
    BOOST_CHECK(!store.RemoveCredential("alice"));
    BOOST_CHECK(!store.Lookup("alice"));
    BOOST_CHECK(store.Has("+4930123456"));
}

BOOST_AUTO_TEST_CASE(handle_canonicalization)
{
    BOOST_CHECK(IsCanonicalHandle("alice"));
    BOOST_CHECK(IsCanonicalHandle("a.b-c_d"));
    BOOST_CHECK(IsCanonicalHandle("0xy"));
    BOOST_CHECK(IsCanonicalHandle(std::string(32, 'a')));
    BOOST_CHECK(!IsCanonicalHandle(std::string(33, 'a')));
    BOOST_CHECK(!IsCanonicalHandle("ab"));
    BOOST_CHECK(!IsCanonicalHandle("-abc"));
    BOOST_CHECK(!IsCanonicalHandle(".abc"));
    BOOST_CHECK(!IsCanonicalHandle("Alice"));
    BOOST_CHECK(!IsCanonicalHandle("al ice"));
    BOOST_CHECK(IsCanonicalHandle("+1234567"));
    BOOST_CHECK(IsCanonicalHandle("+123456789012345"));
    BOOST_CHECK(!IsCanonicalHandle("+123456"));
    BOOST_CHECK(!IsCanonicalHandle("+1234567890123456"));
    BOOST_CHECK(!IsCanonicalHandle("+12345a7"));
    BOOST_CHECK(IsCanonicalHandle("4930123456")); // digits without "+" are a name, not a number
    BOOST_CHECK_EQUAL(CanonicalizeHandle("Alice").value_or(""), "alice");
    BOOST_CHECK_EQUAL(CanonicalizeHandle("ALICE.Smith").value_or(""), "alice.smith");
    BOOST_CHECK_EQUAL(CanonicalizeHandle("%2B4930123456").value_or(""), "+4930123456");
    BOOST_CHECK_EQUAL(CanonicalizeHandle("%61lice").value_or(""), "alice");
    BOOST_CHECK(!CanonicalizeHandle(""));
    BOOST_CHECK(!CanonicalizeHandle("al%"));
    BOOST_CHECK(!CanonicalizeHandle("al%00ice"));
    BOOST_CHECK(!CanonicalizeHandle("+49-30-123456"));
}

BOOST_AUTO_TEST_SUITE_END()
