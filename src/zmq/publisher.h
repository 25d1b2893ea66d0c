// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_ZMQ_PUBLISHER_H
#define DOTS_ZMQ_PUBLISHER_H

/**
 * ZeroMQ PUB sockets for the notification topics, as Bitcoin Core's CZMQAbstractPublishNotifier:
 * every message is three frames, [topic, body, sequence], where sequence is the topic's own
 * message counter as 4 little-endian bytes (a subscriber that sees a gap knows it lost messages,
 * e.g. past the high-water mark). Topics given the same address share one socket.
 *
 * Not thread-safe: one thread sends (the notification thread); construction and destruction on
 * any thread while nothing sends.
 */

#include <util/result.h>

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace zmq {

/** One -zmqpub<topic>=<address> option. */
struct PublishTarget {
    std::string topic;   //!< "hashblock", "rawtx", "sequence", "registryhandle", ...
    std::string address; //!< a ZeroMQ endpoint, e.g. tcp://127.0.0.1:28332
    int high_water_mark{1000};
};

class Publisher
{
public:
    /** Binds one PUB socket per address. Errors: the address does not bind (named). */
    static util::Result<std::unique_ptr<Publisher>> Create(const std::vector<PublishTarget>& targets);
    ~Publisher();
    Publisher(const Publisher&) = delete;
    Publisher& operator=(const Publisher&) = delete;

    /** Whether some target publishes `topic`. */
    bool Publishes(const std::string& topic) const { return m_topics.count(topic) > 0; }
    /** Sends `body` on every socket that publishes `topic` (no-op if none). Send errors (a full
     * queue past the high-water mark drops, as ZeroMQ PUB does) are logged, never thrown. */
    void Send(const std::string& topic, std::span<const uint8_t> body);
    /** The targets as getzmqnotifications shows them, with the endpoints bound (the port the
     * system chose for an address ending in ":*"). */
    const std::vector<PublishTarget>& Targets() const { return m_targets; }

private:
    Publisher() = default;

    void* m_context{nullptr};
    std::vector<PublishTarget> m_targets;
    std::map<std::string, void*> m_sockets;                  //!< address -> PUB socket
    std::multimap<std::string, void*> m_topics;              //!< topic -> sockets publishing it
    std::map<std::pair<std::string, void*>, uint32_t> m_sequence; //!< per topic and socket
};

} // namespace zmq

#endif // DOTS_ZMQ_PUBLISHER_H
