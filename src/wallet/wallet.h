// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_WALLET_H
#define DOTS_WALLET_WALLET_H

/**
 * One wallet (Bitcoin Core's CWallet): its file, its key chains, its transactions with their
 * state relative to the active chain, and the registry objects (handles, nodes, SIP
 * credentials) it owns.
 *
 * The wallet follows the chain only through validation notifications (it is a
 * ValidationInterface): blocks connected and disconnected move its transactions between
 * confirmed, conflicted and unconfirmed, mempool events mark them in or out of the mempool.
 * Nothing polls the chain. At load it catches up from the block it last applied ("bestblock")
 * to the tip, rolling back what a reorg it did not see undid.
 *
 * Crash safety: every change is written to the wallet file before it is used. A send commits
 * the signed transaction (which marks its inputs spent) and the advanced key indices in one
 * SQLite transaction before it is broadcast; a kill at any point leaves either no trace of the
 * send or a transaction that the wallet rebroadcasts at the next start. Keys are derived
 * deterministically, so an interrupted key derivation is just repeated.
 *
 * Locking: m_mutex (Bitcoin Core's cs_wallet) guards all state; lock order wallet -> chain.
 * Methods named ...Locked require it; the others take it. The wallet never calls into the
 * mempool (broadcast) or waits for the notification queue while holding it: the mempool waits
 * for that queue, whose delivery may wait for this lock.
 *
 * Split over files: wallet.cpp (load, create, records, transactions), wallet_keys.cpp (key
 * chains, addresses, encryption), wallet_sync.cpp (notifications, rescan), receive.cpp
 * (ownership, balances, coins), spend.cpp (building, signing and committing transactions).
 */

#include <interfaces/chain.h>
#include <primitives/address.h>
#include <primitives/transaction.h>
#include <util/result.h>
#include <util/sync.h>
#include <validation/notifications.h>
#include <consensus/registry_state.h>
#include <wallet/crypter.h>
#include <wallet/db.h>
#include <wallet/history.h>
#include <wallet/keychain.h>
#include <wallet/records.h>
#include <wallet/registry_statements.h>
#include <wallet/registry_value.h>
#include <wallet/spend.h>
#include <wallet/transaction.h>
#include <wallet/voucher_receipts.h>
#include <wallet/walletdb.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace wallet {

/** Options shared by all wallets of the node (-keypool, fees, ...; see context.cpp). */
struct WalletOptions {
    uint32_t keypool_size{1000};       //!< look-ahead of the receive and change branches
    uint32_t registry_lookahead{20};   //!< look-ahead of the handle, node and identity branches
    CAmount fallback_fee_per_kb{0};    //!< -fallbackfee (0: disabled)
    CAmount min_tx_fee_per_kb{1000};   //!< -mintxfee
    CAmount max_tx_fee{COIN / 10};     //!< -maxtxfee: absolute fee limit of one transaction
    int confirm_target{6};             //!< -txconfirmtarget
    bool spend_zero_conf_change{true}; //!< -spendzeroconfchange
    bool rebroadcast{true};            //!< -walletrebroadcast
};

/** What createwallet asks for. */
struct CreateOptions {
    bool blank{false};              //!< no key chain: import one with importdescriptors
    SecureString passphrase;        //!< non-empty: encrypt at once
    SecureString mnemonic;          //!< non-empty: restore the chain of these BIP39 words
};

/** An output the wallet can spend (listunspent, coin selection). */
struct WalletCoin {
    COutPoint outpoint;
    CTxOut txout;
    int32_t depth{0};
    bool from_me{false};   //!< the wallet created the transaction
    bool trusted{false};   //!< confirmed, or our own unconfirmed change in the mempool
    bool coinbase{false};
    KeyOrigin origin;
    XOnlyPubKey key;
};

struct Balances {
    CAmount trusted{0};           //!< spendable: confirmed (and our own pending change)
    CAmount untrusted_pending{0}; //!< unconfirmed payments from others
    CAmount immature{0};          //!< coinbase outputs not yet mature
};

/** Bitcoin Core's RPC error classes, for wallet errors the RPC layer maps to codes. */
enum class WalletError {
    GENERIC,           //!< RPC_WALLET_ERROR
    INSUFFICIENT_FUNDS,//!< RPC_WALLET_INSUFFICIENT_FUNDS
    UNLOCK_NEEDED,     //!< RPC_WALLET_UNLOCK_NEEDED
    WRONG_PASSPHRASE,  //!< RPC_WALLET_PASSPHRASE_INCORRECT
    WRONG_ENC_STATE,   //!< RPC_WALLET_WRONG_ENC_STATE
    KEYPOOL_RAN_OUT,   //!< RPC_WALLET_KEYPOOL_RAN_OUT
    INVALID_PARAMETER, //!< RPC_INVALID_PARAMETER
    VERIFY_REJECTED,   //!< RPC_VERIFY_REJECTED: the mempool refused it
    INVALID_ADDRESS,   //!< RPC_INVALID_ADDRESS_OR_KEY
    DATABASE,          //!< RPC_DATABASE_ERROR
    NOT_FOUND,         //!< RPC_WALLET_NOT_FOUND
    ALREADY_LOADED,    //!< RPC_WALLET_ALREADY_LOADED
};

/** A failure with its class (WalletResult<T>'s error half). */
struct WalletFailure {
    WalletError code{WalletError::GENERIC};
    std::string message;
};

template <typename T>
using WalletResult = std::variant<T, WalletFailure>;

/** Hash of a lock (type || program) for the wallet's lock index: the bytes' std::hash. */
struct LockBytesHasher {
    size_t operator()(const std::array<uint8_t, 33>& bytes) const
    {
        return std::hash<std::string_view>{}(std::string_view{reinterpret_cast<const char*>(bytes.data()), bytes.size()});
    }
};

/** The message of the locked-wallet error (Bitcoin Core's text). */
inline constexpr const char* UNLOCK_NEEDED_MESSAGE = "Error: Please enter the wallet passphrase with walletpassphrase first.";

/** "1.50000000 DOTS": an amount in an error message. */
std::string FormatDots(CAmount amount);

/** A voucher's pair and settlement epoch: (orig, term, epoch). */
using VoucherKey = std::tuple<consensus::Key, consensus::Key, uint32_t>;

/** Where a voucher stands against the chain (listmynodes' "state", settlevouchers' choice). */
enum class VoucherState {
    UNSETTLED, //!< settleable now and worth more than what the chain settled for its pair and epoch
    FUTURE,    //!< its epoch has not begun at the next block (listed as "unsettled")
    SETTLED,   //!< settled for at least its amount
    EXPIRED,   //!< its window ended before it was settled in full
};

/** The state of `voucher` (worth `amount`) when `settled` was settled for its pair and epoch (on
 * chain, or by a confirmed settlement the wallet saw once the chain erased the record) and the
 * next block is `next_height`. Pure. */
