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

namespace consensus {

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

namespace {

// ---- Encoding: the signed bodies ----

template <typename W>
void SerializeBody(W& w, const HandleUpdateBody& b)
{
    WriteStr(w, b.handle);
    w.Write(b.owner);
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
    WriteI64(w, b.rate);
    WriteStrList(w, b.endpoints);
    WriteStrList(w, b.domains);
    WriteStrList(w, b.prefixes);
}

template <typename W>
void SerializeBody(W& w, const BindingBody& b)
{
    WriteStr(w, b.handle);
    w.Write(b.node);
    w.Write(b.owner);
    WriteU32(w, b.seq);
}

/** A voucher entry's fields without the signature (the signed part after the pair). */
template <typename W>
void SerializeVoucherFields(W& w, const VoucherEntry& v)
{
    WriteU32(w, v.epoch);
    WriteU64(w, v.seconds);
    WriteI64(w, v.rate);
    WriteUint256(w, v.receipts_root);
    WriteUint256(w, v.orig_nonce);
    WriteUint256(w, v.term_nonce);
}

template <typename W>
void SerializeBody(W& w, const DepositReleaseBody& b)
{
    w.Write(b.orig);
    w.Write(b.term);
    WriteU32(w, b.seq);
    WriteI64(w, b.amount);
}

template <typename W>
void SerializeBody(W& w, const NodeWithdrawBody& b)
{
    w.Write(b.node);
    WriteU32(w, b.seq);
    WriteI64(w, b.amount);
    WriteUint256(w, b.outputs_hash);
}

// ---- Encoding: the payloads ----

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
void SerializePayload(W& w, const Binding& p)
{
    SerializeBody(w, p.body);
    w.Write(p.node_sig);
    WriteU8(w, p.owner_sig ? 1 : 0);
    if (p.owner_sig) w.Write(*p.owner_sig);
}

template <typename W>
void SerializePayload(W& w, const Deposit& p)
{
    w.Write(p.orig);
    w.Write(p.term);
    WriteI64(w, p.amount);
}

template <typename W>
void SerializePayload(W& w, const Settlement& p)
{
    w.Write(p.orig);
    w.Write(p.term);
    WriteU8(w, static_cast<uint8_t>(p.vouchers.size()));
    for (const VoucherEntry& v : p.vouchers) {
        SerializeVoucherFields(w, v);
        w.Write(v.orig_sig);
    }
}

template <typename W>
void SerializePayload(W& w, const ProbeReceipts& p)
{
    w.Write(p.target);
    WriteU32(w, p.epoch);
    WriteU8(w, static_cast<uint8_t>(p.receipts.size()));
    for (const ProbeReceipt& r : p.receipts) {
        WriteU8(w, r.index);
        w.Write(r.prober_sig);
    }
}

template <typename W>
void SerializePayload(W& w, const DepositRelease& p)
{
    SerializeBody(w, p.body);
    w.Write(p.orig_sig);
}

template <typename W>
void SerializePayload(W& w, const NodeWithdraw& p)
{
    SerializeBody(w, p.body);
    w.Write(p.node_sig);
}

// ---- Decoding: each returns std::nullopt after recording the failure in `r` ----

std::optional<HandleUpdateBody> ReadHandleUpdateBody(ByteReader& r)
{
    HandleUpdateBody b;
    auto handle = ReadStr(r, MAX_HANDLE_SIZE, "handle");
    auto owner = r.ReadArray<32>("owner key");
    auto seq = r.ReadU32("update seq");
    auto flags = r.ReadU8("update flags");
    if (!handle || !owner || !seq || !flags) return std::nullopt;
    if (*flags & ~UPDATE_ALL_FLAGS) return r.Fail(DecodeError::INVALID_VALUE, "unknown update flags");
    b.handle = std::move(*handle);
    b.owner = *owner;
    b.seq = *seq;
    b.flags = *flags;
    const std::pair<uint8_t, Key*> fields[] = {{UPDATE_HOME, &b.home}, {UPDATE_IDENTITY, &b.identity}, {UPDATE_OWNER, &b.new_owner}};
    for (const auto& [flag, field] : fields) {
        if (!(b.flags & flag)) continue;
        auto k = r.ReadArray<32>("update key");
        if (!k) return std::nullopt;
        *field = *k;
    }
    return b;
}

std::optional<NodeRegisterBody> ReadNodeRegisterBody(ByteReader& r)
{
    NodeRegisterBody b;
    auto node = r.ReadArray<32>("node key");
    auto seq = r.ReadU32("node seq");
    auto op = r.ReadU8("node op");
    auto bond = r.ReadI64("bond");
    auto rate = r.ReadI64("rate");
    if (!node || !seq || !op || !bond || !rate) return std::nullopt;
    if (*op < static_cast<uint8_t>(NodeOp::REGISTER) || *op > static_cast<uint8_t>(NodeOp::DEREGISTER)) {
        return r.Fail(DecodeError::INVALID_VALUE, "unknown node op");
    }
    auto endpoints = ReadStrList(r, MAX_ENDPOINTS, MAX_ENDPOINT_SIZE, "endpoint count", "endpoint");
    if (!endpoints) return std::nullopt;
    auto domains = ReadStrList(r, MAX_DOMAINS, MAX_DOMAIN_SIZE, "domain count", "domain");
    if (!domains) return std::nullopt;
    auto prefixes = ReadStrList(r, MAX_PREFIXES, MAX_PREFIX_WIRE_SIZE, "prefix count", "prefix");
    if (!prefixes) return std::nullopt;
    b.node = *node;
    b.seq = *seq;
    b.op = static_cast<NodeOp>(*op);
    b.bond = *bond;
    b.rate = *rate;
    b.endpoints = std::move(*endpoints);
    b.domains = std::move(*domains);
    b.prefixes = std::move(*prefixes);
    return b;
}

std::optional<Binding> ReadBinding(ByteReader& r)
{
    auto handle = ReadStr(r, MAX_HANDLE_SIZE, "handle");
    auto node = r.ReadArray<32>("node key");
    auto owner = r.ReadArray<32>("owner key");
    auto seq = r.ReadU32("binding seq");
    auto node_sig = r.ReadArray<64>("node signature");
    auto has_owner_sig = r.ReadU8("has owner signature");
    if (!handle || !node || !owner || !seq || !node_sig || !has_owner_sig) return std::nullopt;
    if (*has_owner_sig > 1) return r.Fail(DecodeError::INVALID_VALUE, "has_owner_sig not 0 or 1");
    Binding p{BindingBody{std::move(*handle), *node, *owner, *seq}, *node_sig, std::nullopt};
    if (*has_owner_sig == 1) {
        auto owner_sig = r.ReadArray<64>("owner signature");
        if (!owner_sig) return std::nullopt;
        p.owner_sig = *owner_sig;
    }
    return p;
}

std::optional<Settlement> ReadSettlement(ByteReader& r)
{
    auto orig = r.ReadArray<32>("originating node");
    auto term = r.ReadArray<32>("terminating node");
    auto n = r.ReadU8("voucher count");
    if (!orig || !term || !n) return std::nullopt;
    if (*n == 0 || *n > MAX_SETTLE_VOUCHERS) return r.Fail(DecodeError::INVALID_VALUE, "voucher count not 1-24");
    Settlement s{*orig, *term, {}};
    s.vouchers.reserve(*n);
    for (uint8_t i = 0; i < *n; ++i) {
        auto epoch = r.ReadU32("voucher epoch");
        auto seconds = r.ReadU64("voucher seconds");
        auto rate = r.ReadI64("voucher rate");
        auto root = r.ReadUint256("receipts root");
        auto orig_nonce = r.ReadUint256("originating nonce");
        auto term_nonce = r.ReadUint256("terminating nonce");
        auto sig = r.ReadArray<64>("voucher signature");
        if (!epoch || !seconds || !rate || !root || !orig_nonce || !term_nonce || !sig) return std::nullopt;
        s.vouchers.push_back(VoucherEntry{*epoch, *seconds, *rate, *root, *orig_nonce, *term_nonce, *sig});
    }
    return s;
}

std::optional<ProbeReceipts> ReadProbeReceipts(ByteReader& r)
{
    auto target = r.ReadArray<32>("target node");
    auto epoch = r.ReadU32("probe epoch");
    auto n = r.ReadU8("receipt count");
    if (!target || !epoch || !n) return std::nullopt;
    if (*n == 0 || *n > MAX_PROBE_RECEIPTS) return r.Fail(DecodeError::INVALID_VALUE, "receipt count not 1-16");
    ProbeReceipts p{*target, *epoch, {}};
    p.receipts.reserve(*n);
    for (uint8_t i = 0; i < *n; ++i) {
        auto index = r.ReadU8("prober index");
        auto sig = r.ReadArray<64>("prober signature");
        if (!index || !sig) return std::nullopt;
        p.receipts.push_back(ProbeReceipt{*index, *sig});
    }
    return p;
}

std::optional<DepositRelease> ReadDepositRelease(ByteReader& r)
{
    auto orig = r.ReadArray<32>("originating node");
    auto term = r.ReadArray<32>("terminating node");
    auto seq = r.ReadU32("node seq");
    auto amount = r.ReadI64("amount");
    auto sig = r.ReadArray<64>("originating signature");
    if (!orig || !term || !seq || !amount || !sig) return std::nullopt;
    return DepositRelease{DepositReleaseBody{*orig, *term, *seq, *amount}, *sig};
}

std::optional<NodeWithdraw> ReadNodeWithdraw(ByteReader& r)
{
    auto node = r.ReadArray<32>("node key");
    auto seq = r.ReadU32("node seq");
    auto amount = r.ReadI64("amount");
    auto outputs = r.ReadUint256("outputs hash");
    auto sig = r.ReadArray<64>("node signature");
    if (!node || !seq || !amount || !outputs || !sig) return std::nullopt;
    return NodeWithdraw{NodeWithdrawBody{*node, *seq, *amount, *outputs}, *sig};
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
    case TxKind::BINDING: {
        auto p = ReadBinding(r);
        if (!p) return std::nullopt;
        return Payload{std::move(*p)};
    }
    case TxKind::DEPOSIT: {
        auto orig = r.ReadArray<32>("originating node");
        auto term = r.ReadArray<32>("terminating node");
        auto amount = r.ReadI64("amount");
        if (!orig || !term || !amount) return std::nullopt;
        return Payload{Deposit{*orig, *term, *amount}};
    }
    case TxKind::SETTLEMENT: {
        auto p = ReadSettlement(r);
        if (!p) return std::nullopt;
        return Payload{std::move(*p)};
    }
    case TxKind::PROBE_RECEIPTS: {
        auto p = ReadProbeReceipts(r);
        if (!p) return std::nullopt;
        return Payload{std::move(*p)};
    }
    case TxKind::DEPOSIT_RELEASE: {
        auto p = ReadDepositRelease(r);
        if (!p) return std::nullopt;
        return Payload{*p};
    }
    case TxKind::NODE_WITHDRAW: {
        auto p = ReadNodeWithdraw(r);
        if (!p) return std::nullopt;
        return Payload{*p};
    }
    case TxKind::COINBASE:
    case TxKind::TRANSFER:
        break;
    }
    assert(false); // callers check IsRegistryKind
    return std::nullopt;
}

// ---- Syntax ----

const char* CheckNodeBody(const NodeRegisterBody& b)
{
    if (!MoneyRange(b.bond) || !MoneyRange(b.rate)) return "bad-registry-node-fields";
    switch (b.op) {
    case NodeOp::REGISTER:
        if (b.bond <= 0) return "bad-registry-node-fields";
        break;
    case NodeOp::UPDATE:
        if (b.bond != 0) return "bad-registry-node-fields";
        break;
    case NodeOp::DEREGISTER:
        if (b.bond != 0 || b.rate != 0 || !b.endpoints.empty() || !b.domains.empty() || !b.prefixes.empty()) {
            return "bad-registry-node-fields";
        }
        return nullptr;
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

const char* CheckSettlement(const Settlement& s)
{
    if (s.orig == s.term) return "bad-registry-pair";
    if (s.vouchers.empty() || s.vouchers.size() > MAX_SETTLE_VOUCHERS) return "bad-registry-voucher";
    for (size_t i = 0; i < s.vouchers.size(); ++i) {
        const VoucherEntry& v = s.vouchers[i];
        if (i > 0 && v.epoch <= s.vouchers[i - 1].epoch) return "bad-registry-voucher";
        const std::optional<CAmount> amount = VoucherAmount(v.seconds, v.rate);
        if (!amount || *amount <= 0) return "bad-registry-voucher";
    }
    // Strictly increasing epochs within 24: last - first < 24.
    if (s.vouchers.back().epoch - s.vouchers.front().epoch >= MAX_SETTLE_VOUCHERS) return "bad-registry-voucher";
    return nullptr;
}

const char* CheckReceipts(const ProbeReceipts& p)
{
    if (p.receipts.empty() || p.receipts.size() > MAX_PROBE_RECEIPTS) return "bad-registry-receipts";
    for (size_t i = 1; i < p.receipts.size(); ++i) {
        if (p.receipts[i].index <= p.receipts[i - 1].index) return "bad-registry-receipts";
    }
    // The mask of a target's receipts has 16 bits (registry_state.h).
    if (p.receipts.back().index >= MAX_PROBE_RECEIPTS) return "bad-registry-receipts";
    return nullptr;
}

const char* CheckHandleSyntax(const Payload& payload)
{
    if (const auto* p = std::get_if<HandleRegister>(&payload)) {
        const HandleClass c = ClassifyHandle(p->handle);
        if (c == HandleClass::E164) return "bad-handle-e164";
        if (c != HandleClass::NAME) return "bad-registry-handle";
        // A key that is not on the curve can never sign an update: the handle would be frozen.
        if (!XOnlyPubKey{p->owner}.IsFullyValid()) return "bad-registry-owner";
        return nullptr;
    }
    if (const auto* p = std::get_if<HandleUpdate>(&payload)) {
        const HandleUpdateBody& b = p->body;
        if (ClassifyHandle(b.handle) != HandleClass::NAME) return "bad-registry-handle";
        if (b.flags == 0 || (b.flags & ~UPDATE_ALL_FLAGS)) return "bad-registry-update-flags";
        // A transfer clears home and identity for the new owner: setting them with it is ambiguous.
        if ((b.flags & UPDATE_OWNER) && (b.flags & (UPDATE_HOME | UPDATE_IDENTITY))) return "bad-registry-update-flags";
        if ((b.flags & UPDATE_OWNER) && !XOnlyPubKey{b.new_owner}.IsFullyValid()) return "bad-registry-owner";
        return nullptr;
    }
    const Binding& b = std::get<Binding>(payload);
    if (ClassifyHandle(b.body.handle) != HandleClass::NAME) return "bad-registry-handle";
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
    return k >= static_cast<uint16_t>(TxKind::HANDLE_COMMIT) && k <= static_cast<uint16_t>(TxKind::NODE_WITHDRAW);
}

TxKind PayloadKind(const Payload& payload)
{
    static_assert(std::variant_size_v<Payload> == 10);
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
    case TxKind::HANDLE_REGISTER:
    case TxKind::HANDLE_UPDATE:
    case TxKind::BINDING:
        return CheckHandleSyntax(payload);
    case TxKind::NODE_REGISTER:
        return CheckNodeBody(std::get<NodeRegister>(payload).body);
    case TxKind::DEPOSIT: {
        const Deposit& d = std::get<Deposit>(payload);
        if (d.orig == d.term) return "bad-registry-pair";
        if (d.amount <= 0 || !MoneyRange(d.amount)) return "bad-registry-amount";
        return nullptr;
    }
    case TxKind::SETTLEMENT:
        return CheckSettlement(std::get<Settlement>(payload));
    case TxKind::PROBE_RECEIPTS:
        return CheckReceipts(std::get<ProbeReceipts>(payload));
    case TxKind::DEPOSIT_RELEASE: {
        const DepositReleaseBody& b = std::get<DepositRelease>(payload).body;
        if (b.orig == b.term) return "bad-registry-pair";
        if (!MoneyRange(b.amount)) return "bad-registry-amount";
        return nullptr;
    }
    case TxKind::NODE_WITHDRAW: {
        const NodeWithdrawBody& b = std::get<NodeWithdraw>(payload).body;
        if (b.amount <= 0 || !MoneyRange(b.amount)) return "bad-registry-amount";
        return nullptr;
    }
    case TxKind::COINBASE:
    case TxKind::TRANSFER:
        break;
    }
    assert(false); // PayloadKind only returns registry kinds
    return nullptr;
}

std::optional<CAmount> VoucherAmount(uint64_t seconds, CAmount rate)
{
    if (rate < 0) return std::nullopt;
    const unsigned __int128 amount = static_cast<unsigned __int128>(seconds) * static_cast<uint64_t>(rate) / 60;
    if (amount > static_cast<unsigned __int128>(MAX_MONEY)) return std::nullopt;
    return static_cast<CAmount>(amount);
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

uint256 BindingMessage(const BindingBody& body, const uint256& genesis_hash)
{
    static const CSHA256 HASHER{TaggedHasher("DOTS/Binding")};
    return StatementMessage(HASHER, body, genesis_hash);
}

uint256 VoucherMessage(const Key& orig, const Key& term, const VoucherEntry& voucher, const uint256& genesis_hash)
{
    static const CSHA256 HASHER{TaggedHasher("DOTS/Voucher")};
    HashWriter w{HASHER};
    WriteUint256(w, genesis_hash);
    w.Write(orig);
    w.Write(term);
    SerializeVoucherFields(w, voucher);
    return w.GetSHA256();
}

uint256 DepositReleaseMessage(const DepositReleaseBody& body, const uint256& genesis_hash)
{
    static const CSHA256 HASHER{TaggedHasher("DOTS/DepositRelease")};
    return StatementMessage(HASHER, body, genesis_hash);
}

uint256 NodeWithdrawMessage(const NodeWithdrawBody& body, const uint256& genesis_hash)
{
    static const CSHA256 HASHER{TaggedHasher("DOTS/NodeWithdraw")};
    return StatementMessage(HASHER, body, genesis_hash);
}

uint256 WithdrawOutputsHash(uint32_t version, uint32_t locktime, const std::vector<CTxOut>& outputs)
{
    static const CSHA256 HASHER{TaggedHasher("DOTS/WithdrawOutputs")};
    HashWriter w{HASHER};
    WriteU32(w, version);
    WriteU32(w, locktime);
    WriteCompactSize(w, outputs.size());
    for (const CTxOut& out : outputs) out.Serialize(w);
    return w.GetSHA256();
}

bool VerifyStatement(const Key& key, const uint256& msg, const Sig& sig)
{
    return XOnlyPubKey{key}.Verify(msg.span(), sig);
}

RegistryValueFlow GetRegistryValueFlow(const CTransaction& tx, const RegistryParams& params)
{
    // Only these kinds move value: skip decoding the others.
    switch (tx.kind) {
    case TxKind::HANDLE_REGISTER:
    case TxKind::HANDLE_UPDATE:
    case TxKind::NODE_REGISTER:
    case TxKind::DEPOSIT:
    case TxKind::NODE_WITHDRAW:
        break;
    default:
        return {};
    }
    const auto payload = DecodePayload(tx.kind, tx.payload);
    if (!payload) return {};
    if (const auto* reg = std::get_if<HandleRegister>(&*payload)) {
        return {HandleFee(reg->handle, params).value_or(0), 0};
    }
    if (const auto* upd = std::get_if<HandleUpdate>(&*payload)) {
        if (!(upd->body.flags & UPDATE_RENEW)) return {};
        return {HandleFee(upd->body.handle, params).value_or(0), 0};
    }
    if (const auto* node = std::get_if<NodeRegister>(&*payload)) {
        if (node->body.op != NodeOp::REGISTER) return {};
        return {std::clamp<CAmount>(node->body.bond, 0, MAX_MONEY), 0};
    }
    if (const auto* dep = std::get_if<Deposit>(&*payload)) return {std::clamp<CAmount>(dep->amount, 0, MAX_MONEY), 0};
    const auto& withdraw = std::get<NodeWithdraw>(*payload);
    return {0, std::clamp<CAmount>(withdraw.body.amount, 0, MAX_MONEY)};
}

} // namespace consensus
