// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/registry_indexer.h>

#include <chainstate/replay.h>
#include <util/format.h>
#include <util/logging.h>
#include <validation/chainstate_manager.h>

namespace node {

util::Result<std::unique_ptr<RegistryIndexer>> RegistryIndexer::Open(const std::filesystem::path& dir, size_t cache_bytes,
                                                                     validation::ChainstateManager& chainman,
                                                                     validation::ValidationSignals& signals)
{
    storage::DbOptions options;
    options.path = dir;
    options.name = "registry index";
    options.cache_bytes = cache_bytes;
    options.schema_version = chainstate::REGISTRY_INDEX_SCHEMA_VERSION;
    auto db = storage::DbWrapper::Open(options);
    if (!db.ok()) return util::Error{"Cannot open the registry index: " + db.status().ToString()};
    std::unique_ptr<RegistryIndexer> indexer{new RegistryIndexer{std::move(*db), signals}};
    // Listen first, then catch up under the chain lock: blocks connected meanwhile arrive as
    // events that Apply skips when the catch-up already covered them.
    signals.RegisterListener(*indexer);
    if (auto res = indexer->CatchUp(chainman); !res) return util::Error{res.error()};
    return indexer;
}

RegistryIndexer::RegistryIndexer(std::unique_ptr<storage::DbWrapper> db, validation::ValidationSignals& signals)
    : m_db{std::move(db)}, m_index{std::make_unique<chainstate::RegistryIndex>(*m_db)}, m_signals{signals}
{
}

RegistryIndexer::~RegistryIndexer()
{
    m_signals.UnregisterListener(*this);
}

util::Result<void> RegistryIndexer::CatchUp(validation::ChainstateManager& chainman)
{
    LOCK(chainman.GetMutex());
    auto best = m_index->GetBestBlock();
    if (!best.ok()) return util::Error{"registry index: " + best.status().ToString()};
    const chainstate::Chain& chain = chainman.ActiveChain();
    const chainstate::BlockIndex* at = best->IsNull() ? nullptr : chainman.LookupBlockIndex(*best);
    if (!best->IsNull() && at == nullptr) {
        LogWarning("registry index: its best block %s is unknown; rebuilding", best->GetHex().c_str());
        if (storage::Status s = m_index->Wipe(); !s.ok()) return util::Error{"registry index: " + s.ToString()};
    }
    const auto diff_of = [&](const chainstate::BlockIndex& index)
                             EXCLUSIVE_LOCKS_REQUIRED(chainman.GetMutex()) -> util::Result<chainstate::RecordDiff> {
        auto undo = chainman.BlockMan().ReadUndo(index);
        if (!undo.ok()) return util::Error{StrFormat("registry index: undo data of block %s: %s", index.hash.GetHex().c_str(),
                                                     undo.status().ToString().c_str())};
        auto diff = chainstate::ReadRecordDiff(*undo, index);
        if (!diff.ok()) return util::Error{"registry index: " + diff.status().ToString()};
        return std::move(*diff);
    };
    // Undo the blocks of a branch that left the active chain while the index was not listening.
    while (at != nullptr && !chain.Contains(at)) {
        auto diff = diff_of(*at);
        if (!diff) return util::Error{diff.error()};
        if (storage::Status s = m_index->ApplyBlock(*diff, at->height, at->hash, at->prev->hash, false); !s.ok()) {
            return util::Error{"registry index: " + s.ToString()};
        }
        at = at->prev;
    }
    const int from = at ? at->height + 1 : 1; // the genesis block has no undo data and no registry change
    if (from <= chain.Height()) LogInfo("registry index: indexing blocks %d to %d", from, chain.Height());
    for (int h = from; h <= chain.Height(); ++h) {
        const chainstate::BlockIndex& index = *chain[h];
        auto diff = diff_of(index);
        if (!diff) return util::Error{diff.error()};
        if (storage::Status s = m_index->ApplyBlock(*diff, h, index.hash, index.prev->hash, true); !s.ok()) {
            return util::Error{"registry index: " + s.ToString()};
        }
    }
    LOCK(m_mutex);
    m_best = chain.Tip() ? chain.Tip()->hash : uint256{};
    return {};
}

void RegistryIndexer::Apply(const chainstate::RecordDiff& changes, const chainstate::BlockIndex& index, bool forward)
{
    LOCK(m_mutex);
    const uint256 prev = index.prev ? index.prev->hash : uint256{};
    // Skip what the catch-up covered (events queued before it finished).
    if (forward ? m_best != prev : m_best != index.hash) return;
    if (storage::Status s = m_index->ApplyBlock(changes, index.height, index.hash, prev, forward); !s.ok()) {
        LogError("registry index: cannot %s block %s: %s; restart to rebuild it", forward ? "index" : "unindex",
                 index.hash.GetHex().c_str(), s.ToString().c_str());
        return;
    }
    m_best = forward ? index.hash : prev;
}

void RegistryIndexer::BlockConnected(const std::shared_ptr<const CBlock>&, const chainstate::BlockIndex& index,
                                     const chainstate::RecordDiff& changes)
{
    Apply(changes, index, /*forward=*/true);
}

void RegistryIndexer::BlockDisconnected(const std::shared_ptr<const CBlock>&, const chainstate::BlockIndex& index,
                                        const chainstate::RecordDiff& changes)
{
    Apply(changes, index, /*forward=*/false);
}

} // namespace node
