// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Opening, loading, -reindex and crash recovery (head-blocks replay).

#include <validation/chainstate_manager.h>

#include <chainstate/replay.h>
#include <util/logging.h>
#include <util/time.h>
#include <validation/tx_verify.h>

#include <algorithm>

using chainstate::BlockIndex;
using chainstate::CoinsViewCache;

namespace validation {

namespace {
std::string ReindexHint(const std::string& what)
{
    return what + ". Please restart with -reindex to rebuild the block database (or -reindex-chainstate to rebuild "
                  "only the UTXO set).";
}
} // namespace

CacheSizes CalculateCacheSizes(size_t total, bool txindex)
{
    CacheSizes sizes{};
    sizes.block_tree = std::min<size_t>(total / 8, size_t{2} << 20);
    total -= sizes.block_tree;
    sizes.txindex = txindex ? std::min<size_t>(total / 8, size_t{1} << 30) : 0;
    total -= sizes.txindex;
    sizes.coins_db = std::min<size_t>(total / 2, size_t{8} << 20);
    total -= sizes.coins_db;
    sizes.coins = total;
    return sizes;
}

ChainstateManager::ChainstateManager(ChainstateOptions options) : m_options{std::move(options)} {}

ChainstateManager::~ChainstateManager()
{
    LOCK(m_cs);
    if (m_coins_tip && !m_fatal) {
        if (storage::Status s = FlushLocked(FlushMode::ALWAYS); !s.ok()) {
            LogError("Failed to flush the chainstate at shutdown: %s", s.ToString().c_str());
        }
    }
}

util::Result<std::unique_ptr<ChainstateManager>> ChainstateManager::Open(ChainstateOptions options)
{
    assert(options.params != nullptr);
    std::unique_ptr<ChainstateManager> chainman{new ChainstateManager{std::move(options)}};
    if (auto res = chainman->Load(); !res) return util::Error{res.error()};
    return chainman;
}

util::Result<void> ChainstateManager::OpenDatabases()
{
    const CacheSizes sizes = CalculateCacheSizes(m_options.cache_bytes, m_options.txindex);
    m_coins_cache_limit = std::max<size_t>(sizes.coins, size_t{1} << 20);
    const std::filesystem::path blocks_dir = m_options.datadir / "blocks";

    auto open_db = [&](const std::filesystem::path& path, const std::string& name, size_t cache, uint32_t schema,
                       bool wipe) -> util::Result<std::unique_ptr<storage::DbWrapper>> {
        storage::DbOptions db_options;
        db_options.path = path;
        db_options.name = name;
        db_options.cache_bytes = cache;
        db_options.schema_version = schema;
        db_options.wipe = wipe;
        db_options.memory_only = m_options.memory_only;
        auto db = storage::DbWrapper::Open(db_options);
        if (!db.ok()) {
            if (db.status().IsCorruption()) return util::Error{ReindexHint("Error opening " + name + " database: " + db.status().ToString())};
            return util::Error{"Error opening " + name + " database: " + db.status().ToString()};
        }
        return std::move(*db);
    };

    auto tree = open_db(blocks_dir / "index", "block index", sizes.block_tree, chainstate::BLOCK_TREE_SCHEMA_VERSION,
                        m_options.reindex);
    if (!tree) return util::Error{tree.error()};
    m_block_tree_dbw = std::move(*tree);
    m_block_tree = std::make_unique<chainstate::BlockTreeDB>(*m_block_tree_dbw);
    if (!m_options.reindex) {
        auto reindexing = m_block_tree->IsReindexing();
        if (reindexing.ok() && *reindexing) {
            LogInfo("A -reindex was interrupted; starting it again");
            m_options.reindex = true;
            m_block_tree.reset();
            m_block_tree_dbw.reset();
            auto again = open_db(blocks_dir / "index", "block index", sizes.block_tree,
                                 chainstate::BLOCK_TREE_SCHEMA_VERSION, true);
            if (!again) return util::Error{again.error()};
            m_block_tree_dbw = std::move(*again);
            m_block_tree = std::make_unique<chainstate::BlockTreeDB>(*m_block_tree_dbw);
        }
    }
    if (m_options.reindex) {
        if (storage::Status s = m_block_tree->WriteReindexing(true); !s.ok()) return util::Error{s.ToString()};
    }

    chainstate::BlockManagerOptions bm_options;
    bm_options.blocks_dir = blocks_dir;
    bm_options.magic = Params().message_start;
    bm_options.env = m_options.env;
    auto blockman = chainstate::BlockManager::Open(bm_options, *m_block_tree, m_options.reindex);
    if (!blockman.ok()) {
        if (blockman.status().IsInvalidArgument()) return util::Error{"Error loading block database: " + blockman.status().ToString()};
        return util::Error{ReindexHint("Error loading block database: " + blockman.status().ToString())};
    }
    m_blockman = std::move(*blockman);

    auto coins = open_db(m_options.datadir / "chainstate", "chainstate", sizes.coins_db, chainstate::CHAINSTATE_SCHEMA_VERSION,
                         m_options.reindex || m_options.reindex_chainstate);
    if (!coins) return util::Error{coins.error()};
    m_coins_dbw = std::move(*coins);
    m_coins_db = std::make_unique<chainstate::CoinsViewDB>(*m_coins_dbw, m_options.db_batch_size);
    m_coins_db->SetKillAtRegistryBatchForTesting(m_options.kill_at_registry_batch);
    m_coins_tip = std::make_unique<CoinsViewCache>(m_coins_db.get());

    if (m_options.txindex) {
        auto txdb = open_db(m_options.datadir / "indexes" / "txindex", "txindex", sizes.txindex,
                            chainstate::TXINDEX_SCHEMA_VERSION, m_options.reindex || m_options.reindex_chainstate);
        if (!txdb) return util::Error{txdb.error()};
        m_txindex_dbw = std::move(*txdb);
        m_txindex = std::make_unique<chainstate::TxIndex>(*m_txindex_dbw);
    }
    if (m_options.script_threads > 0) m_check_queue = std::make_unique<CheckQueue>(m_options.script_threads);
    return {};
}

util::Result<void> ChainstateManager::Load()
{
    if (auto res = OpenDatabases(); !res) return res;
    if (m_options.on_progress) m_options.on_progress("Loading block index…");
    {
        LOCK(m_cs);
        if (auto res = LoadBlockIndexLocked(); !res) return res;
    }
    if (m_options.reindex) {
        if (m_options.on_progress) m_options.on_progress("Reindexing blocks…");
        if (auto res = Reindex(); !res) return res;
    }
    LOCK(m_cs);
    if (auto res = LoadGenesis(); !res) return res;
    if (auto res = LoadChainTip(); !res) return res;
    if (m_options.reindex_chainstate) LogInfo("Reindexing the chainstate from the block files…");
    consensus::BlockValidationState state;
    if (!ActivateBestChainLocked(state, nullptr, nullptr)) {
        return util::Error{ReindexHint("Error connecting blocks at start-up: " + state.ToString())};
    }
    if (auto res = SyncTxIndex(); !res) return res;
    if (storage::Status s = FlushLocked(FlushMode::ALWAYS); !s.ok()) return util::Error{"Error flushing the chainstate: " + s.ToString()};
    m_last_flush = GetMonotonicSeconds();
    if (BlockIndex* tip = m_chain.Tip()) {
        LogInfo("Loaded best chain: hashBestChain=%s height=%d date=%lld", tip->hash.GetHex().c_str(), tip->height, (long long)tip->time);
    }
    return {};
}

util::Result<void> ChainstateManager::LoadBlockIndexLocked()
{
    AssertLockHeld(m_cs);
    m_best_header = nullptr;
    for (auto& [hash, index] : m_blockman->Index()) {
        if (index.chain_tx != 0) index.sequence_id = 1;
        if ((index.status & chainstate::BLOCK_HAVE_DATA) && index.chain_tx == 0 && index.prev != nullptr) {
            m_blocks_unlinked.emplace(index.prev, &index);
        }
        if (index.status & chainstate::BLOCK_FAILED_MASK) {
            if (m_best_invalid == nullptr || index.chain_work > m_best_invalid->chain_work) m_best_invalid = &index;
            continue;
        }
        if (m_best_header == nullptr || index.chain_work > m_best_header->chain_work) m_best_header = &index;
    }
    m_sequence_id = 2;
    LogInfo("Loaded %u block index entries", (unsigned)m_blockman->Index().size());
    return {};
}

util::Result<void> ChainstateManager::LoadGenesis()
{
    AssertLockHeld(m_cs);
    const BlockIndex* genesis = LookupBlockIndex(Params().genesis_hash);
    if (genesis != nullptr && (genesis->status & chainstate::BLOCK_HAVE_DATA)) return {};
    consensus::BlockValidationState state;
    if (!AcceptBlock(Params().genesis, state, nullptr, std::nullopt)) {
        return util::Error{"Failed to write the genesis block: " + state.ToString()};
    }
    if (storage::Status s = m_blockman->FlushIndex(); !s.ok()) return util::Error{"Failed to write the genesis block: " + s.ToString()};
    return {};
}

util::Result<void> ChainstateManager::Reindex()
{
    LOCK(m_cs);
    LogInfo("Reindexing block files…");
    std::multimap<uint256, storage::FlatFilePos> waiting; // parent hash -> child record
    uint64_t accepted = 0;
    auto accept_one = [&](const CBlock& block, storage::FlatFilePos pos) EXCLUSIVE_LOCKS_REQUIRED(m_cs) {
        consensus::BlockValidationState state;
        if (!AcceptBlock(block, state, nullptr, pos)) {
            LogDebug(BCLog::REINDEX, "Reindex: block %s at %s not accepted: %s", block.GetHash().GetHex().c_str(),
                     pos.ToString().c_str(), state.ToString().c_str());
            return false;
        }
        ++accepted;
        return true;
    };
    auto process = [&](const CBlock& first, storage::FlatFilePos first_pos) EXCLUSIVE_LOCKS_REQUIRED(m_cs) {
        const uint256 hash = first.GetHash();
        if (hash != Params().genesis_hash && LookupBlockIndex(first.prev_block) == nullptr) {
            waiting.emplace(first.prev_block, first_pos);
            return;
        }
        if (const BlockIndex* known = LookupBlockIndex(hash); known && (known->status & chainstate::BLOCK_HAVE_DATA)) return;
        if (!accept_one(first, first_pos)) return;
        std::vector<uint256> queue{hash};
        while (!queue.empty()) {
            const uint256 parent = queue.back();
            queue.pop_back();
            auto range = waiting.equal_range(parent);
            std::vector<storage::FlatFilePos> children;
            for (auto it = range.first; it != range.second; ++it) children.push_back(it->second);
            waiting.erase(range.first, range.second);
            for (const storage::FlatFilePos& pos : children) {
                auto child = m_blockman->ReadBlockAt(pos);
                if (!child.ok()) continue;
                if (accept_one(*child, pos)) queue.push_back(child->GetHash());
            }
        }
    };
    auto stats = m_blockman->ScanBlockFiles([&](storage::FlatFilePos pos, const CBlock& block) EXCLUSIVE_LOCKS_REQUIRED(m_cs) {
        if (m_options.interrupt && m_options.interrupt()) return false;
        process(block, pos);
        return true;
    });
    if (!stats.ok()) return util::Error{"Error reading block files during -reindex: " + stats.status().ToString()};
    if (stats->interrupted) return util::Error{"-reindex interrupted; it will resume at the next start"};
    LogInfo("Reindex: scanned %d files, %llu blocks found, %llu accepted, %llu orphans, %llu damaged files",
            stats->files, (unsigned long long)stats->blocks, (unsigned long long)accepted,
            (unsigned long long)waiting.size(), (unsigned long long)stats->damaged_files);
    if (auto res = LoadGenesis(); !res) return res;
    if (storage::Status s = m_blockman->FlushIndex(); !s.ok()) return util::Error{"Error writing the block index: " + s.ToString()};
    if (storage::Status s = m_block_tree->WriteReindexing(false); !s.ok()) return util::Error{s.ToString()};
    return {};
}

util::Result<void> ChainstateManager::ReplayBlocks()
{
    AssertLockHeld(m_cs);
    const std::vector<uint256> heads = m_coins_db->GetHeadBlocks();
    if (heads.empty()) return {};
    if (heads.size() != 2) return util::Error{ReindexHint("The chainstate's head-blocks marker is malformed")};
    if (m_options.on_progress) m_options.on_progress("Replaying blocks…");
    // Rolls the coins and registry records back to the fork point and forward to the new tip,
    // then writes them with the new best block (chainstate/replay.h).
    if (storage::Status s = chainstate::ReplayBlocks(*m_coins_db, *m_blockman); !s.ok()) {
        return util::Error{ReindexHint("Replay: " + s.ToString())};
    }
    LogInfo("Replay: done, chainstate at %s", m_coins_db->GetBestBlock().GetHex().c_str());
    return {};
}

util::Result<void> ChainstateManager::LoadChainTip()
{
    AssertLockHeld(m_cs);
    if (auto res = ReplayBlocks(); !res) return res;
    const uint256 best = m_coins_db->GetBestBlock();
    if (best.IsNull()) {
        m_chain.SetTip(nullptr);
    } else {
        BlockIndex* tip = LookupBlockIndex(best);
        if (tip == nullptr) {
            return util::Error{ReindexHint("The chainstate's best block " + best.GetHex() + " is not in the block index")};
        }
        if (tip != nullptr && (tip->status & chainstate::BLOCK_HAVE_DATA) == 0) {
            return util::Error{ReindexHint("The block data of the chainstate's best block is missing")};
        }
        m_chain.SetTip(tip);
        tip->sequence_id = 0;
    }
    RebuildCandidates();
    return {};
}

util::Result<void> ChainstateManager::SyncTxIndex()
{
    AssertLockHeld(m_cs);
    if (!m_txindex || m_chain.Tip() == nullptr) return {};
    auto best = m_txindex->GetBestBlock();
    if (!best.ok()) return util::Error{"Error reading the txindex: " + best.status().ToString()};
    const BlockIndex* indexed = best->IsNull() ? nullptr : LookupBlockIndex(*best);
    const BlockIndex* fork = indexed ? m_chain.FindFork(indexed) : nullptr;
    const int start = fork ? fork->height + 1 : 0;
    if (start <= m_chain.Height()) LogInfo("txindex: indexing blocks %d to %d", start, m_chain.Height());
    for (int h = start; h <= m_chain.Height(); ++h) {
        if (m_options.interrupt && m_options.interrupt()) break;
        const BlockIndex* index = m_chain[h];
        auto block = m_blockman->ReadBlock(*index);
        if (!block.ok()) return util::Error{ReindexHint("txindex: cannot read block: " + block.status().ToString())};
        if (storage::Status s = m_txindex->WriteBlock(*block, *index); !s.ok()) return util::Error{"txindex: " + s.ToString()};
    }
    return {};
}

} // namespace validation
