// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/registry_directory.h>

#include <consensus/registry_epochs.h>
#include <util/format.h>
#include <util/logging.h>
#include <util/strencodings.h>
#include <validation/chainstate_manager.h>
#include <wallet/context.h>
#include <wallet/wallet.h>

#include <algorithm>
#include <utility>

namespace node {

namespace {

/** The snapshot's registry record of `key`, decoded, or why not. */
template <typename Record>
std::optional<Record> DecodeRecord(const std::string& key, std::string_view value)
{
    auto rec = Record::Decode(value);
    if (!rec) LogError("registry directory: record %s does not decode; dropped", HexStr(std::span{reinterpret_cast<const uint8_t*>(key.data()), key.size()}).c_str());
    return rec;
}

std::optional<interfaces::NodeId> NonZero(const consensus::Key& key)
{
    if (std::all_of(key.begin(), key.end(), [](uint8_t b) { return b == 0; })) return std::nullopt;
    return key;
}

} // namespace

RegistryDirectory::RegistryDirectory(const consensus::RegistryParams& params, LocalKeys local_keys,
                                     validation::ChainstateManager* chainman)
    : m_params{params}, m_local_keys{std::move(local_keys)}, m_chainman{chainman}
{
    auto empty = std::make_shared<Snapshot>();
    const auto no_handles = std::make_shared<const HandleShard>();
    const auto no_nodes = std::make_shared<const NodeShard>();
    empty->handles.fill(no_handles);
    empty->nodes.fill(no_nodes);
    empty->gateways = std::make_shared<const interfaces::GatewayIndex>();
    empty->local = std::make_shared<const std::set<consensus::Key>>();
    LOCK(m_mutex);
    m_snapshot = std::move(empty);
}

RegistryDirectory::~RegistryDirectory()
{
    if (m_signals) m_signals->UnregisterListener(*this);
}

size_t RegistryDirectory::HandleShardOf(std::string_view handle)
{
    uint32_t h = 2166136261u; // FNV-1a: stable, cheap, spreads short names
    for (const char c : handle) {
        h ^= static_cast<uint8_t>(c);
        h *= 16777619u;
    }
    return h % HANDLE_SHARDS;
}

std::shared_ptr<const RegistryDirectory::Snapshot> RegistryDirectory::Current() const
{
    LOCK(m_mutex);
    return m_snapshot;
}

void RegistryDirectory::Publish(std::shared_ptr<const Snapshot> snap)
{
    std::shared_ptr<const Snapshot> old;
    {
        LOCK(m_mutex);
        old = std::exchange(m_snapshot, std::move(snap));
    }
    // `old` (and the shards only it held) is freed here, outside m_mutex.
}

std::shared_ptr<const std::set<consensus::Key>> RegistryDirectory::ReadLocalKeys() const
{
    if (!m_local_keys) return std::make_shared<const std::set<consensus::Key>>();
    const std::vector<consensus::Key> keys = m_local_keys();
    return std::make_shared<const std::set<consensus::Key>>(keys.begin(), keys.end());
}

std::shared_ptr<const interfaces::GatewayIndex> RegistryDirectory::BuildGateways(const Snapshot& snap)
{
    std::vector<consensus::NodeRecord> gateways;
    for (const auto& shard : snap.nodes) {
        for (const auto& [key, rec] : *shard) {
            if (!rec.prefixes.empty()) gateways.push_back(rec);
        }
    }
    return std::make_shared<const interfaces::GatewayIndex>(interfaces::GatewayIndex::Build(gateways));
}

util::Result<void> RegistryDirectory::Load(int32_t height, const uint256& tip, const RecordLister& list)
{
    auto local = ReadLocalKeys(); // before m_write_mutex: it takes the wallets' locks
    // Held while listing: a block notified meanwhile is applied after this snapshot is published
    // (and skipped if the listing already holds it), never to the snapshot this one replaces.
    LOCK(m_write_mutex);
    std::vector<HandleShard> handles(HANDLE_SHARDS);
    std::vector<NodeShard> nodes(NODE_SHARDS);
    std::string bad;
    size_t handle_count = 0, node_count = 0;
    std::string err = list(std::string(1, consensus::TABLE_HANDLE), [&](const std::string& key, const std::string& value) {
        auto rec = consensus::HandleRecord::Decode(value);
        if (!rec) {
            bad = key;
            return false;
        }
        std::string name = key.substr(1);
        handles[HandleShardOf(name)].emplace(std::move(name), std::move(*rec));
        ++handle_count;
        return true;
    });
    if (err.empty() && bad.empty()) {
        err = list(std::string(1, consensus::TABLE_NODE), [&](const std::string& key, const std::string& value) {
            auto rec = consensus::NodeRecord::Decode(value);
            if (!rec) {
                bad = key;
                return false;
            }
            nodes[NodeShardOf(rec->node)].emplace(rec->node, std::move(*rec));
            ++node_count;
            return true;
        });
    }
    if (!err.empty()) return util::Error{"Cannot read the registry: " + err};
    if (!bad.empty()) {
        return util::Error{StrFormat("Registry record %s does not decode",
                                     HexStr(std::span{reinterpret_cast<const uint8_t*>(bad.data()), bad.size()}).c_str())};
    }
    auto snap = std::make_shared<Snapshot>();
    snap->height = height;
    snap->tip = tip;
    for (size_t i = 0; i < HANDLE_SHARDS; ++i) snap->handles[i] = std::make_shared<const HandleShard>(std::move(handles[i]));
    for (size_t i = 0; i < NODE_SHARDS; ++i) snap->nodes[i] = std::make_shared<const NodeShard>(std::move(nodes[i]));
    snap->handle_count = handle_count;
    snap->node_count = node_count;
    snap->gateways = BuildGateways(*snap);
    snap->local = std::move(local);
    snap->loaded = true;
    Publish(std::move(snap));
    return {};
}

util::Result<void> RegistryDirectory::LoadFromChain()
{
    if (m_chainman == nullptr) return util::Error{"The registry directory has no chainstate to read"};
    const auto tip = [&]() -> std::optional<std::pair<int32_t, uint256>> {
        LOCK(m_chainman->GetMutex());
        const chainstate::BlockIndex* index = m_chainman->ActiveTip();
        if (index == nullptr) return std::nullopt;
        return std::pair{static_cast<int32_t>(index->height), index->hash};
    };
    const RecordLister list = [&](const std::string& prefix, const std::function<bool(const std::string&, const std::string&)>& fn) {
        const storage::Status status = m_chainman->ListRegistryRecords(prefix, "", fn);
        return status.ok() ? std::string{} : status.ToString();
    };
    for (int attempt = 0; attempt < 5; ++attempt) {
        const auto before = tip();
        if (!before) return util::Error{"The chain has no tip"};
        auto loaded = Load(before->first, before->second, list);
        if (!loaded) return loaded;
        const auto after = tip();
        if (after == before) return {};
        LogDebug(BCLog::SIP, "registry directory: the tip moved while the registry was read (%d -> %d); reading it again",
                 before->first, after ? after->first : -1);
    }
    return util::Error{"The chain tip kept moving while the registry was read (5 attempts)"};
}

bool RegistryDirectory::ApplyBlock(const chainstate::RecordDiff& diff, bool connected, int32_t height, const uint256& hash,
                                   const uint256& prev_hash)
{
    LOCK(m_write_mutex);
    const std::shared_ptr<const Snapshot> cur = Current();
    if (!cur->loaded || (connected ? cur->tip != prev_hash : cur->tip != hash)) return false;

    auto next = std::make_shared<Snapshot>(*cur); // copies the shard pointers, not the shards
    next->height = connected ? height : height - 1;
    next->tip = connected ? hash : prev_hash;
    std::map<size_t, HandleShard> handle_shards; // copies of the shards this block touches
    std::map<size_t, NodeShard> node_shards;
    bool gateways_changed = false;
    for (const chainstate::RecordChange& change : diff.changes) {
        if (change.key.empty()) continue;
        const std::optional<std::string>& value = connected ? change.after : change.before;
        const std::optional<std::string>& old_value = connected ? change.before : change.after;
        if (change.key[0] == consensus::TABLE_HANDLE) {
            std::string name = change.key.substr(1);
            const size_t s = HandleShardOf(name);
            auto it = handle_shards.find(s);
            if (it == handle_shards.end()) it = handle_shards.emplace(s, *cur->handles[s]).first;
            const size_t erased = it->second.erase(name);
            next->handle_count -= erased;
            if (!value) continue;
            if (auto rec = DecodeRecord<consensus::HandleRecord>(change.key, *value)) {
                it->second.emplace(std::move(name), std::move(*rec));
                ++next->handle_count;
            }
        } else if (change.key[0] == consensus::TABLE_NODE && change.key.size() == 1 + 32) {
            consensus::Key key;
            std::copy(change.key.begin() + 1, change.key.end(), key.begin());
            const size_t s = NodeShardOf(key);
            auto it = node_shards.find(s);
            if (it == node_shards.end()) it = node_shards.emplace(s, *cur->nodes[s]).first;
            if (auto old = it->second.find(key); old != it->second.end()) {
                gateways_changed |= !old->second.prefixes.empty();
                it->second.erase(old);
                --next->node_count;
            } else if (old_value) {
                gateways_changed = true; // not held (it did not decode): rebuild to be safe
            }
            if (!value) continue;
            if (auto rec = DecodeRecord<consensus::NodeRecord>(change.key, *value)) {
                gateways_changed |= !rec->prefixes.empty();
                it->second.emplace(key, std::move(*rec));
                ++next->node_count;
            }
        }
    }
    for (auto& [s, shard] : handle_shards) next->handles[s] = std::make_shared<const HandleShard>(std::move(shard));
    for (auto& [s, shard] : node_shards) next->nodes[s] = std::make_shared<const NodeShard>(std::move(shard));
    if (gateways_changed) next->gateways = BuildGateways(*next);
    Publish(std::move(next));
    return true;
}

void RegistryDirectory::RefreshLocalNodes()
{
    auto local = ReadLocalKeys(); // outside our locks: it takes the wallets'
    LOCK(m_write_mutex);
    const std::shared_ptr<const Snapshot> cur = Current();
    if (*cur->local == *local) return;
    auto next = std::make_shared<Snapshot>(*cur);
    next->local = std::move(local);
    LogInfo("registry directory: %u local node key(s)", (unsigned)next->local->size());
    Publish(std::move(next));
}

DirectoryStats RegistryDirectory::Stats() const
{
    const std::shared_ptr<const Snapshot> snap = Current();
    DirectoryStats stats;
    stats.height = snap->height;
    stats.handles = snap->handle_count;
    stats.nodes = snap->node_count;
    LOCK(m_presence_mutex);
    stats.online_here = m_online.size();
    return stats;
}

std::vector<std::string> RegistryDirectory::OnlineHandles() const
{
    LOCK(m_presence_mutex);
    return {m_online.begin(), m_online.end()};
}

std::optional<interfaces::HandleRecord> RegistryDirectory::LookupHandle(std::string_view handle) const
{
    const std::shared_ptr<const Snapshot> snap = Current();
    const HandleShard& shard = *snap->handles[HandleShardOf(handle)];
    const auto it = shard.find(handle);
    if (it == shard.end() || it->second.IsExpired(snap->height + 1)) return std::nullopt;
    const consensus::HandleRecord& rec = it->second;
    interfaces::HandleRecord out;
    out.handle = rec.handle.empty() ? it->first : rec.handle;
    out.home_node = NonZero(rec.home);
    out.bound_node = NonZero(rec.bound_node);
    out.owner_key = rec.owner;
    return out;
}

interfaces::NodeRecord RegistryDirectory::ToInterface(const consensus::NodeRecord& rec, int32_t tip_height) const
{
    interfaces::NodeRecord out;
    out.id = rec.node;
    for (const std::string& uri : rec.endpoints) out.endpoints.push_back(interfaces::SipEndpoint{uri});
    out.domains = rec.domains;
    for (const std::string& prefix : rec.prefixes) { // on chain "+" and digits; the interface wants the digits
        out.e164_prefixes.push_back(prefix.starts_with('+') ? prefix.substr(1) : prefix);
    }
    // As wallet::Wallet::SignVoucher's default: the rate at the start of the settlement epoch
    // the next block belongs to.
    const int64_t epoch = consensus::SettleEpochOf(tip_height + 1, m_params);
    out.rate = rec.RateAt(static_cast<int32_t>(consensus::SettleEpochStart(epoch, m_params)), m_params);
    out.active = rec.IsActive();
    return out;
}

std::optional<interfaces::NodeRecord> RegistryDirectory::LookupNode(const interfaces::NodeId& id) const
{
    const std::shared_ptr<const Snapshot> snap = Current();
    const NodeShard& shard = *snap->nodes[NodeShardOf(id)];
    const auto it = shard.find(id);
    if (it == shard.end()) return std::nullopt;
    return ToInterface(it->second, snap->height);
}

std::vector<interfaces::NodeRecord> RegistryDirectory::LookupGateways(std::string_view e164_number) const
{
    const std::shared_ptr<const Snapshot> snap = Current();
    std::vector<interfaces::NodeRecord> out;
    for (const interfaces::GatewayIndex::GatewayMatch& match : snap->gateways->LookupNumber(e164_number)) {
        const NodeShard& shard = *snap->nodes[NodeShardOf(match.node)];
        const auto it = shard.find(match.node);
        if (it == shard.end() || !it->second.IsActive()) continue;
        out.push_back(ToInterface(it->second, snap->height));
    }
    return out; // LookupNumber's order: by node key
}

bool RegistryDirectory::IsLocalNode(const interfaces::NodeId& id) const
{
    return Current()->local->contains(id);
}

void RegistryDirectory::ReportPresence(const interfaces::PresenceReport& report)
{
    LOCK(m_presence_mutex);
    if (report.online) {
        m_online.insert(report.handle);
    } else if (const auto it = m_online.find(report.handle); it != m_online.end()) {
        m_online.erase(it);
    }
}

void RegistryDirectory::BlockConnected(const std::shared_ptr<const CBlock>&, const chainstate::BlockIndex& index,
                                       const chainstate::RecordDiff& changes)
{
    const uint256 prev = index.prev ? index.prev->hash : uint256{};
    if (ApplyBlock(changes, /*connected=*/true, index.height, index.hash, prev)) return;
    const int32_t height = Current()->height;
    // An event queued before the snapshot was loaded is already in it (height <= ours). A later
    // block that does not follow on means events were missed: read the registry again.
    if (index.height <= height || m_chainman == nullptr || !Current()->loaded) return;
    LogWarning("registry directory: block %d does not follow its tip %d; reading the registry again", index.height, height);
    if (auto res = LoadFromChain(); !res) LogError("registry directory: %s", res.error().c_str());
}

void RegistryDirectory::BlockDisconnected(const std::shared_ptr<const CBlock>&, const chainstate::BlockIndex& index,
                                          const chainstate::RecordDiff& changes)
{
    // A disconnection of a block that is not our tip happened before the snapshot was loaded.
    const uint256 prev = index.prev ? index.prev->hash : uint256{};
    ApplyBlock(changes, /*connected=*/false, index.height, index.hash, prev);
}

void RegistryDirectory::UpdatedBlockTip(const chainstate::BlockIndex&, const chainstate::BlockIndex*, bool)
{
    RefreshLocalNodes();
}

util::Result<std::unique_ptr<RegistryDirectory>> MakeRegistryDirectory(validation::ChainstateManager& chainman,
                                                                       validation::ValidationSignals& signals,
                                                                       wallet::WalletContext* wallets)
{
    RegistryDirectory::LocalKeys local_keys;
    if (wallets) {
        local_keys = [wallets] {
            std::vector<consensus::Key> keys;
            for (const auto& w : wallets->GetWallets()) {
                for (const wallet::WalletNode& n : w->ListNodes()) {
                    consensus::Key k;
                    std::copy(n.key.bytes().begin(), n.key.bytes().end(), k.begin());
                    keys.push_back(k);
                }
            }
            return keys;
        };
    }
    auto dir = std::make_unique<RegistryDirectory>(chainman.Params().registry, std::move(local_keys), &chainman);
    signals.RegisterListener(*dir);
    dir->SetSignals(&signals);
    if (auto res = dir->LoadFromChain(); !res) return util::Error{"Cannot read the registry for the SIP router: " + res.error()};
    const DirectoryStats stats = dir->Stats();
    LogInfo("registry directory: %u handle(s), %u node(s) at height %d", (unsigned)stats.handles, (unsigned)stats.nodes, stats.height);
    return dir;
}

} // namespace node
