// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_MEMPOOL_FEERATE_H
#define DOTS_MEMPOOL_FEERATE_H

/**
 * FeeRate: a fee per 1,000 bytes of transaction size (Bitcoin Core's CFeeRate, units per kvB).
 * DOTS has no witness discount: the size a fee rate applies to is the serialized size with
 * witnesses, raised for transactions heavy in signature checks (mempool/policy.h
 * GetPolicySize). Value type; thread-compatible.
 */

#include <primitives/amount.h>

#include <cstdint>
#include <string>

namespace mempool {

class FeeRate
{
public:
    FeeRate() = default;
    /** A rate of `per_kb` units per 1,000 bytes. */
    explicit constexpr FeeRate(CAmount per_kb) : m_per_kb{per_kb} {}
    /** The rate of paying `fee` for `size` bytes (0 for size 0). */
    FeeRate(CAmount fee, int64_t size);

    /** The fee for `size` bytes, rounded up so a rate is never undercut by rounding; at least
     * 1 unit for a positive rate and size. */
    CAmount GetFee(int64_t size) const;
    CAmount GetFeePerK() const { return m_per_kb; }
    /** "0.00001000 DOTS/kvB". */
    std::string ToString() const;

    friend auto operator<=>(const FeeRate&, const FeeRate&) = default;
    FeeRate& operator+=(const FeeRate& other)
    {
        m_per_kb += other.m_per_kb;
        return *this;
    }

private:
    CAmount m_per_kb{0};
};

} // namespace mempool

#endif // DOTS_MEMPOOL_FEERATE_H
