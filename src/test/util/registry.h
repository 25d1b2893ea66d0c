// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_TEST_UTIL_REGISTRY_H
#define DOTS_TEST_UTIL_REGISTRY_H

// Registry test helpers (doc/registry.md): deterministic node and owner keys, signed statements of
// every kind, a std::map RecordStore, and RegistryChain, which connects blocks of registry
// transactions over that store at increasing heights the way validation does (BeginBlock, every
// transaction, EndBlock), keeping each block's before-values so that tests can disconnect.

#include <consensus/params.h>
#include <consensus/registry_payload.h>
#include <consensus/registry_probe.h>
#include <consensus/registry_rules.h>
#include <consensus/registry_state.h>
#include <consensus/validation_state.h>
#include <crypto/key.h>
#include <primitives/transaction.h>

#include <boost/test/unit_test.hpp>

#include <array>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace test {

inline const consensus::ConsensusParams& RegtestParams() { return consensus::GetConsensusParams("regtest"); }
inline const uint256& RegtestGenesis() { return RegtestParams().genesis_hash; }

/** The made-up hash of the block at height `h` of a test chain (`fork` tells chains apart). */
inline uint256 FakeBlockHash(int32_t h, uint8_t fork = 0)
{
    std::array<uint8_t, 32> b{};
    b[0] = 0xa5;
    std::memcpy(b.data() + 1, &h, 4);
    b[30] = fork;
    b[31] = 0x77;
    return uint256{b};
}

/** 32 bytes of `b` followed by `n` (little-endian) in bytes 1-4: a distinct made-up hash. */
inline uint256 TestHash(uint32_t n, uint8_t b = 0xc1)
{
    std::array<uint8_t, 32> bytes{};
    bytes.fill(b);
    std::memcpy(bytes.data() + 1, &n, 4);
    return uint256{bytes};
}

/** A deterministic BIP340 key pair. */
struct TestKey {
    CKey priv;
    consensus::Key pub{};

    explicit TestKey(uint8_t seed)
    {
        std::array<uint8_t, 32> secret;
        secret.fill(seed);
        secret[0] = 0x01; // well below the group order
        auto k = CKey::FromBytes(secret);
        BOOST_REQUIRE(k);
        priv = *k;
        const XOnlyPubKey x = priv.GetXOnlyPubKey();
        std::copy(x.bytes().begin(), x.bytes().end(), pub.begin());
    }
    consensus::Sig Sign(const uint256& msg) const
    {
        auto sig = priv.Sign(msg.span());
        BOOST_REQUIRE(sig);
        return *sig;
    }
};

/** A RecordStore over a std::map (ordered, so tests can compare whole states). */
class MapRecordStore final : public consensus::RecordStore
{
public:
    std::map<std::string, std::string> records;

    std::optional<std::string> Get(const std::string& key) const override
    {
        auto it = records.find(key);
        if (it == records.end()) return std::nullopt;
        return it->second;
    }
    void Put(const std::string& key, std::optional<std::string> value) override
    {
        if (value) {
            records[key] = std::move(*value);
        } else {
            records.erase(key);
        }
    }
    /** Records of one table. */
    size_t Count(char table) const
    {
        size_t n = 0;
        for (const auto& [key, value] : records) n += !key.empty() && key[0] == table;
        return n;
    }
};

// ---- Statements ----

inline const std::vector<std::string>& TestEndpoints()
{
    static const std::vector<std::string> endpoints{"sip:gw.example.org:5060;transport=udp"};
    return endpoints;
}

inline consensus::Payload Commit(const std::string& handle, const uint256& salt, const consensus::Key& owner)
{
    return consensus::HandleCommit{consensus::HandleCommitment(handle, salt, owner)};
}

inline consensus::Payload Reveal(const std::string& handle, const uint256& salt, const consensus::Key& owner)
{
    return consensus::HandleRegister{handle, salt, owner};
}

