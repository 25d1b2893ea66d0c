// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Receipts of voucher streams (doc/registry.md "Receipts"): the Merkle root against vectors
// computed independently (Python hashlib), the message bytes and every decode error, and the
// wallets of both nodes: O merges and signs, T checks and keeps, openers, bases, reloads and
// forgetting old streams.

#include <wallet/voucher_receipts.h>

#include <consensus/registry_epochs.h>
#include <test/util/wallet.h>
#include <util/strencodings.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

using wallet::CallReceipt;
using wallet::SignedVoucher;
using wallet::VoucherAdded;
using wallet::VoucherMessage;
using wallet::WalletError;
using wallet::WalletFailure;

namespace {

constexpr CAmount RATE = 600; // units per minute: 10 per second

/** 32 bytes from 64 hex digits in byte order. */
uint256 Raw(const std::string& hex)
{
    const auto bytes = TryParseHex(hex);
    BOOST_REQUIRE(bytes && bytes->size() == 32);
    return uint256{std::span<const uint8_t, 32>{bytes->data(), 32}};
}

/** Receipt i of the vectors: call-<i>@example.org, 60 x (i + 1) + i seconds. */
CallReceipt Vector(int i) { return {wallet::CallReceiptId("call-" + std::to_string(i) + "@example.org"), uint64_t(60 * (i + 1) + i)}; }

std::vector<CallReceipt> Vectors(int n)
{
    std::vector<CallReceipt> out;
    for (int i = 0; i < n; ++i) out.push_back(Vector(i));
    return out;
}

std::vector<CallReceipt> Sorted(std::vector<CallReceipt> receipts)
{
    std::sort(receipts.begin(), receipts.end(), [](const CallReceipt& a, const CallReceipt& b) { return a.call < b.call; });
    return receipts;
}

SignedVoucher SomeVoucher(uint64_t seconds)
{
    const test::TestKey orig{1}, term{2};
    SignedVoucher v{orig.pub, term.pub, test::Voucher(orig, term, 3, seconds, RATE)};
    auto signed_voucher = seconds == 0 ? wallet::SignOpener(v, orig.priv, test::RegtestGenesis())
                                       : wallet::SignVoucher(v, orig.priv, test::RegtestGenesis());
    BOOST_REQUIRE(signed_voucher);
    return *signed_voucher;
}

/** The decode error of `bytes` (empty if it decodes). */
std::string MessageError(const std::vector<uint8_t>& bytes)
{
    auto decoded = wallet::DecodeVoucherMessage(bytes);
    return decoded ? std::string{} : decoded.error();
}

void PutLE64At(std::vector<uint8_t>& bytes, size_t pos, uint64_t v)
{
    for (int i = 0; i < 8; ++i) bytes[pos + i] = static_cast<uint8_t>(v >> (8 * i));
}

} // namespace

BOOST_AUTO_TEST_SUITE(voucher_receipts_tests)

BOOST_AUTO_TEST_CASE(root_vectors)
{
    // python3: sha256(b"call-0@example.org"); leaf sha256(b"DOTS/receipt/1" + call + le64(seconds)),
    // node sha256(b"DOTS/receipt-node/1" + left + right), odd last promoted.
    BOOST_CHECK(Vector(0).call == Raw("135696e3572a0cc8bae357afc2b77136a40042026f3ffcd67641d80b308d02e4"));
    BOOST_CHECK(wallet::ReceiptsRoot({}) == uint256{});
    BOOST_CHECK(wallet::ReceiptsRoot(Vectors(1)) == Raw("ab9a983a012997387be74d15e1f83f9be4155022995ff3707e7ccfdb3ab5273f"));
    BOOST_CHECK(wallet::ReceiptsRoot(Vectors(2)) == Raw("ec43e68958fce6ebf9e9471a1b168b97b5dcd30655f99c16020f1c712ddb40df"));
    BOOST_CHECK(wallet::ReceiptsRoot(Vectors(3)) == Raw("f51ab60895c2091af8ef45020942d444fa60a673062edbcd2ab2b4484beb7c38"));
    BOOST_CHECK(wallet::ReceiptsRoot(Vectors(5)) == Raw("6925b7fd639ae5ccb25d584d08bf76c123fdc8b107b846d269909c1e0bd9421c"));

    // Any order in: the leaves are sorted by call.
    std::vector<CallReceipt> five = Vectors(5);
    std::reverse(five.begin(), five.end());
    BOOST_CHECK(wallet::ReceiptsRoot(five) == wallet::ReceiptsRoot(Vectors(5)));
    std::rotate(five.begin(), five.begin() + 2, five.end());
    BOOST_CHECK(wallet::ReceiptsRoot(five) == wallet::ReceiptsRoot(Vectors(5)));

    // Every second counts, and an odd last leaf is not duplicated (CVE-2012-2459): three receipts
    // and the same three with the last repeated hash differently.
    std::vector<CallReceipt> changed = Vectors(3);
    ++changed[1].seconds;
    BOOST_CHECK(wallet::ReceiptsRoot(changed) != wallet::ReceiptsRoot(Vectors(3)));
    std::vector<CallReceipt> repeated = Sorted(Vectors(3));
    repeated.push_back(repeated.back());
    BOOST_CHECK(wallet::ReceiptsRoot(repeated) != wallet::ReceiptsRoot(Vectors(3)));
}

