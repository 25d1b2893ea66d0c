// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSACTION_STACK_H
#define DOTS_SIP_TRANSACTION_STACK_H

/**
 * Stack: the SIP stack below the registrar and proxy (transport, parser and validation,
 * transaction layer) assembled on one libevent loop, with its counters for getsipinfo.
 */

#include <sip/transaction/event_timer.h>
#include <sip/transaction/transaction_layer.h>
#include <sip/transport/event_transport.h>
#include <util/result.h>

struct event_base;

namespace sip {

struct StackConfig {
    EventTransportConfig transport;
    TransactionConfig transactions;
};

/** Transport and transaction counters, for getsipinfo. */
struct SipStatsSnapshot {
    TransportStatsSnapshot transport;
    TransactionStatsSnapshot transactions;
};

/**
 * The SIP stack below the transaction user: UDP/TCP transport -> parser and validation ->
 * transaction layer -> `user` (the registrar/proxy dispatcher), on one libevent event_base.
 *
 * Threading model: one SIP thread runs `base`'s loop; every callback into `user` happens on
 * it and the user calls Transactions() only from it. Stats() is safe from any thread (RPC).
 * To act on the stack from another thread, schedule work on `base` (event_base_once with
 * EVTHREAD enabled) rather than calling in directly.
 */
class Stack
{
public:
    /** `base` and `user` must outlive the stack. Nothing is opened until Start(). */
    Stack(event_base* base, TransactionUser& user, StackConfig config);

    /** Opens the listeners. The error names the address that failed. */
    [[nodiscard]] util::Result<void> Start();

    TransactionLayer& Transactions() { return m_layer; }
    EventTransport& Transport() { return m_transport; }
    /** Thread-safe. */
    SipStatsSnapshot Stats() const;

private:
    EventTimerDriver m_timers;
    EventTransport m_transport; // delivers to m_layer
    TransactionLayer m_layer;   // sends through m_transport
};

} // namespace sip

#endif // DOTS_SIP_TRANSACTION_STACK_H
