// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/registry_keys.h>

#include <consensus/registry_epochs.h>

#include <algorithm>

namespace consensus {

namespace {

class KeyMaker
{
public:
    explicit KeyMaker(ConflictType type)
    {
        m_key.type = type;
        m_key.id.push_back(static_cast<char>(type));
    }
    KeyMaker& Bytes(std::span<const uint8_t> b)
    {
        m_key.id.append(reinterpret_cast<const char*>(b.data()), b.size());
        return *this;
    }
    KeyMaker& Str(std::string_view s)
    {
        m_key.id.append(s);
        return *this;
    }
    KeyMaker& BE32(uint32_t v)
    {
        for (int shift = 24; shift >= 0; shift -= 8) m_key.id.push_back(static_cast<char>(v >> shift));
        return *this;
    }
    ConflictKey Take() { return std::move(m_key); }

private:
    ConflictKey m_key;
};

ConflictKey HandleKeyOf(std::string_view handle) { return KeyMaker{ConflictType::HANDLE}.Str(handle).Take(); }
ConflictKey BindingKeyOf(std::string_view handle) { return KeyMaker{ConflictType::BINDING}.Str(handle).Take(); }
ConflictKey NodeKeyOf(const Key& node) { return KeyMaker{ConflictType::NODE}.Bytes(node).Take(); }

RegistryTxKeys KeysOf(const Payload& payload)
{
    RegistryTxKeys out;
    std::visit(
        [&](const auto& p) {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, HandleCommit>) {
                out.keys.push_back(KeyMaker{ConflictType::COMMITMENT}.Bytes(p.commitment.span()).Take());
            } else if constexpr (std::is_same_v<T, HandleRegister>) {
                out.keys.push_back(KeyMaker{ConflictType::COMMITMENT}.Bytes(HandleCommitment(p.handle, p.salt, p.owner).span()).Take());
                out.keys.push_back(HandleKeyOf(p.handle));
                out.keys.push_back(BindingKeyOf(p.handle)); // a registration clears the binding
            } else if constexpr (std::is_same_v<T, HandleUpdate>) {
                out.keys.push_back(HandleKeyOf(p.body.handle));
                // A transfer clears the binding; a home change decides which node may bind alone.
                if (p.body.flags & (UPDATE_OWNER | UPDATE_HOME)) out.keys.push_back(BindingKeyOf(p.body.handle));
                out.signer = p.body.owner;
            } else if constexpr (std::is_same_v<T, NodeRegister>) {
                out.keys.push_back(NodeKeyOf(p.body.node));
                out.signer = p.body.node;
            } else if constexpr (std::is_same_v<T, Binding>) {
                out.keys.push_back(BindingKeyOf(p.body.handle));
                out.signer = p.body.node;
            } else if constexpr (std::is_same_v<T, Deposit>) {
                // Deposits commute with every other registry transaction.
            } else if constexpr (std::is_same_v<T, Settlement>) {
                for (const VoucherEntry& v : p.vouchers) {
                    ConflictKey key = KeyMaker{ConflictType::SETTLEMENT}.Bytes(p.orig).Bytes(p.term).BE32(v.epoch).Take();
                    key.voucher_amount = VoucherAmount(v.seconds, v.rate).value_or(0);
                    out.keys.push_back(std::move(key));
                }
                out.signer = p.orig;
            } else if constexpr (std::is_same_v<T, ProbeReceipts>) {
                ConflictKey key = KeyMaker{ConflictType::RECEIPTS}.BE32(p.epoch).Bytes(p.target).Take();
                for (const ProbeReceipt& r : p.receipts) key.receipt_indices.push_back(r.index);
                std::sort(key.receipt_indices.begin(), key.receipt_indices.end());
                out.keys.push_back(std::move(key));
                out.signer = p.target;
            } else if constexpr (std::is_same_v<T, DepositRelease>) {
                out.keys.push_back(NodeKeyOf(p.body.orig));
                out.signer = p.body.orig;
            } else if constexpr (std::is_same_v<T, NodeWithdraw>) {
                out.keys.push_back(NodeKeyOf(p.body.node));
                out.signer = p.body.node;
            }
        },
        payload);
    return out;
}

} // namespace

std::optional<RegistryTxKeys> GetRegistryTxKeys(const CTransaction& tx)
{
    if (!IsRegistryKind(tx.kind)) return std::nullopt;
    const Decoded<Payload> payload = DecodePayload(tx.kind, tx.payload);
    if (!payload) return std::nullopt;
    return KeysOf(*payload);
}

ValidityWindow GetValidityWindow(const CTransaction& tx, const RegistryParams& params)
{
    if (tx.kind != TxKind::SETTLEMENT && tx.kind != TxKind::PROBE_RECEIPTS) return {};
    const Decoded<Payload> payload = DecodePayload(tx.kind, tx.payload);
    if (!payload) return {1, 0};
    if (const auto* s = std::get_if<Settlement>(&*payload)) {
        if (s->vouchers.empty()) return {1, 0};
        // Every voucher must be settleable: from the last epoch's start to the first one's deadline.
        int64_t first = 0;
        int64_t last = INT64_MAX;
        for (const VoucherEntry& v : s->vouchers) {
            first = std::max(first, SettleEpochStart(v.epoch, params));
            last = std::min(last, SettleDeadline(v.epoch, params) - 1);
        }
        return {first, last};
    }
    const auto& r = std::get<ProbeReceipts>(*payload);
    if (r.epoch < 1) return {1, 0};
    return {ProbeEpochStart(r.epoch, params), ReceiptDeadline(r.epoch, params) - 1};
}

ValidityWindow GetStateValidityWindow(const CTransaction& tx, const RecordStore& store, const RegistryParams& params)
{
    ValidityWindow window = GetValidityWindow(tx, params);
    if (tx.kind != TxKind::HANDLE_REGISTER && tx.kind != TxKind::HANDLE_UPDATE && tx.kind != TxKind::BINDING) return window;
    const Decoded<Payload> payload = DecodePayload(tx.kind, tx.payload);
    if (!payload) return window;
    const auto narrow = [&](int64_t first, int64_t last) {
        window.first = std::max(window.first, first);
        window.last = std::min(window.last, last);
    };
    if (const auto* reveal = std::get_if<HandleRegister>(&*payload)) {
        const std::optional<CommitRecord> commit =
            ReadCommit(store, HandleCommitment(reveal->handle, reveal->salt, reveal->owner));
        if (commit) narrow(int64_t{commit->height} + params.commit_maturity, int64_t{commit->height} + params.reveal_window);
        return window;
    }
    const std::string& handle = std::holds_alternative<HandleUpdate>(*payload) ? std::get<HandleUpdate>(*payload).body.handle
                                                                              : std::get<Binding>(*payload).body.handle;
    if (const std::optional<HandleRecord> record = ReadHandle(store, handle)) narrow(0, int64_t{record->expiry_height} - 1);
    return window;
}

bool IsStale(const CTransaction& tx, int64_t height, const RegistryParams& params)
{
    return GetValidityWindow(tx, params).last < height;
}

} // namespace consensus