BOOST_AUTO_TEST_CASE(message_round_trip)
{
    const VoucherMessage opener{SomeVoucher(0), 0, {}};
    const auto opener_bytes = wallet::EncodeVoucherMessage(opener);
    BOOST_CHECK_EQUAL(opener_bytes.size(), wallet::VOUCHER_SIZE + 10);
    auto decoded = wallet::DecodeVoucherMessage(opener_bytes);
    BOOST_REQUIRE(decoded);
    BOOST_CHECK(*decoded == opener);

    const VoucherMessage three{SomeVoucher(600), 120, Sorted(Vectors(3))};
    const auto bytes = wallet::EncodeVoucherMessage(three);
    BOOST_CHECK_EQUAL(bytes.size(), wallet::VOUCHER_SIZE + 10 + 3 * 40);
    // The layout: the voucher, base u64 LE, count u16 LE, then (call, seconds u64 LE).
    BOOST_CHECK(std::equal(bytes.begin(), bytes.begin() + wallet::VOUCHER_SIZE, wallet::EncodeVoucher(three.voucher).begin()));
    BOOST_CHECK_EQUAL(bytes[wallet::VOUCHER_SIZE], 120);
    BOOST_CHECK_EQUAL(bytes[wallet::VOUCHER_SIZE + 8], 3);
    BOOST_CHECK_EQUAL(bytes[wallet::VOUCHER_SIZE + 9], 0);
    BOOST_CHECK(std::equal(bytes.begin() + 254, bytes.begin() + 286, three.receipts[0].call.begin()));
    BOOST_CHECK_EQUAL(bytes[286], three.receipts[0].seconds);
    decoded = wallet::DecodeVoucherMessage(bytes);
    BOOST_REQUIRE(decoded);
    BOOST_CHECK(*decoded == three);
    BOOST_CHECK(wallet::EncodeVoucherMessage(*decoded) == bytes);
}

