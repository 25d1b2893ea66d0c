// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The HTTP request-head parser and the WebSocket upgrade decision of the SIP WebSocket ports
// (sip/transport/http_upgrade.h) on arbitrary bytes.

#include <sip/transport/http_upgrade.h>
#include <test/fuzz/fuzz.h>

#include <cassert>
#include <string_view>

FUZZ_TARGET(sip_http_upgrade)
{
    const std::string_view data{reinterpret_cast<const char*>(buffer.data()), buffer.size()};
    const sip::HttpParseResult r = sip::ParseHttpRequest(data);
    if (r.status == sip::HttpParseResult::Status::ERROR) {
        assert(r.error_status >= 400 && r.error_status <= 505 && !r.error.empty());
        return;
    }
    if (r.status == sip::HttpParseResult::Status::NEED_MORE) {
        assert(data.size() < sip::MAX_HTTP_REQUEST_HEAD);
        return;
    }
    const sip::HttpRequest& req = r.request;
    assert(req.length <= data.size() && req.length <= sip::MAX_HTTP_REQUEST_HEAD);
    assert(req.headers.size() <= sip::MAX_HTTP_HEADERS);
    assert(!req.target.empty() && req.target.front() == '/');
    assert(req.Path().size() <= req.target.size());
    (void)req.KeepAlive();
    if (sip::IsWebSocketUpgrade(req)) {
        const sip::WebSocketUpgrade up = sip::AnswerWebSocketUpgrade(req);
        assert(up.status == 101 || up.status == 400 || up.status == 426);
        assert(up.response.rfind("HTTP/1.1 ", 0) == 0);
        if (up.status == 101) assert(req.HasToken("Sec-WebSocket-Protocol", "sip") && req.method == "GET");
    }
}
