// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The WebSocket frame reader (sip/transport/ws_frame.h) on arbitrary client bytes, delivered
// in arbitrary pieces as a socket would: it must never read past its input, never return a
// message over its bound, and stop at the first error.

#include <sip/transport/ws_frame.h>
#include <test/fuzz/fuzz.h>

#include <cassert>
#include <string>

FUZZ_TARGET(sip_ws_frame)
{
    if (buffer.size() < 2) return;
    // First byte: the message bound (small bounds reach the size checks); second: read size.
    const size_t max_message = 1 + static_cast<size_t>(buffer[0]) * 97;
    const size_t step = 1 + buffer[1] % 64;
    const std::span<const uint8_t> data = buffer.subspan(2);

    sip::WsReader reader{max_message};
    std::string pending;
    size_t fed = 0;
    while (fed < data.size() || !pending.empty()) {
        const size_t take = std::min(step, data.size() - fed);
        pending.append(reinterpret_cast<const char*>(data.data() + fed), take);
        fed += take;
        for (;;) {
            const sip::WsEvent ev = reader.Next({reinterpret_cast<const uint8_t*>(pending.data()), pending.size()});
            assert(ev.consumed <= pending.size());
            if (ev.kind == sip::WsEvent::Kind::ERROR) return;
            if (ev.kind == sip::WsEvent::Kind::NEED_MORE) {
                assert(ev.consumed == 0);
                break;
            }
            assert(ev.consumed >= 6); // a masked header at least
            if (ev.kind == sip::WsEvent::Kind::MESSAGE) assert(ev.payload.size() <= max_message);
            if (ev.kind == sip::WsEvent::Kind::PING) assert(ev.payload.size() <= sip::WS_MAX_CONTROL_PAYLOAD);
            pending.erase(0, ev.consumed);
        }
        if (fed == data.size()) break;
    }
    // The server's own frames: header plus payload, control payloads cut to 125.
    const std::string text{reinterpret_cast<const char*>(data.data()), data.size()};
    assert(sip::EncodeWsFrame(sip::WsOpcode::TEXT, text).size() >= text.size() + 2);
    assert(sip::EncodeWsClose(1000, text).size() <= 2 + sip::WS_MAX_CONTROL_PAYLOAD);
}
