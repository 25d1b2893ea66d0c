// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/chars.h>
#include <sip/registrar/location.h>

#include <interfaces/chain_directory.h>
#include <sip/parser/uri.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>

namespace sip {
using chars::EqualsNoCase;
namespace {

constexpr uint16_t NO_Q = 0xFFFF;

std::string Lower(std::string_view s)
{
    std::string out{s};
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

/** Whether a request to `contact_uri` would reach another address than `source`. */
bool IsBehindNat(std::string_view contact_uri, const RegistrationSource& source)
{
    const auto uri = ParseUri(contact_uri);
    if (!uri || !uri->IsSip()) return true;
    if (uri->host_type != HostType::IPV4 && uri->host_type != HostType::IPV6) return true;
    if (!EqualsNoCase(uri->host, source.ip)) return true;
    const bool secure = uri->scheme == UriScheme::SIPS || source.transport == Transport::TLS;
    const uint16_t port = uri->port.value_or(secure ? 5061 : 5060);
    return port != source.port;
}

} // namespace

std::string ContactKey(std::string_view text)
{
    const auto uri = ParseUri(text);
    if (!uri || !uri->IsSip()) return std::string{text};
    std::string key = uri->scheme == UriScheme::SIPS ? "sips:" : "sip:";
    if (!uri->user.empty()) {
        key += Unescape(uri->user).value_or(std::string{uri->user});
        if (uri->has_password) key += ":" + Unescape(uri->password).value_or(std::string{uri->password});
        key += "@";
    }
    key += Lower(uri->host);
    if (uri->port) key += ":" + std::to_string(*uri->port);
    for (std::string_view name : {"transport", "user", "ttl", "method", "maddr"}) {
        if (const auto v = uri->Param(name)) {
            key += ";";
            key += name;
            key += "=";
            key += Lower(*v);
        }
    }
    return key;
}

PresenceCallback PresenceToDirectory(interfaces::ChainDirectory& directory)
{
    return [&directory](std::string_view aor, bool online) {
        directory.ReportPresence(interfaces::PresenceReport{std::string{aor}, online});
    };
}

/**
 * One binding, packed: the five strings share one allocation (uri | instance | call-id |
 * user-agent | source ip), so a binding costs one 56-byte slot plus one small block.
 */
struct LocationService::Binding {
    std::unique_ptr<char[]> text;
    int64_t expires_at{0};
    int64_t registered_at{0};
    uint64_t connection_id{0};
    uint32_t reg_id{0};
    uint32_t cseq{0};
    uint16_t uri_len{0}, instance_len{0}, call_id_len{0}, ua_len{0};
    uint16_t q{NO_Q};
    uint16_t port{0};
    uint8_t ip_len{0};
    Transport transport{Transport::UDP};
    bool behind_nat{false};

    std::string_view Uri() const { return {text.get(), uri_len}; }
    std::string_view Instance() const { return {text.get() + uri_len, instance_len}; }
    std::string_view CallId() const { return {text.get() + uri_len + instance_len, call_id_len}; }
    std::string_view UserAgent() const { return {text.get() + uri_len + instance_len + call_id_len, ua_len}; }
    std::string_view Ip() const { return {text.get() + uri_len + instance_len + call_id_len + ua_len, ip_len}; }

    /** Sets every field from a REGISTER's contact. Over-long strings are cut (the parser's
     *  line limit keeps real ones far below 64 KiB). */
    void Assign(const ContactUpdate& c, const RegisterUpdate& u)
    {
        auto cut = [](std::string_view s, size_t max) { return s.substr(0, std::min(s.size(), max)); };
        const std::string_view uri = cut(c.uri, 0xFFFF), instance = cut(c.instance, 0xFFFF);
        const std::string_view call_id = cut(u.call_id, 0xFFFF), ua = cut(u.user_agent, 255);
        const std::string_view ip = cut(u.source.ip, 255);
        const size_t total = uri.size() + instance.size() + call_id.size() + ua.size() + ip.size();
        auto buf = std::make_unique<char[]>(total == 0 ? 1 : total);
        char* p = buf.get();
        for (std::string_view s : {uri, instance, call_id, ua, ip}) {
            if (!s.empty()) std::memcpy(p, s.data(), s.size());
            p += s.size();
        }
        text = std::move(buf);
        uri_len = static_cast<uint16_t>(uri.size());
        instance_len = static_cast<uint16_t>(instance.size());
        call_id_len = static_cast<uint16_t>(call_id.size());
        ua_len = static_cast<uint16_t>(ua.size());
        ip_len = static_cast<uint8_t>(ip.size());
        expires_at = u.now + c.expires;
        registered_at = u.now;
        connection_id = u.source.connection_id;
        reg_id = c.reg_id;
        cseq = u.cseq;
        q = c.q_milli.value_or(NO_Q);
        port = u.source.port;
        transport = u.source.transport;
        behind_nat = IsBehindNat(uri, u.source);
    }

