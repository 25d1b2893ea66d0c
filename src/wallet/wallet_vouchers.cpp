// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Wallet: vouchers (doc/registry.md "Deposits, vouchers, settlements, debts" and "Receipts",
// doc/wallet.md "Vouchers"). The originating node's wallet signs them (signvoucher; the SIP router
// calls SignOpener and SignVoucher during calls), the terminating node's wallet keeps the highest
// of each pair and epoch (addvoucher; AddVoucher of a VoucherMessage during calls) and settles
// them (settlevouchers). Records (read on demand, not at load):
//
//   "voucher" orig:32 term:32 epoch:be32   the highest voucher of (orig, term, epoch) this wallet
//                                          signed or received: EncodeVoucher's 244 bytes
//   "receipt" orig:32 term:32 epoch:be32 call:32
//                                          the call's seconds (u64 LE) in the stream of the
//                                          stored voucher: one prefix range per stream
//
// A wallet holding both nodes of a pair keeps one record: the role follows from which key is
// the wallet's. A record is erased settle_window blocks after its epoch's window ended
// (ForgetOldVouchers, when the tip moves): until then listmynodes shows it settled or expired.
// Read-compare-write of a record happens under m_mutex, so two concurrent calls cannot store a
// lower voucher over a higher one; a voucher and its receipts are written in one database
// transaction, so a kill never leaves a voucher whose receipts do not hash to its root.

#include <wallet/wallet.h>

#include <consensus/registry_epochs.h>
#include <crypto/hmac_sha256.h>
#include <crypto/random.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/strencodings.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace wallet {

namespace {

const std::string VOUCHER = "voucher";
const std::string RECEIPT = "receipt";
const std::string TERM_NONCE_SEED = "termnonceseed";
/** Domain of T's nonces (TermNonce): HMAC-SHA256(seed, tag || orig || term || epoch BE). */
constexpr std::string_view TERM_NONCE_TAG = "DOTS/term-nonce/1";
constexpr size_t STREAM_KEY_SIZE = 32 + 32 + 4;

WalletFailure Failure(WalletError code, std::string message) { return WalletFailure{code, std::move(message)}; }

/** CompactSize-prefixed type, then (with a voucher key) orig, term and big-endian epoch. */
Bytes RecordKey(const std::string& type, const std::optional<VoucherKey>& key = std::nullopt)
{
    Bytes out(1 + type.size() + (key ? STREAM_KEY_SIZE : 0));
    size_t pos = 0;
    out[pos++] = static_cast<uint8_t>(type.size());
    for (char c : type) out[pos++] = static_cast<uint8_t>(c);
    if (key) {
        const auto& [orig, term, epoch] = *key;
        for (uint8_t b : orig) out[pos++] = b;
        for (uint8_t b : term) out[pos++] = b;
        for (int shift = 24; shift >= 0; shift -= 8) out[pos++] = static_cast<uint8_t>(epoch >> shift);
    }
    return out;
}

Bytes ReceiptKey(const VoucherKey& key, const uint256& call)
{
    Bytes out = RecordKey(RECEIPT, key);
    out.insert(out.end(), call.begin(), call.end());
    return out;
}

Bytes SecondsValue(uint64_t seconds)
{
    Bytes out(8);
    for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(seconds >> (8 * i));
    return out;
}

VoucherKey KeyOf(const SignedVoucher& voucher) { return {voucher.orig, voucher.term, voucher.entry.epoch}; }

std::string Hex(const consensus::Key& key) { return HexStr(key); }

std::string EpochEndedMessage(uint32_t epoch, int64_t deadline)
{
    return StrFormat("Settlement epoch %u can no longer be settled: its window ended at height %lld", epoch, (long long)deadline);
}

/** The checks of a received voucher or opener that need neither the wallet nor the chain. */
std::optional<WalletFailure> CheckSigned(const SignedVoucher& voucher, const uint256& genesis_hash)
{
    if (voucher.orig == voucher.term) return Failure(WalletError::INVALID_PARAMETER, "The originating and terminating nodes must differ");
    if (!VerifyVoucher(voucher, genesis_hash)) {
        return Failure(WalletError::INVALID_PARAMETER, "Invalid voucher: the signature is not node " + Hex(voucher.orig) +
                                                           "'s signature of this voucher on this chain");
    }
    return std::nullopt;
}

/** The seconds of `receipts` in total, or nullopt past 2^64 - 1. */
std::optional<uint64_t> SumSeconds(const std::map<uint256, uint64_t>& receipts)
{
    uint64_t total = 0;
    for (const auto& [call, seconds] : receipts) {
        if (seconds > std::numeric_limits<uint64_t>::max() - total) return std::nullopt;
        total += seconds;
    }
    return total;
}

std::vector<CallReceipt> ToReceipts(const std::map<uint256, uint64_t>& receipts)
{
    std::vector<CallReceipt> out;
    out.reserve(receipts.size());
    for (const auto& [call, seconds] : receipts) out.push_back(CallReceipt{call, seconds});
    return out;
}

std::string SecondsText(const std::optional<uint64_t>& total)
{
    return total ? std::to_string(*total) : std::string{"more than 2^64 - 1"};
}

} // namespace

