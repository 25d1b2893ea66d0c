// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/init.h>

#include <interfaces/chain.h>
#include <interfaces/sip_credentials.h>
#include <mempool/mempool.h>
#include <mining/miner.h>
#include <net/addrman.h>
#include <net/banman.h>
#include <net/connman.h>
#include <net/processing/peerman.h>
#include <net/processing/txpool.h>
#include <node/chain_setup.h>
#include <node/context.h>
#include <node/mempool_setup.h>
#include <node/p2p_setup.h>
#include <node/probe_agent.h>
#include <node/registry_directory.h>
#include <node/registry_indexer.h>
#include <node/rpc/register.h>
#include <node/shutdown.h>
#include <node/voucher_agent.h>
#include <node/wallet_setup.h>
#include <node/zmq_setup.h>
#include <rpc/auth.h>
#include <rpc/httprpc.h>
#include <rpc/httpserver.h>
#include <rpc/server.h>
#include <sip/service.h>
#include <util/args.h>
#include <util/chaintype.h>
#include <util/fs.h>
#include <util/logging.h>
#include <util/netaddress.h>
#include <util/strencodings.h>
#include <util/time.h>
#include <validation/chainstate_manager.h>
#include <validation/notifications.h>
#include <wallet/context.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace node {

NodeContext::NodeContext() = default;
NodeContext::~NodeContext() = default;

