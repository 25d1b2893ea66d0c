// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// dots-cli: command-line JSON-RPC client for dotsd, with bitcoin-cli's options and output.

#if defined(HAVE_CONFIG_H)
#include <config/dots-config.h>
#endif

#include <rpc/client.h>
#include <rpc/protocol.h>
#include <util/args.h>
#include <util/chaintype.h>
#include <util/format.h>
#include <util/netaddress.h>
#include <util/strencodings.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include <univalue.h>

namespace {

const char* const DEFAULT_RPCCONNECT = "127.0.0.1";
constexpr int DEFAULT_HTTP_CLIENT_TIMEOUT = 900; //!< seconds, like bitcoin-cli
constexpr int DEFAULT_WAIT_CLIENT_TIMEOUT = 0;   //!< -rpcwaittimeout: 0 waits forever
constexpr int MAX_HTTP_CLIENT_TIMEOUT = 5 * 365 * 24 * 3600; //!< five years stands for "no timeout"
const char* const CONFIG_FILENAME = "dots.conf";

/** Error for a failed connection: -rpcwait retries these, everything else ends the client. */
struct ConnectionFailed {
    std::string message;
};

/** The server asked for credentials and the client had none (no cookie, no password). */
struct MissingCredentials {
    std::string message;
};

/** What one HTTP exchange produced; status 0 means no HTTP response arrived. */
struct HTTPReply {
    int status{0};
    int error{-1}; //!< evhttp_request_error, or -1 when none was reported
    std::string body;
};

void SetupCliArgs(ArgsManager& args)
{
    const auto& main = GetBaseChainParams("main");
    const auto& test = GetBaseChainParams("test");
    const auto& regtest = GetBaseChainParams("regtest");

    args.AddArg("-version", "Print version and exit", ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-help", "Print this help message and exit", ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-conf=<file>", StrFormat("Specify configuration file. Relative paths will be prefixed by datadir location. (default: %s)", CONFIG_FILENAME), ALLOW_STRING, OptionsCategory::OPTIONS);
    args.AddArg("-datadir=<dir>", "Specify data directory", ALLOW_STRING, OptionsCategory::OPTIONS);
    args.AddArg("-getinfo", "Get general information from the remote server. Note that unlike server-side RPC calls, the output of -getinfo is the result of multiple non-atomic requests. Some entries in the output may represent results from different states (e.g. uptime and connections may be from different moments)", ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-named", "Pass named instead of positional arguments (default: false)", ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-rpcclienttimeout=<n>", StrFormat("Timeout in seconds during HTTP requests, or 0 for no timeout. (default: %d)", DEFAULT_HTTP_CLIENT_TIMEOUT), ALLOW_INT, OptionsCategory::OPTIONS);
    args.AddArg("-rpcconnect=<ip>", StrFormat("Send commands to node running on <ip> (default: %s)", DEFAULT_RPCCONNECT), ALLOW_STRING, OptionsCategory::OPTIONS);
    args.AddArg("-rpccookiefile=<loc>", "Location of the auth cookie. Relative paths will be prefixed by a net-specific datadir location. (default: data dir)", ALLOW_STRING, OptionsCategory::OPTIONS);
    args.AddArg("-rpcpassword=<pw>", "Password for JSON-RPC connections", ALLOW_STRING | SENSITIVE, OptionsCategory::OPTIONS);
    args.AddArg("-rpcport=<port>", StrFormat("Connect to JSON-RPC on <port> (default: %d, testnet: %d, regtest: %d)", main.rpc_port, test.rpc_port, regtest.rpc_port), ALLOW_INT | NETWORK_ONLY, OptionsCategory::OPTIONS);
    args.AddArg("-rpcuser=<user>", "Username for JSON-RPC connections", ALLOW_STRING, OptionsCategory::OPTIONS);
    args.AddArg("-rpcwait", "Wait for RPC server to start", ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-rpcwaittimeout=<n>", StrFormat("Timeout in seconds to wait for the RPC server to start, or 0 for no timeout. (default: %d)", DEFAULT_WAIT_CLIENT_TIMEOUT), ALLOW_INT, OptionsCategory::OPTIONS);
    args.AddArg("-rpcwallet=<walletname>", "Send RPC for non-default wallet on RPC server (needs to exactly match corresponding -wallet option passed to dotsd)", ALLOW_STRING, OptionsCategory::OPTIONS);
    args.AddArg("-stdin", "Read extra arguments from standard input, one per line until EOF/Ctrl-D (recommended for sensitive information such as passphrases). When combined with -stdinrpcpass, the first line from standard input is used for the RPC password.", ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-stdinrpcpass", "Read RPC password from standard input as a single line. When combined with -stdin, the first line from standard input is used for the RPC password.", ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-chain=<chain>", "Use the chain <chain> (default: main). Allowed values: main, test, regtest", ALLOW_STRING, OptionsCategory::CHAINPARAMS);
    args.AddArg("-testnet", "Use the test chain. Equivalent to -chain=test.", ALLOW_BOOL, OptionsCategory::CHAINPARAMS);
    args.AddArg("-regtest", "Enter regression test mode, which uses a special chain in which blocks can be solved instantly. Equivalent to -chain=regtest.", ALLOW_BOOL, OptionsCategory::CHAINPARAMS);
}

std::string VersionString()
{
#if defined(HAVE_CONFIG_H)
    return StrFormat("v%d.%d.%d", CLIENT_VERSION_MAJOR, CLIENT_VERSION_MINOR, CLIENT_VERSION_BUILD);
#else
    return "v0.1.0";
#endif
}

const char* HTTPErrorString(int code)
{
    switch (code) {
    case EVREQ_HTTP_TIMEOUT: return "timeout reached";
    case EVREQ_HTTP_EOF: return "EOF reached";
    case EVREQ_HTTP_INVALID_HEADER: return "error while reading header, or invalid header";
    case EVREQ_HTTP_BUFFER_ERROR: return "error encountered while reading or writing";
    case EVREQ_HTTP_REQUEST_CANCEL: return "request was canceled";
    case EVREQ_HTTP_DATA_TOO_LONG: return "response body is larger than allowed";
    default: return "unknown";
    }
}

void HTTPRequestDone(struct evhttp_request* req, void* ctx)
{
    auto* reply = static_cast<HTTPReply*>(ctx);
    if (req == nullptr) {
        reply->status = 0; // connection refused, timeout, ...: the error callback says which
        return;
    }
    reply->status = evhttp_request_get_response_code(req);
    struct evbuffer* buf = evhttp_request_get_input_buffer(req);
    if (buf) {
        const size_t size = evbuffer_get_length(buf);
        const char* data = reinterpret_cast<const char*>(evbuffer_pullup(buf, size));
        if (data) reply->body.assign(data, size);
        evbuffer_drain(buf, size);
    }
}

void HTTPErrorCallback(enum evhttp_request_error err, void* ctx)
{
    static_cast<HTTPReply*>(ctx)->error = err;
}

struct EventBaseDeleter {
    void operator()(event_base* base) const { event_base_free(base); }
};
struct EvhttpConnectionDeleter {
    void operator()(evhttp_connection* conn) const { evhttp_connection_free(conn); }
};

/** Where and how to reach the server, resolved once from the options. */
struct Endpoint {
    std::string host;
    int port{0};
    std::string path{"/"};
    std::optional<std::string> credentials; //!< "user:password"; nullopt when none could be found
    std::string missing_credentials_error;  //!< shown if the server then asks for credentials
    int timeout{DEFAULT_HTTP_CLIENT_TIMEOUT};
};

std::string URLEncode(const std::string& in)
{
    std::string out;
    for (unsigned char c : in) {
        if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += StrFormat("%%%02X", c);
        }
    }
    return out;
}

/** Reads "user:password" from the cookie file, or nullopt if it is missing or malformed. */
std::optional<std::string> ReadCookie(const std::filesystem::path& path)
{
    std::ifstream file{path};
    if (!file) return std::nullopt;
    std::string line;
    std::getline(file, line);
    if (line.find(':') == std::string::npos) return std::nullopt;
    return line;
}

util::Result<Endpoint> ResolveEndpoint(const ArgsManager& args, const std::string& chain, const std::optional<std::string>& stdin_password)
{
    const BaseChainParams& defaults = GetBaseChainParams(chain);
    Endpoint ep;
    const int64_t port_arg = args.GetIntArg("-rpcport", defaults.rpc_port);
    if (port_arg <= 0 || port_arg > 65535) return util::Error{StrFormat("Invalid port provided in -rpcport: %lld", static_cast<long long>(port_arg))};
    const std::string rpcconnect = args.GetArg("-rpcconnect", DEFAULT_RPCCONNECT);
    auto host_port = SplitHostPort(rpcconnect, static_cast<uint16_t>(port_arg));
    if (!host_port) return util::Error{StrFormat("Invalid port provided in -rpcconnect: %s", rpcconnect.c_str())};
    // An explicit -rpcport wins over a port inside -rpcconnect, like bitcoin-cli.
    if (args.IsArgSet("-rpcport")) host_port->second = static_cast<uint16_t>(port_arg);
    ep.host = host_port->first;
    ep.port = host_port->second;
    const int64_t timeout = args.GetIntArg("-rpcclienttimeout", DEFAULT_HTTP_CLIENT_TIMEOUT);
    if (timeout < 0) return util::Error{"-rpcclienttimeout cannot be negative"};
    ep.timeout = static_cast<int>(std::min<int64_t>(timeout, MAX_HTTP_CLIENT_TIMEOUT));
    if (const auto wallet = args.GetArg("-rpcwallet")) ep.path = "/wallet/" + URLEncode(*wallet);

    const std::string password = stdin_password.value_or(args.GetArg("-rpcpassword", ""));
    if (!password.empty()) {
        ep.credentials = args.GetArg("-rpcuser", "") + ":" + password;
        return ep;
    }
    ep.credentials = ReadCookie(GetCookieFile(args, defaults));
    ep.missing_credentials_error = StrFormat(
        "Could not locate RPC credentials. No authentication cookie could be found, and RPC password is not set.  "
        "See -rpcpassword and -stdinrpcpass.  Configuration file: (%s)",
        (args.GetDataDirBase() / args.GetArg("-conf", CONFIG_FILENAME)).c_str());
    return ep;
}

/**
 * Posts one JSON-RPC request body and returns the parsed reply (an object, or an array for a
 * batch). Throws ConnectionFailed when no HTTP response arrived, MissingCredentials for a 401
 * without credentials, and std::runtime_error for other HTTP-level failures.
 */
UniValue PostRequest(const Endpoint& ep, const std::string& body)
{
    std::unique_ptr<event_base, EventBaseDeleter> base{event_base_new()};
    if (!base) throw std::runtime_error("cannot create event_base");
    std::unique_ptr<evhttp_connection, EvhttpConnectionDeleter> conn{
        evhttp_connection_base_new(base.get(), nullptr, ep.host.c_str(), static_cast<uint16_t>(ep.port))};
    if (!conn) throw std::runtime_error("create connection failed");
    // A timeout of 0 means "no timeout": use the longest one, like bitcoin-cli.
    evhttp_connection_set_timeout(conn.get(), ep.timeout > 0 ? ep.timeout : MAX_HTTP_CLIENT_TIMEOUT);

    HTTPReply reply;
    evhttp_request* req = evhttp_request_new(HTTPRequestDone, &reply);
    if (!req) throw std::runtime_error("create http request failed");
    evhttp_request_set_error_cb(req, HTTPErrorCallback);

    evkeyvalq* headers = evhttp_request_get_output_headers(req);
    evhttp_add_header(headers, "Host", ep.host.c_str());
    evhttp_add_header(headers, "Connection", "close");
    evhttp_add_header(headers, "Content-Type", "application/json");
    if (ep.credentials) {
        const std::string auth = "Basic " + EncodeBase64(std::span{reinterpret_cast<const uint8_t*>(ep.credentials->data()), ep.credentials->size()});
        evhttp_add_header(headers, "Authorization", auth.c_str());
    }
    evbuffer_add(evhttp_request_get_output_buffer(req), body.data(), body.size());

    // evhttp_make_request frees req on failure as well as on completion.
    if (evhttp_make_request(conn.get(), req, EVHTTP_REQ_POST, ep.path.c_str()) != 0) {
        throw ConnectionFailed{"send http request failed"};
    }
    event_base_dispatch(base.get());

    if (reply.status == 0) {
        const std::string detail = reply.error == -1 ? "" : StrFormat(" (error code %d - \"%s\")", reply.error, HTTPErrorString(reply.error));
        throw ConnectionFailed{StrFormat(
            "Could not connect to the server %s:%d%s\n\n"
            "Make sure the dotsd server is running and that you are connecting to the correct RPC port. "
            "Use \"dots-cli -help\" for more info.",
            ep.host.c_str(), ep.port, detail.c_str())};
    }
    if (reply.status == 401) {
        if (!ep.credentials) throw MissingCredentials{ep.missing_credentials_error};
        throw std::runtime_error("Authorization failed: Incorrect rpcuser or rpcpassword");
    }
    if (reply.status == 503) throw std::runtime_error("Server response: " + reply.body);
    if (reply.status >= 400 && reply.status != 400 && reply.status != 404 && reply.status != 500) {
        throw std::runtime_error(StrFormat("server returned HTTP error %d", reply.status));
    }
    if (reply.body.empty()) throw std::runtime_error("no response from server");
    UniValue parsed;
    if (!parsed.read(reply.body) || !(parsed.isObject() || parsed.isArray())) {
        throw std::runtime_error("couldn't parse reply from server");
    }
    return parsed;
}

/** Builds the request body and turns the reply into {result, error} for printing. */
class RequestHandler
{
public:
    virtual ~RequestHandler() = default;
    virtual UniValue PrepareRequest(const std::string& method, const std::vector<std::string>& args) = 0;
    virtual UniValue ProcessReply(const UniValue& reply) = 0;
};

/** The ordinary handler: one method call. */
class DefaultRequestHandler : public RequestHandler
{
public:
    explicit DefaultRequestHandler(bool named) : m_named{named} {}

