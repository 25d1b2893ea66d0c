// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <wallet/keychain.h>

#include <crypto/tagged_hash.h>
#include <util/strencodings.h>

#include <cstring>

namespace wallet {

namespace {
constexpr std::array<std::string_view, NUM_BRANCHES> BRANCH_NAMES{"receive", "change", "handle", "node", "identity"};
} // namespace

std::string_view BranchName(KeyBranch branch) { return BRANCH_NAMES[size_t(branch)]; }

std::optional<KeyBranch> BranchFromName(std::string_view name)
{
    for (size_t i = 0; i < NUM_BRANCHES; ++i) {
        if (BRANCH_NAMES[i] == name) return static_cast<KeyBranch>(i);
    }
    return std::nullopt;
}

SecureBytes ChainSecret::Serialize() const
{
    SecureBytes out;
    auto root_bytes = root.Serialize();
    out.insert(out.end(), root_bytes.begin(), root_bytes.end());
    memory_cleanse(root_bytes.data(), root_bytes.size());
    out.push_back(static_cast<uint8_t>(mnemonic_entropy.size()));
    out.insert(out.end(), mnemonic_entropy.begin(), mnemonic_entropy.end());
    return out;
}

std::optional<ChainSecret> ChainSecret::Deserialize(std::span<const uint8_t> bytes)
{
    if (bytes.size() < ExtKey::SERIALIZED_SIZE + 1) return std::nullopt;
    auto root = ExtKey::Deserialize(bytes.first(ExtKey::SERIALIZED_SIZE));
    const size_t entropy_size = bytes[ExtKey::SERIALIZED_SIZE];
    if (!root || root->depth != 0 || bytes.size() != ExtKey::SERIALIZED_SIZE + 1 + entropy_size) return std::nullopt;
    ChainSecret out;
    out.root = std::move(*root);
    out.mnemonic_entropy.assign(bytes.begin() + ExtKey::SERIALIZED_SIZE + 1, bytes.end());
    return out;
}

KeyChain::KeyChain(KeyChainRecord record, std::optional<ChainSecret> secret)
    : m_record{std::move(record)}, m_secret{std::move(secret)}
{
}

uint256 KeyChain::ChainId(const ExtKey& root)
{
    const auto pub = root.CompressedPubKey();
    return uint256{TaggedHash("DOTS/KeyChain", pub)};
}

void KeyChain::WipeSecret()
{
    m_secret.reset();
    for (auto& root : m_branch_roots) root.reset();
}

bool KeyChain::AddKnownKey(KeyBranch branch, uint32_t index, const XOnlyPubKey& key)
{
    auto& keys = m_pubkeys[size_t(branch)];
    if (index != keys.size()) return false;
    keys.push_back(key);
    return true;
}

std::optional<ExtKey> KeyChain::BranchRoot(KeyBranch branch)
{
    auto& cached = m_branch_roots[size_t(branch)];
    if (!cached) {
        if (!m_secret) return std::nullopt;
        const std::array<uint32_t, 4> path{BIP_PURPOSE, m_record.coin_type, 0, uint32_t(branch)};
        cached = m_secret->root.DerivePath(path);
    }
    return cached;
}

std::optional<std::vector<uint32_t>> KeyChain::TopUp(KeyBranch branch, uint32_t count)
{
    std::vector<uint32_t> derived;
    auto& keys = m_pubkeys[size_t(branch)];
    if (keys.size() >= count) return derived;
    const auto root = BranchRoot(branch);
    if (!root) return std::nullopt;
    while (keys.size() < count) {
        const auto index = static_cast<uint32_t>(keys.size());
        const auto child = root->DeriveHardened(index);
        // An invalid child (probability 2^-127) keeps its slot with an all-zero key that
        // matches nothing; BIP32 says to skip it, and the index is then never handed out.
        keys.push_back(child ? child->key.GetXOnlyPubKey() : XOnlyPubKey{});
        derived.push_back(index);
    }
    return derived;
}

std::optional<CKey> KeyChain::GetKey(KeyBranch branch, uint32_t index)
{
    const auto root = BranchRoot(branch);
    if (!root) return std::nullopt;
    auto child = root->DeriveHardened(index);
    if (!child) return std::nullopt;
    return std::move(child->key);
}

std::optional<std::string> KeyChain::Descriptor(KeyBranch branch, ExtKeyNet net) const
{
    if (!m_secret) return std::nullopt;
    std::string desc = "dots(" + m_secret->root.ToString(net) + "/" + std::to_string(BIP_PURPOSE) + "h/" +
                       std::to_string(m_record.coin_type) + "h/0h/" + std::to_string(uint32_t(branch)) + "h/*h)";
    return desc + "#" + DescriptorChecksum(desc);
}

// Bitcoin Core's descriptor checksum (src/script/descriptor.cpp, BIP 380).
std::string DescriptorChecksum(std::string_view desc)
{
    static constexpr std::string_view INPUT_CHARSET =
        "0123456789()[],'/*abcdefgh@:$%{}"
        "IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~"
        "ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";
    static constexpr std::string_view CHECKSUM_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    auto poly_mod = [](uint64_t c, int val) {
        const uint8_t c0 = static_cast<uint8_t>(c >> 35);
        c = ((c & 0x7ffffffffULL) << 5) ^ static_cast<uint64_t>(val);
        if (c0 & 1) c ^= 0xf5dee51989;
        if (c0 & 2) c ^= 0xa9fdca3312;
        if (c0 & 4) c ^= 0x1bab10e32d;
        if (c0 & 8) c ^= 0x3706b1677a;
        if (c0 & 16) c ^= 0x644d626ffd;
        return c;
    };
    uint64_t c = 1;
    int cls = 0;
    int clscount = 0;
    for (const char ch : desc) {
        const auto pos = INPUT_CHARSET.find(ch);
        if (pos == std::string_view::npos) return "";
        c = poly_mod(c, static_cast<int>(pos & 31));
        cls = cls * 3 + static_cast<int>(pos >> 5);
        if (++clscount == 3) {
            c = poly_mod(c, cls);
            cls = 0;
            clscount = 0;
        }
    }
    if (clscount > 0) c = poly_mod(c, cls);
    for (int j = 0; j < 8; ++j) c = poly_mod(c, 0);
    c ^= 1;
    std::string out(8, ' ');
    for (int j = 0; j < 8; ++j) out[j] = CHECKSUM_CHARSET[(c >> (5 * (7 - j))) & 31];
    return out;
}

std::optional<ParsedDescriptor> ParseDescriptor(std::string_view text, std::string& error)
{
    text = TrimView(text);
    std::string_view body = text;
    if (const auto hash = text.rfind('#'); hash != std::string_view::npos) {
        body = text.substr(0, hash);
        const std::string expected = DescriptorChecksum(body);
        if (expected.empty() || text.substr(hash + 1) != expected) {
            error = "descriptor checksum mismatch (expected #" + expected + ")";
            return std::nullopt;
        }
    }
    if (body.size() < 7 || body.substr(0, 5) != "dots(" || body.back() != ')') {
        error = "expected dots(<xprv or tprv>/340h/<coin>h/0h/<branch>h/*h)";
        return std::nullopt;
    }
    const std::vector<std::string_view> parts = SplitView(body.substr(5, body.size() - 6), '/');
    if (parts.size() != 6 || (parts[5] != "*h" && parts[5] != "*'")) {
        error = "the path must be /340h/<coin>h/0h/<branch>h/*h (all hardened)";
        return std::nullopt;
    }
    ParsedDescriptor out;
    auto root = ExtKey::FromString(parts[0], &out.net);
    if (!root) {
        error = "the key is not a valid xprv/tprv extended private key";
        return std::nullopt;
    }
    if (root->depth != 0) {
        error = "the key must be a master key (depth 0), not a derived one";
        return std::nullopt;
    }
    out.root = std::move(*root);
    std::array<uint32_t, 4> path{};
    for (size_t i = 0; i < 4; ++i) {
        std::string_view p = parts[i + 1];
        if (p.size() < 2 || (p.back() != 'h' && p.back() != '\'')) {
            error = "every path element must be hardened (h)";
            return std::nullopt;
        }
        const auto value = ParseUInt64(p.substr(0, p.size() - 1));
        if (!value || *value >= HARDENED) {
            error = "bad path element " + std::string{p};
            return std::nullopt;
        }
        path[i] = static_cast<uint32_t>(*value);
    }
    if (path[0] != BIP_PURPOSE || path[1] > 1 || path[2] != 0 || path[3] >= NUM_BRANCHES) {
        error = "the path must be /340h/<0 or 1>h/0h/<0..4>h/*h";
        return std::nullopt;
    }
    out.coin_type = path[1];
    out.branch = static_cast<KeyBranch>(path[3]);
    return out;
}

} // namespace wallet
