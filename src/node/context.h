// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NODE_CONTEXT_H
#define DOTS_NODE_CONTEXT_H

/**
 * NodeContext: the one struct that owns the node's subsystems (RPC server, chainstate and its
 * notifications, mempool, miner, SIP service; each new subsystem adds its member), created by
 * init and handed to the RPC registration.
 */

#include <memory>
#include <string>
#include <thread>

class ArgsManager;
namespace rpc { class HTTPServer; }
namespace rpc { class RPCAuthenticator; }
namespace rpc { class RPCTable; }
struct BaseChainParams;
namespace validation { class ChainstateManager; class ValidationInterface; class ValidationSignals; }
namespace mining { class Miner; }
namespace mempool { class Mempool; }
namespace sip { class SipService; }
namespace wallet { class WalletContext; }
namespace interfaces {
class Chain;
class SipCredentials;
} // namespace interfaces
namespace net { class AddrMan; class BanMan; class ConnectionManager; class PeerManager; class TxPool; }
namespace node {

class ProbeAgent;
class RegistryDirectory;
class RegistryIndexer;
class VoucherAgent;

/**
 * The node's subsystems, owned here and wired by init. Each later layer (chainstate, mempool,
 * P2P, wallet, SIP router) adds its own member; RPC handlers capture what they need at
 * registration, so no subsystem reaches into another through this struct at run time.
 */
struct NodeContext {
    ArgsManager* args{nullptr};
    const BaseChainParams* chain{nullptr};
    std::unique_ptr<rpc::RPCTable> rpc_table;
    std::unique_ptr<rpc::RPCAuthenticator> rpc_auth;
    std::unique_ptr<rpc::HTTPServer> http_server;
    /** Validation notifications (validation/notifications.h): listeners register here. Created
     * first, stopped (drained) after the last producer and before the chainstate goes. */
    std::unique_ptr<validation::ValidationSignals> validation_signals;
    /** The block chain (node/chain_setup.cpp starts and stops it). */
    std::unique_ptr<validation::ChainstateManager> chainman;
    /** The optional registry index (-registryindex), listening to validation_signals. */
    std::unique_ptr<node::RegistryIndexer> registry_index;
    /** The mempool (node/mempool_setup.cpp starts and stops it, after / before the chain). */
    std::unique_ptr<mempool::Mempool> mempool;
    /** Loads mempool.dat in the background at start. */
    std::thread mempool_loader;
    /** The ZMQ notifier (zmq::Notifier, a listener of validation_signals), with -zmqpub*. */
    std::unique_ptr<validation::ValidationInterface> zmq_notifier;
    /** The -gen CPU miner, if enabled (setgenerate starts and stops it). */
    std::unique_ptr<mining::Miner> miner;
    /** The P2P network (node/p2p_setup.cpp starts and stops it): bans, known addresses,
     *  connections and the protocol. Null until StartP2P. */
    std::unique_ptr<net::BanMan> banman;
    std::unique_ptr<net::AddrMan> addrman;
    std::unique_ptr<net::ConnectionManager> connman;
    /** The peer manager's view of node.mempool (node/p2p_txpool.h). */
    std::unique_ptr<net::TxPool> p2p_txpool;
    std::unique_ptr<net::PeerManager> peerman;
    /** The SIP registrar and proxy (null with -siplisten=0). */
    std::unique_ptr<sip::SipService> sip;
    /** The wallets (null with -disablewallet), the chain as they see it, and the registrar's
     * credential store as they feed it (node/wallet_setup.cpp). */
    std::unique_ptr<wallet::WalletContext> wallet;
    std::unique_ptr<interfaces::Chain> wallet_chain;
    std::unique_ptr<interfaces::SipCredentials> sip_credentials;
    /** Availability probing for the wallets' node keys (node/probe_agent.h), with a wallet and
     * the SIP router; started with the wallets, stopped after the SIP router. */
    std::unique_ptr<node::ProbeAgent> probe_agent;
    std::unique_ptr<node::VoucherAgent> voucher_agent; //!< vouchers of paid calls (node/voucher_agent.h), as probe_agent
    /** The SIP router's snapshot of the registry (node/registry_directory.h), with the SIP
     * service: created once the chain is loaded, destroyed after the SIP service stopped. */
    std::unique_ptr<node::RegistryDirectory> registry_directory;

    NodeContext();
    ~NodeContext();
};

} // namespace node

#endif // DOTS_NODE_CONTEXT_H