BOOST_AUTO_TEST_CASE(message_decode_errors)
{
    const VoucherMessage three{SomeVoucher(600), 120, Sorted(Vectors(3))};
    const auto good = wallet::EncodeVoucherMessage(three);
    const size_t count_at = wallet::VOUCHER_SIZE + 8;

    BOOST_CHECK(MessageError({}).starts_with("a voucher message is too short"));
    BOOST_CHECK(MessageError({good.begin(), good.begin() + wallet::VOUCHER_MESSAGE_HEADER - 1}).starts_with("a voucher message is too short"));
    BOOST_CHECK(MessageError({good.begin(), good.end() - 1}).starts_with("a voucher message of 3 receipts is too short"));

    // (Every 244 bytes decode as a voucher: its fields are raw bytes and numbers; the signature
    // is the wallet's to check. "bad voucher" is kept for a decoder that learns to refuse.)
    auto bad = good;
    bad[count_at] = 0x01, bad[count_at + 1] = 0x10; // 4097
    BOOST_CHECK(MessageError(bad).starts_with("too many receipts: 4097"));

    auto longer = good;
    longer.push_back(0);
    BOOST_CHECK(MessageError(longer).starts_with("trailing bytes"));

    // Receipts not strictly ascending: swapped, and one call twice.
    VoucherMessage unsorted = three;
    std::swap(unsorted.receipts[0], unsorted.receipts[1]);
    BOOST_CHECK(MessageError(wallet::EncodeVoucherMessage(unsorted)).starts_with("receipts not strictly ascending by call (receipt 1)"));
    VoucherMessage twice = three;
    twice.receipts[1].call = twice.receipts[0].call;
    BOOST_CHECK(MessageError(wallet::EncodeVoucherMessage(twice)).starts_with("receipts not strictly ascending"));

    VoucherMessage zero = three;
    zero.receipts[2].seconds = 0;
    BOOST_CHECK(MessageError(wallet::EncodeVoucherMessage(zero)).starts_with("a receipt of 0 seconds (receipt 2)"));

    bad = good;
    PutLE64At(bad, wallet::VOUCHER_SIZE, 600);
    BOOST_CHECK(MessageError(bad).starts_with("base 600 is not below the voucher's 600 seconds"));
    PutLE64At(bad, wallet::VOUCHER_SIZE, 599);
    BOOST_CHECK(MessageError(bad).empty());

    VoucherMessage opener{SomeVoucher(0), 0, {}};
    opener.base = 1;
    BOOST_CHECK(MessageError(wallet::EncodeVoucherMessage(opener)).starts_with("an opener (0 seconds) carries no receipts"));
    opener.base = 0;
    opener.receipts = {Vector(0)};
    BOOST_CHECK(MessageError(wallet::EncodeVoucherMessage(opener)).starts_with("an opener (0 seconds) carries no receipts"));
}

/** O's wallet and node, T's wallet and node (rate RATE), in the current epoch. */
struct TwoWallets : test::WalletChainSetup {
    std::shared_ptr<wallet::Wallet> o_wallet = MakeWallet("o");
    std::shared_ptr<wallet::Wallet> t_wallet = MakeWallet("t");
    consensus::Key orig = RegisterNode(*o_wallet, RATE);
    consensus::Key term = RegisterNode(*t_wallet, RATE);
    uint32_t epoch = Epoch();
    wallet::VoucherKey key{orig, term, epoch};

    XOnlyPubKey OrigKey() const { return XOnlyPubKey{std::span<const uint8_t, 32>{orig}}; }

    wallet::WalletResult<SignedVoucher> Sign(uint64_t seconds, std::optional<std::vector<CallReceipt>> receipts)
    {
        wallet::Wallet::VoucherRequest request;
        request.orig = OrigKey();
        request.term = term;
        request.epoch = epoch;
        request.seconds = seconds;
        request.rate = RATE;
        request.receipts = std::move(receipts);
        return o_wallet->SignVoucher(request);
    }
    SignedVoucher SignOk(uint64_t seconds, std::vector<CallReceipt> receipts)
    {
        auto res = Sign(seconds, std::move(receipts));
        if (const auto* failure = std::get_if<WalletFailure>(&res)) BOOST_FAIL(failure->message);
        return std::get<SignedVoucher>(res);
    }
    wallet::WalletResult<VoucherAdded> Add(const SignedVoucher& v, uint64_t base, std::vector<CallReceipt> receipts)
    {
        return t_wallet->AddVoucher(VoucherMessage{v, base, Sorted(std::move(receipts))});
    }
    /** The stored voucher of the stream in `w`, if any. */
    std::optional<SignedVoucher> Stored(const wallet::Wallet& w) const
    {
        for (const SignedVoucher& v : w.ListVouchers()) {
            if (v.orig == orig && v.term == term && v.entry.epoch == epoch) return v;
        }
        return std::nullopt;
    }
};

template <typename T>
WalletFailure FailureOf(const wallet::WalletResult<T>& res)
{
    BOOST_REQUIRE(std::holds_alternative<WalletFailure>(res));
    return std::get<WalletFailure>(res);
}

template <typename T>
VoucherAdded AddedOf(const wallet::WalletResult<T>& res)
{
    if (const auto* failure = std::get_if<WalletFailure>(&res)) BOOST_FAIL(failure->message);
    return std::get<VoucherAdded>(res);
}

