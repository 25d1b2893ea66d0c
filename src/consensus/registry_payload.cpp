// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/registry_payload.h>

#include <consensus/registry_serialize.h>

#include <crypto/key.h>
#include <crypto/sha256.h>
#include <crypto/tagged_hash.h>

#include <algorithm>
#include <cassert>
#include <type_traits>

namespace registry {

// ---- Shared decoding helpers (registry_serialize.h) ----

std::optional<std::string> ReadStr(ByteReader& r, size_t max, const char* what)
{
    const auto n = r.ReadCompactSize(max, what);
    if (!n) return std::nullopt;
    const auto v = r.ReadView(static_cast<size_t>(*n), what);
    if (!v) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(v->data()), v->size());
}

std::optional<std::vector<std::string>> ReadStrList(ByteReader& r, size_t max_count, size_t max_size,
                                                    const char* count_what, const char* what)
{
    // Each element takes at least its one-byte length: bounds the reserve by the input.
    const auto n = r.ReadCount(max_count, 1, count_what);
    if (!n) return std::nullopt;
    std::vector<std::string> out;
    out.reserve(static_cast<size_t>(*n));
    for (uint64_t i = 0; i < *n; ++i) {
        auto s = ReadStr(r, max_size, what);
        if (!s) return std::nullopt;
        out.push_back(std::move(*s));
    }
    return out;
}

std::optional<CallRecordBody> ReadCallRecordBody(ByteReader& r)
{
    auto call_id = r.ReadUint256("call id");
    auto orig = r.ReadArray<32>("originating node");
    auto term = r.ReadArray<32>("terminating node");
    auto duration = r.ReadU32("call duration");
    auto height = r.ReadU32("anchor height");
    auto hash = r.ReadUint256("anchor hash");
    if (!call_id || !orig || !term || !duration || !height || !hash) return std::nullopt;
    return CallRecordBody{*call_id, *orig, *term, *duration, *height, *hash};
}

