// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSACTION_TRANSACTION_H
#define DOTS_SIP_TRANSACTION_TRANSACTION_H

// Client and server transactions (RFC 3261 17, with the RFC 6026 "Accepted" state) and the
// TransactionUser interface through which the registrar and the proxy see them. The
// TransactionLayer owns every transaction; users refer to one by its TransactionId and get
// references only for the duration of a callback.

#include <sip/parser/message.h>
#include <sip/transaction/index.h>
#include <sip/transaction/timer.h>
#include <sip/transport/transport.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace sip {

/** Identifies a transaction for as long as it lives; never reused within a process. 0 = none. */
using TransactionId = uint64_t;

enum class TxnState : uint8_t {
    CALLING,    // INVITE client: request sent, no response yet
    TRYING,     // non-INVITE client and server: no provisional yet
    PROCEEDING, // a provisional response was received/sent
    COMPLETED,  // a final response (INVITE: non-2xx) was received/sent; absorbing retransmissions
    CONFIRMED,  // INVITE server: ACK for the non-2xx received (timer I)
    ACCEPTED,   // INVITE after a 2xx (RFC 6026): timers L (server) / M (client)
    TERMINATED, // about to be deleted
};

/** Name for logs ("Proceeding"). Static storage. */
std::string_view TxnStateName(TxnState state);

/** Why a client transaction ended without a final response. */
enum class ClientFailure : uint8_t {
    TIMEOUT,         // timer B or F fired: treat as 408 Request Timeout (RFC 3261 8.1.3.1)
    TRANSPORT_ERROR, // the request could not be sent: treat as 503 Service Unavailable
};
/** 408 for TIMEOUT, 503 for TRANSPORT_ERROR. */
uint16_t ClientFailureStatus(ClientFailure failure);

/** Why a server transaction ended abnormally. */
enum class ServerFailure : uint8_t {
    NO_ACK,          // timer H: the ACK for a non-2xx final never came
    TRANSPORT_ERROR, // a response could not be sent
    TU_TIMEOUT,      // the user did not send a final response in time (see TransactionConfig)
};

/** A transaction's two timer slots, tagged so the layer knows which fired. */
struct TxnTimer : TimerNode {
    class Transaction* owner{nullptr};
    bool retransmit{false}; // A, E, G; otherwise the state's timeout (B, D, F, H, I, J, K, L, M)
};

/** What client and server transactions share. */
class Transaction
{
public:
    virtual ~Transaction() = default;
    TransactionId Id() const { return m_id; }
    TxnState State() const { return m_state; }
    bool IsServer() const { return m_server; }
    bool IsInvite() const { return m_invite; }
    /** True over TCP/TLS/WS: no retransmissions, zero-length absorb timers. */
    bool Reliable() const { return m_reliable; }
    /** The request that created the transaction (a server's received request, a client's sent
     *  request). Only while HasRequest(): once the transaction has its final response the
     *  layer frees the request (it needs only the transaction key and the last response or
     *  ACK from then on), after the callbacks of the message or timer that made it final. */
    const SipMessage& Request() const { return *m_request; }
    bool HasRequest() const { return m_request != nullptr; }

protected:
    Transaction(TransactionId id, bool server, bool invite, bool reliable, SipMessage&& request)
        : m_id{id}, m_server{server}, m_invite{invite}, m_reliable{reliable}, m_request{std::make_unique<SipMessage>(std::move(request))}
    {
        m_retransmit_timer.owner = this;
        m_retransmit_timer.retransmit = true;
        m_timeout_timer.owner = this;
    }

private:
    friend class TransactionLayer;
    TransactionId m_id;
    bool m_server;
    bool m_invite;
    bool m_reliable;
    TxnState m_state{TxnState::TRYING};
    std::unique_ptr<SipMessage> m_request; // on the heap: a SipMessage is large and goes at the final response
    bool m_release_pending{false}; // final: free m_request at the next FlushReleases()
    TxnKey m_key;             // ServerKey or ClientKey (messages.h) and its digest
    int64_t m_interval{0};    // current retransmission interval (timers A, E, G)
    TxnTimer m_retransmit_timer;
    TxnTimer m_timeout_timer;
};

/** A server transaction (RFC 3261 17.2): one received request and the responses to it. */
class ServerTransaction final : public Transaction
{
public:
    /** Where the request came from. */
    const Peer& Source() const { return m_source; }
    /** Where responses go (RFC 3261 18.2.2 / RFC 3581). */
    const Destination& ResponseDestination() const { return m_response_to; }
    /** Status of the last response sent, 0 before the first. */
    uint16_t LastStatus() const { return m_last_status; }
    /** True once a CANCEL for this INVITE was received. */
    bool Cancelled() const { return m_cancelled; }

