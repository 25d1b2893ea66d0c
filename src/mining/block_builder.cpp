// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mining/block_builder.h>

#include <consensus/registry_payload.h>
#include <consensus/tx_check.h>
#include <mempool/registry_check.h>
#include <validation/tx_verify.h>

namespace mining {

BlockBuilder::BlockBuilder(const chainstate::BlockIndex& tip, chainstate::CoinsViewCache& coins_tip,
                           const consensus::ConsensusParams& params)
    : m_params{params},
      m_tip{tip},
      m_height{tip.height + 1},
      m_mtp{tip.GetMedianTimePast()},
      m_view{&coins_tip},
      m_records{m_view},
      m_connector{m_records, mempool::NextBlockContext(tip, params)}
{
    m_connector.BeginBlock();
}

bool BlockBuilder::ApplyTx(const CTransaction& tx, chainstate::CoinsViewCache& view, consensus::BlockConnector& connector,
                           CAmount& fee, consensus::TxValidationState& state) const
{
    if (!consensus::IsFinalTx(tx, m_height, m_mtp)) return state.Invalid(consensus::TxValidationResult::TX_PREMATURE_SPEND, "bad-txns-nonfinal");
    std::vector<CTxOut> spent;
    const consensus::RegistryValueFlow flow = consensus::GetRegistryValueFlow(tx, m_params.registry);
    if (!validation::CheckTxInputs(tx, state, view, m_height, m_params.coinbase_maturity, flow.released, fee, spent)) {
        return false;
    }
    fee -= flow.locked;
    if (fee < 0) return state.Invalid(consensus::TxValidationResult::TX_CONSENSUS, "bad-txns-registry-underpaid");
    if (!connector.ApplyTransaction(tx, state)) return false;
    for (const CTxIn& in : tx.vin) (void)view.SpendCoin(in.prevout);
    for (uint32_t n = 0; n < tx.vout.size(); ++n) {
        view.AddCoin(COutPoint{tx.GetTxid(), n}, chainstate::Coin{tx.vout[n], static_cast<uint32_t>(m_height), false},
                     /*possible_overwrite=*/false);
    }
    return true;
}

std::optional<CAmount> BlockBuilder::TryAddPackage(const std::vector<CTransactionRef>& package, consensus::TxValidationState& state,
                                                   CTransactionRef& failed)
{
    // Dry run on a throwaway layer with its own connector: nothing of a failing package stays.
    {
        chainstate::CoinsViewCache scratch{&m_view};
        chainstate::ViewRecordStore records{scratch};
        consensus::BlockConnector connector{records, mempool::NextBlockContext(m_tip, m_params)};
        for (const CTransactionRef& tx : package) {
            CAmount fee = 0;
            if (!ApplyTx(*tx, scratch, connector, fee, state)) {
                failed = tx;
                return std::nullopt;
            }
        }
    }
    CAmount fees = 0;
    for (const CTransactionRef& tx : package) {
        CAmount fee = 0;
        if (!ApplyTx(*tx, m_view, m_connector, fee, state)) {
            // The block's connector saw state the dry run could not (per-block limits): the
            // template would be wrong: the assembler starts over without this package.
            failed = tx;
            m_broken = true;
            return std::nullopt;
        }
        fees += fee;
    }
    return fees;
}

void BlockBuilder::Finish()
{
    m_connector.EndBlock();
}

} // namespace mining
