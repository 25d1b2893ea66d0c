// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transaction/stack.h>

namespace sip {

// m_transport keeps a reference to m_layer before m_layer is constructed; it is not used
// until Start(), which runs after both exist.
Stack::Stack(event_base* base, TransactionUser& user, StackConfig config)
    : m_timers{base}, m_transport{base, m_layer, std::move(config.transport)}, m_layer{m_transport, m_timers, user, config.transactions}
{
}

util::Result<void> Stack::Start()
{
    return m_transport.Start();
}

SipStatsSnapshot Stack::Stats() const
{
    return {m_transport.Stats().Snapshot(), m_layer.Stats()};
}

} // namespace sip
