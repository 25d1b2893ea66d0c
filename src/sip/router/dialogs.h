// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#ifndef DOTS_SIP_ROUTER_DIALOGS_H
#define DOTS_SIP_ROUTER_DIALOGS_H

// The dialogs the proxy record-routed: where each side is reachable (so in-dialog requests
// are forwarded only to an endpoint of a dialog we set up — never an open relay), and, for
// INVITE dialogs, the calls shown by listsipcalls and handed to a CallListener when they end
// (the hook for call accounting).
//
// Memory: a dialog lives only while something needs it. An early dialog goes when its branch
// gets a final non-2xx answer; an ended one stays 64*T1 after the BYE (a BYE from the other
// side may cross it), and then only its compact CallRecord is kept, in a bounded list of
// recent calls for listsipcalls.
//
// Calls routed to a paid remote node (Registry v2 rates) also carry what billing needs: the
// terminating node, the rate accepted and how far their answered seconds were reported. Only
// those dialogs pay for it (one pointer in every entry, the record itself only in theirs); the
// table reports their seconds to interfaces::CallAccounting at least once a minute from Sweep()
// and the rest when they end.

#include <interfaces/calls.h>
#include <sip/parser/method.h>
#include <sip/transport/transport.h>
#include <util/sync.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sip {

enum class DialogState : uint8_t {
    EARLY,     //!< a provisional response with a To tag passed (INVITE only)
    CONFIRMED, //!< a 2xx passed: for INVITE the call is answered and running
    ENDED,     //!< BYE seen (kept 64*T1 for a crossing BYE, then only as a CallRecord)
};

/** "early", "answered", "ended". Static storage. */
std::string_view DialogStateName(DialogState state);

/** One side of a dialog: the hop we reach it through. */
struct DialogSide {
    Destination hop;
};

/** A call routed to a remote node that charges for it: who terminates it and at what rate. */
struct RemoteCall {
    interfaces::CallNodeId node{}; //!< the terminating node T
    int64_t rate{0};               //!< units per 60 s accepted when the call was routed (T's rate in force)
};

/** What a new dialog is made of (Upsert), and a copy of a call as Calls() lists it. Times are
 *  Unix seconds. */
struct DialogInfo {
    std::string call_id;
    std::string caller_tag;  //!< From tag of the dialog-creating request
    std::string callee_tag;  //!< To tag of the response
    SipMethod method{SipMethod::INVITE}; //!< INVITE, SUBSCRIBE, REFER or NOTIFY
    std::string from_handle; //!< caller's handle or user part, "" if unknown
    std::string to_handle;   //!< the handle called
    DialogSide caller;
    DialogSide callee;
    DialogState state{DialogState::EARLY};
    int64_t created_at{0};
    int64_t answered_at{0}; //!< 0 until CONFIRMED
    int64_t ended_at{0};    //!< 0 until ENDED
    /** Set on a dialog-creating request routed to a paid remote node (billed); Upsert only. */
    std::optional<RemoteCall> remote;
    bool IsCall() const { return method == SipMethod::INVITE; }
    /** Seconds the call has been (or was) answered, 0 before the answer. */
    int64_t Duration(int64_t now) const;
};

/** Why an answered call ended. */
enum class CallEnd : uint8_t {
    BYE,     //!< a BYE from either side passed through the proxy
    TIMEOUT, //!< answered longer than DialogLimits::max_call_duration without a BYE
};

/** An answered call that has ended: what call accounting needs. */
struct CallRecord {
    std::string call_id;
    std::string from_handle;
    std::string to_handle;
    int64_t created_at{0};
    int64_t answered_at{0};
    int64_t ended_at{0};
    CallEnd reason{CallEnd::BYE};
    int64_t Duration() const { return ended_at > answered_at ? ended_at - answered_at : 0; }
};

/** Told about every answered call once, when it ends (call accounting). Called on the SIP
 *  thread without the table's lock held; must not block. */
class CallListener
{
public:
    virtual ~CallListener() = default;
    virtual void OnCallEnded(const CallRecord& call) = 0;
};

/** Where an in-dialog request goes: the side that did not send it. */
struct DialogMatch {
    DialogState state{DialogState::EARLY};
    bool caller_sent{false}; //!< the request came from the caller's side
    Destination target;      //!< the other side's hop
};

struct DialogLimits {
    /** Most dialogs at once. The proxy answers dialog-creating requests 503 before the table
     *  is full (see HasRoom), so an accepted call always gets its dialog and its BYE passes. */
    size_t max_dialogs{200'000};
    int64_t early_timeout{300};       //!< an early dialog whose branch never ended (safety net)
    int64_t ended_linger{32};         //!< an ended dialog stays this long for a crossing BYE (64*T1)
    int64_t idle_timeout{7200};       //!< a non-INVITE dialog with no request for this long
    int64_t max_call_duration{86400}; //!< an answered call without BYE is dropped after this
    int64_t billing_interval{60};     //!< a remote paid call's seconds are reported once this many accrued
    /** Ended calls listed by Calls() for this long, at most max_recent_calls of them. */
    int64_t recent_calls_seconds{300};
    size_t max_recent_calls{1000};
};

/**
 * Dialogs keyed by (Call-ID, caller tag, callee tag). Thread-safe: the SIP thread writes, RPC
 * threads read copies (one mutex; lookups O(1)). About 200 bytes per dialog plus its strings.
 */
class DialogTable
{
public:
    explicit DialogTable(DialogLimits limits = {}) : m_limits{limits} {}

