// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/router/dialogs.h>

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

std::string DialogTable::Key(std::string_view call_id, std::string_view caller_tag, std::string_view callee_tag)
{
    std::string key;
    key.reserve(call_id.size() + caller_tag.size() + callee_tag.size() + 2);
    key.append(call_id).push_back('\n');
    key.append(caller_tag).push_back('\n');
    key.append(callee_tag);
    return key;
}

bool DialogTable::Upsert(DialogInfo info, int64_t now)
{
    LOCK(m_mutex);
    const std::string key = Key(info.call_id, info.caller_tag, info.callee_tag);
    auto it = m_dialogs.find(key);
    if (it == m_dialogs.end()) {
        if (m_dialogs.size() >= m_limits.max_dialogs) return false;
        info.created_at = now;
        info.last_activity = now;
        if (info.state == DialogState::CONFIRMED) info.answered_at = now;
        m_dialogs.emplace(key, std::move(info));
        return true;
    }
    DialogInfo& d = it->second;
    d.last_activity = now;
    if (!info.callee.contact.empty()) d.callee.contact = std::move(info.callee.contact);
    if (d.state == DialogState::EARLY && info.state == DialogState::CONFIRMED) {
        d.state = DialogState::CONFIRMED;
        d.answered_at = now;
    }
    return true;
}

std::optional<DialogInfo> DialogTable::Find(std::string_view call_id, std::string_view from_tag, std::string_view to_tag,
                                            int64_t now, bool& caller_sent)
{
    LOCK(m_mutex);
    auto it = m_dialogs.find(Key(call_id, from_tag, to_tag));
    caller_sent = true;
    if (it == m_dialogs.end()) {
        it = m_dialogs.find(Key(call_id, to_tag, from_tag));
        caller_sent = false;
    }
    if (it == m_dialogs.end()) return std::nullopt;
    it->second.last_activity = now;
    return it->second;
}

bool DialogTable::End(std::string_view call_id, std::string_view from_tag, std::string_view to_tag, int64_t now)
{
    LOCK(m_mutex);
    auto it = m_dialogs.find(Key(call_id, from_tag, to_tag));
    if (it == m_dialogs.end()) it = m_dialogs.find(Key(call_id, to_tag, from_tag));
    if (it == m_dialogs.end() || it->second.state == DialogState::ENDED) return false;
    it->second.state = DialogState::ENDED;
    it->second.ended_at = now;
    it->second.last_activity = now;
    return true;
}

size_t DialogTable::Sweep(int64_t now)
{
    LOCK(m_mutex);
    size_t removed = 0;
    for (auto it = m_dialogs.begin(); it != m_dialogs.end();) {
        const DialogInfo& d = it->second;
        bool drop = false;
        switch (d.state) {
        case DialogState::EARLY: drop = now - d.created_at >= m_limits.early_timeout; break;
        case DialogState::ENDED: drop = now - d.ended_at >= m_limits.ended_linger; break;
        case DialogState::CONFIRMED:
            drop = d.IsCall() ? now - d.answered_at >= m_limits.max_call_duration
                              : now - d.last_activity >= m_limits.idle_timeout;
            break;
        }
        if (drop) {
            it = m_dialogs.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
    return removed;
}

std::vector<DialogInfo> DialogTable::Calls() const
{
    LOCK(m_mutex);
    std::vector<DialogInfo> out;
    for (const auto& [key, d] : m_dialogs) {
        if (d.IsCall()) out.push_back(d);
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
    return std::count_if(m_dialogs.begin(), m_dialogs.end(),
                         [](const auto& kv) { return kv.second.IsCall() && kv.second.state == DialogState::CONFIRMED; });
}

} // namespace sip
