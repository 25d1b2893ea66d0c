// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_VALIDATION_NOTIFICATIONS_H
#define DOTS_VALIDATION_NOTIFICATIONS_H

/**
 * Validation notifications, as Bitcoin Core's CValidationInterface and ValidationSignals: other
 * parts of the node (the mempool, ZMQ, the SIP router's chain snapshot, the wallet) learn that
 * blocks were connected or disconnected, that the tip moved, and that transactions entered or
 * left the mempool, without polling and without holding the chain lock.
 *
 * A listener derives from ValidationInterface, overrides the callbacks it wants and registers
 * with the node's ValidationSignals. The producers (ChainstateManager; later the mempool) call
 * the emitters of ValidationSignals while they hold their own lock, so events are queued in the
 * order the state changed; one background thread delivers them in that order, to every
 * listener registered at delivery time, with no lock of the producer held. A reorg therefore
 * reads: BlockDisconnected for each block from the old tip down, BlockConnected for each block
 * of the new branch oldest first, then one UpdatedBlockTip.
 *
 * Because delivery is asynchronous, a callback sees the event as it was, not the chain now:
 * the chain may have moved on. SyncWithQueue() (Bitcoin Core's
 * SyncWithValidationInterfaceQueue) waits until everything queued before it was delivered; RPCs
 * and tests use it to observe the effects of a block they just submitted.
 *
 * BlockIndex pointers stay valid while the ChainstateManager lives (the node stops this queue
 * before it destroys the chainstate). Without the chain lock a callback may read only the
 * fields of a BlockIndex that never change: hash, height, prev, the header fields and
 * chain_work (and walk prev / GetAncestor).
 *
 * Thread-safety: everything here is thread-safe. Callbacks run on the notification thread, one
 * at a time; they must not call SyncWithQueue() (that would wait for itself) and should be
 * quick: a slow listener delays every later event, for every listener.
 */

#include <chainstate/blockindex.h>
#include <chainstate/registry_store.h>
#include <primitives/block.h>
#include <primitives/transaction.h>
#include <util/sync.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace validation {

/** Why a transaction left the mempool (Bitcoin Core's MemPoolRemovalReason). */
enum class MempoolRemovalReason {
    EXPIRY,    //!< older than -mempoolexpiry
    SIZELIMIT, //!< evicted by fee rate at -maxmempool
    REORG,     //!< no longer valid after a reorg (e.g. spends a coinbase that became immature)
    BLOCK,     //!< included in a connected block
    CONFLICT,  //!< spends or touches what a connected block spent or registered
    REPLACED,  //!< replaced by a higher-fee or higher-total version
};

/** The lower-case name Bitcoin Core uses ("expiry", "sizelimit", "reorg", "block", "conflict", "replaced"). */
std::string RemovalReasonToString(MempoolRemovalReason reason);

/**
 * A listener. Every callback has an empty default; override those you need. Callbacks run on
 * the notification thread (see the file comment), never with the chain lock held.
 */
class ValidationInterface
{
public:
    virtual ~ValidationInterface() = default;

    /**
     * The active tip changed to `new_tip`. `fork` is the last block the old and the new chain
     * share (nullptr at the first tip after start-up); equal to the old tip when the chain only
     * grew. `initial_download` as ChainstateManager::IsInitialBlockDownload() at that moment.
     * Sent once per activation, after its BlockDisconnected/BlockConnected events.
     */
    virtual void UpdatedBlockTip(const chainstate::BlockIndex& new_tip, const chainstate::BlockIndex* fork,
                                 bool initial_download) {}
    /**
     * `block` (at `index`) became the tip. `changes` are its registry changes: for each record
     * key the block changed, the value before and after it (the record diff of its undo data).
     */
    virtual void BlockConnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                                const chainstate::RecordDiff& changes) {}
    /**
     * `block` (at `index`) was disconnected from the tip; its registry `changes` were undone
     * (each key is back at its `before` value).
     */
    virtual void BlockDisconnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                                   const chainstate::RecordDiff& changes) {}
    /** `tx` entered the mempool; `mempool_sequence` numbers mempool changes (ZMQ "sequence"). */
    virtual void TransactionAddedToMempool(const CTransactionRef& tx, uint64_t mempool_sequence) {}
    /** `tx` left the mempool for `reason` (BLOCK removals are also implied by BlockConnected). */
    virtual void TransactionRemovedFromMempool(const CTransactionRef& tx, MempoolRemovalReason reason,
                                               uint64_t mempool_sequence) {}
};

/**
 * The listener registry and the queue that delivers to it. The node owns one (NodeContext),
 * created before the chainstate and stopped after the last producer stopped and before the
 * chainstate is destroyed.
 */
