// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// ZMQ RPC: getzmqnotifications (Bitcoin Core's shape), in a build with ZeroMQ.

#include <node/rpc/register.h>

#include <config/dots-config.h> // IWYU pragma: keep
#include <node/context.h>
#include <rpc/server.h>

#ifdef ENABLE_ZMQ
#include <zmq/notifier.h>
#endif

namespace node {

void RegisterZmqRPCCommands(rpc::RPCTable& table, NodeContext& node)
{
#ifdef ENABLE_ZMQ
    table.Register(rpc::RPCMethod{
        .name = "getzmqnotifications",
        .category = "zmq",
        .description = "Returns information about the active ZeroMQ notifications.",
        .args = {},
        .result = "[ { \"type\" : \"pubhashtx\", \"address\" : \"tcp://...\", \"hwm\" : n }, ... ]",
        .examples = {""},
        .handler = [&node](const rpc::RPCArgs&) -> rpc::RPCResponse {
            UniValue result{UniValue::VARR};
            const auto* notifier = dynamic_cast<const zmq::Notifier*>(node.zmq_notifier.get());
            if (notifier == nullptr) return result;
            for (const zmq::PublishTarget& target : notifier->Targets()) {
                UniValue entry{UniValue::VOBJ};
                entry.pushKV("type", "pub" + target.topic);
                entry.pushKV("address", target.address);
                entry.pushKV("hwm", target.high_water_mark);
                result.push_back(entry);
            }
            return result;
        },
    });
#else
    (void)table;
    (void)node;
#endif
}

} // namespace node
