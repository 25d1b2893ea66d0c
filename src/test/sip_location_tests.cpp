// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <interfaces/memory_directory.h>
#include <sip/registrar/location.h>

#include <boost/test/unit_test.hpp>

#include <string>
#include <thread>
#include <vector>

using namespace sip;

namespace {

constexpr int64_t T0 = 1'800'000'000;

RegisterUpdate MakeUpdate(std::string_view aor, std::string_view call_id, uint32_t cseq, int64_t now)
{
    RegisterUpdate u;
    u.aor = aor;
    u.call_id = call_id;
    u.cseq = cseq;
    u.now = now;
    u.source = RegistrationSource{"198.51.100.7", 40000, Transport::UDP, 0};
    u.user_agent = "TestPhone/1.0";
    return u;
}

ContactUpdate MakeContact(std::string_view uri, uint32_t expires, std::optional<uint16_t> q = std::nullopt)
{
    ContactUpdate c;
    c.uri = uri;
    c.expires = expires;
    c.q_milli = q;
    return c;
}

struct PresenceLog {
    std::vector<std::pair<std::string, bool>> events;
    PresenceCallback Callback()
    {
        return [this](std::string_view aor, bool online) { events.emplace_back(std::string{aor}, online); };
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(sip_location_tests)

BOOST_AUTO_TEST_CASE(add_refresh_remove)
{
    PresenceLog log;
    LocationService loc{{}, log.Callback()};
    std::vector<ContactBinding> out;

    auto u = MakeUpdate("alice", "call-1", 1, T0);
    u.contacts.push_back(MakeContact("sip:alice@198.51.100.7:40000", 3600));
    BOOST_CHECK(loc.Apply(u, out) == LocationStatus::OK);
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    BOOST_CHECK_EQUAL(out[0].aor, "alice");
    BOOST_CHECK_EQUAL(out[0].contact_uri, "sip:alice@198.51.100.7:40000");
    BOOST_CHECK_EQUAL(out[0].expires_at, T0 + 3600);
    BOOST_CHECK_EQUAL(out[0].registered_at, T0);
    BOOST_CHECK_EQUAL(out[0].call_id, "call-1");
    BOOST_CHECK_EQUAL(out[0].cseq, 1U);
    BOOST_CHECK_EQUAL(out[0].source.ip, "198.51.100.7");
    BOOST_CHECK_EQUAL(out[0].source.port, 40000);
    BOOST_CHECK_EQUAL(out[0].user_agent, "TestPhone/1.0");
    BOOST_CHECK(!out[0].behind_nat);
    BOOST_CHECK_EQUAL(loc.BindingCount(), 1U);
    BOOST_CHECK_EQUAL(loc.AorCount(), 1U);
    BOOST_REQUIRE_EQUAL(log.events.size(), 1U);
    BOOST_CHECK(log.events[0] == std::make_pair(std::string{"alice"}, true));

    // Refresh with the same Call-ID and a higher CSeq; unknown URI parameters do not matter.
    u = MakeUpdate("alice", "call-1", 2, T0 + 100);
    u.contacts.push_back(MakeContact("sip:alice@198.51.100.7:40000;ObjectID=1", 600));
    BOOST_CHECK(loc.Apply(u, out) == LocationStatus::OK);
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    BOOST_CHECK_EQUAL(out[0].expires_at, T0 + 700);
    BOOST_CHECK_EQUAL(out[0].cseq, 2U);
    BOOST_CHECK_EQUAL(log.events.size(), 1U); // still online, no new report

    // Remove with expires 0.
    u = MakeUpdate("alice", "call-1", 3, T0 + 200);
    u.contacts.push_back(MakeContact("sip:alice@198.51.100.7:40000", 0));
    BOOST_CHECK(loc.Apply(u, out) == LocationStatus::OK);
    BOOST_CHECK(out.empty());
    BOOST_CHECK_EQUAL(loc.BindingCount(), 0U);
    BOOST_CHECK_EQUAL(loc.AorCount(), 0U);
    BOOST_REQUIRE_EQUAL(log.events.size(), 2U);
    BOOST_CHECK(log.events[1] == std::make_pair(std::string{"alice"}, false));
}

BOOST_AUTO_TEST_CASE(cseq_ordering)
{
    LocationService loc;
    std::vector<ContactBinding> out;
    auto u = MakeUpdate("alice", "call-1", 5, T0);
    u.contacts.push_back(MakeContact("sip:alice@198.51.100.7:40000", 3600));
    BOOST_CHECK(loc.Apply(u, out) == LocationStatus::OK);

    // Same Call-ID, same or lower CSeq: refused, nothing changes (also not the other contact).
    for (uint32_t cseq : {5U, 4U}) {
        auto r = MakeUpdate("alice", "call-1", cseq, T0 + 1);
        r.contacts.push_back(MakeContact("sip:alice@203.0.113.9", 3600));
        r.contacts.push_back(MakeContact("sip:alice@198.51.100.7:40000", 0));
        BOOST_CHECK(loc.Apply(r, out) == LocationStatus::OUT_OF_ORDER);
        BOOST_CHECK(out.empty());
        const auto now = loc.Lookup("alice", T0 + 1);
        BOOST_REQUIRE_EQUAL(now.size(), 1U);
        BOOST_CHECK_EQUAL(now[0].cseq, 5U);
    }
    // "*" is refused the same way.
    auto star = MakeUpdate("alice", "call-1", 5, T0 + 1);
    star.remove_all = true;
    BOOST_CHECK(loc.Apply(star, out) == LocationStatus::OUT_OF_ORDER);
    BOOST_CHECK_EQUAL(loc.BindingCount(), 1U);

    // Another Call-ID (the phone rebooted) may update with any CSeq.
    auto other = MakeUpdate("alice", "call-2", 1, T0 + 2);
    other.contacts.push_back(MakeContact("sip:alice@198.51.100.7:40000", 1800));
    BOOST_CHECK(loc.Apply(other, out) == LocationStatus::OK);
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    BOOST_CHECK_EQUAL(out[0].call_id, "call-2");
    BOOST_CHECK_EQUAL(out[0].expires_at, T0 + 2 + 1800);

    // "*" with a higher CSeq removes everything.
    star = MakeUpdate("alice", "call-2", 2, T0 + 3);
    star.remove_all = true;
    BOOST_CHECK(loc.Apply(star, out) == LocationStatus::OK);
    BOOST_CHECK(out.empty());
    BOOST_CHECK_EQUAL(loc.BindingCount(), 0U);
}

BOOST_AUTO_TEST_CASE(multiple_contacts_sorted_by_q)
{
    LocationService loc;
    std::vector<ContactBinding> out;
    auto u = MakeUpdate("bob", "c", 1, T0);
    u.contacts.push_back(MakeContact("sip:bob@192.0.2.1", 3600, 100));
    u.contacts.push_back(MakeContact("sip:bob@192.0.2.2", 3600, 900));
    u.contacts.push_back(MakeContact("sip:bob@192.0.2.3", 3600));
    BOOST_CHECK(loc.Apply(u, out) == LocationStatus::OK);
    BOOST_REQUIRE_EQUAL(out.size(), 3U);
    BOOST_CHECK_EQUAL(out[0].contact_uri, "sip:bob@192.0.2.3"); // no q counts as 1.0
    BOOST_CHECK_EQUAL(out[1].contact_uri, "sip:bob@192.0.2.2");
    BOOST_CHECK_EQUAL(out[2].contact_uri, "sip:bob@192.0.2.1");
    BOOST_CHECK(!out[0].q_milli);
    BOOST_CHECK_EQUAL(*out[1].q_milli, 900);
    BOOST_CHECK(loc.Lookup("bob", T0).size() == 3);
    BOOST_CHECK(loc.Lookup("nobody", T0).empty());
    // A contact listed twice in one request is one binding (the last one counts).
    auto d = MakeUpdate("carol", "c", 1, T0);
    d.contacts.push_back(MakeContact("sip:carol@192.0.2.1", 3600));
    d.contacts.push_back(MakeContact("sip:carol@192.0.2.1", 120));
    BOOST_CHECK(loc.Apply(d, out) == LocationStatus::OK);
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    BOOST_CHECK_EQUAL(out[0].expires_at, T0 + 120);
    const auto all = loc.List(std::nullopt, T0);
    BOOST_REQUIRE_EQUAL(all.size(), 4U);
    BOOST_CHECK_EQUAL(all[0].aor, "bob");
    BOOST_CHECK_EQUAL(all[3].aor, "carol");
    BOOST_CHECK_EQUAL(loc.List(std::string_view{"carol"}, T0).size(), 1U);
}

BOOST_AUTO_TEST_CASE(expiry)
{
    interfaces::MemoryDirectory directory;
    LocationService loc{{}, PresenceToDirectory(directory)};
    std::vector<ContactBinding> out;
    auto u = MakeUpdate("alice", "c", 1, T0);
    u.contacts.push_back(MakeContact("sip:alice@192.0.2.1", 60));
    u.contacts.push_back(MakeContact("sip:alice@192.0.2.2", 120));
    BOOST_CHECK(loc.Apply(u, out) == LocationStatus::OK);
    auto v = MakeUpdate("bob", "c", 1, T0);
    v.contacts.push_back(MakeContact("sip:bob@192.0.2.3", 3600));
    BOOST_CHECK(loc.Apply(v, out) == LocationStatus::OK);

    BOOST_CHECK_EQUAL(loc.Lookup("alice", T0 + 60).size(), 1U); // expired ones are not returned
    BOOST_CHECK_EQUAL(loc.ExpireStale(T0 + 59), 0U);
    BOOST_CHECK_EQUAL(loc.ExpireStale(T0 + 60), 1U);
    BOOST_CHECK_EQUAL(loc.BindingCount(), 2U);
    BOOST_CHECK_EQUAL(directory.Reports().size(), 2U); // alice and bob online
    BOOST_CHECK_EQUAL(loc.ExpireStale(T0 + 120), 1U);
    const auto reports = directory.Reports();
    BOOST_REQUIRE_EQUAL(reports.size(), 3U);
    BOOST_CHECK_EQUAL(reports[2].handle, "alice");
    BOOST_CHECK(!reports[2].online);
    BOOST_CHECK_EQUAL(loc.AorCount(), 1U);
    BOOST_CHECK(loc.Lookup("alice", T0 + 120).empty());

    // An AOR whose only binding lapsed and is re-registered before the sweep stays online:
    // no offline/online flap is reported.
    auto w = MakeUpdate("bob", "c2", 1, T0 + 4000);
    w.contacts.push_back(MakeContact("sip:bob@192.0.2.4", 3600));
    BOOST_CHECK(loc.Apply(w, out) == LocationStatus::OK);
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    BOOST_CHECK_EQUAL(out[0].contact_uri, "sip:bob@192.0.2.4");
    BOOST_CHECK_EQUAL(directory.Reports().size(), 3U);
    BOOST_CHECK_EQUAL(loc.BindingCount(), 1U);
}

BOOST_AUTO_TEST_CASE(sweep_skips_nothing_due)
{
    // Sweeps skip shards by their next expiry; a later, shorter registration must lower it.
    LocationService loc;
    std::vector<ContactBinding> out;
    auto a = MakeUpdate("alice", "c", 1, T0);
    a.contacts.push_back(MakeContact("sip:alice@192.0.2.1", 100));
    BOOST_CHECK(loc.Apply(a, out) == LocationStatus::OK);
    BOOST_CHECK_EQUAL(loc.ExpireStale(T0 + 50), 0U);
    auto b = MakeUpdate("alice", "c", 2, T0 + 50);
    b.contacts.push_back(MakeContact("sip:alice@192.0.2.2", 10));
    BOOST_CHECK(loc.Apply(b, out) == LocationStatus::OK);
    BOOST_CHECK_EQUAL(loc.ExpireStale(T0 + 60), 1U);
    BOOST_CHECK_EQUAL(loc.ExpireStale(T0 + 99), 0U);
    BOOST_CHECK_EQUAL(loc.ExpireStale(T0 + 100), 1U);
    BOOST_CHECK_EQUAL(loc.BindingCount(), 0U);
    BOOST_CHECK_EQUAL(loc.AorCount(), 0U);
}

BOOST_AUTO_TEST_CASE(instance_and_reg_id)
{
    LocationService loc;
    std::vector<ContactBinding> out;
    const std::string inst = "\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\"";
    auto u = MakeUpdate("alice", "c1", 1, T0);
    auto c = MakeContact("sip:alice@192.0.2.1:5060;transport=tcp", 3600);
    c.instance = inst;
    c.reg_id = 1;
    u.contacts.push_back(c);
    BOOST_CHECK(loc.Apply(u, out) == LocationStatus::OK);
    // Same instance and reg-id from a new address (new flow) replaces the binding.
    auto v = MakeUpdate("alice", "c2", 1, T0 + 10);
    auto c2 = MakeContact("sip:alice@192.0.2.99:6000;transport=tcp", 3600);
    c2.instance = inst;
    c2.reg_id = 1;
    v.contacts.push_back(c2);
    BOOST_CHECK(loc.Apply(v, out) == LocationStatus::OK);
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    BOOST_CHECK_EQUAL(out[0].contact_uri, "sip:alice@192.0.2.99:6000;transport=tcp");
    BOOST_CHECK_EQUAL(out[0].instance, inst);
    BOOST_CHECK_EQUAL(out[0].reg_id, 1U);
    // A second flow (reg-id 2) of the same instance is a second binding.
    auto w = MakeUpdate("alice", "c2", 2, T0 + 20);
    auto c3 = MakeContact("sip:alice@192.0.2.99:6001;transport=tcp", 3600);
    c3.instance = inst;
    c3.reg_id = 2;
    w.contacts.push_back(c3);
    BOOST_CHECK(loc.Apply(w, out) == LocationStatus::OK);
    BOOST_CHECK_EQUAL(out.size(), 2U);
}

BOOST_AUTO_TEST_CASE(nat_detection)
{
    LocationService loc;
    std::vector<ContactBinding> out;
    auto u = MakeUpdate("alice", "c", 1, T0);
    u.source = RegistrationSource{"203.0.113.5", 61000, Transport::TCP, 77};
    u.contacts.push_back(MakeContact("sip:alice@10.0.0.2:5060;transport=tcp", 3600));
    BOOST_CHECK(loc.Apply(u, out) == LocationStatus::OK);
    BOOST_REQUIRE_EQUAL(out.size(), 1U);
    BOOST_CHECK(out[0].behind_nat);
    BOOST_CHECK_EQUAL(out[0].source.ip, "203.0.113.5");
    BOOST_CHECK_EQUAL(out[0].source.port, 61000);
    BOOST_CHECK(out[0].source.transport == Transport::TCP);
    BOOST_CHECK_EQUAL(out[0].source.connection_id, 77U);
    // Default port 5060 matches a source port 5060.
    auto v = MakeUpdate("bob", "c", 1, T0);
    v.source = RegistrationSource{"203.0.113.6", 5060, Transport::UDP, 0};
    v.contacts.push_back(MakeContact("sip:bob@203.0.113.6", 3600));
    BOOST_CHECK(loc.Apply(v, out) == LocationStatus::OK);
    BOOST_CHECK(!out[0].behind_nat);
}

BOOST_AUTO_TEST_CASE(per_aor_limit_evicts_oldest)
{
    LocationLimits limits;
    limits.max_contacts_per_aor = 3;
    LocationService loc{limits};
    std::vector<ContactBinding> out;
    for (int i = 0; i < 5; ++i) {
        const std::string call_id = "call-" + std::to_string(i); // RegisterUpdate holds views
        auto u = MakeUpdate("alice", call_id, 1, T0 + i);
        const std::string uri = "sip:alice@192.0.2." + std::to_string(i + 1);
        u.contacts.push_back(MakeContact(uri, 3600));
        BOOST_CHECK(loc.Apply(u, out) == LocationStatus::OK);
        BOOST_CHECK_EQUAL(out.size(), std::min(i + 1, 3));
    }
    BOOST_CHECK_EQUAL(loc.BindingCount(), 3U);
    const auto now = loc.Lookup("alice", T0 + 5);
    BOOST_REQUIRE_EQUAL(now.size(), 3U);
    BOOST_CHECK_EQUAL(now[0].contact_uri, "sip:alice@192.0.2.5"); // newest first
    BOOST_CHECK_EQUAL(now[2].contact_uri, "sip:alice@192.0.2.3"); // .1 and .2 evicted

    // One request with more contacts than allowed is refused as a whole.
    auto big = MakeUpdate("bob", "c", 1, T0);
    std::vector<std::string> uris;
    for (int i = 0; i < 4; ++i) uris.push_back("sip:bob@192.0.2." + std::to_string(i + 1));
    for (const auto& uri : uris) big.contacts.push_back(MakeContact(uri, 3600));
    BOOST_CHECK(loc.Apply(big, out) == LocationStatus::TOO_MANY_CONTACTS);
    BOOST_CHECK(loc.Lookup("bob", T0).empty());
}

BOOST_AUTO_TEST_CASE(total_limit)
{
    LocationLimits limits;
    limits.max_total_bindings = 2;
    PresenceLog log;
    LocationService loc{limits, log.Callback()};
    std::vector<ContactBinding> out;
    for (const char* aor : {"alice", "bob"}) {
        auto u = MakeUpdate(aor, "c", 1, T0);
        u.contacts.push_back(MakeContact("sip:x@192.0.2.1", 3600));
        BOOST_CHECK(loc.Apply(u, out) == LocationStatus::OK);
    }
    auto u = MakeUpdate("carol", "c", 1, T0);
    u.contacts.push_back(MakeContact("sip:carol@192.0.2.1", 3600));
    BOOST_CHECK(loc.Apply(u, out) == LocationStatus::TABLE_FULL);
    BOOST_CHECK_EQUAL(loc.BindingCount(), 2U);
    BOOST_CHECK_EQUAL(loc.AorCount(), 2U);
    BOOST_CHECK_EQUAL(log.events.size(), 2U); // carol never came online
    // A refresh of an existing binding still works when full.
    auto r = MakeUpdate("alice", "c", 2, T0 + 1);
    r.contacts.push_back(MakeContact("sip:x@192.0.2.1", 3600));
    BOOST_CHECK(loc.Apply(r, out) == LocationStatus::OK);
    // Freeing one makes room.
    BOOST_CHECK_EQUAL(loc.RemoveAor("bob"), 1U);
    BOOST_CHECK(loc.Apply(u, out) == LocationStatus::OK);
    BOOST_CHECK_EQUAL(loc.BindingCount(), 2U);
}

BOOST_AUTO_TEST_CASE(contact_key_equality)
{
    BOOST_CHECK_EQUAL(ContactKey("sip:alice@EXAMPLE.com"), ContactKey("SIP:alice@example.COM"));
    BOOST_CHECK(ContactKey("sip:alice@example.com") != ContactKey("sip:ALICE@example.com"));
    BOOST_CHECK(ContactKey("sip:alice@example.com") != ContactKey("sip:alice@example.com:5060"));
    BOOST_CHECK_EQUAL(ContactKey("sip:%61lice@example.com"), ContactKey("sip:alice@example.com"));
    BOOST_CHECK(ContactKey("sip:alice@example.com;transport=tcp") != ContactKey("sip:alice@example.com"));
    BOOST_CHECK_EQUAL(ContactKey("sip:alice@example.com;transport=TCP;ob"),
                      ContactKey("sip:alice@example.com;ob;transport=tcp"));
    BOOST_CHECK(ContactKey("sips:alice@example.com") != ContactKey("sip:alice@example.com"));
}

BOOST_AUTO_TEST_CASE(concurrent_updates_keep_counts)
{
    LocationService loc;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&loc, t] {
            std::vector<ContactBinding> out;
            for (int i = 0; i < 500; ++i) {
                const std::string aor = "user" + std::to_string(t) + "x" + std::to_string(i);
                auto u = MakeUpdate(aor, "c", 1, T0);
                u.contacts.push_back(MakeContact("sip:u@192.0.2.1", 60 + i % 3));
                (void)loc.Apply(u, out);
            }
        });
    }
    for (auto& th : threads) th.join();
    BOOST_CHECK_EQUAL(loc.BindingCount(), 2000U);
    BOOST_CHECK_EQUAL(loc.AorCount(), 2000U);
    BOOST_CHECK_EQUAL(loc.ExpireStale(T0 + 61), 1336U); // expires 60 and 61
    BOOST_CHECK_EQUAL(loc.BindingCount(), 664U);
}

BOOST_AUTO_TEST_SUITE_END()
