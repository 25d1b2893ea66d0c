// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <net/banman.h>

#include <util/fs.h>
#include <util/logging.h>
#include <util/time.h>

#include <univalue.h>

namespace net {

namespace {
constexpr int BANLIST_ENTRY_VERSION = 1;
} // namespace

BanMan::BanMan(std::filesystem::path banlist_path, int64_t default_ban_time, std::function<int64_t()> clock)
    : m_path{std::move(banlist_path)}, m_default_ban_time{default_ban_time}, m_clock{std::move(clock)}
{
}

int64_t BanMan::Now() const
{
    return m_clock ? m_clock() : GetTime();
}

util::Result<void> BanMan::Load()
{
    if (m_path.empty()) return {};
    std::error_code ec;
    if (!std::filesystem::exists(m_path, ec)) return {};
    auto content = ReadSmallFile(m_path, 64 << 20);
    if (!content) return util::Error{content.error()};
    UniValue root;
    if (!root.read(*content) || !root.isObject() || !root["banned_nets"].isArray()) {
        return util::Error{"invalid JSON in " + m_path.string()};
    }
    LOCK(m_mutex);
    m_banned.clear();
    const UniValue& nets = root["banned_nets"];
    for (size_t i = 0; i < nets.size(); ++i) {
        const UniValue& entry = nets[i];
        if (!entry.isObject() || !entry["address"].isStr() || !entry["ban_created"].isNum() ||
            !entry["banned_until"].isNum() || !entry["version"].isNum()) {
            return util::Error{"invalid entry in " + m_path.string()};
        }
        if (entry["version"].get_int() != BANLIST_ENTRY_VERSION) continue;
        const auto subnet = Subnet::Parse(entry["address"].get_str());
        if (!subnet) {
            LogWarning("%s: skipping invalid subnet %s", m_path.filename().c_str(), entry["address"].get_str().c_str());
            continue;
        }
        BanEntry ban{*subnet, entry["ban_created"].get_int64(), entry["banned_until"].get_int64()};
        m_banned[subnet->ToString()] = ban;
    }
    SweepBanned();
    m_dirty = false;
    return {};
}

util::Result<void> BanMan::DumpIfDirty()
{
    if (m_path.empty()) return {};
    UniValue nets{UniValue::VARR};
    {
        LOCK(m_mutex);
        SweepBanned();
        if (!m_dirty) return {};
        for (const auto& [text, ban] : m_banned) {
            UniValue entry{UniValue::VOBJ};
            entry.pushKV("version", BANLIST_ENTRY_VERSION);
            entry.pushKV("ban_created", ban.created);
            entry.pushKV("banned_until", ban.banned_until);
            entry.pushKV("address", text);
            nets.push_back(std::move(entry));
        }
        m_dirty = false;
    }
    UniValue root{UniValue::VOBJ};
    root.pushKV("banned_nets", std::move(nets));
    if (auto res = WriteFileAtomic(m_path, root.write(1) + "\n", false); !res) {
        LOCK(m_mutex);
        m_dirty = true;
        return util::Error{res.error()};
    }
    return {};
}

void BanMan::Ban(const Subnet& subnet, int64_t ban_time, bool absolute)
{
    const int64_t now = Now();
    BanEntry ban{subnet, now, 0};
    if (ban_time <= 0) ban_time = m_default_ban_time;
    ban.banned_until = absolute ? ban_time : now + ban_time;
    {
        LOCK(m_mutex);
        m_banned[subnet.ToString()] = ban;
        m_dirty = true;
    }
    if (auto res = DumpIfDirty(); !res) LogWarning("Could not write the ban list: %s", res.error().c_str());
}

bool BanMan::Unban(const Subnet& subnet)
{
    {
        LOCK(m_mutex);
        if (m_banned.erase(subnet.ToString()) == 0) return false;
        m_dirty = true;
    }
    if (auto res = DumpIfDirty(); !res) LogWarning("Could not write the ban list: %s", res.error().c_str());
    return true;
}

void BanMan::ClearBanned()
{
    {
        LOCK(m_mutex);
        m_banned.clear();
        m_dirty = true;
    }
    if (auto res = DumpIfDirty(); !res) LogWarning("Could not write the ban list: %s", res.error().c_str());
}

bool BanMan::IsBanned(const NetAddr& addr)
{
    const int64_t now = Now();
    LOCK(m_mutex);
    for (const auto& [text, ban] : m_banned) {
        if (ban.banned_until > now && SubnetMatches(ban.subnet, addr)) return true;
    }
    return false;
}

bool BanMan::IsSubnetBanned(const Subnet& subnet)
{
    const int64_t now = Now();
    LOCK(m_mutex);
    const auto it = m_banned.find(subnet.ToString());
    return it != m_banned.end() && it->second.banned_until > now;
}

std::vector<BanEntry> BanMan::GetBanned()
{
    LOCK(m_mutex);
    SweepBanned();
    std::vector<BanEntry> out;
    for (const auto& [text, ban] : m_banned) out.push_back(ban);
    return out;
}

void BanMan::SweepBanned()
{
    const int64_t now = Now();
    for (auto it = m_banned.begin(); it != m_banned.end();) {
        if (it->second.banned_until <= now) {
            LogDebug(BCLog::NET, "Removed banned node address/subnet: %s", it->first.c_str());
            it = m_banned.erase(it);
            m_dirty = true;
        } else {
            ++it;
        }
    }
}

void BanMan::Discourage(const NetAddr& addr)
{
    const int64_t until = Now() + DISCOURAGEMENT_TIME;
    LOCK(m_mutex);
    m_discouraged[addr] = until;
    m_discourage_order.emplace_back(addr, until);
    while (m_discourage_order.size() > DISCOURAGED_MAX) {
        const auto& [oldest, expiry] = m_discourage_order.front();
        const auto it = m_discouraged.find(oldest);
        if (it != m_discouraged.end() && it->second == expiry) m_discouraged.erase(it);
        m_discourage_order.pop_front();
    }
}

bool BanMan::IsDiscouraged(const NetAddr& addr)
{
    const int64_t now = Now();
    LOCK(m_mutex);
    const auto it = m_discouraged.find(addr);
    return it != m_discouraged.end() && it->second > now;
}

void BanMan::ClearDiscouraged()
{
    LOCK(m_mutex);
    m_discouraged.clear();
    m_discourage_order.clear();
}

} // namespace net
