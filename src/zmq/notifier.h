// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_ZMQ_NOTIFIER_H
#define DOTS_ZMQ_NOTIFIER_H

/**
 * The ZMQ notifications (-zmqpub<topic>=<address>): a listener of the validation notifications
 * that publishes Bitcoin Core's topics and the registry's (doc/zmq.md):
 *
 *   hashblock, rawblock  the new tip after each activation (not during initial block download,
 *                        not when blocks were only disconnected): hash in display byte order /
 *                        the serialized block
 *   hashtx, rawtx        each transaction entering the mempool and each transaction of a
 *                        connected block
 *   sequence             <hash:32 display order><label:1>[<mempool sequence:8 LE>]: 'C' block
 *                        connected, 'D' disconnected, 'A' transaction added to the mempool,
 *                        'R' removed (not for inclusion in a block), A and R with the mempool's
 *                        change number
 *   registry*            registry_events.h, one JSON object per change, as blocks connect and
 *                        disconnect
 *
 * Events arrive in the chain's order (validation/notifications.h), so a subscriber sees a
 * reorg as D for each block from the old tip down, C for each new block oldest first, then the
 * new hashblock. Callbacks run on the notification thread, the only thread that sends.
 */

#include <validation/notifications.h>
#include <zmq/publisher.h>

#include <map>
#include <memory>

namespace zmq {

class Notifier : public validation::ValidationInterface
{
public:
    /** Binds the targets' sockets. Errors: an address that does not bind, an unknown topic. */
    static util::Result<std::unique_ptr<Notifier>> Create(const std::vector<PublishTarget>& targets);

    const std::vector<PublishTarget>& Targets() const { return m_publisher->Targets(); }

    void UpdatedBlockTip(const chainstate::BlockIndex& new_tip, const chainstate::BlockIndex* fork,
                         bool initial_download) override;
    void BlockConnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                        const chainstate::RecordDiff& changes) override;
    void BlockDisconnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                           const chainstate::RecordDiff& changes) override;
    void TransactionAddedToMempool(const CTransactionRef& tx, uint64_t mempool_sequence) override;
    void TransactionRemovedFromMempool(const CTransactionRef& tx, validation::MempoolRemovalReason reason,
                                       uint64_t mempool_sequence) override;

    /** The topics -zmqpub<topic> accepts. */
    static const std::vector<std::string>& Topics();

private:
    explicit Notifier(std::unique_ptr<Publisher> publisher) : m_publisher{std::move(publisher)} {}
    void NotifyTransaction(const CTransaction& tx);
    void Sequence(const uint256& hash, char label, std::optional<uint64_t> mempool_sequence);
    void Registry(const chainstate::RecordDiff& changes, const chainstate::BlockIndex& index, bool connected);

    std::unique_ptr<Publisher> m_publisher;
    /** Blocks connected since the last tip update, for rawblock (notification thread only). */
    std::map<uint256, std::shared_ptr<const CBlock>> m_recent;
};

} // namespace zmq

#endif // DOTS_ZMQ_NOTIFIER_H
