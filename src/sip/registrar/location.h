// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_REGISTRAR_LOCATION_H
#define DOTS_SIP_REGISTRAR_LOCATION_H

// The location service: which contacts each locally registered address-of-record (a canonical
// handle) is reachable at. Memory only: contacts (IP addresses) never go to disk or chain.

#include <sip/parser/via.h>
#include <util/sync.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace interfaces {
class ChainDirectory;
}

namespace sip {

/** Where a REGISTER came from: the flow to send requests back through (NAT traversal). */
struct RegistrationSource {
    std::string ip;                        //!< textual address, IPv6 without brackets
    uint16_t port{0};
    Transport transport{Transport::UDP};
    uint64_t connection_id{0};             //!< transport's connection (TCP/TLS/WS), 0 for UDP
};

/** A copy of one binding, as lookups return it. */
struct ContactBinding {
    std::string aor;                       //!< canonical handle
    std::string contact_uri;               //!< the Contact URI as registered (no <>, no header params)
    std::string instance;                  //!< +sip.instance value as written (RFC 5626), "" if none
    uint32_t reg_id{0};                    //!< reg-id (RFC 5626), 0 if none
    std::optional<uint16_t> q_milli;       //!< q in thousandths, if the client gave one
    int64_t expires_at{0};                 //!< absolute time (the caller's clock, seconds)
    int64_t registered_at{0};              //!< time of the REGISTER that last refreshed it
    std::string call_id;
    uint32_t cseq{0};
    RegistrationSource source;
    std::string user_agent;
    /** The Contact's host/port differ from the source: requests go to the source (RFC 5626 /
     *  "received" handling), the Contact URI is kept as the Request-URI. */
    bool behind_nat{false};
};

/** One Contact of a REGISTER after the registrar's checks. Views live for the call only. */
struct ContactUpdate {
    std::string_view uri;                  //!< bare contact URI text
    std::string_view instance;             //!< +sip.instance, "" if none
    uint32_t reg_id{0};
    std::optional<uint16_t> q_milli;
    uint32_t expires{0};                   //!< seconds, already clamped; 0 removes the binding
};

/** All changes one REGISTER asks for (RFC 3261 10.3 steps 6-7). Views live for the call only. */
struct RegisterUpdate {
    std::string_view aor;                  //!< canonical handle
    std::string_view call_id;
    uint32_t cseq{0};
    int64_t now{0};
    RegistrationSource source;
    std::string_view user_agent;
    bool remove_all{false};                //!< "Contact: *" with Expires: 0
    std::vector<ContactUpdate> contacts;   //!< ignored when remove_all
};

enum class LocationStatus : uint8_t {
    OK,
    /** A binding has the request's Call-ID and a CSeq not lower than the request's: the
     *  request is stale or reordered; nothing was changed (RFC 3261 10.3 steps 6-7). */
    OUT_OF_ORDER,
    /** The request alone carries more contacts than the per-AOR limit. Nothing changed. */
    TOO_MANY_CONTACTS,
    /** The node holds its maximum number of bindings. Nothing changed. */
    TABLE_FULL,
};

struct LocationLimits {
    size_t max_contacts_per_aor{10};
    size_t max_total_bindings{1'000'000};
};

/**
 * Called when an AOR gets its first binding (online=true) or loses its last one (false).
 * Runs with the AOR's shard lock held, so calls for one AOR come in order; it must not call
 * back into the LocationService and must not block (ChainDirectory::ReportPresence doesn't).
 */
using PresenceCallback = std::function<void(std::string_view aor, bool online)>;

/** A PresenceCallback that reports to the chain directory, which must outlive its use. */
PresenceCallback PresenceToDirectory(interfaces::ChainDirectory& directory);

/**
 * Bindings per AOR, in memory. Thread-safe: AORs are spread over shards, each with its own
 * mutex, so the SIP thread(s), the expiry timer and RPC readers rarely contend. Lookups
 * return copies.
 *
 * Time is whatever clock the caller passes as `now` (seconds); the registrar and the expiry
 * timer must use the same one (dotsd uses GetTime()).
 */
class LocationService
{
public:
    explicit LocationService(LocationLimits limits = {}, PresenceCallback presence = {});
    ~LocationService();
    LocationService(const LocationService&) = delete;
    LocationService& operator=(const LocationService&) = delete;

    const LocationLimits& Limits() const { return m_limits; }

    /**
     * Applies one REGISTER atomically for its AOR: either every change or none. Expired
     * bindings of the AOR are dropped first. A binding is matched by +sip.instance (and
     * reg-id) when present, else by URI equality (RFC 3261 19.1.4, see ContactKey). When a
     * new binding would exceed the per-AOR limit, the least recently refreshed bindings the
     * request does not mention are evicted to make room (a rebooted phone must not lock its
     * owner out until its old binding expires).
     * On OK fills `bindings` with the AOR's bindings afterwards (Lookup order); otherwise
     * leaves it empty.
     */
    [[nodiscard]] LocationStatus Apply(const RegisterUpdate& update, std::vector<ContactBinding>& bindings);

    /** The AOR's live bindings (expires_at > now), highest q first (no q counts as 1.0),
     *  then the most recently refreshed first. Empty if none. */
    std::vector<ContactBinding> Lookup(std::string_view aor, int64_t now) const;

    /** Every live binding, or those of one AOR, sorted by AOR then Lookup order (RPC). */
    std::vector<ContactBinding> List(std::optional<std::string_view> aor, int64_t now) const;

    /** Removes bindings with expires_at <= now, reporting AORs that went offline. Call
     *  periodically (every few seconds). Returns the number of bindings removed. */
    size_t ExpireStale(int64_t now);

    /** Removes every binding of `aor` (credential removed, handle transferred). Returns the
     *  number removed. */
    size_t RemoveAor(std::string_view aor);

    size_t BindingCount() const { return m_total.load(std::memory_order_relaxed); }
    size_t AorCount() const;

private:
    struct Binding;
    struct Shard;
    static constexpr size_t SHARD_COUNT = 64;

    Shard& ShardFor(std::string_view aor) const;
    /** Apply() for a list of contacts, on the AOR's bindings (shard lock held). */
    LocationStatus ApplyContacts(const RegisterUpdate& update, std::vector<Binding>& list);
    /** Reserves `count` more bindings against the total limit; false if full. */
    bool ReserveBindings(size_t count);
    void ReportPresence(std::string_view aor, bool online) const;

    const LocationLimits m_limits;
    const PresenceCallback m_presence;
    std::unique_ptr<Shard[]> m_shards;
    std::atomic<size_t> m_total{0};
};

/**
 * Comparison key of a contact URI following RFC 3261 19.1.4 closely enough for binding
 * identity: scheme and host case-insensitive; user and password unescaped and case-sensitive;
 * the port as given (a missing port differs from an explicit 5060, as 19.1.4 says); and the
 * transport/user/ttl/method/maddr parameters, case-insensitive. Other parameters and headers
 * are ignored. A URI that is not sip:/sips: is its own key, as written.
 */
std::string ContactKey(std::string_view uri);

} // namespace sip

#endif // DOTS_SIP_REGISTRAR_LOCATION_H
