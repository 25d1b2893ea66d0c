// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// ProbeAgent: submitting the receipts our node keys collected as targets (doc/registry.md
// "Probing protocol"). A target's share is credited when its t-th receipt is mined, and more
// receipts only cost fees, so each target submits exactly the receipts it still needs (the
// lowest draw positions), once it holds enough; a submission that left the mempool unmined
// for RESUBMIT_AFTER_BLOCKS blocks is abandoned and sent again, until the epoch's receipt
// deadline. Fewer than t receipts are never submitted: they could not earn anything.

#include <node/probe_agent.h>

#include <consensus/params.h>
#include <consensus/registry_epochs.h>
#include <consensus/registry_state.h>
#include <interfaces/chain.h>
#include <util/logging.h>
#include <util/strencodings.h>
#include <wallet/context.h>
#include <wallet/wallet.h>

#include <algorithm>
#include <bit>

namespace node {

namespace {
constexpr int32_t RESUBMIT_AFTER_BLOCKS = 2;
} // namespace

void ProbeAgent::SubmitReceipts(interfaces::Chain& chain)
{
    const auto tip = chain.Tip();
    if (!tip) return;
    const consensus::RegistryParams& params = chain.Params().registry;
    const auto current = static_cast<uint32_t>(consensus::ProbeEpochOf(tip->height, params));
    // The next block can still count receipts of the current and the previous epoch.
    std::vector<uint32_t> epochs;
    if (current >= 2) epochs.push_back(current - 1);
    if (current >= 1) epochs.push_back(current);
    const auto wallets = m_wallets.GetWallets();
    if (current >= 2 && m_forgot_before < current - 1) {
        for (const auto& w : wallets) w->ForgetProbeReceiptsBefore(current - 1);
        m_forgot_before = current - 1;
    }
    const auto threshold = static_cast<size_t>(params.probe_threshold);
    for (const auto& w : wallets) {
        for (const wallet::WalletNode& node : w->ListNodes()) {
            consensus::Key target;
            std::copy(node.key.bytes().begin(), node.key.bytes().end(), target.begin());
            for (const uint32_t epoch : epochs) {
                const auto slot = std::pair{target, epoch};
                std::vector<consensus::ProbeReceipt> held = w->ProbeReceiptsOf(node.key, epoch);
                if (held.empty()) continue;
                uint16_t mask = 0;
                chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t) { mask = consensus::ReadReceiptMask(store, epoch, target).mask; });
                const auto counted = static_cast<size_t>(std::popcount(mask));
                std::erase_if(held, [mask](const consensus::ProbeReceipt& r) { return r.index < consensus::ReceiptMask::WIDTH && (mask >> r.index & 1); });
                if (counted >= threshold || counted + held.size() < threshold) {
                    m_missing.erase(slot);
                    continue;
                }
                if (const auto txid = w->ProbeReceiptsTx(node.key, epoch)) {
                    if (chain.IsInMempool(*txid)) {
                        m_missing.erase(slot);
                        continue;
                    }
                    const auto [it, inserted] = m_missing.try_emplace(slot, Missing{tip->height});
                    if (tip->height < it->second.since + RESUBMIT_AFTER_BLOCKS) continue;
                    // Frees its inputs for the new one; fails harmlessly if it is in a block after all.
                    (void)w->AbandonTransaction(*txid);
                    m_missing.erase(it);
                    LogInfo("probe receipts of %s (epoch %u): transaction %s left the mempool unmined; sending again", HexStr(target).c_str(),
                            epoch, txid->GetHex().c_str());
                }
                if (const auto it = m_attempted.find(slot); it != m_attempted.end() && it->second == tip->height) continue;
                m_attempted[slot] = tip->height;
                held.resize(threshold - counted);
                const consensus::ProbeReceipts receipts{target, epoch, held};
                auto sent = w->SendProbeReceipts(receipts, wallet::FeeOptions{});
                if (const auto* failure = std::get_if<wallet::WalletFailure>(&sent)) {
                    // Tried again on the next block; a locked wallet would fail on every one: each
                    // failure of a wallet is logged once per epoch (as BuildView does for signing).
                    if (m_failures_logged.emplace(w->Name(), epoch, failure->message).second) {
                        LogWarning("probe receipts of %s (epoch %u) not submitted: %s (tried again each block; wallet \"%s\" logs this once per epoch)",
                                   HexStr(target).c_str(), epoch, failure->message.c_str(), w->Name().c_str());
                    }
                } else {
                    LogInfo("probe receipts of %s (epoch %u): %u submitted in %s", HexStr(target).c_str(), epoch, (unsigned)held.size(),
                            std::get<uint256>(sent).GetHex().c_str());
                }
            }
        }
    }
    // Slots of closed epochs are done.
    std::erase_if(m_attempted, [&](const auto& kv) { return epochs.empty() || kv.first.second < epochs.front(); });
    std::erase_if(m_missing, [&](const auto& kv) { return epochs.empty() || kv.first.second < epochs.front(); });
    std::erase_if(m_failures_logged, [&](const auto& f) { return epochs.empty() || std::get<1>(f) < epochs.front(); });
}

} // namespace node
