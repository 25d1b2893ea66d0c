// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_CONSENSUS_VALIDATION_STATE_H
#define DOTS_CONSENSUS_VALIDATION_STATE_H

/**
 * The outcome of validating a transaction or block, as in Bitcoin Core: VALID, INVALID (the
 * object breaks a rule: a result kind says what the caller should do about it, a short reject
 * reason such as "bad-txns-vin-empty" is what RPC and logs show, and a debug message gives
 * details), or ERROR (the check itself could not be done: disk or database failure; say
 * nothing about the object and do not punish the peer).
 *
 * Reject reasons are static strings in the code so they stay stable for users and tests; the
 * full list is in doc/design.md. Value type, thread-compatible.
 */

#include <string>
#include <string_view>

namespace consensus {

/** Why a transaction is invalid; decides peer punishment and mempool handling. */
enum class TxValidationResult {
    TX_RESULT_UNSET = 0,
    TX_CONSENSUS,          //!< breaks a consensus rule
    TX_NOT_STANDARD,       //!< valid in a block but refused by local policy
    TX_MISSING_INPUTS,     //!< spends outputs we do not know (yet)
    TX_PREMATURE_SPEND,    //!< not final yet, or spends an immature coinbase
    TX_CONFLICT,           //!< conflicts with a transaction we already have
    TX_MEMPOOL_POLICY,     //!< mempool full, fee too low, ...
    TX_WITNESS_MUTATED,    //!< bad witness with a valid base: the txid may still be good
};

/** Why a block (or header) is invalid. */
enum class BlockValidationResult {
    BLOCK_RESULT_UNSET = 0,
    BLOCK_CONSENSUS,       //!< breaks a consensus rule; the block hash is permanently invalid
    BLOCK_CACHED_INVALID,  //!< already known to be invalid
    BLOCK_INVALID_HEADER,  //!< bad proof of work, bits or time in the header
    BLOCK_MUTATED,         //!< the transactions do not match the header (merkle mutation,
                           //!< duplicate transactions): the HEADER may still be valid, so the
                           //!< hash must not be marked invalid
    BLOCK_MISSING_PREV,    //!< parent unknown
    BLOCK_INVALID_PREV,    //!< descends from an invalid block
    BLOCK_TIME_FUTURE,     //!< timestamp too far ahead of our clock: may become valid later
    BLOCK_HEADER_LOW_WORK, //!< header chain with too little work to be worth storing
};

template <typename Result>
class ValidationState
{
public:
    enum class Mode { VALID, INVALID, ERROR };

    /** Records that the object is invalid. Returns false so callers can `return state.Invalid(...)`. */
    bool Invalid(Result result, std::string_view reject_reason, std::string_view debug_message = {})
    {
        m_mode = Mode::INVALID;
        m_result = result;
        m_reject_reason = reject_reason;
        m_debug_message = debug_message;
        return false;
    }
    /** Records that validation could not be completed (not the object's fault). Returns false. */
    bool Error(std::string_view reject_reason)
    {
        if (m_mode == Mode::VALID) m_reject_reason = reject_reason;
        m_mode = Mode::ERROR;
        return false;
    }

    bool IsValid() const { return m_mode == Mode::VALID; }
    bool IsInvalid() const { return m_mode == Mode::INVALID; }
    bool IsError() const { return m_mode == Mode::ERROR; }
    Result GetResult() const { return m_result; }
    const std::string& GetRejectReason() const { return m_reject_reason; }
    const std::string& GetDebugMessage() const { return m_debug_message; }

    /** "reason" or "reason, debug message"; "Valid" for a valid state. */
    std::string ToString() const
    {
        if (IsValid()) return "Valid";
        if (m_debug_message.empty()) return m_reject_reason;
        return m_reject_reason + ", " + m_debug_message;
    }

private:
    Mode m_mode{Mode::VALID};
    Result m_result{};
    std::string m_reject_reason;
    std::string m_debug_message;
};

class TxValidationState : public ValidationState<TxValidationResult> {};
class BlockValidationState : public ValidationState<BlockValidationResult> {};

} // namespace consensus

#endif // DOTS_CONSENSUS_VALIDATION_STATE_H