BOOST_FIXTURE_TEST_CASE(opener_is_signed_and_accepted_but_never_stored, TwoWallets)
{
    auto signed_opener = o_wallet->SignOpener(OrigKey(), term, epoch, RATE);
    if (const auto* failure = std::get_if<WalletFailure>(&signed_opener)) BOOST_FAIL(failure->message);
    const SignedVoucher opener = std::get<SignedVoucher>(signed_opener);
    BOOST_CHECK_EQUAL(opener.entry.seconds, 0U);
    BOOST_CHECK_EQUAL(opener.entry.rate, RATE);
    BOOST_CHECK(opener.entry.receipts_root == uint256{});
    BOOST_CHECK(opener.entry.term_nonce == uint256{});
    BOOST_CHECK(opener.entry.orig_nonce != uint256{});
    BOOST_CHECK(wallet::VerifyVoucher(opener, chain.params.genesis_hash));
    BOOST_CHECK(!wallet::CheckedVoucherAmount(opener.entry)); // never settleable
    BOOST_CHECK(o_wallet->ListVouchers().empty());
    // A fresh orig nonce each time: an opener is not the stream's voucher.
    BOOST_CHECK(std::get<SignedVoucher>(o_wallet->SignOpener(OrigKey(), term, epoch, RATE)).entry.orig_nonce != opener.entry.orig_nonce);

    // SignVoucher's errors for orig, term and epoch, and the opener's own.
    BOOST_CHECK(FailureOf(o_wallet->SignOpener(OrigKey(), term, epoch, -1)).code == WalletError::INVALID_PARAMETER);
    BOOST_CHECK(FailureOf(o_wallet->SignOpener(OrigKey(), orig, epoch, RATE)).code == WalletError::INVALID_PARAMETER);
    BOOST_CHECK(FailureOf(t_wallet->SignOpener(OrigKey(), term, epoch, RATE)).code == WalletError::GENERIC);
    BOOST_CHECK(FailureOf(o_wallet->SignOpener(OrigKey(), test::TestKey{9}.pub, epoch, RATE)).message.find("is not registered") !=
                std::string::npos);
    BOOST_CHECK(FailureOf(o_wallet->SignOpener(OrigKey(), term, epoch + 1, RATE)).message.find("has not begun") != std::string::npos);

    // T: a valid opener stores nothing.
    BOOST_CHECK(AddedOf(t_wallet->AddVoucher(VoucherMessage{opener, 0, {}})) == VoucherAdded::OPENER);
    BOOST_CHECK(t_wallet->ListVouchers().empty());
    BOOST_CHECK(t_wallet->ListReceipts(key).empty());
    // Refused: another signature, another wallet's node, receipts or a base.
    SignedVoucher forged = opener;
    forged.entry.rate = RATE + 1;
    BOOST_CHECK(FailureOf(t_wallet->AddVoucher(VoucherMessage{forged, 0, {}})).message.find("Invalid voucher: the signature") == 0);
    BOOST_CHECK(FailureOf(o_wallet->AddVoucher(VoucherMessage{opener, 0, {}})).code == WalletError::GENERIC);
    BOOST_CHECK(FailureOf(t_wallet->AddVoucher(VoucherMessage{opener, 0, {Vector(0)}})).code == WalletError::INVALID_PARAMETER);
    BOOST_CHECK(FailureOf(t_wallet->AddVoucher(VoucherMessage{opener, 5, {}})).code == WalletError::INVALID_PARAMETER);
    // The SignedVoucher overload (addvoucher) still refuses it: its amount is 0.
    BOOST_CHECK(FailureOf(t_wallet->AddVoucher(opener)).message.find("is 0") != std::string::npos);
    BOOST_CHECK(t_wallet->ListVouchers().empty());
}