namespace {

// ---- Encoding helpers ----

template <typename W>
void SerializeBody(W& w, const HandleUpdateBody& b)
{
    WriteStr(w, b.handle);
    WriteU32(w, b.seq);
    WriteU8(w, b.flags);
    if (b.flags & UPDATE_HOME) w.Write(b.home);
    if (b.flags & UPDATE_IDENTITY) w.Write(b.identity);
    if (b.flags & UPDATE_OWNER) w.Write(b.new_owner);
}

template <typename W>
void SerializeBody(W& w, const NodeRegisterBody& b)
{
    w.Write(b.node);
    WriteU32(w, b.seq);
    WriteU8(w, static_cast<uint8_t>(b.op));
    WriteI64(w, b.bond);
    b.reward.Serialize(w);
    WriteStrList(w, b.endpoints);
    WriteStrList(w, b.domains);
    WriteStrList(w, b.prefixes);
}

template <typename W>
void SerializeBody(W& w, const PresenceBody& b)
{
    WriteStr(w, b.handle);
    w.Write(b.node);
    WriteU32(w, b.anchor_height);
    WriteUint256(w, b.anchor_hash);
}

template <typename W>
void SerializeBody(W& w, const CallRecordBody& b)
{
    WriteCallRecordBody(w, b);
}

template <typename W>
void SerializePayload(W& w, const HandleCommit& p)
{
    WriteUint256(w, p.commitment);
}

template <typename W>
void SerializePayload(W& w, const HandleRegister& p)
{
    WriteStr(w, p.handle);
    WriteUint256(w, p.salt);
    w.Write(p.owner);
}

template <typename W>
void SerializePayload(W& w, const HandleUpdate& p)
{
    SerializeBody(w, p.body);
    w.Write(p.owner_sig);
}

template <typename W>
void SerializePayload(W& w, const NodeRegister& p)
{
    SerializeBody(w, p.body);
    w.Write(p.node_sig);
}

template <typename W>
void SerializePayload(W& w, const PresenceProof& p)
{
    SerializeBody(w, p.body);
    w.Write(p.node_sig);
    WriteU8(w, p.owner_sig ? 1 : 0);
    if (p.owner_sig) w.Write(*p.owner_sig);
}

template <typename W>
void SerializePayload(W& w, const CallRecord& p)
{
    SerializeBody(w, p.body);
    w.Write(p.orig_sig);
    w.Write(p.term_sig);
}

constexpr uint8_t DISPUTE_VOID = 1;
constexpr uint8_t DISPUTE_EQUIVOCATION = 2;

template <typename W>
void SerializePayload(W& w, const Dispute& p)
{
    if (const auto* v = std::get_if<CallVoid>(&p)) {
        WriteU8(w, DISPUTE_VOID);
        WriteUint256(w, v->call_id);
        w.Write(v->node);
        w.Write(v->sig);
    } else {
        const auto& e = std::get<Equivocation>(p);
        WriteU8(w, DISPUTE_EQUIVOCATION);
        w.Write(e.node);
        SerializeBody(w, e.a);
        w.Write(e.sig_a);
        SerializeBody(w, e.b);
        w.Write(e.sig_b);
    }
}

// ---- Decoding helpers: each returns std::nullopt after recording the failure in `r` ----

std::optional<HandleUpdateBody> ReadHandleUpdateBody(ByteReader& r)
{
    HandleUpdateBody b;
    auto handle = ReadStr(r, MAX_HANDLE_SIZE, "handle");
    auto seq = r.ReadU32("update seq");
    auto flags = r.ReadU8("update flags");
    if (!handle || !seq || !flags) return std::nullopt;
    if (*flags & ~UPDATE_ALL_FLAGS) return r.Fail(DecodeError::INVALID_VALUE, "unknown update flags");
    b.handle = std::move(*handle);
    b.seq = *seq;
    b.flags = *flags;
    if (b.flags & UPDATE_HOME) {
        auto k = r.ReadArray<32>("home node");
        if (!k) return std::nullopt;
        b.home = *k;
    }
    if (b.flags & UPDATE_IDENTITY) {
        auto k = r.ReadArray<32>("identity key");
        if (!k) return std::nullopt;
        b.identity = *k;
    }
    if (b.flags & UPDATE_OWNER) {
        auto k = r.ReadArray<32>("new owner");
        if (!k) return std::nullopt;
        b.new_owner = *k;
    }
    return b;
}

std::optional<NodeRegisterBody> ReadNodeRegisterBody(ByteReader& r)
{
    NodeRegisterBody b;
    auto node = r.ReadArray<32>("node key");
    auto seq = r.ReadU32("node seq");
    auto op = r.ReadU8("node op");
    if (!node || !seq || !op) return std::nullopt;
    if (*op < static_cast<uint8_t>(NodeOp::REGISTER) || *op > static_cast<uint8_t>(NodeOp::DEREGISTER)) {
        return r.Fail(DecodeError::INVALID_VALUE, "unknown node op");
    }
    auto bond = r.ReadI64("node bond");
    if (!bond) return std::nullopt;
    auto reward = OutputLock::Unserialize(r);
    if (!reward) return std::nullopt;
    if (!IsKnownLockType(reward->type)) return r.Fail(DecodeError::INVALID_VALUE, "unknown reward lock type");
    auto endpoints = ReadStrList(r, MAX_ENDPOINTS, MAX_ENDPOINT_SIZE, "endpoint count", "endpoint");
    if (!endpoints) return std::nullopt;
    auto domains = ReadStrList(r, MAX_DOMAINS, MAX_DOMAIN_SIZE, "domain count", "domain");
    if (!domains) return std::nullopt;
    auto prefixes = ReadStrList(r, MAX_PREFIXES, MAX_PREFIX_SIZE, "prefix count", "prefix");
    if (!prefixes) return std::nullopt;
    b.node = *node;
    b.seq = *seq;
    b.op = static_cast<NodeOp>(*op);
    b.bond = *bond;
    b.reward = *reward;
    b.endpoints = std::move(*endpoints);
    b.domains = std::move(*domains);
    b.prefixes = std::move(*prefixes);
    return b;
}

std::optional<PresenceBody> ReadPresenceBody(ByteReader& r)
{
    auto handle = ReadStr(r, MAX_HANDLE_SIZE, "handle");
    auto node = r.ReadArray<32>("node key");
    auto height = r.ReadU32("anchor height");
    auto hash = r.ReadUint256("anchor hash");
    if (!handle || !node || !height || !hash) return std::nullopt;
    return PresenceBody{std::move(*handle), *node, *height, *hash};
}

std::optional<PresenceProof> ReadPresenceProof(ByteReader& r)
{
    auto body = ReadPresenceBody(r);
    if (!body) return std::nullopt;
    auto node_sig = r.ReadArray<64>("node signature");
    auto has_owner_sig = r.ReadU8("has owner signature");
    if (!node_sig || !has_owner_sig) return std::nullopt;
    if (*has_owner_sig > 1) return r.Fail(DecodeError::INVALID_VALUE, "has_owner_sig not 0 or 1");
    PresenceProof p{std::move(*body), *node_sig, std::nullopt};
    if (*has_owner_sig == 1) {
        auto owner_sig = r.ReadArray<64>("owner signature");
        if (!owner_sig) return std::nullopt;
        p.owner_sig = *owner_sig;
    }
    return p;
}

std::optional<Dispute> ReadDispute(ByteReader& r)
{
    auto type = r.ReadU8("dispute type");
    if (!type) return std::nullopt;
    if (*type == DISPUTE_VOID) {
        auto call_id = r.ReadUint256("call id");
        auto node = r.ReadArray<32>("node key");
        auto sig = r.ReadArray<64>("void signature");
        if (!call_id || !node || !sig) return std::nullopt;
        return Dispute{CallVoid{*call_id, *node, *sig}};
    }
    if (*type == DISPUTE_EQUIVOCATION) {
        auto node = r.ReadArray<32>("node key");
        if (!node) return std::nullopt;
        auto a = ReadCallRecordBody(r);
        if (!a) return std::nullopt;
        auto sig_a = r.ReadArray<64>("signature a");
        if (!sig_a) return std::nullopt;
        auto b = ReadCallRecordBody(r);
        if (!b) return std::nullopt;
        auto sig_b = r.ReadArray<64>("signature b");
        if (!sig_b) return std::nullopt;
        return Dispute{Equivocation{*node, *a, *sig_a, *b, *sig_b}};
    }
    return r.Fail(DecodeError::INVALID_VALUE, "unknown dispute type");
}

std::optional<Payload> ReadPayload(TxKind kind, ByteReader& r)
{
    switch (kind) {
    case TxKind::HANDLE_COMMIT: {
        auto c = r.ReadUint256("commitment");
        if (!c) return std::nullopt;
        return Payload{HandleCommit{*c}};
    }
    case TxKind::HANDLE_REGISTER: {
        auto handle = ReadStr(r, MAX_HANDLE_SIZE, "handle");
        auto salt = r.ReadUint256("salt");
        auto owner = r.ReadArray<32>("owner key");
        if (!handle || !salt || !owner) return std::nullopt;
        return Payload{HandleRegister{std::move(*handle), *salt, *owner}};
    }
    case TxKind::HANDLE_UPDATE: {
        auto body = ReadHandleUpdateBody(r);
        if (!body) return std::nullopt;
        auto sig = r.ReadArray<64>("owner signature");
        if (!sig) return std::nullopt;
        return Payload{HandleUpdate{std::move(*body), *sig}};
    }
    case TxKind::NODE_REGISTER: {
        auto body = ReadNodeRegisterBody(r);
        if (!body) return std::nullopt;
        auto sig = r.ReadArray<64>("node signature");
        if (!sig) return std::nullopt;
        return Payload{NodeRegister{std::move(*body), *sig}};
    }
    case TxKind::PRESENCE_PROOF: {
        auto p = ReadPresenceProof(r);
        if (!p) return std::nullopt;
        return Payload{std::move(*p)};
    }
    case TxKind::CALL_RECORD: {
        auto body = ReadCallRecordBody(r);
        if (!body) return std::nullopt;
        auto orig_sig = r.ReadArray<64>("originating signature");
        auto term_sig = r.ReadArray<64>("terminating signature");
        if (!orig_sig || !term_sig) return std::nullopt;
        return Payload{CallRecord{*body, *orig_sig, *term_sig}};
    }
    case TxKind::DISPUTE: {
        auto d = ReadDispute(r);
        if (!d) return std::nullopt;
        return Payload{std::move(*d)};
    }
    case TxKind::COINBASE:
    case TxKind::TRANSFER:
        break;
    }
    assert(false); // callers check IsRegistryKind
    return std::nullopt;
}

// ---- Syntax helpers ----

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLowerAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z'); }
bool IsNamePunct(char c) { return c == '.' || c == '-' || c == '_'; }

bool AllDigits(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), IsDigit);
}