/** A handle update with `flags`, naming `owner` and signed by `signer` (default: the owner). */
inline consensus::HandleUpdate Update(const std::string& handle, const TestKey& owner, uint32_t seq, uint8_t flags,
                                     const consensus::Key& field = {}, const TestKey* signer = nullptr)
{
    consensus::HandleUpdate u;
    u.body.handle = handle;
    u.body.owner = owner.pub;
    u.body.seq = seq;
    u.body.flags = flags;
    if (flags & consensus::UPDATE_HOME) u.body.home = field;
    if (flags & consensus::UPDATE_IDENTITY) u.body.identity = field;
    if (flags & consensus::UPDATE_OWNER) u.body.new_owner = field;
    u.owner_sig = (signer ? *signer : owner).Sign(consensus::HandleUpdateMessage(u.body, RegtestGenesis()));
    return u;
}

inline consensus::NodeRegister NodeStmt(const TestKey& node, uint32_t seq, consensus::NodeOp op, CAmount bond, CAmount rate = 0,
                                       std::vector<std::string> prefixes = {}, const TestKey* signer = nullptr)
{
    consensus::NodeRegister n;
    n.body.node = node.pub;
    n.body.seq = seq;
    n.body.op = op;
    n.body.bond = bond;
    n.body.rate = rate;
    if (op != consensus::NodeOp::DEREGISTER) {
        n.body.endpoints = TestEndpoints();
        n.body.prefixes = std::move(prefixes);
    }
    n.node_sig = (signer ? *signer : node).Sign(consensus::NodeRegisterMessage(n.body, RegtestGenesis()));
    return n;
}

/** A binding of `handle` to `node` for `owner`, co-signed by the owner unless `owner_signs` is false. */
inline consensus::Binding BindingStmt(const std::string& handle, const TestKey& node, const TestKey& owner, uint32_t seq,
                                     bool owner_signs = true)
{
    consensus::Binding b;
    b.body = consensus::BindingBody{handle, node.pub, owner.pub, seq};
    const uint256 msg = consensus::BindingMessage(b.body, RegtestGenesis());
    b.node_sig = node.Sign(msg);
    if (owner_signs) b.owner_sig = owner.Sign(msg);
    return b;
}

/** A voucher of epoch `epoch` signed by `orig` (nonces and root made up from the epoch). */
inline consensus::VoucherEntry Voucher(const TestKey& orig, const TestKey& term, uint32_t epoch, uint64_t seconds, CAmount rate)
{
    consensus::VoucherEntry v;
    v.epoch = epoch;
    v.seconds = seconds;
    v.rate = rate;
    v.receipts_root = TestHash(epoch, 0x50);
    v.orig_nonce = TestHash(epoch, 0x51);
    v.term_nonce = TestHash(epoch, 0x52);
    v.orig_sig = orig.Sign(consensus::VoucherMessage(orig.pub, term.pub, v, RegtestGenesis()));
    return v;
}

inline consensus::Settlement SettlementOf(const TestKey& orig, const TestKey& term, std::vector<consensus::VoucherEntry> vouchers)
{
    return consensus::Settlement{orig.pub, term.pub, std::move(vouchers)};
}

/** Receipts of `target` in `epoch`: (draw position, prober) pairs, each prober signing the challenge. */
inline consensus::ProbeReceipts ReceiptsOf(const consensus::Key& target, uint32_t epoch,
                                          const std::vector<std::pair<uint8_t, const TestKey*>>& receipts)
{
    consensus::ProbeReceipts p{target, epoch, {}};
    for (const auto& [index, prober] : receipts) {
        p.receipts.push_back(consensus::ProbeReceipt{
            index, prober->Sign(consensus::ProbeChallengeMessage(target, prober->pub, epoch, RegtestGenesis()))});
    }
    return p;
}

inline consensus::DepositRelease ReleaseStmt(const TestKey& orig, const TestKey& term, uint32_t seq, CAmount amount)
{
    consensus::DepositRelease r;
    r.body = consensus::DepositReleaseBody{orig.pub, term.pub, seq, amount};
    r.orig_sig = orig.Sign(consensus::DepositReleaseMessage(r.body, RegtestGenesis()));
    return r;
}

