// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <net/transport.h>

#include <util/format.h>

#include <algorithm>
#include <cstring>

namespace net {

size_t MessageReader::Feed(std::span<const uint8_t> in)
{
    size_t used = 0;
    if (m_state == State::HEADER) {
        const size_t n = std::min(in.size(), HEADER_SIZE - m_header_pos);
        std::memcpy(m_header_bytes.data() + m_header_pos, in.data(), n);
        m_header_pos += n;
        used += n;
        if (m_header_pos < HEADER_SIZE) return used;
        OnHeaderComplete();
        if (m_state != State::PAYLOAD) return used;
    }
    if (m_state == State::PAYLOAD) {
        const size_t n = std::min(in.size() - used, m_payload.size() - m_payload_pos);
        std::memcpy(m_payload.data() + m_payload_pos, in.data() + used, n);
        m_payload_pos += n;
        used += n;
        if (m_payload_pos == m_payload.size()) OnPayloadComplete();
    }
    return used;
}

void MessageReader::OnHeaderComplete()
{
    m_header = ParseMessageHeader(m_header_bytes);
    if (m_header.magic != m_magic) {
        m_state = State::FAILED;
        m_error = "wrong magic bytes (another chain or not a DOTS peer)";
        return;
    }
    if (!m_header.IsTypeValid()) {
        m_state = State::FAILED;
        m_error = "invalid message type characters";
        return;
    }
    if (m_header.length > m_max_payload) {
        m_state = State::FAILED;
        m_error = StrFormat("oversized message %s (%u bytes, limit %u)", std::string{m_header.Type()}.c_str(),
                            m_header.length, m_max_payload);
        return;
    }
    m_payload.assign(m_header.length, 0);
    m_payload_pos = 0;
    m_state = State::PAYLOAD;
    if (m_header.length == 0) OnPayloadComplete();
}

void MessageReader::OnPayloadComplete()
{
    if (MessageChecksum(m_payload) != m_header.checksum) {
        m_state = State::FAILED;
        m_error = StrFormat("bad checksum in message %s (%u bytes)", std::string{m_header.Type()}.c_str(), m_header.length);
        return;
    }
    m_state = State::COMPLETE;
}

NetMessage MessageReader::Take()
{
    NetMessage msg;
    msg.type = std::string{m_header.Type()};
    msg.payload = std::move(m_payload);
    msg.wire_size = HEADER_SIZE + msg.payload.size();
    m_payload.clear();
    m_payload_pos = 0;
    m_header_pos = 0;
    m_state = State::HEADER;
    return msg;
}

std::vector<uint8_t> SerializeMessage(const std::array<uint8_t, MESSAGE_START_SIZE>& magic, std::string_view type,
                                      std::span<const uint8_t> payload)
{
    std::vector<uint8_t> out(HEADER_SIZE + payload.size());
    const auto header = MakeMessageHeader(magic, type, payload);
    std::memcpy(out.data(), header.data(), HEADER_SIZE);
    if (!payload.empty()) std::memcpy(out.data() + HEADER_SIZE, payload.data(), payload.size());
    return out;
}

} // namespace net
