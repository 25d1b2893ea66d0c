// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <chainstate/coinsdb.h>

#include <crypto/tagged_hash.h>
#include <util/format.h>
#include <util/logging.h>

#include <csignal>
#include <cstdlib>

namespace chainstate {

namespace {
const std::span<const uint8_t> NO_KEY{};

std::optional<COutPoint> DecodeCoinKey(std::span<const uint8_t> key)
{
    ByteReader r{key};
    auto txid = r.ReadUint256("coin key txid");
    auto n = ReadVarInt(r, "coin key index");
    if (!n || !r.empty() || *n > UINT32_MAX) return std::nullopt;
    return COutPoint{*txid, static_cast<uint32_t>(*n)};
}

/** Decodes the coin records a MergedCursor walks. */
class CoinsDbCursor final : public CoinsViewCursor
{
public:
    CoinsDbCursor(std::unique_ptr<MergedCursor> cursor, const uint256& best_block)
        : CoinsViewCursor{best_block}, m_cursor{std::move(cursor)}
    {
    }

    bool Valid() const override { return m_status.ok() && m_cursor->Valid(); }
    void Next() override { m_cursor->Next(); }
    std::optional<CoinEntry> Get() const override
    {
        const std::string& key = m_cursor->Key();
        const std::string& value = m_cursor->Value();
        auto outpoint = DecodeCoinKey({reinterpret_cast<const uint8_t*>(key.data()), key.size()});
        Decoded<Coin> coin = DecodeFull<Coin>(std::span{reinterpret_cast<const uint8_t*>(value.data()), value.size()});
        if (!outpoint || !coin) {
            m_status = storage::Status::Corruption(StrFormat("chainstate: undecodable coin record (%s)",
                                                             coin ? "key" : coin.failure().what));
            return std::nullopt;
        }
        return CoinEntry{*outpoint, std::move(*coin)};
    }
    storage::Status status() const override { return m_status.ok() ? m_cursor->status() : m_status; }

private:
    std::unique_ptr<MergedCursor> m_cursor;
    mutable storage::Status m_status;
};

std::string AsString(std::span<const uint8_t> bytes)
{
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

std::vector<uint8_t> EncodeHeads(const uint256& new_tip, const uint256& old_tip)
{
    std::vector<uint8_t> v(new_tip.begin(), new_tip.end());
    v.insert(v.end(), old_tip.begin(), old_tip.end());
    return v;
}
} // namespace

std::vector<uint8_t> CoinKey(const COutPoint& outpoint)
{
    ByteWriter w{32 + 5};
    WriteUint256(w, outpoint.txid);
    WriteVarInt(w, outpoint.n);
    return w.Take();
}

CoinsViewDB::CoinsViewDB(storage::DbWrapper& db, size_t batch_size) : m_db{db}, m_batch_size{batch_size} {}

void CoinsViewDB::ReadError(const storage::Status& status) const
{
    LogError("Fatal error reading from the %s database: %s. The node cannot continue with an unknown UTXO set; "
             "restart it, and if the error persists restart with -reindex-chainstate.",
             m_db.Options().name.c_str(), status.ToString().c_str());
    if (m_on_read_error) m_on_read_error(status);
    std::abort();
}

std::optional<Coin> CoinsViewDB::GetCoin(const COutPoint& outpoint) const
{
    const std::vector<uint8_t> key = CoinKey(outpoint);
    storage::StatusOr<std::vector<uint8_t>> value = m_db.Read(DB_COIN, key);
    if (!value.ok()) {
        if (value.status().IsNotFound()) return std::nullopt;
        ReadError(value.status());
    }
    Decoded<Coin> coin = DecodeFull<Coin>(*value);
    if (!coin) {
        ReadError(storage::Status::Corruption(StrFormat("undecodable coin %s: %s at byte %zu",
                                                        outpoint.ToString().c_str(), coin.failure().what,
                                                        coin.failure().offset)));
    }
    return std::move(*coin);
}

std::optional<std::string> CoinsViewDB::GetRecord(const std::string& key) const
{
    storage::StatusOr<std::vector<uint8_t>> value =
        m_db.Read(DB_RECORD, {reinterpret_cast<const uint8_t*>(key.data()), key.size()});
    if (!value.ok()) {
        if (value.status().IsNotFound()) return std::nullopt;
        ReadError(value.status());
    }
    return std::string{value->begin(), value->end()};
}

storage::Status CoinsViewDB::ForEachRecord(const std::string& prefix, const std::string& start,
                                           const std::function<bool(const std::string&, const std::string&)>& fn) const
{
    std::unique_ptr<MergedCursor> cursor = RecordCursor(nullptr, prefix, start);
    for (; cursor->Valid(); cursor->Next()) {
        if (!fn(cursor->Key(), cursor->Value())) break;
    }
    return cursor->status();
}

std::unique_ptr<MergedCursor> CoinsViewDB::RecordCursor(const CoinsViewCache* cache, const std::string& prefix,
                                                        const std::string& start) const
{
    std::vector<KeyChange> changes;
    if (cache) {
        cache->ForEachChangedRecord(prefix, [&](const std::string& key, const std::optional<std::string>& value) {
            changes.push_back(KeyChange{key, value});
        });
    }
    return std::make_unique<MergedCursor>(std::move(changes), m_db.NewIterator(DB_RECORD), prefix, start);
}

bool CoinsViewDB::HaveCoin(const COutPoint& outpoint) const
{
    storage::StatusOr<bool> exists = m_db.Exists(DB_COIN, CoinKey(outpoint));
    if (!exists.ok()) ReadError(exists.status());
    return *exists;
}

uint256 CoinsViewDB::GetBestBlock() const
{
    storage::StatusOr<std::vector<uint8_t>> value = m_db.Read(DB_BEST_BLOCK, NO_KEY);
    if (!value.ok()) {
        if (value.status().IsNotFound()) return uint256{};
        ReadError(value.status());
    }
    if (value->size() != uint256::SIZE) ReadError(storage::Status::Corruption("best block record has a bad size"));
    return uint256{std::span<const uint8_t, 32>{value->data(), 32}};
}

std::vector<uint256> CoinsViewDB::GetHeadBlocks() const
{
    storage::StatusOr<std::vector<uint8_t>> value = m_db.Read(DB_HEAD_BLOCKS, NO_KEY);
    if (!value.ok()) {
        if (value.status().IsNotFound()) return {};
        ReadError(value.status());
    }
    if (value->size() != 2 * uint256::SIZE) ReadError(storage::Status::Corruption("head blocks record has a bad size"));
    return {uint256{std::span<const uint8_t, 32>{value->data(), 32}},
            uint256{std::span<const uint8_t, 32>{value->data() + 32, 32}}};
}

storage::Status CoinsViewDB::WriteBestBlock(const uint256& best_block)
{
    storage::DbBatch batch{m_db};
    batch.Erase(DB_HEAD_BLOCKS, NO_KEY);
    batch.Write(DB_BEST_BLOCK, NO_KEY, best_block.span());
    return m_db.WriteBatch(batch, /*sync=*/true);
}

storage::Status CoinsViewDB::BatchWrite(CoinsMap& coins, RecordMap& records, const uint256& best_block, bool erase)
{
    if (best_block.IsNull()) return storage::Status::InvalidArgument("coins flush without a best block");
    uint256 old_tip = GetBestBlock();
    if (old_tip.IsNull()) {
        // An earlier flush may have been interrupted; this write is then the replay finishing it,
        // and it must be heading for the same block.
        const std::vector<uint256> heads = GetHeadBlocks();
        if (heads.size() == 2) {
            if (heads[0] != best_block) {
                return storage::Status::Corruption(StrFormat(
                    "the chainstate database was left mid-flush towards block %s, but is now being written for "
                    "block %s; restart with -reindex-chainstate",
                    heads[0].GetHex().c_str(), best_block.GetHex().c_str()));
            }
            old_tip = heads[1];
        }
    }

    LogDebug(BCLog::DB, "Flushing the chainstate towards block %s", best_block.GetHex().c_str());
    storage::DbBatch batch{m_db};
    // Mark the database "between old_tip and best_block" in the first batch: if the flush spans
    // several batches and only some reach the disk, the next start sees the marker.
    batch.Erase(DB_BEST_BLOCK, NO_KEY);
    batch.Write(DB_HEAD_BLOCKS, NO_KEY, EncodeHeads(best_block, old_tip));

    size_t written = 0, erased = 0, batches = 0;
    for (auto it = coins.begin(); it != coins.end(); ++it) {
        if (!(it->second.flags & COINS_DIRTY)) continue;
        const std::vector<uint8_t> key = CoinKey(it->first);
        if (it->second.coin.IsSpent()) {
            batch.Erase(DB_COIN, key);
            ++erased;
        } else {
            batch.Write(DB_COIN, key, Encode(it->second.coin));
            ++written;
        }
        if (batch.ApproximateSize() > m_batch_size) {
            LogDebug(BCLog::DB, "Writing partial batch of %.2f MiB", batch.ApproximateSize() / 1048576.0);
            storage::Status s = m_db.WriteBatch(batch, /*sync=*/false);
            if (!s.ok()) return s;
            batch.Clear();
            ++batches;
            if (m_crash_after_batches && batches >= *m_crash_after_batches) {
                return storage::Status::IOError("simulated crash during a multi-batch coins flush");
            }
        }
    }
    size_t records_written = 0, record_batches = 0;
    for (const auto& [key, entry] : records) {
        if (!(entry.flags & COINS_DIRTY)) continue;
        const std::span<const uint8_t> k{reinterpret_cast<const uint8_t*>(key.data()), key.size()};
        if (entry.value) {
            batch.Write(DB_RECORD, k, {reinterpret_cast<const uint8_t*>(entry.value->data()), entry.value->size()});
        } else {
            batch.Erase(DB_RECORD, k);
        }
        ++records_written;
        if (batch.ApproximateSize() > m_batch_size) {
            LogDebug(BCLog::DB, "Writing partial batch of %.2f MiB (registry records)", batch.ApproximateSize() / 1048576.0);
            storage::Status s = m_db.WriteBatch(batch, /*sync=*/false);
            if (!s.ok()) return s;
            batch.Clear();
            ++batches;
            if (m_kill_at_registry_batch && ++record_batches == *m_kill_at_registry_batch) {
                LogInfo("Killing the process after partial batch %zu of registry records (-testkillregistryflush)", record_batches);
                std::raise(SIGKILL);
            }
            if (m_crash_after_batches && batches >= *m_crash_after_batches) {
                return storage::Status::IOError("simulated crash during a multi-batch coins flush");
            }
        }
    }
    (void)erase; // entries are written from the maps; the caller clears them
    batch.Erase(DB_HEAD_BLOCKS, NO_KEY);
    batch.Write(DB_BEST_BLOCK, NO_KEY, best_block.span());
    LogDebug(BCLog::DB, "Committing %zu changed and %zu erased coins and %zu registry records to the coin database (%zu partial batches)",
             written, erased, records_written, batches);
    return m_db.WriteBatch(batch, /*sync=*/true);
}

std::unique_ptr<CoinsViewCursor> CoinsViewDB::Cursor() const
{
    return std::make_unique<CoinsDbCursor>(std::make_unique<MergedCursor>(std::vector<KeyChange>{}, m_db.NewIterator(DB_COIN)),
                                           GetBestBlock());
}

std::unique_ptr<CoinsViewCursor> CoinsViewDB::CursorWithChanges(const CoinsViewCache& cache) const
{
    std::vector<KeyChange> changes;
    cache.ForEachChangedCoin([&](const COutPoint& outpoint, const Coin& coin) {
        changes.push_back(KeyChange{AsString(CoinKey(outpoint)),
                                    coin.IsSpent() ? std::nullopt : std::optional<std::string>{AsString(Encode(coin))}});
    });
    return std::make_unique<CoinsDbCursor>(std::make_unique<MergedCursor>(std::move(changes), m_db.NewIterator(DB_COIN)),
                                           cache.GetBestBlock());
}

size_t CoinsViewDB::EstimateSize() const
{
    return static_cast<size_t>(m_db.EstimatePrefixSize(DB_COIN));
}

storage::StatusOr<CoinsStats> ComputeCoinsStats(const CoinsView& view, const std::function<bool()>& interrupt)
{
    std::unique_ptr<CoinsViewCursor> cursor = view.Cursor();
    if (!cursor) return storage::Status::InvalidArgument("this coins view cannot be iterated (use CoinsViewDB::CursorWithChanges)");
    return ComputeCoinsStats(*cursor, view.EstimateSize(), interrupt);
}

storage::StatusOr<CoinsStats> ComputeCoinsStats(CoinsViewCursor& cursor, uint64_t disk_size,
                                                const std::function<bool()>& interrupt)
{
    CoinsStats stats;
    stats.best_block = cursor.GetBestBlock();
    HashWriter hasher{TaggedHasher("DOTS/utxoset")};
    uint256 last_txid;
    bool first = true;
    for (; cursor.Valid(); cursor.Next()) {
        std::optional<CoinEntry> entry = cursor.Get();
        if (!entry) break;
        if (first || entry->outpoint.txid != last_txid) {
            ++stats.transactions;
            last_txid = entry->outpoint.txid;
            first = false;
        }
        ++stats.txouts;
        if (!MoneyRange(entry->coin.out.value) || !MoneyRange(stats.total_amount + entry->coin.out.value)) {
            return storage::Status::Corruption(StrFormat("UTXO set amount out of range at %s",
                                                         entry->outpoint.ToString().c_str()));
        }
        stats.total_amount += entry->coin.out.value;
        entry->outpoint.Serialize(hasher);
        WriteU32(hasher, entry->coin.height * 2 + (entry->coin.coinbase ? 1 : 0));
        entry->coin.out.Serialize(hasher);
        stats.bogosize += 32 + 4 + 4 + 8 + OutputLock::SERIALIZED_SIZE;
        if (interrupt && stats.txouts % 100 == 0 && interrupt()) {
            return storage::Status::IOError("UTXO set statistics interrupted");
        }
    }
    if (storage::Status s = cursor.status(); !s.ok()) return s;
    stats.hash_serialized = hasher.GetSHA256();
    stats.disk_size = disk_size;
    return stats;
}

} // namespace chainstate
