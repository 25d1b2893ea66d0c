// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_REGISTRAR_DIGEST_H
#define DOTS_SIP_REGISTRAR_DIGEST_H

// HTTP Digest authentication as SIP uses it (RFC 3261 22.4, RFC 2617, RFC 7616, RFC 8760):
// hashing (MD5, SHA-256 and their -sess variants), stateless nonces bound to time and source
// address, nonce-count replay protection, and the challenge header values.
//
// Choices (see src/sip/registrar/README.md):
// - Challenges offer SHA-256 first and MD5 second, each with qop="auth" (RFC 8760 2.4).
// - A response without qop (RFC 2069 style) is accepted for MD5 only, when allowed by the
//   options, and each such nonce is accepted once: a second use is treated as a replay.
// - qop=auth-int is not offered and not accepted (REGISTER bodies are empty anyway).

#include <sip/parser/auth.h>
#include <util/sync.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sip {

enum class DigestAlgorithm : uint8_t { MD5, MD5_SESS, SHA256, SHA256_SESS };

/** Maps an algorithm token ("MD5", "md5-sess", "SHA-256", "SHA-256-sess", case-insensitive) to
 *  its enum; "" is MD5 (RFC 2617 3.2.1 default). std::nullopt for anything else. */
std::optional<DigestAlgorithm> ParseDigestAlgorithm(std::string_view name);

/** The algorithm's token as sent in challenges ("SHA-256"). Static storage. */
std::string_view DigestAlgorithmName(DigestAlgorithm algorithm);

/** Lowercase hex of H(data) with the algorithm's hash function (MD5 or SHA-256). */
std::string DigestHashHex(DigestAlgorithm algorithm, std::string_view data);

/**
 * The stored secret of one Digest user in one realm: HA1 = H(username ":" realm ":" password)
 * for both hash functions. It is password-equivalent for that realm; the bytes are wiped when
 * the object is destroyed.
 */
struct DigestHa1 {
    std::array<uint8_t, 16> md5{};
    std::array<uint8_t, 32> sha256{};

    DigestHa1() = default;
    DigestHa1(const DigestHa1&) = default;
    DigestHa1& operator=(const DigestHa1&) = default;
    ~DigestHa1();

    /** Lowercase hex of the HA1 of `algorithm`'s hash function (32 or 64 characters). */
    std::string Hex(DigestAlgorithm algorithm) const;
};

/** Computes both HA1 values. Temporary copies of the password are wiped. */
DigestHa1 ComputeDigestHa1(std::string_view username, std::string_view realm, std::string_view password);

/**
 * The request-digest (RFC 7616 3.4.1; RFC 2069 form when `qop` is empty), lowercase hex.
 * `ha1_hex` is H(username:realm:password) (for -sess algorithms this function derives
 * H(HA1:nonce:cnonce) itself). `method` is the request method, `digest_uri` the uri parameter
 * of the credentials. Pure, thread-safe.
 */
std::string ComputeDigestResponse(DigestAlgorithm algorithm, std::string_view ha1_hex, std::string_view nonce,
                                  std::string_view nc, std::string_view cnonce, std::string_view qop,
                                  std::string_view method, std::string_view digest_uri);

/** Outcome of checking Digest credentials. */
enum class DigestResult : uint8_t {
    OK,
    /** The realm parameter is not ours. */
    WRONG_REALM,
    /** Unknown or not offered algorithm, qop other than "auth", no-qop where not allowed, bad nc. */
    UNSUPPORTED,
    /** Wrong response to a fresh nonce we issued to this source: the password is wrong. */
    WRONG_PASSWORD,
    /** Wrong response to a nonce that is not ours, expired or bound to another source: the
     *  client may just hold an old nonce; challenge it afresh. */
    WRONG_RESPONSE_UNKNOWN_NONCE,
    /** Correct response, but the nonce expired, or was issued to another source address or by
     *  an earlier process: challenge again with stale=true. */
    STALE_NONCE,
    /** Correct response to a fresh nonce, but its nonce-count is not above the highest seen
     *  (or a no-qop nonce used twice): a replay. Challenge again with stale=true. */
    REPLAY,
};

std::string_view DigestResultName(DigestResult result);

/**
 * Issues and checks Digest nonces. A nonce is base64(timestamp || salt || HMAC-SHA256(secret,
 * timestamp || salt || source IP || realm)), so issuing one keeps no state; only the highest
 * nonce-count seen per nonce is remembered, in a bounded LRU map. The random salt makes every
 * challenge's nonce unique: without it, two phones behind one NAT address challenged in the
 * same second would share a nonce, and the second one's nc=1 would look like a replay.
 *
 * Thread-safe: MakeNonce/Challenge* are const and lock-free; Verify takes the nonce-count
 * map's mutex briefly.
 */
