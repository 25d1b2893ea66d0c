// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <mempool/registry_conflicts.h>

#include <consensus/registry_payload.h>

#include <algorithm>
#include <type_traits>
#include <variant>

namespace mempool {

namespace {
std::string KeyOf(std::string_view table, std::span<const uint8_t> id)
{
    std::string key{table};
    key.push_back(':');
    key.append(reinterpret_cast<const char*>(id.data()), id.size());
    return key;
}

std::string KeyOf(std::string_view table, std::string_view id)
{
    return std::string{table} + ":" + std::string{id};
}

/** The payer of an unsigned statement: the lock program of the coin its first input spends. */
std::array<uint8_t, 32> Payer(const std::vector<CTxOut>& spent)
{
    return spent.empty() ? std::array<uint8_t, 32>{} : spent.front().lock.program;
}

bool AnchorStale(uint32_t anchor_height, const uint256& anchor_hash, int32_t window, int32_t next_height,
                 const std::function<std::optional<uint256>(int32_t)>& ancestor_hash)
{
    if (int64_t{anchor_height} >= next_height || int64_t{anchor_height} < int64_t{next_height} - window) return true;
    const std::optional<uint256> hash = ancestor_hash(static_cast<int32_t>(anchor_height));
    return !hash || *hash != anchor_hash;
}
} // namespace

std::optional<RegistryClaim> GetRegistryClaim(const CTransaction& tx, const std::vector<CTxOut>& spent)
{
    if (!registry::IsRegistryKind(tx.kind)) return std::nullopt;
    const auto payload = registry::DecodePayload(tx.kind, tx.payload);
    if (!payload) return std::nullopt;
    RegistryClaim claim;
    std::visit(
        [&](const auto& p) {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, registry::HandleCommit>) {
                claim.keys = {KeyOf("commit", p.commitment.span())};
                claim.signer = Payer(spent);
            } else if constexpr (std::is_same_v<T, registry::HandleRegister>) {
                claim.keys = {KeyOf("register", p.handle)};
                claim.signer = Payer(spent);
            } else if constexpr (std::is_same_v<T, registry::HandleUpdate>) {
                claim.keys = {KeyOf("update", p.body.handle)};
                // v1 bodies do not name the owner (the chain record does): the payer stands in.
                claim.signer = Payer(spent);
            } else if constexpr (std::is_same_v<T, registry::NodeRegister>) {
                claim.keys = {KeyOf("node", p.body.node)};
                claim.signer = p.body.node;
            } else if constexpr (std::is_same_v<T, registry::PresenceProof>) {
                claim.keys = {KeyOf("binding", p.body.handle)};
                claim.signer = p.body.node;
            } else if constexpr (std::is_same_v<T, registry::CallRecord>) {
                claim.keys = {KeyOf("call", p.body.call_id.span())};
                claim.signer = p.body.orig;
            } else if constexpr (std::is_same_v<T, registry::Dispute>) {
                if (const auto* v = std::get_if<registry::CallVoid>(&p)) {
                    claim.keys = {KeyOf("void", v->call_id.span())};
                    claim.signer = v->node;
                } else {
                    const auto& e = std::get<registry::Equivocation>(p);
                    claim.keys = {KeyOf("equivocation", e.node)};
                    claim.signer = e.node;
                }
            }
        },
        *payload);
    return claim;
}

bool IsRegistryStatementStale(const CTransaction& tx, int32_t next_height, const ConsensusParams& params,
                              const std::function<std::optional<uint256>(int32_t)>& ancestor_hash)
{
    if (tx.kind != TxKind::PRESENCE_PROOF && tx.kind != TxKind::CALL_RECORD) return false;
    const auto payload = registry::DecodePayload(tx.kind, tx.payload);
    if (!payload) return true;
    if (const auto* p = std::get_if<registry::PresenceProof>(&*payload)) {
        return AnchorStale(p->body.anchor_height, p->body.anchor_hash, params.registry.presence_window, next_height,
                           ancestor_hash);
    }
    if (const auto* c = std::get_if<registry::CallRecord>(&*payload)) {
        return AnchorStale(c->body.anchor_height, c->body.anchor_hash, params.registry.call_window, next_height,
                           ancestor_hash);
    }
    return false;
}

} // namespace mempool
