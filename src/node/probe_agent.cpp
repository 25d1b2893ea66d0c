// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/probe_agent.h>

#include <consensus/params.h>
#include <consensus/registry_epochs.h>
#include <consensus/registry_state.h>
#include <crypto/key.h>
#include <crypto/random.h>
#include <interfaces/chain.h>
#include <sip/router/probe_sender.h>
#include <sip/transport/address.h>
#include <util/args.h>
#include <util/logging.h>
#include <util/strencodings.h>
#include <util/time.h>
#include <wallet/context.h>
#include <wallet/wallet.h>

#include <algorithm>
#include <chrono>

#include <netdb.h>
#include <sys/socket.h>

namespace node {

namespace {

constexpr int64_t MAX_JITTER = 86400;

std::string Hex(const consensus::Key& key) { return HexStr(key); }

XOnlyPubKey ToXOnly(const consensus::Key& key) { return XOnlyPubKey{std::span<const uint8_t, 32>{key}}; }

} // namespace

std::optional<ProbePlan> ProbeEndpoint(const consensus::NodeRecord& record)
{
    for (const std::string& e : record.endpoints) {
        if (const auto route = sip::ParseProbeRoute(e)) return ProbePlan{e, route->name ? route->host : std::string{}, {}};
    }
    return std::nullopt;
}

util::Result<std::string> LookupProbeHost(const std::string& name)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM; // one entry per address
    addrinfo* results = nullptr;
    if (const int rc = ::getaddrinfo(name.c_str(), nullptr, &hints, &results); rc != 0) return util::Error{gai_strerror(rc)};
    std::optional<std::string> v4, v6;
    for (const addrinfo* ai = results; ai != nullptr; ai = ai->ai_next) {
        const auto address = sip::SockAddr::FromSockaddr(ai->ai_addr, ai->ai_addrlen);
        if (!address) continue;
        auto& slot = address->IsV6() ? v6 : v4;
        if (!slot) slot = address->IpString();
    }
    ::freeaddrinfo(results);
    if (v4) return *v4;
    if (v6) return *v6;
    return util::Error{"no address"};
}

ProbeResolver::~ProbeResolver() { Stop(); }

void ProbeResolver::Start()
{
    if (m_thread.joinable()) return;
    {
        LOCK(m_mutex);
        m_stop = false;
    }
    m_thread = std::thread([this] {
        SetThreadName("dots-proberes");
        ThreadMain();
    });
}

