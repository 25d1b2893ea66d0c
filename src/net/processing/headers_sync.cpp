// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <net/processing/headers_sync.h>

#include <chainstate/blockindex.h>
#include <consensus/pow.h>
#include <crypto/random.h>
#include <crypto/siphash.h>
#include <util/logging.h>

namespace net {

HeadersSyncState::HeadersSyncState(NodeId id, const consensus::ConsensusParams& params, const chainstate::BlockIndex* chain_start,
                                   const consensus::arith_uint256& minimum_work, int64_t now)
    : m_id{id}, m_params{params}, m_chain_start{chain_start}, m_minimum_work{minimum_work},
      m_commit_offset{GetRandRange(HEADER_COMMITMENT_PERIOD)}, m_salt_k0{GetRandUint64()}, m_salt_k1{GetRandUint64()}
{
    // Median-time-past lets a chain grow by at most 6 blocks per second of timestamp: that
    // bounds how many headers (and commitments) an honest chain can have since chain_start.
    const int64_t max_seconds = now + params.max_future_block_time - chain_start->GetMedianTimePast();
    m_max_commitments = max_seconds > 0 ? static_cast<uint64_t>(6 * max_seconds / HEADER_COMMITMENT_PERIOD) : 0;
    m_last_header_received = chain_start->GetBlockHeader();
    m_current_height = chain_start->height;
    m_current_chain_work = chain_start->chain_work;
}

bool HeadersSyncState::CommitmentBit(const CBlockHeader& header) const
{
    return CSipHasher{m_salt_k0, m_salt_k1}.Write(header.GetHash().span()).Finalize() & 1;
}

void HeadersSyncState::Finalize()
{
    m_commitments.clear();
    m_redownload_buffer.clear();
    m_process_all_remaining = false;
    m_state = State::FINAL;
}

HeadersSyncState::Result HeadersSyncState::ProcessNextHeaders(const std::vector<CBlockHeader>& headers, bool full_message)
{
    Result result;
    if (headers.empty() || m_state == State::FINAL) return result;
    if (m_state == State::PRESYNC) {
        result.success = ValidatePresyncHeaders(headers);
        if (result.success) {
            if (full_message || m_state == State::REDOWNLOAD) {
                result.request_more = true;
            } else {
                LogDebug(BCLog::NET, "Initial headers sync aborted with peer=%lld: incomplete headers message at height=%lld (presync phase)",
                         static_cast<long long>(m_id), static_cast<long long>(m_current_height));
            }
        }
    } else {
        result.success = true;
        for (const CBlockHeader& header : headers) {
            if (!ValidateRedownloadedHeader(header)) {
                result.success = false;
                break;
            }
        }
        if (result.success) {
            result.ready = PopReadyHeaders();
            if (m_redownload_buffer.empty() && m_process_all_remaining) {
                LogDebug(BCLog::NET, "Initial headers sync complete with peer=%lld: releasing all at height=%lld (redownload phase)",
                         static_cast<long long>(m_id), static_cast<long long>(m_redownload_last_height));
            } else if (full_message) {
                result.request_more = true;
            } else {
                LogDebug(BCLog::NET, "Initial headers sync aborted with peer=%lld: incomplete headers message at height=%lld (redownload phase)",
                         static_cast<long long>(m_id), static_cast<long long>(m_redownload_last_height));
            }
        }
    }
    if (!(result.success && result.request_more)) Finalize();
    return result;
}

bool HeadersSyncState::ValidatePresyncHeaders(const std::vector<CBlockHeader>& headers)
{
    if (headers.front().prev_block != m_last_header_received.GetHash()) {
        LogDebug(BCLog::NET, "Initial headers sync aborted with peer=%lld: non-continuous headers at height=%lld (presync phase)",
                 static_cast<long long>(m_id), static_cast<long long>(m_current_height));
        return false;
    }
    for (const CBlockHeader& header : headers) {
        if (!ValidatePresyncHeader(header)) return false;
    }
    if (m_current_chain_work >= m_minimum_work) {
        m_redownload_buffer.clear();
        m_redownload_last_height = m_chain_start->height;
        m_redownload_last_hash = m_chain_start->hash;
        m_redownload_last_time = m_chain_start->time;
        m_redownload_last_bits = m_chain_start->bits;
        m_redownload_chain_work = m_chain_start->chain_work;
        m_state = State::REDOWNLOAD;
        LogDebug(BCLog::NET, "Initial headers sync transition with peer=%lld: reached sufficient work at height=%lld, redownloading from height=%d",
                 static_cast<long long>(m_id), static_cast<long long>(m_current_height), m_chain_start->height);
    }
    return true;
}

bool HeadersSyncState::ValidatePresyncHeader(const CBlockHeader& header)
{
    const int64_t next_height = m_current_height + 1;
    const consensus::PrevBlockInfo prev{static_cast<int32_t>(m_current_height), m_last_header_received.time, m_last_header_received.bits, 0};
    if (header.bits != GetNextWorkRequired(prev, m_params)) {
        LogDebug(BCLog::NET, "Initial headers sync aborted with peer=%lld: invalid difficulty at height=%lld (presync phase)",
                 static_cast<long long>(m_id), static_cast<long long>(next_height));
        return false;
    }
    if (next_height % HEADER_COMMITMENT_PERIOD == static_cast<int64_t>(m_commit_offset)) {
        m_commitments.push_back(CommitmentBit(header));
        if (m_commitments.size() > m_max_commitments) {
            // More headers than timestamps allow since the fork point: not an honest chain.
            LogDebug(BCLog::NET, "Initial headers sync aborted with peer=%lld: exceeded max commitments at height=%lld (presync phase)",
                     static_cast<long long>(m_id), static_cast<long long>(next_height));
            return false;
        }
    }
    m_current_chain_work += consensus::GetBlockProof(header.bits);
    m_last_header_received = header;
    m_current_height = next_height;
    return true;
}

bool HeadersSyncState::ValidateRedownloadedHeader(const CBlockHeader& header)
{
    const int64_t next_height = m_redownload_last_height + 1;
    if (header.prev_block != m_redownload_last_hash) {
        LogDebug(BCLog::NET, "Initial headers sync aborted with peer=%lld: non-continuous headers at height=%lld (redownload phase)",
                 static_cast<long long>(m_id), static_cast<long long>(next_height));
        return false;
    }
    const consensus::PrevBlockInfo prev{static_cast<int32_t>(m_redownload_last_height), m_redownload_last_time, m_redownload_last_bits, 0};
    if (header.bits != GetNextWorkRequired(prev, m_params)) {
        LogDebug(BCLog::NET, "Initial headers sync aborted with peer=%lld: invalid difficulty at height=%lld (redownload phase)",
                 static_cast<long long>(m_id), static_cast<long long>(next_height));
        return false;
    }
    m_redownload_chain_work += consensus::GetBlockProof(header.bits);
    if (m_redownload_chain_work >= m_minimum_work) m_process_all_remaining = true;
    if (!m_process_all_remaining && next_height % HEADER_COMMITMENT_PERIOD == static_cast<int64_t>(m_commit_offset)) {
        if (m_commitments.empty()) {
            LogDebug(BCLog::NET, "Initial headers sync aborted with peer=%lld: commitment overrun at height=%lld (redownload phase)",
                     static_cast<long long>(m_id), static_cast<long long>(next_height));
            return false;
        }
        const bool expected = m_commitments.front();
        m_commitments.pop_front();
        if (CommitmentBit(header) != expected) {
            LogDebug(BCLog::NET, "Initial headers sync aborted with peer=%lld: commitment mismatch at height=%lld (redownload phase)",
                     static_cast<long long>(m_id), static_cast<long long>(next_height));
            return false;
        }
    }
    m_redownload_buffer.push_back(header);
    m_redownload_last_height = next_height;
    m_redownload_last_hash = header.GetHash();
    m_redownload_last_time = header.time;
    m_redownload_last_bits = header.bits;
    return true;
}

std::vector<CBlockHeader> HeadersSyncState::PopReadyHeaders()
{
    std::vector<CBlockHeader> ready;
    while (m_redownload_buffer.size() > REDOWNLOAD_BUFFER_SIZE || (!m_redownload_buffer.empty() && m_process_all_remaining)) {
        ready.push_back(m_redownload_buffer.front());
        m_redownload_buffer.pop_front();
    }
    return ready;
}

std::vector<uint256> HeadersSyncState::NextRequestLocator() const
{
    if (m_state == State::FINAL) return {};
    std::vector<uint256> locator{m_state == State::PRESYNC ? m_last_header_received.GetHash() : m_redownload_last_hash};
    const std::vector<uint256> start = chainstate::LocatorEntries(m_chain_start);
    locator.insert(locator.end(), start.begin(), start.end());
    return locator;
}

} // namespace net