VoucherState ClassifyVoucher(const SignedVoucher& voucher, CAmount amount, CAmount settled, int32_t next_height,
                             const consensus::RegistryParams& params)
{
    if (settled >= amount) return VoucherState::SETTLED;
    if (next_height >= consensus::SettleDeadline(voucher.entry.epoch, params)) return VoucherState::EXPIRED;
    if (voucher.entry.epoch > consensus::SettleEpochOf(next_height, params)) return VoucherState::FUTURE;
    return VoucherState::UNSETTLED;
}

std::string VoucherStateName(VoucherState state)
{
    switch (state) {
    case VoucherState::UNSETTLED: return "unsettled";
    case VoucherState::FUTURE: return "unsettled";
    case VoucherState::SETTLED: return "settled";
    case VoucherState::EXPIRED: return "expired";
    }
    return "unsettled";
}

std::optional<SignedVoucher> Wallet::ReadVoucherLocked(const VoucherKey& key) const
{
    auto value = m_db->Read(RecordKey(VOUCHER, key));
    if (!value) {
        LogError("Wallet %s: cannot read voucher: %s", m_name.c_str(), value.error().c_str());
        return std::nullopt;
    }
    if (!*value) return std::nullopt;
    auto voucher = DecodeVoucher(**value);
    if (!voucher || KeyOf(*voucher) != key) {
        LogError("Wallet %s: corrupt voucher record of epoch %u", m_name.c_str(), std::get<2>(key));
        return std::nullopt;
    }
    return *voucher;
}

std::map<uint256, uint64_t> Wallet::ReadReceiptsLocked(const VoucherKey& key) const
{
    std::map<uint256, uint64_t> out;
    const Bytes prefix = RecordKey(RECEIPT, key);
    auto res = m_db->ForEach(prefix, [&](std::span<const uint8_t> k, std::span<const uint8_t> value) {
        if (k.size() != prefix.size() + 32 || value.size() != 8) {
            LogError("Wallet %s: skipping a corrupt receipt record of epoch %u", m_name.c_str(), std::get<2>(key));
            return true;
        }
        uint64_t seconds = 0;
        for (int i = 7; i >= 0; --i) seconds = seconds << 8 | value[i];
        out[uint256{k.subspan(prefix.size()).first<32>()}] = seconds;
        return true;
    });
    if (!res) LogError("Wallet %s: cannot read receipts: %s", m_name.c_str(), res.error().c_str());
    return out;
}

