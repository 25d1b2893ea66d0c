// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_REGISTRY_INDEXER_H
#define DOTS_NODE_REGISTRY_INDEXER_H

/**
 * Keeps the optional registry index (-registryindex, chainstate/registry_index.h) in step with the
 * active chain: at start it catches up from the index's best block (undoing blocks of a branch
 * that left the chain, then applying every later block of the active chain, from their undo
 * data), then it listens to validation notifications (validation/notifications.h) and applies
 * each connected or disconnected block's registry changes.
 *
 * Thread-safety: Open runs on the init thread; the callbacks run on the notification thread; the
 * queries (Index()) read the database, which is thread-safe. RPCs call
 * ValidationSignals::SyncWithQueue() first to see the index at the tip.
 */

#include <chainstate/registry_index.h>
#include <storage/dbwrapper.h>
#include <util/result.h>
#include <util/sync.h>
#include <validation/notifications.h>

#include <filesystem>
#include <memory>

namespace validation { class ChainstateManager; }

namespace node {

class RegistryIndexer final : public validation::ValidationInterface
{
public:
    /**
     * Opens (or creates) the index database in `dir`, catches it up with `chainman`'s active chain
     * and registers with `signals` (which must outlive the indexer, or be stopped first).
     * Errors: the database cannot be opened, undo data cannot be read.
     */
    static util::Result<std::unique_ptr<RegistryIndexer>> Open(const std::filesystem::path& dir, size_t cache_bytes,
                                                                validation::ChainstateManager& chainman,
                                                                validation::ValidationSignals& signals);
    ~RegistryIndexer() override;

    const chainstate::RegistryIndex& Index() const { return *m_index; }

    void BlockConnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                        const chainstate::RecordDiff& changes) override;
    void BlockDisconnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                           const chainstate::RecordDiff& changes) override;

private:
    RegistryIndexer(std::unique_ptr<storage::DbWrapper> db, validation::ValidationSignals& signals);
    /** Brings the index to the active tip from the undo data (under the chain lock). */
    util::Result<void> CatchUp(validation::ChainstateManager& chainman);
    void Apply(const chainstate::RecordDiff& changes, const chainstate::BlockIndex& index, bool forward);

    std::unique_ptr<storage::DbWrapper> m_db;
    std::unique_ptr<chainstate::RegistryIndex> m_index;
    validation::ValidationSignals& m_signals;
    Mutex m_mutex;
    uint256 m_best GUARDED_BY(m_mutex); //!< the index's best block
};

} // namespace node

#endif // DOTS_NODE_REGISTRY_INDEXER_H