    UniValue PrepareRequest(const std::string& method, const std::vector<std::string>& args) override
    {
        auto params = m_named ? rpc::RPCConvertNamedValues(method, args) : rpc::RPCConvertValues(method, args);
        if (!params) throw std::runtime_error(params.error());
        return rpc::JSONRPCRequestObj(method, *params, 1);
    }

    UniValue ProcessReply(const UniValue& reply) override
    {
        if (!reply.isObject()) throw std::runtime_error("expected reply to be a JSON object");
        return reply;
    }

private:
    bool m_named;
};

/** -getinfo: a batch of calls whose results are summarized for a human reader. */
class GetinfoRequestHandler : public RequestHandler
{
public:
    static constexpr int ID_NETWORKINFO = 0;
    static constexpr int ID_BLOCKCHAININFO = 1;
    static constexpr int ID_UPTIME = 2;

    UniValue PrepareRequest(const std::string& method, const std::vector<std::string>& args) override
    {
        if (!args.empty()) throw std::runtime_error("-getinfo takes no arguments");
        UniValue batch(UniValue::VARR);
        batch.push_back(rpc::JSONRPCRequestObj("getnetworkinfo", UniValue(UniValue::VARR), ID_NETWORKINFO));
        batch.push_back(rpc::JSONRPCRequestObj("getblockchaininfo", UniValue(UniValue::VARR), ID_BLOCKCHAININFO));
        batch.push_back(rpc::JSONRPCRequestObj("uptime", UniValue(UniValue::VARR), ID_UPTIME));
        return batch;
    }

