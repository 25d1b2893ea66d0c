// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <consensus/registry_keys.h>
#include <consensus/registry_payload.h>
#include <test/fuzz/fuzz.h>

#include <algorithm>
#include <string_view>

// Untrusted registry payloads. The first byte picks the kind (HANDLE_COMMIT .. NODE_WITHDRAW), the
// rest is the payload. Decoding must never crash, anything accepted must be its one canonical
// encoding, and the syntax rules, messages, mempool keys and value flow must be computable for
// any decoded payload and agree with it.
FUZZ_TARGET(registry_payload)
{
    if (buffer.empty()) return;
    constexpr unsigned N_KINDS = static_cast<unsigned>(TxKind::NODE_WITHDRAW) - static_cast<unsigned>(TxKind::HANDLE_COMMIT) + 1;
    const auto kind = static_cast<TxKind>(static_cast<unsigned>(TxKind::HANDLE_COMMIT) + buffer[0] % N_KINDS);
    const auto bytes = buffer.subspan(1);

    const auto payload = consensus::DecodePayload(kind, bytes);
    if (!payload) {
        if (payload.failure().code == DecodeError::NONE) Violated("failure without a code");
        if (payload.failure().offset > bytes.size()) Violated("failure offset past the input");
        return;
    }
    if (consensus::PayloadKind(*payload) != kind) Violated("payload of another kind");
    const auto encoded = consensus::EncodePayload(*payload);
    if (encoded.size() != bytes.size() || !std::equal(encoded.begin(), encoded.end(), bytes.begin())) {
        Violated("accepted a non-canonical encoding");
    }

    const char* reason = consensus::CheckPayloadSyntax(*payload);
    const uint256 genesis{};
    const consensus::RegistryParams params{};
    CMutableTransaction mtx;
    mtx.kind = kind;
    mtx.payload.assign(bytes.begin(), bytes.end());
    const CTransaction tx{mtx};
    const auto keys = consensus::GetRegistryTxKeys(tx);
    if (!keys) Violated("no mempool keys for a decoded payload");
    const consensus::ValidityWindow window = consensus::GetValidityWindow(tx, params);
    const consensus::RegistryValueFlow flow = consensus::GetRegistryValueFlow(tx, params);
    if (flow.locked < 0 || flow.released < 0 || !MoneyRange(flow.locked) || !MoneyRange(flow.released)) Violated("value flow out of range");
    if (const auto* s = std::get_if<consensus::Settlement>(&*payload)) {
        if (keys->keys.size() != s->vouchers.size()) Violated("one key per voucher");
        if (reason == nullptr && window.first > window.last) Violated("a valid settlement that is never valid");
        for (const consensus::VoucherEntry& v : s->vouchers) (void)consensus::VoucherMessage(s->orig, s->term, v, genesis);
    } else if (const auto* upd = std::get_if<consensus::HandleUpdate>(&*payload)) {
        if (reason == nullptr && upd->body.flags == 0) Violated("update without flags accepted");
        (void)consensus::HandleUpdateMessage(upd->body, genesis);
    } else if (const auto* node = std::get_if<consensus::NodeRegister>(&*payload)) {
        if (reason == nullptr && (node->body.bond < 0 || node->body.rate < 0)) Violated("negative bond or rate accepted");
        (void)consensus::NodeRegisterMessage(node->body, genesis);
    } else if (const auto* b = std::get_if<consensus::Binding>(&*payload)) {
        if ((reason == nullptr) != (consensus::ClassifyHandle(b->body.handle) == consensus::HandleClass::NAME)) {
            Violated("binding syntax disagrees with the handle class");
        }
        (void)consensus::BindingMessage(b->body, genesis);
    } else if (const auto* reg = std::get_if<consensus::HandleRegister>(&*payload)) {
        // Every handle the syntax accepts has a fee (the syntax may also reject a valid name for
        // its owner key).
        const bool has_fee = consensus::HandleFee(reg->handle, params).has_value();
        if (reason == nullptr && !has_fee) Violated("accepted a handle without a fee");
        (void)consensus::HandleCommitment(reg->handle, reg->salt, reg->owner);
    } else if (const auto* d = std::get_if<consensus::Deposit>(&*payload)) {
        if (reason == nullptr && flow.locked != d->amount) Violated("a deposit locks its amount");
    }
}
