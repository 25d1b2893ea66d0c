// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Registrar benchmarks: Digest verification (SHA-256, MD5), one authenticated REGISTER
// end to end (parse, authenticate, update, build the 200), location lookups with 100,000
// registered AORs, and the memory 10,000 registrations take.

#include <sip/parser/message.h>
#include <sip/registrar/credentials.h>
#include <sip/registrar/digest.h>
#include <sip/registrar/location.h>
#include <sip/registrar/registrar.h>

#include <benchmark/benchmark.h>

#include <malloc.h>

#include <memory>
#include <string>
#include <vector>

using namespace sip;

namespace {

constexpr int64_t T0 = 1'800'000'000;
const std::string REALM = "dots.example";
constexpr size_t BATCH = 1 << 15; // distinct nonces per run: each verification is a first use

struct SignedCreds {
    std::string nonce, response;
};

DigestCredentials View(const SignedCreds& s, std::string_view algorithm)
{
    DigestCredentials c;
    c.username = "alice";
    c.realm = REALM;
    c.nonce = s.nonce;
    c.uri = "sip:dots.example";
    c.response = s.response;
    c.algorithm = algorithm;
    c.cnonce = "0a4f113b";
    c.qop = "auth";
    c.nc = "00000001";
    return c;
}

void DigestVerify(benchmark::State& state, DigestAlgorithm algorithm)
{
    DigestAuthenticator auth{DigestAuthenticator::Options{REALM, 300, BATCH, true}};
    const DigestHa1 ha1 = ComputeDigestHa1("alice", REALM, "correct horse battery");
    const std::string name{DigestAlgorithmName(algorithm)};
    std::vector<SignedCreds> batch(BATCH);
    for (SignedCreds& s : batch) {
        s.nonce = auth.MakeNonce(T0, "198.51.100.7");
        s.response = ComputeDigestResponse(algorithm, ha1.Hex(algorithm), s.nonce, "00000001", "0a4f113b", "auth",
                                           "REGISTER", "sip:dots.example");
    }
    size_t i = 0, ok = 0;
    for (auto _ : state) {
        const DigestResult r = auth.Verify(View(batch[i++ % BATCH], name), "REGISTER", ha1, T0 + 1, "198.51.100.7");
        ok += r == DigestResult::OK;
        benchmark::DoNotOptimize(r);
    }
    if (ok != std::min<size_t>(i, BATCH)) state.SkipWithError("a verification failed");
}

void DigestVerifySha256(benchmark::State& state) { DigestVerify(state, DigestAlgorithm::SHA256); }
void DigestVerifyMd5(benchmark::State& state) { DigestVerify(state, DigestAlgorithm::MD5); }

void DigestChallengeHeaders(benchmark::State& state)
{
    DigestAuthenticator auth{DigestAuthenticator::Options{REALM}};
    for (auto _ : state) benchmark::DoNotOptimize(auth.ChallengeHeaders(T0, "198.51.100.7", false));
}

std::string ContactFor(size_t i)
{
    return "sip:user" + std::to_string(i) + "@10." + std::to_string((i >> 16) & 255) + "." +
           std::to_string((i >> 8) & 255) + "." + std::to_string(i & 255) + ":5060;transport=udp";
}

/** Registers `count` AORs with one typical binding each. */
void Populate(LocationService& loc, size_t count)
{
    std::vector<ContactBinding> out;
    for (size_t i = 0; i < count; ++i) {
        const std::string aor = "user" + std::to_string(i);
        const std::string contact = ContactFor(i);
        const std::string call_id = "a84b4c76e66710-" + std::to_string(i) + "@10.0.0.1";
        RegisterUpdate u;
        u.aor = aor;
        u.call_id = call_id;
        u.cseq = 2;
        u.now = T0;
        u.source = RegistrationSource{"203.0.113." + std::to_string(i & 255), static_cast<uint16_t>(10000 + i % 50000),
                                      Transport::UDP, 0};
        u.user_agent = "Linphone/5.2.0 (belle-sip/5.2.0)";
        ContactUpdate c;
        c.uri = contact;
        c.expires = 3600;
        u.contacts.push_back(c);
        (void)loc.Apply(u, out);
    }
}

void LocationLookup100k(benchmark::State& state)
{
    LocationService loc;
    Populate(loc, 100'000);
    std::vector<std::string> names;
    for (size_t i = 0; i < 100'000; i += 7) names.push_back("user" + std::to_string(i));
    size_t i = 0, found = 0;
    for (auto _ : state) {
        const auto v = loc.Lookup(names[i++ % names.size()], T0 + 1);
        found += v.size();
        benchmark::DoNotOptimize(v);
    }
    if (found != i) state.SkipWithError("lookup missed");
    state.counters["aors"] = static_cast<double>(loc.AorCount());
}

void LocationMemoryPer10k(benchmark::State& state)
{
    for (auto _ : state) {
        malloc_trim(0);
        const size_t before = mallinfo2().uordblks;
        auto loc = std::make_unique<LocationService>();
        Populate(*loc, 10'000);
        const size_t after = mallinfo2().uordblks;
        state.counters["bytes_per_10k_registrations"] = static_cast<double>(after - before);
        state.counters["bytes_per_registration"] = static_cast<double>(after - before) / 10'000.0;
    }
}

/** The periodic sweep when nothing is due: every shard is skipped by its next-expiry time. */
void LocationExpireIdle100k(benchmark::State& state)
{
    LocationService loc;
    Populate(loc, 100'000);
    for (auto _ : state) benchmark::DoNotOptimize(loc.ExpireStale(T0 + 1));
}

/** A sweep that removes all 100,000 bindings (each AOR reported offline). */
void LocationExpireAll100k(benchmark::State& state)
{
    size_t removed = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto loc = std::make_unique<LocationService>();
        Populate(*loc, 100'000);
        state.ResumeTiming();
        removed += loc->ExpireStale(T0 + 3600);
        state.PauseTiming();
        loc.reset();
        state.ResumeTiming();
    }
    if (removed != 100'000 * static_cast<size_t>(state.iterations())) state.SkipWithError("sweep missed bindings");
}

/** One authenticated REGISTER refresh end to end: parse, authenticate, update, build the 200. */
void RegisterAuthenticated(benchmark::State& state)
{
    CredentialStore credentials{REALM};
    LocationService location;
    DigestAuthenticator auth{DigestAuthenticator::Options{REALM, 300, BATCH, true}};
    Registrar registrar{RegistrarOptions{{REALM}}, credentials, location, auth, nullptr};
    constexpr size_t USERS = 1000;
    for (size_t u = 0; u < USERS; ++u) {
        if (!credentials.SetCredential("user" + std::to_string(u), "password-" + std::to_string(u))) {
            state.SkipWithError("credential");
            return;
        }
    }
    std::vector<std::string> messages;
    messages.reserve(BATCH);
    for (size_t n = 0; n < BATCH; ++n) {
        const size_t u = n % USERS;
        const std::string user = "user" + std::to_string(u);
        const std::string nonce = auth.MakeNonce(T0, "198.51.100.7");
        const DigestHa1 ha1 = ComputeDigestHa1(user, REALM, "password-" + std::to_string(u));
        const std::string response = ComputeDigestResponse(DigestAlgorithm::SHA256, ha1.Hex(DigestAlgorithm::SHA256),
                                                           nonce, "00000001", "5a8e3c", "auth", "REGISTER",
                                                           "sip:dots.example");
        messages.push_back(
            "REGISTER sip:dots.example SIP/2.0\r\n"
            "Via: SIP/2.0/UDP 198.51.100.7:40000;branch=z9hG4bK" + std::to_string(n) + ";rport\r\n"
            "Max-Forwards: 70\r\n"
            "From: <sip:" + user + "@dots.example>;tag=f" + std::to_string(n) + "\r\n"
            "To: <sip:" + user + "@dots.example>\r\n"
            "Call-ID: reg-" + user + "@198.51.100.7\r\n"
            "CSeq: " + std::to_string(n + 1) + " REGISTER\r\n"
            "Contact: <sip:" + user + "@198.51.100.7:40000;transport=udp>;expires=600\r\n"
            "Authorization: Digest username=\"" + user + "\", realm=\"dots.example\", nonce=\"" + nonce +
            "\", uri=\"sip:dots.example\", response=\"" + response +
            "\", algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"5a8e3c\"\r\n"
            "User-Agent: Linphone/5.2.0 (belle-sip/5.2.0)\r\n"
            "Content-Length: 0\r\n\r\n");
    }
    const RequestContext ctx{"198.51.100.7", 40000, Transport::UDP, 0, T0 + 1};
    size_t i = 0, ok = 0;
    for (auto _ : state) {
        ParseResult parsed = ParseDatagram(messages[i++ % BATCH]);
        if (!parsed.ok()) {
            state.SkipWithError("parse");
            return;
        }
        const RegistrarReply reply = registrar.HandleRegister(*parsed.message, ctx);
        ok += reply.code == 200;
        benchmark::DoNotOptimize(reply.message.data());
    }
    if (ok != std::min<size_t>(i, BATCH)) state.SkipWithError("a REGISTER was not accepted");
}

} // namespace

// Each timed verification uses a nonce for the first time (as in production), so the runs
// are capped at the batch size.
BENCHMARK(DigestVerifySha256)->Iterations(BATCH);
BENCHMARK(DigestVerifyMd5)->Iterations(BATCH);
BENCHMARK(DigestChallengeHeaders);
BENCHMARK(RegisterAuthenticated)->Iterations(BATCH);
BENCHMARK(LocationLookup100k);
BENCHMARK(LocationExpireIdle100k);
BENCHMARK(LocationExpireAll100k)->Iterations(3)->Unit(benchmark::kMillisecond);
BENCHMARK(LocationMemoryPer10k)->Iterations(1);
