// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The registry step of ConnectBlock on a real regtest chain (doc/registry.md "Value accounting",
// validation/connect.cpp): the coinbase is subsidy - availability pool + fees whatever registry
// transactions a block holds; burned fees, bonds and deposits are not fees; a node withdrawal
// without inputs creates spendable outputs from the node's balance; invalidating a block undoes
// its registry changes.

#include <consensus/registry_epochs.h>
#include <consensus/registry_payload.h>
#include <consensus/registry_state.h>
#include <consensus/subsidy.h>
#include <test/util/chain.h>
#include <test/util/mempool.h>
#include <test/util/registry.h>

#include <boost/test/unit_test.hpp>

using namespace consensus;
using test::TestKey;

namespace {

struct RegistryValidationChain : test::TestChain {
    std::vector<CBlock> blocks;
    int next_coinbase{1};

    /** Coinbases 1-10 are mature from the first block a test mines. */
    RegistryValidationChain()
    {
        for (int i = 0; i < 110; ++i) blocks.push_back(Mine());
    }

    /** A registry transaction funded by the next mature coinbase: change = value - fee - locked. */
    CTransactionRef Funded(const Payload& payload, CAmount locked, CAmount fee = 10'000)
    {
        const CTransaction& cb = *blocks.at(next_coinbase++ - 1).vtx[0];
        return test::Spend(cb, 0, key, lock, fee + locked, params.genesis_hash, 1, PayloadKind(payload), EncodePayload(payload));
    }

    CAmount Balance(const Key& node)
    {
        CAmount balance = 0;
        chainman->ReadRegistry([&](const RecordStore& store, int32_t) { balance = ReadBalance(store, node); });
        return balance;
    }

    CAmount Reward(int height) { return GetBlockSubsidy(height, params) - GetAvailabilityPool(height, params); }

    /** Mines the registration of nodes `o` and `t` and a 3 DOTS deposit of the pair (o, t); returns
     * the settlement epoch of the next block. */
    uint32_t RegisterPair(const TestKey& o, const TestKey& t)
    {
        Mine({Funded(test::NodeStmt(o, 1, NodeOp::REGISTER, COIN), COIN), Funded(test::NodeStmt(t, 1, NodeOp::REGISTER, COIN), COIN),
              Funded(Deposit{o.pub, t.pub, 3 * COIN}, 3 * COIN)});
        return static_cast<uint32_t>(SettleEpochOf(Height() + 1, params.registry));
    }

    /** Submits a block on the tip holding `tx`; returns "" or the reject reason. */
    std::string SubmitWith(const CTransactionRef& tx)
    {
        CBlock block = Template();
        block.vtx.push_back(tx);
        FixMerkleAndSolve(block);
        return Submit(block);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(registry_validation_tests)

BOOST_AUTO_TEST_CASE(coinbase_is_the_same_with_and_without_registry_transactions)
{
    RegistryValidationChain chain;
    const TestKey a{0x61}, b{0x62};
    // Without registry transactions.
    const CBlock empty = chain.Mine();
    BOOST_CHECK_EQUAL(*empty.vtx[0]->GetValueOut(), chain.Reward(111));
    // With two registrations locking 1 DOTS each and a deposit locking 3: only their fees count.
    const CBlock full = chain.Mine({chain.Funded(test::NodeStmt(a, 1, NodeOp::REGISTER, COIN), COIN, 1000),
                                    chain.Funded(test::NodeStmt(b, 1, NodeOp::REGISTER, COIN), COIN, 2000)});
    BOOST_CHECK_EQUAL(*full.vtx[0]->GetValueOut(), chain.Reward(112) + 3000);
    const CBlock dep = chain.Mine({chain.Funded(Deposit{a.pub, b.pub, 3 * COIN}, 3 * COIN, 500)});
    BOOST_CHECK_EQUAL(*dep.vtx[0]->GetValueOut(), chain.Reward(113) + 500);
    // A coinbase one unit above subsidy - pool + fees is invalid.
    CBlock greedy = chain.Template();
    CMutableTransaction cb = test::MutableCopy(*greedy.vtx[0]);
    cb.vout[0].value += 1;
    greedy.vtx[0] = MakeTransactionRef(std::move(cb));
    chain.FixMerkleAndSolve(greedy);
    BOOST_CHECK_EQUAL(chain.Submit(greedy), "bad-cb-amount");
    // A registration that does not lock its bond.
    BOOST_CHECK_EQUAL(chain.SubmitWith(chain.Funded(test::NodeStmt(TestKey{0x63}, 1, NodeOp::REGISTER, COIN), 0)),
                      "bad-txns-registry-underpaid");
}

BOOST_AUTO_TEST_CASE(node_withdrawal_without_inputs)
{
    RegistryValidationChain chain;
    const TestKey o{0x61}, t{0x62};
    const uint32_t epoch = chain.RegisterPair(o, t);
    chain.Mine({chain.Funded(test::SettlementOf(o, t, {test::Voucher(o, t, epoch, 60, 2 * COIN)}), 0)});
    BOOST_CHECK_EQUAL(chain.Balance(t.pub), 2 * COIN);

    // Withdraw 2 DOTS into one output of 2 DOTS - 1000: the 1000 is the miner's fee.
    const OutputLock dest = OutputLock::ForKeyHash(chain.key.GetXOnlyPubKey());
    const CTransaction withdraw = test::WithdrawTx(t, 2, 2 * COIN, {CTxOut{2 * COIN - 1000, dest}});
    BOOST_REQUIRE(withdraw.vin.empty());
    // Taking more than the amount out is a spend below its outputs.
    BOOST_CHECK_EQUAL(chain.SubmitWith(MakeTransactionRef(test::WithdrawTx(t, 2, 2 * COIN, {CTxOut{2 * COIN + 1, dest}}))),
                      "bad-txns-in-belowout");
    const CBlock block = chain.Mine({MakeTransactionRef(withdraw)});
    BOOST_CHECK_EQUAL(*block.vtx[0]->GetValueOut(), chain.Reward(chain.Height()) + 1000);
    BOOST_CHECK_EQUAL(chain.Balance(t.pub), 0);
    // A copy of the withdrawal (same txid) while its output is unspent must not overwrite it.
    BOOST_CHECK_EQUAL(chain.SubmitWith(MakeTransactionRef(withdraw)), "bad-txns-BIP30");
    // The withdrawn output is an ordinary coin: spendable.
    chain.Mine({test::Spend(withdraw, 0, chain.key, dest, 1000, chain.params.genesis_hash)});
    // Once it is spent, a copy fails on the node's sequence.
    BOOST_CHECK_EQUAL(chain.SubmitWith(MakeTransactionRef(withdraw)), "bad-node-seq");
}

BOOST_AUTO_TEST_CASE(invalidate_undoes_registry_changes)
{
    RegistryValidationChain chain;
    const TestKey o{0x61}, t{0x62};
    const uint32_t epoch = chain.RegisterPair(o, t);
    const CBlock settle = chain.Mine({chain.Funded(test::SettlementOf(o, t, {test::Voucher(o, t, epoch, 60, COIN)}), 0)});
    BOOST_CHECK_EQUAL(chain.Balance(t.pub), COIN);
    BlockValidationState state;
    BOOST_REQUIRE(chain.chainman->InvalidateBlock(settle.GetHash(), state));
    BOOST_CHECK_EQUAL(chain.Balance(t.pub), 0);
    BOOST_REQUIRE(chain.chainman->ReconsiderBlock(settle.GetHash(), state));
    BOOST_CHECK_EQUAL(chain.Balance(t.pub), COIN);
}

BOOST_AUTO_TEST_SUITE_END()
