// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/chars.h>
#include <sip/registrar/digest.h>

#include <crypto/cleanse.h>
#include <crypto/hmac_sha256.h>
#include <crypto/random.h>
#include <crypto/sha256.h>
#include <util/strencodings.h>

#include <openssl/evp.h>

#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <memory>

namespace sip {
using chars::EqualsNoCase;
namespace {

bool IsSha256(DigestAlgorithm a) { return a == DigestAlgorithm::SHA256 || a == DigestAlgorithm::SHA256_SESS; }
bool IsSess(DigestAlgorithm a) { return a == DigestAlgorithm::MD5_SESS || a == DigestAlgorithm::SHA256_SESS; }

/** MD5 through OpenSSL's EVP interface (fetched once; the low-level MD5() is deprecated). Each
 *  thread keeps one context: creating and freeing a context per hash cost more than hashing
 *  the short Digest inputs (measured on the REGISTER path, doc/benchmarks.md). The context is
 *  initialised again after each hash, so no state of a secret input (HA1) stays in it. */
void Md5(std::string_view data, std::span<uint8_t, 16> out)
{
    static EVP_MD* const md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
    thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
    if (md5 == nullptr) {
        std::fputs("Fatal: OpenSSL provides no MD5 (needed for SIP Digest)\n", stderr);
        std::abort();
    }
    unsigned int len = 0;
    const bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx.get(), md5, nullptr) == 1 &&
                    EVP_DigestUpdate(ctx.get(), data.data(), data.size()) == 1 &&
                    EVP_DigestFinal_ex(ctx.get(), out.data(), &len) == 1 && len == 16 &&
                    EVP_DigestInit_ex(ctx.get(), md5, nullptr) == 1;
    if (!ok) {
        std::fputs("Fatal: OpenSSL MD5 failed\n", stderr);
        std::abort();
    }
}

std::array<uint8_t, 32> Sha256Of(std::string_view data)
{
    std::array<uint8_t, 32> out;
    CSHA256{}.Write(data).Finalize(out);
    return out;
}

constexpr char HEX_DIGITS[] = "0123456789abcdef";

void AppendHex(std::string& out, std::span<const uint8_t> bytes)
{
    size_t pos = out.size();
    out.resize(pos + 2 * bytes.size());
    for (uint8_t b : bytes) {
        out[pos++] = HEX_DIGITS[b >> 4];
        out[pos++] = HEX_DIGITS[b & 15];
    }
}

/** Appends the pieces separated by ':' (the Digest "KD" and "H" inputs). */
std::string JoinColon(std::initializer_list<std::string_view> parts)
{
    size_t size = parts.size();
    for (std::string_view p : parts) size += p.size();
    std::string s;
    s.reserve(size);
    bool first = true;
    for (std::string_view p : parts) {
        if (!first) s.push_back(':');
        s.append(p);
        first = false;
    }
    return s;
}

std::string QuoteValue(std::string_view v)
{
    std::string s{"\""};
    for (char c : v) {
        if (c == '"' || c == '\\') s.push_back('\\');
        s.push_back(c);
    }
    s.push_back('"');
    return s;
}

constexpr size_t NONCE_RAW_SIZE = DigestAuthenticator::NONCE_PREFIX_SIZE + 32;
constexpr int64_t NONCE_CLOCK_SKEW = 5; // seconds a nonce may be "from the future" (clock steps)

} // namespace

std::optional<DigestAlgorithm> ParseDigestAlgorithm(std::string_view name)
{
    if (name.empty() || EqualsNoCase(name, "MD5")) return DigestAlgorithm::MD5;
    if (EqualsNoCase(name, "MD5-sess")) return DigestAlgorithm::MD5_SESS;
    if (EqualsNoCase(name, "SHA-256")) return DigestAlgorithm::SHA256;
    if (EqualsNoCase(name, "SHA-256-sess")) return DigestAlgorithm::SHA256_SESS;
    return std::nullopt;
}

