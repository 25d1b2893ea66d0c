// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_SERVICE_H
#define DOTS_SIP_SERVICE_H

// dotsd's SIP router as one service: its own event loop thread ("dots-sip") running the
// transport and transaction layer, the registrar, the proxy, OPTIONS keepalives and the
// expiry sweeps. Init creates it from the options, registers its RPCs (sip/rpc/), starts and
// stops it.

#include <sip/service_tls.h>
#include <sip/transport/address.h>
#include <util/result.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

class ArgsManager;
struct BaseChainParams;
struct event;
struct event_base;

namespace interfaces {
class CallAccounting;
class ChainDirectory;
class MemoryDirectory;
class VoucherSink;
class ProbeScheduler;
class ProbeTarget;
}

namespace sip {

class CredentialStore;
class DialogTable;
class DigestAuthenticator;
class Keepalive;
class LocationService;
class ProbeAnswers;
class ProbeSender;
class Proxy;
class VoucherCarrier;
class Registrar;
class Stack;
class TlsContext;
class WebFiles;
struct ListenPorts;

/** What the service runs with, derived from the -sip* options. */
struct SipServiceOptions {
    /** Listen addresses (numeric IPs with ports); each gets UDP and TCP (and TLS, WS, WSS on
     *  their own ports when configured). */
    std::vector<std::pair<std::string, uint16_t>> bind;
    /** True when -sipbind was not given (the defaults may drop IPv6 if it is unavailable). */
    bool default_bind{true};
    uint16_t port{5060};
    /** -sipdomain values, lowercased; the first is the Digest realm ("dots" if none). */
    std::vector<std::string> domains;
    int64_t ping_interval{60};
    uint32_t min_expires{60};
    uint32_t max_expires{3600};
    uint32_t rate_per_ip{200};
    /** -siptrustedsource: sources exempt from the rate limit. */
    std::vector<IpSubnet> trusted_sources;
    /** -sipdigestalgorithm values in challenge order ("SHA-256", "MD5"); GetSipServiceOptions
     *  fills in MD5 alone when none is given. */
    std::vector<std::string> digest_algorithms;
    /** TLS, WebSocket, phone and connection-limit options. */
    SipSecureOptions secure;
    /** -sipmaxrate: the highest rate of a remote node calls are routed to, units per 60 s (0:
     *  free-peering nodes only). */
    int64_t max_rate{0};

    /** The ports of every transport (0 where not listening). */
    ListenPorts Ports() const;
};

/** Registers -sipport, -sipbind, -siplisten, -sipdomain, -sippinginterval, -sipminexpires,
 *  -sipmaxexpires, -siprateperip, -siptrustedsource, -sipdigestalgorithm, -sipmaxrate and the
 *  AddSipSecureArgs options. */
void AddSipArgs(ArgsManager& args);

/** Reads and checks the options. Error messages name the bad option. */
util::Result<SipServiceOptions> GetSipServiceOptions(const ArgsManager& args, const BaseChainParams& chain);

/**
 * The SIP router. Create() builds the stores (credentials, location, dialogs) so the RPCs can
 * be registered before the RPC server starts; Start() opens the sockets and runs the loop on
 * its own thread; Stop() (main thread) breaks the loop, joins it and closes everything.
 * RPC handlers read the stores (each thread-safe) and Stats() atomics; they never call into
 * the loop's objects directly.
 */
class SipService
{
public:
    explicit SipService(SipServiceOptions options);
    ~SipService();
    SipService(const SipService&) = delete;
    SipService& operator=(const SipService&) = delete;

    /** Loads (or first creates) the TLS certificate and the phone's files, opens the listeners
     *  and starts the "dots-sip" thread. The error names the address or file. */
    [[nodiscard]] util::Result<void> Start();
    /** Idempotent; safe without Start. */
    void Stop();
    /** Availability probing (doc/registry.md "Probing protocol"), before Start: `target`
     *  answers OPTIONS carrying DOTS-Probe, `scheduler` (null: this node sends no probes, as
     *  with -probe=0) is asked every second for the probes to send. Both must outlive Stop(). */
    void SetProbing(interfaces::ProbeTarget* target, interfaces::ProbeScheduler* scheduler);
    /** The chain as the router reads it (handles, nodes, our node keys), before Start; without
     *  it the router runs against an empty in-memory directory (no handle is on chain). Presence
     *  reports go to it. Must outlive Stop(). */
    void SetChainDirectory(interfaces::ChainDirectory& directory);
    /** Paying for minutes (interfaces/calls.h), before Start: `accounting` gets the seconds of
     *  calls routed to remote nodes and signs vouchers, which the service sends to their nodes
     *  (VoucherCarrier, every sweep), `sink` keeps those remote nodes send us. Either may be
     *  null (this node has no wallet with a node key). Must outlive Stop(). */
    void SetCalls(interfaces::CallAccounting* accounting, interfaces::VoucherSink* sink);
    bool Running() const { return m_thread.joinable(); }

