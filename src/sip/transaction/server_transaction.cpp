// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Server transactions (RFC 3261 17.2, RFC 6026 Accepted state), CANCEL matching (9.2).

#include <sip/transaction/transaction_layer.h>

#include <sip/parser/builder.h>
#include <sip/transaction/messages.h>
#include <util/logging.h>

#include <algorithm>

namespace sip {

ServerTransaction* TransactionLayer::NewServer(SipMessage&& request, const Peer& from, uint64_t digest)
{
    const Via* via = request.TopVia();
    const bool invite = request.Method() == SipMethod::INVITE;
    const Destination response_to = ResponseDestination(*via, from);
    auto* raw = new ServerTransaction(m_next_id++, invite, IsReliable(from.protocol), std::move(request), from, response_to);
    raw->m_key.Assign(m_scratch, digest);
    raw->m_state = invite ? TxnState::PROCEEDING : TxnState::TRYING;
    ScheduleCoarse(raw->m_timeout_timer, invite ? m_config.invite_user_timeout_ms : m_config.non_invite_user_timeout_ms);
    m_by_id.Insert(raw->m_id, raw);
    m_server.Insert(digest, raw);
    NotePeak();
    Bump(m_stats.server_created);
    m_stats.server_current.store(m_server.Size(), std::memory_order_relaxed);
    return raw;
}

void TransactionLayer::HandleRequest(SipMessage&& request, const Peer& from)
{
    if (!ServerKey(request, m_scratch)) return;
    const uint64_t digest = m_digester.Digest(m_scratch);
    if (Transaction* found = FindByKey(m_server, m_scratch, digest)) {
        if (found->State() != TxnState::TERMINATED) {
            Retransmitted(static_cast<ServerTransaction&>(*found));
            return;
        }
        Erase(*found);
    }
    if (m_server.Size() >= m_config.max_transactions) {
        const Via* via = request.TopVia();
        const std::string busy = BuildResponse(request, 503, "Service Unavailable", {}, "Retry-After: 5\r\n");
        if (!Transmit(ResponseDestination(*via, from), busy)) {
            LogDebug(BCLog::SIP, "sip: could not send 503 to %s\n", from.remote.ToString().c_str());
        }
        return;
    }
    ServerTransaction& txn = *NewServer(std::move(request), from, digest);
    const TransactionId id = txn.Id();
    m_user.OnRequest(txn);
    // Still alive (deletion happens only in the timer loop) and unanswered: 100 Trying.
    if (txn.IsInvite() && txn.m_last_status == 0 && txn.State() == TxnState::PROCEEDING) {
        if (!Reply(id, 100, "Trying")) {
            LogDebug(BCLog::SIP, "sip: could not send 100 Trying to %s\n", from.remote.ToString().c_str());
        }
    }
}

void TransactionLayer::Retransmitted(ServerTransaction& txn)
{
    Bump(m_stats.retransmissions_absorbed);
    // Proceeding and Completed re-send the last response (INVITE and non-INVITE alike);
    // Trying has none yet, Confirmed and Accepted absorb silently (RFC 3261 17.2, RFC 6026).
    const bool resend = txn.State() == TxnState::PROCEEDING || txn.State() == TxnState::COMPLETED;
    if (!resend || txn.m_last_response.empty()) return;
    Bump(m_stats.retransmissions_sent);
    if (!Transmit(txn.m_response_to, txn.m_last_response)) {
        m_user.OnServerFailure(txn, ServerFailure::TRANSPORT_ERROR);
        Terminate(txn);
    }
}

void TransactionLayer::HandleAck(SipMessage&& ack, const Peer& from)
{
    if (ServerKey(ack, m_scratch)) {
        Transaction* found = FindByKey(m_server, m_scratch, m_digester.Digest(m_scratch));
        if (found && found->IsInvite()) {
            auto& txn = static_cast<ServerTransaction&>(*found);
            switch (txn.State()) {
            case TxnState::COMPLETED:
                txn.m_state = TxnState::CONFIRMED;
                Cancel(txn.m_retransmit_timer);
                ScheduleCoarse(txn.m_timeout_timer, txn.Reliable() ? 0 : m_config.t4_ms); // timer I
                return;
            case TxnState::ACCEPTED:
                break; // RFC 6026 8.7: ACKs for the 2xx go to the user
            default:
                Bump(m_stats.retransmissions_absorbed); // Confirmed: absorb; others: stray
                return;
            }
        }
    }
    m_user.OnAck(ack, from);
}

void TransactionLayer::HandleCancel(SipMessage&& cancel, const Peer& from)
{
    if (!ServerKey(cancel, m_scratch)) return;
    const uint64_t own_digest = m_digester.Digest(m_scratch);
    Transaction* own = FindByKey(m_server, m_scratch, own_digest);
    if (own && own->State() != TxnState::TERMINATED) {
        Retransmitted(static_cast<ServerTransaction&>(*own));
        return;
    }
    if (!ServerKey(cancel, m_scratch, "INVITE")) return;
    Transaction* inv = FindByKey(m_server, m_scratch, m_digester.Digest(m_scratch));
    ServerTransaction* invite = nullptr;
    if (inv && inv->IsInvite() && inv->State() != TxnState::TERMINATED) {
        invite = static_cast<ServerTransaction*>(inv);
    }
    if (!invite) {
        // No INVITE to cancel here: the user decides (481, or a proxy's stateless forward,
        // RFC 3261 16.10).
        HandleRequest(std::move(cancel), from);
        return;
    }
    if (!ServerKey(cancel, m_scratch)) return; // restore the CANCEL's own key for NewServer
    if (own) Erase(*own);
    ServerTransaction& cancel_txn = *NewServer(std::move(cancel), from, own_digest);

    // RFC 3261 9.2: the To tag of the 200 (and of our 487) should equal the one the INVITE's
    // responses carry; take it from the last response we sent, else make one.
    std::string tag;
    if (invite->m_last_status > 100) {
        ParseResult last = ParseDatagram(invite->m_last_response);
        if (last.message && last.message->To()) tag = std::string{last.message->To()->Tag()};
    }
    if (tag.empty()) tag = NewTag();
    if (!Reply(cancel_txn.Id(), 200, "OK", tag)) {
        LogDebug(BCLog::SIP, "sip: could not answer CANCEL from %s\n", from.remote.ToString().c_str());
    }
    if (invite->State() != TxnState::PROCEEDING) return; // already final: CANCEL has no effect
    invite->m_cancelled = true;
    Bump(m_stats.cancels);
    const TransactionId invite_id = invite->Id();
    if (!Reply(invite_id, 487, "Request Terminated", tag)) {
        LogDebug(BCLog::SIP, "sip: could not send 487 to %s\n", from.remote.ToString().c_str());
    }
    if (ServerTransaction* still = FindServer(invite_id)) m_user.OnCancel(*still, cancel_txn.Request());
}

bool TransactionLayer::Reply(TransactionId id, uint16_t code, std::string_view reason, std::string_view to_tag,
                             std::string_view extra_headers, std::string_view body)
{
    ServerTransaction* txn = FindServer(id);
    if (!txn || !txn->HasRequest()) return false;
    return SendResponse(id, BuildResponse(txn->Request(), code, reason, code > 100 ? to_tag : std::string_view{}, extra_headers, body));
}

bool TransactionLayer::SendResponse(TransactionId id, std::string response)
{
    ServerTransaction* txn = FindServer(id);
    if (!txn) return false;
    const std::optional<uint16_t> status = ResponseStatus(response);
    if (!status) return false;
    const bool ok = SendOnServer(*txn, std::move(response), *status);
    Rearm();
    return ok;
}

bool TransactionLayer::SendOnServer(ServerTransaction& txn, std::string&& bytes, uint16_t status)
{
    const bool provisional = status < 200;
    const bool success = status >= 200 && status < 300;
    switch (txn.State()) {
    case TxnState::TRYING:
    case TxnState::PROCEEDING:
        break;
    case TxnState::ACCEPTED:
        if (txn.IsInvite() && success) break; // 2xx retransmissions from the user (RFC 6026)
        return false;
    default:
        return false;
    }
    if (!Transmit(txn.m_response_to, bytes)) {
        m_user.OnServerFailure(txn, ServerFailure::TRANSPORT_ERROR);
        Terminate(txn);
        return false;
    }
    txn.m_last_status = status;
    txn.m_last_response = std::move(bytes);
    if (provisional) {
        txn.m_state = TxnState::PROCEEDING;
        return true;
    }
    // Final: only the key, the destination and (for retransmissions) the last response are
    // needed from now on.
    ReleaseLater(txn);
    if (txn.IsInvite()) {
        if (success) {
            txn.m_state = TxnState::ACCEPTED;
            std::string{}.swap(txn.m_last_response); // 2xx retransmissions come from the user
            Cancel(txn.m_retransmit_timer);
            ScheduleCoarse(txn.m_timeout_timer, T(64)); // timer L
        } else if (txn.State() != TxnState::COMPLETED) {
            txn.m_state = TxnState::COMPLETED;
            if (!txn.Reliable()) {
                txn.m_interval = m_config.t1_ms;
                Schedule(txn.m_retransmit_timer, txn.m_interval); // timer G
            }
            Schedule(txn.m_timeout_timer, T(64)); // timer H
        }
        return true;
    }
    txn.m_state = TxnState::COMPLETED;
    ScheduleCoarse(txn.m_timeout_timer, txn.Reliable() ? 0 : T(64)); // timer J
    return true;
}

void TransactionLayer::ServerTimer(ServerTransaction& txn, bool retransmit)
{
    if (retransmit) { // timer G
        if (txn.State() != TxnState::COMPLETED) return;
        Bump(m_stats.retransmissions_sent);
        if (!Transmit(txn.m_response_to, txn.m_last_response)) {
            m_user.OnServerFailure(txn, ServerFailure::TRANSPORT_ERROR);
            Terminate(txn);
            return;
        }
        txn.m_interval = std::min(2 * txn.m_interval, m_config.t2_ms);
        Schedule(txn.m_retransmit_timer, txn.m_interval);
        return;
    }
    switch (txn.State()) {
    case TxnState::TRYING:
    case TxnState::PROCEEDING:
        // The user never sent a final response.
        Bump(m_stats.server_timeouts);
        LogDebug(BCLog::SIP, "sip: %s from %s not answered in time\n", std::string{txn.Request().MethodText()}.c_str(),
                 txn.Source().remote.ToString().c_str());
        m_user.OnServerFailure(txn, ServerFailure::TU_TIMEOUT);
        if (txn.State() == TxnState::TERMINATED) return;
        if (txn.IsInvite()) {
            if (Reply(txn.Id(), 408, "Request Timeout", NewTag())) return;
        }
        Terminate(txn);
        return;
    case TxnState::COMPLETED:
        if (txn.IsInvite()) { // timer H
            Bump(m_stats.server_timeouts);
            m_user.OnServerFailure(txn, ServerFailure::NO_ACK);
        }
        Terminate(txn); // timer J (non-INVITE)
        return;
    default: // timers I and L
        Terminate(txn);
        return;
    }
}

} // namespace sip