WalletResult<uint256> Wallet::TermNonce(const VoucherKey& key)
{
    const auto& [orig, term, epoch] = key;
    LOCK(m_mutex);
    if (!m_nodes.count(XOnlyPubKey{std::span<const uint8_t, 32>{term}})) {
        return Failure(WalletError::GENERIC, "Node " + Hex(term) + " is not a node of this wallet");
    }
    if (!m_term_nonce_seed) {
        // Drawn once per wallet and kept in its file (not a key: knowing it lets one predict T's
        // nonces, nothing more), so a restart answers every stream with the same nonce.
        auto stored = m_db->Read(RecordKey(TERM_NONCE_SEED));
        if (!stored) return Failure(WalletError::DATABASE, "Cannot read the terminating nonce seed: " + stored.error());
        if (*stored && (*stored)->size() == 32) {
            m_term_nonce_seed.emplace();
            std::copy((*stored)->begin(), (*stored)->end(), m_term_nonce_seed->begin());
        } else {
            std::array<uint8_t, 32> seed;
            GetStrongRandBytes(std::span<uint8_t>{seed});
            if (auto written = m_db->Write(RecordKey(TERM_NONCE_SEED), seed); !written) {
                return Failure(WalletError::DATABASE, "Cannot store the terminating nonce seed: " + written.error());
            }
            m_term_nonce_seed = seed;
        }
    }
    CHMAC_SHA256 mac{*m_term_nonce_seed};
    mac.Write(std::span{reinterpret_cast<const uint8_t*>(TERM_NONCE_TAG.data()), TERM_NONCE_TAG.size()});
    mac.Write(orig).Write(term);
    const std::array<uint8_t, 4> epoch_be{static_cast<uint8_t>(epoch >> 24), static_cast<uint8_t>(epoch >> 16), static_cast<uint8_t>(epoch >> 8),
                                          static_cast<uint8_t>(epoch)};
    mac.Write(epoch_be);
    uint256 nonce;
    mac.Finalize(std::span<uint8_t, 32>{nonce.data(), 32});
    return nonce;
}

std::vector<CallReceipt> Wallet::ListReceipts(const VoucherKey& key) const
{
    LOCK(m_mutex); // a voucher and its receipts change in one transaction under m_mutex
    return ToReceipts(ReadReceiptsLocked(key));
}

std::vector<SignedVoucher> Wallet::ListVouchers() const
{
    std::vector<SignedVoucher> out;
    const Bytes prefix = RecordKey(VOUCHER);
    auto res = m_db->ForEach(prefix, [&](std::span<const uint8_t> key, std::span<const uint8_t> value) {
        auto voucher = DecodeVoucher(value);
        if (!voucher || RecordKey(VOUCHER, KeyOf(*voucher)) != Bytes(key.begin(), key.end())) {
            LogError("Wallet %s: skipping a corrupt voucher record", m_name.c_str());
            return true;
        }
        out.push_back(std::move(*voucher));
        return true;
    });
    if (!res) LogError("Wallet %s: cannot read vouchers: %s", m_name.c_str(), res.error().c_str());
    return out; // key order: by orig, term, epoch
}

WalletResult<std::pair<CKey, consensus::NodeRecord>> Wallet::VoucherSignerLocked(const XOnlyPubKey& orig, const consensus::Key& term,
                                                                                  uint32_t epoch)
{
    const consensus::ConsensusParams& params = m_chain.Params();
    if (ToRegistryKey(orig) == term) return Failure(WalletError::INVALID_PARAMETER, "The originating and terminating nodes must differ");
    if (!m_nodes.count(orig)) return Failure(WalletError::GENERIC, "Node " + Hex(ToRegistryKey(orig)) + " is not a node of this wallet");
    auto ours = OurNodeLocked(orig);
    if (const auto* failure = std::get_if<WalletFailure>(&ours)) return *failure;
    std::optional<consensus::NodeRecord> record;
    int32_t tip = -1;
    m_chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t height) {
        record = consensus::ReadNode(store, term);
        tip = height;
    });
    if (!record) return Failure(WalletError::INVALID_PARAMETER, "Node " + Hex(term) + " is not registered");
    const int32_t next = tip + 1;
    const int64_t current = consensus::SettleEpochOf(next, params.registry);
    if (epoch > current) {
        return Failure(WalletError::INVALID_PARAMETER, StrFormat("Settlement epoch %u has not begun: the next block (height %d) is in epoch %lld",
                                                                 epoch, next, (long long)current));
    }
    const int64_t deadline = consensus::SettleDeadline(epoch, params.registry);
    if (next >= deadline) return Failure(WalletError::INVALID_PARAMETER, EpochEndedMessage(epoch, deadline));
    return std::pair{std::move(std::get<std::pair<consensus::NodeRecord, CKey>>(ours).second), std::move(*record)};
}

