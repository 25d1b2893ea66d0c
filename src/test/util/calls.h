// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_TEST_UTIL_CALLS_H
#define DOTS_TEST_UTIL_CALLS_H

// Test doubles of the seam between the SIP router and the node for paying for minutes
// (interfaces/calls.h), for tests of the router without a wallet: a CallAccounting that records
// the seconds it is told and hands out the vouchers a test queued, and a VoucherSink that records
// what it receives and answers at once or when the test says so.

#include <interfaces/calls.h>
#include <util/sync.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace test {

/** Records every AddCallSeconds and VoucherAnswered; OriginatingNode() is `origin`; TakeVouchers hands out `vouchers` once. Thread-safe. */
class FakeCallAccounting final : public interfaces::CallAccounting
{
public:
    std::optional<interfaces::CallNodeId> OriginatingNode() const override
    {
        LOCK(m_mutex);
        return m_origin;
    }
    void AddCallSeconds(const interfaces::CallSeconds& seconds) override
    {
        LOCK(m_mutex);
        m_seconds.push_back(seconds);
    }
    std::vector<interfaces::OutgoingVoucher> TakeVouchers() override
    {
        LOCK(m_mutex);
        return std::exchange(m_vouchers, {});
    }
    void VoucherAnswered(std::string_view message_bytes, const interfaces::VoucherAnswer& answer) override
    {
        LOCK(m_mutex);
        m_answers.push_back({std::string{message_bytes}, answer});
    }

    void SetOrigin(std::optional<interfaces::CallNodeId> origin)
    {
        LOCK(m_mutex);
        m_origin = origin;
    }
    /** Queues a voucher for the next TakeVouchers. */
    void Queue(interfaces::OutgoingVoucher voucher)
    {
        LOCK(m_mutex);
        m_vouchers.push_back(std::move(voucher));
    }
    /** Every report so far, oldest first. */
    std::vector<interfaces::CallSeconds> Seconds() const
    {
        LOCK(m_mutex);
        return m_seconds;
    }
    /** The sum of the seconds reported for `term`. */
    uint64_t TotalSeconds(const interfaces::CallNodeId& term) const
    {
        LOCK(m_mutex);
        uint64_t total = 0;
        for (const auto& s : m_seconds) total += s.term == term ? s.seconds : 0;
        return total;
    }
    /** Every VoucherAnswered so far (message bytes, answer), oldest first. */
    std::vector<std::pair<std::string, interfaces::VoucherAnswer>> Answers() const
    {
        LOCK(m_mutex);
        return m_answers;
    }

private:
    mutable Mutex m_mutex;
    std::optional<interfaces::CallNodeId> m_origin GUARDED_BY(m_mutex);
    std::vector<interfaces::CallSeconds> m_seconds GUARDED_BY(m_mutex);
    std::vector<interfaces::OutgoingVoucher> m_vouchers GUARDED_BY(m_mutex);
    std::vector<std::pair<std::string, interfaces::VoucherAnswer>> m_answers GUARDED_BY(m_mutex);
};

/** Records each voucher received (bytes and peer); answers `verdict` at once, or keeps the
 *  callbacks in `held` while `hold` is set. SIP-thread tests only (not thread-safe). */
class FakeVoucherSink final : public interfaces::VoucherSink
{
public:
    struct Received {
        std::string bytes;
        std::string peer;
    };
    void Receive(std::string_view bytes, std::string_view peer, interfaces::VoucherVerdictCallback done) override
    {
        received.push_back({std::string{bytes}, std::string{peer}});
        if (hold) {
            held.push_back(std::move(done));
        } else {
            done(verdict);
        }
    }

    interfaces::VoucherVerdict verdict{200, "OK", {}};
    bool hold{false};
    std::vector<Received> received;
    std::vector<interfaces::VoucherVerdictCallback> held;
};

} // namespace test

#endif // DOTS_TEST_UTIL_CALLS_H
