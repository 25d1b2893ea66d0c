// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The registrar's RPCs: listsipregistrations. (setsipcredential and removesipcredential are the
// wallet's, which keeps credentials across restarts: wallet/rpc/sip.cpp.)

#include <sip/rpc/register.h>

#include <rpc/server.h>
#include <sip/registrar/credentials.h>
#include <sip/registrar/handle.h>
#include <sip/registrar/location.h>
#include <sip/registrar/registrar.h>
#include <util/time.h>

namespace sip {

namespace {

const std::string HANDLE_SYNTAX =
    "a handle is a lowercase name matching [a-z0-9][a-z0-9._-]{2,31} or an E.164 number (\"+\" then 7-15 digits)";

std::string FormatSource(const RegistrationSource& source)
{
    if (source.ip.find(':') != std::string::npos) return "[" + source.ip + "]:" + std::to_string(source.port);
    return source.ip + ":" + std::to_string(source.port);
}

UniValue BindingToJSON(const ContactBinding& b, int64_t now)
{
    UniValue obj{UniValue::VOBJ};
    obj.pushKV("handle", b.aor);
    obj.pushKV("contact", b.contact_uri);
    obj.pushKV("expires", b.expires_at > now ? b.expires_at - now : 0);
    obj.pushKV("q", b.q_milli.value_or(1000) / 1000.0);
    obj.pushKV("source", FormatSource(b.source));
    obj.pushKV("transport", std::string{TransportName(b.source.transport)});
    obj.pushKV("behind_nat", b.behind_nat);
    if (!b.instance.empty()) obj.pushKV("instance", b.instance);
    if (b.reg_id != 0) obj.pushKV("reg_id", static_cast<uint64_t>(b.reg_id));
    obj.pushKV("user_agent", b.user_agent);
    obj.pushKV("registered_at", b.registered_at);
    return obj;
}

rpc::RPCMethod listsipregistrations(LocationService* location)
{
    return {
        .name = "listsipregistrations",
        .category = "sip",
        .description = "Lists the SIP contacts registered at this node, of all handles or of one handle.\n"
                       "Contacts live in memory only and are never written to disk or to the chain.",
        .args = {{"handle", rpc::RPCArg::Type::STR, rpc::RPCArg::DefaultHint{"all handles"}, "Only the contacts of this handle"}},
        .result = "[                          (json array) sorted by handle, then highest q and most recent first\n"
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
        .examples = {"", R"("alice")"},
        .handler = [location](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::optional<std::string> handle;
            if (const auto given = args.MaybeArg<std::string>("handle")) {
                handle = CanonicalizeHandle(*given);
                if (!handle) return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "Invalid handle \"" + *given + "\": " + HANDLE_SYNTAX};
            }
            const int64_t now = GetTime();
            UniValue result{UniValue::VARR};
            const auto bindings = handle ? location->List(std::string_view{*handle}, now) : location->List(std::nullopt, now);
            for (const ContactBinding& b : bindings) result.push_back(BindingToJSON(b, now));
            return result;
        },
    };
}
} // namespace

void RegisterRegistrarRPCCommands(rpc::RPCTable& table, CredentialStore* credentials, LocationService* location)
{
    const bool served = credentials != nullptr && location != nullptr;
    table.Register(listsipregistrations(location), served);
}

} // namespace sip
