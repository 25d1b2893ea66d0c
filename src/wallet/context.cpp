// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <wallet/context.h>

#include <interfaces/chain.h>
#include <interfaces/sip_credentials.h>
#include <rpc/amount.h>
#include <util/args.h>
#include <util/format.h>
#include <util/fs.h>
#include <util/logging.h>
#include <util/time.h>

#include <algorithm>
#include <chrono>

#include <univalue.h>

namespace wallet {

namespace {
constexpr int64_t REBROADCAST_INTERVAL = 30 * 60;

util::Result<CAmount> ParseFeeArg(const ArgsManager& args, const std::string& name, CAmount default_value)
{
    const auto text = args.GetArg(name);
    if (!text) return default_value;
    const auto amount = rpc::AmountFromValue(UniValue{*text});
    if (const auto* error = std::get_if<rpc::RPCError>(&amount)) {
        return util::Error{StrFormat("Invalid amount for %s=<amount>: '%s' (%s)", name.c_str(), text->c_str(), error->message.c_str())};
    }
    return std::get<CAmount>(amount);
}
} // namespace

void AddWalletArgs(ArgsManager& args)
{
    args.AddArg("-disablewallet", "Do not load the wallet and disable wallet RPC calls", ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-wallet=<name>", "Specify wallet name to load at startup. Can be used multiple times to load multiple wallets. "
                "Wallets live in <walletdir>/<name>/wallet.dat (the default wallet \"\" in <walletdir>/wallet.dat).",
                ALLOW_STRING | ALLOW_LIST, OptionsCategory::OPTIONS);
    args.AddArg("-walletdir=<dir>", "Specify directory to hold wallets (default: <datadir>/wallets)", ALLOW_STRING, OptionsCategory::OPTIONS);
    args.AddArg("-keypool=<n>", "Set key pool size to <n> (default: 1000). The wallet derives this many receive and change keys ahead, "
                "which is also how far a restored wallet looks for used keys.", ALLOW_INT, OptionsCategory::OPTIONS);
    args.AddArg("-fallbackfee=<amt>", "A fee rate (in DOTS/kvB) that will be used when fee estimation has insufficient data. "
                "0 to entirely disable the fallbackfee feature. (default: 0, regtest: 0.0001)", ALLOW_STRING, OptionsCategory::OPTIONS);
    args.AddArg("-mintxfee=<amt>", "Fee rates (in DOTS/kvB) smaller than this are considered zero fee for transaction creation (default: 0.00001)",
                ALLOW_STRING, OptionsCategory::OPTIONS);
    args.AddArg("-maxtxfee=<amt>", "Maximum total fees (in DOTS) to use in a single wallet transaction; setting this too low may abort large transactions (default: 0.1)",
                ALLOW_STRING, OptionsCategory::OPTIONS);
    args.AddArg("-txconfirmtarget=<n>", "If paytxfee is not set, include enough fee so transactions begin confirmation on average within n blocks (default: 6)",
                ALLOW_INT, OptionsCategory::OPTIONS);
    args.AddArg("-spendzeroconfchange", "Spend unconfirmed change when sending transactions (default: 1)", ALLOW_BOOL, OptionsCategory::OPTIONS);
    args.AddArg("-walletrebroadcast", "Start rebroadcasting unconfirmed wallet transactions at startup and every half hour (default: 1)",
                ALLOW_BOOL, OptionsCategory::OPTIONS);
}

util::Result<WalletContextOptions> GetWalletContextOptions(const ArgsManager& args, const std::filesystem::path& net_dir,
                                                           const std::string& chain_name)
{
    WalletContextOptions options;
    if (const auto dir = args.GetArg("-walletdir")) {
        std::error_code ec;
        options.wallet_dir = std::filesystem::absolute(*dir, ec);
        if (ec || !std::filesystem::is_directory(options.wallet_dir, ec)) {
            return util::Error{StrFormat("Specified -walletdir \"%s\" does not exist or is not a directory", dir->c_str())};
        }
    } else {
        options.wallet_dir = net_dir / "wallets";
    }
    options.settings_file = net_dir / "settings.json";
    const int64_t keypool = args.GetIntArg("-keypool", 1000);
    if (keypool < 1 || keypool > 100'000) return util::Error{"-keypool must be between 1 and 100000"};
    options.wallet.keypool_size = static_cast<uint32_t>(keypool);
    auto fallback = ParseFeeArg(args, "-fallbackfee", chain_name == "regtest" ? 10'000 : 0);
    if (!fallback) return util::Error{fallback.error()};
    auto mintxfee = ParseFeeArg(args, "-mintxfee", 1000);
    if (!mintxfee) return util::Error{mintxfee.error()};
    auto maxtxfee = ParseFeeArg(args, "-maxtxfee", COIN / 10);
    if (!maxtxfee) return util::Error{maxtxfee.error()};
    if (*maxtxfee == 0) return util::Error{"-maxtxfee must be above 0"};
    options.wallet.fallback_fee_per_kb = *fallback;
    options.wallet.min_tx_fee_per_kb = *mintxfee;
    options.wallet.max_tx_fee = *maxtxfee;
    const int64_t target = args.GetIntArg("-txconfirmtarget", 6);
    if (target < 1 || target > 1008) return util::Error{"-txconfirmtarget must be between 1 and 1008"};
    options.wallet.confirm_target = static_cast<int>(target);
    options.wallet.spend_zero_conf_change = args.GetBoolArg("-spendzeroconfchange", true);
    options.wallet.rebroadcast = args.GetBoolArg("-walletrebroadcast", true);
    for (const std::string& name : args.GetArgs("-wallet")) {
        if (!IsValidWalletName(name)) {
            return util::Error{StrFormat("Invalid -wallet=%s: a wallet name has up to 64 letters, digits, spaces, '_', '.' or '-'", name.c_str())};
        }
        options.startup_wallets.push_back(name);
    }
    return options;
}

WalletContext::WalletContext(WalletContextOptions options) : m_options{std::move(options)} {}

WalletContext::~WalletContext() { Stop(); }

interfaces::Chain* WalletContext::Chain() const
{
    LOCK(m_mutex);
    return m_chain;
}

std::filesystem::path WalletContext::WalletPath(const std::string& name) const
{
    if (name.empty()) return m_options.wallet_dir / "wallet.dat";
    return m_options.wallet_dir / name / "wallet.dat";
}

util::Result<void> WalletContext::Start(interfaces::Chain& chain)
{
    std::error_code ec;
    std::filesystem::create_directories(m_options.wallet_dir, ec);
    if (ec) return util::Error{StrFormat("Cannot create the wallet directory %s: %s", m_options.wallet_dir.c_str(), ec.message().c_str())};
    {
        LOCK(m_mutex);
        m_chain = &chain;
        m_stop = false;
    }
    std::vector<std::string> warnings;
    std::set<std::string> loaded;
    for (const std::string& name : m_options.startup_wallets) {
        if (!loaded.insert(name).second) continue;
        auto res = LoadWallet(name, std::nullopt, warnings);
        if (const auto* failure = std::get_if<WalletFailure>(&res)) {
            return util::Error{StrFormat("Cannot load wallet \"%s\" (-wallet): %s", name.c_str(), failure->message.c_str())};
        }
    }
    for (const std::string& name : ReadStartupSetting()) {
        if (!loaded.insert(name).second) continue;
        auto res = LoadWallet(name, std::nullopt, warnings);
        if (const auto* failure = std::get_if<WalletFailure>(&res)) {
            LogWarning("Cannot load wallet \"%s\" listed in %s: %s", name.c_str(), m_options.settings_file.c_str(), failure->message.c_str());
        }
    }
    for (const std::string& warning : warnings) LogWarning("%s", warning.c_str());
    m_thread = std::thread{[this] { TimerThread(); }};
    return {};
}

void WalletContext::Stop()
{
    {
        LOCK(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
    std::map<std::string, std::shared_ptr<Wallet>> wallets;
    {
        LOCK(m_mutex);
        wallets.swap(m_wallets);
    }
    for (auto& [name, wallet] : wallets) {
        wallet->SetTipChangedCallback({});
        wallet->DetachChain();
        LogInfo("Wallet \"%s\": unloaded", name.c_str());
    }
}

void WalletContext::Notify() { m_cv.notify_all(); }

std::shared_ptr<Wallet> WalletContext::GetWallet(const std::string& name) const
{
    LOCK(m_mutex);
    auto it = m_wallets.find(name);
    return it == m_wallets.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<Wallet>> WalletContext::GetWallets() const
{
    LOCK(m_mutex);
    std::vector<std::shared_ptr<Wallet>> out;
    for (const auto& [name, wallet] : m_wallets) out.push_back(wallet);
    return out;
}

std::vector<std::string> WalletContext::ListWalletDir() const
{
    std::vector<std::string> out;
    std::error_code ec;
    if (IsSQLiteFile(m_options.wallet_dir / "wallet.dat")) out.emplace_back("");
    for (const auto& entry : std::filesystem::directory_iterator(m_options.wallet_dir, ec)) {
        if (!entry.is_directory(ec)) continue;
        const std::string name = entry.path().filename().string();
        if (IsValidWalletName(name) && IsSQLiteFile(entry.path() / "wallet.dat")) out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

namespace {
WalletFailure InvalidNameFailure()
{
    return WalletFailure{WalletError::INVALID_PARAMETER, "Invalid wallet name: use up to 64 letters, digits, spaces, '_', '.' or '-'"};
}
} // namespace

class WalletContext::NameClaim
{
public:
    NameClaim(WalletContext& context, std::string name) : m_context{context}, m_name{std::move(name)} {}
    ~NameClaim()
    {
        LOCK(m_context.m_mutex);
        m_context.m_busy.erase(m_name);
    }
    NameClaim(const NameClaim&) = delete;
    NameClaim& operator=(const NameClaim&) = delete;

private:
    WalletContext& m_context;
    const std::string m_name;
};

WalletResult<std::unique_ptr<WalletContext::NameClaim>> WalletContext::ClaimName(const std::string& name)
{
    if (!IsValidWalletName(name)) return InvalidNameFailure();
    LOCK(m_mutex);
    if (m_wallets.count(name) || !m_busy.insert(name).second) {
        return WalletFailure{WalletError::ALREADY_LOADED, "Wallet \"" + name + "\" is already loaded."};
    }
    return std::make_unique<NameClaim>(*this, name);
}

WalletResult<std::shared_ptr<Wallet>> WalletContext::Attach(std::shared_ptr<Wallet> wallet, std::optional<int32_t> rescan_from)
{
    if (auto res = wallet->AttachChain(rescan_from); !res) {
        wallet->DetachChain();
        return WalletFailure{WalletError::GENERIC, res.error()};
    }
    const std::string name = wallet->Name();
    GiveSipCredentials(*wallet, /*remove=*/false);
    wallet->SetTipChangedCallback([this, name] {
        {
            LOCK(m_mutex);
            m_tip_changed.insert(name);
        }
        m_cv.notify_all();
    });
    {
        LOCK(m_mutex);
        m_wallets[name] = wallet;
        m_tip_changed.insert(name); // resubmit what is unconfirmed, continue registrations
    }
    m_cv.notify_all();
    return wallet;
}

WalletResult<std::shared_ptr<Wallet>> WalletContext::CreateWallet(const std::string& name, const CreateOptions& options,
                                                                  std::optional<bool> load_on_startup, std::vector<std::string>& warnings)
{
    auto claim = ClaimName(name);
    if (const auto* failure = std::get_if<WalletFailure>(&claim)) return *failure;
    interfaces::Chain* chain = Chain();
    if (chain == nullptr) return WalletFailure{WalletError::GENERIC, "The block chain is not loaded yet"};
    const std::filesystem::path path = WalletPath(name);
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        return WalletFailure{WalletError::GENERIC,
                             StrFormat("Wallet file verification failed. Failed to create database path '%s'. Database already exists.", path.c_str())};
    }
    auto wallet = Wallet::Create(name, path, *chain, m_options.wallet, options);
    if (!wallet) return WalletFailure{WalletError::GENERIC, wallet.error()};
    // Words restore a chain that may hold coins since genesis.
    auto res = Attach(std::move(*wallet), options.mnemonic.empty() ? std::nullopt : std::optional<int32_t>{0});
    if (std::holds_alternative<WalletFailure>(res)) return res;
    UpdateStartupSetting(name, load_on_startup, warnings);
    if (options.passphrase.empty() && !options.blank) {
        warnings.emplace_back("Empty string given as passphrase, wallet will not be encrypted.");
    }
    return res;
}

WalletResult<std::shared_ptr<Wallet>> WalletContext::LoadWallet(const std::string& name, std::optional<bool> load_on_startup,
                                                                std::vector<std::string>& warnings)
{
    auto claim = ClaimName(name);
    if (const auto* failure = std::get_if<WalletFailure>(&claim)) return *failure;
    interfaces::Chain* chain = Chain();
    if (chain == nullptr) return WalletFailure{WalletError::GENERIC, "The block chain is not loaded yet"};
    const std::filesystem::path path = WalletPath(name);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        return WalletFailure{WalletError::NOT_FOUND,
                             StrFormat("Wallet file verification failed. Failed to load database path '%s'. Path does not exist.", path.c_str())};
    }
    auto wallet = Wallet::Load(name, path, *chain, m_options.wallet);
    if (!wallet) return WalletFailure{WalletError::GENERIC, wallet.error()};
    auto res = Attach(std::move(*wallet), std::nullopt);
    if (std::holds_alternative<WalletFailure>(res)) return res;
    UpdateStartupSetting(name, load_on_startup, warnings);
    LogInfo("Wallet \"%s\": loaded", name.c_str());
    return res;
}

WalletResult<bool> WalletContext::UnloadWallet(const std::string& name, std::optional<bool> load_on_startup,
                                               std::vector<std::string>& warnings)
{
    std::shared_ptr<Wallet> wallet;
    {
        LOCK(m_mutex);
        auto it = m_wallets.find(name);
        if (it == m_wallets.end()) return WalletFailure{WalletError::NOT_FOUND, "Requested wallet does not exist or is not loaded"};
        wallet = it->second;
        m_wallets.erase(it);
        m_tip_changed.erase(name);
    }
    wallet->SetTipChangedCallback({});
    wallet->DetachChain();
    GiveSipCredentials(*wallet, /*remove=*/true);
    UpdateStartupSetting(name, load_on_startup, warnings);
    // An RPC still running on the wallet keeps it (and its file lock) until it returns.
    std::weak_ptr<Wallet> weak = wallet;
    wallet.reset();
    for (int i = 0; i < 600 && !weak.expired(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds{50});
    if (!weak.expired()) warnings.emplace_back("The wallet is still in use by a running call; its file stays open until it returns.");
    LogInfo("Wallet \"%s\": unloaded", name.c_str());
    return true;
}

WalletResult<std::shared_ptr<Wallet>> WalletContext::RestoreWallet(const std::string& name, const std::filesystem::path& backup,
                                                                   std::optional<bool> load_on_startup, std::vector<std::string>& warnings)
{
    if (!IsValidWalletName(name)) return InvalidNameFailure();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(backup, ec)) {
        return WalletFailure{WalletError::INVALID_PARAMETER, StrFormat("Backup file does not exist: %s", backup.c_str())};
    }
    if (!IsSQLiteFile(backup)) return WalletFailure{WalletError::INVALID_PARAMETER, StrFormat("%s is not a wallet backup", backup.c_str())};
    const std::filesystem::path path = WalletPath(name);
    if (std::filesystem::exists(path, ec)) {
        return WalletFailure{WalletError::GENERIC,
                             StrFormat("Failed to restore wallet. Database file exists in '%s'.", path.c_str())};
    }
    auto claim = ClaimName(name);
    if (const auto* failure = std::get_if<WalletFailure>(&claim)) return *failure;
    std::filesystem::create_directories(path.parent_path(), ec);
    const std::filesystem::path tmp = path.string() + ".restore";
    std::filesystem::copy_file(backup, tmp, std::filesystem::copy_options::overwrite_existing, ec);
    if (!ec) std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return WalletFailure{WalletError::GENERIC, StrFormat("Failed to restore wallet: cannot copy %s: %s", backup.c_str(), ec.message().c_str())};
    }
    interfaces::Chain* chain = Chain();
    if (chain == nullptr) return WalletFailure{WalletError::GENERIC, "The block chain is not loaded yet"};
    auto wallet = Wallet::Load(name, path, *chain, m_options.wallet);
    if (!wallet) {
        std::filesystem::remove(path, ec);
        return WalletFailure{WalletError::GENERIC, "Failed to restore wallet: " + wallet.error()};
    }
    // The backup may be older than coins, handles and nodes it owns now: scan everything.
    auto res = Attach(std::move(*wallet), 0);
    if (std::holds_alternative<WalletFailure>(res)) return res;
    UpdateStartupSetting(name, load_on_startup, warnings);
    return res;
}

std::vector<std::string> WalletContext::ReadStartupSetting() const
{
    LOCK(m_settings_mutex);
    std::vector<std::string> out;
    auto text = ReadSmallFile(m_options.settings_file);
    if (!text) return out;
    UniValue settings;
    if (!settings.read(*text) || !settings.isObject()) {
        LogWarning("Ignoring %s: not a JSON object", m_options.settings_file.c_str());
        return out;
    }
    const UniValue& list = settings["wallet"];
    if (list.isStr()) out.push_back(list.get_str());
    if (list.isArray()) {
        for (size_t i = 0; i < list.size(); ++i) {
            if (list[i].isStr()) out.push_back(list[i].get_str());
        }
    }
    return out;
}

void WalletContext::UpdateStartupSetting(const std::string& name, std::optional<bool> load_on_startup, std::vector<std::string>& warnings)
{
    if (!load_on_startup) return;
    LOCK(m_settings_mutex);
    UniValue settings{UniValue::VOBJ};
    if (auto text = ReadSmallFile(m_options.settings_file)) {
        UniValue parsed;
        if (parsed.read(*text) && parsed.isObject()) settings = parsed;
    }
    std::vector<std::string> names;
    const UniValue& list = settings["wallet"];
    for (size_t i = 0; list.isArray() && i < list.size(); ++i) {
        if (list[i].isStr() && list[i].get_str() != name) names.push_back(list[i].get_str());
    }
    if (*load_on_startup) names.push_back(name);
    UniValue new_list{UniValue::VARR};
    for (const std::string& n : names) new_list.push_back(n);
    UniValue out{UniValue::VOBJ};
    for (const std::string& key : settings.getKeys()) {
        if (key != "wallet") out.pushKV(key, settings[key]);
    }
    out.pushKV("wallet", new_list);
    if (auto res = WriteFileAtomic(m_options.settings_file, out.write(1) + "\n", false); !res) {
        warnings.push_back("Wallet load on startup setting could not be updated, so wallet may not be loaded next node startup: " + res.error());
    }
}

void WalletContext::GiveSipCredentials(Wallet& wallet, bool remove)
{
    if (m_sip == nullptr) return;
    if (remove) {
        for (const SipCredential& credential : wallet.ListSipCredentials()) m_sip->Remove(credential.handle);
        return;
    }
    const std::string realm = m_sip->Realm();
    const Wallet::SipCredentialsForRegistrar credentials = wallet.SipCredentialsInClear();
    size_t given = 0;
    for (const SipCredential& credential : credentials.clear) {
        if (credential.realm != realm) {
            LogWarning("Wallet \"%s\": the SIP credential of %s was set for realm %s, not this node's realm %s: set it again with "
                       "setsipcredential", wallet.Name().c_str(), credential.handle.c_str(), credential.realm.c_str(), realm.c_str());
            continue;
        }
        interfaces::SipHa1 ha1;
        ha1.md5 = credential.ha1_md5;
        ha1.sha256 = credential.ha1_sha256;
        if (m_sip->Set(credential.handle, ha1)) {
            ++given;
        } else {
            LogWarning("Wallet \"%s\": the SIP registrar refused the credential of %s", wallet.Name().c_str(), credential.handle.c_str());
        }
        memory_cleanse(ha1.md5.data(), ha1.md5.size());
        memory_cleanse(ha1.sha256.data(), ha1.sha256.size());
    }
    if (given > 0) LogInfo("Wallet \"%s\": the SIP registrar serves the credentials of %u handles", wallet.Name().c_str(), unsigned(given));
    if (!credentials.locked.empty()) {
        std::string handles;
        for (const std::string& handle : credentials.locked) handles += (handles.empty() ? "" : ", ") + handle;
        LogWarning("Wallet \"%s\" is encrypted and locked: the SIP credentials of %u handles (%s) are not served until "
                   "walletpassphrase unlocks it once; until then their phones cannot register", wallet.Name().c_str(),
                   unsigned(credentials.locked.size()), handles.c_str());
    }
}

void WalletContext::ProcessWallet(Wallet& wallet, bool tip_changed, bool rebroadcast)
{
    // Unconfirmed transactions go back to the mempool after a restart, a reorg or an eviction.
    if (m_options.wallet.rebroadcast && (tip_changed || rebroadcast)) wallet.ResubmitTransactions();
    // Held reveals and home updates of handle registrations that are now due.
    if (tip_changed) {
        wallet.ProcessRegistrations();
        wallet.ReleaseQueuedStatements();
        wallet.ForgetOldVouchers();
    }
}

void WalletContext::TimerThread()
{
    int64_t next_rebroadcast = GetTime() + REBROADCAST_INTERVAL;
    while (true) {
        std::set<std::string> tip_changed;
        std::vector<std::shared_ptr<Wallet>> wallets;
        {
            UniqueLock lock{m_mutex};
            m_cv.wait_for(lock.native(), std::chrono::seconds{1}, [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) {
                return m_stop || !m_tip_changed.empty();
            });
            if (m_stop) return;
            tip_changed.swap(m_tip_changed);
            for (const auto& [name, wallet] : m_wallets) wallets.push_back(wallet);
        }
        const int64_t now = GetTime();
        const bool rebroadcast = m_options.wallet.rebroadcast && now >= next_rebroadcast;
        if (rebroadcast) next_rebroadcast = now + REBROADCAST_INTERVAL;
        for (const auto& wallet : wallets) {
            wallet->RelockIfExpired(now);
            ProcessWallet(*wallet, tip_changed.count(wallet->Name()) > 0, rebroadcast);
        }
    }
}

} // namespace wallet
