// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_BANMAN_H
#define DOTS_NET_BANMAN_H

/**
 * BanMan: the node's bans and discouragements, as in Bitcoin Core.
 *
 *  - A ban (setban, or a future -bantime default) refuses every connection from and to a
 *    subnet until it expires. Bans persist in <datadir>/banlist.json (Bitcoin Core's format:
 *    {"banned_nets": [{"version": 1, "ban_created": t, "banned_until": t, "address": "subnet"}]}).
 *  - Discouragement is what misbehaviour earns: the address is disconnected, never chosen for
 *    an outbound connection, and its inbound connections are the first to be refused or
 *    evicted when we are full, for 24 hours. Discouragements live in memory only (a bounded
 *    set of DISCOURAGED_MAX addresses; the oldest go first).
 *
 * Onion addresses cannot be banned (only IP subnets), but they can be discouraged.
 * Thread-safe (one internal mutex).
 */

#include <net/address.h>
#include <util/netaddress.h>
#include <util/result.h>
#include <util/sync.h>

#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace net {

/** Default -bantime: 24 hours. */
inline constexpr int64_t DEFAULT_BAN_TIME = 24 * 60 * 60;
/** How long a misbehaving address stays discouraged. */
inline constexpr int64_t DISCOURAGEMENT_TIME = 24 * 60 * 60;
inline constexpr size_t DISCOURAGED_MAX = 50'000;

struct BanEntry {
    Subnet subnet;
    int64_t created{0};      //!< UNIX seconds
    int64_t banned_until{0}; //!< UNIX seconds
};

class BanMan
{
public:
    /**
     * `banlist_path` empty: nothing is persisted (tests). `clock` returns UNIX seconds (empty:
     * the system clock).
     */
    BanMan(std::filesystem::path banlist_path, int64_t default_ban_time, std::function<int64_t()> clock = {});

    /** Reads the ban list. A missing file is no error; a corrupt one is (the caller logs it and starts empty). */
    util::Result<void> Load();
    /** Writes the ban list atomically if it changed since the last write. */
    util::Result<void> DumpIfDirty();

    /**
     * Bans `subnet` for `ban_time` seconds from now (0: the default -bantime), or until the UNIX
     * time `ban_time` when `absolute`. Replaces an existing ban of the same subnet.
     */
    void Ban(const Subnet& subnet, int64_t ban_time, bool absolute);
    /** Lifts the ban of exactly this subnet. False if there was none. */
    bool Unban(const Subnet& subnet);
    void ClearBanned();
    /** Whether a ban covers `addr`. */
    bool IsBanned(const NetAddr& addr);
    /** Whether exactly this subnet is banned. */
    bool IsSubnetBanned(const Subnet& subnet);
    /** All bans in force, ordered by subnet text; expired ones are dropped. */
    std::vector<BanEntry> GetBanned();

    void Discourage(const NetAddr& addr);
    bool IsDiscouraged(const NetAddr& addr);
    void ClearDiscouraged();

    int64_t DefaultBanTime() const { return m_default_ban_time; }

private:
    int64_t Now() const;
    void SweepBanned() EXCLUSIVE_LOCKS_REQUIRED(m_mutex);

    const std::filesystem::path m_path;
    const int64_t m_default_ban_time;
    const std::function<int64_t()> m_clock;

    Mutex m_mutex;
    std::map<std::string, BanEntry> m_banned GUARDED_BY(m_mutex); //!< by subnet text
    bool m_dirty GUARDED_BY(m_mutex){false};
    std::map<NetAddr, int64_t> m_discouraged GUARDED_BY(m_mutex); //!< address -> expiry
    std::deque<std::pair<NetAddr, int64_t>> m_discourage_order GUARDED_BY(m_mutex);
};

} // namespace net

#endif // DOTS_NET_BANMAN_H