/** Lower-case DNS name: dot-separated labels of 1-63 [a-z0-9-], not starting or ending with '-'. */
bool IsDnsName(std::string_view name)
{
    if (name.empty()) return false;
    size_t start = 0;
    while (true) {
        const size_t dot = name.find('.', start);
        const std::string_view label = name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty() || label.size() > 63) return false;
        if (label.front() == '-' || label.back() == '-') return false;
        for (char c : label) {
            if (!IsLowerAlnum(c) && c != '-') return false;
        }
        // The last label (top-level domain) is never all digits (RFC 3696 2): "999.1.1.1" is
        // neither a name nor an address.
        if (dot == std::string_view::npos) return !AllDigits(label);
        start = dot + 1;
    }
}

/** A decimal number without leading zeros (a lone "0" allowed) and at most `max` in value. */
std::optional<uint32_t> ParseCanonicalDecimal(std::string_view s, uint32_t max)
{
    if (s.empty() || s.size() > 5 || !AllDigits(s)) return std::nullopt;
    if (s.size() > 1 && s.front() == '0') return std::nullopt;
    uint32_t v = 0;
    for (char c : s) v = v * 10 + static_cast<uint32_t>(c - '0');
    if (v > max) return std::nullopt;
    return v;
}

// The address checks below are consensus code's own strict copy, apart from util's IP parser
// (util/netaddress.h) on purpose: whether a node's endpoint is valid decides whether a block is
// valid, so these rules must never change with an edit made for options, RPC or SIP. They are
// also stricter than util's: no leading zeros, lower-case hex only, no zone, one text per address.