std::string_view DigestAlgorithmName(DigestAlgorithm algorithm)
{
    switch (algorithm) {
    case DigestAlgorithm::MD5: return "MD5";
    case DigestAlgorithm::MD5_SESS: return "MD5-sess";
    case DigestAlgorithm::SHA256: return "SHA-256";
    case DigestAlgorithm::SHA256_SESS: return "SHA-256-sess";
    }
    return "";
}

std::string DigestHashHex(DigestAlgorithm algorithm, std::string_view data)
{
    std::string out;
    if (IsSha256(algorithm)) {
        out.reserve(64);
        AppendHex(out, Sha256Of(data));
    } else {
        std::array<uint8_t, 16> md;
        Md5(data, md);
        out.reserve(32);
        AppendHex(out, md);
    }
    return out;
}

DigestHa1::~DigestHa1()
{
    memory_cleanse(md5.data(), md5.size());
    memory_cleanse(sha256.data(), sha256.size());
}

std::string DigestHa1::Hex(DigestAlgorithm algorithm) const
{
    std::string out;
    if (IsSha256(algorithm)) {
        AppendHex(out, sha256);
    } else {
        AppendHex(out, md5);
    }
    return out;
}

DigestHa1 ComputeDigestHa1(std::string_view username, std::string_view realm, std::string_view password)
{
    std::string a1 = JoinColon({username, realm, password});
    DigestHa1 ha1;
    Md5(a1, ha1.md5);
    CSHA256{}.Write(a1).Finalize(ha1.sha256);
    memory_cleanse(a1.data(), a1.size());
    return ha1;
}

std::string ComputeDigestResponse(DigestAlgorithm algorithm, std::string_view ha1_hex, std::string_view nonce,
                                  std::string_view nc, std::string_view cnonce, std::string_view qop,
                                  std::string_view method, std::string_view digest_uri)
{
    std::string ha1{ha1_hex};
    if (IsSess(algorithm)) ha1 = DigestHashHex(algorithm, JoinColon({ha1_hex, nonce, cnonce}));
    const std::string ha2 = DigestHashHex(algorithm, JoinColon({method, digest_uri}));
    std::string kd = qop.empty() ? JoinColon({ha1, nonce, ha2}) : JoinColon({ha1, nonce, nc, cnonce, qop, ha2});
    std::string response = DigestHashHex(algorithm, kd);
    memory_cleanse(ha1.data(), ha1.size());
    memory_cleanse(kd.data(), kd.size());
    return response;
}

std::string_view DigestResultName(DigestResult result)
{
    switch (result) {
    case DigestResult::OK: return "ok";
    case DigestResult::WRONG_REALM: return "wrong realm";
    case DigestResult::UNSUPPORTED: return "unsupported algorithm or qop";
    case DigestResult::WRONG_PASSWORD: return "wrong password";
    case DigestResult::WRONG_RESPONSE_UNKNOWN_NONCE: return "wrong response to an unknown nonce";
    case DigestResult::STALE_NONCE: return "stale nonce";
    case DigestResult::REPLAY: return "replayed nonce-count";
    }
    return "";
}

namespace {
DigestAuthenticator::Options WithDefaultAlgorithms(DigestAuthenticator::Options options)
{
    if (options.algorithms.empty()) options.algorithms = {DigestAlgorithm::SHA256, DigestAlgorithm::MD5};
    return options;
}
} // namespace

DigestAuthenticator::DigestAuthenticator(Options options, std::span<const uint8_t> secret)
    : m_options{WithDefaultAlgorithms(std::move(options))}
{
    if (secret.size() == SECRET_SIZE) {
        std::memcpy(m_secret.data(), secret.data(), SECRET_SIZE);
    } else {
        GetStrongRandBytes(m_secret);
    }
}

DigestAuthenticator::~DigestAuthenticator() { memory_cleanse(m_secret.data(), m_secret.size()); }

