// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/registry_payload.h>
#include <test/fuzz/fuzz.h>

#include <algorithm>
#include <string_view>

// Untrusted registry payloads. The first byte picks the kind (HANDLE_COMMIT .. DISPUTE), the
// rest is the payload. Decoding must never crash, anything accepted must be its one canonical
// encoding, and the syntax rules and messages must be computable for any decoded payload.
FUZZ_TARGET(registry_payload)
{
    if (buffer.empty()) return;
    constexpr unsigned N_KINDS = static_cast<unsigned>(TxKind::DISPUTE) - static_cast<unsigned>(TxKind::HANDLE_COMMIT) + 1;
    const auto kind = static_cast<TxKind>(static_cast<unsigned>(TxKind::HANDLE_COMMIT) + buffer[0] % N_KINDS);
    const auto bytes = buffer.subspan(1);

    const auto payload = registry::DecodePayload(kind, bytes);
    if (!payload) {
        if (payload.failure().code == DecodeError::NONE) Violated("failure without a code");
        if (payload.failure().offset > bytes.size()) Violated("failure offset past the input");
        return;
    }
    if (registry::PayloadKind(*payload) != kind) Violated("payload of another kind");
    const auto encoded = registry::EncodePayload(*payload);
    if (encoded.size() != bytes.size() || !std::equal(encoded.begin(), encoded.end(), bytes.begin())) {
        Violated("accepted a non-canonical encoding");
    }

    const char* reason = registry::CheckPayloadSyntax(*payload);
    const uint256 genesis{};
    if (const auto* upd = std::get_if<registry::HandleUpdate>(&*payload)) {
        if (reason == nullptr && upd->body.flags == 0) Violated("update without flags accepted");
        (void)registry::HandleUpdateMessage(upd->body, genesis);
    } else if (const auto* node = std::get_if<registry::NodeRegister>(&*payload)) {
        if (reason == nullptr && node->body.bond < 0) Violated("negative bond accepted");
        (void)registry::NodeRegisterMessage(node->body, genesis);
    } else if (const auto* presence = std::get_if<registry::PresenceProof>(&*payload)) {
        if ((reason == nullptr) != (registry::ClassifyHandle(presence->body.handle) != registry::HandleClass::INVALID)) {
            Violated("presence syntax disagrees with the handle class");
        }
        (void)registry::PresenceMessage(presence->body, genesis);
    } else if (const auto* call = std::get_if<registry::CallRecord>(&*payload)) {
        if ((reason == nullptr) != (call->body.orig != call->body.term)) Violated("call record node rule");
        (void)registry::CallRecordMessage(call->body, genesis);
    } else if (const auto* reg = std::get_if<registry::HandleRegister>(&*payload)) {
        const RegistryParams params{};
        // Every handle the syntax accepts has a fee; a handle without one is rejected as a handle
        // (the syntax may also reject a valid handle for its owner key).
        const bool has_fee = registry::HandleFee(reg->handle, params).has_value();
        if (reason == nullptr && !has_fee) Violated("accepted a handle without a fee");
        if (!has_fee && std::string_view{reason ? reason : ""} != "bad-registry-handle") Violated("fee without a valid handle");
        (void)registry::HandleCommitment(reg->handle, reg->salt, reg->owner);
    }
}