    /** The listener told of every call that ends (nullptr: none). Set before the SIP thread
     *  starts; it must outlive the table. */
    void SetCallListener(CallListener* listener) { m_listener = listener; }
    /** Who is told the answered seconds of calls to paid remote nodes (null: nobody; such calls
     *  are then not routed). Set before the SIP thread starts; it must outlive the table. */
    void SetCallAccounting(interfaces::CallAccounting* accounting) { m_accounting = accounting; }

    /** True if `pending` more dialogs (requests being proxied that may create one) still fit. */
    bool HasRoom(size_t pending) const LOCKS_EXCLUDED(m_mutex);

    /**
     * Records a dialog seen in a response: creates it, or advances an existing one (EARLY ->
     * CONFIRMED sets answered_at; anything else changes nothing). A new EARLY dialog is refused
     * (false) when the table is full; a new CONFIRMED one only above 1.1 * max_dialogs, since
     * the proxy reserved its room (HasRoom) before forwarding the request. `info.remote` is
     * kept by a new INVITE dialog: its seconds are billed from the answer on (see Sweep, End).
     */
    bool Upsert(const DialogInfo& info, int64_t now) LOCKS_EXCLUDED(m_mutex);

    /**
     * The dialog of an in-dialog request with this Call-ID whose From/To tags are the two tags
     * in either order, and the hop of the side that did not send it; nullopt if none.
     * Refreshes the dialog's activity time. No allocation.
     */
    std::optional<DialogMatch> Find(std::string_view call_id, std::string_view from_tag, std::string_view to_tag,
                                    int64_t now) LOCKS_EXCLUDED(m_mutex);

    /** Marks the dialog ended (BYE): a call's CallRecord goes to the listener and the recent
     *  list; a billed remote call's seconds not reported yet go to the CallAccounting. Returns
     *  false if it is unknown or already ended (so a crossing BYE bills nothing twice). */
    bool End(std::string_view call_id, std::string_view from_tag, std::string_view to_tag, int64_t now)
        LOCKS_EXCLUDED(m_mutex);

    /** Removes an EARLY dialog whose branch got a final non-2xx answer or failed. Returns
     *  false if there is no such early dialog (a confirmed one is never removed here). */
    bool RemoveEarly(std::string_view call_id, std::string_view caller_tag, std::string_view callee_tag)
        LOCKS_EXCLUDED(m_mutex);

    /** Drops timed-out and lingering dialogs and old recent calls (see DialogLimits), and
     *  reports to the CallAccounting the seconds of every billed remote call that accrued
     *  billing_interval or more since its last report (and the rest of those that timed out).
     *  Each answered second is reported exactly once. Returns how many dialogs went. */
    size_t Sweep(int64_t now) LOCKS_EXCLUDED(m_mutex);

    /** Copies of the calls: INVITE dialogs not ended, then the recent ended calls; oldest first. */
    std::vector<DialogInfo> Calls() const LOCKS_EXCLUDED(m_mutex);

    size_t Size() const LOCKS_EXCLUDED(m_mutex);
    /** Calls in CONFIRMED state. O(1). */
    size_t ActiveCalls() const LOCKS_EXCLUDED(m_mutex);

private:
    struct Entry {
        std::string from_handle;
        std::string to_handle;
        Destination caller_hop;
        Destination callee_hop;
        int64_t created_at{0};
        int64_t answered_at{0};
        int64_t ended_at{0};
        int64_t last_activity{0};
        SipMethod method{SipMethod::INVITE};
        DialogState state{DialogState::EARLY};
        /** What a billed remote call adds (null for all other dialogs). */
        struct Billing {
            RemoteCall call;
            int64_t billed_until{0}; //!< answered seconds up to here are reported (answered_at at first)
            std::string call_id;     //!< the call's receipt in the voucher stream
        };
        std::unique_ptr<Billing> billing;
        bool IsCall() const { return method == SipMethod::INVITE; }
        /** The seconds of a billed call from billed_until to `now`, marking them reported; nullopt when none. */
        std::optional<interfaces::CallSeconds> Bill(int64_t now);
    };
    using Map = std::unordered_map<std::string, Entry>;

    /** key = Call-ID "\n" caller tag "\n" callee tag, built in `out` (reused buffer). */
    static void Key(std::string& out, std::string_view call_id, std::string_view caller_tag, std::string_view callee_tag);
    /** The entry for tags in either order; `caller_sent` says which. */
    Map::iterator Lookup(std::string_view call_id, std::string_view from_tag, std::string_view to_tag, bool& caller_sent)
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    static CallRecord RecordOf(const std::string& key, const Entry& e, CallEnd reason);
    void Remember(CallRecord record) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);

    const DialogLimits m_limits;
    CallListener* m_listener{nullptr};
    interfaces::CallAccounting* m_accounting{nullptr};
    mutable Mutex m_mutex;
    Map m_dialogs GUARDED_BY(m_mutex);
    size_t m_active_calls GUARDED_BY(m_mutex){0};
    std::deque<CallRecord> m_recent GUARDED_BY(m_mutex); //!< ended calls, oldest first
    std::string m_key GUARDED_BY(m_mutex);               //!< lookup buffer
};

} // namespace sip

#endif // DOTS_SIP_ROUTER_DIALOGS_H
