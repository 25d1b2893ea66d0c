// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/coins.h>

#include <crypto/random.h>
#include <crypto/siphash.h>
#include <util/logging.h>

#include <cassert>
#include <cstdlib>

namespace chainstate {

std::optional<Coin> Coin::Unserialize(ByteReader& r)
{
    auto code = ReadVarInt(r, "coin height");
    auto amount = ReadVarInt(r, "coin amount");
    auto lock = OutputLock::Unserialize(r);
    if (!lock) return std::nullopt;
    const uint64_t value = DecompressAmount(*amount);
    // A compressed amount that does not round-trip overflowed in decompression: not our data.
    if ((*code >> 1) > UINT32_MAX || value > static_cast<uint64_t>(INT64_MAX) || CompressAmount(value) != *amount) {
        return r.Fail(DecodeError::INVALID_VALUE, "coin field out of range");
    }
    Coin coin;
    coin.height = static_cast<uint32_t>(*code >> 1);
    coin.coinbase = (*code & 1) != 0;
    coin.out.value = static_cast<CAmount>(value);
    coin.out.lock = *lock;
    return coin;
}

SaltedOutpointHasher::SaltedOutpointHasher() : m_k0{GetRandUint64()}, m_k1{GetRandUint64()} {}

SaltedStringHasher::SaltedStringHasher() : m_k0{GetRandUint64()}, m_k1{GetRandUint64()} {}

size_t SaltedStringHasher::operator()(const std::string& key) const
{
    return static_cast<size_t>(
        CSipHasher{m_k0, m_k1}.Write({reinterpret_cast<const uint8_t*>(key.data()), key.size()}).Finalize());
}

namespace {
/** Allocation size malloc really uses for a block of `alloc` bytes (64-bit glibc estimate,
 * as Bitcoin Core's memusage::MallocUsage). */
constexpr size_t MallocUsage(size_t alloc)
{
    return alloc == 0 ? 0 : ((alloc + 31) >> 4) << 4;
}

/** libstdc++ node: next pointer, value, cached hash. */
constexpr size_t COINS_MAP_NODE_SIZE = sizeof(void*) + sizeof(std::pair<const COutPoint, CoinsCacheEntry>) + sizeof(size_t);

/** libstdc++ node of a RecordMap plus the heap parts of its strings (beyond the SSO buffer). */
constexpr size_t RECORD_MAP_NODE_SIZE = sizeof(void*) + sizeof(std::pair<const std::string, RecordCacheEntry>) + sizeof(size_t);
size_t StringHeapUsage(const std::string& s)
{
    return s.capacity() > 15 ? MallocUsage(s.capacity() + 1) : 0;
}
size_t RecordUsage(const std::string& key, const RecordCacheEntry& entry)
{
    return StringHeapUsage(key) + (entry.value ? StringHeapUsage(*entry.value) : 0);
}

const Coin& EmptyCoin()
{
    static const Coin empty;
    return empty;
}
} // namespace

CoinsViewCache::CoinsViewCache(CoinsView* base) : CoinsViewBacked{base} {}

size_t CoinsViewCache::DynamicMemoryUsage() const
{
    return MallocUsage(COINS_MAP_NODE_SIZE) * m_coins.size() + MallocUsage(sizeof(void*) * m_coins.bucket_count()) +
           m_cached_coins_usage + MallocUsage(RECORD_MAP_NODE_SIZE) * m_records.size() +
           MallocUsage(sizeof(void*) * m_records.bucket_count()) + m_cached_records_usage;
}

CoinsMap::iterator CoinsViewCache::FetchCoin(const COutPoint& outpoint) const
{
    auto it = m_coins.find(outpoint);
    if (it != m_coins.end()) return it;
    std::optional<Coin> coin = m_base->GetCoin(outpoint);
    if (!coin) return m_coins.end();
    auto [ins, inserted] = m_coins.try_emplace(outpoint, std::move(*coin));
    assert(inserted);
    // A coin the base has unspent is never FRESH; it is also clean until changed here.
    m_cached_coins_usage += ins->second.coin.DynamicMemoryUsage();
    return ins;
}

std::optional<Coin> CoinsViewCache::GetCoin(const COutPoint& outpoint) const
{
    auto it = FetchCoin(outpoint);
    if (it == m_coins.end() || it->second.coin.IsSpent()) return std::nullopt;
    return it->second.coin;
}

bool CoinsViewCache::HaveCoin(const COutPoint& outpoint) const
{
    auto it = FetchCoin(outpoint);
    return it != m_coins.end() && !it->second.coin.IsSpent();
}

bool CoinsViewCache::HaveCoinInCache(const COutPoint& outpoint) const
{
    auto it = m_coins.find(outpoint);
    return it != m_coins.end() && !it->second.coin.IsSpent();
}

const Coin& CoinsViewCache::AccessCoin(const COutPoint& outpoint) const
{
    auto it = FetchCoin(outpoint);
    return it == m_coins.end() ? EmptyCoin() : it->second.coin;
}

const std::string* CoinsViewCache::AccessRecord(const std::string& key) const
{
    auto it = m_records.find(key);
    if (it == m_records.end()) {
        it = m_records.try_emplace(key, RecordCacheEntry{m_base->GetRecord(key), 0}).first;
        m_cached_records_usage += RecordUsage(it->first, it->second);
    }
    return it->second.value ? &*it->second.value : nullptr;
}

std::optional<std::string> CoinsViewCache::GetRecord(const std::string& key) const
{
    const std::string* value = AccessRecord(key);
    return value ? std::optional<std::string>{*value} : std::nullopt;
}

void CoinsViewCache::PutRecord(const std::string& key, std::optional<std::string> value)
{
    auto [it, inserted] = m_records.try_emplace(key);
    if (!inserted) m_cached_records_usage -= RecordUsage(it->first, it->second);
    it->second.value = std::move(value);
    it->second.flags |= COINS_DIRTY;
    m_cached_records_usage += RecordUsage(it->first, it->second);
}

uint256 CoinsViewCache::GetBestBlock() const
{
    if (m_best_block.IsNull()) m_best_block = m_base->GetBestBlock();
    return m_best_block;
}

void CoinsViewCache::AddCoin(const COutPoint& outpoint, Coin coin, bool possible_overwrite)
{
    assert(!coin.IsSpent());
    auto [it, inserted] = m_coins.try_emplace(outpoint);
    bool fresh = false;
    if (!inserted) m_cached_coins_usage -= it->second.coin.DynamicMemoryUsage();
    if (!possible_overwrite) {
        if (!it->second.coin.IsSpent()) {
            LogError("CoinsViewCache::AddCoin: attempt to overwrite unspent coin %s", outpoint.ToString().c_str());
            std::abort();
        }
        // The entry is new or a spent marker. If the spend was not yet flushed (DIRTY), the base
        // may still have the coin unspent, so the new coin must be written over it: not FRESH.
        // Otherwise (new entry, or a clean spent entry) the base cannot have it unspent.
        fresh = !(it->second.flags & COINS_DIRTY);
    }
    it->second.coin = std::move(coin);
    it->second.flags |= COINS_DIRTY | (fresh ? COINS_FRESH : 0);
    m_cached_coins_usage += it->second.coin.DynamicMemoryUsage();
}

std::optional<Coin> CoinsViewCache::SpendCoin(const COutPoint& outpoint)
{
    auto it = FetchCoin(outpoint);
    if (it == m_coins.end() || it->second.coin.IsSpent()) return std::nullopt;
    m_cached_coins_usage -= it->second.coin.DynamicMemoryUsage();
    Coin spent = std::move(it->second.coin);
    if (it->second.flags & COINS_FRESH) {
        m_coins.erase(it);
    } else {
        it->second.flags |= COINS_DIRTY;
        it->second.coin.Clear();
    }
    return spent;
}

storage::Status CoinsViewCache::BatchWrite(CoinsMap& coins, RecordMap& records, const uint256& best_block, bool erase)
{
    for (auto& [key, child] : records) {
        if (!(child.flags & COINS_DIRTY)) continue;
        auto [it, inserted] = m_records.try_emplace(key);
        if (!inserted) m_cached_records_usage -= RecordUsage(it->first, it->second);
        it->second.value = erase ? std::move(child.value) : child.value;
        it->second.flags |= COINS_DIRTY;
        m_cached_records_usage += RecordUsage(it->first, it->second);
    }
    for (auto child = coins.begin(); child != coins.end(); ++child) {
        // Clean entries are copies of what this view already has.
        if (!(child->second.flags & COINS_DIRTY)) continue;
        const bool child_fresh = child->second.flags & COINS_FRESH;
        auto ours = m_coins.find(child->first);
        if (ours == m_coins.end()) {
            // We do not have it. A FRESH spent entry means "created and spent in the child":
            // nothing to do. Anything else is news for us.
            if (child_fresh && child->second.coin.IsSpent()) continue;
            auto [it, inserted] = m_coins.try_emplace(child->first);
            assert(inserted);
            it->second.coin = erase ? std::move(child->second.coin) : child->second.coin;
            m_cached_coins_usage += it->second.coin.DynamicMemoryUsage();
            // FRESH carries over: the child marked it FRESH because we (its base) had no unspent
            // coin there, and since we hold no entry for it, our base has none either.
            it->second.flags = COINS_DIRTY | (child_fresh ? COINS_FRESH : 0);
        } else {
            if (child_fresh && !ours->second.coin.IsSpent()) {
                // The child thought we did not have this coin unspent, but we do: a logic error
                // that would lose a coin. Never continue with such a view.
                LogError("CoinsViewCache::BatchWrite: FRESH flag misapplied to %s", child->first.ToString().c_str());
                std::abort();
            }
            if ((ours->second.flags & COINS_FRESH) && child->second.coin.IsSpent()) {
                // Our base never saw it: forget it entirely.
                m_cached_coins_usage -= ours->second.coin.DynamicMemoryUsage();
                m_coins.erase(ours);
            } else {
                m_cached_coins_usage -= ours->second.coin.DynamicMemoryUsage();
                ours->second.coin = erase ? std::move(child->second.coin) : child->second.coin;
                m_cached_coins_usage += ours->second.coin.DynamicMemoryUsage();
                ours->second.flags |= COINS_DIRTY;
                // Our FRESH flag stays as it was: it is about our base, not about the child.
            }
        }
    }
    m_best_block = best_block;
    return storage::Status::OK();
}

storage::Status CoinsViewCache::Flush()
{
    storage::Status status = m_base->BatchWrite(m_coins, m_records, GetBestBlock(), /*erase=*/true);
    if (!status.ok()) return status;
    m_coins.clear();
    m_cached_coins_usage = 0;
    m_records.clear();
    m_cached_records_usage = 0;
    return status;
}

storage::Status CoinsViewCache::Sync()
{
    storage::Status status = m_base->BatchWrite(m_coins, m_records, GetBestBlock(), /*erase=*/false);
    if (!status.ok()) return status;
    // Registry records stay cached (the SIP router looks handles up on every call).
    for (auto& [key, entry] : m_records) entry.flags = 0;
    for (auto it = m_coins.begin(); it != m_coins.end();) {
        if (it->second.coin.IsSpent()) {
            m_cached_coins_usage -= it->second.coin.DynamicMemoryUsage();
            it = m_coins.erase(it);
        } else {
            it->second.flags = 0;
            ++it;
        }
    }
    return status;
}

void CoinsViewCache::ForEachChangedCoin(const std::function<void(const COutPoint&, const Coin&)>& fn) const
{
    for (const auto& [outpoint, entry] : m_coins) {
        if (entry.flags & COINS_DIRTY) fn(outpoint, entry.coin);
    }
}

void CoinsViewCache::ForEachChangedRecord(
    const std::string& prefix, const std::function<void(const std::string&, const std::optional<std::string>&)>& fn) const
{
    for (const auto& [key, entry] : m_records) {
        if ((entry.flags & COINS_DIRTY) && key.starts_with(prefix)) fn(key, entry.value);
    }
}

void CoinsViewCache::Uncache(const COutPoint& outpoint)
{
    auto it = m_coins.find(outpoint);
    if (it != m_coins.end() && it->second.flags == 0) {
        m_cached_coins_usage -= it->second.coin.DynamicMemoryUsage();
        m_coins.erase(it);
    }
}

size_t CoinsViewCache::GetDirtyCount() const
{
    size_t n = 0;
    for (const auto& [outpoint, entry] : m_coins) n += (entry.flags & COINS_DIRTY) ? 1 : 0;
    return n;
}

bool CoinsViewCache::HaveInputs(const CTransaction& tx) const
{
    if (tx.IsCoinBase()) return true;
    for (const CTxIn& in : tx.vin) {
        if (!HaveCoin(in.prevout)) return false;
    }
    return true;
}

CAmount CoinsViewCache::GetValueIn(const CTransaction& tx) const
{
    if (tx.IsCoinBase()) return 0;
    CAmount sum = 0;
    for (const CTxIn& in : tx.vin) {
        const Coin& coin = AccessCoin(in.prevout);
        assert(!coin.IsSpent());
        sum += coin.out.value;
    }
    return sum;
}

std::optional<uint8_t> CoinsViewCache::GetEntryFlags(const COutPoint& outpoint) const
{
    auto it = m_coins.find(outpoint);
    if (it == m_coins.end()) return std::nullopt;
    return it->second.flags;
}

void CoinsViewCache::SanityCheck() const
{
    size_t usage = 0;
    for (const auto& [outpoint, entry] : m_coins) {
        // A FRESH entry is always DIRTY, and a spent entry is DIRTY (else it would be dropped).
        if (entry.flags & COINS_FRESH) assert(entry.flags & COINS_DIRTY);
        if (entry.coin.IsSpent()) assert((entry.flags & COINS_DIRTY) && !(entry.flags & COINS_FRESH));
        usage += entry.coin.DynamicMemoryUsage();
    }
    assert(usage == m_cached_coins_usage);
}

} // namespace chainstate
