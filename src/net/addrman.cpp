// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <net/addrman.h>

#include <crypto/siphash.h>
#include <util/logging.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace net {

namespace {
constexpr int TRIED_BUCKETS_PER_GROUP = 8;
constexpr int NEW_BUCKETS_PER_SOURCE_GROUP = 64;
constexpr int NEW_BUCKETS_PER_ADDRESS = 8;
constexpr int64_t HORIZON = 30 * 24 * 60 * 60;       //!< older addresses are terrible
constexpr int RETRIES = 3;                            //!< failures before a never-working address is terrible
constexpr int MAX_FAILURES = 10;                      //!< failures in MIN_FAIL before a working one is
constexpr int64_t MIN_FAIL = 7 * 24 * 60 * 60;
constexpr int64_t REPLACEMENT = 4 * 60 * 60;          //!< a tried entry this recent is not evicted
constexpr size_t SET_TRIED_COLLISION_SIZE = 10;
constexpr int64_t TEST_WINDOW = 40 * 60;

/** Bytes identifying an address and port, for the keyed hashes. */
std::vector<uint8_t> AddressKey(const Service& addr)
{
    std::vector<uint8_t> key{static_cast<uint8_t>(addr.GetNetwork())};
    const auto bytes = addr.Bytes();
    key.insert(key.end(), bytes.begin(), bytes.end());
    key.push_back(static_cast<uint8_t>(addr.GetPort() >> 8));
    key.push_back(static_cast<uint8_t>(addr.GetPort() & 0xff));
    return key;
}

void AppendU64(std::vector<uint8_t>& v, uint64_t x)
{
    for (int i = 0; i < 8; ++i) v.push_back(static_cast<uint8_t>(x >> (8 * i)));
}
} // namespace

bool AddrInfo::IsTerrible(int64_t now) const
{
    if (last_try && last_try >= now - 60) return false; // never remove things tried in the last minute
    if (time > now + 10 * 60) return true;               // came in a flying DeLorean
    if (now - time > HORIZON) return true;               // not seen in recent history
    if (last_success == 0 && attempts >= RETRIES) return true;
    if (now - last_success > MIN_FAIL && attempts >= MAX_FAILURES) return true;
    return false;
}

double AddrInfo::GetChance(int64_t now) const
{
    double chance = 1.0;
    if (now - last_try < 10 * 60) chance *= 0.01; // deprioritize very recent attempts
    chance *= std::pow(0.66, std::min(attempts, 8));
    return chance;
}

AddrMan::AddrMan(bool allow_local, bool deterministic)
    : m_allow_local{allow_local}, m_rng{deterministic ? FastRandomContext{1} : FastRandomContext{}}
{
    LOCK(m_mutex);
    Clear();
    if (deterministic) {
        m_key.fill(1);
    } else {
        GetStrongRandBytes(m_key);
    }
}

void AddrMan::Clear()
{
    m_info.clear();
    m_by_addr.clear();
    m_random.clear();
    m_new_count = m_tried_count = 0;
    std::array<Id, ADDRMAN_BUCKET_SIZE> empty;
    empty.fill(EMPTY);
    m_new.assign(ADDRMAN_NEW_BUCKET_COUNT, empty);
    m_tried.assign(ADDRMAN_TRIED_BUCKET_COUNT, empty);
    m_network_counts = {};
    m_tried_collisions.clear();
}

bool AddrMan::Acceptable(const NetAddr& addr) const
{
    if (!addr.IsValid()) return false;
    return addr.IsRoutable() || (m_allow_local && (addr.IsLocal() || addr.IsPrivate()) && !addr.Bytes().empty() &&
                                 !(addr.IsIPv4() && addr.Bytes()[0] == 0));
}

uint64_t AddrMan::KeyedHash(std::span<const uint8_t> data) const
{
    uint64_t k0, k1;
    std::memcpy(&k0, m_key.data(), 8);
    std::memcpy(&k1, m_key.data() + 8, 8);
    CSipHasher hasher{k0, k1};
    hasher.Write(std::span<const uint8_t>{m_key.data() + 16, 16});
    hasher.Write(data);
    return hasher.Finalize();
}