    const SipServiceOptions& Options() const { return m_options; }
    CredentialStore& Credentials() { return *m_credentials; }
    LocationService& Location() { return *m_location; }
    DialogTable& Dialogs() { return *m_dialogs; }
    /** Host written into Via/Record-Route. */
    const std::string& AdvertisedHost() const { return m_advertised_host; }
    /** "UDP:127.0.0.1:5064", ... as bound (after Start). */
    std::vector<std::string> Listeners() const
    {
        return m_started.load(std::memory_order_acquire) ? m_listeners : std::vector<std::string>{};
    }
    /** The TLS certificate in use (after Start, when TLS or WSS is configured), else null. */
    const TlsContext* Tls() const { return m_started.load(std::memory_order_acquire) ? m_tls.get() : nullptr; }
    /** Domains and own addresses this node answers for (after Start). */
    std::vector<std::string> Domains() const { return m_all_domains; }

    /** getsipinfo as JSON text fields are built from these thread-safe reads. */
    struct Counters {
        uint64_t messages_in, messages_out, bytes_in, bytes_out, parse_errors, rate_limited, send_errors;
        uint64_t server_transactions, client_transactions, transport_errors, retransmissions;
        uint64_t requests_routed, rejected, keepalives_sent, keepalive_removed;
        uint64_t tcp_connections;
        uint64_t udp_receive_calls, udp_send_calls; // recvmmsg / sendmmsg system calls
    };
    Counters Stats() const;

private:
    static void OnSweep(int fd, short what, void* arg);
    static void OnPing(int fd, short what, void* arg);
    static void OnProbe(int fd, short what, void* arg);
    static void OnProbeAnswers(int fd, short what, void* arg);
    static void OnVoucherAnswers(int fd, short what, void* arg);

    SipServiceOptions m_options;
    std::unique_ptr<interfaces::MemoryDirectory> m_directory; //!< the default, empty directory
    interfaces::ChainDirectory* m_chain_directory{nullptr};   //!< the one in use (m_directory's by default)
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<LocationService> m_location;
    std::unique_ptr<DialogTable> m_dialogs;
    std::unique_ptr<DigestAuthenticator> m_auth;
    std::unique_ptr<Registrar> m_registrar;
    std::unique_ptr<Proxy> m_proxy;
    std::unique_ptr<Keepalive> m_keepalive;
    std::unique_ptr<ProbeSender> m_probe_sender; //!< null unless SetProbing gave a scheduler
    std::unique_ptr<ProbeAnswers> m_probe_answers; //!< null unless SetProbing gave a target
    interfaces::CallAccounting* m_call_accounting{nullptr}; //!< SetCalls
    std::unique_ptr<VoucherCarrier> m_voucher_carrier; //!< made by Start when there is a CallAccounting
    event_base* m_base{nullptr};
    std::unique_ptr<Stack> m_stack;
    std::shared_ptr<const TlsContext> m_tls; //!< written before m_started is set, then constant
    std::shared_ptr<const WebFiles> m_www;
    event* m_sweep_event{nullptr};
    event* m_ping_event{nullptr};
    event* m_probe_event{nullptr};
    event* m_probe_answer_event{nullptr}; //!< activated from the node's thread when verdicts wait
    event* m_voucher_answer_event{nullptr}; //!< the same for voucher verdicts
    std::thread m_thread;
    std::string m_advertised_host;
    std::vector<std::string> m_listeners; //!< written before m_started is set, then constant
    std::atomic<bool> m_started{false};
    std::vector<std::string> m_all_domains;
};

} // namespace sip

#endif // DOTS_SIP_SERVICE_H
