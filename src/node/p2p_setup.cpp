// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/p2p_setup.h>

#include <consensus/params.h>
#include <net/addrman.h>
#include <net/banman.h>
#include <net/connman.h>
#include <net/processing/peerman.h>
#include <node/context.h>
#include <node/p2p_txpool.h>
#include <util/args.h>
#include <util/chaintype.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/strencodings.h>
#include <validation/chainstate_manager.h>
#include <validation/notifications.h>

namespace node {

namespace {

constexpr int64_t DEFAULT_MAX_RECEIVE_BUFFER_KB = 5000;
constexpr int64_t DEFAULT_MAX_SEND_BUFFER_KB = 1000;

/** DNS seeds of each chain. None exist yet: new nodes need -addnode, -seednode or -connect. */
std::vector<std::string> DnsSeeds(const std::string& /*chain*/)
{
    return {};
}

/** "[perm,perm@]subnet-or-address" of -whitelist/-whitebind. Without permissions: noban,mempool,download,relay. */
util::Result<std::pair<uint32_t, std::string>> ParsePermissions(const std::string& text, const std::string& option)
{
    const size_t at = text.find('@');
    if (at == std::string::npos) {
        return std::make_pair(static_cast<uint32_t>(net::PF_NOBAN | net::PF_MEMPOOL | net::PF_DOWNLOAD | net::PF_RELAY), text);
    }
    uint32_t flags = net::PF_NONE;
    for (std::string_view name : SplitView(std::string_view{text}.substr(0, at), ',')) {
        if (name == "noban") flags |= net::PF_NOBAN;
        else if (name == "download") flags |= net::PF_DOWNLOAD;
        else if (name == "addr") flags |= net::PF_ADDR;
        else if (name == "relay") flags |= net::PF_RELAY;
        else if (name == "mempool") flags |= net::PF_MEMPOOL;
        else if (name == "all") flags |= net::PF_NOBAN | net::PF_DOWNLOAD | net::PF_ADDR | net::PF_RELAY | net::PF_MEMPOOL;
        else if (!name.empty()) return util::Error{StrFormat("Invalid P2P permission in %s: '%s'", option.c_str(), std::string{name}.c_str())};
    }
    return std::make_pair(flags, text.substr(at + 1));
}

util::Result<net::Service> ParseBind(const std::string& text, uint16_t port, const std::string& option)
{
    const auto service = net::Service::Parse(text, port);
    if (!service || service->IsOnion()) {
        return util::Error{StrFormat("Cannot resolve %s address: '%s' (expected a numeric IP with an optional :port)", option.c_str(), text.c_str())};
    }
    return *service;
}

util::Result<void> ParseConnectionOptions(const ArgsManager& args, const BaseChainParams& chain, net::ConnmanOptions& o)
{
    const int64_t port = args.GetIntArg("-port", chain.p2p_port);
    if (port < 1 || port > 65535) return util::Error{StrFormat("Invalid -port %lld: must be 1-65535", static_cast<long long>(port))};
    o.default_port = chain.p2p_port;
    const uint16_t listen_port = static_cast<uint16_t>(port);

    const std::vector<std::string> connect = args.GetArgs("-connect");
    const bool connect_set = args.IsArgSet("-connect") && !args.IsArgNegated("-connect");
    if (connect_set) {
        for (const std::string& c : connect) {
            if (c != "0" && !c.empty()) o.connect.push_back(c);
        }
    }
    // -connect (a list, or -connect=0 / -noconnect): no automatic outbound connections.
    o.use_addrman_outgoing = !args.IsArgSet("-connect");
    o.listen = args.GetBoolArg("-listen", !connect_set);
    o.dnsseed = args.GetBoolArg("-dnsseed", o.use_addrman_outgoing);
    o.dns_seeds = DnsSeeds(chain.name);
    o.name_lookup = args.GetBoolArg("-dns", true);
    o.addnodes = args.GetArgs("-addnode");
    o.seednodes = args.GetArgs("-seednode");
    o.network_active = args.GetBoolArg("-networkactive", true);

    for (const std::string& text : args.GetArgs("-bind")) {
        auto bind = ParseBind(text, listen_port, "-bind");
        if (!bind) return util::Error{bind.error()};
        o.binds.push_back(*bind);
    }
    if (o.binds.empty() && o.listen) {
        // Default: every interface on -port (ConnectionManager binds :: and 0.0.0.0 when empty,
        // so pass the port through a bind list only when it differs from the default).
        if (listen_port != chain.p2p_port) {
            o.binds.push_back(net::Service{*net::NetAddr::Parse("::"), listen_port});
            o.binds.push_back(net::Service{*net::NetAddr::Parse("0.0.0.0"), listen_port});
        }
    }
    for (const std::string& text : args.GetArgs("-whitebind")) {
        auto perms = ParsePermissions(text, "-whitebind");
        if (!perms) return util::Error{perms.error()};
        auto bind = ParseBind(perms->second, listen_port, "-whitebind");
        if (!bind) return util::Error{bind.error()};
        o.whitebinds.push_back(net::WhiteBindEntry{*bind, perms->first});
    }
    for (const std::string& text : args.GetArgs("-whitelist")) {
        auto perms = ParsePermissions(text, "-whitelist");
        if (!perms) return util::Error{perms.error()};
        const auto subnet = Subnet::Parse(perms->second);
        if (!subnet) return util::Error{"Invalid netmask specified in -whitelist: '" + perms->second + "'"};
        o.whitelist.push_back(net::WhitelistEntry{*subnet, perms->first});
    }
    for (const std::string& name : args.GetArgs("-onlynet")) {
        const auto net = net::ParseNetworkName(name);
        if (!net) return util::Error{"Unknown network specified in -onlynet: '" + name + "'"};
        o.onlynet.insert(*net);
    }
    if (const auto proxy = args.GetArg("-proxy"); proxy && !args.IsArgNegated("-proxy") && *proxy != "0") {
        const auto service = net::Service::Parse(*proxy, 9050);
        if (!service || service->IsOnion()) return util::Error{"Invalid -proxy address: '" + *proxy + "'"};
        o.proxy = net::ProxyConfig{*service, args.GetBoolArg("-proxyrandomize", true)};
    }
    if (o.onlynet.count(net::Network::ONION) && !o.proxy) {
        return util::Error{"Outbound connections restricted to Tor (-onlynet=onion) but no -proxy is set"};
    }
    for (const std::string& text : args.GetArgs("-externalip")) {
        const auto addr = net::NetAddr::Parse(text);
        if (!addr) return util::Error{"Cannot resolve -externalip address: '" + text + "'"};
        o.external_ips.push_back(*addr);
    }
    o.discover = args.GetBoolArg("-discover", true);
    return {};
}

util::Result<void> ParseLimits(const ArgsManager& args, net::ConnmanOptions& o)
{
    const int64_t max_connections = args.GetIntArg("-maxconnections", net::DEFAULT_MAX_PEER_CONNECTIONS);
    if (max_connections < 0 || max_connections > 10'000) return util::Error{"-maxconnections must be between 0 and 10000"};
    o.max_connections = static_cast<int>(max_connections);
    // Fewer slots than the outbound targets: automatic outbound connections shrink first.
    o.max_outbound_full_relay = std::min(o.max_outbound_full_relay, o.max_connections);
    o.max_block_relay = std::min(o.max_block_relay, o.max_connections - o.max_outbound_full_relay);
    o.max_feeler = o.max_connections > 0 ? o.max_feeler : 0;
    const int64_t recv_kb = args.GetIntArg("-maxreceivebuffer", DEFAULT_MAX_RECEIVE_BUFFER_KB);
    const int64_t send_kb = args.GetIntArg("-maxsendbuffer", DEFAULT_MAX_SEND_BUFFER_KB);
    if (recv_kb < 1 || recv_kb > 1'000'000) return util::Error{"-maxreceivebuffer must be between 1 and 1000000 (KB)"};
    if (send_kb < 1 || send_kb > 1'000'000) return util::Error{"-maxsendbuffer must be between 1 and 1000000 (KB)"};
    o.max_receive_buffer = static_cast<size_t>(recv_kb) * 1000;
    o.max_send_buffer = static_cast<size_t>(send_kb) * 1000;
    const int64_t timeout = args.GetIntArg("-timeout", net::DEFAULT_CONNECT_TIMEOUT_MS);
    if (timeout < 1 || timeout > 600'000) return util::Error{"-timeout must be between 1 and 600000 (milliseconds)"};
    o.connect_timeout_ms = static_cast<int>(timeout);
    const int64_t peer_timeout = args.GetIntArg("-peertimeout", net::DEFAULT_PEER_CONNECT_TIMEOUT);
    if (peer_timeout < 1 || peer_timeout > 24 * 60 * 60) return util::Error{"-peertimeout must be between 1 and 86400 (seconds)"};
    o.peer_connect_timeout = peer_timeout;
    return {};
}

util::Result<net::PeerManagerOptions> ParsePeerOptions(const ArgsManager& args, const BaseChainParams& chain)
{
    net::PeerManagerOptions o;
    o.ignore_incoming_txs = args.GetBoolArg("-blocksonly", false);
    if (const auto work = args.GetArg("-minimumchainwork")) {
        std::string hex{*work};
        if (hex.rfind("0x", 0) == 0) hex = hex.substr(2);
        if (hex.empty() || hex.size() > 64 || !TryParseHex(hex.size() % 2 ? "0" + hex : hex) || !o.minimum_chain_work.SetHex(hex)) {
            return util::Error{"Invalid non-hex (" + *work + ") minimum chain work value specified"};
        }
    }
    const int64_t orphans = args.GetIntArg("-maxorphantx", static_cast<int64_t>(net::DEFAULT_MAX_ORPHAN_TRANSACTIONS));
    if (orphans < 0 || orphans > 100'000) return util::Error{"-maxorphantx must be between 0 and 100000"};
    o.max_orphan_txs = static_cast<size_t>(orphans);
    o.max_tip_age = std::max<int64_t>(1, args.GetIntArg("-maxtipage", net::DEFAULT_MAX_TIP_AGE));
    // Regtest nodes all live on 127.0.0.1: loopback is an ordinary address there (doc/p2p.md).
    o.discourage_local = chain.name == "regtest";
    return o;
}

} // namespace

void AddP2PArgs(ArgsManager& args)
{
    const auto C = OptionsCategory::CONNECTION;
    args.AddArg("-listen", "Accept connections from outside (default: 1 if no -connect)", ALLOW_BOOL, C);
    args.AddArg("-port=<port>", "Listen for P2P connections on <port> (default: 7333, testnet: 17333, regtest: 17444)", ALLOW_INT | NETWORK_ONLY, C);
    args.AddArg("-bind=<addr>[:<port>]", "Bind to given address and always listen on it (default: 0.0.0.0 and [::]). Use [host]:port notation for IPv6. This option can be specified multiple times",
                ALLOW_STRING | ALLOW_LIST | NETWORK_ONLY, C);
    args.AddArg("-whitebind=<[permissions@]addr>", "Bind to the given address and add permission flags to the peers connecting to it (noban, download, addr, relay, mempool, all; comma-separated). Can be specified multiple times.",
                ALLOW_STRING | ALLOW_LIST | NETWORK_ONLY, C);
    args.AddArg("-whitelist=<[permissions@]IP address or network>", "Add permission flags to the peers connecting from the given IP address or network (see -whitebind; without flags: noban,mempool,download,relay). Can be specified multiple times.",
                ALLOW_STRING | ALLOW_LIST, C);
    args.AddArg("-connect=<ip>", "Connect only to the specified node; -noconnect disables automatic connections. This option can be specified multiple times to connect to multiple nodes.",
                ALLOW_BOOL | ALLOW_STRING | ALLOW_LIST | NETWORK_ONLY, C);
    args.AddArg("-addnode=<ip>", "Add a node to connect to and attempt to keep the connection open. This option can be specified multiple times to add multiple nodes.",
                ALLOW_STRING | ALLOW_LIST | NETWORK_ONLY, C);
    args.AddArg("-seednode=<ip>", "Connect to a node to retrieve peer addresses, and disconnect. This option can be specified multiple times to connect to multiple nodes.",
                ALLOW_STRING | ALLOW_LIST | NETWORK_ONLY, C);
    args.AddArg("-dnsseed", "Query for peer addresses via DNS lookup, if low on addresses (default: 1 unless -connect used)", ALLOW_BOOL, C);
    args.AddArg("-dns", "Allow DNS lookups for -addnode, -seednode, -connect and the endpoints of probed nodes (default: 1)", ALLOW_BOOL, C);
    args.AddArg("-onlynet=<net>", "Make automatic outbound connections only to network <net> (ipv4, ipv6 or onion). Can be specified multiple times.",
                ALLOW_STRING | ALLOW_LIST, C);
    args.AddArg("-proxy=<ip:port>", "Connect through SOCKS5 proxy, set -noproxy to disable (default: disabled)", ALLOW_STRING | ALLOW_BOOL, C);
    args.AddArg("-proxyrandomize", "Randomize credentials for every proxy connection. This enables Tor stream isolation (default: 1)", ALLOW_BOOL, C);
    args.AddArg("-maxconnections=<n>", StrFormat("Maintain at most <n> automatic connections to peers (default: %d). This limit does not apply to connections manually added via -addnode or the addnode RPC.",
                                                 net::DEFAULT_MAX_PEER_CONNECTIONS), ALLOW_INT, C);
    args.AddArg("-maxreceivebuffer=<n>", StrFormat("Maximum per-connection receive buffer, <n>*1000 bytes (default: %lld)", static_cast<long long>(DEFAULT_MAX_RECEIVE_BUFFER_KB)), ALLOW_INT, C);
    args.AddArg("-maxsendbuffer=<n>", StrFormat("Maximum per-connection send buffer, <n>*1000 bytes (default: %lld)", static_cast<long long>(DEFAULT_MAX_SEND_BUFFER_KB)), ALLOW_INT, C);
    args.AddArg("-timeout=<n>", StrFormat("Specify socket connection timeout in milliseconds. If an initial attempt to connect is unsuccessful after this amount of time, drop it (minimum: 1, default: %d)", net::DEFAULT_CONNECT_TIMEOUT_MS), ALLOW_INT, C);
    args.AddArg("-peertimeout=<n>", StrFormat("Specify a p2p connection timeout delay in seconds. After connecting to a peer, wait this amount of time before considering disconnection based on inactivity (minimum: 1, default: %lld)",
                                              static_cast<long long>(net::DEFAULT_PEER_CONNECT_TIMEOUT)), ALLOW_INT | DEBUG_ONLY, C);
    args.AddArg("-bantime=<n>", StrFormat("Default duration (in seconds) of manually configured bans (default: %lld)", static_cast<long long>(net::DEFAULT_BAN_TIME)), ALLOW_INT, C);
    args.AddArg("-externalip=<ip>", "Specify your own public address", ALLOW_STRING | ALLOW_LIST, C);
    args.AddArg("-discover", "Discover own IP addresses (default: 1 when listening and no -externalip or -proxy)", ALLOW_BOOL, C);
    args.AddArg("-networkactive", "Enable all P2P network activity (default: 1). Can be changed by the setnetworkactive RPC command", ALLOW_BOOL, C);
    args.AddArg("-blocksonly", "Whether to reject transactions from network peers. Transactions are neither requested nor relayed (default: 0)", ALLOW_BOOL, C);
    args.AddArg("-maxorphantx=<n>", StrFormat("Keep at most <n> unconnectable transactions in memory (default: %u)", static_cast<unsigned>(net::DEFAULT_MAX_ORPHAN_TRANSACTIONS)), ALLOW_INT, C);
    args.AddArg("-minimumchainwork=<hex>", "Minimum work assumed to exist on a valid chain in hex (default: 0)", ALLOW_STRING | DEBUG_ONLY, C);
    args.AddArg("-maxtipage=<n>", StrFormat("Maximum tip age in seconds to consider node in initial block download (default: %lld)", static_cast<long long>(net::DEFAULT_MAX_TIP_AGE)), ALLOW_INT | DEBUG_ONLY, C);
}

util::Result<void> StartP2P(NodeContext& node)
{
    const ArgsManager& args = *node.args;
    const BaseChainParams& chain = *node.chain;
    const consensus::ConsensusParams& params = consensus::GetConsensusParams(chain.name);
    net::ConnmanOptions options;
    options.magic = params.message_start;
    if (auto res = ParseConnectionOptions(args, chain, options); !res) return res;
    if (auto res = ParseLimits(args, options); !res) return res;
    auto peer_options = ParsePeerOptions(args, chain);
    if (!peer_options) return util::Error{peer_options.error()};
    options.allow_local_addresses = chain.name == "regtest";
    const std::filesystem::path net_dir = GetDataDirNet(args, chain);
    options.peers_file = net_dir / "peers.dat";

    const int64_t ban_time = args.GetIntArg("-bantime", net::DEFAULT_BAN_TIME);
    if (ban_time < 1) return util::Error{"-bantime must be at least 1 second"};
    node.banman = std::make_unique<net::BanMan>(net_dir / "banlist.json", ban_time);
    if (auto res = node.banman->Load(); !res) {
        LogWarning("Recreating banlist.json, because of invalid data: %s", res.error().c_str());
    }
    node.addrman = std::make_unique<net::AddrMan>(options.allow_local_addresses);
    node.connman = std::make_unique<net::ConnectionManager>(std::move(options), *node.addrman, *node.banman);
    if (node.mempool) node.p2p_txpool = std::make_unique<node::MempoolTxPool>(*node.mempool);
    node.peerman = net::PeerManager::Make(*node.connman, *node.addrman, *node.banman, *node.chainman, node.p2p_txpool.get(),
                                          std::move(*peer_options));
    if (node.validation_signals) node.validation_signals->RegisterListener(*node.peerman);
    if (auto res = node.connman->Start(*node.peerman); !res) return res;
    return {};
}

void StopP2P(NodeContext& node)
{
    if (node.peerman && node.validation_signals) node.validation_signals->UnregisterListener(*node.peerman);
    if (node.connman) {
        LogInfo("Shutdown: closing P2P connections");
        node.connman->Interrupt();
        node.connman->Stop();
    }
    node.peerman.reset();
    node.p2p_txpool.reset();
    node.connman.reset();
    if (node.banman) {
        if (auto res = node.banman->DumpIfDirty(); !res) LogWarning("Could not write banlist.json: %s", res.error().c_str());
    }
    node.banman.reset();
    node.addrman.reset();
}

} // namespace node
