// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSACTION_TIMER_H
#define DOTS_SIP_TRANSACTION_TIMER_H

// Time for the transaction layer. The layer keeps all of its timers (A..M) in one TimerHeap
// and asks a TimerDriver for a single wake-up at the earliest deadline, so the node needs one
// libevent timer in total and tests drive time by hand (ManualTimerDriver). Timers that only
// need about a second's precision (the RFC 3261 wait timers D, I, J, K, L, M, timer C and the
// user safety nets) go into coarse slots instead of the heap: O(1) to arm, move and expire, and
// all the timers of a slot expire in one wake-up.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <vector>

namespace sip {

/**
 * A clock plus a single re-armable alarm. The owner of the timers (the TransactionLayer)
 * installs a handler with SetHandler; the driver calls it at or after the last WakeAt()
 * deadline. Not thread-safe: used on the SIP thread only.
 */
class TimerDriver
{
public:
    virtual ~TimerDriver() = default;
    /** Monotonic milliseconds. */
    virtual int64_t NowMs() const = 0;
    /** Replaces the pending alarm: call the handler once at (or soon after) `deadline_ms`. */
    virtual void WakeAt(int64_t deadline_ms) = 0;
    /** Stops the pending alarm. */
    virtual void Disarm() = 0;
    void SetHandler(std::function<void()> handler) { m_handler = std::move(handler); }

protected:
    void Fire()
    {
        if (m_handler) m_handler();
    }

private:
    std::function<void()> m_handler;
};

/**
 * A fake clock for tests: time moves only in Advance(), which fires the handler at every
 * deadline it passes, in order, with NowMs() equal to that deadline.
 */
class ManualTimerDriver final : public TimerDriver
{
public:
    explicit ManualTimerDriver(int64_t start_ms = 1000000) : m_now{start_ms} {}
    int64_t NowMs() const override { return m_now; }
    void WakeAt(int64_t deadline_ms) override { m_deadline = deadline_ms; }
    void Disarm() override { m_deadline.reset(); }
    /** Moves time forward by `ms`, firing due alarms. At most 1,000,000 alarms per call. */
    void Advance(int64_t ms);
    std::optional<int64_t> Deadline() const { return m_deadline; }

private:
    int64_t m_now;
    std::optional<int64_t> m_deadline;
};

/** One timer slot, embedded in its owner (a transaction has two). Not copyable while armed. */
struct TimerNode {
    static constexpr size_t NOT_ARMED = std::numeric_limits<size_t>::max();
    static constexpr size_t IN_SLOT = NOT_ARMED - 1; // armed in a coarse slot (prev/next link it)
    int64_t deadline{0};
    size_t heap_index{NOT_ARMED};
    TimerNode* prev{nullptr}; // coarse slot list
    TimerNode* next{nullptr};
    bool Armed() const { return heap_index != NOT_ARMED; }
    bool Coarse() const { return heap_index == IN_SLOT; }
};

/**
 * The timers of the transaction layer, in two parts:
 *  - exact timers: an intrusive binary min-heap of TimerNodes: schedule, cancel and reschedule
 *    are O(log n) and never allocate once the vector has grown (no allocation per
 *    retransmission). Each heap slot holds a copy of its node's deadline, so sifting compares
 *    within the vector instead of reading a transaction per comparison (with tens of thousands
 *    of transactions in Timer J those reads were cache misses);
 *  - coarse timers (ScheduleCoarse): the deadline is rounded up to a multiple of the slot
 *    width and the node is appended to that slot's intrusive list: arming, moving, cancelling
 *    and expiring are O(1) (a map lookup among the few live slots), and the whole slot expires
 *    in one wake-up instead of one wake-up per transaction. A coarse timer never fires early.
 * Expired nodes come out in deadline order (a coarse slot's nodes in the order they were
 * armed; at equal deadlines exact timers first). The heap does not own the nodes; a node must
 * be cancelled before it is destroyed.
 */
class TimerHeap
{
public:
    /** Arms `node` for exactly `deadline`, moving it if it was armed already. */
    void Schedule(TimerNode& node, int64_t deadline);
    /** Arms `node` for the first multiple of `slot_ms` at or after `deadline` (exactly
     *  `deadline` when slot_ms <= 1), moving it if it was armed already. */
    void ScheduleCoarse(TimerNode& node, int64_t deadline, int64_t slot_ms);
    /** Disarms `node`; no-op when not armed. */
    void Cancel(TimerNode& node);
    /** Removes and returns the earliest node with deadline <= now, or nullptr. */
    TimerNode* PopExpired(int64_t now);
    /** The earliest deadline, or nullopt when empty. */
    std::optional<int64_t> NextDeadline() const;
    /** Armed nodes, exact and coarse. */
    size_t Size() const { return m_heap.size() + m_coarse_count; }
    /** Coarse slots holding at least one node. */
    size_t CoarseSlots() const { return m_slots.size(); }

private:
    void Swap(size_t a, size_t b);
    void SiftUp(size_t i);
    void SiftDown(size_t i);
    void RemoveAt(size_t i);
    void Unlink(TimerNode& node);

    struct Slot {
        int64_t deadline; // == node->deadline
        TimerNode* node;
    };
    std::vector<Slot> m_heap;
    /** A coarse slot's nodes, oldest first. */
    struct List {
        TimerNode* head{nullptr};
        TimerNode* tail{nullptr};
    };
    std::map<int64_t, List> m_slots; // by the slot's deadline
    /** Nodes of slots that emptied, reused for the next new slot: the slots of the long
     *  timers (C, the user safety nets) empty and refill with every call, and a map node
     *  allocated and freed each time cost two heap calls per call. At most MAX_SPARE_SLOTS. */
    std::vector<std::map<int64_t, List>::node_type> m_spare;
    static constexpr size_t MAX_SPARE_SLOTS = 64;
    /** The slot list for `deadline`, created (from m_spare when it can) if missing. */
    List& SlotAt(int64_t deadline);
    size_t m_coarse_count{0};
};

} // namespace sip

#endif // DOTS_SIP_TRANSACTION_TIMER_H