std::vector<uint8_t> AddrMan::GroupOf(const Service& addr) const
{
    std::vector<uint8_t> group = addr.GetGroup();
    // Where local addresses are allowed (regtest), every node is 127.0.0.1 on its own port:
    // grouping them by port spreads them over buckets instead of one, as real hosts would be.
    if (m_allow_local && (addr.IsLocal() || addr.IsPrivate())) {
        const auto bytes = addr.Bytes();
        group.insert(group.end(), bytes.begin(), bytes.end());
        group.push_back(static_cast<uint8_t>(addr.GetPort() >> 8));
        group.push_back(static_cast<uint8_t>(addr.GetPort() & 0xff));
    }
    return group;
}

int AddrMan::TriedBucket(const AddrInfo& info) const
{
    std::vector<uint8_t> data = AddressKey(info.addr);
    const uint64_t hash1 = KeyedHash(data) % TRIED_BUCKETS_PER_GROUP;
    data = GroupOf(info.addr);
    AppendU64(data, hash1);
    return static_cast<int>(KeyedHash(data) % ADDRMAN_TRIED_BUCKET_COUNT);
}

int AddrMan::NewBucket(const AddrInfo& info) const
{
    const std::vector<uint8_t> group = GroupOf(info.addr);
    const std::vector<uint8_t> source_group = info.source.GetGroup();
    std::vector<uint8_t> data = group;
    data.push_back(0xff);
    data.insert(data.end(), source_group.begin(), source_group.end());
    const uint64_t hash1 = KeyedHash(data) % NEW_BUCKETS_PER_SOURCE_GROUP;
    data = source_group;
    AppendU64(data, hash1);
    return static_cast<int>(KeyedHash(data) % ADDRMAN_NEW_BUCKET_COUNT);
}

int AddrMan::BucketPosition(const AddrInfo& info, bool is_new, int bucket) const
{
    std::vector<uint8_t> data{static_cast<uint8_t>(is_new ? 'N' : 'K')};
    AppendU64(data, static_cast<uint64_t>(bucket));
    const std::vector<uint8_t> key = AddressKey(info.addr);
    data.insert(data.end(), key.begin(), key.end());
    return static_cast<int>(KeyedHash(data) % ADDRMAN_BUCKET_SIZE);
}

AddrInfo* AddrMan::Find(const Service& addr, Id* id)
{
    const auto it = m_by_addr.find(addr);
    if (it == m_by_addr.end()) return nullptr;
    if (id) *id = it->second;
    return &m_info.at(it->second);
}

AddrMan::Id AddrMan::Create(const Service& addr, const NetAddr& source)
{
    const Id id = m_next_id++;
    AddrInfo info;
    info.addr = addr;
    info.source = source;
    info.random_pos = m_random.size();
    m_info.emplace(id, info);
    m_by_addr[addr] = id;
    m_random.push_back(id);
    ++m_new_count;
    ++m_network_counts[static_cast<size_t>(addr.GetNetwork())][0];
    return id;
}

void AddrMan::SwapRandom(size_t a, size_t b)
{
    if (a == b) return;
    std::swap(m_random[a], m_random[b]);
    m_info.at(m_random[a]).random_pos = a;
    m_info.at(m_random[b]).random_pos = b;
}

void AddrMan::Delete(Id id)
{
    AddrInfo& info = m_info.at(id);
    SwapRandom(info.random_pos, m_random.size() - 1);
    m_random.pop_back();
    --m_network_counts[static_cast<size_t>(info.addr.GetNetwork())][0];
    m_by_addr.erase(info.addr);
    m_info.erase(id);
    --m_new_count;
}

void AddrMan::ClearNew(int bucket, int pos)
{
    const Id id = m_new[bucket][pos];
    if (id == EMPTY) return;
    AddrInfo& info = m_info.at(id);
    m_new[bucket][pos] = EMPTY;
    if (--info.ref_count == 0) Delete(id);
}