WalletResult<SignedVoucher> Wallet::SignOpener(const XOnlyPubKey& orig, const consensus::Key& term, uint32_t epoch, CAmount rate)
{
    if (rate < 0) return Failure(WalletError::INVALID_PARAMETER, "Invalid opener: the rate must not be negative");
    BlockUntilSyncedToCurrentChain();
    LOCK(m_mutex);
    auto signer = VoucherSignerLocked(orig, term, epoch);
    if (const auto* failure = std::get_if<WalletFailure>(&signer)) return *failure;
    SignedVoucher opener{ToRegistryKey(orig), term, {}};
    opener.entry.epoch = epoch;
    opener.entry.rate = rate;
    GetStrongRandBytes(std::span<uint8_t>{opener.entry.orig_nonce.data(), 32});
    auto signed_opener = wallet::SignOpener(opener, std::get<std::pair<CKey, consensus::NodeRecord>>(signer).first, m_chain.Params().genesis_hash);
    if (!signed_opener) return Failure(WalletError::GENERIC, "Cannot sign the opener: " + signed_opener.error());
    return *signed_opener;
}

WalletResult<SignedVoucher> Wallet::SignVoucher(const VoucherRequest& request)
{
    const consensus::ConsensusParams& params = m_chain.Params();
    const consensus::Key orig = ToRegistryKey(request.orig);
    BlockUntilSyncedToCurrentChain();
    LOCK(m_mutex);
    auto signer = VoucherSignerLocked(request.orig, request.term, request.epoch);
    if (const auto* failure = std::get_if<WalletFailure>(&signer)) return *failure;
    const auto& [key, term] = std::get<std::pair<CKey, consensus::NodeRecord>>(signer);
    const VoucherKey vkey{orig, request.term, request.epoch};
    const std::optional<SignedVoucher> previous = ReadVoucherLocked(vkey);
    SignedVoucher voucher{orig, request.term, {}};
    voucher.entry.epoch = request.epoch;
    voucher.entry.seconds = request.seconds;
    voucher.entry.rate = request.rate.value_or(
        term.RateAt(static_cast<int32_t>(consensus::SettleEpochStart(request.epoch, params.registry)), params.registry));
    voucher.entry.receipts_root = request.receipts_root;
    if (!request.rate && voucher.entry.rate == 0) {
        return Failure(WalletError::INVALID_PARAMETER, StrFormat("Node %s's rate in epoch %u is 0 (free peering): there is nothing to pay",
                                                                 Hex(request.term).c_str(), request.epoch));
    }
    auto amount = CheckedVoucherAmount(voucher.entry);
    if (!amount) return Failure(WalletError::INVALID_PARAMETER, "Invalid voucher: " + amount.error());
    // The receipts that change: the stored set is the stream's (its previous voucher's).
    std::vector<CallReceipt> changed;
    if (request.receipts) {
        std::map<uint256, uint64_t> merged = ReadReceiptsLocked(vkey);
        std::set<uint256> named;
        for (const CallReceipt& r : *request.receipts) {
            const std::string call = HexStr(r.call.span());
            if (!named.insert(r.call).second) return Failure(WalletError::INVALID_PARAMETER, "Invalid receipts: call " + call + " is named twice");
            if (r.seconds == 0) return Failure(WalletError::INVALID_PARAMETER, "Invalid receipts: call " + call + " has 0 seconds");
            uint64_t& seconds = merged[r.call];
            if (r.seconds < seconds) {
                return Failure(WalletError::INVALID_PARAMETER, StrFormat("Invalid receipts: call %s goes down from %llu to %llu seconds (a "
                                                                         "receipt counts the call's seconds in the epoch so far)",
                                                                         call.c_str(), (unsigned long long)seconds, (unsigned long long)r.seconds));
            }
            if (r.seconds != seconds) changed.push_back(r);
            seconds = r.seconds;
        }
        const std::optional<uint64_t> total = SumSeconds(merged);
        if (total != request.seconds) {
            return Failure(WalletError::INVALID_PARAMETER, StrFormat("Invalid receipts: the stream's receipts sum to %s seconds, not the voucher's %llu",
                                                                     SecondsText(total).c_str(), (unsigned long long)request.seconds));
        }
        voucher.entry.receipts_root = ReceiptsRoot(ToReceipts(merged));
    }
    if (previous) {
        const CAmount previous_amount = consensus::VoucherAmount(previous->entry.seconds, previous->entry.rate).value_or(0);
        if (request.seconds < previous->entry.seconds || *amount < previous_amount) {
            return Failure(WalletError::INVALID_PARAMETER,
                           StrFormat("This wallet already signed %llu seconds (%s) for this pair in epoch %u: vouchers are cumulative, "
                                     "sign the epoch's total so far",
                                     (unsigned long long)previous->entry.seconds, FormatDots(previous_amount).c_str(), request.epoch));
        }
        // The nonces are the epoch's (doc/registry.md): every voucher of the stream keeps them.
        voucher.entry.orig_nonce = previous->entry.orig_nonce;
        voucher.entry.term_nonce = request.term_nonce.value_or(previous->entry.term_nonce);
    } else {
        GetStrongRandBytes(std::span<uint8_t>{voucher.entry.orig_nonce.data(), 32});
        voucher.entry.term_nonce = request.term_nonce.value_or(uint256{});
    }
    auto signed_voucher = wallet::SignVoucher(voucher, key, params.genesis_hash);
    if (!signed_voucher) return Failure(WalletError::GENERIC, "Cannot sign the voucher: " + signed_voucher.error());
    DbTransaction txn{*m_db};
    util::Result<void> written = txn.ok() ? util::Result<void>{} : util::Error{txn.error()};
    if (written) written = m_db->Write(RecordKey(VOUCHER, vkey), EncodeVoucher(*signed_voucher));
    for (const CallReceipt& r : changed) {
        if (written) written = m_db->Write(ReceiptKey(vkey, r.call), SecondsValue(r.seconds));
    }
    if (written) written = txn.Commit();
    if (!written) return Failure(WalletError::DATABASE, "Cannot store the voucher: " + written.error());
    return *signed_voucher;
}