std::array<uint8_t, 32> DigestAuthenticator::NonceMac(std::span<const uint8_t, NONCE_PREFIX_SIZE> prefix,
                                                     std::string_view source_ip) const
{
    // The source address is length-prefixed so that (ip, realm) pairs cannot run together.
    const uint8_t ip_len = static_cast<uint8_t>(std::min<size_t>(source_ip.size(), 255));
    CHMAC_SHA256 mac{m_secret};
    mac.Write(prefix).Write(std::span{&ip_len, 1});
    mac.Write({reinterpret_cast<const uint8_t*>(source_ip.data()), ip_len});
    mac.Write({reinterpret_cast<const uint8_t*>(m_options.realm.data()), m_options.realm.size()});
    std::array<uint8_t, 32> out;
    mac.Finalize(out);
    return out;
}

std::string DigestAuthenticator::MakeNonce(int64_t now, std::string_view source_ip) const
{
    std::array<uint8_t, NONCE_RAW_SIZE> raw;
    for (int i = 0; i < 8; ++i) raw[i] = static_cast<uint8_t>(static_cast<uint64_t>(now) >> (56 - 8 * i));
    const uint64_t salt = GetRandUint64();
    for (int i = 0; i < 8; ++i) raw[8 + i] = static_cast<uint8_t>(salt >> (56 - 8 * i));
    const auto mac = NonceMac(std::span<const uint8_t, NONCE_PREFIX_SIZE>{raw.data(), NONCE_PREFIX_SIZE}, source_ip);
    std::memcpy(raw.data() + NONCE_PREFIX_SIZE, mac.data(), mac.size());
    return EncodeBase64(raw);
}

DigestAuthenticator::NonceState DigestAuthenticator::CheckNonce(std::string_view nonce, int64_t now,
                                                                std::string_view source_ip, DecodedNonce& out) const
{
    if (nonce.size() != (NONCE_RAW_SIZE + 2) / 3 * 4) return NonceState::FOREIGN;
    const auto raw = DecodeBase64(nonce);
    if (!raw || raw->size() != NONCE_RAW_SIZE) return NonceState::FOREIGN;
    uint64_t ts = 0;
    for (int i = 0; i < 8; ++i) ts = (ts << 8) | (*raw)[i];
    out.timestamp = static_cast<int64_t>(ts);
    const auto mac = NonceMac(std::span<const uint8_t, NONCE_PREFIX_SIZE>{raw->data(), NONCE_PREFIX_SIZE}, source_ip);
    uint8_t diff = 0;
    for (size_t i = 0; i < mac.size(); ++i) diff |= static_cast<uint8_t>(mac[i] ^ (*raw)[NONCE_PREFIX_SIZE + i]);
    if (diff != 0) return NonceState::FOREIGN;
    out.key = 0;
    for (int i = 0; i < 8; ++i) out.key = (out.key << 8) | mac[i];
    // Compare without overflow: timestamps come from the MAC-checked nonce, so they are ours,
    // but `now` may have stepped in either direction.
    if (out.timestamp > now + NONCE_CLOCK_SKEW) return NonceState::EXPIRED;
    if (now - out.timestamp > m_options.nonce_lifetime) return NonceState::EXPIRED;
    return NonceState::FRESH;
}

std::vector<std::string> DigestAuthenticator::ChallengeValues(int64_t now, std::string_view source_ip, bool stale) const
{
    const std::string nonce = MakeNonce(now, source_ip);
    std::vector<std::string> out;
    for (DigestAlgorithm alg : m_options.algorithms) {
        std::string v = "Digest realm=" + QuoteValue(m_options.realm) + ", nonce=\"" + nonce +
                        "\", algorithm=" + std::string{DigestAlgorithmName(alg)} + ", qop=\"auth\"";
        if (stale) v += ", stale=true";
        out.push_back(std::move(v));
    }
    return out;
}

std::string DigestAuthenticator::ChallengeHeaders(int64_t now, std::string_view source_ip, bool stale,
                                                  std::string_view header_name) const
{
    std::string out;
    for (const std::string& v : ChallengeValues(now, source_ip, stale)) {
        out += header_name;
        out += ": ";
        out += v;
        out += "\r\n";
    }
    return out;
}

