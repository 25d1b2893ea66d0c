// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// RegistryPayloadToJSON (declared in node/rpc/util.h): the "registry" object of a decoded
// registry transaction, every payload field by name.

#include <node/rpc/util.h>

#include <consensus/registry_payload.h>
#include <util/format.h>
#include <util/strencodings.h>

#include <variant>

namespace node {

namespace {

std::string_view NodeOpName(consensus::NodeOp op)
{
    switch (op) {
    case consensus::NodeOp::REGISTER: return "register";
    case consensus::NodeOp::UPDATE: return "update";
    case consensus::NodeOp::DEREGISTER: return "deregister";
    }
    return "unknown";
}

UniValue UpdateFlagsJSON(uint8_t flags)
{
    UniValue a{UniValue::VARR};
    if (flags & consensus::UPDATE_HOME) a.push_back("home");
    if (flags & consensus::UPDATE_IDENTITY) a.push_back("identity");
    if (flags & consensus::UPDATE_OWNER) a.push_back("owner");
    if (flags & consensus::UPDATE_RENEW) a.push_back("renew");
    return a;
}

UniValue VoucherJSON(const consensus::VoucherEntry& v)
{
    UniValue o{UniValue::VOBJ};
    o.pushKV("epoch", static_cast<uint64_t>(v.epoch));
    o.pushKV("seconds", v.seconds);
    o.pushKV("rate", rpc::ValueFromAmount(v.rate));
    const std::optional<CAmount> amount = consensus::VoucherAmount(v.seconds, v.rate);
    o.pushKV("amount", amount ? rpc::ValueFromAmount(*amount) : UniValue{});
    o.pushKV("receipts_root", v.receipts_root.GetHex());
    o.pushKV("orig_nonce", v.orig_nonce.GetHex());
    o.pushKV("term_nonce", v.term_nonce.GetHex());
    o.pushKV("orig_sig", HexStr(v.orig_sig));
    return o;
}

void PushNodeBody(UniValue& o, const consensus::NodeRegisterBody& b)
{
    o.pushKV("node", HexStr(b.node));
    o.pushKV("seq", static_cast<uint64_t>(b.seq));
    o.pushKV("op", std::string{NodeOpName(b.op)});
    o.pushKV("bond", rpc::ValueFromAmount(b.bond));
    o.pushKV("rate", rpc::ValueFromAmount(b.rate));
    o.pushKV("endpoints", StringsJSON(b.endpoints));
    o.pushKV("domains", StringsJSON(b.domains));
    o.pushKV("prefixes", StringsJSON(b.prefixes));
}

} // namespace

UniValue RegistryPayloadToJSON(const CTransaction& tx, std::string_view hrp)
{
    using namespace consensus;
    (void)hrp; // no field of a v2 payload is an address
    UniValue o{UniValue::VOBJ};
    const Decoded<Payload> payload = consensus::DecodePayload(tx.kind, tx.payload);
    if (!payload) {
        const DecodeFailure f = payload.failure();
        o.pushKV("error", StrFormat("%s (%s at byte %zu)", f.what, std::string{DecodeErrorString(f.code)}.c_str(), f.offset));
        return o;
    }
    std::visit(
        [&](const auto& p) {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, consensus::HandleCommit>) {
                o.pushKV("commitment", p.commitment.GetHex());
            } else if constexpr (std::is_same_v<T, consensus::HandleRegister>) {
                o.pushKV("handle", p.handle);
                o.pushKV("salt", p.salt.GetHex());
                o.pushKV("owner", HexStr(p.owner));
                o.pushKV("commitment", consensus::HandleCommitment(p.handle, p.salt, p.owner).GetHex());
            } else if constexpr (std::is_same_v<T, consensus::HandleUpdate>) {
                const consensus::HandleUpdateBody& b = p.body;
                o.pushKV("handle", b.handle);
                o.pushKV("owner", HexStr(b.owner));
                o.pushKV("seq", static_cast<uint64_t>(b.seq));
                o.pushKV("flags", UpdateFlagsJSON(b.flags));
                if (b.flags & consensus::UPDATE_HOME) o.pushKV("home", HexStr(b.home));
                if (b.flags & consensus::UPDATE_IDENTITY) o.pushKV("identity", HexStr(b.identity));
                if (b.flags & consensus::UPDATE_OWNER) o.pushKV("new_owner", HexStr(b.new_owner));
                o.pushKV("renew", (b.flags & consensus::UPDATE_RENEW) != 0);
                o.pushKV("owner_sig", HexStr(p.owner_sig));
            } else if constexpr (std::is_same_v<T, consensus::NodeRegister>) {
                PushNodeBody(o, p.body);
                o.pushKV("node_sig", HexStr(p.node_sig));
            } else if constexpr (std::is_same_v<T, consensus::Binding>) {
                o.pushKV("handle", p.body.handle);
                o.pushKV("node", HexStr(p.body.node));
                o.pushKV("owner", HexStr(p.body.owner));
                o.pushKV("seq", static_cast<uint64_t>(p.body.seq));
                o.pushKV("node_sig", HexStr(p.node_sig));
                o.pushKV("owner_sig", p.owner_sig ? UniValue{HexStr(*p.owner_sig)} : UniValue{});
            } else if constexpr (std::is_same_v<T, consensus::Deposit>) {
                o.pushKV("orig", HexStr(p.orig));
                o.pushKV("term", HexStr(p.term));
                o.pushKV("amount", rpc::ValueFromAmount(p.amount));
            } else if constexpr (std::is_same_v<T, consensus::Settlement>) {
                o.pushKV("orig", HexStr(p.orig));
                o.pushKV("term", HexStr(p.term));
                UniValue vouchers{UniValue::VARR};
                for (const consensus::VoucherEntry& v : p.vouchers) vouchers.push_back(VoucherJSON(v));
                o.pushKV("vouchers", vouchers);
            } else if constexpr (std::is_same_v<T, consensus::ProbeReceipts>) {
                o.pushKV("target", HexStr(p.target));
                o.pushKV("epoch", static_cast<uint64_t>(p.epoch));
                UniValue receipts{UniValue::VARR};
                for (const consensus::ProbeReceipt& r : p.receipts) {
                    UniValue e{UniValue::VOBJ};
                    e.pushKV("index", static_cast<uint64_t>(r.index));
                    e.pushKV("prober_sig", HexStr(r.prober_sig));
                    receipts.push_back(e);
                }
                o.pushKV("receipts", receipts);
            } else if constexpr (std::is_same_v<T, consensus::DepositRelease>) {
                o.pushKV("orig", HexStr(p.body.orig));
                o.pushKV("term", HexStr(p.body.term));
                o.pushKV("seq", static_cast<uint64_t>(p.body.seq));
                o.pushKV("amount", rpc::ValueFromAmount(p.body.amount));
                o.pushKV("orig_sig", HexStr(p.orig_sig));
            } else if constexpr (std::is_same_v<T, consensus::NodeWithdraw>) {
                o.pushKV("node", HexStr(p.body.node));
                o.pushKV("seq", static_cast<uint64_t>(p.body.seq));
                o.pushKV("amount", rpc::ValueFromAmount(p.body.amount));
                o.pushKV("outputs_hash", p.body.outputs_hash.GetHex());
                o.pushKV("node_sig", HexStr(p.node_sig));
            }
        },
        *payload);
    return o;
}

} // namespace node
