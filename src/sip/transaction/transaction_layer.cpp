// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// TransactionLayer: construction, dispatch of incoming messages, timers and bookkeeping.
// The server and client state machines are in server_transaction.cpp and client_transaction.cpp.

#include <sip/transaction/transaction_layer.h>

#include <crypto/random.h>
#include <sip/transaction/messages.h>
#include <util/logging.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <vector>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace sip {

std::string_view TxnStateName(TxnState state)
{
    switch (state) {
    case TxnState::CALLING: return "Calling";
    case TxnState::TRYING: return "Trying";
    case TxnState::PROCEEDING: return "Proceeding";
    case TxnState::COMPLETED: return "Completed";
    case TxnState::CONFIRMED: return "Confirmed";
    case TxnState::ACCEPTED: return "Accepted";
    case TxnState::TERMINATED: return "Terminated";
    }
    return "?";
}

uint16_t ClientFailureStatus(ClientFailure failure)
{
    return failure == ClientFailure::TIMEOUT ? 408 : 503;
}

std::string_view ClientTransaction::Branch() const
{
    const Via* via = HasRequest() ? Request().TopVia() : nullptr;
    return via ? via->branch : std::string_view{};
}

TransactionLayer::TransactionLayer(SipTransport& transport, TimerDriver& timers, TransactionUser& user, TransactionConfig config)
    : m_transport{transport}, m_timers{timers}, m_user{user}, m_config{config}, m_branch_salt{GetRandUint64()}
{
    if (m_config.non_invite_user_timeout_ms <= 0) m_config.non_invite_user_timeout_ms = 64 * m_config.t1_ms;
    m_scratch.reserve(256);
    m_timers.SetHandler([this] { ProcessTimers(); });
}

TransactionLayer::~TransactionLayer()
{
    m_timers.SetHandler(nullptr);
    m_timers.Disarm();
    std::vector<Transaction*> all;
    all.reserve(m_server.Size() + m_client.Size());
    for (const Index* index : {&m_server, &m_client}) {
        index->ForEach([&](Transaction& txn) { all.push_back(&txn); });
    }
    for (Transaction* txn : all) {
        m_heap.Cancel(txn->m_retransmit_timer);
        m_heap.Cancel(txn->m_timeout_timer);
        delete txn;
    }
}

Transaction* TransactionLayer::FindByKey(const Index& index, std::string_view key, uint64_t digest)
{
    return index.Find(digest, [&](const Transaction& txn) { return txn.m_key.Equals(key, digest); });
}

void TransactionLayer::OnMessage(SipMessage&& message, const Peer& from)
{
    if (message.IsResponse()) {
        HandleResponse(std::move(message), from);
    } else if (message.Method() == SipMethod::ACK) {
        HandleAck(std::move(message), from);
    } else if (message.Method() == SipMethod::CANCEL) {
        HandleCancel(std::move(message), from);
    } else {
        HandleRequest(std::move(message), from);
    }
    Rearm();
    FlushReleases();
}

void TransactionLayer::ReleaseLater(Transaction& txn)
{
    if (txn.m_release_pending || !txn.HasRequest()) return;
    txn.m_release_pending = true;
    m_to_release.push_back(txn.m_id);
}

void TransactionLayer::FlushReleases()
{
    for (const TransactionId id : m_to_release) {
        if (Transaction* txn = m_by_id.Find(id, [id](const Transaction& t) { return t.Id() == id; })) txn->m_request.reset();
    }
    m_to_release.clear();
}

void TransactionLayer::OnTransportError(const Destination& to)
{
    // Stream transports fail asynchronously, and so does a UDP datagram queued in a receive
    // batch (sent with the batch's sendmmsg). Client transactions are listed by target
    // address, so this costs O(transactions to that peer), not a scan of all of them.
    auto head = m_by_target.find(to.address.Normalized());
    if (head == m_by_target.end()) return;
    std::vector<ClientTransaction*> failed;
    for (ClientTransaction* c = head->second; c; c = c->m_target_next) {
        const TxnState state = c->State();
        if (state == TxnState::TERMINATED || state == TxnState::COMPLETED || state == TxnState::ACCEPTED) continue;
        if (c->m_target.protocol != to.protocol) continue;
        if (to.connection_id != 0 && c->m_target.connection_id != 0 && c->m_target.connection_id != to.connection_id) continue;
        failed.push_back(c);
    }
    for (ClientTransaction* c : failed) FailClient(*c, ClientFailure::TRANSPORT_ERROR);
    Rearm();
}