class ValidationSignals
{
public:
    /** Starts the notification thread. */
    ValidationSignals();
    /** Stop(). */
    ~ValidationSignals();
    ValidationSignals(const ValidationSignals&) = delete;
    ValidationSignals& operator=(const ValidationSignals&) = delete;

    /**
     * Adds `listener` (not owned): it receives every event delivered from now on, including
     * events queued before this call that were not delivered yet. Registering twice is a no-op.
     */
    void RegisterListener(ValidationInterface& listener) LOCKS_EXCLUDED(m_mutex);
    /**
     * Removes `listener`. When this returns, no callback of `listener` runs or will run, so it
     * may be destroyed; if one is running on the notification thread, this waits for it to
     * return (unless called from that callback itself). Must not be called while holding a
     * lock that the listener's callbacks take. Unknown listeners are ignored.
     */
    void UnregisterListener(ValidationInterface& listener) LOCKS_EXCLUDED(m_mutex);

    /**
     * Waits until every event queued before the call has been delivered. Returns at once after
     * Stop(). Must not be called from a callback, nor with a lock held that a listener takes
     * (e.g. the chain lock).
     */
    void SyncWithQueue() LOCKS_EXCLUDED(m_mutex);

    /**
     * Back-pressure for producers (Bitcoin Core's LimitValidationInterfaceQueue): if more than
     * `max_pending` events wait, waits until the queue is empty, so that a slow listener cannot
     * make queued blocks pile up in memory. Call without any lock held (ProcessNewBlock does,
     * before it takes the chain lock). A no-op from a callback.
     */
    void LimitQueue(size_t max_pending = DEFAULT_MAX_PENDING) LOCKS_EXCLUDED(m_mutex);
    static constexpr size_t DEFAULT_MAX_PENDING = 10;

    /**
     * Delivers every queued event, then ends the notification thread. Events emitted afterwards
     * are dropped. Idempotent; called by the destructor. Not from a callback.
     */
    void Stop() LOCKS_EXCLUDED(m_mutex);

    /** Number of events queued and not yet delivered (for tests and getmempoolinfo-like stats). */
    size_t QueueSize() const LOCKS_EXCLUDED(m_mutex);

    // ---- Emitters: called by the producers (under their lock); each queues one event. ----
    void UpdatedBlockTip(const chainstate::BlockIndex& new_tip, const chainstate::BlockIndex* fork, bool initial_download)
        LOCKS_EXCLUDED(m_mutex);
    void BlockConnected(std::shared_ptr<const CBlock> block, const chainstate::BlockIndex& index,
                        chainstate::RecordDiff changes) LOCKS_EXCLUDED(m_mutex);
    void BlockDisconnected(std::shared_ptr<const CBlock> block, const chainstate::BlockIndex& index,
                           chainstate::RecordDiff changes) LOCKS_EXCLUDED(m_mutex);
    void TransactionAddedToMempool(CTransactionRef tx, uint64_t mempool_sequence) LOCKS_EXCLUDED(m_mutex);
    void TransactionRemovedFromMempool(CTransactionRef tx, MempoolRemovalReason reason, uint64_t mempool_sequence)
        LOCKS_EXCLUDED(m_mutex);

private:
    using Event = std::function<void(ValidationInterface&)>;

    void Enqueue(Event event) LOCKS_EXCLUDED(m_mutex);
    void Run() LOCKS_EXCLUDED(m_mutex);
    bool IsRegistered(const ValidationInterface* listener) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);

    mutable Mutex m_mutex;
    /** Signalled when an event is queued, delivered, or a callback returns, and at Stop. */
    std::condition_variable m_cv;
    std::deque<Event> m_queue GUARDED_BY(m_mutex);
    std::vector<ValidationInterface*> m_listeners GUARDED_BY(m_mutex);
    /** The listener whose callback runs now, if any. */
    const ValidationInterface* m_delivering GUARDED_BY(m_mutex){nullptr};
    uint64_t m_queued GUARDED_BY(m_mutex){0};    //!< events queued since start
    uint64_t m_delivered GUARDED_BY(m_mutex){0}; //!< events fully delivered since start
    bool m_stopping GUARDED_BY(m_mutex){false};
    /** Serializes joining m_thread (Stop may be called from two threads). */
    Mutex m_join_mutex;
    std::thread m_thread GUARDED_BY(m_join_mutex);
    std::thread::id m_thread_id GUARDED_BY(m_mutex);
};

} // namespace validation

#endif // DOTS_VALIDATION_NOTIFICATIONS_H
