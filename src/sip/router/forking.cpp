// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Responses of proxied requests (RFC 3261 16.7): provisional and 2xx forwarded at once, the
// best final answer chosen when every branch has ended, CANCEL of the other branches after a
// 2xx (INVITE) or a 6xx, and stateless forwarding of 2xx retransmissions.

#include <sip/router/proxy.h>

#include <sip/parser/builder.h>
#include <sip/registrar/handle.h>
#include <sip/router/target.h>
#include <util/logging.h>

namespace sip {

bool BetterFinal(uint16_t a, uint16_t b)
{
    if (b == 0) return true;
    if (b >= 600) return false;
    if (a >= 600) return true;
    return a / 100 < b / 100;
}

Proxy::Context* Proxy::ContextOf(TransactionId client, Branch** branch)
{
    auto owner = m_branch_owner.find(client);
    if (owner == m_branch_owner.end()) return nullptr;
    auto it = m_contexts.find(owner->second);
    if (it == m_contexts.end()) return nullptr;
    for (Branch& b : it->second.branches) {
        if (b.client == client) {
            *branch = &b;
            return &it->second;
        }
    }
    return nullptr;
}

void Proxy::OnResponse(ClientTransaction& txn, const SipMessage& response)
{
    const uint16_t code = response.StatusCode();
    Branch* branch = nullptr;
    Context* ctx = ContextOf(txn.Id(), &branch);
    if (!ctx) {
        // A 2xx retransmission after the context ended (RFC 6026 passes each one up).
        if (code >= 200 && code < 300 && txn.IsInvite()) ForwardStateless2xx(response);
        return;
    }
    if (code == 100) return; // hop by hop: we sent our own
    auto upstream = BuildUpstreamResponse(response);
    if (!upstream) return;
    if (code < 200) {
        if (!ctx->final_sent) (void)m_layer->SendResponse(ctx->server, std::move(*upstream));
        if (ctx->creates_dialog && ctx->method == SipMethod::INVITE && !response.To()->Tag().empty()) {
            RecordDialog(*ctx, *branch, response, false);
        }
        return;
    }
    if (code < 300) {
        if (ctx->creates_dialog) {
            if (!branch->early_tag.empty() && branch->early_tag != response.To()->Tag()) {
                m_dialogs.RemoveEarly(ctx->call_id, ctx->from_tag, branch->early_tag);
            }
            branch->early_tag.clear();
            RecordDialog(*ctx, *branch, response, true);
        }
        // Every 2xx goes upstream (each may be a different dialog), the first ends the search.
        (void)m_layer->SendResponse(ctx->server, std::move(*upstream));
        if (branch->final_status == 0) branch->final_status = code;
        if (!ctx->final_sent) {
            ctx->final_sent = true;
            ctx->best_status = code;
            if (ctx->method == SipMethod::INVITE) CancelPending(*ctx, txn.Id());
        }
        MaybeFinish(*ctx);
        return;
    }
    if (branch->final_status != 0) return;
    OnBranchFinal(*ctx, *branch, code, std::move(*upstream));
}

void Proxy::OnClientFailure(ClientTransaction& txn, ClientFailure failure)
{
    Branch* branch = nullptr;
    Context* ctx = ContextOf(txn.Id(), &branch);
    if (!ctx || branch->final_status != 0) return;
    LogDebug(BCLog::SIP, "branch to %s: %s", FormatDestination(branch->hop).c_str(),
             failure == ClientFailure::TIMEOUT ? "timeout" : "transport error");
    // A timeout is a 408 (RFC 3261 16.7 step 2); a contact we cannot reach at all is
    // "temporarily unavailable" to the caller rather than a server error.
    OnBranchFinal(*ctx, *branch, failure == ClientFailure::TIMEOUT ? 408 : 480, {});
}

void Proxy::OnBranchFinal(Context& ctx, Branch& branch, uint16_t status, std::string upstream)
{
    branch.final_status = status;
    // The early dialog of a branch that ended without a 2xx is gone (RFC 3261 12.3).
    if (!branch.early_tag.empty()) m_dialogs.RemoveEarly(ctx.call_id, ctx.from_tag, branch.early_tag);
    if (!ctx.final_sent && BetterFinal(status, ctx.best_status)) {
        ctx.best_status = status;
        ctx.best_response = std::move(upstream);
    }
    // A 6xx ends the search for INVITE (RFC 3261 16.7 step 5).
    if (status >= 600 && ctx.method == SipMethod::INVITE) CancelPending(ctx, branch.client);
    MaybeFinish(ctx);
}

void Proxy::CancelPending(Context& ctx, TransactionId except)
{
    for (const Branch& b : ctx.branches) {
        if (b.client != except && b.client != 0 && b.final_status == 0) (void)m_layer->CancelClient(b.client);
    }
}

void Proxy::MaybeFinish(Context& ctx)
{
    for (const Branch& b : ctx.branches) {
        if (b.final_status == 0) return;
    }
    if (!ctx.final_sent) {
        ctx.final_sent = true;
        if (ctx.best_status == 503) {
            // RFC 3261 16.7 step 6: a 503 from downstream must not make the caller stop using us.
            (void)m_layer->Reply(ctx.server, 500, "Server Internal Error", m_layer->NewTag());
        } else if (!ctx.best_response.empty()) {
            (void)m_layer->SendResponse(ctx.server, std::move(ctx.best_response));
        } else {
            const uint16_t code = ctx.best_status != 0 ? ctx.best_status : 480;
            const char* reason = code == 408 ? "Request Timeout" : "Temporarily Unavailable";
            (void)m_layer->Reply(ctx.server, code, reason, m_layer->NewTag());
        }
    }
    EraseContext(ctx);
}

void Proxy::EraseContext(Context& ctx)
{
    for (const Branch& b : ctx.branches) {
        if (b.client != 0) m_branch_owner.erase(b.client);
    }
    if (ctx.creates_dialog) --m_pending_dialogs;
    m_contexts.erase(ctx.server); // ctx is gone now
}

void Proxy::OnCancel(ServerTransaction& invite, const SipMessage& /*cancel*/)
{
    auto it = m_contexts.find(invite.Id());
    if (it == m_contexts.end()) return;
    Context& ctx = it->second;
    ctx.final_sent = true; // the layer answered 487
    CancelPending(ctx, 0);
}

void Proxy::OnServerFailure(ServerTransaction& txn, ServerFailure /*failure*/)
{
    auto it = m_contexts.find(txn.Id());
    if (it == m_contexts.end()) return;
    it->second.final_sent = true;
    if (it->second.method == SipMethod::INVITE) CancelPending(it->second, 0);
}

void Proxy::RecordDialog(const Context& ctx, Branch& branch, const SipMessage& response, bool confirmed)
{
    DialogInfo info;
    info.call_id = ctx.call_id;
    info.caller_tag = ctx.from_tag;
    info.callee_tag = std::string{response.To()->Tag()};
    if (info.callee_tag.empty()) return;
    info.method = ctx.method;
    info.from_handle = ctx.from_handle;
    info.to_handle = ctx.to_handle;
    info.caller = ctx.caller;
    info.callee.hop = branch.hop;
    info.remote = ctx.remote;
    info.state = confirmed ? DialogState::CONFIRMED : DialogState::EARLY;
    if (!m_dialogs.Upsert(info, m_now())) {
        // Early: only requests inside the early dialog (PRACK, UPDATE) are refused. Confirmed
        // cannot happen while the room reserved in RouteRequest holds.
        LogWarning("SIP dialog table full: %s dialog of call %s not recorded", confirmed ? "a confirmed" : "an early",
                   ctx.call_id.c_str());
        return;
    }
    if (!confirmed) branch.early_tag = std::move(info.callee_tag);
}

void Proxy::OnStrayResponse(const SipMessage& response, const Peer& /*from*/)
{
    const CSeq* cseq = response.CSeqHeader();
    if (cseq && cseq->method == SipMethod::INVITE && response.StatusCode() >= 200 && response.StatusCode() < 300) {
        ForwardStateless2xx(response);
    }
}

void Proxy::ForwardStateless2xx(const SipMessage& response)
{
    // RFC 3261 16.7 step 4 / 16.11: only when our Via is on top, to the Via below it.
    const auto vias = response.Vias();
    if (!vias || vias->size() < 2) return;
    const Via& top = (*vias)[0];
    if (!IsOurHost(top.host) || !m_config.ports.Contains(top.port.value_or(DefaultPort(top.transport)))) return;
    const Via& next = (*vias)[1];
    const std::string_view ip = !next.received.empty() ? next.received : next.host;
    const uint16_t port = next.rport.value_or(next.port.value_or(DefaultPort(next.transport)));
    const auto addr = SockAddr::FromIp(ip, port);
    if (!addr) return; // no name lookups on the SIP thread
    auto upstream = BuildUpstreamResponse(response);
    if (!upstream) return;
    if (m_layer->SendStateless(Destination{next.transport, *addr, 0}, *upstream) == SendStatus::OK) {
        m_stats.stateless.fetch_add(1, std::memory_order_relaxed);
    }
}

} // namespace sip
