// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <wallet/walletdb.h>

#include <serialize.h>
#include <util/format.h>

#include <cstring>

namespace wallet {

namespace {
const std::string FLAGS{"flags"};
const std::string MKEY{"mkey"};
const std::string CHAIN{"chain"};
const std::string KEY{"key"};
const std::string TX{"tx"};
const std::string BESTBLOCK{"bestblock"};
const std::string LABEL{"label"};
const std::string HANDLE{"handle"};
const std::string NODE{"node"};
const std::string SIPCRED{"sipcred"};

/** The key prefix of a record type: CompactSize(length) || type. */
Bytes Prefix(const std::string& type)
{
    ByteWriter w;
    WriteVarBytes(w, std::span{reinterpret_cast<const uint8_t*>(type.data()), type.size()});
    return w.Take();
}

Bytes Key(const std::string& type, std::span<const uint8_t> suffix = {})
{
    Bytes key = Prefix(type);
    key.insert(key.end(), suffix.begin(), suffix.end());
    return key;
}

std::span<const uint8_t> StrBytes(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

Bytes EncodeChain(const KeyChainRecord& c)
{
    ByteWriter w;
    WriteU8(w, 1); // version
    WriteUint256(w, c.id);
    WriteU32(w, c.coin_type);
    WriteU8(w, c.encrypted ? 1 : 0);
    WriteU8(w, c.active ? 1 : 0);
    WriteVarBytes(w, c.secret);
    WriteI64(w, c.create_time);
    for (const uint32_t next : c.next) WriteU32(w, next);
    return w.Take();
}

std::optional<KeyChainRecord> DecodeChain(std::span<const uint8_t> bytes)
{
    ByteReader r{bytes};
    KeyChainRecord c;
    const auto version = r.ReadU8();
    const auto id = r.ReadUint256();
    const auto coin = r.ReadU32();
    const auto encrypted = r.ReadU8();
    const auto active = r.ReadU8();
    auto secret = r.ReadVarBytes(4096, "secret");
    const auto time = r.ReadI64();
    if (!time || *version != 1 || *encrypted > 1 || *active > 1) return std::nullopt;
    for (uint32_t& next : c.next) {
        const auto n = r.ReadU32();
        if (!n) return std::nullopt;
        next = *n;
    }
    if (!r.empty()) return std::nullopt;
    c.id = *id;
    c.coin_type = *coin;
    c.encrypted = *encrypted != 0;
    c.active = *active != 0;
    c.secret = std::move(*secret);
    c.create_time = *time;
    return c;
}

Bytes EncodeMasterKey(const MasterKeyRecord& m)
{
    ByteWriter w;
    WriteU8(w, 1);
    WriteVarBytes(w, m.ciphertext);
    WriteVarBytes(w, m.kdf.salt);
    WriteU8(w, m.kdf.log2_n);
    WriteU32(w, m.kdf.r);
    WriteU32(w, m.kdf.p);
    return w.Take();
}

std::optional<MasterKeyRecord> DecodeMasterKey(std::span<const uint8_t> bytes)
{
    ByteReader r{bytes};
    MasterKeyRecord m;
    const auto version = r.ReadU8();
    auto ciphertext = r.ReadVarBytes(256, "ciphertext");
    auto salt = r.ReadVarBytes(256, "salt");
    const auto log2_n = r.ReadU8();
    const auto kdf_r = r.ReadU32();
    const auto kdf_p = r.ReadU32();
    if (!kdf_p || *version != 1 || !r.empty()) return std::nullopt;
    m.ciphertext = std::move(*ciphertext);
    m.kdf.salt = std::move(*salt);
    m.kdf.log2_n = *log2_n;
    m.kdf.r = *kdf_r;
    m.kdf.p = *kdf_p;
    return m;
}

util::Error Corrupt(const std::string& type)
{
    return util::Error{StrFormat("Wallet file corrupt: a \"%s\" record does not decode (restore a backup)", type.c_str())};
}

/** Reads every record of `type`; `fn(suffix, value)` returns false to report corruption. */
util::Result<void> ForEachRecord(WalletDatabase& db, const std::string& type,
                                 const std::function<bool(std::span<const uint8_t>, std::span<const uint8_t>)>& fn)
{
    const Bytes prefix = Prefix(type);
    bool corrupt = false;
    auto res = db.ForEach(prefix, [&](std::span<const uint8_t> key, std::span<const uint8_t> value) {
        if (!fn(key.subspan(prefix.size()), value)) {
            corrupt = true;
            return false;
        }
        return true;
    });
    if (!res) return res;
    if (corrupt) return Corrupt(type);
    return {};
}
} // namespace

util::Result<WalletContents> WalletBatch::LoadAll()
{
    WalletContents out;
    if (auto flags = m_db.Read(Key(FLAGS)); !flags) {
        return util::Error{flags.error()};
    } else if (*flags) {
        ByteReader r{**flags};
        const auto value = r.ReadU64();
        if (!value || !r.empty()) return Corrupt(FLAGS);
        out.flags = *value;
    }
    if (auto mkey = m_db.Read(Key(MKEY)); !mkey) {
        return util::Error{mkey.error()};
    } else if (*mkey) {
        out.master_key = DecodeMasterKey(**mkey);
        if (!out.master_key) return Corrupt(MKEY);
    }
    auto res = ForEachRecord(m_db, CHAIN, [&](auto, auto value) {
        auto chain = DecodeChain(value);
        if (!chain) return false;
        out.chains.push_back(std::move(*chain));
        return true;
    });
    if (res) {
        res = ForEachRecord(m_db, KEY, [&](std::span<const uint8_t> suffix, std::span<const uint8_t> value) {
            if (suffix.size() != 32 + 1 + 4 || value.size() != 32 || suffix[32] >= NUM_BRANCHES) return false;
            const uint32_t index = (uint32_t{suffix[33]} << 24) | (uint32_t{suffix[34]} << 16) | (uint32_t{suffix[35]} << 8) | suffix[36];
            out.keys.emplace_back(uint256{suffix.first<32>()}, static_cast<KeyBranch>(suffix[32]), index,
                                  XOnlyPubKey{value.first<32>()});
            return true;
        });
    }
    if (res) {
        res = ForEachRecord(m_db, TX, [&](auto, std::span<const uint8_t> value) {
            auto wtx = WalletTx::Deserialize(value);
            if (!wtx) return false;
            out.txs.push_back(std::move(*wtx));
            return true;
        });
    }
    if (res) {
        res = ForEachRecord(m_db, LABEL, [&](std::span<const uint8_t> suffix, std::span<const uint8_t> value) {
            out.labels.emplace_back(std::string(suffix.begin(), suffix.end()), std::string(value.begin(), value.end()));
            return true;
        });
    }
    if (res) {
        res = ForEachRecord(m_db, HANDLE, [&](auto, std::span<const uint8_t> value) {
            auto handle = WalletHandle::Deserialize(value);
            if (!handle) return false;
            out.handles.push_back(std::move(*handle));
            return true;
        });
    }
    if (res) {
        res = ForEachRecord(m_db, NODE, [&](auto, std::span<const uint8_t> value) {
            auto node = WalletNode::Deserialize(value);
            if (!node) return false;
            out.nodes.push_back(std::move(*node));
            return true;
        });
    }
    if (res) {
        res = ForEachRecord(m_db, SIPCRED, [&](auto, std::span<const uint8_t> value) {
            auto cred = SipCredential::Deserialize(value);
            if (!cred) return false;
            out.sip_credentials.push_back(std::move(*cred));
            return true;
        });
    }
    if (!res) return util::Error{res.error()};
    if (auto best = m_db.Read(Key(BESTBLOCK)); !best) {
        return util::Error{best.error()};
    } else if (*best) {
        ByteReader r{**best};
        const auto hash = r.ReadUint256();
        const auto height = r.ReadI32();
        if (!height || !r.empty()) return Corrupt(BESTBLOCK);
        out.best_block = BestBlock{*hash, *height};
    }
    return out;
}

util::Result<void> WalletBatch::WriteFlags(uint64_t flags)
{
    ByteWriter w;
    WriteU64(w, flags);
    return m_db.Write(Key(FLAGS), w.buffer());
}

util::Result<void> WalletBatch::WriteMasterKey(const MasterKeyRecord& mkey) { return m_db.Write(Key(MKEY), EncodeMasterKey(mkey)); }

util::Result<void> WalletBatch::WriteChain(const KeyChainRecord& chain)
{
    return m_db.Write(Key(CHAIN, chain.id.span()), EncodeChain(chain));
}

util::Result<void> WalletBatch::WriteKey(const uint256& chain_id, KeyBranch branch, uint32_t index, const XOnlyPubKey& key)
{
    Bytes suffix(chain_id.begin(), chain_id.end());
    suffix.push_back(static_cast<uint8_t>(branch));
    for (int b = 0; b < 4; ++b) suffix.push_back(static_cast<uint8_t>(index >> (24 - 8 * b)));
    return m_db.Write(Key(KEY, suffix), key.bytes());
}

util::Result<void> WalletBatch::WriteTx(const WalletTx& wtx) { return m_db.Write(Key(TX, wtx.GetTxid().span()), wtx.Serialize()); }
util::Result<void> WalletBatch::EraseTx(const uint256& txid) { return m_db.Erase(Key(TX, txid.span())); }

util::Result<void> WalletBatch::WriteBestBlock(const BestBlock& best)
{
    ByteWriter w;
    WriteUint256(w, best.hash);
    WriteI32(w, best.height);
    return m_db.Write(Key(BESTBLOCK), w.buffer());
}

util::Result<void> WalletBatch::WriteLabel(const std::string& address, const std::string& label)
{
    return m_db.Write(Key(LABEL, StrBytes(address)), StrBytes(label));
}

util::Result<void> WalletBatch::WriteHandle(const WalletHandle& handle)
{
    return m_db.Write(Key(HANDLE, StrBytes(handle.name)), handle.Serialize());
}
util::Result<void> WalletBatch::EraseHandle(const std::string& name) { return m_db.Erase(Key(HANDLE, StrBytes(name))); }

util::Result<void> WalletBatch::WriteNode(const WalletNode& node) { return m_db.Write(Key(NODE, node.key.bytes()), node.Serialize()); }

util::Result<void> WalletBatch::WriteSipCredential(const SipCredential& credential)
{
    return m_db.Write(Key(SIPCRED, StrBytes(credential.handle)), credential.Serialize());
}
util::Result<void> WalletBatch::EraseSipCredential(const std::string& handle) { return m_db.Erase(Key(SIPCRED, StrBytes(handle))); }

DbTransaction::DbTransaction(WalletDatabase& db) : m_db{db}, m_begin{db.Begin()} {}

DbTransaction::~DbTransaction()
{
    if (m_begin && !m_done) m_db.Abort();
}

util::Result<void> DbTransaction::Commit()
{
    if (!m_begin) return util::Error{m_begin.error()};
    m_done = true;
    return m_db.Commit();
}

} // namespace wallet