    UniValue ProcessReply(const UniValue& batch) override
    {
        if (!batch.isArray()) throw std::runtime_error("expected a batch reply for -getinfo");
        UniValue by_id[3];
        for (const UniValue& item : batch.getValues()) {
            const UniValue& id = find_value(item, "id");
            if (!id.isNum() || id.get_int() < 0 || id.get_int() > 2) throw std::runtime_error("unexpected id in -getinfo reply");
            by_id[id.get_int()] = item;
        }
        for (int i = 0; i < 3; ++i) {
            if (by_id[i].isNull()) throw std::runtime_error("missing reply in -getinfo batch");
            const UniValue& error = find_value(by_id[i], "error");
            if (error.isNull()) continue;
            // Optional methods a server without that layer does not have are simply left out.
            const bool optional = i != ID_NETWORKINFO;
            if (optional && find_value(error, "code").isNum() && find_value(error, "code").get_int() == rpc::RPC_METHOD_NOT_FOUND) continue;
            return by_id[i];
        }
        UniValue result(UniValue::VOBJ);
        result.pushKV("result", Summarize(find_value(by_id[ID_NETWORKINFO], "result"),
                                          find_value(by_id[ID_BLOCKCHAININFO], "result"),
                                          find_value(by_id[ID_UPTIME], "result")));
        result.pushKV("error", NullUniValue);
        return result;
    }

private:
    static std::string Summarize(const UniValue& net, const UniValue& chain, const UniValue& uptime)
    {
        std::string out;
        if (chain.isObject()) {
            out += "Chain: " + find_value(chain, "chain").getValStr() + "\n";
            out += "Blocks: " + find_value(chain, "blocks").getValStr() + "\n";
            out += "Headers: " + find_value(chain, "headers").getValStr() + "\n";
            if (find_value(chain, "verificationprogress").isNum()) {
                out += StrFormat("Verification progress: %.4f%%\n", find_value(chain, "verificationprogress").get_real() * 100);
            }
            out += "Difficulty: " + find_value(chain, "difficulty").getValStr() + "\n\n";
        }
        if (find_value(net, "connections_in").isNum()) {
            out += StrFormat("Network: in %s, out %s, total %s\n", find_value(net, "connections_in").getValStr().c_str(),
                             find_value(net, "connections_out").getValStr().c_str(), find_value(net, "connections").getValStr().c_str());
        } else if (!find_value(net, "connections").isNull()) {
            out += "Connections: " + find_value(net, "connections").getValStr() + "\n";
        }
        out += "Version: " + find_value(net, "version").getValStr() + "\n";
        out += "Subversion: " + find_value(net, "subversion").getValStr() + "\n";
        out += "Protocol version: " + find_value(net, "protocolversion").getValStr() + "\n";
        if (uptime.isNum()) out += "Uptime (s): " + uptime.getValStr() + "\n";
        const UniValue& warnings = find_value(net, "warnings");
        std::string warning_text = warnings.isStr() ? warnings.get_str() : "";
        if (warnings.isArray()) {
            for (const UniValue& w : warnings.getValues()) warning_text += (warning_text.empty() ? "" : "\n") + w.getValStr();
        }
        out += "Warnings: " + (warning_text.empty() ? std::string{"(none)"} : warning_text);
        return out;
    }
};

/** Prints the reply like bitcoin-cli and returns the process exit code. */
int PrintReply(const UniValue& reply)
{
    const UniValue& error = find_value(reply, "error");
    if (error.isNull()) {
        const UniValue& result = find_value(reply, "result");
        if (result.isNull()) return EXIT_SUCCESS;
        std::cout << (result.isStr() ? result.get_str() : result.write(2)) << std::endl;
        return EXIT_SUCCESS;
    }
    const UniValue& code = find_value(error, "code");
    const UniValue& message = find_value(error, "message");
    if (error.isObject() && code.isNum()) {
        std::string text = "error code: " + code.getValStr();
        if (message.isStr()) text += "\nerror message:\n" + message.get_str();
        std::cerr << text << std::endl;
    } else {
        std::cerr << "error: " << error.write() << std::endl;
    }
    return EXIT_FAILURE;
}

/**
 * Sends the request, retrying while -rpcwait allows, and returns the processed reply. The
 * endpoint (and with it the cookie) is resolved again on every try: a starting server writes
 * a new cookie.
 */
UniValue CallWithRetry(const ArgsManager& args, const std::string& chain, const std::optional<std::string>& stdin_password,
                       RequestHandler& handler, const UniValue& request)
{
    const bool wait = args.GetBoolArg("-rpcwait", false);
    const int64_t wait_timeout = args.GetIntArg("-rpcwaittimeout", DEFAULT_WAIT_CLIENT_TIMEOUT);
    if (wait_timeout < 0) throw std::runtime_error("-rpcwaittimeout cannot be negative");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{wait_timeout};
    const std::string body = request.write() + "\n";
    while (true) {
        auto endpoint = ResolveEndpoint(args, chain, stdin_password);
        if (!endpoint) throw std::runtime_error(endpoint.error());
        try {
            UniValue reply = handler.ProcessReply(PostRequest(*endpoint, body));
            const UniValue& error = find_value(reply, "error");
            if (wait && error.isObject() && find_value(error, "code").isNum() &&
                find_value(error, "code").get_int() == rpc::RPC_IN_WARMUP) {
                throw ConnectionFailed{"server in warmup: " + find_value(error, "message").getValStr()};
            }
            return reply;
        } catch (const MissingCredentials& e) {
            // dotsd writes its cookie before it listens, so a server that answers has either
            // written it or runs without one. Under -rpcwait the cookie may have appeared
            // between reading it and connecting: try again only if it is there now.
            auto again = ResolveEndpoint(args, chain, stdin_password);
            if (!wait || !again || !again->credentials) throw std::runtime_error(e.message);
        } catch (const ConnectionFailed& e) {
            if (!wait) throw std::runtime_error(e.message);
            if (wait_timeout > 0 && std::chrono::steady_clock::now() >= deadline) {
                throw std::runtime_error("timeout on transient error: " + e.message);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds{500});
        }
    }
}

std::vector<std::string> ReadStdinLines()
{
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(std::cin, line)) lines.push_back(line);
    return lines;
}

