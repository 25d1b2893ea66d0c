// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Wallet: the node commands (registernode, updatenode, deregisternode, depositfor,
// withdrawdeposit, withdrawnodebalance; wallet/wallet.h, doc/wallet.md "Nodes"). Node keys
// come from the wallet's node branch; every statement is signed by the node key.

#include <wallet/wallet.h>

#include <util/format.h>
#include <util/strencodings.h>

namespace wallet {

namespace {

WalletFailure Failure(WalletError code, std::string message) { return WalletFailure{code, std::move(message)}; }

} // namespace

std::string FormatDots(CAmount amount) { return StrFormat("%lld.%08lld DOTS", (long long)(amount / COIN), (long long)(amount % COIN)); }

WalletResult<std::pair<consensus::NodeRecord, CKey>> Wallet::OurNodeLocked(const XOnlyPubKey& node)
{
    if (!m_key_origins.count(node)) return Failure(WalletError::GENERIC, "Node " + HexStr(node.bytes()) + " is not a node of this wallet");
    std::optional<consensus::NodeRecord> record;
    m_chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t) { record = consensus::ReadNode(store, ToRegistryKey(node)); });
    if (!record) return Failure(WalletError::INVALID_PARAMETER, "Node " + HexStr(node.bytes()) + " is not registered");
    auto secret = GetSecretLocked(node);
    if (const auto* failure = std::get_if<WalletFailure>(&secret)) return *failure;
    return std::pair{std::move(*record), std::move(std::get<CKey>(secret))};
}

WalletResult<std::pair<uint256, XOnlyPubKey>> Wallet::RegisterNode(const NodeFields& fields, CAmount bond, const FeeOptions& fee)
{
    const consensus::RegistryParams& params = m_chain.Params().registry;
    if (bond < params.min_node_bond || !MoneyRange(bond)) {
        return Failure(WalletError::INVALID_PARAMETER, "The bond must be at least " + FormatDots(params.min_node_bond));
    }
    if (IsLocked()) return Failure(WalletError::UNLOCK_NEEDED, UNLOCK_NEEDED_MESSAGE);
    BlockUntilSyncedToCurrentChain();
    auto key = GetNewKey(KeyBranch::NODE);
    if (const auto* failure = std::get_if<WalletFailure>(&key)) return *failure;
    const XOnlyPubKey node = std::get<0>(key).first;
    consensus::NodeRegisterBody body;
    body.node = ToRegistryKey(node);
    body.seq = 1;
    body.op = consensus::NodeOp::REGISTER;
    body.bond = bond;
    body.rate = fields.rate;
    body.endpoints = fields.endpoints;
    body.domains = fields.domains;
    body.prefixes = fields.prefixes;
    TxRequest request;
    request.kind = TxKind::NODE_REGISTER;
    request.registry_locked = bond;
    {
        LOCK(m_mutex);
        auto secret = GetSecretLocked(node);
        if (const auto* failure = std::get_if<WalletFailure>(&secret)) return *failure;
        auto payload = BuildNodeStatement(body, std::get<CKey>(secret), m_chain.Params().genesis_hash);
        if (!payload) return Failure(WalletError::INVALID_PARAMETER, payload.error());
        request.payload = std::move(*payload);
    }
    auto sent = SendTransaction(request, fee);
    if (const auto* failure = std::get_if<WalletFailure>(&sent)) return *failure;
    return std::pair{std::get<CreatedTx>(sent).tx->GetTxid(), node};
}

WalletResult<CreatedTx> Wallet::SendNodeStatement(const XOnlyPubKey& node, TxRequest request, const FeeOptions& fee,
                                                  const NodeStatementBuilder& build)
{
    BlockUntilSyncedToCurrentChain();
    bool queued = false;
    {
        LOCK(m_mutex);
        auto ours = OurNodeLocked(node);
        if (const auto* failure = std::get_if<WalletFailure>(&ours)) return *failure;
        auto& [record, secret] = std::get<std::pair<consensus::NodeRecord, CKey>>(ours);
        // The builders sign seq + 1: count the wallet's own unconfirmed statements of the node too.
        record.seq = NextSeqLocked(StatementSeq{SeqCounter::NODE, "", node, 0}, record.seq, queued) - 1;
        if (auto failure = build(record, secret, request)) return *failure;
    }
    return SendTransaction(request, fee, /*held=*/queued);
}