void ProbeResolver::Stop()
{
    {
        LOCK(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void ProbeResolver::ThreadMain()
{
    while (true) {
        {
            UniqueLock lock{m_mutex};
            m_cv.wait(lock.native(), [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return m_stop || !m_queue.empty(); });
            if (m_stop) return;
        }
        RunQueued();
    }
}

size_t ProbeResolver::RunQueued()
{
    std::vector<std::string> names;
    uint64_t generation;
    {
        LOCK(m_mutex);
        names.swap(m_queue);
        generation = m_generation;
    }
    for (const std::string& name : names) {
        {
            LOCK(m_mutex);
            if (m_stop) break; // shutting down: the rest is not looked up
        }
        util::Result<std::string> address = m_lookup(name); // outside m_mutex: may take seconds
        LOCK(m_mutex);
        if (m_generation != generation) continue; // cleared meanwhile: a new epoch looks it up again
        Entry& e = m_entries[name];
        e.result = std::move(address);
        e.since = 0;
    }
    return names.size();
}

std::optional<util::Result<std::string>> ProbeResolver::Get(const std::string& name, int64_t now)
{
    bool queued = false;
    std::optional<util::Result<std::string>> out;
    {
        LOCK(m_mutex);
        const auto [it, added] = m_entries.try_emplace(name);
        Entry& e = it->second;
        if (added || (e.result && !*e.result && e.since != 0 && now - e.since >= RETRY)) {
            e.result.reset();
            e.since = now;
            m_queue.push_back(name);
            queued = true;
        } else if (!e.result) {
            if (now - e.since >= TIMEOUT) out = util::Error{"no answer within " + std::to_string(TIMEOUT) + " s"};
        } else {
            if (!*e.result && e.since == 0) e.since = now;
            out = *e.result;
        }
    }
    if (queued) m_cv.notify_all();
    return out;
}

void ProbeResolver::Clear()
{
    LOCK(m_mutex);
    m_entries.clear();
    m_queue.clear();
    ++m_generation;
}

void AddProbeArgs(ArgsManager& args)
{
    args.AddArg("-probe", "Send availability probes for this node's wallet node keys as their drawn prober (default: 1). "
                "Incoming probes for its node keys are answered either way", ALLOW_BOOL, OptionsCategory::SIP);
    args.AddArg("-probejitter=<n>", "Spread the first probes of an epoch over <n> seconds after the epoch starts (default: 300)",
                ALLOW_INT, OptionsCategory::DEBUG_TEST);
}

util::Result<ProbeAgentOptions> GetProbeAgentOptions(const ArgsManager& args)
{
    ProbeAgentOptions o;
    o.send_probes = args.GetBoolArg("-probe", true);
    const int64_t jitter = args.GetIntArg("-probejitter", o.schedule.jitter);
    if (jitter < 0 || jitter > MAX_JITTER) return util::Error{"-probejitter must be between 0 and 86400 seconds"};
    o.schedule.jitter = jitter;
    if (!args.GetBoolArg("-dns", true)) {
        o.lookup = [](const std::string&) -> util::Result<std::string> { return util::Error{"name lookups are off (-dns=0)"}; };
    }
    return o;
}

ProbeAgent::ProbeAgent(wallet::WalletContext& wallets, ProbeAgentOptions options)
    : m_wallets{wallets}, m_options{std::move(options)}, m_resolver{m_options.lookup ? m_options.lookup : ProbeLookup{LookupProbeHost}}
{
}

ProbeAgent::~ProbeAgent() { Stop(); }

void ProbeAgent::Start()
{
    if (m_thread.joinable()) return;
    {
        LOCK(m_mutex);
        m_stop = false;
    }
    m_resolver.Start();
    m_thread = std::thread([this] {
        SetThreadName("dots-probe");
        ThreadMain();
    });
}

void ProbeAgent::Stop()
{
    {
        LOCK(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
    m_resolver.Stop();
    // Challenges the worker did not reach are refused (the SIP router is stopped: nobody hears it).
    std::vector<QueuedChallenge> left;
    {
        LOCK(m_mutex);
        left.swap(m_challenges);
        m_outcomes.clear();
    }
    for (QueuedChallenge& q : left) q.done({503, "Service Unavailable (shutting down)", std::nullopt});
}

void ProbeAgent::ThreadMain()
{
    auto next_round = std::chrono::steady_clock::now();
    while (true) {
        ServeQueued();
        if (std::chrono::steady_clock::now() >= next_round) {
            RunOnce(GetTime());
            next_round = std::chrono::steady_clock::now() + std::chrono::seconds{1};
            continue; // what the SIP thread queued during the round is served before waiting
        }
        UniqueLock lock{m_mutex};
        m_cv.wait_until(lock.native(), next_round,
                        [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return m_stop || !m_challenges.empty() || !m_outcomes.empty(); });
        if (m_stop) return;
    }
}

void ProbeAgent::ServeQueued()
{
    std::vector<QueuedChallenge> challenges;
    std::vector<QueuedOutcome> outcomes;
    {
        LOCK(m_mutex);
        challenges.swap(m_challenges);
        outcomes.swap(m_outcomes);
    }
    for (const QueuedOutcome& o : outcomes) RecordOutcome(o);
    for (QueuedChallenge& q : challenges) q.done(AnswerNow(q.challenge, q.peer));
}

void ProbeAgent::RunOnce(int64_t now)
{
    interfaces::Chain* chain = m_wallets.Chain();
    if (!chain || chain->IsInitialBlockDownload()) return;
    Refresh(*chain, now);
    SubmitReceipts(*chain);
}

void ProbeAgent::Refresh(interfaces::Chain& chain, int64_t now)
{
    const auto tip = chain.Tip();
    if (!tip) return;
    const consensus::RegistryParams& params = chain.Params().registry;
    const auto epoch = static_cast<uint32_t>(consensus::ProbeEpochOf(tip->height, params));
    std::vector<std::pair<consensus::Key, std::shared_ptr<wallet::Wallet>>> keys;
    for (const auto& w : m_wallets.GetWallets()) {
        for (const wallet::WalletNode& n : w->ListNodes()) {
            consensus::Key k;
            std::copy(n.key.bytes().begin(), n.key.bytes().end(), k.begin());
            keys.emplace_back(k, w);
        }
    }
    std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<consensus::Key> key_list;
    for (const auto& [k, w] : keys) key_list.push_back(k);
    bool same_view = false; // the same epoch and keys: rebuilt only if a wallet that could not sign is unlocked now
    {
        std::vector<std::shared_ptr<wallet::Wallet>> locked;
        {
            LOCK(m_mutex);
            if (m_view && m_view->epoch == epoch && m_view->our_keys == key_list) {
                m_view->tip = tip->height;
                locked = m_view->locked;
                same_view = true;
            }
        }
        // Outside m_mutex: IsLocked takes the wallet's lock.
        if (same_view && std::all_of(locked.begin(), locked.end(), [](const auto& w) { return w->IsLocked(); })) return;
    }
    std::vector<ProbePlan> plans;
    EpochView view = BuildView(chain, epoch, tip->height, std::move(keys), plans);
    if (!m_options.send_probes) plans.clear();
    LOCK(m_mutex);
    if (same_view && m_schedule.Epoch() == epoch) {
        // Keep the state of the probes already scheduled; add those the locked wallet could not sign.
        const size_t added = m_schedule.Add(std::move(plans), now, [](uint64_t n) { return GetRandRange(n); });
        LogInfo("probe epoch %u: a wallet was unlocked; %u more probe(s) to send", epoch, (unsigned)added);
    } else {
        LogInfo("probe epoch %u: %u of our node key(s) are targets, %u probe(s) to send%s", epoch, (unsigned)view.targets.size(),
                (unsigned)plans.size(), m_options.send_probes ? "" : " (-probe=0: none sent)");
        m_schedule.Reset(epoch, std::move(plans), now, m_options.schedule, [](uint64_t n) { return GetRandRange(n); });
        m_resolver.Clear(); // names are looked up once per epoch
    }
    // Look the endpoints' names up now: the first attempts are spread over -probejitter.
    for (const ProbeSchedule::Entry& e : m_schedule.Entries()) {
        if (!e.plan.lookup.empty()) (void)m_resolver.Get(e.plan.lookup, now);
    }
    m_view = std::move(view);
}

ProbeAgent::EpochView ProbeAgent::BuildView(interfaces::Chain& chain, uint32_t epoch, int32_t tip,
                                            std::vector<std::pair<consensus::Key, std::shared_ptr<wallet::Wallet>>> keys,
                                            std::vector<ProbePlan>& plans)
{
    const consensus::ConsensusParams& consensus = chain.Params();
    EpochView view;
    view.epoch = epoch;
    view.tip = tip;
    view.genesis = consensus.genesis_hash;
    for (const auto& [k, w] : keys) view.our_keys.push_back(k);
    if (epoch == 0) return view;
    const auto seed_block = chain.BlockAt(static_cast<int32_t>(consensus::SeedHeight(epoch, consensus.registry)));
    std::optional<consensus::ProbeSet> set;
    chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t) { set = consensus::LoadFrozenSet(store, epoch); });
    if (!set || !seed_block) return view;
    const std::map<consensus::Key, std::shared_ptr<wallet::Wallet>> ours(keys.begin(), keys.end());
    // Every target's draw (n draws of probe_count): our keys as targets and as probers.
    std::vector<std::pair<size_t, consensus::Key>> to_probe; // (target index, our prober)
    for (size_t t = 0; t < set->size(); ++t) {
        const consensus::Key& target = set->Node(t).node;
        std::vector<consensus::Key> drawn = consensus::DrawProberKeys(*set, seed_block->hash, t, consensus.registry.probe_count);
        for (const consensus::Key& prober : drawn) {
            if (ours.count(prober)) to_probe.emplace_back(t, prober);
        }
        if (const auto it = ours.find(target); it != ours.end()) {
            ProbeTargetView& our = view.targets[target];
            our.wallet = it->second;
            our.probers = std::move(drawn);
            // Receipts kept before (this epoch, before a restart or a rebuild): a repeat is not written again.
            for (const consensus::ProbeReceipt& r : our.wallet->ProbeReceiptsOf(ToXOnly(target), epoch)) {
                if (r.index < consensus::ReceiptMask::WIDTH) our.kept |= static_cast<uint16_t>(1U << r.index);
            }
        }
    }
    std::map<consensus::Key, std::optional<ProbePlan>> endpoints;
    chain.ReadRegistry([&](const consensus::RecordStore& store, int32_t) {
        for (const auto& [t, prober] : to_probe) {
            const consensus::Key& target = set->Node(t).node;
            if (endpoints.count(target)) continue;
            const auto record = consensus::ReadNode(store, target);
            endpoints[target] = record ? ProbeEndpoint(*record) : std::nullopt;
        }
    });
    std::map<std::shared_ptr<wallet::Wallet>, std::pair<size_t, std::string>> unsigned_by_wallet; // count, first reason
    for (const auto& [t, prober] : to_probe) {
        const consensus::Key& target = set->Node(t).node;
        const auto& endpoint = endpoints[target];
        if (!endpoint) {
            LogInfo("probe epoch %u: target %s has no endpoint this node probes (sip: or sips: over UDP, TCP or TLS; WebSocket "
                    "endpoints are not probed); not probed", epoch, Hex(target).c_str());
            continue;
        }
        const std::shared_ptr<wallet::Wallet>& w = ours.at(prober);
        auto secret = w->GetSecret(ToXOnly(prober));
        const CKey* key = std::get_if<CKey>(&secret);
        const auto sig = key ? key->Sign(consensus::ProbeChallengeMessage(target, prober, epoch, view.genesis).span()) : std::nullopt;
        if (!sig) {
            auto& [count, reason] = unsigned_by_wallet[w];
            if (count++ == 0) reason = key ? "signing failed" : std::get<wallet::WalletFailure>(secret).message;
            continue;
        }
        plans.push_back({endpoint->request_uri, endpoint->lookup, interfaces::ProbeChallenge{epoch, target, prober, *sig}});
    }
    // One line per wallet, once: the view is rebuilt only when the epoch or the keys change or the
    // wallet is unlocked.
    for (const auto& [w, failed] : unsigned_by_wallet) {
        LogWarning("probe epoch %u: wallet \"%s\" cannot sign %u challenge(s) of its node keys (%s); they are sent once it is unlocked",
                   epoch, w->Name().c_str(), (unsigned)failed.first, failed.second.c_str());
        view.locked.push_back(w);
    }
    return view;
}

ProbeCheck CheckProbeChallenge(const interfaces::ProbeChallenge& c, uint32_t epoch, const uint256& genesis,
                               const std::map<consensus::Key, ProbeTargetView>& targets)
{
    const auto refuse = [](uint16_t code, std::string reason) { return ProbeCheck{{code, std::move(reason), std::nullopt}}; };
    if (epoch == 0) return refuse(503, "Service Unavailable (probe epoch not known yet)");
    if (c.epoch != epoch) {
        // The prober's tip may be a block ahead of or behind ours across an epoch boundary: it
        // retries after its backoff, by when one of us has caught up.
        if (c.epoch == epoch + 1 || c.epoch + 1 == epoch) return refuse(503, "Service Unavailable (probe epoch changing)");
        return refuse(403, "Forbidden (probe epoch " + std::to_string(c.epoch) + " is not current)");
    }
    const auto it = targets.find(c.target);
    if (it == targets.end()) return refuse(404, "Not Found (not a probe target of this node)");
    const auto pos = std::find(it->second.probers.begin(), it->second.probers.end(), c.prober);
    if (pos == it->second.probers.end()) return refuse(403, "Forbidden (not a drawn prober of this target)");
    if (!ToXOnly(c.prober).Verify(consensus::ProbeChallengeMessage(c.target, c.prober, c.epoch, genesis).span(), c.sig)) {
        return refuse(403, "Forbidden (bad probe signature)");
    }
    const auto index = static_cast<uint8_t>(pos - it->second.probers.begin());
    return ProbeCheck{{200, "OK", std::nullopt}, index, index < consensus::ReceiptMask::WIDTH && (it->second.kept >> index & 1) != 0};
}

ProbeCheck ProbeAgent::Check(const interfaces::ProbeChallenge& c, ProbeTargetView& target, uint256& genesis)
{
    static const std::map<consensus::Key, ProbeTargetView> NONE;
    LOCK(m_mutex);
    ProbeCheck check = m_view ? CheckProbeChallenge(c, m_view->epoch, m_view->genesis, m_view->targets) : CheckProbeChallenge(c, 0, {}, NONE);
    if (check.verdict.code == 200) {
        target = m_view->targets.at(c.target);
        genesis = m_view->genesis;
    }
    return check;
}

void ProbeAgent::Answer(const interfaces::ProbeChallenge& c, std::string_view peer, interfaces::ProbeAnswerCallback done)
{
    const char* refused = nullptr;
    {
        LOCK(m_mutex);
        if (m_stop) {
            refused = "Service Unavailable (shutting down)";
        } else if (m_challenges.size() >= MAX_QUEUED) {
            refused = "Service Unavailable (too many probes waiting)";
        } else {
            m_challenges.push_back({c, std::string{peer}, std::move(done)});
        }
    }
    if (refused) {
        LogDebug(BCLog::SIP, "probe of %s by %s (epoch %u) from %s: 503 %s", Hex(c.target).c_str(), Hex(c.prober).c_str(), c.epoch,
                 std::string{peer}.c_str(), refused);
        done({503, refused, std::nullopt});
        return;
    }
    m_cv.notify_all();
}

interfaces::ProbeVerdict ProbeAgent::AnswerNow(const interfaces::ProbeChallenge& c, std::string_view peer)
{
    ProbeTargetView target;
    uint256 genesis;
    const ProbeCheck check = Check(c, target, genesis);
    if (check.verdict.code != 200) {
        LogDebug(BCLog::SIP, "probe of %s by %s (epoch %u) from %s: %u %s", Hex(c.target).c_str(), Hex(c.prober).c_str(), c.epoch,
                 std::string{peer}.c_str(), check.verdict.code, check.verdict.reason.c_str());
        return check.verdict;
    }
    const uint8_t index = check.index;
    auto secret = target.wallet->GetSecret(ToXOnly(c.target));
    const CKey* key = std::get_if<CKey>(&secret);
    const auto answer = key ? key->Sign(consensus::ProbeAnswerMessage(c.target, c.prober, c.epoch, c.sig, genesis).span()) : std::nullopt;
    if (!answer) {
        LogWarning("probe of %s by %s from %s: cannot sign the answer (%s)", Hex(c.target).c_str(), Hex(c.prober).c_str(),
                   std::string{peer}.c_str(), key ? "signing failed" : std::get<wallet::WalletFailure>(secret).message.c_str());
        return {503, "Service Unavailable (node key locked)", std::nullopt};
    }
    if (check.repeat) {
        // The prober lost our answer, or someone replays a challenge it saw: the receipt is on disk
        // already; the answer is signed again, nothing is written.
        LogDebug(BCLog::SIP, "probe of %s by %s (epoch %u) from %s: repeated; answered again", Hex(c.target).c_str(), Hex(c.prober).c_str(),
                 c.epoch, std::string{peer}.c_str());
        return {200, "OK", *answer};
    }
    // The receipt is on disk before the prober learns it was accepted.
    if (auto stored = target.wallet->AddProbeReceipt(ToXOnly(c.target), c.epoch, consensus::ProbeReceipt{index, c.sig}); !stored) {
        LogError("probe of %s by %s: cannot store the receipt: %s", Hex(c.target).c_str(), Hex(c.prober).c_str(), stored.error().c_str());
        return {500, "Server Internal Error (receipt not stored)", std::nullopt};
    }
    MarkKept(c, index);
    LogInfo("probe receipt kept: target %s prober %s (index %u, epoch %u) from %s", Hex(c.target).c_str(), Hex(c.prober).c_str(),
            index, c.epoch, std::string{peer}.c_str());
    return {200, "OK", *answer};
}

void ProbeAgent::MarkKept(const interfaces::ProbeChallenge& c, uint8_t index)
{
    LOCK(m_mutex);
    if (!m_view || m_view->epoch != c.epoch || index >= consensus::ReceiptMask::WIDTH) return;
    if (const auto it = m_view->targets.find(c.target); it != m_view->targets.end()) it->second.kept |= static_cast<uint16_t>(1U << index);
}

std::vector<interfaces::ProbeTask> ProbeAgent::DueProbes(int64_t now, size_t max)
{
    std::vector<interfaces::ProbeTask> out;
    bool failed = false;
    {
        LOCK(m_mutex);
        // Lookup results of the probes handed out; the resolver's lock is taken under m_mutex only.
        std::map<std::string, util::Result<std::string>> looked_up;
        auto due = m_schedule.Due(now, max, [&](const ProbePlan& plan) {
            if (plan.lookup.empty()) return true;
            auto result = m_resolver.Get(plan.lookup, now);
            if (!result) return false; // still being looked up: the probe waits
            looked_up.insert_or_assign(plan.lookup, std::move(*result));
            return true;
        });
        for (interfaces::ProbeTask& task : due) {
            const ProbeSchedule::Entry* e = m_schedule.InFlight(task.id);
            if (!e || e->plan.lookup.empty()) {
                out.push_back(std::move(task));
                continue;
            }
            const util::Result<std::string>& address = looked_up.at(e->plan.lookup);
            if (!address) {
                // The worker records it like any failed attempt: logged with the endpoint, retried.
                m_outcomes.push_back({task.id, std::nullopt, "cannot look up " + e->plan.lookup + ": " + address.error(), now});
                failed = true;
                continue;
            }
            task.address = *address;
            out.push_back(std::move(task));
        }
    }
    if (failed) m_cv.notify_all();
    return out;
}

void ProbeAgent::ProbeDone(uint64_t id, const std::optional<interfaces::ProbeSig>& answer, std::string_view detail, int64_t now)
{
    {
        LOCK(m_mutex);
        // At most one outcome per probe in flight, and the schedule bounds those: no cap needed.
        m_outcomes.push_back({id, answer, std::string{detail}, now});
    }
    m_cv.notify_all();
}

void ProbeAgent::RecordOutcome(const QueuedOutcome& o)
{
    // The challenge and the genesis hash are copied out: the signature is checked outside m_mutex.
    std::optional<std::pair<interfaces::ProbeChallenge, uint256>> sent;
    {
        LOCK(m_mutex);
        if (!m_view) return;
        if (const ProbeSchedule::Entry* e = m_schedule.InFlight(o.id); e && o.answer) sent.emplace(e->plan.challenge, m_view->genesis);
    }
    bool valid = false;
    std::string why{o.detail};
    if (sent) {
        const auto& [c, genesis] = *sent;
        valid = ToXOnly(c.target).Verify(consensus::ProbeAnswerMessage(c.target, c.prober, c.epoch, c.sig, genesis).span(), *o.answer);
        if (!valid) why = "answer signature invalid";
    }
    LOCK(m_mutex);
    if (!m_view) return;
    const int64_t now = o.now;
    const ProbeSchedule::Entry* e = m_schedule.Done(o.id, valid, now);
    if (!e) return;
    const interfaces::ProbeChallenge& c = e->plan.challenge;
    if (e->state == ProbeSchedule::State::ANSWERED) {
        LogInfo("probe of target %s by %s (epoch %u) at %s: answered", Hex(c.target).c_str(), Hex(c.prober).c_str(), c.epoch,
                e->plan.request_uri.c_str());
    } else if (e->state == ProbeSchedule::State::GAVE_UP) {
        LogInfo("probe of target %s by %s (epoch %u) at %s: %s; gave up after %d attempts", Hex(c.target).c_str(), Hex(c.prober).c_str(),
                c.epoch, e->plan.request_uri.c_str(), why.c_str(), e->attempts);
    } else {
        LogInfo("probe of target %s by %s (epoch %u) at %s: %s; retry in %lld s", Hex(c.target).c_str(), Hex(c.prober).c_str(), c.epoch,
                e->plan.request_uri.c_str(), why.c_str(), (long long)(e->next - now));
    }
}

} // namespace node