/** Dotted-quad IPv4 with each part 0-255 and no leading zeros. */
bool IsIPv4(std::string_view s)
{
    int parts = 0;
    size_t start = 0;
    while (true) {
        const size_t dot = s.find('.', start);
        const std::string_view part = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (!ParseCanonicalDecimal(part, 255)) return false;
        ++parts;
        if (dot == std::string_view::npos) break;
        if (parts == 4) return false;
        start = dot + 1;
    }
    return parts == 4;
}

/**
 * The inside of "[...]" (RFC 4291 2.2 text form, lower case): groups of 1-4 hex digits separated
 * by ':', at most one "::" standing for one or more zero groups, optionally ending in a dotted
 * IPv4 address worth two groups; eight groups in all (fewer only with "::").
 */
bool IsIPv6Literal(std::string_view s)
{
    if (s.size() < 2 || s.size() > 45) return false;
    const size_t gap = s.find("::");
    if (gap != std::string_view::npos && s.find("::", gap + 1) != std::string_view::npos) return false;
    int groups = 0;
    // Counts the groups of one side of the "::" (or of the whole address); false if malformed.
    const auto count = [&](std::string_view side, bool may_end_in_ipv4) {
        if (side.empty()) return true;
        size_t start = 0;
        while (true) {
            const size_t colon = side.find(':', start);
            const std::string_view group = side.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
            if (colon == std::string_view::npos && may_end_in_ipv4 && group.find('.') != std::string_view::npos) {
                if (!IsIPv4(group)) return false;
                groups += 2;
                return true;
            }
            if (group.empty() || group.size() > 4) return false;
            for (char c : group) {
                if (!IsDigit(c) && !(c >= 'a' && c <= 'f')) return false;
            }
            ++groups;
            if (colon == std::string_view::npos) return true;
            start = colon + 1;
        }
    };
    if (gap == std::string_view::npos) return count(s, true) && groups == 8;
    return count(s.substr(0, gap), false) && count(s.substr(gap + 2), true) && groups <= 7;
}