BOOST_FIXTURE_TEST_CASE(originating_wallet_merges_and_checks_receipts, TwoWallets)
{
    const CallReceipt a = Vector(0), b = Vector(1), c = Vector(2);
    const SignedVoucher first = SignOk(a.seconds + b.seconds, {a, b});
    BOOST_CHECK(first.entry.receipts_root == wallet::ReceiptsRoot({a, b}));
    BOOST_CHECK(o_wallet->ListReceipts(key) == Sorted({a, b}));

    // Refused, nothing stored: sums, a call twice, 0 seconds, a call going down.
    const auto refused = [&](uint64_t seconds, std::vector<CallReceipt> receipts, const std::string& words) {
        const WalletFailure failure = FailureOf(Sign(seconds, std::move(receipts)));
        BOOST_CHECK(failure.code == WalletError::INVALID_PARAMETER);
        BOOST_CHECK_MESSAGE(failure.message.find(words) != std::string::npos, failure.message);
        BOOST_CHECK(Stored(*o_wallet) == first);
        BOOST_CHECK(o_wallet->ListReceipts(key) == Sorted({a, b}));
    };
    refused(a.seconds + b.seconds + c.seconds + 1, {c}, "sum to " + std::to_string(a.seconds + b.seconds + c.seconds) + " seconds");
    refused(a.seconds + b.seconds + 1, {}, "sum to"); // the total grew without a receipt: no voucher for unreceipted seconds
    refused(a.seconds + b.seconds + 2 * c.seconds, {c, c}, "named twice");
    refused(a.seconds + b.seconds, {CallReceipt{c.call, 0}}, "0 seconds");
    refused(b.seconds + 1, {CallReceipt{a.call, 1}}, "goes down from");

    // The changed receipts merge into the stored set: their new totals.
    const CallReceipt a2{a.call, a.seconds + 30};
    const SignedVoucher second = SignOk(a2.seconds + b.seconds + c.seconds, {a2, c});
    BOOST_CHECK(second.entry.receipts_root == wallet::ReceiptsRoot({a2, b, c}));
    BOOST_CHECK(second.entry.orig_nonce == first.entry.orig_nonce);
    BOOST_CHECK(o_wallet->ListReceipts(key) == Sorted({a2, b, c}));
    // An unchanged receipt named again is fine (same total).
    const SignedVoucher same = SignOk(a2.seconds + b.seconds + c.seconds, {b});
    BOOST_CHECK(same.entry.receipts_root == second.entry.receipts_root);

    // Reopened, the wallet has the same receipts.
    o_wallet = Reload(o_wallet);
    BOOST_CHECK(o_wallet->ListReceipts(key) == Sorted({a2, b, c}));
}