void TransactionLayer::LinkTarget(ClientTransaction& txn)
{
    ClientTransaction*& head = m_by_target[txn.m_target.address.Normalized()];
    txn.m_target_prev = nullptr;
    txn.m_target_next = head;
    if (head) head->m_target_prev = &txn;
    head = &txn;
    txn.m_target_linked = true;
}

void TransactionLayer::UnlinkTarget(ClientTransaction& txn)
{
    if (!txn.m_target_linked) return;
    if (txn.m_target_next) txn.m_target_next->m_target_prev = txn.m_target_prev;
    if (txn.m_target_prev) {
        txn.m_target_prev->m_target_next = txn.m_target_next;
    } else {
        auto it = m_by_target.find(txn.m_target.address.Normalized());
        if (it != m_by_target.end()) {
            if (txn.m_target_next) {
                it->second = txn.m_target_next;
            } else {
                m_by_target.erase(it);
            }
        }
    }
    txn.m_target_prev = txn.m_target_next = nullptr;
    txn.m_target_linked = false;
}

SendStatus TransactionLayer::SendStateless(const Destination& to, std::string_view bytes)
{
    return m_transport.Send(to, bytes);
}

bool TransactionLayer::Transmit(const Destination& to, std::string_view bytes)
{
    const SendStatus status = m_transport.Send(to, bytes);
    if (status == SendStatus::OK) return true;
    Bump(m_stats.transport_errors);
    return false;
}

std::string TransactionLayer::NewBranch()
{
    std::string out;
    AppendNewBranch(out);
    return out;
}

void TransactionLayer::AppendNewBranch(std::string& out)
{
    char buf[7 + 32 + 1];
    std::snprintf(buf, sizeof(buf), "z9hG4bK%016" PRIx64 "%016" PRIx64, m_branch_salt ^ GetRandUint64(), ++m_branch_counter);
    out.append(buf, 7 + 32);
}

std::string TransactionLayer::NewTag()
{
    char buf[17];
    std::snprintf(buf, sizeof(buf), "%016" PRIx64, GetRandUint64());
    return buf;
}

ServerTransaction* TransactionLayer::FindServer(TransactionId id)
{
    Transaction* txn = m_by_id.Find(id, [id](const Transaction& t) { return t.Id() == id; });
    if (!txn || !txn->IsServer() || txn->State() == TxnState::TERMINATED) return nullptr;
    return static_cast<ServerTransaction*>(txn);
}

ServerTransaction* TransactionLayer::MatchServer(const SipMessage& request)
{
    if (!request.IsRequest() || !ServerKey(request, m_scratch)) return nullptr;
    Transaction* txn = FindByKey(m_server, m_scratch, m_digester.Digest(m_scratch));
    if (!txn || txn->State() == TxnState::TERMINATED) return nullptr;
    return static_cast<ServerTransaction*>(txn);
}

ClientTransaction* TransactionLayer::FindClient(TransactionId id)
{
    Transaction* txn = m_by_id.Find(id, [id](const Transaction& t) { return t.Id() == id; });
    if (!txn || txn->IsServer() || txn->State() == TxnState::TERMINATED) return nullptr;
    return static_cast<ClientTransaction*>(txn);
}

void TransactionLayer::Schedule(TxnTimer& timer, int64_t delay_ms)
{
    m_heap.Schedule(timer, m_timers.NowMs() + (delay_ms > 0 ? delay_ms : 0));
}

void TransactionLayer::ScheduleCoarse(TxnTimer& timer, int64_t delay_ms)
{
    if (delay_ms <= 0) return Schedule(timer, 0); // reliable transports: at once, not a slot later
    m_heap.ScheduleCoarse(timer, m_timers.NowMs() + delay_ms, m_config.coarse_slot_ms);
}

