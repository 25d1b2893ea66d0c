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

XOnlyPubKey ToKey(const consensus::Key& key) { return XOnlyPubKey{key}; }
bool IsZero(const consensus::Key& key) { return key == consensus::Key{}; }
} // namespace

RegistryValue GetRegistryValue(const CTransaction& tx, const consensus::RegistryParams& params)
{
    if (!consensus::IsRegistryKind(tx.kind)) return {};
    const consensus::RegistryValueFlow flow = consensus::GetRegistryValueFlow(tx, params);
    return RegistryValue{flow.locked, flow.released};
}

std::optional<StatementSeq> GetStatementSeq(const CTransaction& tx)
{
    if (!consensus::IsRegistryKind(tx.kind)) return std::nullopt;
    const auto payload = consensus::DecodePayload(tx.kind, tx.payload);
    if (!payload) return std::nullopt;
    if (const auto* p = std::get_if<consensus::HandleUpdate>(&*payload)) {
        return StatementSeq{SeqCounter::HANDLE_UPDATE, p->body.handle, {}, p->body.seq};
    }
    if (const auto* p = std::get_if<consensus::Binding>(&*payload)) return StatementSeq{SeqCounter::BINDING, p->body.handle, {}, p->body.seq};
    if (const auto* p = std::get_if<consensus::NodeRegister>(&*payload)) return StatementSeq{SeqCounter::NODE, "", ToKey(p->body.node), p->body.seq};
    if (const auto* p = std::get_if<consensus::DepositRelease>(&*payload)) return StatementSeq{SeqCounter::NODE, "", ToKey(p->body.orig), p->body.seq};
    if (const auto* p = std::get_if<consensus::NodeWithdraw>(&*payload)) return StatementSeq{SeqCounter::NODE, "", ToKey(p->body.node), p->body.seq};
    return std::nullopt;
}

RegistryNames GetRegistryNames(const CTransaction& tx)
{
    RegistryNames out;
    if (!consensus::IsRegistryKind(tx.kind)) return out;
    const auto payload = consensus::DecodePayload(tx.kind, tx.payload);
    if (!payload) return out;
    std::visit(Overloaded{
                   [&](const consensus::HandleCommit&) {},
                   [&](const consensus::HandleRegister& p) {
                       out.handle = p.handle;
                       out.keys.push_back(ToKey(p.owner));
                   },
                   [&](const consensus::HandleUpdate& p) {
                       out.handle = p.body.handle;
                       if (p.body.flags & consensus::UPDATE_OWNER) out.keys.push_back(ToKey(p.body.new_owner));
                       if ((p.body.flags & consensus::UPDATE_IDENTITY) && !IsZero(p.body.identity)) out.keys.push_back(ToKey(p.body.identity));
                       if ((p.body.flags & consensus::UPDATE_HOME) && !IsZero(p.body.home)) out.keys.push_back(ToKey(p.body.home));
                   },
                   [&](const consensus::NodeRegister& p) { out.keys.push_back(ToKey(p.body.node)); },
                   [&](const consensus::Binding& p) {
                       out.handle = p.body.handle;
                       out.keys.push_back(ToKey(p.body.node));
                       out.keys.push_back(ToKey(p.body.owner));
                   },
                   [&](const consensus::Deposit& p) {
                       out.keys.push_back(ToKey(p.orig));
                       out.keys.push_back(ToKey(p.term));
                   },
                   [&](const consensus::Settlement& p) {
                       out.keys.push_back(ToKey(p.orig));
                       out.keys.push_back(ToKey(p.term));
                   },
                   [&](const consensus::ProbeReceipts& p) { out.keys.push_back(ToKey(p.target)); },
                   [&](const consensus::DepositRelease& p) {
                       out.keys.push_back(ToKey(p.body.orig));
                       out.keys.push_back(ToKey(p.body.term));
                   },
                   [&](const consensus::NodeWithdraw& p) { out.keys.push_back(ToKey(p.body.node)); },
               },
               *payload);
    return out;
}

std::string RegistryCategory(const CTransaction& tx)
{
    if (!consensus::IsRegistryKind(tx.kind)) return "";
    const auto payload = consensus::DecodePayload(tx.kind, tx.payload);
    if (!payload) return std::string{TxKindName(tx.kind)};
    return std::visit(Overloaded{
                          [](const consensus::HandleCommit&) -> std::string { return "handle_commit"; },
                          [](const consensus::HandleRegister&) -> std::string { return "handle_register"; },
                          [](const consensus::HandleUpdate& p) -> std::string {
                              if (p.body.flags & consensus::UPDATE_OWNER) return "handle_transfer";
                              if (p.body.flags == consensus::UPDATE_RENEW) return "handle_renew";
                              return "handle_update";
                          },
                          [](const consensus::NodeRegister& p) -> std::string {
                              switch (p.body.op) {
                              case consensus::NodeOp::REGISTER: return "node_register";
                              case consensus::NodeOp::UPDATE: return "node_update";
                              case consensus::NodeOp::DEREGISTER: return "node_deregister";
                              }
                              return "node_register";
                          },
                          [](const consensus::Binding&) -> std::string { return "handle_bind"; },
                          [](const consensus::Deposit&) -> std::string { return "deposit"; },
                          [](const consensus::Settlement&) -> std::string { return "settlement"; },
                          [](const consensus::ProbeReceipts&) -> std::string { return "probe_receipts"; },
                          [](const consensus::DepositRelease&) -> std::string { return "deposit_release"; },
                          [](const consensus::NodeWithdraw&) -> std::string { return "node_withdraw"; },
                      },
                      *payload);
}

} // namespace wallet