namespace {
constexpr int DEFAULT_RPC_THREADS = 4;
constexpr int DEFAULT_RPC_WORKQUEUE = 16;
constexpr int DEFAULT_RPC_SERVER_TIMEOUT = 30;
constexpr const char* DEFAULT_PID_FILE = "dotsd.pid";
constexpr const char* DEFAULT_DEBUG_LOG = "debug.log";

/** Prints an init error the way Bitcoin Core does and logs it; returns the exit code. */
int InitError(const std::string& message)
{
    LogError("%s", message.c_str());
    std::fprintf(stderr, "Error: %s\n", message.c_str());
    return 1;
}

std::filesystem::path AbsPathForArg(const ArgsManager& args, const BaseChainParams& chain, const std::string& name,
                                    const std::string& default_value)
{
    std::filesystem::path path{args.GetArg(name, default_value)};
    if (path.is_relative()) path = GetDataDirNet(args, chain) / path;
    return path;
}

util::Result<void> SetupLogging(const ArgsManager& args, const BaseChainParams& chain)
{
    BCLog::Logger& logger = LogInstance();
    logger.SetPrintToConsole(args.GetBoolArg("-printtoconsole", !args.GetBoolArg("-daemon", false)));
    logger.SetLogTimeMicros(args.GetBoolArg("-logtimemicros", false));
    logger.SetLogThreadNames(args.GetBoolArg("-logthreadnames", false));
    for (const std::string& category : args.GetArgs("-debug")) {
        if (category.empty() || category == "1") {
            (void)logger.EnableCategory("all");
        } else if (category == "0" || category == "none") {
            (void)logger.DisableCategory("all");
        } else if (!logger.EnableCategory(category)) {
            return util::Error{"Unsupported logging category -debug=" + category + " (see the logging RPC for the list)"};
        }
    }
    if (args.IsArgNegated("-debug")) (void)logger.DisableCategory("all");
    for (const std::string& category : args.GetArgs("-debugexclude")) {
        if (!logger.DisableCategory(category)) return util::Error{"Unsupported logging category -debugexclude=" + category};
    }
    if (!args.IsArgNegated("-debuglogfile")) {
        const std::filesystem::path log_path = AbsPathForArg(args, chain, "-debuglogfile", DEFAULT_DEBUG_LOG);
        if (!logger.OpenDebugLog(log_path)) {
            return util::Error{StrFormat("Could not open debug log file %s: %s", log_path.c_str(), std::strerror(errno))};
        }
    } else {
        logger.Close();
    }
    return {};
}

/** Works out where the RPC server listens, following Bitcoin Core's -rpcbind/-rpcallowip rules. */
util::Result<rpc::HTTPServer::Options> RPCServerOptions(const ArgsManager& args, const BaseChainParams& chain)
{
    rpc::HTTPServer::Options options;
    const int64_t port = args.GetIntArg("-rpcport", chain.rpc_port);
    if (port < 1 || port > 65535) return util::Error{StrFormat("Invalid -rpcport %lld: must be 1-65535", (long long)port)};
    for (const std::string& text : args.GetArgs("-rpcallowip")) {
        const auto subnet = Subnet::Parse(text);
        if (!subnet) {
            return util::Error{"Invalid -rpcallowip subnet specification: " + text +
                               ". Valid are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. 1.2.3.4/255.255.255.0) "
                               "or a network/CIDR (e.g. 1.2.3.4/24)."};
        }
        options.allow.push_back(*subnet);
    }
    const std::vector<std::string> binds = args.GetArgs("-rpcbind");
    if (options.allow.empty()) {
        if (!binds.empty()) {
            LogWarning("Option -rpcbind was ignored because -rpcallowip was not specified, refusing to allow everyone to connect");
        }
        options.bind = {{"::1", static_cast<uint16_t>(port)}, {"127.0.0.1", static_cast<uint16_t>(port)}};
    } else if (!binds.empty()) {
        for (const std::string& text : binds) {
            const auto host_port = SplitHostPort(text, static_cast<uint16_t>(port));
            if (!host_port || !IPAddress::Parse(host_port->first)) {
                return util::Error{"Invalid -rpcbind address '" + text + "': expected a numeric IP with an optional :port"};
            }
            options.bind.push_back(*host_port);
        }
    } else {
        options.bind = {{"::", static_cast<uint16_t>(port)}, {"0.0.0.0", static_cast<uint16_t>(port)}};
    }
    const int64_t threads = args.GetIntArg("-rpcthreads", DEFAULT_RPC_THREADS);
    const int64_t depth = args.GetIntArg("-rpcworkqueue", DEFAULT_RPC_WORKQUEUE);
    const int64_t timeout = args.GetIntArg("-rpcservertimeout", DEFAULT_RPC_SERVER_TIMEOUT);
    if (threads < 1 || threads > 64) return util::Error{"-rpcthreads must be between 1 and 64"};
    if (depth < 1 || depth > 65536) return util::Error{"-rpcworkqueue must be between 1 and 65536"};
    if (timeout < 1 || timeout > 3600) return util::Error{"-rpcservertimeout must be between 1 and 3600 seconds"};
    options.worker_threads = static_cast<int>(threads);
    options.work_queue_depth = static_cast<int>(depth);
    options.timeout_seconds = static_cast<int>(timeout);
    return options;
}

util::Result<void> StartRPC(NodeContext& node)
{
    const ArgsManager& args = *node.args;
    rpc::RPCAuthenticator::Options auth_options;
    auth_options.rpc_user = args.GetArg("-rpcuser", "");
    auth_options.rpc_password = args.GetArg("-rpcpassword", "");
    auth_options.rpcauth = args.GetArgs("-rpcauth");
    if (auth_options.rpc_password.empty()) auth_options.cookie_file = GetCookieFile(args, *node.chain);
    auto auth = rpc::RPCAuthenticator::Create(auth_options);
    if (!auth) return util::Error{auth.error()};
    node.rpc_auth = std::make_unique<rpc::RPCAuthenticator>(std::move(*auth));
    if (node.rpc_auth->CookieFile()) LogInfo("Generated RPC authentication cookie %s", node.rpc_auth->CookieFile()->c_str());

    auto options = RPCServerOptions(args, *node.chain);
    if (!options) return util::Error{options.error()};
    node.rpc_table = std::make_unique<rpc::RPCTable>(static_cast<int>(args.GetIntArg("-rpcport", node.chain->rpc_port)));
    node::RegisterRPCCommands(*node.rpc_table, node);

    auto server = rpc::HTTPServer::Create(*options);
    if (!server) return util::Error{server.error()};
    node.http_server = std::move(*server);
    RegisterJSONRPCHandlers(*node.http_server, *node.rpc_table, *node.rpc_auth);
    node.http_server->Start();
    return {};
}

void Shutdown(NodeContext& node, const std::optional<std::filesystem::path>& pid_file)
{
    LogInfo("Shutdown: In progress...");
    // RPC first: Stop() joins the RPC workers, and a getsipinfo still running must not read the
    // SIP stack that SipService::Stop() frees.
    if (node.http_server) {
        node.http_server->Interrupt();
        node.http_server->Stop();
        node.http_server.reset();
    }
    if (node.sip) node.sip->Stop();
    node.registry_directory.reset(); // unregisters; after the SIP thread that reads it stopped
    StopWallets(node);
    StopP2P(node);
    StopMempool(node);
    StopZmq(node);
    StopChain(node);
    if (node.rpc_auth) node.rpc_auth->DeleteCookie();
    if (pid_file) {
        std::error_code ec;
        std::filesystem::remove(*pid_file, ec);
    }
    LogInfo("Shutdown: done");
}

/**
 * Forks into the background. The parent waits for the child to report init success on a pipe and
 * exits with 0 or 1 accordingly, so `dotsd -daemon` still shows init errors. Returns the write end
 * of the pipe in the child (or -1 when not daemonizing).
 */
util::Result<int> Daemonize()
{
    int fds[2];
    if (::pipe(fds) != 0) return util::Error{StrFormat("Cannot create daemon pipe: %s", std::strerror(errno))};
    const pid_t pid = ::fork();
    if (pid < 0) return util::Error{StrFormat("fork() failed: %s", std::strerror(errno))};
    if (pid > 0) {
        ::close(fds[1]);
        char status = 0;
        const ssize_t n = ::read(fds[0], &status, 1);
        std::_Exit(n == 1 && status == '1' ? 0 : 1);
    }
    ::close(fds[0]);
    if (::setsid() < 0) return util::Error{StrFormat("setsid() failed: %s", std::strerror(errno))};
    return fds[1];
}

void ReportDaemonStatus(int fd, bool ok)
{
    if (fd < 0) return;
    const char status = ok ? '1' : '0';
    [[maybe_unused]] ssize_t n = ::write(fd, &status, 1);
    ::close(fd);
    if (ok) {
        // Detach from the terminal only once init has succeeded, so errors were still visible.
        const int null_fd = ::open("/dev/null", O_RDWR);
        if (null_fd >= 0) {
            ::dup2(null_fd, STDIN_FILENO);
            ::dup2(null_fd, STDOUT_FILENO);
            ::dup2(null_fd, STDERR_FILENO);
            if (null_fd > STDERR_FILENO) ::close(null_fd);
        }
    }
}

std::string Usage()
{
    return "DOTS daemon version v" + FormatVersion() +
           "\n\nThe DOTS node: chain, JSON-RPC server and SIP router.\n\n"
           "Usage:  dotsd [options]                     Start DOTS daemon\n\n";
}

/** -mocktime: regtest only, as the setmocktime RPC (util/time.h). */
util::Result<void> SetupMockTime(const ArgsManager& args, const BaseChainParams& chain)
{
    if (!args.IsArgSet("-mocktime")) return {};
    if (chain.name != "regtest") return util::Error{"-mocktime is for regression testing (-regtest mode) only"};
    const int64_t mock_time = args.GetIntArg("-mocktime", 0);
    if (mock_time < 0) return util::Error{StrFormat("Mocktime cannot be negative: %lld.", static_cast<long long>(mock_time))};
    SetMockTime(mock_time);
    if (mock_time) LogInfo("Mock time: %lld", static_cast<long long>(mock_time));
    return {};
}

} // namespace