bool IsValidTransport(std::string_view t)
{
    return t == "udp" || t == "tcp" || t == "tls" || t == "ws" || t == "wss";
}

const char* CheckNodeBody(const NodeRegisterBody& b)
{
    if (!MoneyRange(b.bond)) return "bad-registry-node-fields";
    if (!IsKnownLockType(b.reward.type)) return "bad-registry-node-fields";
    switch (b.op) {
    case NodeOp::REGISTER:
        if (b.bond <= 0) return "bad-registry-node-fields";
        break;
    case NodeOp::UPDATE:
        if (b.bond != 0) return "bad-registry-node-fields";
        break;
    case NodeOp::DEREGISTER:
        if (b.bond != 0 || !b.endpoints.empty() || !b.domains.empty() || !b.prefixes.empty()) {
            return "bad-registry-node-fields";
        }
        return nullptr;
    default:
        return "bad-registry-node-fields";
    }
    if (b.endpoints.empty() || b.endpoints.size() > MAX_ENDPOINTS) return "bad-registry-endpoint";
    for (const std::string& e : b.endpoints) {
        if (!IsValidEndpoint(e)) return "bad-registry-endpoint";
    }
    if (b.domains.size() > MAX_DOMAINS) return "bad-registry-domain";
    for (const std::string& d : b.domains) {
        if (!IsValidDomain(d)) return "bad-registry-domain";
    }
    if (b.prefixes.size() > MAX_PREFIXES) return "bad-registry-prefix";
    for (const std::string& p : b.prefixes) {
        if (!IsValidPrefix(p)) return "bad-registry-prefix";
    }
    return nullptr;
}

bool NodeInBody(const Key& node, const CallRecordBody& body)
{
    return node == body.orig || node == body.term;
}

const char* CheckDispute(const Dispute& d)
{
    if (std::holds_alternative<CallVoid>(d)) return nullptr;
    const auto& e = std::get<Equivocation>(d);
    if (e.a.orig == e.a.term || e.b.orig == e.b.term) return "bad-registry-call-nodes";
    if (e.a.call_id != e.b.call_id || e.a == e.b) return "bad-registry-dispute";
    if (!NodeInBody(e.node, e.a) || !NodeInBody(e.node, e.b)) return "bad-registry-dispute";
    return nullptr;
}

template <typename Body>
uint256 StatementMessage(const CSHA256& hasher, const Body& body, const uint256& genesis_hash)
{
    HashWriter w{hasher};
    WriteUint256(w, genesis_hash);
    SerializeBody(w, body);
    return w.GetSHA256();
}

} // namespace

bool IsRegistryKind(TxKind kind)
{
    const auto k = static_cast<uint16_t>(kind);
    return k >= static_cast<uint16_t>(TxKind::HANDLE_COMMIT) && k <= static_cast<uint16_t>(TxKind::DISPUTE);
}

TxKind PayloadKind(const Payload& payload)
{
    static_assert(std::variant_size_v<Payload> == 7);
    // The alternatives are declared in the order of their kinds, starting at HANDLE_COMMIT.
    return static_cast<TxKind>(static_cast<uint16_t>(TxKind::HANDLE_COMMIT) + payload.index());
}

Decoded<Payload> DecodePayload(TxKind kind, std::span<const uint8_t> bytes)
{
    assert(IsRegistryKind(kind));
    ByteReader r{bytes};
    std::optional<Payload> p = ReadPayload(kind, r);
    if (!p || !r.ok()) {
        DecodeFailure f = r.failure();
        if (f.code == DecodeError::NONE) f = DecodeFailure{DecodeError::INVALID_VALUE, "invalid payload", r.position()};
        return f;
    }
    if (!r.empty()) return DecodeFailure{DecodeError::TRAILING_DATA, "trailing data", r.position()};
    return std::move(*p);
}

std::vector<uint8_t> EncodePayload(const Payload& payload)
{
    return std::visit(
        [](const auto& p) {
            SizeComputer sc;
            SerializePayload(sc, p);
            ByteWriter w{sc.size()};
            SerializePayload(w, p);
            return w.Take();
        },
        payload);
}

