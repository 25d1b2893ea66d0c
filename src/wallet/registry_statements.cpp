// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <wallet/registry_statements.h>

#include <consensus/registry_names.h>

#include <algorithm>
#include <map>

namespace wallet {

namespace {

/** The payload if it passes the syntax rules, else the reason in words. */
util::Result<Payload> Checked(const consensus::Payload& payload)
{
    if (const char* reason = consensus::CheckPayloadSyntax(payload)) return util::Error{SyntaxErrorMessage(reason)};
    return consensus::EncodePayload(payload);
}

std::optional<consensus::Sig> SignMessage(const CKey& key, const uint256& msg)
{
    const auto sig = key.Sign(msg.span());
    if (!sig) return std::nullopt;
    consensus::Sig out;
    std::copy(sig->begin(), sig->end(), out.begin());
    return out;
}

bool KeyMatches(const CKey& key, const consensus::Key& expected)
{
    return key.IsValid() && ToRegistryKey(key.GetXOnlyPubKey()) == expected;
}

util::Result<void> CheckName(const std::string& handle)
{
    switch (consensus::ClassifyHandle(handle)) {
    case consensus::HandleClass::NAME: return {};
    case consensus::HandleClass::E164: return util::Error{SyntaxErrorMessage("bad-handle-e164")};
    case consensus::HandleClass::INVALID: break;
    }
    return util::Error{SyntaxErrorMessage("bad-registry-handle")};
}

} // namespace

std::string SyntaxErrorMessage(std::string_view reason)
{
    static const std::map<std::string_view, std::string_view> messages{
        {"bad-registry-handle", "invalid handle: a handle is 3-32 characters of a-z, 0-9, '.', '_' and '-', contains a letter, "
                                "starts and ends with a letter or digit and has no two punctuation characters in a row"},
        {"bad-handle-e164", "E.164 numbers are not registrable until number attestation exists; numbers route to gateways by "
                            "prefix (registernode prefixes)"},
        {"bad-registry-owner", "invalid owner key: not a point on the curve"},
        {"bad-registry-endpoint", "invalid endpoint: 1-8 endpoints are required, each a lower-case sip: or sips: URI "
                                  "host[:port];transport=udp|tcp|tls|ws|wss of at most 255 bytes"},
        {"bad-registry-domain", "invalid domain: a lower-case DNS name with at least one dot (at most 16 domains)"},
        {"bad-registry-prefix", "invalid prefix: a gateway prefix is \"+\" and 1-6 digits (at most 64 prefixes)"},
        {"bad-registry-node-fields", "invalid node fields: a registration needs a bond above 0 and 1-8 endpoints, the rate "
                                     "must be between 0 and 21,000,000 DOTS per minute"},
        {"bad-registry-update-flags", "invalid update: set at least one field; a transfer cannot also set home or identity"},
        {"bad-registry-pair", "the originating and terminating nodes must differ"},
        {"bad-registry-amount", "amount out of range"},
        {"bad-registry-voucher", "invalid vouchers: 1-24 of one pair with increasing epochs spanning fewer than 24, each "
                                 "worth floor(seconds x rate / 60) above 0 and at most 21,000,000 DOTS"},
    };
    const auto it = messages.find(reason);
    return it != messages.end() ? std::string{it->second} + " (" + std::string{reason} + ")" : std::string{reason};
}

consensus::Key ToRegistryKey(const XOnlyPubKey& key)
{
    consensus::Key out;
    std::copy(key.bytes().begin(), key.bytes().end(), out.begin());
    return out;
}

util::Result<Payload> BuildHandleCommit(const std::string& handle, const uint256& salt, const XOnlyPubKey& owner)
{
    if (auto res = CheckName(handle); !res) return util::Error{res.error()};
    return Checked(consensus::HandleCommit{consensus::HandleCommitment(handle, salt, ToRegistryKey(owner))});
}

util::Result<Payload> BuildHandleReveal(const std::string& handle, const uint256& salt, const XOnlyPubKey& owner)
{
    if (auto res = CheckName(handle); !res) return util::Error{res.error()};
    return Checked(consensus::HandleRegister{handle, salt, ToRegistryKey(owner)});
}

util::Result<Payload> BuildHandleUpdate(const consensus::HandleUpdateBody& body, const CKey& owner_key, const uint256& genesis_hash)
{
    if (!KeyMatches(owner_key, body.owner)) return util::Error{"the signing key is not the handle's owner key"};
    consensus::HandleUpdate update{body, {}};
    if (const char* reason = consensus::CheckPayloadSyntax(update)) return util::Error{SyntaxErrorMessage(reason)};
    const auto sig = SignMessage(owner_key, consensus::HandleUpdateMessage(body, genesis_hash));
    if (!sig) return util::Error{"signing failed"};
    update.owner_sig = *sig;
    return consensus::EncodePayload(update);
}

util::Result<Payload> BuildNodeStatement(const consensus::NodeRegisterBody& body, const CKey& node_key, const uint256& genesis_hash)
{
    if (!KeyMatches(node_key, body.node)) return util::Error{"the signing key is not the node's key"};
    consensus::NodeRegister statement{body, {}};
    if (const char* reason = consensus::CheckPayloadSyntax(statement)) return util::Error{SyntaxErrorMessage(reason)};
    const auto sig = SignMessage(node_key, consensus::NodeRegisterMessage(body, genesis_hash));
    if (!sig) return util::Error{"signing failed"};
    statement.node_sig = *sig;
    return consensus::EncodePayload(statement);
}

util::Result<consensus::Sig> SignBindingAsOwner(const consensus::BindingBody& body, const CKey& owner_key, const uint256& genesis_hash)
{
    if (!KeyMatches(owner_key, body.owner)) return util::Error{"the signing key is not the handle's owner key"};
    const auto sig = SignMessage(owner_key, consensus::BindingMessage(body, genesis_hash));
    if (!sig) return util::Error{"signing failed"};
    return *sig;
}

util::Result<Payload> BuildBinding(const consensus::BindingBody& body, const CKey& node_key, const CKey* owner_key,
                                   const uint256& genesis_hash)
{
    if (!KeyMatches(node_key, body.node)) return util::Error{"the signing key is not the node's key"};
    consensus::Binding binding{body, {}, std::nullopt};
    if (const char* reason = consensus::CheckPayloadSyntax(binding)) return util::Error{SyntaxErrorMessage(reason)};
    const uint256 msg = consensus::BindingMessage(body, genesis_hash);
    const auto node_sig = SignMessage(node_key, msg);
    if (!node_sig) return util::Error{"signing failed"};
    binding.node_sig = *node_sig;
    if (owner_key != nullptr) {
        auto owner_sig = SignBindingAsOwner(body, *owner_key, genesis_hash);
        if (!owner_sig) return util::Error{owner_sig.error()};
        binding.owner_sig = *owner_sig;
    }
    return consensus::EncodePayload(binding);
}

util::Result<Payload> BuildCountersignedBinding(const consensus::BindingBody& body, const CKey& node_key, const consensus::Sig& owner_sig,
                                                const uint256& genesis_hash)
{
    const uint256 msg = consensus::BindingMessage(body, genesis_hash);
    if (!XOnlyPubKey{body.owner}.Verify(msg.span(), owner_sig)) {
        return util::Error{"the owner's signature does not verify for this binding (handle, node, owner and seq must match bindhandle's result)"};
    }
    auto payload = BuildBinding(body, node_key, nullptr, genesis_hash);
    if (!payload) return payload;
    auto decoded = consensus::DecodePayload(TxKind::BINDING, *payload);
    auto* binding = decoded ? std::get_if<consensus::Binding>(&*decoded) : nullptr;
    if (binding == nullptr) return util::Error{"the binding could not be encoded"};
    binding->owner_sig = owner_sig;
    return consensus::EncodePayload(*binding);
}

util::Result<Payload> BuildDeposit(const XOnlyPubKey& orig, const XOnlyPubKey& term, CAmount amount)
{
    return Checked(consensus::Deposit{ToRegistryKey(orig), ToRegistryKey(term), amount});
}

util::Result<Payload> BuildDepositRelease(const consensus::DepositReleaseBody& body, const CKey& orig_key, const uint256& genesis_hash)
{
    if (!KeyMatches(orig_key, body.orig)) return util::Error{"the signing key is not the originating node's key"};
    consensus::DepositRelease release{body, {}};
    if (const char* reason = consensus::CheckPayloadSyntax(release)) return util::Error{SyntaxErrorMessage(reason)};
    const auto sig = SignMessage(orig_key, consensus::DepositReleaseMessage(body, genesis_hash));
    if (!sig) return util::Error{"signing failed"};
    release.orig_sig = *sig;
    return consensus::EncodePayload(release);
}

std::vector<uint8_t> EncodeVoucher(const SignedVoucher& voucher)
{
    // A one-voucher settlement is orig, term, count (1), entry: drop the count.
    std::vector<uint8_t> bytes = consensus::EncodePayload(consensus::Settlement{voucher.orig, voucher.term, {voucher.entry}});
    bytes.erase(bytes.begin() + 64);
    return bytes;
}

util::Result<SignedVoucher> DecodeVoucher(std::span<const uint8_t> bytes)
{
    if (bytes.size() != VOUCHER_SIZE) {
        return util::Error{"a voucher is " + std::to_string(VOUCHER_SIZE) + " bytes, not " + std::to_string(bytes.size())};
    }
    std::vector<uint8_t> settlement(bytes.begin(), bytes.end());
    settlement.insert(settlement.begin() + 64, uint8_t{1});
    const auto payload = consensus::DecodePayload(TxKind::SETTLEMENT, settlement);
    const auto* decoded = payload ? std::get_if<consensus::Settlement>(&*payload) : nullptr;
    if (decoded == nullptr || decoded->vouchers.size() != 1) return util::Error{"the voucher does not decode"};
    return SignedVoucher{decoded->orig, decoded->term, decoded->vouchers.front()};
}

util::Result<CAmount> CheckedVoucherAmount(const consensus::VoucherEntry& entry)
{
    if (entry.rate < 0) return util::Error{"the rate must not be negative"};
    const std::optional<CAmount> amount = consensus::VoucherAmount(entry.seconds, entry.rate);
    if (!amount) return util::Error{"the voucher's amount (seconds x rate / 60) is above 21,000,000 DOTS"};
    if (*amount <= 0) return util::Error{"the voucher's amount (seconds x rate / 60) is 0: a voucher must pay something"};
    return *amount;
}

namespace {

/** Sets orig_sig after the checks every signed voucher passes (key, pair); the amount is the caller's. */
util::Result<SignedVoucher> SignVoucherBody(SignedVoucher voucher, const CKey& orig_key, const uint256& genesis_hash)
{
    if (!KeyMatches(orig_key, voucher.orig)) return util::Error{"the signing key is not the originating node's key"};
    if (voucher.orig == voucher.term) return util::Error{SyntaxErrorMessage("bad-registry-pair")};
    const auto sig = SignMessage(orig_key, consensus::VoucherMessage(voucher.orig, voucher.term, voucher.entry, genesis_hash));
    if (!sig) return util::Error{"signing failed"};
    voucher.entry.orig_sig = *sig;
    return voucher;
}

} // namespace

util::Result<SignedVoucher> SignVoucher(SignedVoucher voucher, const CKey& orig_key, const uint256& genesis_hash)
{
    if (auto amount = CheckedVoucherAmount(voucher.entry); !amount) return util::Error{amount.error()};
    return SignVoucherBody(std::move(voucher), orig_key, genesis_hash);
}

util::Result<SignedVoucher> SignOpener(SignedVoucher voucher, const CKey& orig_key, const uint256& genesis_hash)
{
    // Worth nothing on purpose: the chain refuses a voucher of amount 0, so an opener can never
    // be settled; it only asks T for its nonce.
    if (voucher.entry.seconds != 0) return util::Error{"an opener counts 0 seconds"};
    if (voucher.entry.rate < 0) return util::Error{"the rate must not be negative"};
    return SignVoucherBody(std::move(voucher), orig_key, genesis_hash);
}

bool VerifyVoucher(const SignedVoucher& voucher, const uint256& genesis_hash)
{
    return consensus::VerifyStatement(voucher.orig, consensus::VoucherMessage(voucher.orig, voucher.term, voucher.entry, genesis_hash),
                                      voucher.entry.orig_sig);
}

std::vector<std::pair<size_t, size_t>> SettlementBatches(const std::vector<uint32_t>& epochs)
{
    std::vector<std::pair<size_t, size_t>> out;
    for (size_t begin = 0; begin < epochs.size();) {
        size_t end = begin + 1;
        while (end < epochs.size() && end - begin < consensus::MAX_SETTLE_VOUCHERS &&
               epochs[end] - epochs[begin] < consensus::MAX_SETTLE_VOUCHERS) {
            ++end;
        }
        out.emplace_back(begin, end);
        begin = end;
    }
    return out;
}

util::Result<Payload> BuildSettlement(const consensus::Key& orig, const consensus::Key& term, std::vector<consensus::VoucherEntry> vouchers)
{
    return Checked(consensus::Settlement{orig, term, std::move(vouchers)});
}

size_t NodeWithdrawSize() { return consensus::EncodePayload(consensus::NodeWithdraw{}).size(); }

util::Result<Payload> BuildNodeWithdraw(const CKey& node_key, uint32_t seq, CAmount amount, const CMutableTransaction& tx,
                                        const uint256& genesis_hash)
{
    if (!node_key.IsValid()) return util::Error{"invalid node key"};
    consensus::NodeWithdraw withdraw;
    withdraw.body.node = ToRegistryKey(node_key.GetXOnlyPubKey());
    withdraw.body.seq = seq;
    withdraw.body.amount = amount;
    withdraw.body.outputs_hash = consensus::WithdrawOutputsHash(tx.version, tx.locktime, tx.vout);
    if (const char* reason = consensus::CheckPayloadSyntax(withdraw)) return util::Error{SyntaxErrorMessage(reason)};
    const auto sig = SignMessage(node_key, consensus::NodeWithdrawMessage(withdraw.body, genesis_hash));
    if (!sig) return util::Error{"signing failed"};
    withdraw.node_sig = *sig;
    return consensus::EncodePayload(withdraw);
}

} // namespace wallet
