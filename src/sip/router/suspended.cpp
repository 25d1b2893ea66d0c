// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/router/suspended.h>

#include <util/logging.h>

#include <utility>

namespace sip {

struct SuspendedReplies::Shared {
    struct Done {
        TransactionId txn;
        std::string peer;
        SuspendedReply reply;
    };
    mutable Mutex mutex;
    std::vector<Done> done GUARDED_BY(mutex);
    std::function<void()> wake GUARDED_BY(mutex);
    size_t pending GUARDED_BY(mutex){0};
    bool closed GUARDED_BY(mutex){false};
};

void SuspendedReplies::Resume::operator()(SuspendedReply reply) const
{
    LOCK(m_shared->mutex);
    if (m_shared->closed) return;
    m_shared->done.push_back({m_txn, m_peer, std::move(reply)});
    // The wake-up is asked for once per batch; the lock orders it before Close() drops it.
    if (m_shared->done.size() == 1 && m_shared->wake) m_shared->wake();
}

SuspendedReplies::SuspendedReplies(std::string what) : m_what{std::move(what)}, m_shared{std::make_shared<Shared>()} {}

SuspendedReplies::~SuspendedReplies() { Close(); }

void SuspendedReplies::SetWake(std::function<void()> wake)
{
    LOCK(m_shared->mutex);
    m_shared->wake = std::move(wake);
}

SuspendedReplies::Resume SuspendedReplies::Suspend(TransactionId txn, std::string_view peer)
{
    {
        LOCK(m_shared->mutex);
        ++m_shared->pending;
    }
    return Resume{m_shared, txn, std::string{peer}};
}

size_t SuspendedReplies::Flush(TransactionLayer& layer)
{
    std::vector<Shared::Done> done;
    {
        LOCK(m_shared->mutex);
        done.swap(m_shared->done);
        m_shared->pending -= done.size();
    }
    size_t sent = 0;
    for (Shared::Done& d : done) {
        if (layer.Reply(d.txn, d.reply.code, d.reply.reason, layer.NewTag(), d.reply.extra_headers)) {
            ++sent;
        } else {
            LogDebug(BCLog::SIP, "%s from %s: the node's answer came after the transaction ended; not sent", m_what.c_str(), d.peer.c_str());
        }
    }
    return sent;
}

size_t SuspendedReplies::Pending() const
{
    LOCK(m_shared->mutex);
    return m_shared->pending;
}

void SuspendedReplies::Close()
{
    LOCK(m_shared->mutex);
    m_shared->closed = true;
    m_shared->wake = nullptr;
    m_shared->pending -= m_shared->done.size();
    m_shared->done.clear();
}

} // namespace sip
