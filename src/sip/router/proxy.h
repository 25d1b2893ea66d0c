// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_ROUTER_PROXY_H
#define DOTS_SIP_ROUTER_PROXY_H

// The proxy core (RFC 3261 section 16): the TransactionUser of dotsd's SIP stack. REGISTER
// goes to the registrar; requests for our handles are forked statefully to every live contact;
// in-dialog requests follow the Record-Route we inserted to an endpoint of a dialog we set up.
// A handle with no binding here that another node serves on chain is routed to that node
// (remote_route.h); voucher MESSAGEs for this node go to the node's VoucherSink (voucher_carrier.h).

#include <sip/registrar/registrar.h>
#include <sip/router/dialogs.h>
#include <sip/router/voucher_carrier.h>
#include <sip/transaction/transaction.h>
#include <sip/transaction/transaction_layer.h>
#include <sip/transport/address.h>
#include <sip/transport/flow_token.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace interfaces {
class CallAccounting;
class ChainDirectory;
class VoucherSink;
}

namespace sip {

class CredentialStore;
class LocationService;
class ProbeAnswers;

struct ProxyConfig {
    /** Our SIP domains and the node's own addresses (the registrar's list): a Request-URI or
     *  Route with one of these hosts (and no port or one of `ports`) addresses this node. */
    std::vector<std::string> domains;
    /** The ports we listen on, per transport. */
    ListenPorts ports{5060};
    /** Host written into our Via and Record-Route (an address peers can reach). */
    std::string advertised_host;
    /** At most this many parallel branches per request (contacts beyond are not tried). */
    size_t max_branches{10};
    /** The highest rate (units per 60 s) of a remote node we route calls to (-sipmaxrate); 0:
     *  free-peering nodes only. */
    int64_t max_rate{0};
    /** -siptrustedsource: requests from these networks take paid routes to other nodes without
     *  Digest credentials (a PBX, an SBC); everyone else authenticates as one of our handles. */
    std::vector<IpSubnet> trusted_sources{};
};

/** Proxy counters, thread-safe snapshot for getsipinfo. */
struct ProxyStats {
    uint64_t requests_routed{0};   //!< requests forwarded (initial and in-dialog)
    uint64_t branches_started{0};
    uint64_t rejected{0};          //!< requests answered with an error by the proxy
    uint64_t stateless_forwards{0}; //!< 2xx and ACKs forwarded outside transactions
};

/**
 * The dispatcher/proxy. Lives on the SIP thread: every method but Stats() must be called
 * there. Holds references to the stores, which must outlive it. SetLayer() must be called
 * before the stack delivers the first message (the Stack is built with this object as its
 * user, so the layer exists only afterwards).
 */
class Proxy final : public TransactionUser
{
public:
    using Clock = std::function<int64_t()>;

    /** `directory` may be null (then only local credentials make a handle "known"). `now`
     *  returns Unix seconds (GetTime in dotsd; tests pass their own). */
    Proxy(ProxyConfig config, Registrar& registrar, CredentialStore& credentials, LocationService& location,
          const interfaces::ChainDirectory* directory, DialogTable& dialogs, Clock now);

    void SetLayer(TransactionLayer& layer) { m_layer = &layer; }
    /** Who answers OPTIONS carrying DOTS-Probe (sip/router/probe_answer.h); null: 404 to them. */
    void SetProbeAnswers(ProbeAnswers* answers) { m_probe_answers = answers; }
    /** Reads the chain through `directory` from now on (before the SIP thread starts). */
    void SetDirectory(const interfaces::ChainDirectory* directory) { m_directory = directory; }
    /** Who counts the seconds of calls routed to remote nodes and signs their vouchers, and who
     *  keeps the vouchers remote nodes send us (interfaces/calls.h); null: neither. */
    void SetCalls(interfaces::CallAccounting* accounting, interfaces::VoucherSink* sink);
    /** Where voucher MESSAGEs wait for the node's verdict (null without a sink); the service
     *  sets its wake-up and flushes it on the SIP thread. */
    VoucherInbox* Vouchers() { return m_voucher_inbox.get(); }
    const ProxyConfig& Config() const { return m_config; }
    /** Pending forwarding contexts (server transactions being proxied). */
    size_t ContextCount() const { return m_contexts.size(); }
    ProxyStats Stats() const;

    /** True if `uri` addresses this node: sip/sips, one of our hosts, no port or ours. */
    bool IsOurUri(const Uri& uri) const;
    bool IsOurHost(std::string_view host) const;

    // --- TransactionUser ---
    void OnRequest(ServerTransaction& txn) override;
    void OnAck(const SipMessage& ack, const Peer& from) override;
    void OnCancel(ServerTransaction& invite, const SipMessage& cancel) override;
    void OnResponse(ClientTransaction& txn, const SipMessage& response) override;
    void OnClientFailure(ClientTransaction& txn, ClientFailure failure) override;
    void OnServerFailure(ServerTransaction& txn, ServerFailure failure) override;
    void OnStrayResponse(const SipMessage& response, const Peer& from) override;

private:
    /** The Routes naming this node at the top of a request (at most two, RFC 5658) and the
     *  flow token of the last one: the flow of the side the request goes to. */
    struct OurRoutes {
        size_t count{0};
        std::optional<Destination> flow;
    };
    struct Branch {
        TransactionId client{0};
        Destination hop;
        uint16_t final_status{0};
        std::string early_tag; //!< To tag of the early dialog this branch created, removed on a non-2xx final
    };
    /** One request being proxied (RFC 3261 16 "response context"). */
    struct Context {
        TransactionId server{0};
        SipMethod method{SipMethod::EXTENSION};
        bool creates_dialog{false};
        bool sips{false}; //!< sips: Request-URI: TLS/WSS hops and sips: Record-Route only
        bool final_sent{false};
        uint16_t best_status{0};
        std::string best_response; //!< upstream bytes of the best final so far, "" if synthesized
        std::vector<Branch> branches;
        // For the dialog table:
        std::string call_id, from_tag, from_handle, to_handle;
        DialogSide caller;
        std::optional<RemoteCall> remote; //!< an INVITE to a paid remote node: its dialog is billed
    };