void SetupServerArgs(ArgsManager& args)
{
    args.AddArg("-?", "Print this help message and exit", ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-h", "Print this help message and exit", ALLOW_BOOL, OptionsCategory::HIDDEN);
    args.AddArg("-help", "Print this help message and exit", ALLOW_BOOL, OptionsCategory::HIDDEN);
    args.AddArg("-help-debug", "Print help including debugging options and exit", ALLOW_BOOL, OptionsCategory::DEBUG_TEST);
    args.AddArg("-version", "Print version and exit", ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-conf=<file>", "Specify path to read-only configuration file. Relative paths are prefixed by the datadir location (default: dots.conf)",
                ALLOW_STRING, OptionsCategory::OPTIONS);
    args.AddArg("-datadir=<dir>", "Specify data directory (default: ~/.dots)", ALLOW_STRING, OptionsCategory::OPTIONS);
    args.AddArg("-daemon", "Run in the background as a daemon and accept commands (default: 0)", ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-pid=<file>", StrFormat("Specify pid file. Relative paths are prefixed by a net-specific datadir location (default: %s)", DEFAULT_PID_FILE),
                ALLOW_STRING, OptionsCategory::OPTIONS);

    args.AddArg("-debug=<category>", "Output debug and trace logging (default: -nodebug, supplying <category> is optional). "
                "If <category> is not supplied or if <category> is 1 or all, output all debug logging. If <category> is 0 or none, any other categories are ignored. "
                "<category> can be: net, rpc, http, sip, mempool, validation, zmq, db, bench, reindex, wallet, mining, registry, config.",
                ALLOW_BOOL | ALLOW_STRING | ALLOW_LIST, OptionsCategory::DEBUG_TEST);
    args.AddArg("-debugexclude=<category>", "Exclude debug and trace logging for a category. Can be used in conjunction with -debug=1 to output debug logs for all categories except the specified category.",
                ALLOW_STRING | ALLOW_LIST, OptionsCategory::DEBUG_TEST);
    args.AddArg("-debuglogfile=<file>", StrFormat("Specify location of debug log file (default: %s). Relative paths are prefixed by a net-specific datadir location. Pass -nodebuglogfile to disable writing the log to a file.", DEFAULT_DEBUG_LOG),
                ALLOW_STRING, OptionsCategory::DEBUG_TEST);
    args.AddArg("-printtoconsole", "Send trace/debug info to console (default: 1 when no -daemon. To disable logging to file, set -nodebuglogfile)",
                ALLOW_BOOL, OptionsCategory::DEBUG_TEST);
    args.AddArg("-mocktime=<n>", "Replace actual time with UNIX epoch time (regtest only; default: 0)", ALLOW_INT | DEBUG_ONLY,
                OptionsCategory::DEBUG_TEST);
    args.AddArg("-logtimemicros", "Add microsecond precision to debug timestamps (default: 0)", ALLOW_BOOL, OptionsCategory::DEBUG_TEST);
    args.AddArg("-logthreadnames", "Prepend debug output with name of the originating thread (default: 0)", ALLOW_BOOL, OptionsCategory::DEBUG_TEST);

    AddChainSelectionArgs(args);
    AddChainArgs(args);
    AddMempoolArgs(args);
    AddZmqArgs(args);
    AddP2PArgs(args);
    sip::AddSipArgs(args);
    wallet::AddWalletArgs(args);
    node::AddProbeArgs(args);
    node::AddVoucherArgs(args);

    args.AddArg("-rpcallowip=<ip>", "Allow JSON-RPC connections from specified source. Valid are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. 1.2.3.4/255.255.255.0) or a network/CIDR (e.g. 1.2.3.4/24). This option can be specified multiple times",
                ALLOW_STRING | ALLOW_LIST, OptionsCategory::RPC);
    args.AddArg("-rpcauth=<userpw>", "Username and HMAC-SHA-256 hashed password for JSON-RPC connections. The field <userpw> comes in the format: <USERNAME>:<SALT>$<HASH>. A canonical python script is included in share/rpcauth. The client then connects normally using the rpcuser=<USERNAME>/rpcpassword=<PASSWORD> pair of arguments. This option can be specified multiple times",
                ALLOW_STRING | ALLOW_LIST | SENSITIVE, OptionsCategory::RPC);
    args.AddArg("-rpcbind=<addr>[:port]", "Bind to given address to listen for JSON-RPC connections. Do not expose the RPC server to untrusted networks such as the public internet! This option is ignored unless -rpcallowip is also passed. Port is optional and overrides -rpcport. Use [host]:port notation for IPv6. This option can be specified multiple times (default: 127.0.0.1 and ::1 i.e., localhost)",
                ALLOW_STRING | ALLOW_LIST | NETWORK_ONLY, OptionsCategory::RPC);
    args.AddArg("-rpccookiefile=<loc>", "Location of the auth cookie. Relative paths will be prefixed by a net-specific datadir location. (default: data dir)",
                ALLOW_STRING, OptionsCategory::RPC);
    args.AddArg("-rpcpassword=<pw>", "Password for JSON-RPC connections", ALLOW_STRING | SENSITIVE, OptionsCategory::RPC);
    args.AddArg("-rpcport=<port>", "Listen for JSON-RPC connections on <port> (default: 7332, testnet: 17332, regtest: 17443)",
                ALLOW_INT | NETWORK_ONLY, OptionsCategory::RPC);
    args.AddArg("-rpcservertimeout=<n>", StrFormat("Timeout during HTTP requests (default: %d)", DEFAULT_RPC_SERVER_TIMEOUT),
                ALLOW_INT | DEBUG_ONLY, OptionsCategory::RPC);
    args.AddArg("-rpcthreads=<n>", StrFormat("Set the number of threads to service RPC calls (default: %d)", DEFAULT_RPC_THREADS),
                ALLOW_INT, OptionsCategory::RPC);
    args.AddArg("-rpcuser=<user>", "Username for JSON-RPC connections", ALLOW_STRING | SENSITIVE, OptionsCategory::RPC);
    // dots.conf is shared with dots-cli: accept its options there (they do nothing in dotsd).
    for (const char* client_option : {"-rpcconnect=<ip>", "-rpcclienttimeout=<n>", "-rpcwait", "-rpcwaittimeout=<n>", "-rpcwallet=<name>"}) {
        args.AddArg(client_option, "Used by dots-cli", ALLOW_BOOL | ALLOW_INT | ALLOW_STRING, OptionsCategory::HIDDEN);
    }
    args.AddArg("-rpcworkqueue=<n>", StrFormat("Set the depth of the work queue to service RPC calls (default: %d)", DEFAULT_RPC_WORKQUEUE),
                ALLOW_INT | DEBUG_ONLY, OptionsCategory::RPC);
}

int AppMain(int argc, char* argv[])
{
    InitStartupTime();
    ArgsManager args;
    SetupServerArgs(args);
    if (auto res = args.ParseParameters(argc, argv); !res) {
        std::fprintf(stderr, "Error parsing command line arguments: %s\n", res.error().c_str());
        return 1;
    }
    if (args.IsArgSet("-?") || args.IsArgSet("-h") || args.IsArgSet("-help") || args.IsArgSet("-help-debug")) {
        std::printf("%s%s", Usage().c_str(), args.GetHelpMessage(args.IsArgSet("-help-debug")).c_str());
        return 0;
    }
    if (args.IsArgSet("-version")) {
        std::printf("DOTS daemon version v%s\nCopyright (C) 2026 The DOTS developers\n"
                    "Distributed under the MIT software license, see the accompanying file COPYING.\n",
                    FormatVersion().c_str());
        return 0;
    }
    if (const auto positional = args.GetPositionalArgs(); !positional.empty()) {
        return InitError("Command line contains unexpected token '" + positional.front() + "', see dotsd -h for a list of options.");
    }
    if (auto res = args.ReadConfigFiles(); !res) return InitError(res.error());
    const auto chain_name = args.GetChainName();
    if (!chain_name) return InitError(chain_name.error());
    args.SelectConfigNetwork(*chain_name);
    const BaseChainParams& chain = GetBaseChainParams(*chain_name);

    // The datadir itself (when given) was checked to exist; its chain subdirectory is ours to create.
    const std::filesystem::path net_dir = GetDataDirNet(args, chain);
    std::error_code ec;
    std::filesystem::create_directories(net_dir, ec);
    if (ec) return InitError(StrFormat("Cannot create data directory %s: %s", net_dir.c_str(), ec.message().c_str()));

    auto lock = DirectoryLock::Acquire(net_dir / ".lock");
    if (!lock) return InitError(lock.error());

    int daemon_fd = -1;
    if (args.GetBoolArg("-daemon", false)) {
        std::printf("DOTS server starting\n");
        std::fflush(stdout);
        auto fd = Daemonize();
        if (!fd) return InitError(fd.error());
        daemon_fd = *fd;
    }
    auto fail = [&](const std::string& message) {
        const int code = InitError(message);
        ReportDaemonStatus(daemon_fd, false);
        return code;
    };

    if (auto res = SetupLogging(args, chain); !res) return fail(res.error());
    if (auto res = SetupMockTime(args, chain); !res) return fail(res.error());
    LogInfo("DOTS version v%s", FormatVersion().c_str());
    LogInfo("Using data directory %s", net_dir.c_str());
    LogInfo("Chain: %s", chain.name.c_str());

    std::optional<std::filesystem::path> pid_file;
    if (args.GetBoolArg("-daemon", false) || args.IsArgSet("-pid")) {
        pid_file = AbsPathForArg(args, chain, "-pid", DEFAULT_PID_FILE);
        if (auto res = WriteFileAtomic(*pid_file, std::to_string(::getpid()) + "\n", false); !res) {
            return fail("Unable to create the PID file: " + res.error());
        }
    }

    if (auto res = ShutdownSignal::Init(); !res) return fail(res.error());
    ShutdownSignal::InstallSignalHandlers();

    NodeContext node;
    node.args = &args;
    node.chain = &chain;
    node.validation_signals = std::make_unique<validation::ValidationSignals>();
    if (args.GetBoolArg("-siplisten", true)) {
        auto sip_options = sip::GetSipServiceOptions(args, chain);
        if (!sip_options) return fail(sip_options.error());
        node.sip = std::make_unique<sip::SipService>(std::move(*sip_options));
    }
    if (auto res = SetupWallet(node); !res) return fail(res.error());
    if (auto res = StartRPC(node); !res) {
        Shutdown(node, pid_file);
        return fail(res.error());
    }
    if (auto res = StartChain(node); !res) {
        Shutdown(node, pid_file);
        return fail(res.error());
    }
    if (node.sip) {
        auto dir = MakeRegistryDirectory(*node.chainman, *node.validation_signals, node.wallet.get());
        if (!dir) {
            Shutdown(node, pid_file);
            return fail(dir.error());
        }
        node.registry_directory = std::move(*dir);
        node.sip->SetChainDirectory(*node.registry_directory);
    }
    if (auto res = StartZmq(node); !res) {
        Shutdown(node, pid_file);
        return fail(res.error());
    }
    if (auto res = StartMempool(node); !res) {
        Shutdown(node, pid_file);
        return fail(res.error());
    }
    if (auto res = StartP2P(node); !res) {
        Shutdown(node, pid_file);
        return fail(res.error());
    }
    if (auto res = node.sip ? node.sip->Start() : util::Result<void>{}; !res) {
        Shutdown(node, pid_file);
        return fail(res.error());
    }
    if (auto res = StartWallets(node); !res) {
        Shutdown(node, pid_file);
        return fail(res.error());
    }
    if (node.registry_directory) node.registry_directory->RefreshLocalNodes(); // the wallets' node keys, now loaded
    node.rpc_table->SetWarmupFinished();
    LogInfo("init message: Done loading");
    ReportDaemonStatus(daemon_fd, true);

    ShutdownSignal::Wait();
    Shutdown(node, pid_file);
    return 0;
}

} // namespace node
