// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_REGISTRY_DIRECTORY_H
#define DOTS_NODE_REGISTRY_DIRECTORY_H

/**
 * RegistryDirectory: the SIP router's view of the chain (interfaces::ChainDirectory) over the
 * registry, as an immutable snapshot of the handle and node records at the active tip that
 * validation notifications keep current (doc/sip.md "How the router reads the chain").
 *
 * Lookups never take the chain lock and never read the database: they load the current snapshot
 * (a std::shared_ptr<const Snapshot> copied under m_mutex, held for two pointer copies) and read
 * it. The snapshot is built in full once (Load / LoadFromChain: every 'h' and 'n' record), then
 * each BlockConnected / BlockDisconnected applies the block's record diff, which the
 * notification carries (the values after the block, or after its undo): nothing is re-read from
 * the chainstate, so the snapshot is exactly the state of the notified block even when the
 * chain moved on since.
 *
 * Why shards: the records are kept in HANDLE_SHARDS maps (by a hash of the handle) and
 * NODE_SHARDS maps (by the first byte of the node key), each a shared_ptr<const map>. A block
 * copies the snapshot's arrays of pointers and only the shards it touches (copy-on-write), so a
 * block costs its own changes times a shard's size (handles / 4096) plus the pointer arrays,
 * instead of the registry size, and a lookup is one find() in one small map. A persistent tree
 * would cost a log factor of pointer chasing per lookup and more code; one map per table would
 * copy the whole registry per block. Measured (doc/benchmarks.md "Registry"): with 100,000
 * handles a block changing 100 of them costs 0.4 ms with 4,096 handle shards, 9.5 ms with 256.
 * The gateway index (interfaces::GatewayIndex) is rebuilt from the nodes only when a block
 * changes a node that announces (or announced) a prefix: rare, and O(nodes).
 *
 * Heights: the snapshot's `height` is its tip's. A handle is found while !IsExpired(height + 1)
 * (the next block's height, at which an expired handle can be registered again); a node's `rate`
 * is RateAt() at the start of the settlement epoch of height + 1, as wallet::Wallet::SignVoucher
 * prices a voucher of the current epoch by default, so a router and its vouchers agree.
 *
 * Local node keys (IsLocalNode) are the node keys of the loaded wallets, read through a callback
 * at Load, at every UpdatedBlockTip and at RefreshLocalNodes() (dotsd calls it once its wallets
 * are loaded). A wallet loaded or a node added at runtime is therefore seen at the next block.
 *
 * Thread-safety: every method is thread-safe. Lookups and ReportPresence take only short
 * internal mutexes (m_mutex for a pointer copy, m_presence_mutex for one set insert or erase).
 * The callbacks run on the notification thread; Load and LoadFromChain on the caller's.
 */

#include <chainstate/registry_store.h>
#include <consensus/params.h>
#include <consensus/registry_state.h>
#include <interfaces/chain_directory.h>
#include <interfaces/gateway_index.h>
#include <primitives/uint256.h>
#include <util/result.h>
#include <util/sync.h>
#include <validation/notifications.h>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace validation { class ChainstateManager; }
namespace wallet { class WalletContext; }

namespace node {

/** Figures of the snapshot, for getsipinfo's "directory" object. */
struct DirectoryStats {
    int32_t height{-1};     //!< the snapshot's tip height (-1: not loaded)
    size_t handles{0};      //!< handle records at the tip (expired ones included until the registry erases them)
    size_t nodes{0};        //!< node records (deregistered ones included)
    size_t online_here{0};  //!< handles the SIP layer reported online at this node
};

class RegistryDirectory final : public interfaces::ChainDirectory, public validation::ValidationInterface
{
public:
    /** Shards of the handle table and of the node table (see the file comment). */
    static constexpr size_t HANDLE_SHARDS{4096};
    static constexpr size_t NODE_SHARDS{256};