namespace {
WalletResult<uint256> TxidOf(const WalletResult<CreatedTx>& sent)
{
    if (const auto* failure = std::get_if<WalletFailure>(&sent)) return *failure;
    return std::get<CreatedTx>(sent).tx->GetTxid();
}

/** A node statement's payload into `request`, or the failure. */
std::optional<WalletFailure> SetPayload(TxRequest& request, util::Result<Payload> payload)
{
    if (!payload) return Failure(WalletError::INVALID_PARAMETER, payload.error());
    request.payload = std::move(*payload);
    return std::nullopt;
}

WalletFailure Deregistered(const XOnlyPubKey& node) { return Failure(WalletError::GENERIC, "Node " + HexStr(node.bytes()) + " is deregistered"); }
} // namespace

WalletResult<uint256> Wallet::UpdateNode(const XOnlyPubKey& node, const NodeFieldChanges& changes, const FeeOptions& fee)
{
    TxRequest request;
    request.kind = TxKind::NODE_REGISTER;
    const uint256 genesis = m_chain.Params().genesis_hash;
    return TxidOf(SendNodeStatement(node, request, fee, [&](const consensus::NodeRecord& record, const CKey& key, TxRequest& req) -> std::optional<WalletFailure> {
        if (!record.IsActive()) return Deregistered(node);
        consensus::NodeRegisterBody body;
        body.node = record.node;
        body.seq = record.seq + 1;
        body.op = consensus::NodeOp::UPDATE;
        body.rate = changes.rate.value_or(record.next_rate_epoch >= 0 ? record.next_rate : record.rate);
        body.endpoints = changes.endpoints.value_or(record.endpoints);
        body.domains = changes.domains.value_or(record.domains);
        body.prefixes = changes.prefixes.value_or(record.prefixes);
        return SetPayload(req, BuildNodeStatement(body, key, genesis));
    }));
}

WalletResult<uint256> Wallet::DeregisterNode(const XOnlyPubKey& node, const FeeOptions& fee)
{
    TxRequest request;
    request.kind = TxKind::NODE_REGISTER;
    const uint256 genesis = m_chain.Params().genesis_hash;
    return TxidOf(SendNodeStatement(node, request, fee, [&](const consensus::NodeRecord& record, const CKey& key, TxRequest& req) -> std::optional<WalletFailure> {
        if (!record.IsActive()) return Failure(WalletError::GENERIC, "Node " + HexStr(node.bytes()) + " is already deregistered");
        consensus::NodeRegisterBody body;
        body.node = record.node;
        body.seq = record.seq + 1;
        body.op = consensus::NodeOp::DEREGISTER;
        return SetPayload(req, BuildNodeStatement(body, key, genesis));
    }));
}

WalletResult<uint256> Wallet::DepositFor(const XOnlyPubKey& orig, const XOnlyPubKey& term, CAmount amount, const FeeOptions& fee)
{
    if (amount <= 0 || !MoneyRange(amount)) return Failure(WalletError::INVALID_PARAMETER, "Invalid amount");
    TxRequest request;
    request.kind = TxKind::DEPOSIT;
    request.registry_locked = amount;
    return TxidOf(SendNodeStatement(orig, request, fee, [&](const consensus::NodeRecord& record, const CKey&, TxRequest& req) -> std::optional<WalletFailure> {
        if (!record.IsActive()) return Deregistered(orig);
        std::optional<consensus::NodeRecord> term_record;
        m_chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t) { term_record = consensus::ReadNode(store, ToRegistryKey(term)); });
        if (!term_record || !term_record->IsActive()) {
            return Failure(WalletError::INVALID_PARAMETER, "Node " + HexStr(term.bytes()) + " is not an active node");
        }
        return SetPayload(req, BuildDeposit(orig, term, amount));
    }));
}

