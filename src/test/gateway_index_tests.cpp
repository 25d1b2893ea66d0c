// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// interfaces::GatewayIndex: which active nodes terminate a phone number (every node announcing
// a prefix of it, prefix length giving no priority) or serve a SIP domain, derived from node records.

#include <interfaces/gateway_index.h>

#include <consensus/registry_state.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

using interfaces::GatewayIndex;
using consensus::Key;
using consensus::NodeRecord;

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

using Match = GatewayIndex::GatewayMatch;

std::vector<Match> Matches(std::initializer_list<std::pair<uint8_t, const char*>> items)
{
    std::vector<Match> out;
    for (const auto& [b, prefix] : items) out.push_back(Match{K(b), prefix});
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(gateway_index_tests)

BOOST_AUTO_TEST_CASE(empty_index)
{
    const GatewayIndex index = GatewayIndex::Build({});
    BOOST_CHECK_EQUAL(index.PrefixCount(), 0u);
    BOOST_CHECK(index.LookupNumber("+442071234567").empty());
    BOOST_CHECK(index.LookupDomain("example.org").empty());
}

BOOST_AUTO_TEST_CASE(every_matching_gateway)
{
    const GatewayIndex index = GatewayIndex::Build({
        MakeNode(1, {"+44"}),
        MakeNode(2, {"+4420"}),
        MakeNode(3, {"+442071"}),
        MakeNode(4, {"+1"}),
        MakeNode(5, {"+44", "+4420"}),
    });
    BOOST_CHECK_EQUAL(index.PrefixCount(), 4u);
    // Every node announcing a prefix of the number, by key, each with its longest matching prefix:
    // a longer prefix does not hide the nodes of a shorter one.
    BOOST_CHECK(index.LookupNumber("+442071234567") == Matches({{1, "+44"}, {2, "+4420"}, {3, "+442071"}, {5, "+4420"}}));
    BOOST_CHECK(index.LookupNumber("+442081234567") == Matches({{1, "+44"}, {2, "+4420"}, {5, "+4420"}}));
    BOOST_CHECK(index.LookupNumber("+441234567") == Matches({{1, "+44"}, {5, "+44"}}));
    BOOST_CHECK(index.LookupNumber("+12125550100") == Matches({{4, "+1"}}));
    // A number equal to a prefix, and one shorter than some prefixes of its branch.
    BOOST_CHECK(index.LookupNumber("+4420") == Matches({{1, "+44"}, {2, "+4420"}, {5, "+4420"}}));
    BOOST_CHECK(index.LookupNumber("+442") == Matches({{1, "+44"}, {5, "+44"}}));
    BOOST_CHECK(index.LookupNumber("+33123456").empty());
    // A prefix is a prefix of the digits, not a substring elsewhere.
    BOOST_CHECK(index.LookupNumber("+3344").empty());
}

BOOST_AUTO_TEST_CASE(several_nodes_per_prefix_sorted)
{
    // Built from records in any order, a node listing a prefix twice counted once.
    const GatewayIndex index = GatewayIndex::Build({
        MakeNode(9, {"+4420", "+33"}, {"voice.example"}),
        MakeNode(2, {"+4420"}, {"voice.example"}),
        MakeNode(5, {"+4420", "+4420"}, {"voice.example", "other.example"}),
    });
    BOOST_CHECK(index.LookupNumber("+442071234567") == Matches({{2, "+4420"}, {5, "+4420"}, {9, "+4420"}}));
    BOOST_CHECK(index.LookupNumber("+3312") == Matches({{9, "+33"}}));
    BOOST_CHECK(index.LookupDomain("voice.example") == (std::vector<Key>{K(2), K(5), K(9)}));
    BOOST_CHECK(index.LookupDomain("other.example") == std::vector<Key>{K(5)});
    BOOST_CHECK_EQUAL(index.PrefixCount(), 2u);
}

BOOST_AUTO_TEST_CASE(inactive_nodes_excluded)
{
    NodeRecord deregistered = MakeNode(1, {"+4420"}, {"voice.example"});
    deregistered.deregistered_height = 5;
    deregistered.bond_release_height = 55;
    const NodeRecord active = MakeNode(3, {"+44"}, {"voice.example"});
    BOOST_REQUIRE(!deregistered.IsActive());
    const GatewayIndex index = GatewayIndex::Build({deregistered, active});
    BOOST_CHECK(index.LookupNumber("+442071234567") == Matches({{3, "+44"}}));
    BOOST_CHECK_EQUAL(index.PrefixCount(), 1u);
    BOOST_CHECK(index.LookupDomain("voice.example") == std::vector<Key>{K(3)});
    const GatewayIndex none = GatewayIndex::Build({deregistered});
    BOOST_CHECK_EQUAL(none.PrefixCount(), 0u);
    BOOST_CHECK(none.LookupNumber("+442071234567").empty());
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
    BOOST_CHECK(index.LookupNumber("+1").empty());
}

BOOST_AUTO_TEST_CASE(invalid_numbers)
{
    const GatewayIndex index = GatewayIndex::Build({MakeNode(1, {"+44", "+1"})});
    for (const std::string& number : {std::string{}, std::string{"+"}, std::string{"44"}, std::string{"4420712345"},
                                      std::string{"0044207"}, std::string{" +44207"}, std::string{"a.example"}}) {
        BOOST_CHECK_MESSAGE(index.LookupNumber(number).empty(), "number '" << number << "'");
    }
    BOOST_CHECK(index.LookupNumber("+44") == Matches({{1, "+44"}}));
}

BOOST_AUTO_TEST_SUITE_END()