const char* CheckPayloadSyntax(const Payload& payload)
{
    switch (PayloadKind(payload)) {
    case TxKind::HANDLE_COMMIT:
        return nullptr;
    case TxKind::HANDLE_REGISTER: {
        const HandleRegister& p = std::get<HandleRegister>(payload);
        if (ClassifyHandle(p.handle) == HandleClass::INVALID) return "bad-registry-handle";
        // A key that is not on the curve can never sign an update: the handle would be frozen.
        if (!XOnlyPubKey{p.owner}.IsFullyValid()) return "bad-registry-owner";
        return nullptr;
    }
    case TxKind::HANDLE_UPDATE: {
        const HandleUpdateBody& b = std::get<HandleUpdate>(payload).body;
        if (ClassifyHandle(b.handle) == HandleClass::INVALID) return "bad-registry-handle";
        if (b.flags == 0 || (b.flags & ~UPDATE_ALL_FLAGS)) return "bad-registry-update-flags";
        if ((b.flags & UPDATE_OWNER) && !XOnlyPubKey{b.new_owner}.IsFullyValid()) return "bad-registry-owner";
        return nullptr;
    }
    case TxKind::NODE_REGISTER:
        return CheckNodeBody(std::get<NodeRegister>(payload).body);
    case TxKind::PRESENCE_PROOF:
        if (ClassifyHandle(std::get<PresenceProof>(payload).body.handle) == HandleClass::INVALID) return "bad-registry-handle";
        return nullptr;
    case TxKind::CALL_RECORD: {
        const CallRecordBody& b = std::get<CallRecord>(payload).body;
        if (b.orig == b.term) return "bad-registry-call-nodes";
        return nullptr;
    }
    case TxKind::DISPUTE:
        return CheckDispute(std::get<Dispute>(payload));
    case TxKind::COINBASE:
    case TxKind::TRANSFER:
        break;
    }
    assert(false); // PayloadKind only returns registry kinds
    return nullptr;
}

HandleClass ClassifyHandle(std::string_view handle)
{
    if (handle.empty()) return HandleClass::INVALID;
    if (handle.front() == '+') {
        const std::string_view digits = handle.substr(1);
        if (digits.size() < 7 || digits.size() > 15 || !AllDigits(digits) || digits.front() == '0') {
            return HandleClass::INVALID;
        }
        return HandleClass::E164;
    }
    if (handle.size() < 3 || handle.size() > MAX_HANDLE_SIZE) return HandleClass::INVALID;
    if (!IsLowerAlnum(handle.front()) || !IsLowerAlnum(handle.back())) return HandleClass::INVALID;
    bool prev_punct = false;
    for (char c : handle) {
        const bool punct = IsNamePunct(c);
        if (!punct && !IsLowerAlnum(c)) return HandleClass::INVALID;
        if (punct && prev_punct) return HandleClass::INVALID;
        prev_punct = punct;
    }
    return HandleClass::NAME;
}

std::optional<CAmount> HandleFee(std::string_view handle, const RegistryParams& params)
{
    switch (ClassifyHandle(handle)) {
    case HandleClass::INVALID: return std::nullopt;
    case HandleClass::E164: return params.fee_e164;
    case HandleClass::NAME:
        if (handle.size() == 3) return params.fee_name3;
        if (handle.size() == 4) return params.fee_name4;
        if (handle.size() <= 7) return params.fee_name5to7;
        return params.fee_name8plus;
    }
    return std::nullopt;
}

