// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/registrar/rpc_registrar.h>

#include <rpc/server.h>
#include <sip/registrar/credentials.h>
#include <sip/registrar/handle.h>
#include <sip/registrar/location.h>
#include <sip/registrar/registrar.h>
#include <util/time.h>

namespace {

constexpr size_t MIN_PASSWORD_LENGTH = 8;
constexpr size_t MAX_PASSWORD_LENGTH = 1024;

const std::string HANDLE_SYNTAX =
    "a handle is a lowercase name matching [a-z0-9][a-z0-9._-]{2,31} or an E.164 number (\"+\" then 7-15 digits)";

std::string FormatSource(const sip::RegistrationSource& source)
{
    if (source.ip.find(':') != std::string::npos) return "[" + source.ip + "]:" + std::to_string(source.port);
    return source.ip + ":" + std::to_string(source.port);
}

UniValue BindingToJSON(const sip::ContactBinding& b, int64_t now)
{
    UniValue obj{UniValue::VOBJ};
    obj.pushKV("handle", b.aor);
    obj.pushKV("contact", b.contact_uri);
    obj.pushKV("expires", b.expires_at > now ? b.expires_at - now : 0);
    obj.pushKV("q", b.q_milli.value_or(1000) / 1000.0);
    obj.pushKV("source", FormatSource(b.source));
    obj.pushKV("transport", std::string{sip::TransportName(b.source.transport)});
    obj.pushKV("behind_nat", b.behind_nat);
    if (!b.instance.empty()) obj.pushKV("instance", b.instance);
    if (b.reg_id != 0) obj.pushKV("reg_id", static_cast<uint64_t>(b.reg_id));
    obj.pushKV("user_agent", b.user_agent);
    obj.pushKV("registered_at", b.registered_at);
    return obj;
}

} // namespace

void RegisterRegistrarRPCCommands(RPCTable& table, sip::CredentialStore& credentials, sip::LocationService& location)
{
    table.Register({
        "sip", "setsipcredential",
        "Sets the SIP Digest password of a handle on this node, so that standard SIP clients can register it here\n"
        "(username = the handle, realm = this node's SIP domain). Only the Digest hashes (HA1 for SHA-256 and MD5)\n"
        "are kept, never the password. Replaces an earlier credential of the handle; existing registrations stay.\n"
        "Note: this node does not yet check that the caller owns the handle; the wallet adds the owner-key check.",
        {{"handle", RPCArgType::STR, false, "", "The handle: " + HANDLE_SYNTAX},
         {"password", RPCArgType::STR, false, "", "The Digest password, at least 8 characters"}},
        "null    (json null)",
        {"\"alice\" \"correct horse battery\"", "\"+4930123456\" \"s3cret-pw\""},
        [&credentials](const JSONRPCRequest& request) -> RPCResponse {
            const std::string& handle = request.params[0].get_str();
            const std::string& password = request.params[1].get_str();
            if (!sip::IsCanonicalHandle(handle)) {
                return RPCError{RPC_INVALID_PARAMETER, "Invalid handle \"" + handle + "\": " + HANDLE_SYNTAX};
            }
            if (password.size() < MIN_PASSWORD_LENGTH) {
                return RPCError{RPC_INVALID_PARAMETER, "Password too short: at least 8 characters are required"};
            }
            if (password.size() > MAX_PASSWORD_LENGTH || password.find('\0') != std::string::npos) {
                return RPCError{RPC_INVALID_PARAMETER, "Password too long or contains a NUL character"};
            }
            if (!credentials.SetCredential(handle, password)) {
                return RPCError{RPC_INVALID_PARAMETER, "Invalid handle or password"};
            }
            return UniValue{};
        },
    });
    table.Register({
        "sip", "listsipregistrations",
        "Lists the SIP contacts registered at this node, of all handles or of one handle.\n"
        "Contacts live in memory only and are never written to disk or to the chain.",
        {{"handle", RPCArgType::STR, true, "all handles", "Only the contacts of this handle"}},
        "[                          (json array) sorted by handle, then highest q and most recent first\n"
        "  {\n"
        "    \"handle\" : \"str\",        (string) the handle (address-of-record)\n"
        "    \"contact\" : \"str\",       (string) the registered Contact URI\n"
        "    \"expires\" : n,           (numeric) seconds until the registration expires\n"
        "    \"q\" : n,                 (numeric) the contact's q value (1 if none was given)\n"
        "    \"source\" : \"str\",        (string) address:port the REGISTER came from (requests are sent there)\n"
        "    \"transport\" : \"str\",     (string) UDP, TCP, TLS, WS or WSS\n"
        "    \"behind_nat\" : true|false, (boolean) whether the contact's address differs from the source\n"
        "    \"instance\" : \"str\",      (string, optional) the +sip.instance of the device (RFC 5626)\n"
        "    \"reg_id\" : n,            (numeric, optional) the reg-id of the flow (RFC 5626)\n"
        "    \"user_agent\" : \"str\",    (string) the client's User-Agent header\n"
        "    \"registered_at\" : xxx    (numeric) UNIX epoch time of the last (re-)registration\n"
        "  },\n"
        "  ...\n"
        "]",
        {"", "\"alice\""},
        [&location](const JSONRPCRequest& request) -> RPCResponse {
            std::optional<std::string> handle;
            if (!request.params[0].isNull()) {
                handle = sip::CanonicalizeHandle(request.params[0].get_str());
                if (!handle) {
                    return RPCError{RPC_INVALID_PARAMETER,
                                    "Invalid handle \"" + request.params[0].get_str() + "\": " + HANDLE_SYNTAX};
                }
            }
            const int64_t now = GetTime();
            UniValue result{UniValue::VARR};
            const auto bindings = handle ? location.List(std::string_view{*handle}, now) : location.List(std::nullopt, now);
            for (const sip::ContactBinding& b : bindings) result.push_back(BindingToJSON(b, now));
            return result;
        },
    });
}
