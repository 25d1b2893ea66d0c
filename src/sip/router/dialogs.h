// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_ROUTER_DIALOGS_H
#define DOTS_SIP_ROUTER_DIALOGS_H

// The dialogs the proxy record-routed: where each side is reachable (so in-dialog requests
// are forwarded only to an endpoint of a dialog we set up — never an open relay), and, for
// INVITE dialogs, the calls shown by listsipcalls (the hook for call accounting).

#include <sip/transport/transport.h>
#include <util/sync.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sip {

enum class DialogState : uint8_t {
    EARLY,     //!< a provisional response with a To tag passed (INVITE only)
    CONFIRMED, //!< a 2xx passed: for INVITE the call is answered and running
    ENDED,     //!< BYE seen (kept briefly for retransmissions and for listsipcalls)
};

/** "early", "answered", "ended". Static storage. */
std::string_view DialogStateName(DialogState state);

/** One side of a dialog: its Contact URI as sent and the hop we reach it through. */
struct DialogSide {
    std::string contact;
    Destination hop;
};

/** A copy of one dialog, as Find/List return it. Times are Unix seconds. */
struct DialogInfo {
    std::string call_id;
    std::string caller_tag;  //!< From tag of the dialog-creating request
    std::string callee_tag;  //!< To tag of the response
    std::string method;      //!< "INVITE", "SUBSCRIBE", "REFER", "NOTIFY"
    std::string from_handle; //!< caller's handle or user part, "" if unknown
    std::string to_handle;   //!< the handle called
    DialogSide caller;
    DialogSide callee;
    DialogState state{DialogState::EARLY};
    int64_t created_at{0};
    int64_t answered_at{0}; //!< 0 until CONFIRMED
    int64_t ended_at{0};    //!< 0 until ENDED
    int64_t last_activity{0};
    bool IsCall() const { return method == "INVITE"; }
    /** Seconds the call has been (or was) answered, 0 before the answer. */
    int64_t Duration(int64_t now) const;
};

struct DialogLimits {
    size_t max_dialogs{200'000};
    int64_t early_timeout{300};       //!< an early dialog that never got a 2xx
    int64_t ended_linger{300};        //!< how long an ended dialog stays (BYE retransmissions, RPC)
    int64_t idle_timeout{7200};       //!< a non-INVITE dialog with no request for this long
    int64_t max_call_duration{86400}; //!< an answered call without BYE is dropped after this
};

/**
 * Dialogs keyed by (Call-ID, caller tag, callee tag). Thread-safe: the SIP thread writes, RPC
 * threads read copies (one mutex; every method is O(log n)).
 */
class DialogTable
{
public:
    explicit DialogTable(DialogLimits limits = {}) : m_limits{limits} {}

    /**
     * Records a dialog seen in a response: creates it, or advances an existing one (EARLY ->
     * CONFIRMED sets answered_at; a later 2xx or re-INVITE changes nothing but the callee's
     * Contact). Returns false when the table is full and the dialog is new.
     */
    bool Upsert(DialogInfo info, int64_t now) LOCKS_EXCLUDED(m_mutex);

    /**
     * The dialog of an in-dialog request with this Call-ID whose From/To tags are the two tags
     * in either order; nullopt if none. `caller_sent` says whether the request came from the
     * caller's side (its From tag is the caller tag). Refreshes last_activity.
     */
    std::optional<DialogInfo> Find(std::string_view call_id, std::string_view from_tag, std::string_view to_tag,
                                   int64_t now, bool& caller_sent) LOCKS_EXCLUDED(m_mutex);

    /** Marks the dialog ended (BYE). Returns false if it is unknown or already ended. */
    bool End(std::string_view call_id, std::string_view from_tag, std::string_view to_tag, int64_t now)
        LOCKS_EXCLUDED(m_mutex);

    /** Drops timed-out and lingering dialogs (see DialogLimits). Returns how many. */
    size_t Sweep(int64_t now) LOCKS_EXCLUDED(m_mutex);

    /** Copies of the INVITE dialogs (calls), oldest first. */
    std::vector<DialogInfo> Calls() const LOCKS_EXCLUDED(m_mutex);

    size_t Size() const LOCKS_EXCLUDED(m_mutex);
    /** Calls in CONFIRMED state. */
    size_t ActiveCalls() const LOCKS_EXCLUDED(m_mutex);

private:
    static std::string Key(std::string_view call_id, std::string_view caller_tag, std::string_view callee_tag);

    const DialogLimits m_limits;
    mutable Mutex m_mutex;
    std::map<std::string, DialogInfo, std::less<>> m_dialogs GUARDED_BY(m_mutex);
};

} // namespace sip

#endif // DOTS_SIP_ROUTER_DIALOGS_H
