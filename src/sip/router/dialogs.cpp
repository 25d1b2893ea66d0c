// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/router/dialogs.h>

#include <util/logging.h>

#include <algorithm>

namespace sip {

std::string_view DialogStateName(DialogState state)
{
    switch (state) {
    case DialogState::EARLY: return "early";
    case DialogState::CONFIRMED: return "answered";
    case DialogState::ENDED: return "ended";
    }
    return "unknown";
}

int64_t DialogInfo::Duration(int64_t now) const
{
    if (answered_at == 0) return 0;
    const int64_t end = ended_at != 0 ? ended_at : now;
    return std::max<int64_t>(0, end - answered_at);
}

std::optional<interfaces::CallSeconds> DialogTable::Entry::Bill(int64_t now)
{
    if (!billing || answered_at == 0 || now <= billing->billed_until) return std::nullopt;
    interfaces::CallSeconds out{billing->call.node, billing->call.rate, static_cast<uint64_t>(now - billing->billed_until), billing->call_id};
    billing->billed_until = now;
    return out;
}

void DialogTable::Key(std::string& out, std::string_view call_id, std::string_view caller_tag, std::string_view callee_tag)
{
    out.clear();
    out.reserve(call_id.size() + caller_tag.size() + callee_tag.size() + 2);
    out.append(call_id).push_back('\n');
    out.append(caller_tag).push_back('\n');
    out.append(callee_tag);
}

DialogTable::Map::iterator DialogTable::Lookup(std::string_view call_id, std::string_view from_tag, std::string_view to_tag,
                                               bool& caller_sent)
{
    Key(m_key, call_id, from_tag, to_tag);
    auto it = m_dialogs.find(m_key);
    caller_sent = true;
    if (it == m_dialogs.end()) {
        Key(m_key, call_id, to_tag, from_tag);
        it = m_dialogs.find(m_key);
        caller_sent = false;
    }
    return it;
}

bool DialogTable::HasRoom(size_t pending) const
{
    LOCK(m_mutex);
    return m_dialogs.size() + pending < m_limits.max_dialogs;
}

bool DialogTable::Upsert(const DialogInfo& info, int64_t now)
{
    LOCK(m_mutex);
    Key(m_key, info.call_id, info.caller_tag, info.callee_tag);
    auto it = m_dialogs.find(m_key);
    const bool confirmed = info.state == DialogState::CONFIRMED;
    if (it == m_dialogs.end()) {
        const size_t limit = confirmed ? m_limits.max_dialogs + m_limits.max_dialogs / 10 : m_limits.max_dialogs;
        if (m_dialogs.size() >= limit) return false;
        Entry e;
        e.from_handle = info.from_handle;
        e.to_handle = info.to_handle;
        e.caller_hop = info.caller.hop;
        e.callee_hop = info.callee.hop;
        e.method = info.method;
        e.state = confirmed ? DialogState::CONFIRMED : DialogState::EARLY;
        e.created_at = e.last_activity = now;
        if (info.remote && e.IsCall()) e.billing = std::make_unique<Entry::Billing>(Entry::Billing{*info.remote, now, info.call_id});
        if (confirmed) {
            e.answered_at = now;
            if (e.IsCall()) ++m_active_calls;
        }
        m_dialogs.emplace(m_key, std::move(e));
        return true;
    }
    Entry& d = it->second;
    d.last_activity = now;
    if (d.state == DialogState::EARLY && confirmed) {
        d.state = DialogState::CONFIRMED;
        d.answered_at = now;
        if (d.billing) d.billing->billed_until = now; // billed from the answer
        if (d.IsCall()) ++m_active_calls;
    }
    return true;
}

std::optional<DialogMatch> DialogTable::Find(std::string_view call_id, std::string_view from_tag, std::string_view to_tag,
                                             int64_t now)
{
    LOCK(m_mutex);
    bool caller_sent = false;
    auto it = Lookup(call_id, from_tag, to_tag, caller_sent);
    if (it == m_dialogs.end()) return std::nullopt;
    it->second.last_activity = now;
    return DialogMatch{it->second.state, caller_sent, caller_sent ? it->second.callee_hop : it->second.caller_hop};
}

CallRecord DialogTable::RecordOf(const std::string& key, const Entry& e, CallEnd reason)
{
    CallRecord r;
    r.call_id = key.substr(0, key.find('\n'));
    r.from_handle = e.from_handle;
    r.to_handle = e.to_handle;
    r.created_at = e.created_at;
    r.answered_at = e.answered_at;
    r.ended_at = e.ended_at;
    r.reason = reason;
    return r;
}

void DialogTable::Remember(CallRecord record)
{
    m_recent.push_back(std::move(record));
    while (m_recent.size() > m_limits.max_recent_calls) m_recent.pop_front();
}

bool DialogTable::End(std::string_view call_id, std::string_view from_tag, std::string_view to_tag, int64_t now)
{
    std::optional<CallRecord> ended;
    std::optional<interfaces::CallSeconds> seconds;
    {
        LOCK(m_mutex);
        bool caller_sent = false;
        auto it = Lookup(call_id, from_tag, to_tag, caller_sent);
        if (it == m_dialogs.end() || it->second.state == DialogState::ENDED) return false;
        Entry& d = it->second;
        const bool answered_call = d.IsCall() && d.state == DialogState::CONFIRMED;
        d.state = DialogState::ENDED;
        d.ended_at = d.last_activity = now;
        if (answered_call) {
            --m_active_calls;
            ended = RecordOf(it->first, d, CallEnd::BYE);
            Remember(*ended);
            seconds = d.Bill(now);
        }
        d.billing.reset();
        // The strings are not needed any more; the hops are, for a crossing BYE.
        d.from_handle = std::string{};
        d.to_handle = std::string{};
    }
    if (seconds && m_accounting) m_accounting->AddCallSeconds(*seconds);
    if (ended && m_listener) m_listener->OnCallEnded(*ended);
    return true;
}

bool DialogTable::RemoveEarly(std::string_view call_id, std::string_view caller_tag, std::string_view callee_tag)
{
    LOCK(m_mutex);
    Key(m_key, call_id, caller_tag, callee_tag);
    auto it = m_dialogs.find(m_key);
    if (it == m_dialogs.end() || it->second.state != DialogState::EARLY) return false;
    m_dialogs.erase(it);
    return true;
}

size_t DialogTable::Sweep(int64_t now)
{
    std::vector<CallRecord> timed_out;
    std::vector<interfaces::CallSeconds> billed;
    size_t removed = 0;
    {
        LOCK(m_mutex);
        for (auto it = m_dialogs.begin(); it != m_dialogs.end();) {
            Entry& d = it->second;
            bool drop = false;
            switch (d.state) {
            case DialogState::EARLY: drop = now - d.created_at >= m_limits.early_timeout; break;
            case DialogState::ENDED: drop = now - d.ended_at >= m_limits.ended_linger; break;
            case DialogState::CONFIRMED:
                drop = d.IsCall() ? now - d.answered_at >= m_limits.max_call_duration
                                  : now - d.last_activity >= m_limits.idle_timeout;
                if (drop && d.IsCall()) {
                    --m_active_calls;
                    d.ended_at = now;
                    timed_out.push_back(RecordOf(it->first, d, CallEnd::TIMEOUT));
                    Remember(timed_out.back());
                }
                // A billed call: the rest when it goes, else whenever an interval accrued.
                if (d.billing && (drop || now - d.billing->billed_until >= m_limits.billing_interval)) {
                    // A timed-out call is billed up to its limit, not to this sweep.
                    const int64_t until = drop ? std::min(now, d.answered_at + m_limits.max_call_duration) : now;
                    if (auto seconds = d.Bill(until)) billed.push_back(*seconds);
                }
                break;
            }
            if (drop) {
                it = m_dialogs.erase(it);
                ++removed;
            } else {
                ++it;
            }
        }
        while (!m_recent.empty() && now - m_recent.front().ended_at >= m_limits.recent_calls_seconds) m_recent.pop_front();
    }
    if (m_accounting) {
        for (const interfaces::CallSeconds& seconds : billed) m_accounting->AddCallSeconds(seconds);
    }
    for (const CallRecord& r : timed_out) {
        LogInfo("SIP call %s from %s to %s dropped: answered %lld s ago without a BYE", r.call_id.c_str(),
                r.from_handle.c_str(), r.to_handle.c_str(), (long long)r.Duration());
        if (m_listener) m_listener->OnCallEnded(r);
    }
    return removed;
}

std::vector<DialogInfo> DialogTable::Calls() const
{
    LOCK(m_mutex);
    std::vector<DialogInfo> out;
    for (const auto& [key, d] : m_dialogs) {
        if (!d.IsCall() || d.state == DialogState::ENDED) continue; // ended ones are in m_recent
        DialogInfo i;
        const size_t a = key.find('\n');
        const size_t b = key.find('\n', a + 1);
        i.call_id = key.substr(0, a);
        i.caller_tag = key.substr(a + 1, b - a - 1);
        i.callee_tag = key.substr(b + 1);
        i.from_handle = d.from_handle;
        i.to_handle = d.to_handle;
        i.state = d.state;
        i.created_at = d.created_at;
        i.answered_at = d.answered_at;
        out.push_back(std::move(i));
    }
    for (const CallRecord& r : m_recent) {
        DialogInfo i;
        i.call_id = r.call_id;
        i.from_handle = r.from_handle;
        i.to_handle = r.to_handle;
        i.state = DialogState::ENDED;
        i.created_at = r.created_at;
        i.answered_at = r.answered_at;
        i.ended_at = r.ended_at;
        out.push_back(std::move(i));
    }
    std::stable_sort(out.begin(), out.end(), [](const DialogInfo& a, const DialogInfo& b) { return a.created_at < b.created_at; });
    return out;
}

size_t DialogTable::Size() const
{
    LOCK(m_mutex);
    return m_dialogs.size();
}

size_t DialogTable::ActiveCalls() const
{
    LOCK(m_mutex);
    return m_active_calls;
}

} // namespace sip