BOOST_FIXTURE_TEST_CASE(terminating_wallet_keeps_the_same_receipts, TwoWallets)
{
    const CallReceipt a = Vector(0), b = Vector(1), c = Vector(2), d = Vector(3);
    const SignedVoucher v1 = SignOk(a.seconds + b.seconds, {a, b});
    BOOST_CHECK(AddedOf(Add(v1, 0, {a, b})) == VoucherAdded::ADDED);
    BOOST_CHECK(t_wallet->ListReceipts(key) == o_wallet->ListReceipts(key));
    BOOST_CHECK(AddedOf(Add(v1, 0, {a, b})) == VoucherAdded::UNCHANGED);

    // Only the changed receipts since the acknowledged voucher.
    const CallReceipt a2{a.call, a.seconds + 7};
    const SignedVoucher v2 = SignOk(a2.seconds + b.seconds + c.seconds, {a2, c});
    BOOST_CHECK(AddedOf(Add(v2, v1.entry.seconds, {a2, c})) == VoucherAdded::REPLACED);
    BOOST_CHECK(t_wallet->ListReceipts(key) == o_wallet->ListReceipts(key));
    BOOST_CHECK(Stored(*t_wallet) == v2);

    // A late, lower voucher: NOT_HIGHER, its receipts ignored.
    BOOST_CHECK(AddedOf(Add(v1, 0, {a, b})) == VoucherAdded::NOT_HIGHER);
    BOOST_CHECK(t_wallet->ListReceipts(key) == Sorted({a2, b, c}));

    // A base T does not hold: nothing stored; the whole set (base 0) then replaces T's.
    const SignedVoucher v3 = SignOk(v2.entry.seconds + d.seconds, {d});
    BOOST_CHECK(AddedOf(Add(v3, v1.entry.seconds, {d})) == VoucherAdded::BASE_UNKNOWN);
    BOOST_CHECK(AddedOf(Add(v3, v2.entry.seconds + 1, {d})) == VoucherAdded::BASE_UNKNOWN);
    BOOST_CHECK(Stored(*t_wallet) == v2);
    BOOST_CHECK(t_wallet->ListReceipts(key) == Sorted({a2, b, c}));
    BOOST_CHECK(AddedOf(Add(v3, 0, {a2, b, c, d})) == VoucherAdded::REPLACED);
    BOOST_CHECK(t_wallet->ListReceipts(key) == o_wallet->ListReceipts(key));

    // T's receipts base is the sum of its set. A voucher kept alone (the node does so on
    // BASE_UNKNOWN) leaves the set at the older voucher's: a message continuing from that base
    // brings the receipts, the voucher itself unchanged.
    const CallReceipt e{Vector(4).call, 11};
    const SignedVoucher v3b = SignOk(v3.entry.seconds + e.seconds, {e});
    BOOST_CHECK(AddedOf(Add(v3b, v1.entry.seconds, {e})) == VoucherAdded::BASE_UNKNOWN);
    BOOST_CHECK(AddedOf(t_wallet->AddVoucher(v3b)) == VoucherAdded::REPLACED);
    BOOST_CHECK(t_wallet->ListReceipts(key) == Sorted({a2, b, c, d}));
    BOOST_CHECK(AddedOf(Add(v3b, v3b.entry.seconds - 1, {e})) == VoucherAdded::BASE_UNKNOWN); // not T's base
    BOOST_CHECK(AddedOf(Add(v3b, v3.entry.seconds, {e})) == VoucherAdded::UNCHANGED);
    BOOST_CHECK(Stored(*t_wallet) == v3b);
    BOOST_CHECK(t_wallet->ListReceipts(key) == o_wallet->ListReceipts(key));
    BOOST_CHECK(AddedOf(Add(v3b, v3.entry.seconds, {e})) == VoucherAdded::UNCHANGED); // complete now: nothing to add
    BOOST_CHECK(AddedOf(Add(v3b, 0, o_wallet->ListReceipts(key))) == VoucherAdded::UNCHANGED);

    // Receipts that do not match the voucher: by sum, by root (the sum right). Nothing stored.
    const CallReceipt d2{d.call, d.seconds + 5};
    const SignedVoucher v4 = SignOk(v3b.entry.seconds + 5, {d2});
    WalletFailure failure = FailureOf(Add(v4, v3b.entry.seconds, {CallReceipt{d.call, d.seconds + 6}}));
    BOOST_CHECK(failure.code == WalletError::INVALID_PARAMETER);
    BOOST_CHECK_MESSAGE(failure.message.starts_with("the receipts do not match the voucher: they sum to"), failure.message);
    failure = FailureOf(Add(v4, v3b.entry.seconds, {CallReceipt{a2.call, a2.seconds + 5}}));
    BOOST_CHECK_MESSAGE(failure.message.starts_with("the receipts do not match the voucher: their root"), failure.message);
    BOOST_CHECK(Stored(*t_wallet) == v3b);
    BOOST_CHECK(t_wallet->ListReceipts(key) == Sorted({a2, b, c, d, e}));
    BOOST_CHECK(AddedOf(Add(v4, v3b.entry.seconds, {d2})) == VoucherAdded::REPLACED);

    // Base 0 replaces the whole set: a call T holds that the set does not name is erased. (O's
    // sets only grow; a voucher signed with an explicit root, as signvoucher does, makes one.)
    const CallReceipt z{wallet::CallReceiptId("z"), v4.entry.seconds + 100};
    wallet::Wallet::VoucherRequest request;
    request.orig = OrigKey();
    request.term = term;
    request.epoch = epoch;
    request.seconds = z.seconds;
    request.rate = RATE;
    request.receipts_root = wallet::ReceiptsRoot({z});
    const SignedVoucher explicit_root = std::get<SignedVoucher>(o_wallet->SignVoucher(request));
    BOOST_CHECK(AddedOf(Add(explicit_root, 0, {z})) == VoucherAdded::REPLACED);
    BOOST_CHECK(t_wallet->ListReceipts(key) == std::vector<CallReceipt>{z});

    // A voucher addvoucher stored keeps no receipts: a message continuing from it must send all.
    const CallReceipt z2{z.call, z.seconds + 1};
    request.seconds = z2.seconds;
    request.receipts_root = wallet::ReceiptsRoot({z2});
    const SignedVoucher by_rpc = std::get<SignedVoucher>(o_wallet->SignVoucher(request));
    BOOST_CHECK(AddedOf(t_wallet->AddVoucher(by_rpc)) == VoucherAdded::REPLACED);
    request.seconds = z2.seconds + 1;
    const CallReceipt z3{z.call, z2.seconds + 1};
    request.receipts_root = wallet::ReceiptsRoot({z3});
    const SignedVoucher after_rpc = std::get<SignedVoucher>(o_wallet->SignVoucher(request));
    BOOST_CHECK(AddedOf(Add(after_rpc, by_rpc.entry.seconds, {z3})) == VoucherAdded::BASE_UNKNOWN);
    BOOST_CHECK(AddedOf(Add(after_rpc, 0, {z3})) == VoucherAdded::REPLACED);

    // Reopened, T has the same receipts.
    t_wallet = Reload(t_wallet);
    BOOST_CHECK(t_wallet->ListReceipts(key) == std::vector<CallReceipt>{z3});
}

