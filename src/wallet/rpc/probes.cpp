// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Probe receipt RPCs: listprobereceipts, the availability-probe receipts this wallet's node keys
// collected as targets and what became of them (doc/registry.md "Probing protocol").

#include <wallet/rpc/util.h>

#include <consensus/params.h>
#include <consensus/registry_epochs.h>
#include <consensus/registry_payload.h>
#include <consensus/registry_probe.h>
#include <consensus/registry_state.h>
#include <rpc/protocol.h>
#include <rpc/server.h>
#include <util/strencodings.h>
#include <wallet/registry_statements.h>
#include <wallet/transaction.h>

#include <limits>
#include <map>
#include <set>

namespace wallet {

std::vector<uint32_t> RecentProbeEpochs(interfaces::Chain& chain)
{
    std::vector<uint32_t> epochs;
    if (const auto tip = chain.Tip()) {
        const auto current = static_cast<uint32_t>(consensus::ProbeEpochOf(tip->height, chain.Params().registry));
        if (current >= 1) epochs.push_back(current - 1);
        epochs.push_back(current);
    }
    return epochs;
}

std::vector<HeldProbeReceipts> GetHeldProbeReceipts(const Wallet& wallet, const std::vector<WalletNode>& nodes, const std::vector<uint32_t>& epochs)
{
    std::vector<HeldProbeReceipts> held;
    for (const WalletNode& node : nodes) {
        for (const uint32_t epoch : epochs) {
            HeldProbeReceipts h{ToRegistryKey(node.key), epoch, wallet.ProbeReceiptsOf(node.key, epoch), wallet.ProbeReceiptsTx(node.key, epoch), {}};
            if (h.receipts.empty()) continue;
            if (h.txid) h.tx = wallet.GetWalletTx(*h.txid);
            held.push_back(std::move(h));
        }
    }
    return held;
}

namespace {

/** The receipt indices a probe_receipts transaction carries (empty if it is not one). */
std::set<uint8_t> IndicesIn(const CTransaction& tx)
{
    std::set<uint8_t> out;
    if (tx.kind != TxKind::PROBE_RECEIPTS) return out;
    const auto payload = consensus::DecodePayload(tx.kind, tx.payload);
    if (!payload) return out;
    if (const auto* r = std::get_if<consensus::ProbeReceipts>(&*payload)) {
        for (const consensus::ProbeReceipt& receipt : r->receipts) out.insert(receipt.index);
    }
    return out;
}

rpc::RPCMethod listprobereceipts(WalletContext* context)
{
    return {
        .name = "listprobereceipts",
        .category = "wallet",
        .description = "Lists the availability-probe receipts this wallet's node keys hold as targets (one entry per receipt,\n"
                       "by target, epoch and draw position), whether the chain counted them, and the probe_receipts\n"
                       "transaction the node last submitted for their target and epoch. The wallet keeps the receipts of\n"
                       "the epochs whose receipts a block still accepts (the tip's and the one before) and erases older ones.",
        .args = {{"epoch", rpc::RPCArg::Type::NUM, rpc::RPCArg::Optional::OMITTED, "Only this probe epoch (default: the tip's and the one before)"}},
        .result = "[\n  {\n"
                  "    \"target\" : \"hex\",        (string) this wallet's node key that was probed\n"
                  "    \"epoch\" : n,             (numeric) the probe epoch\n"
                  "    \"index\" : n,             (numeric) the prober's position in the target's draw\n"
                  "    \"prober\" : \"hex\" or null, (string) the prober's node key (null once the epoch's frozen set is erased)\n"
                  "    \"counted\" : true|false,  (boolean) the chain counted this receipt for the target\n"
                  "    \"txid\" : \"hex\" or null,  (string) the last probe_receipts transaction submitted for (target, epoch)\n"
                  "    \"tx_state\" : \"str\" or null, (string) its state: \"confirmed\", \"mempool\", \"conflicted\", \"inactive\", \"abandoned\"\n"
                  "    \"in_tx\" : true|false     (boolean) the receipt is in that transaction\n"
                  "  },\n  ...\n]",
        .examples = {"", "42"},
        .handler = [context](const rpc::RPCArgs& args) -> rpc::RPCResponse {
            std::shared_ptr<Wallet> wallet;
            if (auto error = LookupWallet(*context, args, wallet)) return *error;
            wallet->BlockUntilSyncedToCurrentChain();
            interfaces::Chain& chain = wallet->Chain();
            const consensus::ConsensusParams& params = chain.Params();
            std::vector<uint32_t> epochs;
            if (const auto epoch = args.MaybeArg<int64_t>("epoch")) {
                if (*epoch < 0 || *epoch > std::numeric_limits<uint32_t>::max()) {
                    return rpc::RPCError{rpc::RPC_INVALID_PARAMETER, "epoch must be between 0 and 4294967295"};
                }
                epochs.push_back(static_cast<uint32_t>(*epoch));
            } else {
                epochs = RecentProbeEpochs(chain);
            }
            // The wallet's side first: lock order wallet -> chain (ReadRegistry holds the chain's).
            const std::vector<HeldProbeReceipts> held = GetHeldProbeReceipts(*wallet, wallet->ListNodes(), epochs);
            std::map<uint32_t, std::optional<uint256>> seeds;
            for (const HeldProbeReceipts& h : held) {
                if (seeds.count(h.epoch)) continue;
                const auto seed = h.epoch == 0 ? std::nullopt : chain.BlockAt(static_cast<int32_t>(consensus::SeedHeight(h.epoch, params.registry)));
                seeds[h.epoch] = seed ? std::optional{seed->hash} : std::nullopt;
            }
            UniValue out{UniValue::VARR};
            chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t) {
                std::map<uint32_t, std::optional<consensus::ProbeSet>> sets;
                for (const HeldProbeReceipts& h : held) {
                    auto [it, inserted] = sets.try_emplace(h.epoch);
                    if (inserted) it->second = consensus::LoadFrozenSet(store, h.epoch);
                    const std::optional<consensus::ProbeSet>& set = it->second;
                    std::vector<consensus::Key> probers;
                    if (set && seeds[h.epoch]) {
                        if (const auto t = set->Find(h.target)) probers = consensus::DrawProberKeys(*set, *seeds[h.epoch], *t, params.registry.probe_count);
                    }
                    const uint16_t mask = consensus::ReadReceiptMask(store, h.epoch, h.target).mask;
                    const std::set<uint8_t> in_tx = h.tx ? IndicesIn(*h.tx->tx) : std::set<uint8_t>{};
                    for (const consensus::ProbeReceipt& r : h.receipts) {
                        UniValue entry{UniValue::VOBJ};
                        entry.pushKV("target", HexStr(h.target));
                        entry.pushKV("epoch", static_cast<uint64_t>(h.epoch));
                        entry.pushKV("index", static_cast<int>(r.index));
                        entry.pushKV("prober", r.index < probers.size() ? UniValue{HexStr(probers[r.index])} : UniValue{});
                        entry.pushKV("counted", r.index < consensus::ReceiptMask::WIDTH && (mask >> r.index & 1) != 0);
                        entry.pushKV("txid", h.txid ? UniValue{h.txid->GetHex()} : UniValue{});
                        entry.pushKV("tx_state", h.tx ? UniValue{TxStateName(h.tx->state)} : UniValue{});
                        entry.pushKV("in_tx", in_tx.count(r.index) > 0);
                        out.push_back(entry);
                    }
                }
            });
            return out;
        },
    };
}

} // namespace

void RegisterWalletProbeRPCCommands(rpc::RPCTable& table, WalletContext* context)
{
    table.Register(listprobereceipts(context), context != nullptr);
}

} // namespace wallet