bool IsValidEndpoint(std::string_view endpoint)
{
    if (endpoint.size() > MAX_ENDPOINT_SIZE) return false;
    std::string_view rest;
    if (endpoint.starts_with("sips:")) {
        rest = endpoint.substr(5);
    } else if (endpoint.starts_with("sip:")) {
        rest = endpoint.substr(4);
    } else {
        return false;
    }
    constexpr std::string_view TRANSPORT = ";transport=";
    const size_t t = rest.find(TRANSPORT);
    if (t == std::string_view::npos) return false;
    if (!IsValidTransport(rest.substr(t + TRANSPORT.size()))) return false;
    const std::string_view hostport = rest.substr(0, t);

    std::string_view port;
    if (!hostport.empty() && hostport.front() == '[') {
        const size_t close = hostport.find(']');
        if (close == std::string_view::npos || !IsIPv6Literal(hostport.substr(1, close - 1))) return false;
        const std::string_view after = hostport.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return false;
            port = after.substr(1);
            if (port.empty()) return false;
        }
    } else {
        const size_t colon = hostport.find(':');
        const std::string_view host = hostport.substr(0, colon);
        if (!IsIPv4(host) && !IsDnsName(host)) return false;
        if (colon != std::string_view::npos) {
            port = hostport.substr(colon + 1);
            if (port.empty()) return false;
        }
    }
    if (!port.empty()) {
        const auto p = ParseCanonicalDecimal(port, 65535);
        if (!p || *p == 0) return false;
    }
    return true;
}

bool IsValidDomain(std::string_view domain)
{
    return domain.size() <= MAX_DOMAIN_SIZE && domain.find('.') != std::string_view::npos && IsDnsName(domain);
}

bool IsValidPrefix(std::string_view prefix)
{
    return prefix.size() >= 2 && prefix.size() <= MAX_PREFIX_SIZE && prefix.front() == '+' && AllDigits(prefix.substr(1));
}

uint256 HandleCommitment(std::string_view handle, const uint256& salt, const Key& owner)
{
    static const CSHA256 HASHER{TaggedHasher("DOTS/HandleCommit")};
    HashWriter w{HASHER};
    WriteStr(w, handle);
    WriteUint256(w, salt);
    w.Write(owner);
    return w.GetSHA256();
}

uint256 HandleUpdateMessage(const HandleUpdateBody& body, const uint256& genesis_hash)
{
    static const CSHA256 HASHER{TaggedHasher("DOTS/HandleUpdate")};
    return StatementMessage(HASHER, body, genesis_hash);
}

uint256 NodeRegisterMessage(const NodeRegisterBody& body, const uint256& genesis_hash)
{
    static const CSHA256 HASHER{TaggedHasher("DOTS/NodeRegister")};
    return StatementMessage(HASHER, body, genesis_hash);
}

uint256 PresenceMessage(const PresenceBody& body, const uint256& genesis_hash)
{
    static const CSHA256 HASHER{TaggedHasher("DOTS/Presence")};
    return StatementMessage(HASHER, body, genesis_hash);
}

uint256 CallRecordMessage(const CallRecordBody& body, const uint256& genesis_hash)
{
    static const CSHA256 HASHER{TaggedHasher("DOTS/CallRecord")};
    return StatementMessage(HASHER, body, genesis_hash);
}

uint256 CallVoidMessage(const uint256& call_id, const Key& node, const uint256& genesis_hash)
{
    static const CSHA256 HASHER{TaggedHasher("DOTS/CallVoid")};
    HashWriter w{HASHER};
    WriteUint256(w, genesis_hash);
    WriteUint256(w, call_id);
    w.Write(node);
    return w.GetSHA256();
}

bool VerifyStatement(const Key& key, const uint256& msg, const Sig& sig)
{
    return XOnlyPubKey{key}.Verify(msg.span(), sig);
}

CAmount GetRegistryLockedValue(const CTransaction& tx, const RegistryParams& params)
{
    // Only these kinds lock value: skip decoding the others.
    if (tx.kind != TxKind::HANDLE_REGISTER && tx.kind != TxKind::HANDLE_UPDATE && tx.kind != TxKind::NODE_REGISTER) {
        return 0;
    }
    const auto payload = DecodePayload(tx.kind, tx.payload);
    if (!payload) return 0;
    if (const auto* reg = std::get_if<HandleRegister>(&*payload)) {
        return HandleFee(reg->handle, params).value_or(0);
    }
    if (const auto* upd = std::get_if<HandleUpdate>(&*payload)) {
        if (!(upd->body.flags & UPDATE_RENEW)) return 0;
        return HandleFee(upd->body.handle, params).value_or(0);
    }
    const auto& node = std::get<NodeRegister>(*payload).body;
    if (node.op != NodeOp::REGISTER) return 0;
    return std::max<CAmount>(node.bond, 0);
}

} // namespace registry
