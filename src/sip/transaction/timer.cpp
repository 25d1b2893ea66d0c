// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/transaction/timer.h>

#include <algorithm>
#include <cassert>
#include <utility>

namespace sip {

void ManualTimerDriver::Advance(int64_t ms)
{
    const int64_t target = m_now + ms;
    for (int i = 0; i < 1000000 && m_deadline && *m_deadline <= target; ++i) {
        if (*m_deadline > m_now) m_now = *m_deadline;
        m_deadline.reset();
        Fire(); // may call WakeAt again
    }
    m_now = target;
}

void TimerHeap::Swap(size_t a, size_t b)
{
    std::swap(m_heap[a], m_heap[b]);
    m_heap[a].node->heap_index = a;
    m_heap[b].node->heap_index = b;
}

void TimerHeap::SiftUp(size_t i)
{
    while (i > 0) {
        const size_t parent = (i - 1) / 2;
        if (m_heap[parent].deadline <= m_heap[i].deadline) break;
        Swap(i, parent);
        i = parent;
    }
}

void TimerHeap::SiftDown(size_t i)
{
    const size_t n = m_heap.size();
    for (;;) {
        const size_t l = 2 * i + 1, r = l + 1;
        size_t smallest = i;
        if (l < n && m_heap[l].deadline < m_heap[smallest].deadline) smallest = l;
        if (r < n && m_heap[r].deadline < m_heap[smallest].deadline) smallest = r;
        if (smallest == i) return;
        Swap(i, smallest);
        i = smallest;
    }
}

void TimerHeap::RemoveAt(size_t i)
{
    assert(i < m_heap.size());
    TimerNode* node = m_heap[i].node;
    const size_t last = m_heap.size() - 1;
    if (i != last) {
        Swap(i, last);
        m_heap.pop_back();
        SiftDown(i);
        SiftUp(i);
    } else {
        m_heap.pop_back();
    }
    node->heap_index = TimerNode::NOT_ARMED;
}

void TimerHeap::Schedule(TimerNode& node, int64_t deadline)
{
    if (node.Coarse()) Unlink(node);
    if (node.Armed()) {
        const int64_t old = node.deadline;
        node.deadline = deadline;
        m_heap[node.heap_index].deadline = deadline;
        if (deadline < old) {
            SiftUp(node.heap_index);
        } else {
            SiftDown(node.heap_index);
        }
        return;
    }
    node.deadline = deadline;
    node.heap_index = m_heap.size();
    m_heap.push_back(Slot{deadline, &node});
    SiftUp(node.heap_index);
}

void TimerHeap::ScheduleCoarse(TimerNode& node, int64_t deadline, int64_t slot_ms)
{
    if (slot_ms > 1) {
        int64_t q = deadline / slot_ms; // truncates toward zero: rounds negative deadlines up already
        if (q * slot_ms < deadline) ++q;
        deadline = q * slot_ms;
    }
    if (node.Coarse()) {
        if (node.deadline == deadline) return; // already there (e.g. restarted within the slot)
        Unlink(node);
    } else {
        Cancel(node);
    }
    List& list = SlotAt(deadline);
    node.deadline = deadline;
    node.heap_index = TimerNode::IN_SLOT;
    node.prev = list.tail;
    node.next = nullptr;
    if (list.tail) {
        list.tail->next = &node;
    } else {
        list.head = &node;
    }
    list.tail = &node;
    ++m_coarse_count;
}

TimerHeap::List& TimerHeap::SlotAt(int64_t deadline)
{
    auto it = m_slots.lower_bound(deadline);
    if (it != m_slots.end() && it->first == deadline) return it->second;
    if (m_spare.empty()) return m_slots.emplace_hint(it, deadline, List{})->second;
    auto slot = std::move(m_spare.back());
    m_spare.pop_back();
    slot.key() = deadline;
    slot.mapped() = List{};
    return m_slots.insert(it, std::move(slot))->second;
}

void TimerHeap::Unlink(TimerNode& node)
{
    assert(node.Coarse());
    auto it = m_slots.find(node.deadline);
    assert(it != m_slots.end());
    List& list = it->second;
    if (node.prev) {
        node.prev->next = node.next;
    } else {
        list.head = node.next;
    }
    if (node.next) {
        node.next->prev = node.prev;
    } else {
        list.tail = node.prev;
    }
    if (!list.head) {
        if (m_spare.size() < MAX_SPARE_SLOTS) {
            m_spare.push_back(m_slots.extract(it));
        } else {
            m_slots.erase(it);
        }
    }
    node.prev = node.next = nullptr;
    node.heap_index = TimerNode::NOT_ARMED;
    --m_coarse_count;
}

void TimerHeap::Cancel(TimerNode& node)
{
    if (node.Coarse()) {
        Unlink(node);
    } else if (node.Armed()) {
        RemoveAt(node.heap_index);
    }
}

TimerNode* TimerHeap::PopExpired(int64_t now)
{
    const bool heap_due = !m_heap.empty() && m_heap.front().deadline <= now;
    const bool slot_due = !m_slots.empty() && m_slots.begin()->first <= now;
    if (heap_due && (!slot_due || m_heap.front().deadline <= m_slots.begin()->first)) {
        TimerNode* node = m_heap.front().node;
        RemoveAt(0);
        return node;
    }
    if (!slot_due) return nullptr;
    TimerNode* node = m_slots.begin()->second.head;
    Unlink(*node);
    return node;
}

std::optional<int64_t> TimerHeap::NextDeadline() const
{
    if (m_heap.empty() && m_slots.empty()) return std::nullopt;
    if (m_slots.empty()) return m_heap.front().deadline;
    if (m_heap.empty()) return m_slots.begin()->first;
    return std::min(m_heap.front().deadline, m_slots.begin()->first);
}

} // namespace sip