WalletResult<uint256> Wallet::WithdrawDeposit(const XOnlyPubKey& orig, const XOnlyPubKey& term, std::optional<CAmount> amount,
                                              const FeeOptions& fee)
{
    TxRequest request;
    request.kind = TxKind::DEPOSIT_RELEASE;
    const uint256 genesis = m_chain.Params().genesis_hash;
    return TxidOf(SendNodeStatement(orig, request, fee, [&](const consensus::NodeRecord& record, const CKey& key, TxRequest& req) -> std::optional<WalletFailure> {
        consensus::PairRecord pair;
        m_chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t) { pair = consensus::ReadPair(store, record.node, ToRegistryKey(term)); });
        if (!amount && pair.deposit == 0) {
            return Failure(WalletError::GENERIC, "There is no deposit of node " + HexStr(orig.bytes()) + " for node " + HexStr(term.bytes()));
        }
        const consensus::DepositReleaseBody body{record.node, ToRegistryKey(term), record.seq + 1, amount.value_or(pair.deposit)};
        if (body.amount > pair.deposit) return Failure(WalletError::INSUFFICIENT_FUNDS, "The deposit is only " + FormatDots(pair.deposit));
        return SetPayload(req, BuildDepositRelease(body, key, genesis));
    }));
}

WalletResult<CreatedTx> Wallet::WithdrawNodeBalance(const XOnlyPubKey& node, std::optional<CAmount> amount, const OutputLock& to,
                                                    const FeeOptions& fee)
{
    TxRequest request;
    request.kind = TxKind::NODE_WITHDRAW;
    request.payload.resize(NodeWithdrawSize());
    const uint256 genesis = m_chain.Params().genesis_hash;
    return SendNodeStatement(node, request, fee, [&](const consensus::NodeRecord& record, const CKey& key, TxRequest& req) -> std::optional<WalletFailure> {
        CAmount balance = 0;
        m_chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t) { balance = consensus::ReadBalance(store, record.node); });
        if (balance == 0) return Failure(WalletError::INSUFFICIENT_FUNDS, "Node " + HexStr(node.bytes()) + " has no balance");
        const CAmount value = amount.value_or(balance);
        if (value <= 0) return Failure(WalletError::INVALID_PARAMETER, "Invalid amount");
        if (value > balance) return Failure(WalletError::INSUFFICIENT_FUNDS, "The node's balance is only " + FormatDots(balance));
        req.registry_released = value;
        req.recipients.push_back(Recipient{to, value, /*subtract_fee=*/true});
        // The node key signs the final outputs (CreateTransaction calls this once they are).
        req.finalize = [key, seq = record.seq + 1, value, genesis](CMutableTransaction& tx) -> std::optional<std::string> {
            auto payload = BuildNodeWithdraw(key, seq, value, tx, genesis);
            if (!payload) return payload.error();
            tx.payload = std::move(*payload);
            return std::nullopt;
        };
        return std::nullopt;
    });
}

Wallet::NodeCounterparties Wallet::GetNodeCounterparties(const XOnlyPubKey& node) const
{
    const consensus::Key key = ToRegistryKey(node);
    NodeCounterparties out;
    LOCK(m_mutex);
    for (const auto& [txid, wtx] : m_txs) {
        const TxKind kind = wtx.tx->kind;
        if (kind != TxKind::DEPOSIT && kind != TxKind::SETTLEMENT && kind != TxKind::DEPOSIT_RELEASE) continue;
        const auto payload = consensus::DecodePayload(kind, wtx.tx->payload);
        if (!payload) continue;
        if (const auto* deposit = std::get_if<consensus::Deposit>(&*payload)) {
            if (deposit->orig == key || deposit->term == key) out.pairs.emplace(deposit->orig, deposit->term);
        } else if (const auto* release = std::get_if<consensus::DepositRelease>(&*payload)) {
            if (release->body.orig == key || release->body.term == key) out.pairs.emplace(release->body.orig, release->body.term);
        } else if (const auto* settlement = std::get_if<consensus::Settlement>(&*payload)) {
            if (settlement->orig != key && settlement->term != key) continue;
            out.pairs.emplace(settlement->orig, settlement->term);
            for (const consensus::VoucherEntry& voucher : settlement->vouchers) {
                out.settlements.emplace(settlement->orig, settlement->term, voucher.epoch);
            }
        }
    }
    return out;
}

std::vector<WalletNode> Wallet::ListNodes() const
{
    LOCK(m_mutex);
    std::vector<WalletNode> out;
    for (const auto& [key, node] : m_nodes) out.push_back(node);
    return out;
}

} // namespace wallet
