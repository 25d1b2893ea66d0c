// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// interfaces::GatewayIndex: which active nodes terminate a phone number (longest registered
// prefix) or serve a SIP domain, derived from node records.

#include <interfaces/gateway_index.h>

#include <consensus/registry_state.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

using interfaces::GatewayIndex;
using registry::Key;
using registry::NodeRecord;

namespace {

Key K(uint8_t b)
{
    Key k{};
    k.fill(b);
    return k;
}

NodeRecord MakeNode(uint8_t b, std::vector<std::string> prefixes, std::vector<std::string> domains = {})
{
    NodeRecord n;
    n.node = K(b);
    n.seq = 1;
    n.endpoints = {"sip:gw.example.org:5060;transport=udp"};
    n.prefixes = std::move(prefixes);
    n.domains = std::move(domains);
    n.bond = 100'000'000;
    n.registered_height = 1;
    return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(gateway_index_tests)

BOOST_AUTO_TEST_CASE(empty_index)
{
    const GatewayIndex index = GatewayIndex::Build({});
    BOOST_CHECK_EQUAL(index.PrefixCount(), 0u);
    const GatewayIndex::PrefixMatch m = index.LookupNumber("+442071234567");
    BOOST_CHECK(m.prefix.empty());
    BOOST_CHECK(m.nodes.empty());
    BOOST_CHECK(index.LookupDomain("example.org").empty());
}

BOOST_AUTO_TEST_CASE(longest_prefix)
{
    const GatewayIndex index = GatewayIndex::Build({
        MakeNode(1, {"+44"}),
        MakeNode(2, {"+4420"}),
        MakeNode(3, {"+442071"}),
        MakeNode(4, {"+1"}),
    });
    BOOST_CHECK_EQUAL(index.PrefixCount(), 4u);

    GatewayIndex::PrefixMatch m = index.LookupNumber("+442071234567");
    BOOST_CHECK_EQUAL(m.prefix, "+442071");
    BOOST_CHECK(m.nodes == std::vector<Key>{K(3)});
    m = index.LookupNumber("+442081234567");
    BOOST_CHECK_EQUAL(m.prefix, "+4420");
    BOOST_CHECK(m.nodes == std::vector<Key>{K(2)});
    m = index.LookupNumber("+441234567");
    BOOST_CHECK_EQUAL(m.prefix, "+44");
    BOOST_CHECK(m.nodes == std::vector<Key>{K(1)});
    m = index.LookupNumber("+12125550100");
    BOOST_CHECK_EQUAL(m.prefix, "+1");
    BOOST_CHECK(m.nodes == std::vector<Key>{K(4)});
    // The number equal to a prefix matches it; a number shorter than every prefix of its
    // branch falls back to the shorter one.
    m = index.LookupNumber("+4420");
    BOOST_CHECK_EQUAL(m.prefix, "+4420");
    m = index.LookupNumber("+442");
    BOOST_CHECK_EQUAL(m.prefix, "+44");
    m = index.LookupNumber("+44");
    BOOST_CHECK_EQUAL(m.prefix, "+44");
    // No registered prefix.
    m = index.LookupNumber("+33123456");
    BOOST_CHECK(m.prefix.empty());
    BOOST_CHECK(m.nodes.empty());
    // A prefix is a prefix of the digits, not a substring elsewhere.
    BOOST_CHECK(index.LookupNumber("+3344").nodes.empty());
}

BOOST_AUTO_TEST_CASE(longest_prefix_at_fifteen_digits)
{
    // Prefixes are at most "+" and 15 digits; a longer input still finds them.
    const std::string p15 = "+123456789012345";
    const GatewayIndex index = GatewayIndex::Build({MakeNode(1, {p15}), MakeNode(2, {"+12"})});
    BOOST_CHECK_EQUAL(index.LookupNumber(p15).prefix, p15);
    BOOST_CHECK_EQUAL(index.LookupNumber(p15 + "6").prefix, p15);
    BOOST_CHECK(index.LookupNumber(p15 + "6").nodes == std::vector<Key>{K(1)});
    BOOST_CHECK_EQUAL(index.LookupNumber("+12345678901234").prefix, "+12");
}

BOOST_AUTO_TEST_CASE(several_nodes_per_prefix_sorted)
{
    // Built from records in any order, a node listing a prefix twice counted once.
    const GatewayIndex index = GatewayIndex::Build({
        MakeNode(9, {"+4420", "+33"}, {"voice.example"}),
        MakeNode(2, {"+4420"}, {"voice.example"}),
        MakeNode(5, {"+4420", "+4420"}, {"voice.example", "other.example"}),
        MakeNode(7, {"+44"}),
    });
    const GatewayIndex::PrefixMatch m = index.LookupNumber("+442071234567");
    BOOST_CHECK_EQUAL(m.prefix, "+4420");
    BOOST_CHECK(m.nodes == (std::vector<Key>{K(2), K(5), K(9)}));
    BOOST_CHECK(std::is_sorted(m.nodes.begin(), m.nodes.end()));
    BOOST_CHECK(index.LookupNumber("+3312").nodes == std::vector<Key>{K(9)});
    BOOST_CHECK(index.LookupDomain("voice.example") == (std::vector<Key>{K(2), K(5), K(9)}));
    BOOST_CHECK(index.LookupDomain("other.example") == std::vector<Key>{K(5)});
    BOOST_CHECK_EQUAL(index.PrefixCount(), 3u);
}

BOOST_AUTO_TEST_CASE(inactive_nodes_excluded)
{
    NodeRecord deregistered = MakeNode(1, {"+4420"}, {"voice.example"});
    deregistered.deregistered_height = 5;
    deregistered.bond_release_height = 20;
    NodeRecord slashed = MakeNode(2, {"+4420", "+49"}, {"voice.example", "slashed.example"});
    slashed.slashed = true;
    slashed.bond = 0;
    const NodeRecord active = MakeNode(3, {"+44"}, {"voice.example"});
    BOOST_REQUIRE(!deregistered.IsActive());
    BOOST_REQUIRE(!slashed.IsActive());

    const GatewayIndex index = GatewayIndex::Build({deregistered, slashed, active});
    // The inactive nodes' prefixes are not registered at all: "+4420" falls back to "+44".
    GatewayIndex::PrefixMatch m = index.LookupNumber("+442071234567");
    BOOST_CHECK_EQUAL(m.prefix, "+44");
    BOOST_CHECK(m.nodes == std::vector<Key>{K(3)});
    m = index.LookupNumber("+4930123");
    BOOST_CHECK(m.prefix.empty());
    BOOST_CHECK(m.nodes.empty());
    BOOST_CHECK_EQUAL(index.PrefixCount(), 1u);
    BOOST_CHECK(index.LookupDomain("voice.example") == std::vector<Key>{K(3)});
    BOOST_CHECK(index.LookupDomain("slashed.example").empty());

    // Only inactive nodes: nothing.
    const GatewayIndex none = GatewayIndex::Build({deregistered, slashed});
    BOOST_CHECK_EQUAL(none.PrefixCount(), 0u);
    BOOST_CHECK(none.LookupNumber("+442071234567").nodes.empty());
    BOOST_CHECK(none.LookupDomain("voice.example").empty());
}

BOOST_AUTO_TEST_CASE(domain_lookup)
{
    const GatewayIndex index = GatewayIndex::Build({
        MakeNode(1, {}, {"a.example", "b.example"}),
        MakeNode(2, {}, {"b.example"}),
    });
    BOOST_CHECK(index.LookupDomain("a.example") == std::vector<Key>{K(1)});
    BOOST_CHECK(index.LookupDomain("b.example") == (std::vector<Key>{K(1), K(2)}));
    // Exact match only: no suffix, parent or case folding.
    BOOST_CHECK(index.LookupDomain("example").empty());
    BOOST_CHECK(index.LookupDomain("x.a.example").empty());
    BOOST_CHECK(index.LookupDomain("a.example.").empty());
    BOOST_CHECK(index.LookupDomain("").empty());
    // Domains and prefixes are separate tables.
    BOOST_CHECK_EQUAL(index.PrefixCount(), 0u);
    BOOST_CHECK(index.LookupNumber("+1").nodes.empty());
}

BOOST_AUTO_TEST_CASE(invalid_numbers)
{
    const GatewayIndex index = GatewayIndex::Build({MakeNode(1, {"+44", "+1"})});
    for (const std::string& number : {std::string{}, std::string{"+"}, std::string{"44"}, std::string{"4420712345"},
                                      std::string{"0044207"}, std::string{" +44207"}, std::string{"a.example"}}) {
        const GatewayIndex::PrefixMatch m = index.LookupNumber(number);
        BOOST_CHECK_MESSAGE(m.prefix.empty() && m.nodes.empty(), "number '" << number << "'");
    }
    // A "+" and a registered prefix still resolves (the index does not judge the rest).
    BOOST_CHECK_EQUAL(index.LookupNumber("+44").prefix, "+44");
}

BOOST_AUTO_TEST_SUITE_END()
