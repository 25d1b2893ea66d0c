// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <wallet/transaction.h>

#include <serialize.h>

namespace wallet {

namespace {
constexpr uint8_t RECORD_VERSION = 1;
constexpr uint8_t STATE_CONFIRMED = 0;
constexpr uint8_t STATE_MEMPOOL = 1;
constexpr uint8_t STATE_CONFLICTED = 2;
constexpr uint8_t STATE_INACTIVE = 3;
constexpr uint8_t STATE_ABANDONED = 4;

template <typename W>
void WriteString(W& w, const std::string& s)
{
    WriteVarBytes(w, std::span{reinterpret_cast<const uint8_t*>(s.data()), s.size()});
}

std::optional<std::string> ReadString(ByteReader& r)
{
    auto bytes = r.ReadVarBytes(1 << 16, "string");
    if (!bytes) return std::nullopt;
    return std::string(bytes->begin(), bytes->end());
}
} // namespace

std::optional<int32_t> WalletTx::StateHeight() const
{
    if (const auto* c = std::get_if<TxStateConfirmed>(&state)) return c->height;
    if (const auto* conflicted = std::get_if<TxStateConflicted>(&state)) return conflicted->height;
    return std::nullopt;
}

std::optional<uint256> WalletTx::StateBlock() const
{
    if (const auto* c = std::get_if<TxStateConfirmed>(&state)) return c->block_hash;
    if (const auto* conflicted = std::get_if<TxStateConflicted>(&state)) return conflicted->block_hash;
    return std::nullopt;
}

int32_t WalletTx::Depth(int32_t tip_height) const
{
    if (const auto* c = std::get_if<TxStateConfirmed>(&state)) return tip_height - c->height + 1;
    if (const auto* conflicted = std::get_if<TxStateConflicted>(&state)) return -(tip_height - conflicted->height + 1);
    return 0;
}

std::vector<uint8_t> WalletTx::Serialize() const
{
    ByteWriter w;
    WriteU8(w, RECORD_VERSION);
    tx->Serialize(w);
    if (const auto* c = std::get_if<TxStateConfirmed>(&state)) {
        WriteU8(w, STATE_CONFIRMED);
        WriteUint256(w, c->block_hash);
        WriteI32(w, c->height);
        WriteI32(w, c->position);
    } else if (std::holds_alternative<TxStateInMempool>(state)) {
        WriteU8(w, STATE_MEMPOOL);
    } else if (const auto* conflicted = std::get_if<TxStateConflicted>(&state)) {
        WriteU8(w, STATE_CONFLICTED);
        WriteUint256(w, conflicted->block_hash);
        WriteI32(w, conflicted->height);
    } else {
        WriteU8(w, IsAbandoned() ? STATE_ABANDONED : STATE_INACTIVE);
    }
    WriteI64(w, time_received);
    WriteI64(w, block_time);
    WriteU64(w, order);
    WriteString(w, comment);
    WriteString(w, comment_to);
    WriteU8(w, from_me ? 1 : 0);
    WriteCompactSize(w, spent_outputs.size());
    for (const CTxOut& out : spent_outputs) out.Serialize(w);
    WriteU8(w, replaces ? 1 : 0);
    if (replaces) WriteUint256(w, *replaces);
    WriteU8(w, held ? 1 : 0);
    return w.Take();
}

std::optional<WalletTx> WalletTx::Deserialize(std::span<const uint8_t> bytes)
{
    ByteReader r{bytes};
    const auto version = r.ReadU8();
    if (!version || *version != RECORD_VERSION) return std::nullopt;
    auto tx = CTransaction::Unserialize(r);
    if (!tx) return std::nullopt;
    WalletTx out;
    out.tx = MakeTransactionRef(std::move(*tx));
    const auto state = r.ReadU8();
    if (!state) return std::nullopt;
    switch (*state) {
    case STATE_CONFIRMED: {
        const auto hash = r.ReadUint256();
        const auto height = r.ReadI32();
        const auto pos = r.ReadI32();
        if (!pos) return std::nullopt;
        out.state = TxStateConfirmed{*hash, *height, *pos};
        break;
    }
    case STATE_MEMPOOL: out.state = TxStateInMempool{}; break;
    case STATE_CONFLICTED: {
        const auto hash = r.ReadUint256();
        const auto height = r.ReadI32();
        if (!height) return std::nullopt;
        out.state = TxStateConflicted{*hash, *height};
        break;
    }
    case STATE_INACTIVE: out.state = TxStateInactive{false}; break;
    case STATE_ABANDONED: out.state = TxStateInactive{true}; break;
    default: return std::nullopt;
    }
    const auto received = r.ReadI64();
    const auto block_time = r.ReadI64();
    const auto order = r.ReadU64();
    auto comment = ReadString(r);
    auto comment_to = ReadString(r);
    const auto from_me = r.ReadU8();
    const auto n_spent = r.ReadCount(MAX_TX_SIZE, CTxOut::SERIALIZED_SIZE, "spent outputs");
    if (!n_spent) return std::nullopt;
    for (uint64_t i = 0; i < *n_spent; ++i) {
        auto spent = CTxOut::Unserialize(r);
        if (!spent) return std::nullopt;
        out.spent_outputs.push_back(*spent);
    }
    const auto has_replaces = r.ReadU8();
    if (!has_replaces) return std::nullopt;
    if (*has_replaces) {
        const auto replaces = r.ReadUint256();
        if (!replaces) return std::nullopt;
        out.replaces = *replaces;
    }
    const auto held = r.ReadU8();
    if (!held || !r.ok() || !r.empty() || !from_me) return std::nullopt;
    out.held = *held != 0;
    out.time_received = *received;
    out.block_time = *block_time;
    out.order = *order;
    out.comment = std::move(*comment);
    out.comment_to = std::move(*comment_to);
    out.from_me = *from_me != 0;
    return out;
}

std::string TxStateName(const TxState& state)
{
    if (std::holds_alternative<TxStateConfirmed>(state)) return "confirmed";
    if (std::holds_alternative<TxStateInMempool>(state)) return "mempool";
    if (std::holds_alternative<TxStateConflicted>(state)) return "conflicted";
    return std::get<TxStateInactive>(state).abandoned ? "abandoned" : "inactive";
}

} // namespace wallet
