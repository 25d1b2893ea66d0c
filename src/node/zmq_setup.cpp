// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/zmq_setup.h>

#include <config/dots-config.h> // IWYU pragma: keep
#include <node/context.h>
#include <util/args.h>
#include <util/format.h>
#include <validation/notifications.h>

#ifdef ENABLE_ZMQ
#include <zmq/notifier.h>
namespace node {

#endif

namespace {
constexpr int64_t DEFAULT_ZMQ_SNDHWM = 1000;
} // namespace

void AddZmqArgs(ArgsManager& args)
{
#ifdef ENABLE_ZMQ
    const std::vector<std::pair<std::string, std::string>> topics{
        {"hashblock", "Enable publish hash block in <address>"},
        {"hashtx", "Enable publish hash transaction in <address>"},
        {"rawblock", "Enable publish raw block in <address>"},
        {"rawtx", "Enable publish raw transaction in <address>"},
        {"sequence", "Enable publish hash block and tx sequence in <address>"},
        {"registryhandle", "Enable publish handle registrations and updates (JSON) in <address>"},
        {"registrybinding", "Enable publish handle binding changes (JSON) in <address>"},
        {"registrynode", "Enable publish node registrations, updates and deregistrations (JSON) in <address>"},
        {"registrysettlement", "Enable publish confirmed settlements (JSON) in <address>"},
    };
    for (const auto& [topic, help] : topics) {
        args.AddArg("-zmqpub" + topic + "=<address>", help, ALLOW_STRING | ALLOW_LIST, OptionsCategory::ZMQ);
        args.AddArg("-zmqpub" + topic + "hwm=<n>",
                    StrFormat("Set publish %s outbound message high water mark (default: %lld)", topic.c_str(),
                              (long long)DEFAULT_ZMQ_SNDHWM),
                    ALLOW_INT, OptionsCategory::ZMQ);
    }
#else
    (void)args;
#endif
}

util::Result<void> StartZmq(NodeContext& node)
{
#ifdef ENABLE_ZMQ
    std::vector<zmq::PublishTarget> targets;
    for (const std::string& topic : zmq::Notifier::Topics()) {
        const int64_t hwm = node.args->GetIntArg("-zmqpub" + topic + "hwm", DEFAULT_ZMQ_SNDHWM);
        if (hwm < 0 || hwm > 1'000'000) return util::Error{StrFormat("-zmqpub%shwm must be between 0 and 1000000", topic.c_str())};
        for (const std::string& address : node.args->GetArgs("-zmqpub" + topic)) {
            targets.push_back(zmq::PublishTarget{topic, address, static_cast<int>(hwm)});
        }
    }
    if (targets.empty()) return {};
    auto notifier = zmq::Notifier::Create(targets);
    if (!notifier) return util::Error{notifier.error()};
    node.zmq_notifier = std::move(*notifier);
    if (node.validation_signals) node.validation_signals->RegisterListener(*node.zmq_notifier);
#else
    (void)node;
#endif
    return {};
}

void StopZmq(NodeContext& node)
{
    if (!node.zmq_notifier) return;
    if (node.validation_signals) node.validation_signals->UnregisterListener(*node.zmq_notifier);
    node.zmq_notifier.reset();
}

} // namespace node