std::optional<WalletFailure> Wallet::CheckReceivedLocked(const SignedVoucher& voucher) const
{
    const consensus::ConsensusParams& params = m_chain.Params();
    if (!m_nodes.count(XOnlyPubKey{std::span<const uint8_t, 32>{voucher.term}})) {
        return Failure(WalletError::GENERIC, "Node " + Hex(voucher.term) + " is not a node of this wallet");
    }
    bool orig_registered = false;
    int32_t tip = -1;
    m_chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t height) {
        orig_registered = consensus::ReadNode(store, voucher.orig).has_value();
        tip = height;
    });
    if (!orig_registered) return Failure(WalletError::INVALID_PARAMETER, "Node " + Hex(voucher.orig) + " is not registered");
    const int64_t deadline = consensus::SettleDeadline(voucher.entry.epoch, params.registry);
    if (tip + 1 >= deadline) return Failure(WalletError::INVALID_PARAMETER, EpochEndedMessage(voucher.entry.epoch, deadline));
    return std::nullopt;
}

WalletResult<VoucherAdded> Wallet::AddVoucher(const SignedVoucher& voucher) { return StoreReceivedVoucher(voucher, nullptr); }

WalletResult<VoucherAdded> Wallet::AddVoucher(const VoucherMessage& message)
{
    const SignedVoucher& opener = message.voucher;
    if (opener.entry.seconds != 0) return StoreReceivedVoucher(opener, &message);
    // An opener: T checks it as a voucher it would keep, but it is worth nothing and only asks
    // for T's nonce, so nothing is written (a flood of openers cannot grow the file).
    if (auto failure = CheckSigned(opener, m_chain.Params().genesis_hash)) return *failure;
    if (opener.entry.rate < 0) return Failure(WalletError::INVALID_PARAMETER, "Invalid opener: the rate must not be negative");
    if (!message.receipts.empty() || message.base != 0) {
        return Failure(WalletError::INVALID_PARAMETER, "Invalid opener: an opener carries no receipts and base 0");
    }
    BlockUntilSyncedToCurrentChain();
    LOCK(m_mutex);
    if (auto failure = CheckReceivedLocked(opener)) return *failure;
    return VoucherAdded::OPENER;
}

