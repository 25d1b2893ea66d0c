// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <zmq/registry_events.h>

#include <consensus/registry_state.h>
#include <util/strencodings.h>

#include <univalue.h>

namespace zmq {

namespace {
std::string KeyHex(const consensus::Key& key) { return HexStr(key); }

bool IsZero(const consensus::Key& key)
{
    for (uint8_t b : key) {
        if (b) return false;
    }
    return true;
}

UniValue Base(const std::string& event, const std::string& block_hash, int height, bool connected)
{
    UniValue body{UniValue::VOBJ};
    body.pushKV("event", event);
    body.pushKV("block", block_hash);
    body.pushKV("height", height);
    body.pushKV("connected", connected);
    return body;
}

/** Events of one handle record going from `from` to `to` (either may be absent). */
void HandleEvents(const std::optional<consensus::HandleRecord>& from, const std::optional<consensus::HandleRecord>& to,
                  const std::string& block_hash, int height, bool connected, std::vector<RegistryEvent>& out)
{
    const consensus::HandleRecord& now = to ? *to : *from;
    std::string event;
    if (!to) {
        event = "removed";
    } else if (!from || from->registered_height != to->registered_height) {
        event = "registered";
    } else if (from->owner != to->owner || from->home != to->home || from->identity != to->identity ||
               from->expiry_height != to->expiry_height || from->update_seq != to->update_seq) {
        event = "updated";
    }
    if (!event.empty()) {
        UniValue body = Base(event, block_hash, height, connected);
        body.pushKV("handle", now.handle);
        if (to) {
            body.pushKV("owner", KeyHex(to->owner));
            body.pushKV("home", IsZero(to->home) ? UniValue{} : UniValue{KeyHex(to->home)});
            body.pushKV("expiry_height", to->expiry_height);
            body.pushKV("seq", static_cast<int64_t>(to->update_seq));
        }
        out.push_back({"registryhandle", body.write()});
    }
    const consensus::Key old_node = from ? from->bound_node : consensus::Key{};
    const consensus::Key new_node = to ? to->bound_node : consensus::Key{};
    if (old_node != new_node || (from && to && from->binding_seq != to->binding_seq)) {
        UniValue body = Base(IsZero(new_node) ? "unbound" : "bound", block_hash, height, connected);
        body.pushKV("handle", now.handle);
        body.pushKV("node", IsZero(new_node) ? UniValue{} : UniValue{KeyHex(new_node)});
        if (to) body.pushKV("seq", static_cast<int64_t>(to->binding_seq));
        out.push_back({"registrybinding", body.write()});
    }
}

/** Events of one node record going from `from` to `to`. */
void NodeEvents(const std::optional<consensus::NodeRecord>& from, const std::optional<consensus::NodeRecord>& to,
                const std::string& block_hash, int height, bool connected, std::vector<RegistryEvent>& out)
{
    const consensus::NodeRecord& now = to ? *to : *from;
    std::string event;
    if (!to) {
        event = "removed";
    } else if (!from || (from->registered_height != to->registered_height)) {
        event = "registered";
    } else if (from->IsActive() && !to->IsActive()) {
        event = "deregistered";
    } else if (from->seq != to->seq || from->endpoints != to->endpoints || from->domains != to->domains ||
               from->prefixes != to->prefixes) {
        event = "updated";
    } else {
        return; // bond bookkeeping only
    }
    UniValue body = Base(event, block_hash, height, connected);
    body.pushKV("node", KeyHex(now.node));
    if (to) {
        UniValue endpoints{UniValue::VARR};
        for (const std::string& e : to->endpoints) endpoints.push_back(e);
        body.pushKV("endpoints", endpoints);
        body.pushKV("active", to->IsActive());
        body.pushKV("seq", static_cast<int64_t>(to->seq));
    }
    out.push_back({"registrynode", body.write()});
}
/**
 * The event of a settlement record whose key is `key` (orig, term, epoch), changed from `before`
 * to `after` by the connected block. Only settlements and top-ups make events; the erasure of a
 * settlement key when its epochs can no longer be settled (after absent) makes none.
 */
void SettlementEvents(std::string_view key, const std::optional<consensus::SettlementRecord>& before,
                      const std::optional<consensus::SettlementRecord>& after, const std::string& block_hash, int height,
                      bool connected, std::vector<RegistryEvent>& out)
{
    constexpr size_t KEY_SIZE = 1 + 32 + 32 + 4;
    if (!after || key.size() != KEY_SIZE) return;
    const CAmount settled_before = before ? before->amount : 0;
    if (after->amount == settled_before) return;
    const auto* bytes = reinterpret_cast<const uint8_t*>(key.data());
    uint32_t epoch = 0;
    for (size_t i = 65; i < KEY_SIZE; ++i) epoch = (epoch << 8) | bytes[i];
    UniValue body = Base(connected ? "settled" : "unsettled", block_hash, height, connected);
    body.pushKV("orig", HexStr(std::span{bytes + 1, 32}));
    body.pushKV("term", HexStr(std::span{bytes + 33, 32}));
    body.pushKV("epoch", static_cast<int64_t>(epoch));
    // The pair-epoch's settled total after the event, and what the event moved to (or, undone,
    // back from) the terminating node's balance.
    body.pushKV("amount", static_cast<int64_t>(connected ? after->amount : settled_before));
    body.pushKV("paid", static_cast<int64_t>(after->amount - settled_before));
    body.pushKV("seconds", static_cast<int64_t>(connected ? after->seconds : (before ? before->seconds : 0)));
    out.push_back({"registrysettlement", body.write()});
}
} // namespace

std::vector<RegistryEvent> RegistryEventsFromDiff(const chainstate::RecordDiff& diff, const std::string& block_hash,
                                                  int height, bool connected)
{
    std::vector<RegistryEvent> out;
    for (const chainstate::RecordChange& change : diff.changes) {
        if (change.key.empty()) continue;
        // Disconnected: the state goes back from `after` to `before`.
        const std::optional<std::string>& from = connected ? change.before : change.after;
        const std::optional<std::string>& to = connected ? change.after : change.before;
        if (!from && !to) continue;
        switch (change.key[0]) {
        case consensus::TABLE_HANDLE: {
            const auto a = from ? consensus::HandleRecord::Decode(*from) : std::nullopt;
            const auto b = to ? consensus::HandleRecord::Decode(*to) : std::nullopt;
            if ((from && !a) || (to && !b)) break; // undecodable: validation would have refused it
            HandleEvents(a, b, block_hash, height, connected, out);
            break;
        }
        case consensus::TABLE_NODE: {
            const auto a = from ? consensus::NodeRecord::Decode(*from) : std::nullopt;
            const auto b = to ? consensus::NodeRecord::Decode(*to) : std::nullopt;
            if ((from && !a) || (to && !b)) break;
            NodeEvents(a, b, block_hash, height, connected, out);
            break;
        }
        case consensus::TABLE_SETTLEMENT: {
            // Read in the connected direction: the erasure of a key is no event either way.
            const auto a = change.before ? consensus::SettlementRecord::Decode(*change.before) : std::nullopt;
            const auto b = change.after ? consensus::SettlementRecord::Decode(*change.after) : std::nullopt;
            if ((change.before && !a) || (change.after && !b)) break;
            SettlementEvents(change.key, a, b, block_hash, height, connected, out);
            break;
        }
        default:
            break;
        }
    }
    return out;
}

} // namespace zmq