void TransactionLayer::Cancel(TxnTimer& timer)
{
    m_heap.Cancel(timer);
}

void TransactionLayer::Terminate(Transaction& txn)
{
    txn.m_state = TxnState::TERMINATED;
    Cancel(txn.m_retransmit_timer);
    Schedule(txn.m_timeout_timer, 0);
}

void TransactionLayer::Erase(Transaction& txn)
{
    Cancel(txn.m_retransmit_timer);
    Cancel(txn.m_timeout_timer);
    if (!txn.IsServer()) UnlinkTarget(static_cast<ClientTransaction&>(txn));
    const bool by_id = m_by_id.Erase(txn.m_id, &txn);
    const bool by_key = (txn.IsServer() ? m_server : m_client).Erase(txn.m_key.Digest(), &txn);
    if (by_id && by_key) {
        delete &txn;
    } else {
        // Every transaction is in both from creation to here; never reached. Keeping it alive
        // (a leak) is safer than deleting what an index may still point to.
        LogError("sip: transaction %llu missing from its index (id %d, key %d)\n", static_cast<unsigned long long>(txn.m_id), int{by_id}, int{by_key});
    }
    m_stats.server_current.store(m_server.Size(), std::memory_order_relaxed);
    m_stats.client_current.store(m_client.Size(), std::memory_order_relaxed);
}

void TransactionLayer::Rearm()
{
    const std::optional<int64_t> next = m_heap.NextDeadline();
    if (next == m_armed) return;
    m_armed = next;
    if (next) {
        m_timers.WakeAt(*next);
    } else {
        m_timers.Disarm();
    }
}

void TransactionLayer::ProcessTimers()
{
    m_armed.reset(); // the driver's alarm is spent
    FlushReleases();
    const int64_t now = m_timers.NowMs();
    // Every timer handled is either erased or re-armed strictly later, so this terminates;
    // the bound is a safety net against a logic error, never reached in practice.
    for (size_t i = 0; i < 10000000; ++i) {
        TimerNode* node = m_heap.PopExpired(now);
        if (!node) break;
        TxnTimer& timer = *static_cast<TxnTimer*>(node);
        Transaction& txn = *timer.owner;
        if (txn.m_state == TxnState::TERMINATED) {
            Erase(txn);
        } else if (txn.IsServer()) {
            ServerTimer(static_cast<ServerTransaction&>(txn), timer.retransmit);
        } else {
            ClientTimer(static_cast<ClientTransaction&>(txn), timer.retransmit);
        }
    }
    MaybeTrimHeap(now);
    Rearm();
}

void TransactionLayer::MaybeTrimHeap(int64_t now)
{
    if (m_config.trim_min_peak == 0) return;
    const size_t live = m_server.Size() + m_client.Size();
    if (m_live_peak < m_config.trim_min_peak || 4 * live > m_live_peak) return;
    if (live != 0 && now - m_last_trim_ms < m_config.trim_interval_ms) return;
    m_live_peak = live;
    m_last_trim_ms = now;
    Bump(m_stats.heap_trims);
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

TransactionStatsSnapshot TransactionLayer::Stats() const
{
    auto l = [](const std::atomic<uint64_t>& a) { return a.load(std::memory_order_relaxed); };
    TransactionStatsSnapshot s;
    s.server_created = l(m_stats.server_created);
    s.client_created = l(m_stats.client_created);
    s.server_current = l(m_stats.server_current);
    s.client_current = l(m_stats.client_current);
    s.retransmissions_sent = l(m_stats.retransmissions_sent);
    s.retransmissions_absorbed = l(m_stats.retransmissions_absorbed);
    s.client_timeouts = l(m_stats.client_timeouts);
    s.server_timeouts = l(m_stats.server_timeouts);
    s.transport_errors = l(m_stats.transport_errors);
    s.cancels = l(m_stats.cancels);
    s.stray_responses = l(m_stats.stray_responses);
    s.heap_trims = l(m_stats.heap_trims);
    return s;
}

} // namespace sip