BOOST_FIXTURE_TEST_CASE(a_voucher_and_its_receipts_are_written_together_or_not_at_all, TwoWallets)
{
    const CallReceipt a = Vector(0), b = Vector(1);
    const SignedVoucher v1 = SignOk(a.seconds, {a});
    BOOST_CHECK(AddedOf(Add(v1, 0, {a})) == VoucherAdded::ADDED);
    // A database that cannot begin the transaction (one is open already) gets no write at all:
    // neither the voucher nor a receipt goes in outside a transaction.
    BOOST_REQUIRE(o_wallet->Database().Begin());
    WalletFailure failure = FailureOf(Sign(a.seconds + b.seconds, std::vector<CallReceipt>{b}));
    o_wallet->Database().Abort();
    BOOST_CHECK(failure.code == WalletError::DATABASE);
    BOOST_CHECK(Stored(*o_wallet) == v1);
    BOOST_CHECK(o_wallet->ListReceipts(key) == std::vector<CallReceipt>{a});

    const SignedVoucher v2 = SignOk(a.seconds + b.seconds, {b});
    BOOST_REQUIRE(t_wallet->Database().Begin());
    failure = FailureOf(Add(v2, v1.entry.seconds, {b}));
    t_wallet->Database().Abort();
    BOOST_CHECK(failure.code == WalletError::DATABASE);
    BOOST_CHECK(Stored(*t_wallet) == v1);
    BOOST_CHECK(t_wallet->ListReceipts(key) == std::vector<CallReceipt>{a});
    // Retried, both go in.
    BOOST_CHECK(AddedOf(Add(v2, v1.entry.seconds, {b})) == VoucherAdded::REPLACED);
    BOOST_CHECK(t_wallet->ListReceipts(key) == Sorted({a, b}));
}

BOOST_FIXTURE_TEST_CASE(old_streams_lose_their_receipts, TwoWallets)
{
    const CallReceipt a = Vector(0), b = Vector(1);
    const SignedVoucher v = SignOk(a.seconds + b.seconds, {a, b});
    BOOST_CHECK(AddedOf(Add(v, 0, {a, b})) == VoucherAdded::ADDED);
    // A later epoch's stream stays.
    NextEpoch();
    const uint32_t first_epoch = epoch;
    epoch = Epoch();
    const wallet::VoucherKey later{orig, term, epoch};
    const SignedVoucher w = SignOk(a.seconds, {a});
    BOOST_CHECK(AddedOf(Add(w, 0, {a})) == VoucherAdded::ADDED);
    // settle_window blocks after the first window ended. The context's timer thread calls
    // ForgetOldVouchers when the tip moved; called here too, so the test need not wait for it.
    const auto& p = chain.params.registry;
    while (chain.Height() + 2 < consensus::SettleDeadline(first_epoch, p) + p.settle_window) Mine();
    BOOST_CHECK_EQUAL(t_wallet->ForgetOldVouchers(), 0U);
    BOOST_CHECK(t_wallet->ListReceipts(key) == Sorted({a, b}));
    Mine();
    o_wallet->ForgetOldVouchers();
    t_wallet->ForgetOldVouchers();
    BOOST_CHECK_EQUAL(o_wallet->ListVouchers().size(), 1U);
    BOOST_CHECK_EQUAL(t_wallet->ListVouchers().size(), 1U);
    BOOST_CHECK(o_wallet->ListReceipts(key).empty());
    BOOST_CHECK(t_wallet->ListReceipts(key).empty());
    BOOST_CHECK(o_wallet->ListReceipts(later) == std::vector<CallReceipt>{a});
    BOOST_CHECK(t_wallet->ListReceipts(later) == std::vector<CallReceipt>{a});
}

BOOST_AUTO_TEST_SUITE_END()