/** A one-output registry transaction carrying `payload` (one made-up input unless `inputs` is false). */
inline CTransaction RegistryTx(const consensus::Payload& payload, std::vector<CTxOut> outputs = {CTxOut{1000, OutputLock{}}},
                               bool inputs = true)
{
    CMutableTransaction tx;
    tx.kind = consensus::PayloadKind(payload);
    if (inputs) tx.vin.push_back(CTxIn{COutPoint{TestHash(7, 0x99), 0}, SEQUENCE_FINAL, {}});
    tx.vout = std::move(outputs);
    tx.payload = consensus::EncodePayload(payload);
    return CTransaction{std::move(tx)};
}

/** A withdrawal of `amount` by `node` into `outputs` (signed over them), as a transaction. */
inline CTransaction WithdrawTx(const TestKey& node, uint32_t seq, CAmount amount, std::vector<CTxOut> outputs, bool inputs = false)
{
    consensus::NodeWithdraw w;
    w.body.node = node.pub;
    w.body.seq = seq;
    w.body.amount = amount;
    w.body.outputs_hash = consensus::WithdrawOutputsHash(CMutableTransaction::CURRENT_VERSION, 0, outputs);
    w.node_sig = node.Sign(consensus::NodeWithdrawMessage(w.body, RegtestGenesis()));
    return RegistryTx(w, std::move(outputs), inputs);
}

/**
 * Connects blocks of registry transactions over a MapRecordStore at heights 1, 2, ... (each
 * block's ancestors have FakeBlockHash(h, fork) hashes). Keeps every block's record diff so that
 * Disconnect() restores the state before it exactly, as validation's undo data does.
 */
class RegistryChain
{
public:
    MapRecordStore store;
    int32_t height{0}; //!< the last connected block
    uint8_t fork{0};   //!< changes the made-up hashes of blocks connected from now on

    /** Connects block height + 1 with `txs`; returns "" or the first reject reason (then the
     * block is not connected and the store is as before). */
    std::string Connect(const std::vector<CTransaction>& txs = {})
    {
        const std::map<std::string, std::string> before = store.records;
        consensus::BlockContext ctx;
        ctx.height = height + 1;
        ctx.params = &RegtestParams();
        ctx.ancestor_hash = [this](int32_t h) -> std::optional<uint256> {
            if (h < 0 || h > height) return std::nullopt;
            return m_hashes.at(h);
        };
        consensus::BlockConnector c{store, ctx};
        c.BeginBlock();
        for (const CTransaction& tx : txs) {
            consensus::TxValidationState state;
            if (!c.ApplyTransaction(tx, state)) {
                store.records = before;
                return state.GetRejectReason();
            }
        }
        c.EndBlock();
        ++height;
        m_hashes[height] = FakeBlockHash(height, fork);
        m_undo.push_back(before);
        return "";
    }
    std::string Connect(const consensus::Payload& payload) { return Connect(std::vector<CTransaction>{RegistryTx(payload)}); }
    std::string Connect(const std::vector<consensus::Payload>& payloads)
    {
        std::vector<CTransaction> txs;
        for (const consensus::Payload& p : payloads) txs.push_back(RegistryTx(p));
        return Connect(txs);
    }
    /** Connects empty blocks until `target` is the last connected height. */
    void ConnectTo(int32_t target)
    {
        while (height < target) BOOST_REQUIRE_EQUAL(Connect(), "");
    }
    /** Disconnects the last block. */
    void Disconnect()
    {
        BOOST_REQUIRE(!m_undo.empty());
        store.records = m_undo.back();
        m_undo.pop_back();
        m_hashes.erase(height);
        --height;
    }
    uint256 HashAt(int32_t h) const { return m_hashes.at(h); }

    RegistryChain() { m_hashes[0] = FakeBlockHash(0); }

private:
    std::map<int32_t, uint256> m_hashes;
    std::vector<std::map<std::string, std::string>> m_undo;
};

} // namespace test

#endif // DOTS_TEST_UTIL_REGISTRY_H
