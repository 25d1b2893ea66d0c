// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <zmq/notifier.h>

#include <serialize.h>
#include <util/format.h>
#include <zmq/registry_events.h>

#include <algorithm>

namespace zmq {

namespace {
/** A hash as Bitcoin Core publishes it: display (reversed) byte order. */
std::vector<uint8_t> DisplayBytes(const uint256& hash)
{
    return std::vector<uint8_t>(hash.bytes().rbegin(), hash.bytes().rend());
}

std::span<const uint8_t> AsBytes(const std::string& s)
{
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
} // namespace

const std::vector<std::string>& Notifier::Topics()
{
    static const std::vector<std::string> topics{"hashblock", "hashtx", "rawblock", "rawtx", "sequence",
                                                 "registryhandle", "registrybinding", "registrynode",
                                                 "registrysettlement"};
    return topics;
}

util::Result<std::unique_ptr<Notifier>> Notifier::Create(const std::vector<PublishTarget>& targets)
{
    for (const PublishTarget& target : targets) {
        if (std::find(Topics().begin(), Topics().end(), target.topic) == Topics().end()) {
            return util::Error{"Unknown ZMQ topic " + target.topic};
        }
    }
    auto publisher = Publisher::Create(targets);
    if (!publisher) return util::Error{publisher.error()};
    return std::unique_ptr<Notifier>{new Notifier{std::move(*publisher)}};
}

void Notifier::UpdatedBlockTip(const chainstate::BlockIndex& new_tip, const chainstate::BlockIndex* fork,
                               bool initial_download)
{
    auto recent = std::move(m_recent);
    m_recent.clear();
    // As Bitcoin Core: nothing during initial download, nothing when blocks were only disconnected.
    if (initial_download || fork == &new_tip) return;
    m_publisher->Send("hashblock", DisplayBytes(new_tip.hash));
    if (m_publisher->Publishes("rawblock")) {
        const auto it = recent.find(new_tip.hash);
        if (it != recent.end()) m_publisher->Send("rawblock", Encode(*it->second));
    }
}

void Notifier::BlockConnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                              const chainstate::RecordDiff& changes)
{
    if (m_publisher->Publishes("rawblock")) m_recent[index.hash] = block;
    for (const CTransactionRef& tx : block->vtx) NotifyTransaction(*tx);
    Sequence(index.hash, 'C', std::nullopt);
    Registry(changes, index, /*connected=*/true);
}

void Notifier::BlockDisconnected(const std::shared_ptr<const CBlock>& /*block*/, const chainstate::BlockIndex& index,
                                 const chainstate::RecordDiff& changes)
{
    m_recent.erase(index.hash);
    Sequence(index.hash, 'D', std::nullopt);
    Registry(changes, index, /*connected=*/false);
}

void Notifier::TransactionAddedToMempool(const CTransactionRef& tx, uint64_t mempool_sequence)
{
    NotifyTransaction(*tx);
    Sequence(tx->GetTxid(), 'A', mempool_sequence);
}

void Notifier::TransactionRemovedFromMempool(const CTransactionRef& tx, validation::MempoolRemovalReason /*reason*/,
                                             uint64_t mempool_sequence)
{
    Sequence(tx->GetTxid(), 'R', mempool_sequence);
}

void Notifier::NotifyTransaction(const CTransaction& tx)
{
    m_publisher->Send("hashtx", DisplayBytes(tx.GetTxid()));
    if (m_publisher->Publishes("rawtx")) m_publisher->Send("rawtx", Encode(tx));
}

void Notifier::Sequence(const uint256& hash, char label, std::optional<uint64_t> mempool_sequence)
{
    if (!m_publisher->Publishes("sequence")) return;
    std::vector<uint8_t> body = DisplayBytes(hash);
    body.push_back(static_cast<uint8_t>(label));
    if (mempool_sequence) {
        for (int i = 0; i < 8; ++i) body.push_back(static_cast<uint8_t>(*mempool_sequence >> (8 * i)));
    }
    m_publisher->Send("sequence", body);
}

void Notifier::Registry(const chainstate::RecordDiff& changes, const chainstate::BlockIndex& index, bool connected)
{
    if (changes.changes.empty()) return;
    for (const RegistryEvent& event : RegistryEventsFromDiff(changes, index.hash.GetHex(), index.height, connected)) {
        m_publisher->Send(event.topic, AsBytes(event.json));
    }
}

} // namespace zmq