bool AddrMan::AddSingle(const AddrEntry& entry, const NetAddr& source, int64_t time_penalty, int64_t now)
{
    if (!entry.addr || !Acceptable(*entry.addr)) return false;
    const Service& addr = *entry.addr;
    const int64_t seen = entry.time;
    if (addr == source) time_penalty = 0; // a peer advertising itself is not penalised

    Id id;
    AddrInfo* info = Find(addr, &id);
    bool is_new = false;
    if (info) {
        // Refresh the time now and then; more often for addresses seen online recently.
        const bool currently_online = now - seen < 24 * 60 * 60;
        const int64_t update_interval = currently_online ? 60 * 60 : 24 * 60 * 60;
        if (info->time < seen - update_interval - time_penalty) info->time = std::max<int64_t>(0, seen - time_penalty);
        info->services |= entry.services;
        if (seen <= info->time) return false;
        if (info->in_tried) return false;
        if (info->ref_count == NEW_BUCKETS_PER_ADDRESS) return false;
        // The more slots it has, the less likely it gets another: 2^n times less.
        const uint64_t factor = uint64_t{1} << info->ref_count;
        if (factor > 1 && m_rng.RandRange(factor) != 0) return false;
    } else {
        id = Create(addr, source);
        info = &m_info.at(id);
        info->time = std::max<int64_t>(0, seen - time_penalty);
        info->services = entry.services;
        is_new = true;
    }

    AddrInfo probe = *info;
    probe.source = source;
    const int bucket = NewBucket(probe);
    const int pos = BucketPosition(*info, true, bucket);
    if (m_new[bucket][pos] != id) {
        bool insert = m_new[bucket][pos] == EMPTY;
        if (!insert) {
            const AddrInfo& existing = m_info.at(m_new[bucket][pos]);
            // Overwrite only something worse: terrible, or held in other slots while we are not.
            if (existing.IsTerrible(now) || (existing.ref_count > 1 && info->ref_count == 0)) insert = true;
        }
        if (insert) {
            ClearNew(bucket, pos);
            ++info->ref_count;
            m_new[bucket][pos] = id;
        } else if (info->ref_count == 0) {
            Delete(id);
            return false;
        }
    }
    return is_new;
}

bool AddrMan::Add(const std::vector<AddrEntry>& addrs, const NetAddr& source, int64_t time_penalty, int64_t now)
{
    LOCK(m_mutex);
    int added = 0;
    for (const AddrEntry& entry : addrs) added += AddSingle(entry, source, time_penalty, now) ? 1 : 0;
    if (added > 0) {
        LogDebug(BCLog::NET, "Added %d addresses from %s: %d tried, %d new", added, source.ToString().c_str(),
                 m_tried_count, m_new_count);
    }
    return added > 0;
}

void AddrMan::MakeTried(Id id)
{
    AddrInfo& info = m_info.at(id);
    // Remove it from every new bucket.
    for (int bucket = 0; bucket < ADDRMAN_NEW_BUCKET_COUNT && info.ref_count > 0; ++bucket) {
        const int pos = BucketPosition(info, true, bucket);
        if (m_new[bucket][pos] == id) {
            m_new[bucket][pos] = EMPTY;
            --info.ref_count;
        }
    }
    info.ref_count = 0;
    --m_new_count;
    --m_network_counts[static_cast<size_t>(info.addr.GetNetwork())][0];

    const int bucket = TriedBucket(info);
    const int pos = BucketPosition(info, false, bucket);
    if (m_tried[bucket][pos] != EMPTY) {
        // Move the current occupant back to the new table.
        const Id evicted_id = m_tried[bucket][pos];
        AddrInfo& evicted = m_info.at(evicted_id);
        evicted.in_tried = false;
        m_tried[bucket][pos] = EMPTY;
        --m_tried_count;
        --m_network_counts[static_cast<size_t>(evicted.addr.GetNetwork())][1];
        const int new_bucket = NewBucket(evicted);
        const int new_pos = BucketPosition(evicted, true, new_bucket);
        ClearNew(new_bucket, new_pos);
        evicted.ref_count = 1;
        m_new[new_bucket][new_pos] = evicted_id;
        ++m_new_count;
        ++m_network_counts[static_cast<size_t>(evicted.addr.GetNetwork())][0];
    }
    m_tried[bucket][pos] = id;
    ++m_tried_count;
    ++m_network_counts[static_cast<size_t>(info.addr.GetNetwork())][1];
    info.in_tried = true;
}

void AddrMan::GoodLocked(const Service& addr, bool test_before_evict, int64_t now)
{
    m_last_good = now;
    Id id;
    AddrInfo* info = Find(addr, &id);
    if (!info) return;
    info->last_success = now;
    info->last_try = now;
    info->attempts = 0;
    if (info->in_tried) return;
    if (info->ref_count == 0) return;

    const int bucket = TriedBucket(*info);
    const int pos = BucketPosition(*info, false, bucket);
    if (test_before_evict && m_tried[bucket][pos] != EMPTY && m_tried[bucket][pos] != id) {
        // Keep the old entry until a feeler has checked it (ResolveCollisions).
        if (m_tried_collisions.size() < SET_TRIED_COLLISION_SIZE) m_tried_collisions.insert(id);
        LogDebug(BCLog::NET, "Collision with %s while moving %s to the tried table",
                 m_info.at(m_tried[bucket][pos]).addr.ToStringAddrPort().c_str(), addr.ToStringAddrPort().c_str());
        return;
    }
    MakeTried(id);
    LogDebug(BCLog::NET, "Moved %s to the tried table", addr.ToStringAddrPort().c_str());
}

