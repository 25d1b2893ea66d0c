// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_NET_PROCESSING_HEADERS_SYNC_H
#define DOTS_NET_PROCESSING_HEADERS_SYNC_H

/**
 * HeadersSyncState: protection against low-work header spam, as Bitcoin Core's headers
 * presync. A peer could send millions of cheap headers that fork off early in the chain;
 * storing them all in the block index would exhaust memory. So a chain that does not yet
 * show enough work (GetAntiDoSWorkThreshold in the peer manager) is downloaded twice:
 *
 *  1. PRESYNC: the headers are checked (continuity, the exact ASERT bits, proof of work) and
 *     counted, but only one salted bit per HEADER_COMMITMENT_PERIOD headers is kept. The
 *     number of headers is capped by what the median-time-past rule allows since the fork
 *     point, so memory per peer stays bounded. Once the chain's work reaches the threshold...
 *  2. REDOWNLOAD: the same headers are requested again from the fork point and must match
 *     the commitments; they are buffered (REDOWNLOAD_BUFFER_SIZE) and released for storing
 *     once enough headers after them matched (an attacker cannot make two chains match the
 *     same random commitments), or all at once when the redownloaded work reaches the threshold.
 *  3. FINAL: done (or failed); the peer manager drops the object.
 *
 * With ASERT, a header's bits follow exactly from its parent's height and time, so presync
 * checks them exactly (Bitcoin only bounds the change). Thread-compatible: one per peer,
 * used under the peer manager's lock.
 */

#include <consensus/arith_uint256.h>
#include <consensus/params.h>
#include <net/node.h>
#include <primitives/block.h>

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

namespace chainstate {
class BlockIndex;
}

namespace net {

/** Headers between commitment bits (Bitcoin Core's value). */
inline constexpr int64_t HEADER_COMMITMENT_PERIOD = 606;
/** Headers held back in REDOWNLOAD until enough commitments after them matched. */
inline constexpr size_t REDOWNLOAD_BUFFER_SIZE = 14441;

class HeadersSyncState
{
public:
    enum class State { PRESYNC, REDOWNLOAD, FINAL };

    /**
     * Starts a sync of the chain that forks off at `chain_start` (a block in our index; its
     * fields must not change, which holds for the height, hash, time, bits and work of any
     * indexed block). `minimum_work` is the chain work the peer's chain must reach. `now` is
     * UNIX seconds (caps the number of headers).
     */
    HeadersSyncState(NodeId id, const consensus::ConsensusParams& params, const chainstate::BlockIndex* chain_start,
                     const consensus::arith_uint256& minimum_work, int64_t now);

    struct Result {
        /** Headers fully checked against the commitments: the caller stores them. */
        std::vector<CBlockHeader> ready;
        /** False: the headers were invalid or did not match (the caller stops syncing from this peer). */
        bool success{false};
        /** Ask the peer for more headers (NextRequestLocator). */
        bool request_more{false};
    };

    /**
     * Processes a headers message of the peer. `full_message`: it held MAX_HEADERS_RESULTS
     * headers (the peer has more). Ends in FINAL on any failure, when the chain ended below
     * the required work, and when everything was released.
     */
    Result ProcessNextHeaders(const std::vector<CBlockHeader>& headers, bool full_message);

    /** The locator for the next getheaders (PRESYNC: from the last header; REDOWNLOAD: from
     * the last redownloaded one). Empty in FINAL. */
    std::vector<uint256> NextRequestLocator() const;

    State GetState() const { return m_state; }
    int64_t PresyncHeight() const { return m_current_height; }
    uint32_t PresyncTime() const { return m_last_header_received.time; }
    const consensus::arith_uint256& PresyncWork() const { return m_current_chain_work; }

private:
    bool ValidatePresyncHeaders(const std::vector<CBlockHeader>& headers);
    bool ValidatePresyncHeader(const CBlockHeader& header);
    bool ValidateRedownloadedHeader(const CBlockHeader& header);
    std::vector<CBlockHeader> PopReadyHeaders();
    bool CommitmentBit(const CBlockHeader& header) const;
    void Finalize();

    const NodeId m_id;
    const consensus::ConsensusParams& m_params;
    const chainstate::BlockIndex* m_chain_start;
    const consensus::arith_uint256 m_minimum_work;
    const uint64_t m_commit_offset;
    const uint64_t m_salt_k0;
    const uint64_t m_salt_k1;
    uint64_t m_max_commitments{0};

    State m_state{State::PRESYNC};

    // PRESYNC
    std::deque<bool> m_commitments;
    CBlockHeader m_last_header_received;
    int64_t m_current_height{0};
    consensus::arith_uint256 m_current_chain_work;

    // REDOWNLOAD
    std::deque<CBlockHeader> m_redownload_buffer;
    int64_t m_redownload_last_height{0};
    uint256 m_redownload_last_hash;
    uint32_t m_redownload_last_time{0};
    uint32_t m_redownload_last_bits{0};
    consensus::arith_uint256 m_redownload_chain_work;
    bool m_process_all_remaining{false};
};

} // namespace net

#endif // DOTS_NET_PROCESSING_HEADERS_SYNC_H