/** Runs the command given on the command line; returns the exit code. */
int CommandLineRPC(const ArgsManager& args, const std::string& chain)
{
    std::vector<std::string> positional = args.GetPositionalArgs();
    std::optional<std::string> stdin_password;
    if (args.GetBoolArg("-stdinrpcpass", false)) {
        std::string pw;
        if (!std::getline(std::cin, pw)) throw std::runtime_error("-stdinrpcpass specified but failed to read from standard input");
        stdin_password = pw;
    }
    if (args.GetBoolArg("-stdin", false)) {
        for (auto& line : ReadStdinLines()) positional.push_back(std::move(line));
    }
    std::unique_ptr<RequestHandler> handler;
    std::string method;
    if (args.GetBoolArg("-getinfo", false)) {
        handler = std::make_unique<GetinfoRequestHandler>();
    } else {
        if (positional.empty()) throw std::runtime_error("too few parameters (need at least command)");
        method = positional.front();
        positional.erase(positional.begin());
        handler = std::make_unique<DefaultRequestHandler>(args.GetBoolArg("-named", false));
    }
    const UniValue request = handler->PrepareRequest(method, positional);
    return PrintReply(CallWithRetry(args, chain, stdin_password, *handler, request));
}

} // namespace

int main(int argc, char* argv[])
{
    std::signal(SIGPIPE, SIG_IGN);
    ArgsManager args;
    SetupCliArgs(args);
    for (int i = 1; i < argc; ++i) {
        const std::string_view a{argv[i]};
        if (!a.starts_with("-")) break;
        if (a == "-?" || a == "-h" || a == "--help") {
            argv[i] = const_cast<char*>("-help"); // ArgsManager knows only the long form
        }
    }
    if (auto res = args.ParseParameters(argc, argv); !res) {
        std::cerr << "Error parsing command line arguments: " << res.error() << std::endl;
        return EXIT_FAILURE;
    }
    if (argc < 2 || args.GetBoolArg("-help", false) || args.IsArgSet("-version")) {
        std::string usage = "DOTS RPC client version " + VersionString() + "\n";
        if (!args.IsArgSet("-version")) {
            usage += "\nUsage:  dots-cli [options] <command> [params]  Send command to DOTS\n"
                     "or:     dots-cli [options] -named <command> [name=value]...  Send command to DOTS (with named arguments)\n"
                     "or:     dots-cli [options] help                List commands\n"
                     "or:     dots-cli [options] help <command>      Get help for a command\n\n";
            usage += args.GetHelpMessage(false);
        }
        std::cout << usage;
        if (argc < 2) {
            std::cerr << "Error: too few parameters" << std::endl;
            return EXIT_FAILURE;
        }
        return EXIT_SUCCESS;
    }
    if (auto res = args.ReadConfigFiles(UnknownConfigKeys::IGNORE); !res) {
        std::cerr << "Error reading configuration file: " << res.error() << std::endl;
        return EXIT_FAILURE;
    }
    const auto chain = args.GetChainName();
    if (!chain) {
        std::cerr << "Error: " << chain.error() << std::endl;
        return EXIT_FAILURE;
    }
    args.SelectConfigNetwork(*chain);
    try {
        return CommandLineRPC(args, *chain);
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << std::endl;
        return EXIT_FAILURE;
    }
}
