// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/wallet_setup.h>

#include <interfaces/chain.h>
#include <interfaces/sip_credentials.h>
#include <mempool/mempool.h>
#include <node/context.h>
#include <node/probe_agent.h>
#include <node/rpc/util.h>
#include <node/shutdown.h>
#include <node/voucher_agent.h>
#include <sip/registrar/credentials.h>
#include <sip/registrar/digest.h>
#include <sip/service.h>
#include <util/args.h>
#include <util/chaintype.h>
#include <util/logging.h>
#include <validation/chainstate_manager.h>
#include <validation/notifications.h>
#include <wallet/context.h>

#include <cstring>

namespace node {

namespace {

/** The registrar's credential store as the wallet's interfaces::SipCredentials. */
class RegistrarCredentials final : public interfaces::SipCredentials
{
public:
    explicit RegistrarCredentials(sip::CredentialStore& store) : m_store{store} {}

    std::string Realm() const override { return m_store.Realm(); }

    interfaces::SipHa1 ComputeHa1(std::string_view handle, std::string_view password) const override
    {
        const sip::DigestHa1 ha1 = sip::ComputeDigestHa1(handle, m_store.Realm(), password);
        interfaces::SipHa1 out;
        out.md5 = ha1.md5;
        out.sha256 = ha1.sha256;
        return out;
    }

    bool Set(std::string_view handle, const interfaces::SipHa1& ha1) override
    {
        sip::DigestHa1 value;
        value.md5 = ha1.md5;
        value.sha256 = ha1.sha256;
        return m_store.SetHa1(handle, value);
    }

    bool Remove(std::string_view handle) override { return m_store.RemoveCredential(handle); }

private:
    sip::CredentialStore& m_store;
};

} // namespace

util::Result<void> SetupWallet(NodeContext& node)
{
    // The registrar's credentials as setsipcredential (wallet/rpc/sip.cpp) and the wallets see
    // them; made before the RPC table, also with -disablewallet.
    if (node.sip) node.sip_credentials = std::make_unique<RegistrarCredentials>(node.sip->Credentials());
    if (node.args->GetBoolArg("-disablewallet", false)) {
        LogInfo("Wallet disabled!");
        return {};
    }
    auto options = wallet::GetWalletContextOptions(*node.args, GetDataDirNet(*node.args, *node.chain), node.chain->name);
    if (!options) return util::Error{options.error()};
    node.wallet = std::make_unique<wallet::WalletContext>(std::move(*options));
    if (node.sip) {
        // The SIP router answers and sends probes for the wallets' node keys (before it starts).
        auto probe_options = node::GetProbeAgentOptions(*node.args);
        if (!probe_options) return util::Error{probe_options.error()};
        node.probe_agent = std::make_unique<node::ProbeAgent>(*node.wallet, *probe_options);
        node.sip->SetProbing(node.probe_agent.get(), probe_options->send_probes ? node.probe_agent.get() : nullptr);
        // It counts the seconds of paid calls and signs their vouchers, and keeps those it receives.
        auto voucher_options = node::GetVoucherAgentOptions(*node.args);
        if (!voucher_options) return util::Error{voucher_options.error()};
        node.voucher_agent = std::make_unique<node::VoucherAgent>(*node.wallet, *voucher_options);
        node.sip->SetCalls(node.voucher_agent.get(), node.voucher_agent.get());
    }
    return {};
}

util::Result<void> StartWallets(NodeContext& node)
{
    if (!node.wallet) return {};
    node.wallet_chain = interfaces::MakeChain(*node.chainman, *node.validation_signals, node.mempool.get(), node::AddressHrp(node.chain->name),
                                              [] { return ShutdownSignal::Requested(); });
    if (node.sip_credentials) node.wallet->SetSipCredentials(node.sip_credentials.get());
    auto started = node.wallet->Start(*node.wallet_chain);
    if (started && node.probe_agent) node.probe_agent->Start();
    if (started && node.voucher_agent) node.voucher_agent->Start();
    return started;
}

void StopWallets(NodeContext& node)
{
    // The agents call into the wallets; the SIP router that calls the agent is stopped already.
    if (node.probe_agent) node.probe_agent->Stop();
    if (node.voucher_agent) node.voucher_agent->Stop();
    if (node.wallet) node.wallet->Stop();
}

} // namespace node