VoucherState ClassifyVoucher(const SignedVoucher& voucher, CAmount amount, CAmount settled, int32_t next_height,
                             const consensus::RegistryParams& params);
/** "unsettled" (also FUTURE), "settled", "expired". */
std::string VoucherStateName(VoucherState state);

/** What AddVoucher did: stored a first voucher of its pair and epoch, replaced a lower one,
 * found the same voucher stored already, or stored nothing because the stored one is worth as
 * much or more (vouchers are cumulative: a late, lower one adds nothing); for a VoucherMessage
 * also: a valid opener (nothing stored; T answers with its nonce), or a base that is not the
 * stored voucher's (nothing stored: the sender must send the stream's whole set, base 0). */
enum class VoucherAdded { ADDED, REPLACED, UNCHANGED, NOT_HIGHER, OPENER, BASE_UNKNOWN };

class Wallet final : public validation::ValidationInterface
{
public:
    /**
     * Creates the file at `path` (which must not exist) and a wallet in it. Errors: the file
     * exists, bad mnemonic words, database errors.
     */
    static util::Result<std::shared_ptr<Wallet>> Create(const std::string& name, const std::filesystem::path& path,
                                                        interfaces::Chain& chain, const WalletOptions& options,
                                                        const CreateOptions& create);
    /** Opens the wallet file at `path`. Errors name the file and what is wrong. */
    static util::Result<std::shared_ptr<Wallet>> Load(const std::string& name, const std::filesystem::path& path,
                                                      interfaces::Chain& chain, const WalletOptions& options);
    ~Wallet() override;
    Wallet(const Wallet&) = delete;
    Wallet& operator=(const Wallet&) = delete;

    const std::string& Name() const { return m_name; }
    WalletDatabase& Database() { return *m_db; }
    interfaces::Chain& Chain() { return m_chain; }
    const WalletOptions& Options() const { return m_options; }
    std::string_view Hrp() const { return m_chain.AddressHrp(); }

    // ---- Chain attachment (wallet_sync.cpp) ----
    /**
     * Registers for notifications, rolls back what reorgs undid while the wallet was not
     * loaded and rescans from the block it last applied (or from `rescan_from` if given, e.g.
     * 0 for a restored wallet) to the tip. Errors: the rescan was interrupted.
     */
    util::Result<void> AttachChain(std::optional<int32_t> rescan_from);
    /** Unregisters and writes the last applied block. */
    void DetachChain() LOCKS_EXCLUDED(m_mutex);
    /** Waits until the wallet applied every notification queued so far, if it lags the tip. */
    void BlockUntilSyncedToCurrentChain() LOCKS_EXCLUDED(m_mutex);
    /**
     * Scans blocks [start, stop] (stop: the tip) for wallet transactions, handles and nodes.
     * Returns the last height scanned; errors: another rescan runs, the range is invalid, a
     * block cannot be read, or it was aborted (shutdown or abortrescan).
     */
    util::Result<int32_t> Rescan(int32_t start, std::optional<int32_t> stop) LOCKS_EXCLUDED(m_mutex);
    bool IsScanning() const { return m_scanning.load(); }
    void AbortRescan() { m_abort_rescan = true; }
    /** The last block applied (height -1 before the first). */
    BestBlock LastBlock() const LOCKS_EXCLUDED(m_mutex);

