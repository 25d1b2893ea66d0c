// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Writing the chainstate to disk in the crash-safe order (doc/validation.md, "Crash safety"):
// blk and rev files fsynced, the block index batch, then the coins and registry records with
// the best block.

#include <validation/chainstate_manager.h>

#include <util/logging.h>
#include <util/time.h>

namespace validation {

storage::Status ChainstateManager::FlushLocked(FlushMode mode)
{
    AssertLockHeld(m_cs);
    if (m_fatal) return storage::Status::IOError("a previous write failed; the node must restart");
    const size_t usage = m_coins_tip->DynamicMemoryUsage();
    const bool cache_full = usage > m_coins_cache_limit;
    const int64_t now = GetMonotonicSeconds();
    const bool periodic = mode == FlushMode::PERIODIC && now - m_last_flush >= m_options.flush_interval;
    if (mode != FlushMode::ALWAYS && !cache_full && !periodic) return storage::Status::OK();
    // A chainstate interrupted before it had any tip (shutdown during the first load) has nothing
    // to write, and the coins database refuses a flush that names no best block.
    if (m_coins_tip->GetBestBlock().IsNull()) return storage::Status::OK();
    // 1+2+3: blk and rev files fsynced, then the block index batch (synced).
    if (storage::Status s = m_blockman->FlushIndex(); !s.ok()) {
        m_fatal = true;
        LogError("Failed to write the block index: %s", s.ToString().c_str());
        return s;
    }
    // 4: the coins, with the best block, atomically (head-blocks protocol for large flushes).
    storage::Status s = cache_full ? m_coins_tip->Flush() : m_coins_tip->Sync();
    if (!s.ok()) {
        m_fatal = true;
        LogError("Failed to write the chainstate: %s", s.ToString().c_str());
        return s;
    }
    m_last_flush = now;
    LogDebug(BCLog::VALIDATION, "Flushed chainstate (%s, cache %.1f MiB)", cache_full ? "cache full" : "sync",
             usage / 1048576.0);
    return storage::Status::OK();
}

storage::Status ChainstateManager::Flush(FlushMode mode)
{
    LOCK(m_cs);
    return FlushLocked(mode);
}

} // namespace validation