WalletResult<VoucherAdded> Wallet::StoreReceivedVoucher(const SignedVoucher& voucher, const VoucherMessage* message)
{
    auto amount = CheckedVoucherAmount(voucher.entry);
    if (!amount) return Failure(WalletError::INVALID_PARAMETER, "Invalid voucher: " + amount.error());
    if (auto failure = CheckSigned(voucher, m_chain.Params().genesis_hash)) return *failure;
    BlockUntilSyncedToCurrentChain();
    LOCK(m_mutex);
    if (auto failure = CheckReceivedLocked(voucher)) return *failure;
    const VoucherKey vkey = KeyOf(voucher);
    const std::optional<SignedVoucher> stored = ReadVoucherLocked(vkey);
    const bool same = stored && *stored == voucher;
    if (stored && !same) {
        const CAmount stored_amount = consensus::VoucherAmount(stored->entry.seconds, stored->entry.rate).value_or(0);
        if (*amount <= stored_amount) return VoucherAdded::NOT_HIGHER; // before reading the receipts: a late one costs one read
    }
    if (same && !message) return VoucherAdded::UNCHANGED;
    const std::map<uint256, uint64_t> before = message ? ReadReceiptsLocked(vkey) : std::map<uint256, uint64_t>{};
    // The same voucher again adds nothing, unless it was kept without its receipts (a base we did
    // not know) and the message now brings them.
    if (same && ReceiptsRoot(ToReceipts(before)) == voucher.entry.receipts_root) return VoucherAdded::UNCHANGED;
    std::map<uint256, uint64_t> merged;
    if (message) {
        if (message->base != 0) {
            // The receipts continue from ours only if ours sum to the base: every set we keep is
            // one whose sum and root a voucher of O's matched, and O's totals only grow, so the sum
            // names that voucher (a set addvoucher left empty sums to 0: base 0 is needed then).
            if (message->base != SumSeconds(before)) return VoucherAdded::BASE_UNKNOWN;
            merged = before;
        }
        for (const CallReceipt& r : message->receipts) merged[r.call] = r.seconds;
        const std::optional<uint64_t> total = SumSeconds(merged);
        if (total != voucher.entry.seconds) {
            return Failure(WalletError::INVALID_PARAMETER, StrFormat("the receipts do not match the voucher: they sum to %s seconds, not its %llu",
                                                                     SecondsText(total).c_str(), (unsigned long long)voucher.entry.seconds));
        }
        if (ReceiptsRoot(ToReceipts(merged)) != voucher.entry.receipts_root) {
            return Failure(WalletError::INVALID_PARAMETER, "the receipts do not match the voucher: their root is not the voucher's receipts root");
        }
    }
    DbTransaction txn{*m_db};
    util::Result<void> written = txn.ok() ? util::Result<void>{} : util::Error{txn.error()};
    if (message) {
        // Only the rows that change: a base-0 set erases the calls it no longer names.
        for (const auto& [call, seconds] : before) {
            if (written && !merged.count(call)) written = m_db->Erase(ReceiptKey(vkey, call));
        }
        for (const auto& [call, seconds] : merged) {
            const auto it = before.find(call);
            if (written && (it == before.end() || it->second != seconds)) written = m_db->Write(ReceiptKey(vkey, call), SecondsValue(seconds));
        }
    }
    if (written && !same) written = m_db->Write(RecordKey(VOUCHER, vkey), EncodeVoucher(voucher));
    if (written) written = txn.Commit();
    if (!written) return Failure(WalletError::DATABASE, "Cannot store the voucher: " + written.error());
    return same ? VoucherAdded::UNCHANGED : stored ? VoucherAdded::REPLACED : VoucherAdded::ADDED;
}

