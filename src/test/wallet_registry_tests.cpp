// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The registry statements the wallet builds and signs (wallet/registry_statements.h): every
// payload decodes to what was asked, its signatures verify for the statement's message and key,
// a wrong key or a payload the syntax rules refuse is an error that says why; and the
// setsipcredential/removesipcredential RPCs without a wallet (wallet/rpc/sip.cpp).

#include <consensus/registry_payload.h>
#include <interfaces/sip_credentials.h>
#include <rpc/protocol.h>
#include <rpc/server.h>
#include <test/util/registry.h>
#include <wallet/registry_statements.h>
#include <wallet/rpc/register.h>
#include <wallet/wallet.h>

#include <boost/test/unit_test.hpp>

#include <limits>
#include <map>

using namespace wallet;
using test::RegtestGenesis;
using test::TestHash;
using test::TestKey;

namespace {

XOnlyPubKey Pub(const TestKey& key) { return key.priv.GetXOnlyPubKey(); }

template <typename T>
T DecodeAs(TxKind kind, const Payload& bytes)
{
    auto decoded = consensus::DecodePayload(kind, bytes);
    BOOST_REQUIRE(decoded);
    BOOST_REQUIRE(std::holds_alternative<T>(*decoded));
    return std::get<T>(*decoded);
}

/** The registrar's credential store as a map (memory only, realm "dots.test"). */
class FakeCredentials final : public interfaces::SipCredentials
{
public:
    std::map<std::string, interfaces::SipHa1, std::less<>> entries;
    std::string Realm() const override { return "dots.test"; }
    interfaces::SipHa1 ComputeHa1(std::string_view handle, std::string_view password) const override
    {
        interfaces::SipHa1 out;
        out.md5[0] = static_cast<uint8_t>(handle.size());
        out.sha256[0] = static_cast<uint8_t>(password.size());
        return out;
    }
    bool Set(std::string_view handle, const interfaces::SipHa1& ha1) override
    {
        entries[std::string{handle}] = ha1;
        return true;
    }
    bool Remove(std::string_view handle) override { return entries.erase(std::string{handle}) > 0; }
};

} // namespace

BOOST_AUTO_TEST_SUITE(wallet_registry_tests)

