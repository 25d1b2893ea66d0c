// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Client transactions (RFC 3261 17.1, RFC 6026 Accepted state) and CANCEL sending (9.1).

#include <sip/transaction/transaction_layer.h>

#include <sip/transaction/messages.h>
#include <util/format.h>
#include <util/logging.h>

#include <algorithm>

namespace sip {

util::Result<TransactionId> TransactionLayer::SendRequest(std::string request, const Destination& to, TransactionUser* user)
{
    ParseResult parsed = ParseDatagram(request);
    if (!parsed.ok() || !parsed.message || !parsed.message->IsRequest()) {
        return util::Error{"request does not parse"};
    }
    SipMessage& msg = *parsed.message;
    if (msg.Method() == SipMethod::ACK) return util::Error{"ACK is not sent in a transaction"};
    const Via* via = msg.TopVia();
    if (!via || !via->HasRfc3261Branch()) return util::Error{"top Via has no RFC 3261 branch"};
    if (IsReliable(to.protocol) && !msg.ContentLength()) return util::Error{"no Content-Length for a stream transport"};
    if (!ClientKey(msg, m_scratch)) return util::Error{"no branch or CSeq"};
    const uint64_t digest = m_digester.Digest(m_scratch);
    if (Transaction* existing = FindByKey(m_client, m_scratch, digest)) {
        if (existing->State() != TxnState::TERMINATED) return util::Error{"duplicate branch"};
        Erase(*existing);
    }
    if (m_client.Size() >= m_config.max_transactions) return util::Error{"too many client transactions"};
    if (!Transmit(to, msg.Raw())) return util::Error{"transport refused the request"};

    const bool invite = msg.Method() == SipMethod::INVITE;
    auto txn = std::make_unique<ClientTransaction>(m_next_id++, invite, IsReliable(to.protocol), std::move(msg), to, user ? *user : m_user);
    txn->m_key.Assign(m_scratch, digest);
    txn->m_state = invite ? TxnState::CALLING : TxnState::TRYING;
    if (!txn->Reliable()) {
        txn->m_interval = m_config.t1_ms;
        Schedule(txn->m_retransmit_timer, txn->m_interval); // timer A or E
    }
    Schedule(txn->m_timeout_timer, T(64)); // timer B or F
    const TransactionId id = txn->m_id;
    LinkTarget(*txn); // for OnTransportError (a stream, or a UDP batch that failed to leave)
    m_by_id.Insert(id, txn.get());
    m_client.Insert(digest, txn.release()); // owned by the layer until Erase
    NotePeak();
    Bump(m_stats.client_created);
    m_stats.client_current.store(m_client.Size(), std::memory_order_relaxed);
    Rearm();
    return id;
}

bool TransactionLayer::CancelClient(TransactionId id)
{
    ClientTransaction* txn = FindClient(id);
    if (!txn || !txn->IsInvite() || txn->m_failed) return false;
    if (txn->State() == TxnState::CALLING) {
        txn->m_cancel_pending = true; // RFC 3261 9.1: wait for a provisional response
        return true;
    }
    if (txn->State() != TxnState::PROCEEDING) return false;
    const bool ok = SendCancelNow(*txn);
    Rearm();
    return ok;
}

bool TransactionLayer::SendCancelNow(ClientTransaction& invite)
{
    invite.m_cancel_pending = false;
    util::Result<TransactionId> r = SendRequest(BuildCancel(invite.Request()), invite.m_target, invite.m_user);
    if (!r) {
        LogDebug(BCLog::SIP, "sip: could not send CANCEL to %s: %s\n", invite.m_target.address.ToString().c_str(), r.error().c_str());
        return false;
    }
    return true;
}

void TransactionLayer::FailClient(ClientTransaction& txn, ClientFailure failure)
{
    Bump(failure == ClientFailure::TIMEOUT ? m_stats.client_timeouts : m_stats.transport_errors);
    const bool tell = !txn.m_failed;
    txn.m_failed = true;
    Terminate(txn);
    if (tell) txn.m_user->OnClientFailure(txn, failure);
}

void TransactionLayer::HandleResponse(SipMessage&& response, const Peer& from)
{
    if (!ClientKey(response, m_scratch)) return;
    Transaction* found = FindByKey(m_client, m_scratch, m_digester.Digest(m_scratch));
    if (!found || found->State() == TxnState::TERMINATED) {
        Bump(m_stats.stray_responses);
        m_user.OnStrayResponse(response, from);
        return;
    }
    auto& txn = static_cast<ClientTransaction&>(*found);
    const uint16_t code = response.StatusCode();
    const bool provisional = code < 200;
    const bool success = code >= 200 && code < 300;
    const TxnState state = txn.State();

    if (!txn.IsInvite()) {
        if (state == TxnState::COMPLETED) {
            Bump(m_stats.retransmissions_absorbed);
            return;
        }
        if (provisional) {
            txn.m_state = TxnState::PROCEEDING; // timer E keeps running, at T2 from now on
        } else {
            txn.m_state = TxnState::COMPLETED;
            ReleaseLater(txn);
            Cancel(txn.m_retransmit_timer);
            ScheduleCoarse(txn.m_timeout_timer, txn.Reliable() ? 0 : m_config.t4_ms); // timer K
        }
        if (!txn.m_failed) txn.m_user->OnResponse(txn, response);
        return;
    }

    switch (state) {
    case TxnState::CALLING:
    case TxnState::PROCEEDING:
        break;
    case TxnState::COMPLETED:
        if (!provisional && !success) { // the ACK got lost: send it again, do not tell the user
            Bump(m_stats.retransmissions_absorbed);
            Bump(m_stats.retransmissions_sent);
            if (!Transmit(txn.m_target, txn.m_ack)) FailClient(txn, ClientFailure::TRANSPORT_ERROR);
        }
        return;
    case TxnState::ACCEPTED:
        if (success && !txn.m_failed) txn.m_user->OnResponse(txn, response); // RFC 6026 7.2
        return;
    default:
        return;
    }

    if (provisional) {
        txn.m_state = TxnState::PROCEEDING;
        Cancel(txn.m_retransmit_timer);
        ScheduleCoarse(txn.m_timeout_timer, m_config.timer_c_ms); // timer C, restarted by every provisional; replaces timer B
        if (!txn.m_failed) txn.m_user->OnResponse(txn, response);
        if (txn.m_cancel_pending && txn.State() == TxnState::PROCEEDING) SendCancelNow(txn);
        return;
    }
    Cancel(txn.m_retransmit_timer);
    ReleaseLater(txn); // after BuildAck below: final, only the key and the ACK are needed
    if (success) {
        txn.m_state = TxnState::ACCEPTED;
        ScheduleCoarse(txn.m_timeout_timer, T(64)); // timer M; the ACK is the user's (end to end)
    } else {
        txn.m_state = TxnState::COMPLETED;
        txn.m_ack = BuildAck(txn.Request(), response);
        if (!Transmit(txn.m_target, txn.m_ack)) {
            LogDebug(BCLog::SIP, "sip: could not send ACK to %s\n", txn.m_target.address.ToString().c_str());
        }
        ScheduleCoarse(txn.m_timeout_timer, txn.Reliable() ? 0 : m_config.timer_d_ms); // timer D
    }
    if (!txn.m_failed) txn.m_user->OnResponse(txn, response);
}

void TransactionLayer::ClientTimer(ClientTransaction& txn, bool retransmit)
{
    const TxnState state = txn.State();
    if (retransmit) { // timers A and E
        const bool active = txn.IsInvite() ? state == TxnState::CALLING : (state == TxnState::TRYING || state == TxnState::PROCEEDING);
        if (!active) return;
        Bump(m_stats.retransmissions_sent);
        if (!Transmit(txn.m_target, txn.Request().Raw())) {
            FailClient(txn, ClientFailure::TRANSPORT_ERROR);
            return;
        }
        if (txn.IsInvite()) {
            txn.m_interval *= 2; // timer A doubles without a cap; timer B ends it
        } else {
            txn.m_interval = state == TxnState::PROCEEDING ? m_config.t2_ms : std::min(2 * txn.m_interval, m_config.t2_ms);
        }
        Schedule(txn.m_retransmit_timer, txn.m_interval);
        return;
    }
    switch (state) {
    case TxnState::CALLING: // timer B
    case TxnState::TRYING:  // timer F
        FailClient(txn, ClientFailure::TIMEOUT);
        return;
    case TxnState::PROCEEDING:
        if (!txn.IsInvite()) { // timer F
            FailClient(txn, ClientFailure::TIMEOUT);
            return;
        }
        // Timer C: no provisional or final for timer_c_ms. Cancel the branch, fail it to the
        // user (a 408), and keep it a while to ACK the 487 that follows.
        if (!txn.m_failed) {
            SendCancelNow(txn);
            txn.m_failed = true;
            Bump(m_stats.client_timeouts);
            Schedule(txn.m_timeout_timer, T(64));
            txn.m_user->OnClientFailure(txn, ClientFailure::TIMEOUT);
            return;
        }
        Terminate(txn);
        return;
    default: // timers D, K and M
        Terminate(txn);
        return;
    }
}

} // namespace sip
