// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_ADDRMAN_H
#define DOTS_NET_ADDRMAN_H

/**
 * AddrMan: the addresses of potential peers, as Bitcoin Core's address manager, so that an
 * attacker with a few network ranges cannot fill the table or predict which addresses we pick.
 *
 * Addresses live in two tables of fixed-size buckets (64 slots each):
 *  - "new" (1024 buckets): addresses heard of but never connected to. The bucket is chosen
 *    from a secret key, the address's network group and the group of the peer that told us
 *    (one source group reaches at most 64 buckets; one address sits in at most 8 buckets).
 *  - "tried" (256 buckets): addresses we had a successful outbound connection to. The bucket
 *    is chosen from the key, the address and its group (one group reaches at most 8 buckets).
 * A full slot is only taken over by a better entry; a tried slot holding a recently working
 * address is kept (test-before-evict: the feeler connection checks the old one first).
 *
 * Select() picks an address for an outbound connection: half the time from each table, with
 * a chance that falls with recent and repeated failed attempts (the retry backoff). GetAddr()
 * answers getaddr with a random sample, leaving out addresses that look dead.
 *
 * Persistence (<datadir>/peers.dat): the chain's magic, a format version, the key and every
 * entry, followed by the SHA-256d of all of it; written atomically.
 *
 * Thread-safe: every public method takes the internal mutex.
 */

#include <crypto/random.h>
#include <net/address.h>
#include <net/messages.h>
#include <util/result.h>
#include <util/sync.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

namespace net {

inline constexpr int ADDRMAN_NEW_BUCKET_COUNT = 1024;
inline constexpr int ADDRMAN_TRIED_BUCKET_COUNT = 256;
inline constexpr int ADDRMAN_BUCKET_SIZE = 64;

/** What the address manager knows about one address (also getnodeaddresses' answer). */
struct AddrInfo {
    Service addr;
    NetAddr source;             //!< who told us (ourselves for -addnode / addnode RPC)
    uint64_t services{NODE_NONE};
    int64_t time{0};            //!< last time the address was seen (UNIX seconds)
    int64_t last_try{0};        //!< last connection attempt
    int64_t last_count_attempt{0};
    int64_t last_success{0};    //!< last successful outbound connection
    int attempts{0};            //!< failed attempts since the last success
    int ref_count{0};           //!< new-table slots holding it
    bool in_tried{false};
    size_t random_pos{0};       //!< position in m_random

    /** Dead or bogus: seen too long ago, in the future, or failed too often. */
    bool IsTerrible(int64_t now) const;
    /** Relative chance of being selected: lower after recent and repeated failures. */
    double GetChance(int64_t now) const;
};

class AddrMan
{
public:
    /**
     * `allow_local`: keep loopback and private addresses too (regtest, where every node runs on
     * 127.0.0.1; see doc/p2p.md). `deterministic`: a fixed key and random stream (tests).
     */
    explicit AddrMan(bool allow_local, bool deterministic = false);

    /**
     * Adds addresses heard from `source`, with their times moved `time_penalty` seconds into
     * the past. Unroutable ones (unless allow_local) are ignored. Returns true if any was new.
     */
    bool Add(const std::vector<AddrEntry>& addrs, const NetAddr& source, int64_t time_penalty, int64_t now);
    /** A successful outbound connection to `addr`: moves it to the tried table. */
    void Good(const Service& addr, int64_t now);
    /** A connection attempt to `addr`; `count_failure` counts it against the address. */
    void Attempt(const Service& addr, bool count_failure, int64_t now);
    /** We were connected to `addr` until now: refreshes its time (at most every 20 minutes). */
    void Connected(const Service& addr, int64_t now);
    void SetServices(const Service& addr, uint64_t services);

    /**
     * Picks an address to connect to. `new_only`: only from the new table (feelers).
     * `networks`: only these (empty: any). nullopt if there is none.
     */
    std::optional<AddrInfo> Select(bool new_only, const std::set<Network>& networks, int64_t now);