std::map<VoucherKey, consensus::SettlementRecord> Wallet::SettledInWallet(bool include_unconfirmed) const
{
    std::map<VoucherKey, consensus::SettlementRecord> out;
    LOCK(m_mutex);
    for (const auto& [txid, wtx] : m_txs) {
        if (wtx.tx->kind != TxKind::SETTLEMENT) continue;
        // An unconfirmed one counts only while the mempool holds it: one the pool dropped (its
        // window ended, a conflict) must not keep its vouchers from being settled again.
        if (!wtx.IsConfirmed() && !(include_unconfirmed && wtx.IsInMempool())) continue;
        const auto payload = consensus::DecodePayload(wtx.tx->kind, wtx.tx->payload);
        const auto* settlement = payload ? std::get_if<consensus::Settlement>(&*payload) : nullptr;
        if (settlement == nullptr) continue;
        for (const consensus::VoucherEntry& v : settlement->vouchers) {
            const CAmount amount = consensus::VoucherAmount(v.seconds, v.rate).value_or(0);
            consensus::SettlementRecord& best = out[VoucherKey{settlement->orig, settlement->term, v.epoch}];
            if (amount > best.amount) best = consensus::SettlementRecord{amount, v.seconds};
        }
    }
    return out;
}

WalletResult<Wallet::SettleResult> Wallet::SettleVouchers(const std::optional<XOnlyPubKey>& term, const std::optional<consensus::Key>& orig,
                                                          const FeeOptions& fee)
{
    const consensus::RegistryParams& params = m_chain.Params().registry;
    BlockUntilSyncedToCurrentChain();
    std::set<consensus::Key> our_nodes;
    {
        LOCK(m_mutex);
        if (term && !m_nodes.count(*term)) return Failure(WalletError::GENERIC, "Node " + HexStr(term->bytes()) + " is not a node of this wallet");
        for (const auto& [key, node] : m_nodes) our_nodes.insert(ToRegistryKey(key));
    }
    // The wallet's side first (lock order wallet -> chain), then the chain's records at the tip.
    std::vector<SignedVoucher> stored;
    for (SignedVoucher& v : ListVouchers()) {
        if (!our_nodes.count(v.term) || (term && v.term != ToRegistryKey(*term)) || (orig && v.orig != *orig)) continue;
        stored.push_back(std::move(v));
    }
    if (stored.empty()) {
        return Failure(WalletError::GENERIC, "Nothing to settle: this wallet holds no voucher for its nodes" +
                                                 std::string{term || orig ? " matching node and orig" : ""} + " (addvoucher stores them)");
    }
    // What the wallet's settlements carry: confirmed ones stand in for chain records erased after
    // their window; those in the mempool are not sent again.
    const auto confirmed = SettledInWallet(/*include_unconfirmed=*/false);
    const auto pending = SettledInWallet(/*include_unconfirmed=*/true);
    // Per pair, by ascending epoch (ListVouchers' key order): the voucher and what it adds.
    std::map<std::pair<consensus::Key, consensus::Key>, std::vector<std::pair<consensus::VoucherEntry, CAmount>>> due;
    size_t settled = 0, expired = 0, future = 0, in_flight = 0, unknown_node = 0;
    m_chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t tip) {
        for (const SignedVoucher& v : stored) {
            const CAmount amount = consensus::VoucherAmount(v.entry.seconds, v.entry.rate).value_or(0);
            const auto record = consensus::ReadSettlement(store, v.orig, v.term, v.entry.epoch);
            const auto confirmed_it = confirmed.find(KeyOf(v));
            const CAmount settled_before = record ? record->amount : confirmed_it != confirmed.end() ? confirmed_it->second.amount : 0;
            switch (ClassifyVoucher(v, amount, settled_before, tip + 1, params)) {
            case VoucherState::SETTLED: ++settled; continue;
            case VoucherState::EXPIRED: ++expired; continue;
            case VoucherState::FUTURE: ++future; continue;
            case VoucherState::UNSETTLED: break;
            }
            if (const auto it = pending.find(KeyOf(v)); it != pending.end() && it->second.amount >= amount) {
                ++in_flight;
                continue;
            }
            if (!consensus::ReadNode(store, v.orig) || !consensus::ReadNode(store, v.term)) {
                ++unknown_node;
                continue;
            }
            due[{v.orig, v.term}].emplace_back(v.entry, amount - (record ? record->amount : 0));
        }
    });
    if (due.empty()) {
        return Failure(WalletError::GENERIC,
                       StrFormat("Nothing to settle: of %zu stored voucher(s), %zu are settled, %zu expired (their window ended), "
                                 "%zu wait for their epoch, %zu are in unconfirmed settlements, %zu name a node the chain does not know",
                                 stored.size(), settled, expired, future, in_flight, unknown_node));
    }
    SettleResult result;
    for (auto& [pair, entries] : due) {
        std::vector<uint32_t> epochs;
        for (const auto& [entry, added] : entries) epochs.push_back(entry.epoch);
        for (const auto& [begin, end] : SettlementBatches(epochs)) {
            SettlementSent sent{uint256{}, pair.first, pair.second, {}, 0};
            std::vector<consensus::VoucherEntry> chunk;
            for (size_t i = begin; i < end; ++i) {
                chunk.push_back(entries[i].first);
                sent.epochs.push_back(entries[i].first.epoch);
                sent.amount += entries[i].second;
            }
            auto payload = BuildSettlement(pair.first, pair.second, std::move(chunk));
            if (!payload) {
                result.warnings.push_back("Cannot build a settlement: " + payload.error());
                continue;
            }
            TxRequest request;
            request.kind = TxKind::SETTLEMENT;
            request.payload = std::move(*payload);
            auto created = SendTransaction(request, fee);
            if (const auto* failure = std::get_if<WalletFailure>(&created)) {
                if (result.sent.empty() && result.warnings.empty()) return *failure;
                result.warnings.push_back("Settlement of epochs " + std::to_string(sent.epochs.front()) + "-" +
                                          std::to_string(sent.epochs.back()) + " not sent: " + failure->message);
                continue;
            }
            sent.txid = std::get<CreatedTx>(created).tx->GetTxid();
            result.sent.push_back(std::move(sent));
        }
    }
    if (result.sent.empty()) return Failure(WalletError::GENERIC, "No settlement sent: " + result.warnings.front());
    return result;
}

