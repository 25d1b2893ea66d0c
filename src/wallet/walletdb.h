// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_WALLETDB_H
#define DOTS_WALLET_WALLETDB_H

/**
 * The records of a wallet file (wallet/db.h holds the bytes). Every key starts with its record
 * type as a CompactSize-prefixed string, as in Bitcoin Core:
 *
 *   "flags"                          u64 wallet flags (WALLET_FLAG_*)
 *   "mkey"                           the encrypted master key and its scrypt parameters
 *   "chain" id:32                    a key chain (KeyChainRecord): root secret (or its ciphertext),
 *                                    next index per branch
 *   "key" id:32 branch:u8 index:be32 the x-only public key derived there (the look-ahead cache)
 *   "tx" txid:32                     a WalletTx
 *   "bestblock"                      hash:32 height:i32, the last block the wallet has applied
 *   "label" address                  the address's label
 *   "handle" name                    a handle this wallet owns or is registering (WalletHandle)
 *   "node" key:32                    a node key of this wallet (WalletNode)
 *   "sipcred" handle                 a SIP Digest credential (SipCredential): realm and HA1 values,
 *                                    encrypted under the master key in an encrypted wallet
 *   "probercpt" target:32 epoch:be32 index:u8
 *                                    a probe receipt one of the wallet's nodes (target) collected:
 *                                    the prober's 64-byte signature (wallet_probe.cpp)
 *   "probetx" target:32 epoch:be32   the txid of the last probe_receipts transaction submitting
 *                                    the target's receipts of that epoch (wallet_probe.cpp)
 *   "voucher" orig:32 term:32 epoch:be32
 *                                    the highest voucher of the pair and settlement epoch the wallet
 *                                    signed or received (EncodeVoucher's bytes; wallet_vouchers.cpp)
 *
 * LoadAll reads every type but "probercpt" and "probetx", which wallet_probe.cpp reads on demand
 * and erases once their epoch is over, and "voucher", which wallet_vouchers.cpp reads on demand.
 * Reads that find a record that does not decode report it
 * as corruption, naming the record type.
 */

#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <wallet/crypter.h>
#include <wallet/db.h>
#include <wallet/keychain.h>
#include <wallet/records.h>
#include <wallet/transaction.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace wallet {

/** Wallet flags (the "flags" record). */
enum WalletFlags : uint64_t {
    WALLET_FLAG_BLANK = 1 << 0,      //!< created without a key chain (import one)
    WALLET_FLAG_ENCRYPTED = 1 << 1,  //!< has an "mkey"; secrets are ciphertext
};

/** The encrypted master key. */
struct MasterKeyRecord {
    std::vector<uint8_t> ciphertext; //!< Encrypt(scrypt(passphrase), master key, aad "mkey")
    KdfParams kdf;
};

/** The block the wallet has applied up to. */
struct BestBlock {
    uint256 hash;
    int32_t height{-1};
};

/** Everything a wallet file holds, as read at load. */
struct WalletContents {
    uint64_t flags{0};
    std::optional<MasterKeyRecord> master_key;
    std::vector<KeyChainRecord> chains;
    /** (chain id, branch, index, key) in key order: per chain and branch, by index. */
    std::vector<std::tuple<uint256, KeyBranch, uint32_t, XOnlyPubKey>> keys;
    std::vector<WalletTx> txs;
    std::optional<BestBlock> best_block;
    std::vector<std::pair<std::string, std::string>> labels;
    std::vector<WalletHandle> handles;
    std::vector<WalletNode> nodes;
    std::vector<SipCredential> sip_credentials;
};

/**
 * Typed access to a WalletDatabase. Writes go straight to the database (one SQLite
 * transaction each, or the one the caller opened with Begin). Thread-safety: as the database.
 */
class WalletBatch
{
public:
    explicit WalletBatch(WalletDatabase& db) : m_db{db} {}

    /** Reads the whole file. Errors: the database's, or "corrupt <type> record". */
    util::Result<WalletContents> LoadAll();

    util::Result<void> WriteFlags(uint64_t flags);
    util::Result<void> WriteMasterKey(const MasterKeyRecord& mkey);
    util::Result<void> WriteChain(const KeyChainRecord& chain);
    util::Result<void> WriteKey(const uint256& chain_id, KeyBranch branch, uint32_t index, const XOnlyPubKey& key);
    util::Result<void> WriteTx(const WalletTx& wtx);
    util::Result<void> EraseTx(const uint256& txid);
    util::Result<void> WriteBestBlock(const BestBlock& best);
    util::Result<void> WriteLabel(const std::string& address, const std::string& label);
    util::Result<void> WriteHandle(const WalletHandle& handle);
    util::Result<void> EraseHandle(const std::string& name);
    util::Result<void> WriteNode(const WalletNode& node);
    util::Result<void> WriteSipCredential(const SipCredential& credential);
    util::Result<void> EraseSipCredential(const std::string& handle);

    WalletDatabase& Db() { return m_db; }

private:
    WalletDatabase& m_db;
};

/**
 * An atomic group of writes: begins a database transaction and aborts it on destruction
 * unless Commit() was called. Nesting is not allowed.
 */
class DbTransaction
{
public:
    explicit DbTransaction(WalletDatabase& db);
    ~DbTransaction();
    DbTransaction(const DbTransaction&) = delete;
    DbTransaction& operator=(const DbTransaction&) = delete;
    /** Whether Begin succeeded; if not, error() says why and writes are not atomic. */
    bool ok() const { return m_begin.has_value(); }
    const std::string& error() const { return m_begin.error(); }
    util::Result<void> Commit();

private:
    WalletDatabase& m_db;
    util::Result<void> m_begin;
    bool m_done{false};
};

} // namespace wallet

#endif // DOTS_WALLET_WALLETDB_H