    // validation::ValidationInterface
    void BlockConnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                        const chainstate::RecordDiff& changes) override LOCKS_EXCLUDED(m_mutex);
    void BlockDisconnected(const std::shared_ptr<const CBlock>& block, const chainstate::BlockIndex& index,
                           const chainstate::RecordDiff& changes) override LOCKS_EXCLUDED(m_mutex);
    void UpdatedBlockTip(const chainstate::BlockIndex& new_tip, const chainstate::BlockIndex* fork,
                         bool initial_download) override LOCKS_EXCLUDED(m_mutex);
    void TransactionAddedToMempool(const CTransactionRef& tx, uint64_t mempool_sequence) override LOCKS_EXCLUDED(m_mutex);
    void TransactionRemovedFromMempool(const CTransactionRef& tx, validation::MempoolRemovalReason reason,
                                       uint64_t mempool_sequence) override LOCKS_EXCLUDED(m_mutex);

    /** Called (on the notification thread) when the tip moved: the context schedules
     * ProcessTip on its own thread. */
    void SetTipChangedCallback(std::function<void()> fn) LOCKS_EXCLUDED(m_mutex);

    // ---- Keys and addresses (wallet_keys.cpp) ----
    /** A fresh key of `branch` from the active chain (marked used). Errors: no chain (blank),
     * keypool ran out while locked, database. */
    WalletResult<std::pair<XOnlyPubKey, KeyOrigin>> GetNewKey(KeyBranch branch) LOCKS_EXCLUDED(m_mutex);
    /** getnewaddress: a receive address (KEY_HASH lock) with `label`. */
    WalletResult<std::string> GetNewAddress(const std::string& label) LOCKS_EXCLUDED(m_mutex);
    /** getrawchangeaddress. */
    WalletResult<std::string> GetChangeAddress() LOCKS_EXCLUDED(m_mutex);
    /** The wallet key a lock pays to, if it is ours. */
    std::optional<std::pair<XOnlyPubKey, KeyOrigin>> GetKeyForLock(const OutputLock& lock) const LOCKS_EXCLUDED(m_mutex);
    std::optional<KeyOrigin> GetKeyOrigin(const XOnlyPubKey& key) const LOCKS_EXCLUDED(m_mutex);
    std::optional<std::string> GetLabel(const std::string& address) const LOCKS_EXCLUDED(m_mutex);
    util::Result<void> SetLabel(const std::string& address, const std::string& label) LOCKS_EXCLUDED(m_mutex);
    /** The secret key of a wallet key; UNLOCK_NEEDED when locked. */
    WalletResult<CKey> GetSecret(const XOnlyPubKey& key) LOCKS_EXCLUDED(m_mutex);
    /** Derives the look-ahead of every branch of every chain (needs the secrets). */
    WalletResult<bool> TopUpKeyPool(uint32_t new_size) LOCKS_EXCLUDED(m_mutex);
    /** Remaining look-ahead (keys derived and not handed out) of the active chain's branches. */
    std::map<KeyBranch, uint32_t> KeyPoolSizes() const LOCKS_EXCLUDED(m_mutex);
    /** The active chain's id and its birth time; std::nullopt for a blank wallet. */
    std::optional<std::pair<uint256, int64_t>> ActiveChainInfo() const LOCKS_EXCLUDED(m_mutex);

    /** The BIP39 words of the active chain. Errors: locked, blank, imported without words. */
    WalletResult<SecureString> GetMnemonic() LOCKS_EXCLUDED(m_mutex);
    /** One descriptor per branch and chain, with the next index and look-ahead. */
    struct DescriptorInfo {
        std::string descriptor;
        KeyBranch branch;
        bool active;
        uint32_t next;
        uint32_t range_end;
        int64_t timestamp;
    };
    /** With `with_private`, the descriptors hold the root key (needs the wallet unlocked);
     * without, the key is replaced by the chain's fingerprint (first 4 bytes of its id). */
    WalletResult<std::vector<DescriptorInfo>> ListDescriptors(bool with_private) LOCKS_EXCLUDED(m_mutex);
    /**
     * Imports the root of a descriptor: a new chain (active if `active` or the wallet had none)
     * with `next` as the first unused index of the descriptor's branch. Returns the chain id.
     * Errors: bad descriptor, network mismatch, locked.
     */
    WalletResult<uint256> ImportDescriptor(const std::string& descriptor, bool active, uint32_t next) LOCKS_EXCLUDED(m_mutex);

    // ---- Encryption (wallet_keys.cpp) ----
    bool IsCrypted() const LOCKS_EXCLUDED(m_mutex);
    bool IsLocked() const LOCKS_EXCLUDED(m_mutex);
    /** UNIX time the wallet relocks at (0: locked, or unencrypted). */
    int64_t UnlockedUntil() const LOCKS_EXCLUDED(m_mutex);
    /** encryptwallet: encrypts every secret and locks. */
    WalletResult<bool> EncryptWallet(const SecureString& passphrase) LOCKS_EXCLUDED(m_mutex);
    /** walletpassphrase: unlocks until `relock_time` (UNIX seconds). */
    WalletResult<bool> Unlock(const SecureString& passphrase, int64_t relock_time) LOCKS_EXCLUDED(m_mutex);
    /** walletlock: wipes every secret from memory. */
    void Lock() LOCKS_EXCLUDED(m_mutex);
    WalletResult<bool> ChangePassphrase(const SecureString& old_passphrase, const SecureString& new_passphrase)
        LOCKS_EXCLUDED(m_mutex);
    /** Locks if the relock time passed (the context's timer). */
    void RelockIfExpired(int64_t now) LOCKS_EXCLUDED(m_mutex);

    // ---- Ownership, balances, coins (receive.cpp) ----
    Balances GetBalances(int min_depth = 0) const LOCKS_EXCLUDED(m_mutex);
    /** Spendable outputs with min_depth <= depth <= max_depth (unsafe: include untrusted). */
    std::vector<WalletCoin> AvailableCoins(int min_depth, int max_depth, bool include_unsafe) const LOCKS_EXCLUDED(m_mutex);
    /** A copy of a wallet transaction. */
    std::optional<WalletTx> GetWalletTx(const uint256& txid) const LOCKS_EXCLUDED(m_mutex);
    /** Copies of all wallet transactions in insertion order, with the tip height they are seen at. */
    std::pair<std::vector<WalletTx>, int32_t> ListWalletTxs() const LOCKS_EXCLUDED(m_mutex);
    /** What a transaction means to the wallet (amounts in units). */
    struct TxAmounts {
        CAmount credit{0};        //!< value of its outputs to us
        CAmount debit{0};         //!< value of our outputs it spends
        bool all_inputs_mine{false};
        CAmount fee{0};           //!< inputs - outputs - registry locked + released (if all inputs are known)
        bool fee_known{false};
    };
    TxAmounts GetTxAmounts(const WalletTx& wtx) const LOCKS_EXCLUDED(m_mutex);
    /** listtransactions entries of `wtx` (history.cpp). */
    std::vector<TxEntry> GetTxEntries(const WalletTx& wtx) const LOCKS_EXCLUDED(m_mutex);
    /** Whether `out` of `wtx` is spent by a wallet transaction of depth >= 0. */
    bool IsSpent(const COutPoint& outpoint) const LOCKS_EXCLUDED(m_mutex);
    /** lockunspent */
    bool LockCoin(const COutPoint& outpoint, bool lock) LOCKS_EXCLUDED(m_mutex);
    std::vector<COutPoint> ListLockedCoins() const LOCKS_EXCLUDED(m_mutex);
    size_t TxCount() const LOCKS_EXCLUDED(m_mutex);

    /** abandontransaction: marks `txid` (unconfirmed, not in the mempool) and its descendants
     * abandoned, freeing their inputs. */
    WalletResult<bool> AbandonTransaction(const uint256& txid) LOCKS_EXCLUDED(m_mutex);

    // ---- Sending (spend.cpp) ----
    /** The fee rate (units per 1,000 bytes) a send uses and why: fee_rate, estimatesmartfee,
     * then -fallbackfee; never below -mintxfee or the mempool's minimum. */
    WalletResult<std::pair<CAmount, std::string>> GetFeeRate(const FeeOptions& options) const;
    /**
     * Selects coins, adds change, signs. The inputs are reserved (no other send picks them)
     * until CommitTransaction or CancelTransaction. Errors: INSUFFICIENT_FUNDS, UNLOCK_NEEDED,
     * amounts too small for their fee, fee above -maxtxfee, fee estimation unavailable.
     */
    WalletResult<CreatedTx> CreateTransaction(const TxRequest& request, const FeeOptions& fee) LOCKS_EXCLUDED(m_mutex);
    /**
     * Checks `created` with the mempool (test only), stores it (its inputs are then spent for
     * the wallet), then broadcasts it. `held`: stored but not broadcast (a registration's later
     * steps). Errors: the mempool refused it (VERIFY_REJECTED, nothing stored), the database.
     */
    WalletResult<uint256> CommitTransaction(const CreatedTx& created, const std::string& comment,
                                            const std::string& comment_to, bool held = false) LOCKS_EXCLUDED(m_mutex);
    /** Releases the inputs of a created transaction that will not be committed. */
    void CancelTransaction(const CreatedTx& created) LOCKS_EXCLUDED(m_mutex);
    /** Gives the mempool every unconfirmed wallet transaction it does not have (at load, when
     * the tip moves, and every half hour): a transaction evicted or lost in a crash returns. */
    void ResubmitTransactions() LOCKS_EXCLUDED(m_mutex);

    /** Builds (CreateTransaction) and commits (CommitTransaction) one transaction: a registry
     * statement or a send. `held`: a statement queued behind the wallet's own unconfirmed one
     * (stored, broadcast by ReleaseQueuedStatements). Errors: theirs. */
    WalletResult<CreatedTx> SendTransaction(const TxRequest& request, const FeeOptions& fee, bool held = false) LOCKS_EXCLUDED(m_mutex);
    /**
     * Broadcasts held statements queued behind another of the wallet's (NextSeqLocked) once the
     * chain's counter reaches the seq before theirs; abandons (frees the coins of) one that can
     * no longer be mined: the chain passed its seq, or the statement before it is gone
     * (abandoned, conflicted). Called with ProcessRegistrations when the tip moved.
     */
    void ReleaseQueuedStatements() LOCKS_EXCLUDED(m_mutex);

    // ---- Registry: handles (wallet_handles.cpp) ----
    /**
     * registerhandle: commits to `handle` under a fresh owner key and signs the reveal (and, with
     * `home`, the update that sets the home node) at once, holding them in the wallet until they
     * may be mined: ProcessRegistrations broadcasts them, so the registration finishes by itself,
     * across restarts and while the wallet is locked. The commitment transaction pays into an
     * output that only the held reveal spends. Errors: invalid or E.164 handle (INVALID_PARAMETER),
     * the handle is registered and not expired or this wallet is registering it, locked wallet,
     * insufficient funds, the mempool refused the commitment.
     */
    WalletResult<WalletHandle> RegisterHandle(const std::string& handle, const std::optional<XOnlyPubKey>& home,
                                              const FeeOptions& fee) LOCKS_EXCLUDED(m_mutex);
    /**
     * Moves pending registrations on: broadcasts a held reveal once its commitment is
     * commit_maturity blocks deep, a held home update once the reveal is confirmed, and records
     * why a registration stopped (handle taken, commitment expired or replaced). Called by the
     * wallet context's thread when the tip moved (never from a notification callback).
     */
    void ProcessRegistrations() LOCKS_EXCLUDED(m_mutex);
    /** Where one of the wallet's handles stands (listmyhandles, registerhandle). */
    struct HandleStatus {
        WalletHandle record;
        /** committing, waiting_for_maturity, revealing, setting_home, registered, expired,
         * transferred, failed, unknown (doc/wallet.md). */
        std::string state;
        std::optional<consensus::HandleRecord> chain; //!< the record at the tip
        int32_t tip_height{-1};
        std::optional<int32_t> reveal_height;        //!< first block that can hold the reveal
        std::vector<std::string> warnings;
    };
    std::vector<HandleStatus> ListHandles() const LOCKS_EXCLUDED(m_mutex);
    std::optional<HandleStatus> GetHandleStatus(const std::string& handle) const LOCKS_EXCLUDED(m_mutex);
    /** What an update changes: every field set is written (a zero key clears home or identity). */
    struct HandleChange {
        std::optional<consensus::Key> home;
        std::optional<consensus::Key> identity;
        bool new_identity{false};                //!< derive a fresh key of the identity branch
        std::optional<consensus::Key> new_owner;
        bool renew{false};
    };
    /** updatehandle, renewhandle, transferhandle: one update signed by the handle's owner key (which
     * must be this wallet's). Returns the txid. Errors: not our handle, expired, locked, funds. */
    WalletResult<uint256> UpdateHandle(const std::string& handle, const HandleChange& change, const FeeOptions& fee)
        LOCKS_EXCLUDED(m_mutex);
    /** bindhandle's result: sent (txid) when the node is ours, else the owner's signature of the
     * binding for the node to countersign and submit. */
    struct BindResult {
        std::optional<uint256> txid;
        consensus::BindingBody body;
        std::optional<consensus::Sig> owner_sig;
    };
    WalletResult<BindResult> BindHandle(const std::string& handle, const consensus::Key& node, const FeeOptions& fee)
        LOCKS_EXCLUDED(m_mutex);
    /**
     * countersignbinding: the node side of bindhandle to another operator's node. `body` (handle,
     * node, owner, seq) and `owner_sig` come from the owner's bindhandle result; the node must be
     * one of this wallet's nodes and active, the owner the handle's owner at the tip, the seq the
     * next binding seq. Signs with the node key and sends the binding. Returns the txid. Errors:
     * not our node, stale seq, bad signature, locked, funds, the mempool's.
     */
    WalletResult<uint256> CountersignBinding(const consensus::BindingBody& body, const consensus::Sig& owner_sig, const FeeOptions& fee)
        LOCKS_EXCLUDED(m_mutex);
    /** A fresh key of the handle branch (getnewhandlekey: the key a transfer names). */
    WalletResult<XOnlyPubKey> GetNewHandleKey() LOCKS_EXCLUDED(m_mutex);

    // ---- Registry: nodes (wallet_nodes.cpp) ----
    /** The SIP-visible fields of a node statement. */
    struct NodeFields {
        std::vector<std::string> endpoints;
        std::vector<std::string> domains;
        std::vector<std::string> prefixes;
        CAmount rate{0}; //!< units per minute terminated
    };
    /** registernode: a fresh node key, its registration with `bond` locked. Returns (txid, key). */
    WalletResult<std::pair<uint256, XOnlyPubKey>> RegisterNode(const NodeFields& fields, CAmount bond, const FeeOptions& fee)
        LOCKS_EXCLUDED(m_mutex);
    /** updatenode: the fields given replace the chain's (std::nullopt keeps the current value). */
    struct NodeFieldChanges {
        std::optional<std::vector<std::string>> endpoints;
        std::optional<std::vector<std::string>> domains;
        std::optional<std::vector<std::string>> prefixes;
        std::optional<CAmount> rate;
    };
    WalletResult<uint256> UpdateNode(const XOnlyPubKey& node, const NodeFieldChanges& changes, const FeeOptions& fee)
        LOCKS_EXCLUDED(m_mutex);
    WalletResult<uint256> DeregisterNode(const XOnlyPubKey& node, const FeeOptions& fee) LOCKS_EXCLUDED(m_mutex);
    /** depositfor: funds the deposit of (orig, term); orig must be this wallet's node. */
    WalletResult<uint256> DepositFor(const XOnlyPubKey& orig, const XOnlyPubKey& term, CAmount amount, const FeeOptions& fee)
        LOCKS_EXCLUDED(m_mutex);
    /** withdrawdeposit: asks for `amount` (default: the whole deposit; 0 cancels) of the pair's
     * deposit back to orig's node balance, released after settle_epoch + settle_window blocks. */
    WalletResult<uint256> WithdrawDeposit(const XOnlyPubKey& orig, const XOnlyPubKey& term, std::optional<CAmount> amount,
                                          const FeeOptions& fee) LOCKS_EXCLUDED(m_mutex);
    /** withdrawnodebalance: `amount` (default: all) of the node's balance to `to` (fee taken from it). */
    WalletResult<CreatedTx> WithdrawNodeBalance(const XOnlyPubKey& node, std::optional<CAmount> amount, const OutputLock& to,
                                                const FeeOptions& fee) LOCKS_EXCLUDED(m_mutex);
    /** The node keys of this wallet. */
    std::vector<WalletNode> ListNodes() const LOCKS_EXCLUDED(m_mutex);
    /** The node pairs and settlements a node of this wallet is part of, as far as the wallet's
     * transactions show them (deposits, releases and settlements name both nodes, so the wallet
     * keeps them): listmynodes reads their records at the tip. */
    struct NodeCounterparties {
        std::set<std::pair<consensus::Key, consensus::Key>> pairs;                    //!< (orig, term)
        std::set<std::tuple<consensus::Key, consensus::Key, uint32_t>> settlements;   //!< (orig, term, epoch)
    };
    NodeCounterparties GetNodeCounterparties(const XOnlyPubKey& node) const LOCKS_EXCLUDED(m_mutex);

    // ---- Vouchers (wallet_vouchers.cpp; doc/wallet.md "Vouchers") ----
    /** What the originating node signs (signvoucher; the SIP router during calls). */
    struct VoucherRequest {
        XOnlyPubKey orig;                   //!< a node of this wallet
        consensus::Key term{};              //!< the terminating node (registered)
        uint32_t epoch{0};                  //!< settlement epoch of the calls
        uint64_t seconds{0};                //!< cumulative billable seconds of the pair in the epoch
        std::optional<CAmount> rate;        //!< default: term's rate in effect for the epoch at the tip
        uint256 receipts_root;              //!< the per-call receipts' Merkle root (not read by the chain); ignored with `receipts`
        std::optional<uint256> term_nonce;  //!< default: the epoch's previous voucher's, else zero
        //! the calls whose seconds changed since the stream's previous voucher (their new totals in
        //! the epoch): merged into the stream's stored receipts, whose root the voucher signs
        std::optional<std::vector<CallReceipt>> receipts;
    };
    /**
     * Signs a voucher with the originating node's key and records it as the highest of its pair
     * and epoch. The originating nonce is random for the epoch's first voucher and kept for the
     * later ones (doc/registry.md: 32 random bytes per node and epoch). Errors: orig not a node
     * of this wallet or not registered, term not registered (INVALID_PARAMETER), locked
     * (UNLOCK_NEEDED), an epoch not begun or past its window, an amount of 0 or above MAX_MONEY,
     * fewer seconds or a lower amount than a voucher already signed for the pair and epoch
     * (INVALID_PARAMETER: vouchers are cumulative), DATABASE.
     * With `request.receipts`: they are merged into the stream's stored receipts (ListReceipts)
     * and the voucher signs ReceiptsRoot(merged); the voucher and the changed receipts are written
     * in one database transaction. More errors (INVALID_PARAMETER, nothing stored): a call named
     * twice, a receipt of 0 seconds or fewer seconds than stored for its call, merged receipts
     * that do not sum to `seconds`.
     */
    WalletResult<SignedVoucher> SignVoucher(const VoucherRequest& request) LOCKS_EXCLUDED(m_mutex);
    /**
     * Signs an opener for the stream (orig, term, epoch) (doc/registry.md "Receipts"): a voucher
     * of 0 seconds at `rate`, zero root and term nonce and a fresh random orig nonce, which asks T
     * for its nonce and can never be settled. Not stored. Errors: SignVoucher's for orig, term,
     * epoch and the lock; a negative rate (INVALID_PARAMETER).
     */
    WalletResult<SignedVoucher> SignOpener(const XOnlyPubKey& orig, const consensus::Key& term, uint32_t epoch, CAmount rate)
        LOCKS_EXCLUDED(m_mutex);
    /**
     * Stores a voucher for one of this wallet's nodes (the terminating node), keeping the highest
     * of each (orig, term, epoch); the same voucher again is UNCHANGED. Errors (nothing stored):
     * O's signature does not verify for this chain, amount 0 or above MAX_MONEY, orig = term, orig
     * not registered, the epoch's window ended (INVALID_PARAMETER);
     * term not a node of this wallet (GENERIC); DATABASE. Thread-safe. Keeps no receipts (the
     * addvoucher RPC): a later message continuing from this voucher is BASE_UNKNOWN.
     */
    WalletResult<VoucherAdded> AddVoucher(const SignedVoucher& voucher) LOCKS_EXCLUDED(m_mutex);
    /**
     * Takes what O sent T for one voucher (the SIP router). An opener (0 seconds): O's signature,
     * orig != term, orig registered, the window not ended, a rate >= 0 are checked -> OPENER,
     * nothing stored. Else AddVoucher's checks and results, except that the same voucher kept
     * without its receipts takes them now (UNCHANGED); then a base that is neither 0 nor the sum
     * of the stored receipts (T's receipts base: the seconds of the voucher they are complete for)
     * -> BASE_UNKNOWN, nothing stored (the caller may keep the voucher alone: AddVoucher(voucher));
     * the receipts replace (base 0) or update the stream's stored set, which must sum to the
     * voucher's seconds and hash to its receipts root (INVALID_PARAMETER "the receipts do not
     * match the voucher: ..."); the voucher and the receipts are written in one database
     * transaction. Errors (nothing stored): AddVoucher's, those above. Thread-safe.
     */
    WalletResult<VoucherAdded> AddVoucher(const VoucherMessage& message) LOCKS_EXCLUDED(m_mutex);
    /**
     * T's 32 random bytes for the stream `key` (doc/registry.md "Opener"): HMAC-SHA256 of the
     * stream under a random seed the wallet draws once and keeps, so every answer and every
     * restart gives the stream the same nonce and no table is needed. Works while locked.
     * Errors: term not a node of this wallet (GENERIC), DATABASE.
     */
    WalletResult<uint256> TermNonce(const VoucherKey& key) LOCKS_EXCLUDED(m_mutex);
    /** The stored receipts of the stream `key`, sorted by call (empty if none). */
    std::vector<CallReceipt> ListReceipts(const VoucherKey& key) const LOCKS_EXCLUDED(m_mutex);
    /** Every stored voucher (signed or received), by orig, term and epoch. */
    std::vector<SignedVoucher> ListVouchers() const LOCKS_EXCLUDED(m_mutex);
    /** The highest voucher amount (and its seconds) per pair and epoch in the wallet's settlement
     * transactions: confirmed ones, or also those in the mempool. */
    std::map<VoucherKey, consensus::SettlementRecord> SettledInWallet(bool include_unconfirmed) const LOCKS_EXCLUDED(m_mutex);
    /** Erases the vouchers of the epochs whose window ended settle_window blocks or more before
     * the next block (they can no longer be settled; listmynodes showed them settled or expired
     * for that long), and their streams' receipts. Returns how many vouchers. Called when the tip
     * moved. */
    size_t ForgetOldVouchers() LOCKS_EXCLUDED(m_mutex);
    /** One settlement transaction settlevouchers sent. */
    struct SettlementSent {
        uint256 txid;
        consensus::Key orig{};
        consensus::Key term{};
        std::vector<uint32_t> epochs;
        CAmount amount{0}; //!< what it adds to the chain's settled amounts (paid from the deposit or owed)
    };
    struct SettleResult {
        std::vector<SettlementSent> sent;
        std::vector<std::string> warnings; //!< settlements that could not be sent after a first one was
    };
    /**
     * settlevouchers: sends, per pair, settlements (up to 24 vouchers spanning fewer than 24
     * epochs each) of the stored vouchers of this wallet's nodes as terminating node (only `term`,
     * only from `orig` if given) that are settleable at the next block, worth more than the
     * chain settled, and not in a settlement of this wallet in the mempool. The fee is paid by
     * the wallet's coins. Errors: term not ours, nothing to settle (GENERIC, saying why: none
     * stored, settled, expired, ...), SendTransaction's for the first settlement.
     */
    WalletResult<SettleResult> SettleVouchers(const std::optional<XOnlyPubKey>& term, const std::optional<consensus::Key>& orig,
                                              const FeeOptions& fee) LOCKS_EXCLUDED(m_mutex);

    // ---- Availability probing: the receipts our nodes collected (wallet_probe.cpp) ----
    /** Stores the receipt (prober at draw position `index` signed the challenge of `target`, a
     * node key of this wallet, in `epoch`) before the target answers; storing it again is a no-op.
     * Errors: not our key, the database. Thread-safe (the SIP thread calls it). */
    util::Result<void> AddProbeReceipt(const XOnlyPubKey& target, uint32_t epoch, const consensus::ProbeReceipt& receipt)
        LOCKS_EXCLUDED(m_mutex);
    /** The stored receipts of (target, epoch), by ascending index. */
    std::vector<consensus::ProbeReceipt> ProbeReceiptsOf(const XOnlyPubKey& target, uint32_t epoch) const LOCKS_EXCLUDED(m_mutex);
    /** Erases the receipts (and the recorded submission) of every epoch before `epoch`. */
    void ForgetProbeReceiptsBefore(uint32_t epoch) LOCKS_EXCLUDED(m_mutex);
    /** Sends the probe_receipts transaction `receipts` (its fee paid by the wallet's coins) and
     * records its txid for (target, epoch). Errors: SendTransaction's. */
    WalletResult<uint256> SendProbeReceipts(const consensus::ProbeReceipts& receipts, const FeeOptions& fee) LOCKS_EXCLUDED(m_mutex);
    /** The txid SendProbeReceipts last recorded for (target, epoch), if any. */
    std::optional<uint256> ProbeReceiptsTx(const XOnlyPubKey& target, uint32_t epoch) const LOCKS_EXCLUDED(m_mutex);

    // ---- SIP credentials (wallet_registry.cpp) ----
    /** Why this wallet may not keep a SIP credential of `handle` on this node (std::nullopt: it
     * may). Calls reach a handle at its bound node, else its home node (the chain at the tip), so
     * the handle must be bound to or homed at one of this wallet's nodes; owning it is not enough.
     * The reason names what to do (register it, set its home, bind it). */
    std::optional<std::string> WhyNotServed(const std::string& handle) const LOCKS_EXCLUDED(m_mutex);
    /**
     * Stores (replaces) the credential of `credential.handle` (HA1 values in the clear) in the
     * wallet file; an encrypted wallet stores them encrypted under the master key. Errors:
     * UNLOCK_NEEDED (an encrypted wallet that is locked: it cannot encrypt), DATABASE.
     */
    WalletResult<bool> SetSipCredential(SipCredential credential) LOCKS_EXCLUDED(m_mutex);
    /** Erases the credential of `handle` (also while locked); false if there was none. */
    util::Result<bool> RemoveSipCredential(const std::string& handle) LOCKS_EXCLUDED(m_mutex);
    /** The credentials as stored: HA1 values in the clear, or (encrypted wallet) ciphertext only. */
    std::vector<SipCredential> ListSipCredentials() const LOCKS_EXCLUDED(m_mutex);
    /** What the SIP registrar may be given now. */
    struct SipCredentialsForRegistrar {
        std::vector<SipCredential> clear; //!< HA1 values in the clear
        std::vector<std::string> locked;  //!< handles whose HA1 values are encrypted while the wallet is locked
    };
    /** The credentials with their HA1 values in the clear: all of them in an unencrypted or
     * unlocked wallet (decrypted with the master key); in a locked encrypted wallet only their
     * handles. A credential that does not decrypt (corrupt record) is logged and left out. */
    SipCredentialsForRegistrar SipCredentialsInClear() const LOCKS_EXCLUDED(m_mutex);

    /** Test hook: the tip height the wallet's state is relative to. */
    int32_t TipHeight() const LOCKS_EXCLUDED(m_mutex);

