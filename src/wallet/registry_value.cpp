// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <wallet/registry_value.h>

#include <consensus/registry_payload.h>

namespace wallet {

namespace {
template <typename... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

XOnlyPubKey ToKey(const registry::Key& key) { return XOnlyPubKey{key}; }
bool IsZero(const registry::Key& key) { return key == registry::Key{}; }
} // namespace

RegistryValue GetRegistryValue(const CTransaction& tx, const RegistryParams& params)
{
    if (!registry::IsRegistryKind(tx.kind)) return {};
    const registry::RegistryValueFlow flow = registry::GetRegistryValueFlow(tx, params);
    return RegistryValue{flow.locked, flow.released};
}

std::optional<StatementSeq> GetStatementSeq(const CTransaction& tx)
{
    if (!registry::IsRegistryKind(tx.kind)) return std::nullopt;
    const auto payload = registry::DecodePayload(tx.kind, tx.payload);
    if (!payload) return std::nullopt;
    if (const auto* p = std::get_if<registry::HandleUpdate>(&*payload)) {
        return StatementSeq{SeqCounter::HANDLE_UPDATE, p->body.handle, {}, p->body.seq};
    }
    if (const auto* p = std::get_if<registry::Binding>(&*payload)) return StatementSeq{SeqCounter::BINDING, p->body.handle, {}, p->body.seq};
    if (const auto* p = std::get_if<registry::NodeRegister>(&*payload)) return StatementSeq{SeqCounter::NODE, "", ToKey(p->body.node), p->body.seq};
    if (const auto* p = std::get_if<registry::DepositRelease>(&*payload)) return StatementSeq{SeqCounter::NODE, "", ToKey(p->body.orig), p->body.seq};
    if (const auto* p = std::get_if<registry::NodeWithdraw>(&*payload)) return StatementSeq{SeqCounter::NODE, "", ToKey(p->body.node), p->body.seq};
    return std::nullopt;
}

RegistryNames GetRegistryNames(const CTransaction& tx)
{
    RegistryNames out;
    if (!registry::IsRegistryKind(tx.kind)) return out;
    const auto payload = registry::DecodePayload(tx.kind, tx.payload);
    if (!payload) return out;
    std::visit(Overloaded{
                   [&](const registry::HandleCommit&) {},
                   [&](const registry::HandleRegister& p) {
                       out.handle = p.handle;
                       out.keys.push_back(ToKey(p.owner));
                   },
                   [&](const registry::HandleUpdate& p) {
                       out.handle = p.body.handle;
                       if (p.body.flags & registry::UPDATE_OWNER) out.keys.push_back(ToKey(p.body.new_owner));
                       if ((p.body.flags & registry::UPDATE_IDENTITY) && !IsZero(p.body.identity)) out.keys.push_back(ToKey(p.body.identity));
                       if ((p.body.flags & registry::UPDATE_HOME) && !IsZero(p.body.home)) out.keys.push_back(ToKey(p.body.home));
                   },
                   [&](const registry::NodeRegister& p) { out.keys.push_back(ToKey(p.body.node)); },
                   [&](const registry::Binding& p) {
                       out.handle = p.body.handle;
                       out.keys.push_back(ToKey(p.body.node));
                       out.keys.push_back(ToKey(p.body.owner));
                   },
                   [&](const registry::Deposit& p) {
                       out.keys.push_back(ToKey(p.orig));
                       out.keys.push_back(ToKey(p.term));
                   },
                   [&](const registry::Settlement& p) {
                       out.keys.push_back(ToKey(p.orig));
                       out.keys.push_back(ToKey(p.term));
                   },
                   [&](const registry::ProbeReceipts& p) { out.keys.push_back(ToKey(p.target)); },
                   [&](const registry::DepositRelease& p) {
                       out.keys.push_back(ToKey(p.body.orig));
                       out.keys.push_back(ToKey(p.body.term));
                   },
                   [&](const registry::NodeWithdraw& p) { out.keys.push_back(ToKey(p.body.node)); },
               },
               *payload);
    return out;
}

std::string RegistryCategory(const CTransaction& tx)
{
    if (!registry::IsRegistryKind(tx.kind)) return "";
    const auto payload = registry::DecodePayload(tx.kind, tx.payload);
    if (!payload) return std::string{TxKindName(tx.kind)};
    return std::visit(Overloaded{
                          [](const registry::HandleCommit&) -> std::string { return "handle_commit"; },
                          [](const registry::HandleRegister&) -> std::string { return "handle_register"; },
                          [](const registry::HandleUpdate& p) -> std::string {
                              if (p.body.flags & registry::UPDATE_OWNER) return "handle_transfer";
                              if (p.body.flags == registry::UPDATE_RENEW) return "handle_renew";
                              return "handle_update";
                          },
                          [](const registry::NodeRegister& p) -> std::string {
                              switch (p.body.op) {
                              case registry::NodeOp::REGISTER: return "node_register";
                              case registry::NodeOp::UPDATE: return "node_update";
                              case registry::NodeOp::DEREGISTER: return "node_deregister";
                              }
                              return "node_register";
                          },
                          [](const registry::Binding&) -> std::string { return "handle_bind"; },
                          [](const registry::Deposit&) -> std::string { return "deposit"; },
                          [](const registry::Settlement&) -> std::string { return "settlement"; },
                          [](const registry::ProbeReceipts&) -> std::string { return "probe_receipts"; },
                          [](const registry::DepositRelease&) -> std::string { return "deposit_release"; },
                          [](const registry::NodeWithdraw&) -> std::string { return "node_withdraw"; },
                      },
                      *payload);
}

} // namespace wallet