class DigestAuthenticator
{
public:
    struct Options {
        /** Our realm (the node's SIP domain); credentials for another realm are rejected. */
        std::string realm;
        /** Seconds a nonce stays fresh. */
        int64_t nonce_lifetime{300};
        /** Most nonces whose nonce-count is tracked. */
        size_t nc_cache_size{65536};
        /** Accept RFC 2069 responses (no qop) with MD5. */
        bool allow_no_qop{true};
        /**
         * The algorithms challenged, in this order, one WWW-Authenticate each; responses with
         * any other algorithm (or its -sess variant) are refused, so that removing MD5 really
         * removes it. Empty means the RFC 8760 default: SHA-256, then MD5. Some older clients
         * (pjsip before 2.10, SIPp before 3.7, sipsak) read only the first challenge and fail
         * on SHA-256: an operator serving them can put MD5 first.
         */
        std::vector<DigestAlgorithm> algorithms{};
    };

    static constexpr size_t SECRET_SIZE = 32;
    /** Bytes of a nonce before its MAC: 8-byte big-endian timestamp, 8-byte random salt. */
    static constexpr size_t NONCE_PREFIX_SIZE = 16;

    /** Uses `secret` as the HMAC key if it is SECRET_SIZE bytes (tests), otherwise draws a
     *  random one from the OS (a process restart invalidates all nonces). */
    explicit DigestAuthenticator(Options options, std::span<const uint8_t> secret = {});
    ~DigestAuthenticator();
    DigestAuthenticator(const DigestAuthenticator&) = delete;
    DigestAuthenticator& operator=(const DigestAuthenticator&) = delete;

    const std::string& Realm() const { return m_options.realm; }

    /** A fresh, unique nonce for a client at `source_ip` at time `now` (seconds; one clock
     *  throughout). */
    std::string MakeNonce(int64_t now, std::string_view source_ip) const;

    /** The WWW-Authenticate values of a challenge: one per configured algorithm (by default
     *  SHA-256, then MD5), all with the same fresh nonce. */
    std::vector<std::string> ChallengeValues(int64_t now, std::string_view source_ip, bool stale) const;

    /** ChallengeValues as header lines ("<header_name>: ...\r\n" each), for BuildResponse:
     *  WWW-Authenticate from a registrar, Proxy-Authenticate from a proxy. */
    std::string ChallengeHeaders(int64_t now, std::string_view source_ip, bool stale,
                                 std::string_view header_name = "WWW-Authenticate") const;

    /**
     * Checks `credentials` of a request with `method` from `source_ip` at `now` against the
     * user's stored `ha1`. The caller has already checked that the username names that user.
     * On OK the nonce-count is recorded, so the same credentials are a REPLAY next time.
     * Constant time in the response comparison.
     */
    [[nodiscard]] DigestResult Verify(const DigestCredentials& credentials, std::string_view method,
                                      const DigestHa1& ha1, int64_t now, std::string_view source_ip)
        LOCKS_EXCLUDED(m_nc_mutex);

    /** Number of nonces whose nonce-count is tracked (tests, getsipinfo). */
    size_t TrackedNonces() const LOCKS_EXCLUDED(m_nc_mutex);

private:
    enum class NonceState : uint8_t { FRESH, EXPIRED, FOREIGN };
    struct DecodedNonce {
        int64_t timestamp{0};
        uint64_t key{0}; // first 8 bytes of its MAC: identifies it in the nc map
    };

    std::array<uint8_t, 32> NonceMac(std::span<const uint8_t, NONCE_PREFIX_SIZE> prefix, std::string_view source_ip) const;
    NonceState CheckNonce(std::string_view nonce, int64_t now, std::string_view source_ip, DecodedNonce& out) const;
    /** Records nc for the nonce; false if it is not above the highest seen. */
    bool RecordNonceCount(const DecodedNonce& nonce, uint32_t nc, int64_t now) LOCKS_EXCLUDED(m_nc_mutex);

    /** Whether responses with `algorithm` are accepted (its base algorithm is offered). */
    bool IsOffered(DigestAlgorithm algorithm) const;

    const Options m_options;
    std::array<uint8_t, SECRET_SIZE> m_secret{};

    struct NcEntry {
        uint64_t key;
        int64_t timestamp;
        uint32_t highest_nc;
    };
    mutable Mutex m_nc_mutex;
    std::list<NcEntry> m_nc_lru GUARDED_BY(m_nc_mutex); // most recently used first
    std::unordered_map<uint64_t, std::list<NcEntry>::iterator> m_nc_index GUARDED_BY(m_nc_mutex);
    /** Newest timestamp of an evicted nonce: an untracked nonce at or before it may have been
     *  used already, so it is answered as stale rather than trusted. */
    int64_t m_evicted_horizon GUARDED_BY(m_nc_mutex){INT64_MIN};
};

} // namespace sip

#endif // DOTS_SIP_REGISTRAR_DIGEST_H