void AddrMan::Good(const Service& addr, int64_t now)
{
    LOCK(m_mutex);
    GoodLocked(addr, /*test_before_evict=*/true, now);
}

void AddrMan::Attempt(const Service& addr, bool count_failure, int64_t now)
{
    LOCK(m_mutex);
    AddrInfo* info = Find(addr);
    if (!info) return;
    info->last_try = now;
    if (count_failure && info->last_count_attempt < m_last_good) {
        info->last_count_attempt = now;
        ++info->attempts;
    }
}

void AddrMan::Connected(const Service& addr, int64_t now)
{
    LOCK(m_mutex);
    AddrInfo* info = Find(addr);
    if (!info) return;
    if (now - info->time > 20 * 60) info->time = now;
}

void AddrMan::SetServices(const Service& addr, uint64_t services)
{
    LOCK(m_mutex);
    if (AddrInfo* info = Find(addr)) info->services = services;
}

std::optional<AddrInfo> AddrMan::Select(bool new_only, const std::set<Network>& networks, int64_t now)
{
    LOCK(m_mutex);
    int new_count = 0, tried_count = 0;
    for (size_t n = 0; n < NETWORK_COUNT; ++n) {
        if (!networks.empty() && !networks.count(static_cast<Network>(n))) continue;
        new_count += m_network_counts[n][0];
        tried_count += m_network_counts[n][1];
    }
    if (new_count + tried_count == 0 || (new_only && new_count == 0)) return std::nullopt;

    const bool use_tried = !new_only && tried_count > 0 && (new_count == 0 || m_rng.RandRange(2) == 0);
    auto& table = use_tried ? m_tried : m_new;
    const int bucket_count = use_tried ? ADDRMAN_TRIED_BUCKET_COUNT : ADDRMAN_NEW_BUCKET_COUNT;
    double chance_factor = 1.0;
    // Bounded: the chance factor grows 20 % per round, so within a few hundred rounds any
    // entry is accepted; the bound only guards against a logic error.
    for (int round = 0; round < 100'000; ++round) {
        const int bucket = static_cast<int>(m_rng.RandRange(bucket_count));
        const int start = static_cast<int>(m_rng.RandRange(ADDRMAN_BUCKET_SIZE));
        Id id = EMPTY;
        for (int i = 0; i < ADDRMAN_BUCKET_SIZE; ++i) {
            const Id candidate = table[bucket][(start + i) % ADDRMAN_BUCKET_SIZE];
            if (candidate == EMPTY) continue;
            if (!networks.empty() && !networks.count(m_info.at(candidate).addr.GetNetwork())) continue;
            id = candidate;
            break;
        }
        if (id == EMPTY) continue;
        const AddrInfo& info = m_info.at(id);
        if (static_cast<double>(m_rng.RandRange(1 << 30)) < chance_factor * info.GetChance(now) * (1 << 30)) {
            return info;
        }
        chance_factor *= 1.2;
    }
    return std::nullopt;
}

std::vector<AddrInfo> AddrMan::GetAddr(size_t max_addresses, size_t max_pct, std::optional<Network> network, int64_t now)
{
    LOCK(m_mutex);
    size_t wanted = m_random.size();
    if (max_pct != 0) wanted = max_pct * wanted / 100;
    if (max_addresses != 0) wanted = std::min(wanted, max_addresses);
    std::vector<AddrInfo> out;
    for (size_t i = 0; i < m_random.size() && out.size() < wanted; ++i) {
        // Partial Fisher-Yates shuffle: the first i entries are a random sample.
        SwapRandom(i, i + static_cast<size_t>(m_rng.RandRange(m_random.size() - i)));
        const AddrInfo& info = m_info.at(m_random[i]);
        if (network && info.addr.GetNetwork() != *network) continue;
        if (info.IsTerrible(now)) continue;
        out.push_back(info);
    }
    return out;
}