BOOST_AUTO_TEST_CASE(commit_and_reveal)
{
    const TestKey owner{1};
    const uint256 salt = TestHash(7);
    auto commit = BuildHandleCommit("alice", salt, Pub(owner));
    BOOST_REQUIRE(commit);
    BOOST_CHECK(DecodeAs<consensus::HandleCommit>(TxKind::HANDLE_COMMIT, *commit).commitment ==
                consensus::HandleCommitment("alice", salt, owner.pub));
    auto reveal = BuildHandleReveal("alice", salt, Pub(owner));
    BOOST_REQUIRE(reveal);
    const auto decoded = DecodeAs<consensus::HandleRegister>(TxKind::HANDLE_REGISTER, *reveal);
    BOOST_CHECK_EQUAL(decoded.handle, "alice");
    BOOST_CHECK(decoded.salt == salt);
    BOOST_CHECK(decoded.owner == owner.pub);
    // The reveal's triple is the commitment's.
    BOOST_CHECK(consensus::HandleCommitment(decoded.handle, decoded.salt, decoded.owner) ==
                DecodeAs<consensus::HandleCommit>(TxKind::HANDLE_COMMIT, *commit).commitment);

    // Numbers wait for attestation; bad names say what a name is.
    auto number = BuildHandleReveal("+4930123456", salt, Pub(owner));
    BOOST_REQUIRE(!number);
    BOOST_CHECK(number.error().find("number attestation") != std::string::npos);
    BOOST_CHECK(number.error().find("bad-handle-e164") != std::string::npos);
    for (const char* bad : {"Alice", "al", "123", "alice-", "a..b"}) {
        auto res = BuildHandleCommit(bad, salt, Pub(owner));
        BOOST_REQUIRE_MESSAGE(!res, bad);
        BOOST_CHECK(res.error().find("bad-registry-handle") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(handle_update_is_signed_by_the_owner)
{
    const TestKey owner{1}, other{2}, node{3};
    consensus::HandleUpdateBody body;
    body.handle = "alice";
    body.owner = owner.pub;
    body.seq = 4;
    body.flags = consensus::UPDATE_HOME | consensus::UPDATE_RENEW;
    body.home = node.pub;
    auto payload = BuildHandleUpdate(body, owner.priv, RegtestGenesis());
    BOOST_REQUIRE(payload);
    const auto update = DecodeAs<consensus::HandleUpdate>(TxKind::HANDLE_UPDATE, *payload);
    BOOST_CHECK(update.body == body);
    BOOST_CHECK(consensus::VerifyStatement(owner.pub, consensus::HandleUpdateMessage(body, RegtestGenesis()), update.owner_sig));
    // Bound to the network: the signature does not verify under another genesis.
    BOOST_CHECK(!consensus::VerifyStatement(owner.pub, consensus::HandleUpdateMessage(body, TestHash(9)), update.owner_sig));

    auto wrong_key = BuildHandleUpdate(body, other.priv, RegtestGenesis());
    BOOST_REQUIRE(!wrong_key);
    BOOST_CHECK(wrong_key.error().find("owner key") != std::string::npos);

    consensus::HandleUpdateBody transfer = body;
    transfer.flags = consensus::UPDATE_OWNER | consensus::UPDATE_HOME;
    transfer.new_owner = other.pub;
    auto mixed = BuildHandleUpdate(transfer, owner.priv, RegtestGenesis());
    BOOST_REQUIRE(!mixed);
    BOOST_CHECK(mixed.error().find("bad-registry-update-flags") != std::string::npos);
    transfer.flags = consensus::UPDATE_OWNER;
    auto ok = BuildHandleUpdate(transfer, owner.priv, RegtestGenesis());
    BOOST_REQUIRE(ok);
    BOOST_CHECK(DecodeAs<consensus::HandleUpdate>(TxKind::HANDLE_UPDATE, *ok).body.new_owner == other.pub);

    consensus::HandleUpdateBody nothing = body;
    nothing.flags = 0;
    BOOST_CHECK(!BuildHandleUpdate(nothing, owner.priv, RegtestGenesis()));
}

BOOST_AUTO_TEST_CASE(node_statements)
{
    const TestKey node{5}, other{6};
    consensus::NodeRegisterBody body;
    body.node = node.pub;
    body.seq = 1;
    body.op = consensus::NodeOp::REGISTER;
    body.bond = COIN;
    body.rate = 200'000;
    body.endpoints = {"sip:sip.example.org:5060;transport=udp"};
    body.domains = {"example.org"};
    body.prefixes = {"+4930", "+1"};
    auto payload = BuildNodeStatement(body, node.priv, RegtestGenesis());
    BOOST_REQUIRE_MESSAGE(payload, (payload ? "" : payload.error()));
    const auto statement = DecodeAs<consensus::NodeRegister>(TxKind::NODE_REGISTER, *payload);
    BOOST_CHECK(statement.body == body);
    BOOST_CHECK(consensus::VerifyStatement(node.pub, consensus::NodeRegisterMessage(body, RegtestGenesis()), statement.node_sig));
    BOOST_CHECK(!BuildNodeStatement(body, other.priv, RegtestGenesis()));

    // A 7-digit prefix would claim numbers; endpoints must be canonical; a registration needs a bond.
    auto long_prefix = body;
    long_prefix.prefixes = {"+4930123"};
    auto res = BuildNodeStatement(long_prefix, node.priv, RegtestGenesis());
    BOOST_REQUIRE(!res);
    BOOST_CHECK(res.error().find("1-6 digits") != std::string::npos);
    auto bad_endpoint = body;
    bad_endpoint.endpoints = {"SIP:Sip.Example.org"};
    res = BuildNodeStatement(bad_endpoint, node.priv, RegtestGenesis());
    BOOST_REQUIRE(!res);
    BOOST_CHECK(res.error().find("bad-registry-endpoint") != std::string::npos);
    auto no_bond = body;
    no_bond.bond = 0;
    BOOST_CHECK(!BuildNodeStatement(no_bond, node.priv, RegtestGenesis()));

    // Deregistration: empty lists, no bond, rate 0.
    consensus::NodeRegisterBody dereg;
    dereg.node = node.pub;
    dereg.seq = 2;
    dereg.op = consensus::NodeOp::DEREGISTER;
    BOOST_CHECK(BuildNodeStatement(dereg, node.priv, RegtestGenesis()));
}

BOOST_AUTO_TEST_CASE(bindings)
{
    const TestKey node{5}, owner{1}, other{2};
    const consensus::BindingBody body{"alice", node.pub, owner.pub, 3};
    const uint256 msg = consensus::BindingMessage(body, RegtestGenesis());

    auto both = BuildBinding(body, node.priv, &owner.priv, RegtestGenesis());
    BOOST_REQUIRE(both);
    const auto binding = DecodeAs<consensus::Binding>(TxKind::BINDING, *both);
    BOOST_CHECK(binding.body == body);
    BOOST_CHECK(consensus::VerifyStatement(node.pub, msg, binding.node_sig));
    BOOST_REQUIRE(binding.owner_sig);
    BOOST_CHECK(consensus::VerifyStatement(owner.pub, msg, *binding.owner_sig));

    auto home_only = BuildBinding(body, node.priv, nullptr, RegtestGenesis());
    BOOST_REQUIRE(home_only);
    BOOST_CHECK(!DecodeAs<consensus::Binding>(TxKind::BINDING, *home_only).owner_sig);

    // The owner's half for another operator's node.
    auto owner_sig = SignBindingAsOwner(body, owner.priv, RegtestGenesis());
    BOOST_REQUIRE(owner_sig);
    BOOST_CHECK(consensus::VerifyStatement(owner.pub, msg, *owner_sig));
    BOOST_CHECK(!SignBindingAsOwner(body, other.priv, RegtestGenesis()));
    BOOST_CHECK(!BuildBinding(body, other.priv, &owner.priv, RegtestGenesis()));
    BOOST_CHECK(!BuildBinding(body, node.priv, &other.priv, RegtestGenesis()));
}

BOOST_AUTO_TEST_CASE(deposits_and_releases)
{
    const TestKey orig{5}, term{6};
    auto deposit = BuildDeposit(Pub(orig), Pub(term), 3 * COIN);
    BOOST_REQUIRE(deposit);
    BOOST_CHECK(DecodeAs<consensus::Deposit>(TxKind::DEPOSIT, *deposit) == (consensus::Deposit{orig.pub, term.pub, 3 * COIN}));
    auto self = BuildDeposit(Pub(orig), Pub(orig), COIN);
    BOOST_REQUIRE(!self);
    BOOST_CHECK(self.error().find("must differ") != std::string::npos);
    BOOST_CHECK(!BuildDeposit(Pub(orig), Pub(term), 0));
    BOOST_CHECK(!BuildDeposit(Pub(orig), Pub(term), MAX_MONEY + 1));

    const consensus::DepositReleaseBody body{orig.pub, term.pub, 7, COIN};
    auto release = BuildDepositRelease(body, orig.priv, RegtestGenesis());
    BOOST_REQUIRE(release);
    const auto decoded = DecodeAs<consensus::DepositRelease>(TxKind::DEPOSIT_RELEASE, *release);
    BOOST_CHECK(decoded.body == body);
    BOOST_CHECK(consensus::VerifyStatement(orig.pub, consensus::DepositReleaseMessage(body, RegtestGenesis()), decoded.orig_sig));
    BOOST_CHECK(!BuildDepositRelease(body, term.priv, RegtestGenesis()));
    // Amount 0 cancels a pending request.
    BOOST_CHECK(BuildDepositRelease(consensus::DepositReleaseBody{orig.pub, term.pub, 8, 0}, orig.priv, RegtestGenesis()));
}

BOOST_AUTO_TEST_CASE(vouchers)
{
    const TestKey orig{5}, term{6};
    const consensus::VoucherEntry entry = test::Voucher(orig, term, 3, 600, COIN / 100);
    SignedVoucher unsigned_voucher{orig.pub, term.pub, entry};
    unsigned_voucher.entry.orig_sig = {};
    auto signed_voucher = wallet::SignVoucher(unsigned_voucher, orig.priv, RegtestGenesis());
    BOOST_REQUIRE(signed_voucher);
    BOOST_CHECK(consensus::VerifyStatement(orig.pub, consensus::VoucherMessage(orig.pub, term.pub, entry, RegtestGenesis()),
                                           signed_voucher->entry.orig_sig));
    BOOST_CHECK(VerifyVoucher(*signed_voucher, RegtestGenesis()));
    BOOST_CHECK(!VerifyVoucher(*signed_voucher, TestHash(1))); // bound to the chain's genesis block
    SignedVoucher changed = *signed_voucher;
    changed.entry.seconds += 1;
    BOOST_CHECK(!VerifyVoucher(changed, RegtestGenesis()));

    // 244 bytes: the settlement layout of one voucher without its count byte; the round trip is exact.
    const auto bytes = EncodeVoucher(*signed_voucher);
    BOOST_CHECK_EQUAL(bytes.size(), VOUCHER_SIZE);
    auto settlement = consensus::EncodePayload(consensus::Settlement{orig.pub, term.pub, {signed_voucher->entry}});
    settlement.erase(settlement.begin() + 64);
    BOOST_CHECK(bytes == settlement);
    const auto decoded = DecodeVoucher(bytes);
    BOOST_REQUIRE(decoded);
    BOOST_CHECK(*decoded == *signed_voucher);
    BOOST_CHECK(!DecodeVoucher(std::span{bytes}.first(VOUCHER_SIZE - 1)));

    // The amount: floor(seconds x rate / 60) above 0 and at most MAX_MONEY.
    BOOST_CHECK_EQUAL(*CheckedVoucherAmount(entry), COIN / 10);
    BOOST_CHECK(!CheckedVoucherAmount(consensus::VoucherEntry{3, 1, 1, {}, {}, {}, {}}));
    BOOST_CHECK(!CheckedVoucherAmount(consensus::VoucherEntry{3, std::numeric_limits<uint64_t>::max(), MAX_MONEY, {}, {}, {}, {}}));
    BOOST_CHECK(!CheckedVoucherAmount(consensus::VoucherEntry{3, 60, -1, {}, {}, {}, {}}));
    BOOST_CHECK(!wallet::SignVoucher(unsigned_voucher, term.priv, RegtestGenesis()));
    BOOST_CHECK(!wallet::SignVoucher(SignedVoucher{orig.pub, orig.pub, entry}, orig.priv, RegtestGenesis()));

    // Settlements: up to 24 vouchers spanning fewer than 24 epochs; the chain's rules in words.
    auto two = BuildSettlement(orig.pub, term.pub, {test::Voucher(orig, term, 3, 60, COIN), test::Voucher(orig, term, 4, 60, COIN)});
    BOOST_REQUIRE(two);
    BOOST_CHECK_EQUAL(DecodeAs<consensus::Settlement>(TxKind::SETTLEMENT, *two).vouchers.size(), 2U);
    auto wide = BuildSettlement(orig.pub, term.pub, {test::Voucher(orig, term, 3, 60, COIN), test::Voucher(orig, term, 27, 60, COIN)});
    BOOST_REQUIRE(!wide);
    BOOST_CHECK(wide.error().find("spanning fewer than 24") != std::string::npos);
    BOOST_CHECK(!BuildSettlement(orig.pub, term.pub, {test::Voucher(orig, term, 4, 60, COIN), test::Voucher(orig, term, 3, 60, COIN)}));

    // Batches: 24 vouchers at most, spanning fewer than 24 epochs, as many per batch as fit.
    std::vector<uint32_t> thirty(30);
    for (uint32_t i = 0; i < thirty.size(); ++i) thirty[i] = 100 + i;
    BOOST_CHECK((SettlementBatches(thirty) == std::vector<std::pair<size_t, size_t>>{{0, 24}, {24, 30}}));
    BOOST_CHECK((SettlementBatches({0, 23, 24, 50}) == std::vector<std::pair<size_t, size_t>>{{0, 2}, {2, 3}, {3, 4}}));
    BOOST_CHECK(SettlementBatches({}).empty());
    for (const auto& [begin, end] : SettlementBatches(thirty)) {
        std::vector<consensus::VoucherEntry> batch;
        for (size_t i = begin; i < end; ++i) batch.push_back(test::Voucher(orig, term, thirty[i], 60, COIN));
        BOOST_CHECK(BuildSettlement(orig.pub, term.pub, batch)); // the chain's syntax rules accept each batch
    }

    // States against the chain (regtest: settle_epoch 5, settle_window 20; epoch 3 is settleable at heights 15-39).
    const consensus::RegistryParams& params = test::RegtestParams().registry;
    BOOST_CHECK(ClassifyVoucher(*signed_voucher, COIN / 10, 0, 14, params) == VoucherState::FUTURE);
    BOOST_CHECK(ClassifyVoucher(*signed_voucher, COIN / 10, 0, 15, params) == VoucherState::UNSETTLED);
    BOOST_CHECK(ClassifyVoucher(*signed_voucher, COIN / 10, COIN / 20, 39, params) == VoucherState::UNSETTLED);
    BOOST_CHECK(ClassifyVoucher(*signed_voucher, COIN / 10, COIN / 20, 40, params) == VoucherState::EXPIRED);
    BOOST_CHECK(ClassifyVoucher(*signed_voucher, COIN / 10, COIN / 10, 40, params) == VoucherState::SETTLED);
    BOOST_CHECK_EQUAL(VoucherStateName(VoucherState::FUTURE), "unsettled");
}

BOOST_AUTO_TEST_CASE(withdrawal_signs_its_outputs)
{
    const TestKey node{5};
    CMutableTransaction tx;
    tx.kind = TxKind::NODE_WITHDRAW;
    tx.vout.push_back(CTxOut{2 * COIN, OutputLock::ForKeyHash(Pub(TestKey{9}))});
    tx.payload.resize(NodeWithdrawSize());
    auto payload = BuildNodeWithdraw(node.priv, 3, 2 * COIN, tx, RegtestGenesis());
    BOOST_REQUIRE(payload);
    BOOST_CHECK_EQUAL(payload->size(), NodeWithdrawSize());
    const auto withdraw = DecodeAs<consensus::NodeWithdraw>(TxKind::NODE_WITHDRAW, *payload);
    BOOST_CHECK(withdraw.body.node == node.pub);
    BOOST_CHECK_EQUAL(withdraw.body.seq, 3U);
    BOOST_CHECK_EQUAL(withdraw.body.amount, 2 * COIN);
    BOOST_CHECK(withdraw.body.outputs_hash == consensus::WithdrawOutputsHash(tx.version, tx.locktime, tx.vout));
    BOOST_CHECK(consensus::VerifyStatement(node.pub, consensus::NodeWithdrawMessage(withdraw.body, RegtestGenesis()), withdraw.node_sig));
    // Anyone changing the outputs changes the hash the node signed.
    CMutableTransaction changed = tx;
    changed.vout[0].value -= 1;
    BOOST_CHECK(withdraw.body.outputs_hash != consensus::WithdrawOutputsHash(changed.version, changed.locktime, changed.vout));
    BOOST_CHECK(!BuildNodeWithdraw(node.priv, 3, 0, tx, RegtestGenesis()));
    BOOST_CHECK(!BuildNodeWithdraw(CKey{}, 3, COIN, tx, RegtestGenesis()));
}

BOOST_AUTO_TEST_CASE(sip_credentials_without_a_wallet)
{
    FakeCredentials sip;
    rpc::RPCTable table{0};
    RegisterWalletSipRPCCommands(table, /*context=*/nullptr, &sip);
    table.SetWarmupFinished();
    auto call = [&](const std::string& method, std::vector<std::string> values) {
        rpc::JSONRPCRequest req;
        req.method = method;
        req.params = UniValue{UniValue::VARR};
        for (const std::string& v : values) req.params.push_back(v);
        return table.Execute(req);
    };
    const rpc::RPCResponse bad_handle = call("setsipcredential", {"Bob", "long enough"});
    BOOST_REQUIRE(bad_handle.IsError());
    BOOST_CHECK_EQUAL(bad_handle.Error().code, rpc::RPC_INVALID_PARAMETER);
    const rpc::RPCResponse short_pw = call("setsipcredential", {"bob", "short"});
    BOOST_REQUIRE(short_pw.IsError());
    BOOST_CHECK_EQUAL(short_pw.Error().code, rpc::RPC_INVALID_PARAMETER);
    BOOST_CHECK(sip.entries.empty());

    const rpc::RPCResponse set = call("setsipcredential", {"bob", "bobs password"});
    BOOST_REQUIRE(!set.IsError());
    BOOST_CHECK_EQUAL(set.Result()["handle"].get_str(), "bob");
    BOOST_CHECK_EQUAL(set.Result()["realm"].get_str(), "dots.test");
    BOOST_CHECK(!set.Result()["persistent"].get_bool());
    BOOST_CHECK_EQUAL(set.Result()["warnings"].size(), 1U);
    BOOST_REQUIRE(sip.entries.count("bob"));
    BOOST_CHECK_EQUAL(sip.entries["bob"].sha256[0], 13); // ComputeHa1 saw the password

    BOOST_CHECK(call("removesipcredential", {"bob"}).Result().get_bool());
    BOOST_CHECK(!call("removesipcredential", {"bob"}).Result().get_bool());
    BOOST_CHECK(sip.entries.empty());

    // Without the router the methods are declared but not served.
    rpc::RPCTable off{0};
    RegisterWalletSipRPCCommands(off, nullptr, nullptr);
    BOOST_CHECK(off.Find("setsipcredential") == nullptr);
    BOOST_CHECK_EQUAL(off.Declarations().size(), 2U);
}

BOOST_AUTO_TEST_SUITE_END()
