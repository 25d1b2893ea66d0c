// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/rpc/net_util.h>

#include <net/protocol.h>
#include <rpc/protocol.h>
#include <util/format.h>
#include <util/strencodings.h>

namespace node {

rpc::RPCError P2PDisabled()
{
    return rpc::RPCError{rpc::RPC_CLIENT_P2P_DISABLED, "Error: Peer-to-peer functionality missing or disabled"};
}

std::string ServicesHex(uint64_t services)
{
    return StrFormat("%016llx", static_cast<unsigned long long>(services));
}

UniValue ServicesNames(uint64_t services)
{
    UniValue names{UniValue::VARR};
    const std::string joined = net::ServiceFlagNames(services);
    for (std::string_view name : SplitView(joined, ',')) {
        if (!name.empty()) names.push_back(std::string{name});
    }
    return names;
}

} // namespace node
