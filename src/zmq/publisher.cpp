// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <zmq/publisher.h>

#include <util/format.h>
#include <util/logging.h>

#include <cstring>
#include <zmq.h>

namespace zmq {

util::Result<std::unique_ptr<Publisher>> Publisher::Create(const std::vector<PublishTarget>& targets)
{
    std::unique_ptr<Publisher> publisher{new Publisher};
    publisher->m_context = zmq_ctx_new();
    if (publisher->m_context == nullptr) return util::Error{StrFormat("Unable to create a ZeroMQ context: %s", zmq_strerror(errno))};
    publisher->m_targets = targets;
    for (const PublishTarget& target : targets) {
        void*& socket = publisher->m_sockets[target.address];
        if (socket == nullptr) {
            socket = zmq_socket(publisher->m_context, ZMQ_PUB);
            if (socket == nullptr) return util::Error{StrFormat("Unable to create a ZeroMQ socket: %s", zmq_strerror(errno))};
            const int hwm = target.high_water_mark;
            const int linger = 0;
            zmq_setsockopt(socket, ZMQ_SNDHWM, &hwm, sizeof(hwm));
            zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof(linger));
            if (zmq_bind(socket, target.address.c_str()) != 0) {
                return util::Error{StrFormat("Unable to bind -zmqpub%s=%s: %s", target.topic.c_str(), target.address.c_str(),
                                             zmq_strerror(errno))};
            }
            LogInfo("zmq: publishing on %s", target.address.c_str());
        }
        publisher->m_topics.emplace(target.topic, socket);
        // The endpoint actually bound (an address with port * gets one from the system).
        char endpoint[256];
        size_t size = sizeof(endpoint);
        if (zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, endpoint, &size) == 0) {
            publisher->m_targets[&target - targets.data()].address = endpoint;
        }
        LogDebug(BCLog::ZMQ, "zmq: topic %s on %s", target.topic.c_str(), target.address.c_str());
    }
    return publisher;
}

Publisher::~Publisher()
{
    for (auto& [address, socket] : m_sockets) {
        if (socket) zmq_close(socket);
    }
    if (m_context) zmq_ctx_term(m_context);
}

void Publisher::Send(const std::string& topic, std::span<const uint8_t> body)
{
    const auto [begin, end] = m_topics.equal_range(topic);
    for (auto it = begin; it != end; ++it) {
        void* socket = it->second;
        uint32_t& sequence = m_sequence[{topic, socket}];
        uint8_t seq_bytes[4];
        std::memcpy(seq_bytes, &sequence, 4); // little-endian host, as Bitcoin Core sends it
        const bool ok = zmq_send(socket, topic.data(), topic.size(), ZMQ_SNDMORE | ZMQ_DONTWAIT) >= 0 &&
                        zmq_send(socket, body.data(), body.size(), ZMQ_SNDMORE | ZMQ_DONTWAIT) >= 0 &&
                        zmq_send(socket, seq_bytes, sizeof(seq_bytes), ZMQ_DONTWAIT) >= 0;
        if (!ok) LogDebug(BCLog::ZMQ, "zmq: could not send %s: %s", topic.c_str(), zmq_strerror(errno));
        ++sequence;
    }
}

} // namespace zmq
