// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Wallet: the probe receipts its node keys collected as targets (doc/registry.md "Probing
// protocol"), kept in the wallet file so that a restart does not lose them, and the
// probe_receipts transaction that submits them. Records (read on demand, not at load):
//
//   "probercpt" target:32 epoch:be32 index:u8   the prober's signature (64 bytes)
//   "probetx" target:32 epoch:be32              the txid of the last submission
//
// The node's probe agent (node/probe_agent.h) decides what to store and when to submit.

#include <wallet/wallet.h>

#include <consensus/registry_payload.h>
#include <util/logging.h>
#include <util/strencodings.h>

#include <algorithm>

namespace wallet {

namespace {

const std::string RECEIPT = "probercpt";
const std::string SUBMITTED = "probetx";

/** CompactSize-prefixed type (always < 253 bytes here) then target and big-endian epoch. */
Bytes RecordKey(const std::string& type, std::optional<XOnlyPubKey> target = std::nullopt, std::optional<uint32_t> epoch = std::nullopt)
{
    Bytes key(1 + type.size() + (target ? 32 : 0) + (epoch ? 4 : 0));
    size_t pos = 0;
    key[pos++] = static_cast<uint8_t>(type.size());
    for (char c : type) key[pos++] = static_cast<uint8_t>(c);
    if (target) {
        for (uint8_t b : target->bytes()) key[pos++] = b;
    }
    if (epoch) {
        for (int shift = 24; shift >= 0; shift -= 8) key[pos++] = static_cast<uint8_t>(*epoch >> shift);
    }
    return key;
}

uint32_t ReadEpoch(std::span<const uint8_t> four)
{
    return uint32_t{four[0]} << 24 | uint32_t{four[1]} << 16 | uint32_t{four[2]} << 8 | four[3];
}

} // namespace

util::Result<void> Wallet::AddProbeReceipt(const XOnlyPubKey& target, uint32_t epoch, const consensus::ProbeReceipt& receipt)
{
    {
        LOCK(m_mutex);
        if (!m_nodes.count(target)) return util::Error{"Node " + HexStr(target.bytes()) + " is not a node of this wallet"};
    }
    Bytes key = RecordKey(RECEIPT, target, epoch);
    key.resize(key.size() + 1, receipt.index);
    return m_db->Write(key, receipt.prober_sig);
}

std::vector<consensus::ProbeReceipt> Wallet::ProbeReceiptsOf(const XOnlyPubKey& target, uint32_t epoch) const
{
    std::vector<consensus::ProbeReceipt> out;
    const Bytes prefix = RecordKey(RECEIPT, target, epoch);
    auto res = m_db->ForEach(prefix, [&](std::span<const uint8_t> key, std::span<const uint8_t> value) {
        if (key.size() != prefix.size() + 1 || value.size() != 64) return true; // not ours to judge: skip
        consensus::ProbeReceipt r;
        r.index = key.back();
        std::copy(value.begin(), value.end(), r.prober_sig.begin());
        out.push_back(r);
        return true;
    });
    if (!res) LogError("Wallet %s: cannot read probe receipts: %s", m_name.c_str(), res.error().c_str());
    return out; // ForEach walks in key order: ascending index
}

void Wallet::ForgetProbeReceiptsBefore(uint32_t epoch)
{
    for (const std::string& type : {RECEIPT, SUBMITTED}) {
        const Bytes prefix = RecordKey(type);
        std::vector<Bytes> old;
        auto res = m_db->ForEach(prefix, [&](std::span<const uint8_t> key, std::span<const uint8_t>) {
            if (key.size() >= prefix.size() + 36 && ReadEpoch(key.subspan(prefix.size() + 32, 4)) < epoch) old.emplace_back(key.begin(), key.end());
            return true;
        });
        for (const Bytes& key : old) {
            if (auto erased = m_db->Erase(key); !erased) res = erased;
        }
        if (!res) LogError("Wallet %s: cannot erase old probe records: %s", m_name.c_str(), res.error().c_str());
    }
}

WalletResult<uint256> Wallet::SendProbeReceipts(const consensus::ProbeReceipts& receipts, const FeeOptions& fee)
{
    TxRequest request;
    request.kind = TxKind::PROBE_RECEIPTS;
    request.payload = consensus::EncodePayload(consensus::Payload{receipts});
    auto sent = SendTransaction(request, fee);
    if (const auto* failure = std::get_if<WalletFailure>(&sent)) return *failure;
    const uint256 txid = std::get<CreatedTx>(sent).tx->GetTxid();
    const XOnlyPubKey target{std::span<const uint8_t, 32>{receipts.target}};
    if (auto res = m_db->Write(RecordKey(SUBMITTED, target, receipts.epoch), std::span<const uint8_t>{txid.data(), 32}); !res) {
        LogWarning("Wallet %s: cannot record probe receipts transaction %s: %s", m_name.c_str(), txid.GetHex().c_str(), res.error().c_str());
    }
    return txid;
}

std::optional<uint256> Wallet::ProbeReceiptsTx(const XOnlyPubKey& target, uint32_t epoch) const
{
    auto value = m_db->Read(RecordKey(SUBMITTED, target, epoch));
    if (!value || !*value || (*value)->size() != 32) return std::nullopt;
    uint256 txid;
    std::copy((*value)->begin(), (*value)->end(), txid.data());
    return txid;
}

} // namespace wallet