    // proxy.cpp: request routing
    void Reject(ServerTransaction& txn, uint16_t code, std::string_view reason, std::string_view extra = {});
    void HandleRegister(ServerTransaction& txn);
    void RouteRequest(ServerTransaction& txn);
    void RouteInDialog(ServerTransaction& txn, const OurRoutes& routes);
    /** A request for `handle`, which has no live binding here: to the node serving it on chain
     *  (remote_route.h), else 480 (a handle we know) or 404. A paid route (rate > 0) is taken
     *  only for a trusted source or a caller authenticated by AuthorizePaidRoute. */
    void RouteUnbound(ServerTransaction& txn, const std::string& handle, size_t remove_routes, uint64_t loop_hash);
    /** Toll-fraud protection before a paid route: true if `txn` comes from a -siptrustedsource
     *  network or carries valid Proxy-Authorization Digest credentials of its From handle (set
     *  `*consumed_realm` to our realm then, so the forwarded request drops them); otherwise
     *  answers it (407 challenge, 403, 400: CheckDigest) and returns false. */
    bool AuthorizePaidRoute(ServerTransaction& txn, std::string_view* consumed_realm);
    /** A response context for out-of-dialog request `txn` for `handle` (no branch yet). */
    Context NewContext(const ServerTransaction& txn, const std::string& handle) const;
    /** Keeps `ctx`, whose branches started, until its final response. */
    void KeepContext(Context&& ctx);
    void AnswerOptions(ServerTransaction& txn);
    bool IsLoop(const SipMessage& request, uint64_t hash) const;
    std::string OurVia(Transport transport, std::string_view branch) const;
    /** One Record-Route URI of ours facing `side` (its transport's port), with the side's
     *  flow token when it is a connection (RFC 5626). */
    std::string RecordRouteUri(const Destination& side, bool sips) const;
    /** The Record-Route value for a dialog between `inbound` (where the request came from)
     *  and `outbound` (the branch): one URI when both are the same connectionless transport,
     *  else two (RFC 5658 double Record-Route), the one facing the callee first. */
    std::string OurRecordRoute(const Destination& inbound, const Destination& outbound, bool sips) const;
    OurRoutes TopRoutes(const SipMessage& request) const;
    /** Starts one branch; false if it could not be sent (recorded as a failed branch). The
     *  Record-Route of a dialog-creating request faces ctx.caller.hop and `hop`. */
    bool StartBranch(Context& ctx, const SipMessage& request, const Destination& hop, std::string_view request_uri,
                     size_t remove_routes, uint64_t loop_hash, std::string_view consumed_realm = {});

    // forking.cpp: responses and branch bookkeeping
    Context* ContextOf(TransactionId client, Branch** branch);
    void OnBranchFinal(Context& ctx, Branch& branch, uint16_t status, std::string upstream);
    void CancelPending(Context& ctx, TransactionId except);
    void MaybeFinish(Context& ctx);
    void RecordDialog(const Context& ctx, Branch& branch, const SipMessage& response, bool confirmed);
    /** Erases a finished context (and its branch index). */
    void EraseContext(Context& ctx);
    void ForwardStateless2xx(const SipMessage& response);

    ProxyConfig m_config;
    Registrar& m_registrar;
    CredentialStore& m_credentials;
    LocationService& m_location;
    const interfaces::ChainDirectory* m_directory;
    DialogTable& m_dialogs;
    Clock m_now;
    TransactionLayer* m_layer{nullptr};
    ProbeAnswers* m_probe_answers{nullptr};
    interfaces::CallAccounting* m_call_accounting{nullptr};
    std::unique_ptr<VoucherInbox> m_voucher_inbox; //!< over SetCalls' sink (null without one)
    FlowTokens m_flow_tokens;
    std::unordered_map<TransactionId, Context> m_contexts;            //!< by server transaction
    std::unordered_map<TransactionId, TransactionId> m_branch_owner; //!< client -> server
    size_t m_pending_dialogs{0}; //!< contexts that may still create a dialog (room reserved in m_dialogs)
    struct Counters {
        std::atomic<uint64_t> routed{0}, branches{0}, rejected{0}, stateless{0};
    } m_stats;
};

/** RFC 3261 16.7 step 6 ordering: true if final status `a` is a better answer than `b` (0 =
 *  none yet): any 6xx, else the lowest class among 3xx-5xx, the first of a class staying. */
bool BetterFinal(uint16_t a, uint16_t b);

/** The methods this proxy routes (also the Allow header it answers with). */
inline constexpr std::string_view PROXY_ALLOW =
    "INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, SUBSCRIBE, NOTIFY, INFO, UPDATE, REFER, PRACK, REGISTER";

} // namespace sip

#endif // DOTS_SIP_ROUTER_PROXY_H
