// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mempool/feerate.h>

#include <util/format.h>

namespace mempool {

FeeRate::FeeRate(CAmount fee, int64_t size)
{
    // fee <= MAX_MONEY (< 2^51) times 1000 fits an int64.
    m_per_kb = size > 0 ? fee * 1000 / size : 0;
}

CAmount FeeRate::GetFee(int64_t size) const
{
    // Round up (as Bitcoin Core since 0.21): a fee computed from a rate always meets that rate.
    CAmount fee = (m_per_kb * size + 999) / 1000;
    if (m_per_kb > 0 && size > 0 && fee == 0) fee = 1;
    if (m_per_kb < 0) fee = m_per_kb * size / 1000;
    return fee;
}

std::string FeeRate::ToString() const
{
    return StrFormat("%d.%08d DOTS/kvB", static_cast<int>(m_per_kb / COIN), static_cast<int>(m_per_kb % COIN));
}

} // namespace mempool
