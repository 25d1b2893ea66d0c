// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_RECORDS_H
#define DOTS_WALLET_RECORDS_H

/**
 * What the wallet keeps about its registry objects besides transactions: the handles it owns or
 * is registering (with the state of a commit/reveal registration), the node keys it holds, and
 * the SIP Digest credentials of its handles. The chain is the authority on a handle's or node's
 * current state; these records say which ones are ours and how far a registration got.
 * Each has a database form (Serialize/Deserialize, std::nullopt on corruption).
 */

#include <crypto/key.h>
#include <primitives/uint256.h>
#include <wallet/keychain.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace wallet {

/**
 * A handle of this wallet. A registration runs commit -> (commit_maturity blocks) -> reveal ->
 * optional home-node update; the reveal and the update are signed when the registration starts
 * and held in the wallet until they may be broadcast, so the registration finishes by itself,
 * across restarts, whether or not the wallet is unlocked then.
 */
struct WalletHandle {
    std::string name;
    XOnlyPubKey owner;
    KeyOrigin owner_origin;
    /** Registration (empty for a handle found on chain, e.g. by a rescan or a transfer to us). */
    uint256 salt;
    std::optional<uint256> commit_txid;
    std::optional<uint256> reveal_txid;
    std::optional<uint256> home_txid; //!< the held update that sets the requested home node
    /** Why the registration stopped (the reveal was refused, the commit expired...); empty if not. */
    std::string failure;
    int64_t created_time{0};

    std::vector<uint8_t> Serialize() const;
    static std::optional<WalletHandle> Deserialize(std::span<const uint8_t> bytes);
};

/** A node key of this wallet (registernode). */
struct WalletNode {
    XOnlyPubKey key;
    KeyOrigin origin;
    int64_t created_time{0};

    std::vector<uint8_t> Serialize() const;
    static std::optional<WalletNode> Deserialize(std::span<const uint8_t> bytes);
};

/**
 * A SIP Digest credential: HA1 values for the realm they were computed in, never the password.
 * An HA1 is password-equivalent for its realm, so an encrypted wallet keeps the values only as
 * `ciphertext` (AES-256-GCM under the master key, SipCredentialAad) and the two arrays are zero;
 * an unencrypted wallet keeps them in the clear and `ciphertext` is empty.
 */
struct SipCredential {
    std::string handle;
    std::string realm;
    std::array<uint8_t, 16> ha1_md5{};
    std::array<uint8_t, 32> ha1_sha256{};
    /** Encrypt(master key, md5 || sha256, SipCredentialAad(handle, realm)); empty: in the clear. */
    std::vector<uint8_t> ciphertext;
    int64_t time{0};

    bool IsEncrypted() const { return !ciphertext.empty(); }
    /** Database form: version 1 (values in the clear, as files before encryption had them) or
     * version 2 (ciphertext). */
    std::vector<uint8_t> Serialize() const;
    static std::optional<SipCredential> Deserialize(std::span<const uint8_t> bytes);
};

/** The additional data binding a credential's ciphertext to its handle and realm:
 * "sipcred" 0x00 handle 0x00 realm (so a ciphertext cannot be moved to another record). */
std::vector<uint8_t> SipCredentialAad(const std::string& handle, const std::string& realm);

} // namespace wallet

#endif // DOTS_WALLET_RECORDS_H