    ServerTransaction(TransactionId id, bool invite, bool reliable, SipMessage&& request, const Peer& source,
                      const Destination& response_to)
        : Transaction{id, true, invite, reliable, std::move(request)}, m_source{source}, m_response_to{response_to}
    {
    }

private:
    friend class TransactionLayer;
    Peer m_source;
    Destination m_response_to;
    std::string m_last_response; // resent on request retransmissions and timer G
    uint16_t m_last_status{0};
    bool m_cancelled{false};
};

class TransactionUser;

/** A client transaction (RFC 3261 17.1): one request sent and the responses to it. */
class ClientTransaction final : public Transaction
{
public:
    const Destination& Target() const { return m_target; }
    /** The top Via branch (the transaction key). */
    std::string_view Branch() const;
    /** True when a CANCEL was asked for before any provisional arrived (sent on the first). */
    bool CancelPending() const { return m_cancel_pending; }

    ClientTransaction(TransactionId id, bool invite, bool reliable, SipMessage&& request, const Destination& target,
                      TransactionUser& user)
        : Transaction{id, false, invite, reliable, std::move(request)}, m_target{target}, m_user{&user}
    {
    }

private:
    friend class TransactionLayer;
    Destination m_target;
    TransactionUser* m_user;
    std::string m_ack;  // the ACK for a non-2xx final (INVITE), resent on final retransmissions
    bool m_cancel_pending{false};
    bool m_failed{false}; // the user was told OnClientFailure; later responses are only ACKed
    // Intrusive list of the reliable-transport client transactions to the same address, so a
    // connection failure finds its transactions without scanning them all.
    ClientTransaction* m_target_prev{nullptr};
    ClientTransaction* m_target_next{nullptr};
    bool m_target_linked{false};
};

/**
 * The transaction user (RFC 3261 section 5): the registrar, the proxy core, or a dispatcher in
 * front of them. Every callback runs on the SIP thread; the references passed are valid only
 * until the callback returns (keep the TransactionId). A callback may call back into the
 * TransactionLayer (send responses, start client transactions, cancel); transactions are
 * never deleted while a callback about them runs.
 */
class TransactionUser
{
public:
    virtual ~TransactionUser() = default;

    /** A new request created `txn` (not ACK, not a CANCEL matching an INVITE). Answer now or
     *  later with TransactionLayer::SendResponse/Reply(txn.Id(), ...). INVITE: if nothing was
     *  sent when this returns, the layer sends 100 Trying. */
    virtual void OnRequest(ServerTransaction& txn) = 0;

    /** An ACK that matched no server transaction (the ACK for a 2xx, end-to-end), or that
     *  matched an INVITE server transaction in the Accepted state (RFC 6026). */
    virtual void OnAck(const SipMessage& ack, const Peer& from) = 0;

    /** A CANCEL matched INVITE server transaction `invite` while it had no final response.
     *  The layer has already answered 200 to the CANCEL and 487 to the INVITE; the proxy
     *  cancels its client branches here (RFC 3261 16.10). */
    virtual void OnCancel(ServerTransaction& invite, const SipMessage& cancel) = 0;

    /** A response for a client transaction this user started: every provisional, the final
     *  (not its retransmissions, except 2xx to INVITE which RFC 6026 passes up each time). */
    virtual void OnResponse(ClientTransaction& txn, const SipMessage& response) = 0;

    /** A client transaction ended without a final response: act as for a 408 (TIMEOUT) or a
     *  503 (TRANSPORT_ERROR) response, see ClientFailureStatus. */
    virtual void OnClientFailure(ClientTransaction& txn, ClientFailure failure) = 0;

    /** A server transaction failed (no ACK, transport error, user too slow). Default: ignore. */
    virtual void OnServerFailure(ServerTransaction& /*txn*/, ServerFailure /*failure*/) {}

    /** A response that matched no client transaction (e.g. a 2xx retransmission after the
     *  transaction ended): a stateful proxy forwards 2xx statelessly. Default: drop. */
    virtual void OnStrayResponse(const SipMessage& /*response*/, const Peer& /*from*/) {}
};

/** A TransactionUser that only starts client transactions of its own (keepalives, probes,
 *  vouchers): requests never reach it, so the server-side callbacks do nothing. */
class ClientTransactionUser : public TransactionUser
{
public:
    void OnRequest(ServerTransaction&) override {}
    void OnAck(const SipMessage&, const Peer&) override {}
    void OnCancel(ServerTransaction&, const SipMessage&) override {}
};

} // namespace sip

#endif // DOTS_SIP_TRANSACTION_TRANSACTION_H