    ContactBinding ToPublic(std::string_view aor) const
    {
        ContactBinding out;
        out.aor = aor;
        out.contact_uri = Uri();
        out.instance = Instance();
        out.reg_id = reg_id;
        if (q != NO_Q) out.q_milli = q;
        out.expires_at = expires_at;
        out.registered_at = registered_at;
        out.call_id = CallId();
        out.cseq = cseq;
        out.source = RegistrationSource{std::string{Ip()}, port, transport, connection_id};
        out.user_agent = UserAgent();
        out.behind_nat = behind_nat;
        return out;
    }

    /** Binding identity: instance (+ reg-id) if the contact has one, else the URI key. */
    bool Matches(std::string_view other_instance, uint32_t other_reg_id, const std::string& other_uri_key) const
    {
        if (!other_instance.empty() || instance_len != 0) {
            return Instance() == other_instance && reg_id == other_reg_id;
        }
        return ContactKey(Uri()) == other_uri_key;
    }
};

namespace {
/** Lets the AOR map be searched with a string_view (no allocation per lookup). */
struct AorHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
} // namespace

struct LocationService::Shard {
    mutable Mutex mutex;
    std::unordered_map<std::string, std::vector<Binding>, AorHash, std::equal_to<>> aors GUARDED_BY(mutex);
    /** No binding of this shard expires before this time: sweeps skip the shard until then. */
    int64_t next_expiry GUARDED_BY(mutex){std::numeric_limits<int64_t>::max()};
};

namespace {
void SortForLookup(std::vector<ContactBinding>& v)
{
    std::sort(v.begin(), v.end(), [](const ContactBinding& a, const ContactBinding& b) {
        const uint16_t qa = a.q_milli.value_or(1000), qb = b.q_milli.value_or(1000);
        if (qa != qb) return qa > qb;
        if (a.registered_at != b.registered_at) return a.registered_at > b.registered_at;
        return a.contact_uri < b.contact_uri;
    });
}
} // namespace

LocationService::LocationService(LocationLimits limits, PresenceCallback presence)
    : m_limits{limits}, m_presence{std::move(presence)}, m_shards{std::make_unique<Shard[]>(SHARD_COUNT)}
{
}

LocationService::~LocationService() = default;

LocationService::Shard& LocationService::ShardFor(std::string_view aor) const
{
    return m_shards[std::hash<std::string_view>{}(aor) % SHARD_COUNT];
}

void LocationService::ReportPresence(std::string_view aor, bool online) const
{
    if (m_presence) m_presence(aor, online);
}

LocationStatus LocationService::Apply(const RegisterUpdate& update, std::vector<ContactBinding>& bindings)
{
    bindings.clear();
    Shard& shard = ShardFor(update.aor);
    LOCK(shard.mutex);
    auto it = shard.aors.find(update.aor);
    const bool was_online = it != shard.aors.end() && !it->second.empty();
    std::vector<Binding> empty;
    std::vector<Binding>& list = it != shard.aors.end() ? it->second : empty;

    // Expired bindings go first, whatever the outcome: they are dead anyway.
    const size_t before = list.size();
    std::erase_if(list, [&](const Binding& b) { return b.expires_at <= update.now; });
    m_total.fetch_sub(before - list.size(), std::memory_order_relaxed);

    LocationStatus status = LocationStatus::OK;
    if (update.remove_all) {
        for (const Binding& b : list) {
            if (b.CallId() == update.call_id && update.cseq <= b.cseq) status = LocationStatus::OUT_OF_ORDER;
        }
        if (status == LocationStatus::OK) {
            m_total.fetch_sub(list.size(), std::memory_order_relaxed);
            list.clear();
        }
    } else {
        status = ApplyContacts(update, list);
    }

    for (const Binding& b : list) shard.next_expiry = std::min(shard.next_expiry, b.expires_at);
    const bool online = !list.empty();
    if (online && it == shard.aors.end()) {
        it = shard.aors.emplace(std::string{update.aor}, std::move(list)).first;
    } else if (!online && it != shard.aors.end()) {
        shard.aors.erase(it);
        it = shard.aors.end();
    }
    if (online != was_online) ReportPresence(update.aor, online);
    if (status == LocationStatus::OK && it != shard.aors.end()) {
        bindings.reserve(it->second.size());
        for (const Binding& b : it->second) bindings.push_back(b.ToPublic(update.aor));
        SortForLookup(bindings);
    }
    return status;
}

bool LocationService::ReserveBindings(size_t count)
{
    size_t current = m_total.load(std::memory_order_relaxed);
    do {
        if (current + count > m_limits.max_total_bindings) return false;
    } while (!m_total.compare_exchange_weak(current, current + count, std::memory_order_relaxed));
    return true;
}

LocationStatus LocationService::ApplyContacts(const RegisterUpdate& update, std::vector<Binding>& list)
{
    const std::vector<ContactUpdate>& contacts = update.contacts;
    const size_t n = contacts.size();
    std::vector<std::string> keys(n);
    for (size_t i = 0; i < n; ++i) {
        if (contacts[i].instance.empty()) keys[i] = ContactKey(contacts[i].uri);
    }
    auto same_identity = [&](size_t a, size_t b) {
        if (!contacts[a].instance.empty() || !contacts[b].instance.empty()) {
            return contacts[a].instance == contacts[b].instance && contacts[a].reg_id == contacts[b].reg_id;
        }
        return keys[a] == keys[b];
    };
    // The same contact listed twice: the last one counts.
    std::vector<bool> active(n, true);
    size_t nonzero = 0;
    for (size_t i = 0; i < n; ++i) {
        for (size_t j = i + 1; j < n && active[i]; ++j) {
            if (same_identity(i, j)) active[i] = false;
        }
        if (active[i] && contacts[i].expires > 0) ++nonzero;
    }
    if (nonzero > m_limits.max_contacts_per_aor) return LocationStatus::TOO_MANY_CONTACTS;

    // Plan (RFC 3261 10.3 step 7) without touching anything, so a failure changes nothing.
    std::vector<int> match(n, -1);
    std::vector<bool> touched(list.size(), false);
    size_t removed = 0, added = 0;
    for (size_t i = 0; i < n; ++i) {
        if (!active[i]) continue;
        for (size_t j = 0; j < list.size(); ++j) {
            if (!list[j].Matches(contacts[i].instance, contacts[i].reg_id, keys[i])) continue;
            if (list[j].CallId() == update.call_id && update.cseq <= list[j].cseq) {
                return LocationStatus::OUT_OF_ORDER;
            }
            match[i] = static_cast<int>(j);
            touched[j] = true;
            break;
        }
        if (match[i] >= 0 && contacts[i].expires == 0) ++removed;
        if (match[i] < 0 && contacts[i].expires > 0) ++added;
    }
    const size_t resulting = list.size() - removed + added;
    std::vector<size_t> evict;
    if (resulting > m_limits.max_contacts_per_aor) {
        for (size_t j = 0; j < list.size(); ++j) {
            if (!touched[j]) evict.push_back(j);
        }
        std::sort(evict.begin(), evict.end(), [&](size_t a, size_t b) {
            return list[a].registered_at < list[b].registered_at;
        });
        const size_t need = resulting - m_limits.max_contacts_per_aor;
        if (evict.size() < need) return LocationStatus::TOO_MANY_CONTACTS;
        evict.resize(need);
    }
    const size_t freed = removed + evict.size();
    if (added > freed && !ReserveBindings(added - freed)) return LocationStatus::TABLE_FULL;
    if (freed > added) m_total.fetch_sub(freed - added, std::memory_order_relaxed);

    // Apply.
    const size_t old_size = list.size();
    std::vector<bool> erase(old_size, false);
    for (size_t j : evict) erase[j] = true;
    for (size_t i = 0; i < n; ++i) {
        if (!active[i]) continue;
        if (match[i] >= 0) {
            if (contacts[i].expires == 0) {
                erase[match[i]] = true;
            } else {
                list[match[i]].Assign(contacts[i], update);
            }
        } else if (contacts[i].expires > 0) {
            list.emplace_back().Assign(contacts[i], update);
        }
    }
    size_t out = 0;
    for (size_t j = 0; j < list.size(); ++j) {
        if (j < old_size && erase[j]) continue;
        if (out != j) list[out] = std::move(list[j]);
        ++out;
    }
    list.resize(out);
    return LocationStatus::OK;
}

std::vector<ContactBinding> LocationService::Lookup(std::string_view aor, int64_t now) const
{
    std::vector<ContactBinding> out;
    Shard& shard = ShardFor(aor);
    {
        LOCK(shard.mutex);
        auto it = shard.aors.find(aor);
        if (it == shard.aors.end()) return out;
        out.reserve(it->second.size());
        for (const Binding& b : it->second) {
            if (b.expires_at > now) out.push_back(b.ToPublic(aor));
        }
    }
    SortForLookup(out);
    return out;
}

std::vector<ContactBinding> LocationService::List(std::optional<std::string_view> aor, int64_t now) const
{
    if (aor) return Lookup(*aor, now);
    std::vector<std::vector<ContactBinding>> groups;
    for (size_t s = 0; s < SHARD_COUNT; ++s) {
        LOCK(m_shards[s].mutex);
        for (const auto& [name, list] : m_shards[s].aors) {
            std::vector<ContactBinding> group;
            for (const Binding& b : list) {
                if (b.expires_at > now) group.push_back(b.ToPublic(name));
            }
            if (!group.empty()) groups.push_back(std::move(group));
        }
    }
    std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.front().aor < b.front().aor; });
    std::vector<ContactBinding> out;
    for (auto& group : groups) {
        SortForLookup(group);
        std::move(group.begin(), group.end(), std::back_inserter(out));
    }
    return out;
}