bool DigestAuthenticator::RecordNonceCount(const DecodedNonce& nonce, uint32_t nc, int64_t now)
{
    LOCK(m_nc_mutex);
    if (auto it = m_nc_index.find(nonce.key); it != m_nc_index.end()) {
        NcEntry& entry = *it->second;
        if (nc <= entry.highest_nc) return false;
        entry.highest_nc = nc;
        m_nc_lru.splice(m_nc_lru.begin(), m_nc_lru, it->second);
        return true;
    }
    if (nonce.timestamp <= m_evicted_horizon) return false;
    if (m_options.nc_cache_size == 0) return true;
    while (m_nc_index.size() >= m_options.nc_cache_size) {
        const NcEntry& victim = m_nc_lru.back();
        // Evicting an entry whose nonce could still be fresh forgets its count: remember that
        // every nonce up to its timestamp may have been used (those get a stale challenge).
        // An expired nonce is refused anyway and costs nothing to forget.
        if (now - victim.timestamp <= m_options.nonce_lifetime) {
            m_evicted_horizon = std::max(m_evicted_horizon, victim.timestamp);
        }
        m_nc_index.erase(victim.key);
        m_nc_lru.pop_back();
    }
    m_nc_lru.push_front(NcEntry{nonce.key, nonce.timestamp, nc});
    m_nc_index.emplace(nonce.key, m_nc_lru.begin());
    return true;
}

bool DigestAuthenticator::IsOffered(DigestAlgorithm algorithm) const
{
    const DigestAlgorithm base = IsSha256(algorithm) ? DigestAlgorithm::SHA256 : DigestAlgorithm::MD5;
    for (DigestAlgorithm a : m_options.algorithms) {
        if (a == algorithm || a == base) return true;
    }
    return false;
}

size_t DigestAuthenticator::TrackedNonces() const
{
    LOCK(m_nc_mutex);
    return m_nc_index.size();
}

DigestResult DigestAuthenticator::Verify(const DigestCredentials& credentials, std::string_view method,
                                         const DigestHa1& ha1, int64_t now, std::string_view source_ip)
{
    if (credentials.realm != m_options.realm) return DigestResult::WRONG_REALM;
    const auto algorithm = ParseDigestAlgorithm(credentials.algorithm);
    if (!algorithm || !IsOffered(*algorithm)) return DigestResult::UNSUPPORTED;
    uint32_t nc = 1; // a no-qop nonce counts as used once
    if (!credentials.qop.empty()) {
        if (!EqualsNoCase(credentials.qop, "auth") || credentials.nc.size() != 8) return DigestResult::UNSUPPORTED;
        const auto parsed = TryParseHex(credentials.nc);
        if (!parsed || parsed->size() != 4) return DigestResult::UNSUPPORTED;
        nc = (uint32_t{(*parsed)[0]} << 24) | (uint32_t{(*parsed)[1]} << 16) | (uint32_t{(*parsed)[2]} << 8) | (*parsed)[3];
        if (nc == 0) return DigestResult::UNSUPPORTED;
    } else if (!m_options.allow_no_qop || *algorithm != DigestAlgorithm::MD5) {
        return DigestResult::UNSUPPORTED;
    }

    std::string expected_ha1 = ha1.Hex(*algorithm);
    const std::string expected = ComputeDigestResponse(*algorithm, expected_ha1, credentials.nonce, credentials.nc,
                                                       credentials.cnonce, credentials.qop, method, credentials.uri);
    memory_cleanse(expected_ha1.data(), expected_ha1.size());
    // Hex digits are case-insensitive on the wire (LHEX is required but not always sent).
    std::string given{credentials.response};
    for (char& c : given) {
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    }
    const bool match = TimingResistantEqual(given, expected);

    DecodedNonce decoded;
    const NonceState state = CheckNonce(credentials.nonce, now, source_ip, decoded);
    if (!match) return state == NonceState::FRESH ? DigestResult::WRONG_PASSWORD : DigestResult::WRONG_RESPONSE_UNKNOWN_NONCE;
    if (state != NonceState::FRESH) return DigestResult::STALE_NONCE;
    if (!RecordNonceCount(decoded, nc, now)) return DigestResult::REPLAY;
    return DigestResult::OK;
}

} // namespace sip