    /** The node keys of the loaded wallets (called outside every lock of the directory). */
    using LocalKeys = std::function<std::vector<consensus::Key>()>;
    /** Calls `fn(key, value)` for every record whose key starts with `prefix`, in key order,
     *  until `fn` returns false; returns an error message or "" (ListRegistryRecords' shape). */
    using RecordLister = std::function<std::string(const std::string& prefix,
                                                   const std::function<bool(const std::string& key, const std::string& value)>& fn)>;

    /**
     * An empty directory (height -1: nothing is found) priced with `params`. `local_keys` may be
     * empty (no wallet: IsLocalNode is always false). `chainman`, if set, must outlive the
     * directory: it is read by LoadFromChain, and by a callback to rebuild the snapshot in full if
     * a notification does not follow on from it (which registering before loading prevents).
     */
    RegistryDirectory(const consensus::RegistryParams& params, LocalKeys local_keys,
                      validation::ChainstateManager* chainman = nullptr);
    /** Unregisters from the validation signals if SetSignals gave them. */
    ~RegistryDirectory() override;
    RegistryDirectory(const RegistryDirectory&) = delete;
    RegistryDirectory& operator=(const RegistryDirectory&) = delete;

    /**
     * Replaces the snapshot with the 'h' and 'n' records `list` gives, as the state of block
     * `tip` at `height`, and reads the local node keys. Errors: the lister's error, or a record
     * that does not decode (the key is named); the previous snapshot is kept then.
     */
    util::Result<void> Load(int32_t height, const uint256& tip, const RecordLister& list) LOCKS_EXCLUDED(m_mutex, m_write_mutex);

    /**
     * Load from the constructor's ChainstateManager at its active tip. The records are listed
     * without the chain lock (ListRegistryRecords), so the tip is read before and after and the
     * listing is repeated (up to 5 times) while it moved. Errors: no ChainstateManager, no tip,
     * the database, a record that does not decode, or a tip that kept moving.
     * Register the directory with the validation signals first, so no block is missed.
     */
    util::Result<void> LoadFromChain() LOCKS_EXCLUDED(m_mutex, m_write_mutex);

    /**
     * Applies block `hash` at `height` on `prev_hash` with its record diff, connected (the
     * `after` values) or disconnected (the `before` values: the snapshot moves to `prev_hash` at
     * height - 1). Returns false, changing nothing, if the block does not follow on from the
     * snapshot (connected: `prev_hash` is not its tip; disconnected: `hash` is not its tip): an
     * event older than the loaded snapshot; or if nothing was loaded yet. Errors are not possible: a value that does not decode
     * is logged and the record dropped.
     */
    bool ApplyBlock(const chainstate::RecordDiff& diff, bool connected, int32_t height, const uint256& hash,
                    const uint256& prev_hash) LOCKS_EXCLUDED(m_mutex, m_write_mutex);

    /** Reads the local node keys again (after wallets were loaded). */
    void RefreshLocalNodes() LOCKS_EXCLUDED(m_mutex, m_write_mutex);

    /** The snapshot's height, record counts and online handles. Never blocks for long. */
    DirectoryStats Stats() const LOCKS_EXCLUDED(m_mutex, m_presence_mutex);

    /** The handles reported online at this node (for the presence gossip), sorted. */
    std::vector<std::string> OnlineHandles() const LOCKS_EXCLUDED(m_presence_mutex);

    // interfaces::ChainDirectory (see there). Lookups read the snapshot only.
    std::optional<interfaces::HandleRecord> LookupHandle(std::string_view handle) const override LOCKS_EXCLUDED(m_mutex);
    std::optional<interfaces::NodeRecord> LookupNode(const interfaces::NodeId& id) const override LOCKS_EXCLUDED(m_mutex);
    std::vector<interfaces::NodeRecord> LookupGateways(std::string_view e164_number) const override LOCKS_EXCLUDED(m_mutex);
    bool IsLocalNode(const interfaces::NodeId& id) const override LOCKS_EXCLUDED(m_mutex);
    /** Adds the handle to (online) or removes it from (offline) the set of handles online here. */
    void ReportPresence(const interfaces::PresenceReport& report) override LOCKS_EXCLUDED(m_presence_mutex);

