// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_TRANSPORT_FLOW_TOKEN_H
#define DOTS_SIP_TRANSPORT_FLOW_TOKEN_H

// RFC 5626 section 5.2 flow tokens: the proxy writes the flow a phone reached it over (the
// transport, the phone's address and the connection) into the user part of the Record-Route
// URI that faces that phone, so later in-dialog requests for the phone go back over its own
// connection — the only way to reach a browser (WebSocket) or a phone behind NAT. Tokens are
// authenticated with a key that lives only in this process, so a client can name no flow but
// one the node itself handed out; after a restart old tokens (and their connections) are gone.

#include <sip/transport/transport.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sip {

class FlowTokens
{
public:
    /** A fresh random key. */
    FlowTokens();

    /** The token for a flow: base64url without padding (a valid SIP URI user part), 34
     *  characters for IPv4, 50 for IPv6. */
    std::string Encode(const Destination& flow) const;

    /** The flow a token names, or nullopt when it is malformed or its MAC does not verify
     *  (another key, or edited). Constant-time MAC comparison. */
    std::optional<Destination> Decode(std::string_view token) const;

private:
    std::array<uint8_t, 32> m_key;
};

} // namespace sip

#endif // DOTS_SIP_TRANSPORT_FLOW_TOKEN_H
