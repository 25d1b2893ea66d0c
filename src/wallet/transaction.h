// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_TRANSACTION_H
#define DOTS_WALLET_TRANSACTION_H

/**
 * A transaction the wallet keeps (Bitcoin Core's CWalletTx): the transaction, where it stands
 * relative to the active chain, and what the user attached to it.
 *
 * States (Bitcoin Core's TxState):
 *   confirmed   in a block of the active chain (hash, height, position in the block)
 *   in mempool  unconfirmed and accepted by this node's mempool
 *   conflicted  a block of the active chain spends one of its inputs differently (it can never
 *               confirm unless that block is reorganised away)
 *   inactive    unconfirmed and not in the mempool (not yet broadcast, evicted, or after a reorg
 *               until the mempool takes it back); `abandoned` when the user gave it up
 *
 * Depth (confirmations): confirmed = tip - height + 1; conflicted = -(tip - height + 1); else 0.
 * An output is spent as soon as a wallet transaction of depth >= 0 that is not abandoned spends
 * it, so a coin is never selected twice while its spend is pending.
 */

#include <primitives/transaction.h>
#include <primitives/uint256.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace wallet {

struct TxStateConfirmed {
    uint256 block_hash;
    int32_t height{0};
    int32_t position{0};
    friend bool operator==(const TxStateConfirmed&, const TxStateConfirmed&) = default;
};
struct TxStateInMempool {
    friend bool operator==(const TxStateInMempool&, const TxStateInMempool&) = default;
};
struct TxStateConflicted {
    uint256 block_hash; //!< the block whose transaction spends the same input
    int32_t height{0};
    friend bool operator==(const TxStateConflicted&, const TxStateConflicted&) = default;
};
struct TxStateInactive {
    bool abandoned{false};
    friend bool operator==(const TxStateInactive&, const TxStateInactive&) = default;
};
using TxState = std::variant<TxStateConfirmed, TxStateInMempool, TxStateConflicted, TxStateInactive>;

struct WalletTx {
    CTransactionRef tx;
    TxState state{TxStateInactive{}};
    /** When the wallet first saw it (UNIX seconds). */
    int64_t time_received{0};
    /** Time of the block it confirmed in (0 while unconfirmed): listtransactions' blocktime. */
    int64_t block_time{0};
    /** Insertion order, for listtransactions. */
    uint64_t order{0};
    /** sendtoaddress's comment and comment_to. */
    std::string comment;
    std::string comment_to;
    /** Set when this wallet created and signed it. */
    bool from_me{false};
    /** The outputs it spends, when the wallet created it (fee and registry value of sends whose
     * parents are not wallet transactions). Same order as tx->vin; empty if unknown. */
    std::vector<CTxOut> spent_outputs;
    /** For a transaction the wallet creates: the txid of the transaction it replaces or was
     * built after (informational). */
    std::optional<uint256> replaces;
    /** Signed in advance and kept back: a handle registration's reveal (broadcast once its
     * commitment matured) or follow-up update. The rebroadcast loop skips it. */
    bool held{false};

    const uint256& GetTxid() const { return tx->GetTxid(); }
    bool IsCoinBase() const { return tx->IsCoinBase(); }
    bool IsConfirmed() const { return std::holds_alternative<TxStateConfirmed>(state); }
    bool IsInMempool() const { return std::holds_alternative<TxStateInMempool>(state); }
    bool IsConflicted() const { return std::holds_alternative<TxStateConflicted>(state); }
    bool IsAbandoned() const
    {
        const auto* inactive = std::get_if<TxStateInactive>(&state);
        return inactive != nullptr && inactive->abandoned;
    }
    /** Height of the block it is in, or conflicted by; std::nullopt otherwise. */
    std::optional<int32_t> StateHeight() const;
    /** The block it is in, or conflicted by. */
    std::optional<uint256> StateBlock() const;
    /** Depth relative to a tip at `tip_height` (see the file comment). */
    int32_t Depth(int32_t tip_height) const;

    /** Database form; std::nullopt on corruption. */
    std::vector<uint8_t> Serialize() const;
    static std::optional<WalletTx> Deserialize(std::span<const uint8_t> bytes);
};

/** "confirmed", "mempool", "conflicted", "inactive", "abandoned" (getwalletinfo / tests). */
std::string TxStateName(const TxState& state);

} // namespace wallet

#endif // DOTS_WALLET_TRANSACTION_H