    /** Unregisters from `signals` in the destructor (MakeRegistryDirectory sets it). */
    void SetSignals(validation::ValidationSignals* signals) { m_signals = signals; }

    // validation::ValidationInterface (notification thread).
    void BlockConnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                        const chainstate::RecordDiff& changes) override LOCKS_EXCLUDED(m_mutex);
    void BlockDisconnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                           const chainstate::RecordDiff& changes) override LOCKS_EXCLUDED(m_mutex);
    void UpdatedBlockTip(const chainstate::BlockIndex& new_tip, const chainstate::BlockIndex* fork, bool initial_download) override
        LOCKS_EXCLUDED(m_mutex);

private:
    using HandleShard = std::map<std::string, consensus::HandleRecord, std::less<>>;
    using NodeShard = std::map<consensus::Key, consensus::NodeRecord>;

    /** One immutable state of the directory; shards are shared between successive snapshots. */
    struct Snapshot {
        bool loaded{false}; //!< false until the first Load: notifications are not applied before
        int32_t height{-1};
        uint256 tip;
        std::array<std::shared_ptr<const HandleShard>, HANDLE_SHARDS> handles;
        std::array<std::shared_ptr<const NodeShard>, NODE_SHARDS> nodes;
        std::shared_ptr<const interfaces::GatewayIndex> gateways;
        std::shared_ptr<const std::set<consensus::Key>> local;
        size_t handle_count{0};
        size_t node_count{0};
    };

    static size_t HandleShardOf(std::string_view handle);
    static size_t NodeShardOf(const consensus::Key& key) { return key[0] % NODE_SHARDS; }
    /** The gateway index of every node of `snap` that announces a prefix. */
    static std::shared_ptr<const interfaces::GatewayIndex> BuildGateways(const Snapshot& snap);
    interfaces::NodeRecord ToInterface(const consensus::NodeRecord& rec, int32_t tip_height) const;
    std::shared_ptr<const Snapshot> Current() const LOCKS_EXCLUDED(m_mutex);
    void Publish(std::shared_ptr<const Snapshot> snap) EXCLUSIVE_LOCKS_REQUIRED(m_write_mutex) LOCKS_EXCLUDED(m_mutex);
    std::shared_ptr<const std::set<consensus::Key>> ReadLocalKeys() const;

    const consensus::RegistryParams m_params;
    const LocalKeys m_local_keys;
    validation::ChainstateManager* const m_chainman;
    validation::ValidationSignals* m_signals{nullptr};

    /** Guards only the pointer: readers copy it, the notification thread (or Load) replaces it. */
    mutable Mutex m_mutex;
    std::shared_ptr<const Snapshot> m_snapshot GUARDED_BY(m_mutex);
    /** Serializes writers (Load, ApplyBlock, RefreshLocalNodes), never held by a lookup. */
    Mutex m_write_mutex;

    mutable Mutex m_presence_mutex;
    std::set<std::string, std::less<>> m_online GUARDED_BY(m_presence_mutex);
};

/**
 * dotsd's directory: over `chainman` (priced with its registry parameters), with the node keys of
 * the wallets of `wallets` (may be null: -disablewallet) as local nodes. Registers it with
 * `signals` first, then loads it at the active tip, so no block is missed; it unregisters itself
 * when destroyed (`signals` must outlive it; destroy it after the SIP service stopped).
 * Errors: LoadFromChain's (the directory is unregistered and destroyed).
 */
util::Result<std::unique_ptr<RegistryDirectory>> MakeRegistryDirectory(validation::ChainstateManager& chainman,
                                                                       validation::ValidationSignals& signals,
                                                                       wallet::WalletContext* wallets);

} // namespace node

#endif // DOTS_NODE_REGISTRY_DIRECTORY_H
