// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <wallet/records.h>

#include <serialize.h>

#include <cstring>

namespace wallet {

namespace {
constexpr uint8_t RECORD_VERSION = 1;

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

template <typename W>
void WriteOrigin(W& w, const XOnlyPubKey& key, const KeyOrigin& origin)
{
    w.Write(key.bytes());
    WriteUint256(w, origin.chain_id);
    WriteU8(w, static_cast<uint8_t>(origin.branch));
    WriteU32(w, origin.index);
}
bool ReadOrigin(ByteReader& r, XOnlyPubKey& key, KeyOrigin& origin)
{
    const auto k = r.ReadArray<32>();
    const auto chain = r.ReadUint256();
    const auto branch = r.ReadU8();
    const auto index = r.ReadU32();
    if (!index || *branch >= NUM_BRANCHES) return false;
    key = XOnlyPubKey{*k};
    origin = KeyOrigin{*chain, static_cast<KeyBranch>(*branch), *index};
    return true;
}

template <typename W>
void WriteOptHash(W& w, const std::optional<uint256>& h)
{
    WriteU8(w, h ? 1 : 0);
    if (h) WriteUint256(w, *h);
}
bool ReadOptHash(ByteReader& r, std::optional<uint256>& out)
{
    const auto flag = r.ReadU8();
    if (!flag || *flag > 1) return false;
    if (*flag) {
        const auto h = r.ReadUint256();
        if (!h) return false;
        out = *h;
    }
    return true;
}

/** True if the reader is at the end with no error, after a version byte check. */
bool Done(const ByteReader& r) { return r.ok() && r.empty(); }
} // namespace

std::vector<uint8_t> WalletHandle::Serialize() const
{
    ByteWriter w;
    WriteU8(w, RECORD_VERSION);
    WriteString(w, name);
    WriteOrigin(w, owner, owner_origin);
    WriteUint256(w, salt);
    WriteOptHash(w, commit_txid);
    WriteOptHash(w, reveal_txid);
    WriteOptHash(w, home_txid);
    WriteString(w, failure);
    WriteI64(w, created_time);
    return w.Take();
}

std::optional<WalletHandle> WalletHandle::Deserialize(std::span<const uint8_t> bytes)
{
    ByteReader r{bytes};
    WalletHandle out;
    const auto version = r.ReadU8();
    if (!version || *version != RECORD_VERSION) return std::nullopt;
    auto name = ReadString(r);
    if (!name || !ReadOrigin(r, out.owner, out.owner_origin)) return std::nullopt;
    const auto salt = r.ReadUint256();
    if (!salt || !ReadOptHash(r, out.commit_txid) || !ReadOptHash(r, out.reveal_txid) || !ReadOptHash(r, out.home_txid)) {
        return std::nullopt;
    }
    auto failure = ReadString(r);
    const auto created = r.ReadI64();
    if (!created || !Done(r)) return std::nullopt;
    out.name = std::move(*name);
    out.salt = *salt;
    out.failure = std::move(*failure);
    out.created_time = *created;
    return out;
}

std::vector<uint8_t> WalletNode::Serialize() const
{
    ByteWriter w;
    WriteU8(w, RECORD_VERSION);
    WriteOrigin(w, key, origin);
    WriteI64(w, created_time);
    return w.Take();
}

std::optional<WalletNode> WalletNode::Deserialize(std::span<const uint8_t> bytes)
{
    ByteReader r{bytes};
    WalletNode out;
    const auto version = r.ReadU8();
    if (!version || *version != RECORD_VERSION || !ReadOrigin(r, out.key, out.origin)) return std::nullopt;
    const auto created = r.ReadI64();
    if (!created || !Done(r)) return std::nullopt;
    out.created_time = *created;
    return out;
}

namespace {
constexpr uint8_t SIPCRED_VERSION_CLEAR = 1;
constexpr uint8_t SIPCRED_VERSION_ENCRYPTED = 2;
constexpr size_t SIPCRED_CIPHERTEXT_MAX = 256;
} // namespace

std::vector<uint8_t> SipCredential::Serialize() const
{
    ByteWriter w;
    WriteU8(w, IsEncrypted() ? SIPCRED_VERSION_ENCRYPTED : SIPCRED_VERSION_CLEAR);
    WriteString(w, handle);
    WriteString(w, realm);
    if (IsEncrypted()) {
        WriteVarBytes(w, ciphertext);
    } else {
        w.Write(ha1_md5);
        w.Write(ha1_sha256);
    }
    WriteI64(w, time);
    return w.Take();
}

std::optional<SipCredential> SipCredential::Deserialize(std::span<const uint8_t> bytes)
{
    ByteReader r{bytes};
    const auto version = r.ReadU8();
    if (!version || (*version != SIPCRED_VERSION_CLEAR && *version != SIPCRED_VERSION_ENCRYPTED)) return std::nullopt;
    auto handle = ReadString(r);
    auto realm = ReadString(r);
    SipCredential out;
    if (*version == SIPCRED_VERSION_ENCRYPTED) {
        auto ciphertext = r.ReadVarBytes(SIPCRED_CIPHERTEXT_MAX, "ciphertext");
        if (!ciphertext || ciphertext->empty()) return std::nullopt;
        out.ciphertext.assign(ciphertext->begin(), ciphertext->end());
    } else {
        const auto md5 = r.ReadArray<16>();
        const auto sha = r.ReadArray<32>();
        if (!sha) return std::nullopt;
        out.ha1_md5 = *md5;
        out.ha1_sha256 = *sha;
    }
    const auto time = r.ReadI64();
    if (!time || !Done(r)) return std::nullopt;
    out.handle = std::move(*handle);
    out.realm = std::move(*realm);
    out.time = *time;
    return out;
}

std::vector<uint8_t> SipCredentialAad(const std::string& handle, const std::string& realm)
{
    const std::string text = std::string{"sipcred"} + '\0' + handle + '\0' + realm;
    return {text.begin(), text.end()};
}

} // namespace wallet