void AddrMan::ResolveCollisions(int64_t now)
{
    LOCK(m_mutex);
    for (auto it = m_tried_collisions.begin(); it != m_tried_collisions.end();) {
        const Id id_new = *it;
        bool erase = false;
        const auto info_it = m_info.find(id_new);
        if (info_it == m_info.end()) {
            erase = true;
        } else {
            AddrInfo& info_new = info_it->second;
            const int bucket = TriedBucket(info_new);
            const int pos = BucketPosition(info_new, false, bucket);
            if (m_tried[bucket][pos] == EMPTY || info_new.in_tried) {
                if (!info_new.in_tried) GoodLocked(info_new.addr, false, now);
                erase = true;
            } else {
                const AddrInfo& info_old = m_info.at(m_tried[bucket][pos]);
                if (now - info_old.last_success < REPLACEMENT) {
                    erase = true; // the old one works: keep it
                } else if (now - info_old.last_try < REPLACEMENT) {
                    // Tested recently and not marked good since: give the feeler a minute.
                    if (now - info_old.last_try > 60) {
                        GoodLocked(info_new.addr, false, now);
                        erase = true;
                    }
                } else if (now - info_new.last_success > TEST_WINDOW) {
                    // The collision is old and the old entry was never tested: replace it.
                    GoodLocked(info_new.addr, false, now);
                    erase = true;
                }
            }
        }
        it = erase ? m_tried_collisions.erase(it) : std::next(it);
    }
}

std::optional<AddrInfo> AddrMan::SelectTriedCollision(int64_t now)
{
    LOCK(m_mutex);
    (void)now;
    if (m_tried_collisions.empty()) return std::nullopt;
    auto it = m_tried_collisions.begin();
    std::advance(it, static_cast<long>(m_rng.RandRange(m_tried_collisions.size())));
    const auto info_it = m_info.find(*it);
    if (info_it == m_info.end()) {
        m_tried_collisions.erase(it);
        return std::nullopt;
    }
    const int bucket = TriedBucket(info_it->second);
    const int pos = BucketPosition(info_it->second, false, bucket);
    if (m_tried[bucket][pos] == EMPTY) return std::nullopt;
    return m_info.at(m_tried[bucket][pos]);
}

size_t AddrMan::Size(std::optional<Network> network, std::optional<bool> in_new) const
{
    LOCK(m_mutex);
    if (!network && !in_new) return m_random.size();
    size_t total = 0;
    for (size_t n = 0; n < NETWORK_COUNT; ++n) {
        if (network && static_cast<size_t>(*network) != n) continue;
        if (!in_new || *in_new) total += static_cast<size_t>(m_network_counts[n][0]);
        if (!in_new || !*in_new) total += static_cast<size_t>(m_network_counts[n][1]);
    }
    return total;
}

std::string AddrMan::CheckConsistency() const
{
    LOCK(m_mutex);
    int new_count = 0, tried_count = 0;
    std::unordered_map<Id, int> refs;
    for (const auto& [id, info] : m_info) {
        if (info.in_tried) {
            ++tried_count;
            if (info.ref_count != 0) return "tried entry with new references";
        } else {
            ++new_count;
            if (info.ref_count == 0) return "new entry without references";
        }
        if (m_random.at(info.random_pos) != id) return "random position mismatch";
        if (m_by_addr.at(info.addr) != id) return "address index mismatch";
    }
    if (new_count != m_new_count || tried_count != m_tried_count) return "table counts mismatch";
    for (int b = 0; b < ADDRMAN_TRIED_BUCKET_COUNT; ++b) {
        for (int p = 0; p < ADDRMAN_BUCKET_SIZE; ++p) {
            const Id id = m_tried[b][p];
            if (id == EMPTY) continue;
            const AddrInfo& info = m_info.at(id);
            if (!info.in_tried || TriedBucket(info) != b || BucketPosition(info, false, b) != p) return "tried slot mismatch";
        }
    }
    for (int b = 0; b < ADDRMAN_NEW_BUCKET_COUNT; ++b) {
        for (int p = 0; p < ADDRMAN_BUCKET_SIZE; ++p) {
            const Id id = m_new[b][p];
            if (id == EMPTY) continue;
            if (BucketPosition(m_info.at(id), true, b) != p) return "new slot mismatch";
            ++refs[id];
        }
    }
    for (const auto& [id, info] : m_info) {
        if (!info.in_tried && refs[id] != info.ref_count) return "reference count mismatch";
    }
    if (m_random.size() != m_info.size()) return "random vector size mismatch";
    return {};
}

} // namespace net