    /**
     * A random sample for getaddr/getnodeaddresses: at most `max_addresses` (0: no limit) and
     * at most `max_pct` percent of all (0: no limit), only `network` if given, no terrible ones.
     */
    std::vector<AddrInfo> GetAddr(size_t max_addresses, size_t max_pct, std::optional<Network> network, int64_t now);

    /** Test-before-evict: decides pending tried-table collisions (call before Select). */
    void ResolveCollisions(int64_t now);
    /** The tried entry a pending collision would evict, for a feeler to test; nullopt if none. */
    std::optional<AddrInfo> SelectTriedCollision(int64_t now);

    /** Entries (of `network` if given; only the new or tried table if `in_new` is given). */
    size_t Size(std::optional<Network> network = std::nullopt, std::optional<bool> in_new = std::nullopt) const;

    /** Writes peers.dat atomically. */
    util::Result<void> Write(const std::filesystem::path& path, const std::array<uint8_t, 4>& magic) const;
    /**
     * Loads peers.dat (replacing the current content). A missing file is no error; a corrupt
     * or foreign one is an error and leaves the table empty (the caller logs it and goes on).
     */
    util::Result<void> Read(const std::filesystem::path& path, const std::array<uint8_t, 4>& magic);

    /** Serialized form (as written to peers.dat) and its inverse; for Read/Write and tests. */
    std::vector<uint8_t> Serialize(const std::array<uint8_t, 4>& magic) const;
    util::Result<void> Deserialize(std::span<const uint8_t> bytes, const std::array<uint8_t, 4>& magic);

    /** Internal consistency check (tests): every table and count agrees. Empty if consistent. */
    std::string CheckConsistency() const;

private:
    using Id = int;
    static constexpr Id EMPTY = -1;

    bool AddSingle(const AddrEntry& entry, const NetAddr& source, int64_t time_penalty, int64_t now)
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void GoodLocked(const Service& addr, bool test_before_evict, int64_t now) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    AddrInfo* Find(const Service& addr, Id* id = nullptr) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    Id Create(const Service& addr, const NetAddr& source) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Creates an entry from one read from peers.dat (counted in the new table, in no bucket yet,
     *  its own random position); EMPTY if the address is unacceptable or already known. */
    Id Restore(const AddrInfo& loaded) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void Delete(Id id) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void ClearNew(int bucket, int pos) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void MakeTried(Id id) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void SwapRandom(size_t a, size_t b) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void Clear() EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    bool Acceptable(const NetAddr& addr) const;
    /** The network group used for bucketing `addr` (see the .cpp for allow_local). */
    std::vector<uint8_t> GroupOf(const Service& addr) const;

    int NewBucket(const AddrInfo& info) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    int TriedBucket(const AddrInfo& info) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    int BucketPosition(const AddrInfo& info, bool is_new, int bucket) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    uint64_t KeyedHash(std::span<const uint8_t> data) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);

    const bool m_allow_local;
    mutable Mutex m_mutex;
    FastRandomContext m_rng GUARDED_BY(m_mutex);
    std::array<uint8_t, 32> m_key GUARDED_BY(m_mutex){};
    Id m_next_id GUARDED_BY(m_mutex){0};
    std::unordered_map<Id, AddrInfo> m_info GUARDED_BY(m_mutex);
    std::map<Service, Id> m_by_addr GUARDED_BY(m_mutex);
    std::vector<Id> m_random GUARDED_BY(m_mutex);
    int m_new_count GUARDED_BY(m_mutex){0};
    int m_tried_count GUARDED_BY(m_mutex){0};
    std::vector<std::array<Id, ADDRMAN_BUCKET_SIZE>> m_new GUARDED_BY(m_mutex);
    std::vector<std::array<Id, ADDRMAN_BUCKET_SIZE>> m_tried GUARDED_BY(m_mutex);
    /** Entries per network in each table: [network][0 new, 1 tried]. */
    std::array<std::array<int, 2>, NETWORK_COUNT> m_network_counts GUARDED_BY(m_mutex){};
    int64_t m_last_good GUARDED_BY(m_mutex){1};
    std::set<Id> m_tried_collisions GUARDED_BY(m_mutex);
};

} // namespace net

#endif // DOTS_NET_ADDRMAN_H