size_t LocationService::ExpireStale(int64_t now)
{
    size_t removed = 0;
    for (size_t s = 0; s < SHARD_COUNT; ++s) {
        Shard& shard = m_shards[s];
        LOCK(shard.mutex);
        if (now < shard.next_expiry) continue;
        int64_t next = std::numeric_limits<int64_t>::max();
        for (auto it = shard.aors.begin(); it != shard.aors.end();) {
            const size_t n = std::erase_if(it->second, [&](const Binding& b) { return b.expires_at <= now; });
            removed += n;
            for (const Binding& b : it->second) next = std::min(next, b.expires_at);
            if (it->second.empty()) {
                ReportPresence(it->first, false);
                it = shard.aors.erase(it);
            } else {
                ++it;
            }
        }
        shard.next_expiry = next;
    }
    m_total.fetch_sub(removed, std::memory_order_relaxed);
    return removed;
}

size_t LocationService::RemoveAor(std::string_view aor)
{
    Shard& shard = ShardFor(aor);
    LOCK(shard.mutex);
    auto it = shard.aors.find(aor);
    if (it == shard.aors.end()) return 0;
    const size_t n = it->second.size();
    shard.aors.erase(it);
    m_total.fetch_sub(n, std::memory_order_relaxed);
    ReportPresence(aor, false);
    return n;
}

size_t LocationService::AorCount() const
{
    size_t count = 0;
    for (size_t s = 0; s < SHARD_COUNT; ++s) {
        LOCK(m_shards[s].mutex);
        count += m_shards[s].aors.size();
    }
    return count;
}

} // namespace sip
