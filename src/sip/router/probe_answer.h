// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_ROUTER_PROBE_ANSWER_H
#define DOTS_SIP_ROUTER_PROBE_ANSWER_H

// The target side of availability probing in the SIP router: an OPTIONS addressed to this node
// that carries a DOTS-Probe header is checked by the node (interfaces::ProbeTarget) and
// answered 200 with DOTS-Probe-Answer, or with the 4xx/5xx the node chose. The proxy calls
// this from its OPTIONS handling (sip/router/proxy.cpp); doc/registry.md "Probing protocol".

#include <interfaces/probe.h>
#include <sip/transaction/transaction.h>
#include <sip/transaction/transaction_layer.h>

#include <string_view>

namespace sip {

/**
 * If `txn`'s request carries DOTS-Probe, answers it and returns true; otherwise returns false
 * and sends nothing. A malformed or repeated header gets 400, a node that does not probe
 * (`target` null: no wallet, -probe=0 does not matter here) 404; `allow_headers` is added to
 * every answer (the OPTIONS capabilities). SIP thread only.
 */
bool AnswerProbe(ServerTransaction& txn, TransactionLayer& layer, interfaces::ProbeTarget* target, std::string_view allow_headers);

} // namespace sip

#endif // DOTS_SIP_ROUTER_PROBE_ANSWER_H