size_t Wallet::ForgetOldVouchers()
{
    const consensus::RegistryParams& params = m_chain.Params().registry;
    LOCK(m_mutex);
    const int64_t next = int64_t{m_last_block.height} + 1;
    // The keys of `type` records (a stream key, then `tail` bytes) of the epochs past forgetting.
    util::Result<void> res;
    const auto old_keys = [&](const std::string& type, size_t tail) {
        const Bytes prefix = RecordKey(type);
        std::vector<Bytes> old;
        auto read = m_db->ForEach(prefix, [&](std::span<const uint8_t> key, std::span<const uint8_t>) {
            if (key.size() != prefix.size() + STREAM_KEY_SIZE + tail) return true;
            const auto e = key.subspan(prefix.size() + 64, 4);
            const uint32_t epoch = uint32_t{e[0]} << 24 | uint32_t{e[1]} << 16 | uint32_t{e[2]} << 8 | e[3];
            if (consensus::SettleDeadline(epoch, params) + params.settle_window <= next) old.emplace_back(key.begin(), key.end());
            return true;
        });
        if (!read && res) res = read;
        return old;
    };
    const std::vector<Bytes> vouchers = old_keys(VOUCHER, 0);
    const std::vector<Bytes> receipts = old_keys(RECEIPT, 32);
    if (vouchers.empty() && receipts.empty()) {
        if (!res) LogError("Wallet %s: cannot read old vouchers: %s", m_name.c_str(), res.error().c_str());
        return 0;
    }
    // One transaction: a stream's receipts go with its voucher (and one sync, not one per row).
    DbTransaction txn{*m_db};
    if (!txn.ok() && res) res = util::Error{txn.error()};
    for (const std::vector<Bytes>* keys : {&vouchers, &receipts}) {
        for (const Bytes& key : *keys) {
            if (auto erased = m_db->Erase(key); !erased && res) res = erased;
        }
    }
    if (auto committed = txn.Commit(); !committed && res) res = committed;
    if (!res) {
        LogError("Wallet %s: cannot erase old vouchers: %s", m_name.c_str(), res.error().c_str());
        return 0;
    }
    return vouchers.size();
}

} // namespace wallet
