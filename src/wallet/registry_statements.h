// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_REGISTRY_STATEMENTS_H
#define DOTS_WALLET_REGISTRY_STATEMENTS_H

// The registry statements the wallet writes (doc/registry.md "Signed statements" and "Wire
// formats"): each function builds one payload, signs it with the key(s) given and checks it
// against the syntax rules, so a payload the chain would refuse for its form never reaches a
// transaction. They know nothing of the wallet's keys, coins or files: the wallet looks the
// keys up (wallet_handles.cpp, wallet_nodes.cpp) and puts the payload in a transaction.
//
// Every function returns the encoded payload, or an error that names what is wrong in words a
// user understands (SyntaxErrorMessage). Signing keys must match the key the body names (the
// owner, the node): a mismatch is an error, never a payload the chain would reject. Pure and
// thread-safe.

#include <consensus/registry_payload.h>
#include <crypto/key.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <util/result.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wallet {

using Payload = std::vector<uint8_t>;

/** A user-facing sentence for a CheckPayloadSyntax reject reason (the reason itself if unknown). */
std::string SyntaxErrorMessage(std::string_view reason);

/** The registry key of a wallet key. */
consensus::Key ToRegistryKey(const XOnlyPubKey& key);

/** handle_commit of (handle, salt, owner). Errors: the handle is not a registrable name. */
util::Result<Payload> BuildHandleCommit(const std::string& handle, const uint256& salt, const XOnlyPubKey& owner);

/** handle_register (the reveal) of the same triple. Errors: as BuildHandleCommit. */
util::Result<Payload> BuildHandleReveal(const std::string& handle, const uint256& salt, const XOnlyPubKey& owner);

/** A handle update signed by `owner_key` (body.owner must be its key). Errors: key mismatch,
 * syntax (no flag, a transfer that also sets home or identity). */
util::Result<Payload> BuildHandleUpdate(const consensus::HandleUpdateBody& body, const CKey& owner_key, const uint256& genesis_hash);

/** A node statement (register, update, deregister) signed by `node_key` (body.node). Errors:
 * key mismatch, syntax (endpoints, domains, prefixes, bond and rate per op). */
util::Result<Payload> BuildNodeStatement(const consensus::NodeRegisterBody& body, const CKey& node_key, const uint256& genesis_hash);

/** A presence binding signed by `node_key` (body.node) and, unless `owner_key` is null (the node
 * is the handle's home), by `owner_key` (body.owner). Errors: key mismatch, syntax. */
util::Result<Payload> BuildBinding(const consensus::BindingBody& body, const CKey& node_key, const CKey* owner_key,
                                   const uint256& genesis_hash);

/** The owner's signature of a binding alone, for a node of another wallet to countersign. */
util::Result<consensus::Sig> SignBindingAsOwner(const consensus::BindingBody& body, const CKey& owner_key, const uint256& genesis_hash);

/** A binding signed by `node_key` (body.node) with the owner's signature `owner_sig` made in the
 * owner's wallet (SignBindingAsOwner: bindhandle to another operator's node). Errors: key
 * mismatch, the owner's signature does not verify for this body, syntax. */
util::Result<Payload> BuildCountersignedBinding(const consensus::BindingBody& body, const CKey& node_key, const consensus::Sig& owner_sig,
                                                const uint256& genesis_hash);

/** A deposit of `amount` for the pair (orig pays for calls term terminates). Unsigned. Errors:
 * orig = term, amount out of range. */
util::Result<Payload> BuildDeposit(const XOnlyPubKey& orig, const XOnlyPubKey& term, CAmount amount);

/** A deposit release request signed by `orig_key` (body.orig). Errors: key mismatch, syntax. */
util::Result<Payload> BuildDepositRelease(const consensus::DepositReleaseBody& body, const CKey& orig_key, const uint256& genesis_hash);

/** A voucher as the originating node hands it to the terminating node (doc/wallet.md
 * "Vouchers"): the pair and one signed voucher entry. */
struct SignedVoucher {
    consensus::Key orig{};
    consensus::Key term{};
    consensus::VoucherEntry entry;
    friend bool operator==(const SignedVoucher&, const SignedVoucher&) = default;
};

/** Bytes of an encoded voucher: orig:32 term:32 and the entry as in a settlement (epoch:u32
 * seconds:u64 rate:i64 receipts_root:32 orig_nonce:32 term_nonce:32 orig_sig:64). */
inline constexpr size_t VOUCHER_SIZE = 244;

/** The voucher's bytes (VOUCHER_SIZE): doc/registry.md's signed voucher body and the signature,
 * the layout of a one-voucher settlement without its count byte. */
std::vector<uint8_t> EncodeVoucher(const SignedVoucher& voucher);

/** DecodeVoucher's inverse; errors: wrong length, not decodable (the consensus decoder's words). */
util::Result<SignedVoucher> DecodeVoucher(std::span<const uint8_t> bytes);

/** floor(seconds x rate / 60) of the voucher, or an error in words: rate negative, amount 0 or
 * above 21,000,000 DOTS (computed in 128 bits as the chain does). */
util::Result<CAmount> CheckedVoucherAmount(const consensus::VoucherEntry& entry);

/**
 * Signs `voucher` (its entry's orig_sig is set) with `orig_key`, which must be voucher.orig's key.
 * Errors: key mismatch, orig = term, the amount (CheckedVoucherAmount), signing failed.
 */
util::Result<SignedVoucher> SignVoucher(SignedVoucher voucher, const CKey& orig_key, const uint256& genesis_hash);

/**
 * Signs an opener (doc/registry.md "Receipts"): a voucher of 0 seconds that asks T for its nonce
 * of the stream and can never be settled (its amount is 0). `orig_key` must be voucher.orig's key.
 * Errors: seconds not 0, a negative rate, key mismatch, orig = term, signing failed.
 */
util::Result<SignedVoucher> SignOpener(SignedVoucher voucher, const CKey& orig_key, const uint256& genesis_hash);

/** Whether the originating node signed the voucher for this chain (genesis-bound message). */
bool VerifyVoucher(const SignedVoucher& voucher, const uint256& genesis_hash);

/** How vouchers of one pair with ascending `epochs` split into settlements: [begin, end) ranges
 * in order, each of at most 24 vouchers spanning fewer than 24 epochs (the chain's limits),
 * every one as long as the limits allow. */
std::vector<std::pair<size_t, size_t>> SettlementBatches(const std::vector<uint32_t>& epochs);

/** A settlement of `vouchers` of one pair (1-24, epochs strictly increasing, spanning < 24).
 * Unsigned (the vouchers carry O's signatures). Errors: the syntax rules, in words. */
util::Result<Payload> BuildSettlement(const consensus::Key& orig, const consensus::Key& term,
                                      std::vector<consensus::VoucherEntry> vouchers);

/** The size of a node withdrawal payload (the placeholder a transaction is sized with). */
size_t NodeWithdrawSize();

/**
 * A node withdrawal of `amount` with sequence `seq`, signed by `node_key` over the outputs of
 * `tx` (version, locktime and outputs: WithdrawOutputsHash), so the outputs cannot change
 * after signing. Errors: amount out of range, signing failed.
 */
util::Result<Payload> BuildNodeWithdraw(const CKey& node_key, uint32_t seq, CAmount amount, const CMutableTransaction& tx,
                                        const uint256& genesis_hash);

} // namespace wallet

#endif // DOTS_WALLET_REGISTRY_STATEMENTS_H