private:
    Wallet(std::string name, std::unique_ptr<WalletDatabase> db, interfaces::Chain& chain, const WalletOptions& options);
    util::Result<void> LoadContents(WalletContents contents) LOCKS_EXCLUDED(m_mutex);

    // wallet_keys.cpp
    void IndexKeyLocked(const KeyOrigin& origin, const XOnlyPubKey& key) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Derives the look-ahead of `chain` and stores it; false (nothing done) while locked. */
    util::Result<bool> TopUpChainLocked(KeyChain& chain) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Marks (branch, index) of a chain used: advances `next` and tops up if possible. */
    void MarkKeyUsedLocked(const KeyOrigin& origin) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    uint32_t LookaheadLocked(KeyBranch branch) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    bool IsLockedLocked() const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Encrypts the HA1 values of `credential` under `master` (they are zeroed in it). */
    static void EncryptSipCredential(SipCredential& credential, std::span<const uint8_t> master);
    /** Encrypts and rewrites credentials an earlier version stored in the clear in an encrypted
     * wallet (needs the master key); returns how many. */
    util::Result<size_t> EncryptClearSipCredentialsLocked() EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void LockLocked() EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    util::Result<void> AddChainLocked(ChainSecret secret, bool make_active, int64_t create_time) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    std::optional<SecureBytes> DecryptMasterKey(const SecureString& passphrase) const LOCKS_EXCLUDED(m_mutex);

    // wallet.cpp
    /** Adds or updates a transaction; returns whether anything changed. Writes it. */
    bool AddToWalletLocked(const CTransactionRef& tx, const TxState& state, int64_t block_time,
                           const std::function<void(WalletTx&)>& update = {}) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Writes `wtx` after a change (state, flags) and refreshes the coins it spends in the coin
     * index: every change of a wallet transaction ends here. */
    void WriteTxLocked(const WalletTx& wtx) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void WriteBestBlockLocked(bool force) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Applies `state` to `txid` and every wallet transaction spending its outputs
     * (conflicts and abandonment propagate to descendants). */
    void RecursiveUpdateStateLocked(const uint256& txid, const std::function<bool(WalletTx&)>& update)
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);

    // wallet_sync.cpp
    /** Applies one transaction seen in a block (confirmed) or the mempool; returns whether it
     * is (now) a wallet transaction. */
    bool SyncTransactionLocked(const CTransactionRef& tx, const TxState& state, int64_t block_time, bool rescanning)
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Whether `tx` concerns the wallet: pays or spends its coins, or names its keys. */
    bool IsRelevantLocked(const CTransaction& tx) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void MarkConflictsLocked(const CTransaction& tx, const uint256& block_hash, int32_t height) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** At attach, after registering for notifications (so no mempool event falls between the two):
     * marks each unconfirmed transaction in or out of the mempool as the mempool has it now (it
     * may have lost it in a restart, or loaded it from mempool.dat before the wallet listened);
     * an abandoned one that is in the mempool is no longer abandoned, as after
     * TransactionAddedToMempool. Later mempool events keep this current. */
    void SyncMempoolStates() LOCKS_EXCLUDED(m_mutex);
    void ApplyBlockLocked(const CBlock& block, const uint256& hash, int32_t height, int64_t time, bool rescanning)
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    // wallet_handles.cpp, wallet_nodes.cpp
    WalletResult<CKey> GetSecretLocked(const XOnlyPubKey& key) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    HandleStatus HandleStatusLocked(const WalletHandle& handle, const std::optional<consensus::HandleRecord>& chain, int32_t tip) const
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** The node's chain record and its secret key; errors: not ours, not registered, locked. */
    WalletResult<std::pair<consensus::NodeRecord, CKey>> OurNodeLocked(const XOnlyPubKey& node) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Fills a node statement's request from the node's chain record and key (under m_mutex). */
    using NodeStatementBuilder = std::function<std::optional<WalletFailure>(const consensus::NodeRecord&, const CKey&, TxRequest&)>;
    /** Sends the statement `build` makes for one of the wallet's nodes. Errors: OurNodeLocked's,
     * build's, SendTransaction's. */
    WalletResult<CreatedTx> SendNodeStatement(const XOnlyPubKey& node, TxRequest request, const FeeOptions& fee,
                                              const NodeStatementBuilder& build) LOCKS_EXCLUDED(m_mutex);
    /** What a handle registration signs in advance (wallet_handles.cpp). */
    struct RegistrationPlan {
        std::string handle;
        std::pair<XOnlyPubKey, KeyOrigin> owner;
        uint256 salt;
        Payload commit;
        Payload reveal;
        std::optional<Payload> update;  //!< sets the home node after the reveal
        OutputLock reserve_lock;        //!< the commitment's output the reveal spends
        OutputLock reveal_lock;         //!< the reveal's output (the update spends it)
        OutputLock update_lock;
        CAmount burn{0};
        CAmount reveal_fee{0};
        CAmount update_fee{0};
        CAmount out_value{0};           //!< the reveal's output: dust-safe, plus the update's fee
        CAmount Reserved() const { return burn + reveal_fee + out_value; }
    };
    /** Keys (the owner fresh, or `owner` when resuming), salt (derived from the owner's secret and
     * the name), payloads (the update signed) and fees of a registration. Errors: locked, keys, fees. */
    WalletResult<RegistrationPlan> PlanRegistration(const std::string& handle, const std::optional<XOnlyPubKey>& home,
                                                    const std::optional<consensus::HandleRecord>& existing, const FeeOptions& fee,
                                                    const std::optional<std::pair<XOnlyPubKey, KeyOrigin>>& owner) LOCKS_EXCLUDED(m_mutex);
    /** A live, unexpired commitment of `handle` the wallet made under one of its handle keys. */
    struct OwnCommit {
        std::pair<XOnlyPubKey, KeyOrigin> owner;
        uint256 commit_txid;
    };
    /** Looks for an OwnCommit among the wallet's transactions (needs the secrets: none while locked). */
    std::optional<OwnCommit> FindOwnCommitLocked(const std::string& handle) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** The resumed reveal (funded by coin selection) and, with a home node, the update spending its output. */
    WalletResult<std::vector<CreatedTx>> HoldResumedRevealLocked(const RegistrationPlan& plan, const CreatedTx& reveal)
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** The commitment and the signed reveal (and update) that spend it, in that order. */
    WalletResult<std::vector<CreatedTx>> HoldRegistrationLocked(const RegistrationPlan& plan, const CreatedTx& commit)
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Broadcasts released registration transactions; a refusal no later block can cure stops
     * the registration and abandons the transaction (its coin is free again). */
    void BroadcastRegistrationTxs(const std::vector<CTransactionRef>& due) LOCKS_EXCLUDED(m_mutex);
    /** A transaction spending exactly `prevout` (worth `prev`) into one output of `out_value` to
     * a fresh change key, signed; fee = what is left after `locked` and the output. */
    WalletResult<CreatedTx> CreateChainedTxLocked(TxKind kind, const Payload& payload, const COutPoint& prevout, const CTxOut& prev,
                                                  CAmount locked, CAmount out_value, const OutputLock& out_lock)
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** The fee of a one-input (key hash), one-output transaction of `kind` with `payload`. */
    CAmount ChainedTxFeeLocked(TxKind kind, const Payload& payload, CAmount rate_per_kb) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /**
     * Commits several transactions atomically with `extra` (more writes, under the same database
     * transaction and m_mutex hold): the first is checked with the mempool, stored and broadcast;
     * the others are stored held. `extra` may refuse (returns a failure): then nothing is stored
     * and the inputs are released. `hold_all`: the first is stored held too (not checked with
     * the mempool, not broadcast). Errors as CommitTransaction, or extra's.
     */
    WalletResult<uint256> CommitGroup(const std::vector<CreatedTx>& group, const std::function<std::optional<WalletFailure>()>& extra,
                                      bool hold_all = false) LOCKS_EXCLUDED(m_mutex);
    /** Whether `handle` is a registration still under way (its reveal unconfirmed and alive). */
    bool IsRegistrationPendingLocked(const WalletHandle& handle) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    // wallet_vouchers.cpp
    /** The stored voucher of (orig, term, epoch), if any (a corrupt record is logged, not returned).
     * Under m_mutex so that read-compare-write of a record is atomic. */
    std::optional<SignedVoucher> ReadVoucherLocked(const VoucherKey& key) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** The stored receipts of a stream by call (a corrupt record is logged and skipped). */
    std::map<uint256, uint64_t> ReadReceiptsLocked(const VoucherKey& key) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** What signing for the stream (orig, term, epoch) needs: orig's node key and term's record.
     * Errors: SignVoucher's for orig, term, epoch and the lock. */
    WalletResult<std::pair<CKey, consensus::NodeRecord>> VoucherSignerLocked(const XOnlyPubKey& orig, const consensus::Key& term,
                                                                             uint32_t epoch) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** AddVoucher's checks that need the wallet's nodes and the chain: term ours (GENERIC), orig
     * registered, the epoch's window not ended (INVALID_PARAMETER). */
    std::optional<WalletFailure> CheckReceivedLocked(const SignedVoucher& voucher) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Both AddVoucher overloads: stores `voucher`; with `message`, its receipts too. */
    WalletResult<VoucherAdded> StoreReceivedVoucher(const SignedVoucher& voucher, const VoucherMessage* message) LOCKS_EXCLUDED(m_mutex);
    // wallet_registry.cpp
    /** The seq of the wallet's next statement on `counter`'s counter: one past the chain's
     * (`chain_seq`) and past every live, unconfirmed statement of this wallet on it (sent or held),
     * so a second update while the first is unconfirmed does not reuse its seq. `queued`: such a
     * statement exists, so the new one must be held until it is mined (the mempool keeps one
     * statement per counter). */
    uint32_t NextSeqLocked(const StatementSeq& counter, uint32_t chain_seq, bool& queued) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Registry side of a relevant transaction: handles and nodes it names become ours, the
     * keys it names are used. */
    void SyncRegistryLocked(const CTransaction& tx) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Whether a registry transaction names a key of this wallet (owner, node, new owner). */
    bool RegistryNamesOurKeysLocked(const CTransaction& tx) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);

    // spend.cpp
    /** Stores a created transaction (its inputs are spent for the wallet from now on). */
    void StoreCreatedLocked(const CreatedTx& created, const std::string& comment, const std::string& comment_to, bool held)
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Undoes StoreCreatedLocked's memory side after a failed database commit. */
    void ForgetTxLocked(const CTransaction& tx) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    util::Result<void> SignTransactionLocked(CMutableTransaction& tx, const std::vector<CTxOut>& spent) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Hands `tx` to the mempool; accepted, it is marked in the mempool at once (its change is
     * trusted when the send returns); a refusal is logged (rebroadcast retries). Without m_mutex. */
    void Broadcast(const CTransactionRef& tx) LOCKS_EXCLUDED(m_mutex);

    // receive.cpp
    bool IsMineLocked(const CTxOut& out) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    bool IsFromMeLocked(const CTransaction& tx) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    bool IsSpentLocked(const COutPoint& outpoint) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    bool IsTrustedLocked(const WalletTx& wtx) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Blocks until a coinbase output matures (0 when mature or not a coinbase). */
    int32_t BlocksToMaturityLocked(const WalletTx& wtx) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    std::vector<WalletCoin> AvailableCoinsLocked(int min_depth, int max_depth, bool include_unsafe) const
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    // The coin index (m_unspent, m_foreign_outputs; receive.cpp).
    /** Whether `outpoint` is an output of a wallet transaction that pays a wallet key. */
    bool IsOurOutputLocked(const COutPoint& outpoint) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Puts `outpoint` (ours) in m_unspent or takes it out: spent while a wallet transaction
     * that is neither conflicted nor abandoned spends it. */
    void RefreshCoinLocked(const COutPoint& outpoint) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** A transaction new to the wallet: its outputs that pay us become coins, the others wait in
     * m_foreign_outputs for a key derived later. */
    void IndexTxOutputsLocked(const CTransaction& tx) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** `tx` changed state or left the wallet: the coins it spends are refreshed. */
    void RefreshSpentCoinsLocked(const CTransaction& tx) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** `tx` left the wallet (ForgetTxLocked): its outputs leave the index, its inputs are refreshed. */
    void UnindexTxLocked(const CTransaction& tx) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** A new wallet lock (IndexKeyLocked): outputs of wallet transactions paying it become coins. */
    void IndexOutputsPayingLocked(const OutputLock& lock) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    TxAmounts GetTxAmountsLocked(const WalletTx& wtx) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);

    const std::string m_name;
    const std::unique_ptr<WalletDatabase> m_db;
    interfaces::Chain& m_chain;
    const WalletOptions m_options;

    mutable Mutex m_mutex;
    uint64_t m_flags GUARDED_BY(m_mutex){0};
    std::optional<MasterKeyRecord> m_master_key_record GUARDED_BY(m_mutex);
    /** The decrypted master key while unlocked; empty when locked or unencrypted. */
    SecureBytes m_master_key GUARDED_BY(m_mutex);
    int64_t m_relock_time GUARDED_BY(m_mutex){0};
    /** TermNonce's seed, once read or drawn (the `termnonceseed` record). */
    std::optional<std::array<uint8_t, 32>> m_term_nonce_seed GUARDED_BY(m_mutex);
    std::map<uint256, KeyChain> m_chains GUARDED_BY(m_mutex);
    std::optional<uint256> m_active_chain GUARDED_BY(m_mutex);
    std::map<XOnlyPubKey, KeyOrigin> m_key_origins GUARDED_BY(m_mutex);
    /** Lock (type || program) -> wallet key, for both lock types of every key. Hashed: every
     * output the wallet looks at (sends, balances, every output of every block it scans) is
     * looked up here. */
    std::unordered_map<std::array<uint8_t, 33>, XOnlyPubKey, LockBytesHasher> m_lock_keys GUARDED_BY(m_mutex);
    std::map<std::string, std::string> m_labels GUARDED_BY(m_mutex);

    std::map<uint256, WalletTx> m_txs GUARDED_BY(m_mutex);
    /** Outpoint -> wallet transactions spending it (all inputs of all wallet transactions). */
    std::unordered_multimap<COutPoint, uint256, SaltedOutpointHasher> m_spends GUARDED_BY(m_mutex);
    /**
     * The coin index, so that a send or a balance looks at the wallet's coins rather than at
     * every transaction it ever had: the outputs of wallet transactions that pay a wallet key and
     * that no live (neither conflicted nor abandoned) wallet transaction spends, kept at every
     * change (AddToWalletLocked/WriteTxLocked, ForgetTxLocked, IndexKeyLocked). Whatever their
     * own transaction's state: the readers filter that, and check IsSpentLocked (by depth) too,
     * as before the index.
     */
    std::set<COutPoint> m_unspent GUARDED_BY(m_mutex);
    /** Outputs of wallet transactions that pay no wallet key, by lock (type || program): they
     * join m_unspent if a key derived later (a top-up, an import) matches. */
    std::multimap<std::array<uint8_t, 33>, COutPoint> m_foreign_outputs GUARDED_BY(m_mutex);
    uint64_t m_next_order GUARDED_BY(m_mutex){0};
    std::set<COutPoint> m_locked_coins GUARDED_BY(m_mutex);
    /** Inputs of transactions being created (between CreateTransaction and Commit/Cancel). */
    std::set<COutPoint> m_reserved GUARDED_BY(m_mutex);
    BestBlock m_last_block GUARDED_BY(m_mutex);
    int64_t m_last_block_written GUARDED_BY(m_mutex){0};
    BestBlock m_last_block_on_disk GUARDED_BY(m_mutex);

    std::map<std::string, WalletHandle> m_handles GUARDED_BY(m_mutex);
    std::map<XOnlyPubKey, WalletNode> m_nodes GUARDED_BY(m_mutex);
    std::map<std::string, SipCredential> m_sip_credentials GUARDED_BY(m_mutex);

    std::function<void()> m_tip_changed GUARDED_BY(m_mutex);
    std::atomic<bool> m_scanning{false};
    std::atomic<bool> m_abort_rescan{false};
    bool m_attached{false};

    friend class WalletTestAccess;
};

/** "[a-zA-Z0-9 _.-]" names up to 64 characters, or "" (the default wallet): no path parts. */
bool IsValidWalletName(const std::string& name);

} // namespace wallet

#endif // DOTS_WALLET_WALLET_H
