// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_ROUTER_KEEPALIVE_H
#define DOTS_SIP_ROUTER_KEEPALIVE_H

// OPTIONS pings to registered contacts: a contact that answers anything is alive; one that
// times out (timer F) or cannot be reached is removed from the location service, which
// reports the handle offline when it was its last contact.

#include <sip/registrar/location.h>
#include <sip/transaction/transaction.h>
#include <sip/transaction/transaction_layer.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

namespace sip {

struct KeepaliveConfig {
    std::string advertised_host; //!< host of our Via
    ListenPorts ports{5060};     //!< our ports (the Via names the one of the ping's transport)
    std::string domain;          //!< From: <sip:dots@domain>
    size_t max_outstanding{100'000}; //!< pings in flight at most
};

/**
 * Sends the pings and acts on their outcome. A TransactionUser of its own (only for the
 * client transactions it starts). SIP thread only, except Removed()/Sent().
 */
class Keepalive final : public ClientTransactionUser
{
public:
    using Clock = std::function<int64_t()>;
    Keepalive(KeepaliveConfig config, LocationService& location, Clock now);

    void SetLayer(TransactionLayer& layer) { m_layer = &layer; }

    /** Pings every live binding that has no ping in flight. Returns how many were sent. */
    size_t Tick();

    uint64_t Sent() const { return m_sent.load(std::memory_order_relaxed); }
    uint64_t Removed() const { return m_removed.load(std::memory_order_relaxed); }
    size_t Outstanding() const { return m_pending.size(); }

    void OnResponse(ClientTransaction& txn, const SipMessage& response) override;
    void OnClientFailure(ClientTransaction& txn, ClientFailure failure) override;

private:
    struct Ping {
        std::string aor;
        std::string contact_uri;
        std::string instance;
        uint32_t reg_id{0};
        std::string call_id;
        uint32_t cseq{0};
        int64_t registered_at{0};
    };
    /** Removes the pinged binding unless it was refreshed since the ping went out. */
    void RemoveDead(const Ping& ping);

    KeepaliveConfig m_config;
    LocationService& m_location;
    Clock m_now;
    TransactionLayer* m_layer{nullptr};
    std::unordered_map<TransactionId, Ping> m_pending;
    std::unordered_map<std::string, TransactionId> m_in_flight; //!< aor + contact -> ping
    uint64_t m_cseq{0};
    std::atomic<uint64_t> m_sent{0}, m_removed{0};
};

} // namespace sip

#endif // DOTS_SIP_ROUTER_KEEPALIVE_H
