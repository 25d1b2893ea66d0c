// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// mempool.dat: the pool across restarts (-persistmempool, savemempool).
//
//   payload := version:u64 = 1
//              n:CompactSize { tx:full-transaction time:i64 fee_delta:i64 }*   parents first
//              m:CompactSize { txid:32 delta:i64 }*      prioritisations of absent transactions
//
// in the checksummed, atomically replaced file of mempool/checked_file.h. Loading validates
// every transaction again against the chain as it is then, so a file from before a crash, a
// reorg or a long downtime only brings back what is still valid.

#include <mempool/mempool.h>

#include <mempool/checked_file.h>
#include <serialize.h>
#include <util/logging.h>

#include <algorithm>

namespace mempool {

namespace {
constexpr FileMagic MEMPOOL_FILE_MAGIC{'D', 'O', 'T', 'S', 'M', 'P', 'O', 'L'};
constexpr uint64_t MEMPOOL_DUMP_VERSION = 1;
constexpr size_t MAX_MEMPOOL_FILE_SIZE = size_t{2} << 30;

struct DumpEntry {
    CTransactionRef tx;
    int64_t time;
    CAmount delta;
    uint64_t ancestors;
};
} // namespace

util::Result<void> Mempool::Dump(const std::filesystem::path& path) const
{
    std::vector<DumpEntry> entries;
    {
        LOCK(m_pool->GetMutex());
        m_pool->ForEachLocked([&](const MempoolEntry& e) {
            entries.push_back(DumpEntry{e.GetSharedTx(), e.GetTime(), e.GetModifiedFee() - e.GetFee(),
                                        e.GetCountWithAncestors()});
        });
    }
    std::map<uint256, CAmount> deltas = m_pool->GetDeltas();
    // Fewer ancestors first: every parent comes before its children.
    std::sort(entries.begin(), entries.end(), [](const DumpEntry& a, const DumpEntry& b) {
        if (a.ancestors != b.ancestors) return a.ancestors < b.ancestors;
        return a.time < b.time;
    });
    ByteWriter w;
    WriteU64(w, MEMPOOL_DUMP_VERSION);
    WriteCompactSize(w, entries.size());
    for (const DumpEntry& e : entries) {
        e.tx->Serialize(w);
        WriteI64(w, e.time);
        WriteI64(w, e.delta);
        deltas.erase(e.tx->GetTxid());
    }
    WriteCompactSize(w, deltas.size());
    for (const auto& [txid, delta] : deltas) {
        WriteUint256(w, txid);
        WriteI64(w, delta);
    }
    if (auto res = WriteCheckedFile(path, MEMPOOL_FILE_MAGIC, w.buffer()); !res) return res;
    LogInfo("Dumped mempool: %u transactions to %s", (unsigned)entries.size(), path.c_str());
    return {};
}

util::Result<Mempool::LoadStats> Mempool::Load(const std::filesystem::path& path, const std::function<bool()>& interrupt)
{
    auto payload = ReadCheckedFile(path, MEMPOOL_FILE_MAGIC, MAX_MEMPOOL_FILE_SIZE);
    if (!payload) {
        SetLoaded();
        return util::Error{payload.error()};
    }
    return LoadPayload(*payload, path.string(), interrupt);
}

util::Result<Mempool::LoadStats> Mempool::LoadPayload(std::span<const uint8_t> payload, const std::string& name,
                                                      const std::function<bool()>& interrupt)
{
    LoadStats stats;
    ByteReader r{payload};
    const auto version = r.ReadU64("version");
    if (!version || *version != MEMPOOL_DUMP_VERSION) {
        SetLoaded();
        return util::Error{name + ": unknown version"};
    }
    const auto count = r.ReadCount(MAX_COMPACT_SIZE, 60, "transactions");
    const int64_t now = m_pool->Now();
    const int64_t expiry = m_pool->Options().expiry_seconds;
    for (uint64_t i = 0; count && i < *count; ++i) {
        if (interrupt && interrupt()) return util::Error{StrFormat("loading %s interrupted", name.c_str())};
        auto tx = CTransaction::Unserialize(r);
        const auto time = r.ReadI64("time");
        const auto delta = r.ReadI64("fee delta");
        if (!tx || !time || !delta) break;
        const CTransactionRef ptx = MakeTransactionRef(std::move(*tx));
        if (*time + expiry < now) {
            ++stats.expired;
            continue;
        }
        if (*delta != 0) m_pool->PrioritiseTransaction(ptx->GetTxid(), *delta);
        AcceptOptions options;
        options.accept_time = *time;
        const AcceptResult result = AcceptTransaction(ptx, options);
        if (result.IsValid()) {
            ++stats.accepted;
        } else if (result.state.GetRejectReason() == "txn-already-in-mempool") {
            ++stats.already_there;
        } else {
            ++stats.failed;
            if (*delta != 0) m_pool->PrioritiseTransaction(ptx->GetTxid(), -*delta);
        }
    }
    const auto deltas = r.ok() ? r.ReadCount(MAX_COMPACT_SIZE, 40, "deltas") : std::nullopt;
    for (uint64_t i = 0; deltas && i < *deltas; ++i) {
        const auto txid = r.ReadUint256("txid");
        const auto delta = r.ReadI64("delta");
        if (!txid || !delta) break;
        m_pool->PrioritiseTransaction(*txid, *delta);
    }
    SetLoaded();
    if (!r.ok() || !r.empty()) {
        return util::Error{StrFormat("%s: malformed after %u transactions (%s)", name.c_str(), (unsigned)stats.accepted,
                                     r.ok() ? "trailing data" : r.failure().what)};
    }
    LogInfo("Imported mempool transactions from %s: %u succeeded, %u failed, %u expired, %u already there",
            name.c_str(), (unsigned)stats.accepted, (unsigned)stats.failed, (unsigned)stats.expired,
            (unsigned)stats.already_there);
    return stats;
}

} // namespace mempool
