// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <net/node.h>

#include <crypto/random.h>

namespace net {

namespace {
/** Slot of a type in the per-type counters: known types first, then one for all others. */
size_t TypeSlot(std::string_view type)
{
    return MessageTypeIndex(type).value_or(AllMessageTypes().size());
}

std::vector<std::pair<std::string, uint64_t>> PerType(const std::vector<uint64_t>& counters)
{
    std::vector<std::pair<std::string, uint64_t>> out;
    const auto types = AllMessageTypes();
    for (size_t i = 0; i < counters.size(); ++i) {
        if (counters[i] == 0) continue;
        out.emplace_back(i < types.size() ? std::string{types[i]} : std::string{"*other*"}, counters[i]);
    }
    return out;
}
} // namespace

std::string_view ConnectionTypeName(ConnectionType type)
{
    switch (type) {
    case ConnectionType::INBOUND: return "inbound";
    case ConnectionType::OUTBOUND_FULL_RELAY: return "outbound-full-relay";
    case ConnectionType::MANUAL: return "manual";
    case ConnectionType::FEELER: return "feeler";
    case ConnectionType::BLOCK_RELAY: return "block-relay-only";
    case ConnectionType::ADDR_FETCH: return "addr-fetch";
    }
    return "unknown";
}

std::vector<std::string> PermissionNames(uint32_t flags)
{
    std::vector<std::string> names;
    if (flags & PF_NOBAN) names.emplace_back("noban");
    if (flags & PF_DOWNLOAD) names.emplace_back("download");
    if (flags & PF_ADDR) names.emplace_back("addr");
    if (flags & PF_RELAY) names.emplace_back("relay");
    if (flags & PF_MEMPOOL) names.emplace_back("mempool");
    return names;
}

Node::Node(NodeId id_in, const Service& addr_in, const Service& addr_bind_in, ConnectionType type_in,
           std::string addr_name_in, uint32_t permissions_in, int64_t connected_time_in,
           const std::array<uint8_t, MESSAGE_START_SIZE>& magic)
    : id{id_in}, addr{addr_in}, addr_bind{addr_bind_in}, type{type_in},
      addr_name{addr_name_in.empty() ? addr_in.ToStringAddrPort() : std::move(addr_name_in)},
      permissions{permissions_in}, connected_time{connected_time_in}, local_nonce{GetRandUint64()}, reader{magic}
{
    LOCK(m_stats_mutex);
    m_sent_per_type.assign(AllMessageTypes().size() + 1, 0);
    m_recv_per_type.assign(AllMessageTypes().size() + 1, 0);
}

void Node::SetUserAgent(std::string agent)
{
    LOCK(m_stats_mutex);
    m_user_agent = std::move(agent);
}

std::string Node::UserAgent() const
{
    LOCK(m_stats_mutex);
    return m_user_agent;
}

size_t Node::PushReceived(NetMessage&& msg)
{
    LOCK(m_recv_mutex);
    m_recv_queue_bytes += msg.wire_size;
    m_recv_queue.push_back(std::move(msg));
    return m_recv_queue_bytes;
}

std::optional<NetMessage> Node::PopReceived(size_t* queued_after)
{
    LOCK(m_recv_mutex);
    if (m_recv_queue.empty()) {
        if (queued_after) *queued_after = 0;
        return std::nullopt;
    }
    NetMessage msg = std::move(m_recv_queue.front());
    m_recv_queue.pop_front();
    m_recv_queue_bytes -= msg.wire_size;
    if (queued_after) *queued_after = m_recv_queue_bytes;
    return msg;
}

bool Node::HasReceived() const
{
    LOCK(m_recv_mutex);
    return !m_recv_queue.empty();
}

void Node::RecordSent(std::string_view type, size_t bytes)
{
    LOCK(m_stats_mutex);
    m_sent_per_type[TypeSlot(type)] += bytes;
}

void Node::RecordReceived(std::string_view type, size_t bytes)
{
    LOCK(m_stats_mutex);
    m_recv_per_type[TypeSlot(type)] += bytes;
}

std::vector<std::pair<std::string, uint64_t>> Node::BytesSentPerType() const
{
    LOCK(m_stats_mutex);
    return PerType(m_sent_per_type);
}

std::vector<std::pair<std::string, uint64_t>> Node::BytesReceivedPerType() const
{
    LOCK(m_stats_mutex);
    return PerType(m_recv_per_type);
}

} // namespace net
