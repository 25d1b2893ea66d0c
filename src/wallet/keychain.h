// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_KEYCHAIN_H
#define DOTS_WALLET_KEYCHAIN_H

/**
 * One HD key chain: a BIP32 root (from 24 BIP39 words, or imported as an xprv) and the keys
 * derived from it, all hardened:
 *
 *   m / 340' / coin' / 0' / branch' / index'      coin = 0 on main, 1 on test and regtest
 *
 * with one branch per use, so a handle's owner key is never a coin key and a node key never
 * receives coins by accident:
 *
 *   0 receive   addresses given out by getnewaddress
 *   1 change    change outputs (getrawchangeaddress)
 *   2 handle    handle owner keys (one per registered handle)
 *   3 node      SIP node keys (registernode)
 *   4 identity  identity keys that handles publish (updatehandle)
 *
 * The chain keeps the x-only public keys of every branch up to `next + lookahead` (the gap limit
 * of a restore), so a locked wallet still recognises payments and hands out addresses until the
 * look-ahead runs out; deriving further needs the secret (unlocked).
 *
 * Its text export is descriptor-like, one string per branch (Bitcoin Core's descriptor checksum):
 *
 *   dots(tprv.../340h/1h/0h/0h/<star>h)#checksum  (<star> = "*": every index)
 *
 * Thread-compatible: the wallet guards its chains with its own lock.
 */

#include <crypto/key.h>
#include <primitives/uint256.h>
#include <wallet/crypter.h>
#include <wallet/hdkey.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wallet {

enum class KeyBranch : uint8_t { RECEIVE = 0, CHANGE = 1, HANDLE = 2, NODE = 3, IDENTITY = 4 };
inline constexpr size_t NUM_BRANCHES = 5;
inline constexpr uint32_t BIP_PURPOSE = 340;

/** "receive", "change", "handle", "node", "identity". */
std::string_view BranchName(KeyBranch branch);
std::optional<KeyBranch> BranchFromName(std::string_view name);

/** Where a wallet key comes from. */
struct KeyOrigin {
    uint256 chain_id;
    KeyBranch branch{KeyBranch::RECEIVE};
    uint32_t index{0};
    friend bool operator==(const KeyOrigin&, const KeyOrigin&) = default;
};

/** The root secret of a chain (plaintext; wiped on destruction). */
struct ChainSecret {
    ExtKey root;                  //!< the BIP32 master (depth 0)
    SecureBytes mnemonic_entropy; //!< empty for an imported xprv

    /** root(74) || entropy length(1) || entropy. */
    SecureBytes Serialize() const;
    static std::optional<ChainSecret> Deserialize(std::span<const uint8_t> bytes);
};

/** What the database stores of a chain (walletdb.h). */
struct KeyChainRecord {
    uint256 id;
    uint32_t coin_type{1};
    bool encrypted{false};
    bool active{false};           //!< new keys come from the active chain (one per wallet)
    std::vector<uint8_t> secret; //!< ChainSecret::Serialize(), or its ciphertext when encrypted
    int64_t create_time{0};
    std::array<uint32_t, NUM_BRANCHES> next{};  //!< first index never handed out or seen
};

class KeyChain
{
public:
    /** A chain from its root secret. */
    KeyChain(KeyChainRecord record, std::optional<ChainSecret> secret);

    /** The id of a root: TaggedHash("DOTS/KeyChain", compressed root public key). */
    static uint256 ChainId(const ExtKey& root);

    const uint256& Id() const { return m_record.id; }
    const KeyChainRecord& Record() const { return m_record; }
    KeyChainRecord& MutableRecord() { return m_record; }
    bool HasSecret() const { return m_secret.has_value(); }
    const std::optional<ChainSecret>& Secret() const { return m_secret; }
    void SetSecret(ChainSecret secret) { m_secret = std::move(secret); m_branch_roots = {}; }
    /** Wipes the secret and everything derived from it (lock). */
    void WipeSecret();

    /** Number of public keys known in a branch (indices 0 .. Known()-1). */
    uint32_t Known(KeyBranch branch) const { return static_cast<uint32_t>(m_pubkeys[size_t(branch)].size()); }
    const XOnlyPubKey& PubKey(KeyBranch branch, uint32_t index) const { return m_pubkeys[size_t(branch)][index]; }
    /** Records an already-derived key (database load). Keys must arrive in index order. */
    bool AddKnownKey(KeyBranch branch, uint32_t index, const XOnlyPubKey& key);

    /**
     * Derives public keys of `branch` until Known() >= `count`. Needs the secret; returns the
     * indices derived (for the caller to store). std::nullopt without the secret.
     */
    std::optional<std::vector<uint32_t>> TopUp(KeyBranch branch, uint32_t count);

    /** The secret key at (branch, index); std::nullopt when locked or out of range. */
    std::optional<CKey> GetKey(KeyBranch branch, uint32_t index);

    /** The descriptor-like string of `branch` (needs the secret), with its checksum. */
    std::optional<std::string> Descriptor(KeyBranch branch, ExtKeyNet net) const;

private:
    std::optional<ExtKey> BranchRoot(KeyBranch branch);

    KeyChainRecord m_record;
    std::optional<ChainSecret> m_secret;
    std::array<std::optional<ExtKey>, NUM_BRANCHES> m_branch_roots; //!< cache while unlocked
    std::array<std::vector<XOnlyPubKey>, NUM_BRANCHES> m_pubkeys;
};

/** Bitcoin Core's 8-character descriptor checksum of `desc` (without '#'); empty if `desc`
 * holds a character outside the descriptor alphabet. */
std::string DescriptorChecksum(std::string_view desc);

/** A parsed descriptor-like string. */
struct ParsedDescriptor {
    ExtKey root;
    ExtKeyNet net{ExtKeyNet::TEST};
    uint32_t coin_type{1};
    KeyBranch branch{KeyBranch::RECEIVE};
};

/**
 * Parses "dots(<xprv>/340h/<coin>h/0h/<branch>h/<star>h)#checksum" (<star> is "*") (the checksum may be omitted;
 * "'" may stand for "h"). std::nullopt with `error` naming what is wrong: the form, the key,
 * a non-master key (depth > 0), the path, the checksum.
 */
std::optional<ParsedDescriptor> ParseDescriptor(std::string_view text, std::string& error);

} // namespace wallet

#endif // DOTS_WALLET_KEYCHAIN_H
