// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_WALLET_CONTEXT_H
#define DOTS_WALLET_CONTEXT_H

/**
 * The node's wallets (Bitcoin Core's WalletContext and its load/unload functions): the wallet
 * directory, the wallets loaded now, which ones load at start (-wallet and the "wallet" list of
 * settings.json, as Bitcoin Core), and one timer thread for what happens later: relocking after
 * walletpassphrase's timeout, finishing handle registrations when the tip moves, and
 * rebroadcasting unconfirmed transactions.
 *
 * Layout: `<walletdir>/<name>/wallet.dat`; the default wallet "" is `<walletdir>/wallet.dat`.
 * `<walletdir>` is `-walletdir` or `<datadir>/<chain>/wallets`.
 *
 * Thread-safety: all methods are thread-safe (RPC threads call them); wallets are shared_ptrs, so
 * an RPC in flight keeps its wallet alive while it is unloaded.
 */

#include <util/result.h>
#include <util/sync.h>
#include <wallet/wallet.h>

#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

class ArgsManager;
namespace interfaces {
class Chain;
class SipCredentials;
} // namespace interfaces

namespace wallet {

struct WalletContextOptions {
    std::filesystem::path wallet_dir;
    /** settings.json (the "wallet" list of wallets loaded at start). */
    std::filesystem::path settings_file;
    WalletOptions wallet;
    /** -wallet= values, loaded at start before the settings' list. */
    std::vector<std::string> startup_wallets;
};

/** Registers the wallet's options (-wallet, -walletdir, -disablewallet, -keypool, fees...). */
void AddWalletArgs(ArgsManager& args);
/** Reads them. Errors name the option. */
util::Result<WalletContextOptions> GetWalletContextOptions(const ArgsManager& args, const std::filesystem::path& net_dir,
                                                           const std::string& chain_name);

class WalletContext
{
public:
    explicit WalletContext(WalletContextOptions options);
    ~WalletContext();
    WalletContext(const WalletContext&) = delete;
    WalletContext& operator=(const WalletContext&) = delete;

    /** The SIP registrar's credential store (null with -siplisten=0); set before Start. */
    void SetSipCredentials(interfaces::SipCredentials* credentials) { m_sip = credentials; }
    interfaces::SipCredentials* SipCredentials() const { return m_sip; }

    /**
     * The chain is loaded: loads the -wallet wallets and those of settings.json, then starts the
     * timer thread. Errors: a -wallet wallet that fails to load (the node does not start, as
     * Bitcoin Core); settings.json wallets that fail only log a warning.
     */
    util::Result<void> Start(interfaces::Chain& chain);
    /** Stops the thread and unloads every wallet (writing their last block). Idempotent. */
    void Stop();
    /** The chain, once Start ran (RPCs answer "not loaded yet" before). */
    interfaces::Chain* Chain() const;

    WalletResult<std::shared_ptr<Wallet>> CreateWallet(const std::string& name, const CreateOptions& options,
                                                       std::optional<bool> load_on_startup, std::vector<std::string>& warnings);
    WalletResult<std::shared_ptr<Wallet>> LoadWallet(const std::string& name, std::optional<bool> load_on_startup,
                                                     std::vector<std::string>& warnings);
    WalletResult<bool> UnloadWallet(const std::string& name, std::optional<bool> load_on_startup, std::vector<std::string>& warnings);
    /** restorewallet: copies a backup file to the wallet's place, loads it and rescans. */
    WalletResult<std::shared_ptr<Wallet>> RestoreWallet(const std::string& name, const std::filesystem::path& backup,
                                                        std::optional<bool> load_on_startup, std::vector<std::string>& warnings);

    std::shared_ptr<Wallet> GetWallet(const std::string& name) const;
    std::vector<std::shared_ptr<Wallet>> GetWallets() const;
    /** Names of the wallets found in the wallet directory (listwalletdir). */
    std::vector<std::string> ListWalletDir() const;
    std::filesystem::path WalletPath(const std::string& name) const;
    const std::filesystem::path& WalletDir() const { return m_options.wallet_dir; }
    const WalletOptions& Options() const { return m_options.wallet; }

    /** Wakes the timer thread: something is due (a tip change, a new relock time). */
    void Notify();

    /**
     * Gives the SIP registrar the credentials `wallet` keeps (at load, and at walletpassphrase:
     * a locked encrypted wallet can give only after an unlock), or takes them all back
     * (`remove`, at unload). The registrar keeps what it was given when the wallet locks again,
     * so registered phones keep working. Credentials computed for another realm are skipped with
     * a warning; those still encrypted are named in a log warning.
     */
    void GiveSipCredentials(Wallet& wallet, bool remove) LOCKS_EXCLUDED(m_mutex);

private:
    /** Holds a wallet name in m_busy until destroyed (see ClaimName). */
    class NameClaim;
    /**
     * Checks `name` and claims it against a concurrent create, load or restore of the same name.
     * Errors: invalid name, a wallet of that name is loaded or being opened.
     */
    WalletResult<std::unique_ptr<NameClaim>> ClaimName(const std::string& name) LOCKS_EXCLUDED(m_mutex);
    WalletResult<std::shared_ptr<Wallet>> Attach(std::shared_ptr<Wallet> wallet, std::optional<int32_t> rescan_from)
        LOCKS_EXCLUDED(m_mutex);
    void UpdateStartupSetting(const std::string& name, std::optional<bool> load_on_startup, std::vector<std::string>& warnings)
        LOCKS_EXCLUDED(m_settings_mutex);
    std::vector<std::string> ReadStartupSetting() const;
    void TimerThread() LOCKS_EXCLUDED(m_mutex);
    void ProcessWallet(Wallet& wallet, bool tip_changed, bool rebroadcast) LOCKS_EXCLUDED(m_mutex);

    const WalletContextOptions m_options;
    interfaces::SipCredentials* m_sip{nullptr};

    mutable Mutex m_mutex;
    interfaces::Chain* m_chain GUARDED_BY(m_mutex){nullptr};
    std::map<std::string, std::shared_ptr<Wallet>> m_wallets GUARDED_BY(m_mutex);
    /** Names being created, loaded or restored right now (a second open of one name fails). */
    std::set<std::string> m_busy GUARDED_BY(m_mutex);
    std::set<std::string> m_tip_changed GUARDED_BY(m_mutex);
    bool m_stop GUARDED_BY(m_mutex){false};
    std::condition_variable m_cv;
    std::thread m_thread;
    mutable Mutex m_settings_mutex;
};

} // namespace wallet

#endif // DOTS_WALLET_CONTEXT_H
