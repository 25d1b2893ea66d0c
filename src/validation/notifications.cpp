// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <validation/notifications.h>

#include <util/logging.h>

#include <algorithm>
#include <cassert>

namespace validation {

std::string RemovalReasonToString(MempoolRemovalReason reason)
{
    switch (reason) {
    case MempoolRemovalReason::EXPIRY: return "expiry";
    case MempoolRemovalReason::SIZELIMIT: return "sizelimit";
    case MempoolRemovalReason::REORG: return "reorg";
    case MempoolRemovalReason::BLOCK: return "block";
    case MempoolRemovalReason::CONFLICT: return "conflict";
    case MempoolRemovalReason::REPLACED: return "replaced";
    }
    return "unknown";
}

ValidationSignals::ValidationSignals()
{
    LOCK(m_mutex);
    LOCK(m_join_mutex);
    m_thread = std::thread{[this] { Run(); }};
    m_thread_id = m_thread.get_id();
}

ValidationSignals::~ValidationSignals()
{
    Stop();
}

bool ValidationSignals::IsRegistered(const ValidationInterface* listener) const
{
    return std::find(m_listeners.begin(), m_listeners.end(), listener) != m_listeners.end();
}

void ValidationSignals::RegisterListener(ValidationInterface& listener)
{
    LOCK(m_mutex);
    if (!IsRegistered(&listener)) m_listeners.push_back(&listener);
}

void ValidationSignals::UnregisterListener(ValidationInterface& listener)
{
    UniqueLock lock{m_mutex};
    std::erase(m_listeners, &listener);
    // From its own callback the listener is running on this thread: waiting would never end.
    if (std::this_thread::get_id() == m_thread_id) return;
    m_cv.wait(lock.native(), [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return m_delivering != &listener; });
}

void ValidationSignals::SyncWithQueue()
{
    UniqueLock lock{m_mutex};
    assert(std::this_thread::get_id() != m_thread_id); // a callback would wait for itself
    const uint64_t target = m_queued;
    m_cv.wait(lock.native(), [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return m_delivered >= target; });
}

void ValidationSignals::LimitQueue(size_t max_pending)
{
    {
        LOCK(m_mutex);
        if (m_queue.size() <= max_pending || std::this_thread::get_id() == m_thread_id) return;
    }
    SyncWithQueue();
}

void ValidationSignals::Stop()
{
    {
        LOCK(m_mutex);
        assert(std::this_thread::get_id() != m_thread_id); // a callback cannot join its own thread
        m_stopping = true;
    }
    m_cv.notify_all();
    LOCK(m_join_mutex);
    if (m_thread.joinable()) m_thread.join();
}

size_t ValidationSignals::QueueSize() const
{
    LOCK(m_mutex);
    return m_queue.size();
}

void ValidationSignals::Enqueue(Event event)
{
    {
        LOCK(m_mutex);
        if (m_stopping) {
            LogDebug(BCLog::VALIDATION, "Validation notification dropped: the notification queue is stopped");
            return;
        }
        m_queue.push_back(std::move(event));
        ++m_queued;
    }
    m_cv.notify_all();
}

void ValidationSignals::Run()
{
    UniqueLock lock{m_mutex};
    while (true) {
        m_cv.wait(lock.native(), [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return m_stopping || !m_queue.empty(); });
        if (m_queue.empty()) break; // stopping, and everything is delivered
        const Event event = std::move(m_queue.front());
        m_queue.pop_front();
        // The listeners registered now; one unregistered while an earlier one runs is skipped.
        const std::vector<ValidationInterface*> listeners = m_listeners;
        for (ValidationInterface* listener : listeners) {
            if (!IsRegistered(listener)) continue;
            m_delivering = listener;
            lock.native().unlock();
            event(*listener);
            lock.native().lock();
            m_delivering = nullptr;
            m_cv.notify_all(); // an UnregisterListener may wait for this callback
        }
        ++m_delivered;
        m_cv.notify_all(); // SyncWithQueue
    }
}

void ValidationSignals::UpdatedBlockTip(const chainstate::BlockIndex& new_tip, const chainstate::BlockIndex* fork,
                                        bool initial_download)
{
    Enqueue([tip = &new_tip, fork, initial_download](ValidationInterface& l) { l.UpdatedBlockTip(*tip, fork, initial_download); });
}

void ValidationSignals::BlockConnected(std::shared_ptr<const CBlock> block, const chainstate::BlockIndex& index,
                                       chainstate::RecordDiff changes)
{
    auto shared_changes = std::make_shared<const chainstate::RecordDiff>(std::move(changes));
    Enqueue([block = std::move(block), index = &index, changes = std::move(shared_changes)](ValidationInterface& l) {
        l.BlockConnected(block, *index, *changes);
    });
}

void ValidationSignals::BlockDisconnected(std::shared_ptr<const CBlock> block, const chainstate::BlockIndex& index,
                                          chainstate::RecordDiff changes)
{
    auto shared_changes = std::make_shared<const chainstate::RecordDiff>(std::move(changes));
    Enqueue([block = std::move(block), index = &index, changes = std::move(shared_changes)](ValidationInterface& l) {
        l.BlockDisconnected(block, *index, *changes);
    });
}

void ValidationSignals::TransactionAddedToMempool(CTransactionRef tx, uint64_t mempool_sequence)
{
    Enqueue([tx = std::move(tx), mempool_sequence](ValidationInterface& l) { l.TransactionAddedToMempool(tx, mempool_sequence); });
}

void ValidationSignals::TransactionRemovedFromMempool(CTransactionRef tx, MempoolRemovalReason reason,
                                                      uint64_t mempool_sequence)
{
    Enqueue([tx = std::move(tx), reason, mempool_sequence](ValidationInterface& l) {
        l.TransactionRemovedFromMempool(tx, reason, mempool_sequence);
    });
}

} // namespace validation
