// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <sip/parser/header_name.h>

#include <sip/parser/chars.h>

#include <array>
#include <cstring>

namespace sip {
namespace {

struct NameEntry {
    std::string_view name;
    HeaderType type;
};

// Full names first (their index in this table is used by HeaderName()), then compact forms
// (RFC 3261 7.3.3 and the IANA registry).
constexpr NameEntry NAMES[] = {
    {"Via", HeaderType::VIA},
    {"From", HeaderType::FROM},
    {"To", HeaderType::TO},
    {"Call-ID", HeaderType::CALL_ID},
    {"CSeq", HeaderType::CSEQ},
    {"Contact", HeaderType::CONTACT},
    {"Max-Forwards", HeaderType::MAX_FORWARDS},
    {"Content-Length", HeaderType::CONTENT_LENGTH},
    {"Content-Type", HeaderType::CONTENT_TYPE},
    {"Content-Encoding", HeaderType::CONTENT_ENCODING},
    {"Route", HeaderType::ROUTE},
    {"Record-Route", HeaderType::RECORD_ROUTE},
    {"Path", HeaderType::PATH},
    {"Expires", HeaderType::EXPIRES},
    {"Min-Expires", HeaderType::MIN_EXPIRES},
    {"Authorization", HeaderType::AUTHORIZATION},
    {"Proxy-Authorization", HeaderType::PROXY_AUTHORIZATION},
    {"WWW-Authenticate", HeaderType::WWW_AUTHENTICATE},
    {"Proxy-Authenticate", HeaderType::PROXY_AUTHENTICATE},
    {"Authentication-Info", HeaderType::AUTHENTICATION_INFO},
    {"Require", HeaderType::REQUIRE},
    {"Proxy-Require", HeaderType::PROXY_REQUIRE},
    {"Supported", HeaderType::SUPPORTED},
    {"Unsupported", HeaderType::UNSUPPORTED},
    {"Allow", HeaderType::ALLOW},
    {"Allow-Events", HeaderType::ALLOW_EVENTS},
    {"Event", HeaderType::EVENT},
    {"Subscription-State", HeaderType::SUBSCRIPTION_STATE},
    {"Subject", HeaderType::SUBJECT},
    {"Refer-To", HeaderType::REFER_TO},
    {"Referred-By", HeaderType::REFERRED_BY},
    {"Session-Expires", HeaderType::SESSION_EXPIRES},
    {"Min-SE", HeaderType::MIN_SE},
    {"Identity", HeaderType::IDENTITY},
    {"Identity-Info", HeaderType::IDENTITY_INFO},
    {"Accept", HeaderType::ACCEPT},
    {"Accept-Encoding", HeaderType::ACCEPT_ENCODING},
    {"Accept-Language", HeaderType::ACCEPT_LANGUAGE},
    {"Accept-Contact", HeaderType::ACCEPT_CONTACT},
    {"Reject-Contact", HeaderType::REJECT_CONTACT},
    {"Request-Disposition", HeaderType::REQUEST_DISPOSITION},
    {"User-Agent", HeaderType::USER_AGENT},
    {"Server", HeaderType::SERVER},
    {"Date", HeaderType::DATE},
    {"Retry-After", HeaderType::RETRY_AFTER},
    {"Warning", HeaderType::WARNING},
    {"RSeq", HeaderType::RSEQ},
    {"RAck", HeaderType::RACK},
    {"Privacy", HeaderType::PRIVACY},
    {"P-Asserted-Identity", HeaderType::P_ASSERTED_IDENTITY},
    {"P-Preferred-Identity", HeaderType::P_PREFERRED_IDENTITY},
    {"Reason", HeaderType::REASON},
    {"Timestamp", HeaderType::TIMESTAMP},
    {"Organization", HeaderType::ORGANIZATION},
    {"Content-Disposition", HeaderType::CONTENT_DISPOSITION},
    {"MIME-Version", HeaderType::MIME_VERSION},
    // compact forms
    {"i", HeaderType::CALL_ID},
    {"m", HeaderType::CONTACT},
    {"f", HeaderType::FROM},
    {"t", HeaderType::TO},
    {"v", HeaderType::VIA},
    {"l", HeaderType::CONTENT_LENGTH},
    {"c", HeaderType::CONTENT_TYPE},
    {"k", HeaderType::SUPPORTED},
    {"s", HeaderType::SUBJECT},
    {"e", HeaderType::CONTENT_ENCODING},
    {"o", HeaderType::EVENT},
    {"r", HeaderType::REFER_TO},
    {"u", HeaderType::ALLOW_EVENTS},
    {"x", HeaderType::SESSION_EXPIRES},
    {"b", HeaderType::REFERRED_BY},
    {"y", HeaderType::IDENTITY},
    {"a", HeaderType::ACCEPT_CONTACT},
    {"j", HeaderType::REJECT_CONTACT},
    {"d", HeaderType::REQUEST_DISPOSITION},
    {"n", HeaderType::IDENTITY_INFO},
};
constexpr size_t NAME_COUNT = sizeof(NAMES) / sizeof(NAMES[0]);

constexpr size_t TABLE_SIZE = 256; // power of two, well above NAME_COUNT
constexpr uint8_t EMPTY = 0xFF;
static_assert(NAME_COUNT < EMPTY);

// Hash of (length, first, last) lowercased: cheap and collision-light for this set.
constexpr size_t Hash(std::string_view name)
{
    const size_t first = static_cast<unsigned char>(chars::ToLower(name.front()));
    const size_t last = static_cast<unsigned char>(chars::ToLower(name.back()));
    return (name.size() * 37 + first * 7 + last * 3) & (TABLE_SIZE - 1);
}

constexpr std::array<uint8_t, TABLE_SIZE> MakeSlots()
{
    std::array<uint8_t, TABLE_SIZE> slots{};
    for (auto& s : slots) s = EMPTY;
    for (size_t i = 0; i < NAME_COUNT; ++i) {
        size_t h = Hash(NAMES[i].name);
        while (slots[h] != EMPTY) h = (h + 1) & (TABLE_SIZE - 1);
        slots[h] = static_cast<uint8_t>(i);
    }
    return slots;
}

constexpr std::array<uint8_t, TABLE_SIZE> SLOTS = MakeSlots();

/**
 * Case-insensitive compare of a table name (letters, digits and "-") with a header name. OR-ing
 * 0x20 folds case for letters and maps no other byte onto a letter, digit or "-" except
 * control bytes that cannot be in a token, so it is exact here.
 */
bool NameMatches(std::string_view table_name, std::string_view name)
{
    if (table_name.size() != name.size()) return false;
    constexpr uint64_t FOLD = 0x2020202020202020ULL;
    size_t i = 0;
    for (; i + 8 <= name.size(); i += 8) {
        uint64_t a, b;
        std::memcpy(&a, table_name.data() + i, 8);
        std::memcpy(&b, name.data() + i, 8);
        if ((a | FOLD) != (b | FOLD)) return false;
    }
    for (; i < name.size(); ++i) {
        if ((static_cast<unsigned char>(table_name[i]) | 0x20) != (static_cast<unsigned char>(name[i]) | 0x20)) return false;
    }
    return true;
}

} // namespace

HeaderType LookupHeaderName(std::string_view name)
{
    if (name.empty()) return HeaderType::OTHER;
    size_t h = Hash(name);
    while (SLOTS[h] != EMPTY) {
        const NameEntry& e = NAMES[SLOTS[h]];
        if (NameMatches(e.name, name)) return e.type;
        h = (h + 1) & (TABLE_SIZE - 1);
    }
    return HeaderType::OTHER;
}

std::string_view HeaderName(HeaderType type)
{
    for (const auto& e : NAMES) {
        if (e.type == type) return e.name;
    }
    return "";
}

} // namespace sip
