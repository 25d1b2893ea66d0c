// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

#include <node/probe_agent.h>

#include <consensus/params.h>
#include <consensus/registry_epochs.h>
#include <consensus/registry_state.h>
#include <crypto/key.h>
#include <crypto/random.h>
#include <interfaces/chain.h>
#include <util/args.h>
#include <util/logging.h>
#include <util/strencodings.h>
#include <util/time.h>
#include <wallet/context.h>
#include <wallet/wallet.h>

#include <algorithm>
#include <chrono>

namespace node {

namespace {

constexpr int64_t MAX_JITTER = 86400;
/** While a challenge could not be signed (a locked wallet), the view is rebuilt this often. */
constexpr int64_t INCOMPLETE_RETRY_SECONDS = 60;

std::string Hex(const registry::Key& key) { return HexStr(key); }

XOnlyPubKey ToXOnly(const registry::Key& key) { return XOnlyPubKey{std::span<const uint8_t, 32>{key}}; }

/** The first endpoint the SIP prober sends over (sip: with UDP or TCP, as registry endpoints are
 *  lower-case); the SIP layer checks it further (an IP literal host). */
std::optional<std::string> ProbeEndpoint(const registry::NodeRecord& record)
{
    for (const std::string& e : record.endpoints) {
        if (e.rfind("sip:", 0) != 0) continue;
        const size_t t = e.find(";transport=");
        if (t == std::string::npos || e.compare(t, 14, ";transport=udp") == 0 || e.compare(t, 14, ";transport=tcp") == 0) return e;
    }
    return std::nullopt;
}

} // namespace

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
    return o;
}

ProbeAgent::ProbeAgent(wallet::WalletContext& wallets, ProbeAgentOptions options) : m_wallets{wallets}, m_options{options} {}

ProbeAgent::~ProbeAgent() { Stop(); }

void ProbeAgent::Start()
{
    if (m_thread.joinable()) return;
    {
        LOCK(m_mutex);
        m_stop = false;
    }
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
}

void ProbeAgent::ThreadMain()
{
    while (true) {
        RunOnce(GetTime());
        UniqueLock lock{m_mutex};
        m_cv.wait_for(lock.native(), std::chrono::seconds{1}, [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return m_stop; });
        if (m_stop) return;
    }
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
    const RegistryParams& params = chain.Params().registry;
    const auto epoch = static_cast<uint32_t>(registry::ProbeEpochOf(tip->height, params));
    std::vector<std::pair<registry::Key, std::shared_ptr<wallet::Wallet>>> keys;
    for (const auto& w : m_wallets.GetWallets()) {
        for (const wallet::WalletNode& n : w->ListNodes()) {
            registry::Key k;
            std::copy(n.key.bytes().begin(), n.key.bytes().end(), k.begin());
            keys.emplace_back(k, w);
        }
    }
    std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<registry::Key> key_list;
    for (const auto& [k, w] : keys) key_list.push_back(k);
    {
        LOCK(m_mutex);
        if (m_view && m_view->epoch == epoch && m_view->our_keys == key_list &&
            (m_view->complete || now < m_view->built_at + INCOMPLETE_RETRY_SECONDS)) {
            m_view->tip = tip->height;
            return;
        }
    }
    std::vector<ProbePlan> plans;
    EpochView view = BuildView(chain, epoch, tip->height, std::move(keys), plans);
    view.built_at = now;
    LogInfo("probe epoch %u: %u of our node key(s) are targets, %u probe(s) to send%s", epoch, (unsigned)view.targets.size(),
            (unsigned)plans.size(), m_options.send_probes ? "" : " (-probe=0: none sent)");
    if (!m_options.send_probes) plans.clear();
    LOCK(m_mutex);
    m_view = std::move(view);
    m_schedule.Reset(epoch, std::move(plans), now, m_options.schedule, [](uint64_t n) { return GetRandRange(n); });
}

ProbeAgent::EpochView ProbeAgent::BuildView(interfaces::Chain& chain, uint32_t epoch, int32_t tip,
                                            std::vector<std::pair<registry::Key, std::shared_ptr<wallet::Wallet>>> keys,
                                            std::vector<ProbePlan>& plans)
{
    const ConsensusParams& consensus = chain.Params();
    EpochView view;
    view.epoch = epoch;
    view.tip = tip;
    view.genesis = consensus.genesis_hash;
    for (const auto& [k, w] : keys) view.our_keys.push_back(k);
    if (epoch == 0) return view;
    const auto seed_block = chain.BlockAt(static_cast<int32_t>(registry::SeedHeight(epoch, consensus.registry)));
    std::optional<registry::ProbeSet> set;
    chain.ReadRegistry([&](const registry::RecordStore& store, int32_t) { set = registry::LoadFrozenSet(store, epoch); });
    if (!set || !seed_block) return view;
    const std::map<registry::Key, std::shared_ptr<wallet::Wallet>> ours(keys.begin(), keys.end());
    // Every target's draw (n draws of probe_count): our keys as targets and as probers.
    std::vector<std::pair<size_t, registry::Key>> to_probe; // (target index, our prober)
    for (size_t t = 0; t < set->size(); ++t) {
        const registry::Key& target = set->Node(t).node;
        const std::vector<size_t> drawn = registry::DrawProbers(*set, seed_block->hash, t, consensus.registry.probe_count);
        if (const auto it = ours.find(target); it != ours.end()) {
            OurTarget& our = view.targets[target];
            our.wallet = it->second;
            for (size_t i : drawn) our.probers.push_back(set->Node(i).node);
        }
        for (size_t i : drawn) {
            if (ours.count(set->Node(i).node)) to_probe.emplace_back(t, set->Node(i).node);
        }
    }
    std::map<registry::Key, std::optional<std::string>> endpoints;
    chain.ReadRegistry([&](const registry::RecordStore& store, int32_t) {
        for (const auto& [t, prober] : to_probe) {
            const registry::Key& target = set->Node(t).node;
            if (endpoints.count(target)) continue;
            const auto record = registry::ReadNode(store, target);
            endpoints[target] = record ? ProbeEndpoint(*record) : std::nullopt;
        }
    });
    for (const auto& [t, prober] : to_probe) {
        const registry::Key& target = set->Node(t).node;
        const auto& endpoint = endpoints[target];
        if (!endpoint) {
            LogInfo("probe epoch %u: target %s has no sip: endpoint; not probed", epoch, Hex(target).c_str());
            continue;
        }
        auto secret = ours.at(prober)->GetSecret(ToXOnly(prober));
        const CKey* key = std::get_if<CKey>(&secret);
        const auto sig = key ? key->Sign(registry::ProbeChallengeMessage(target, prober, epoch, view.genesis).span()) : std::nullopt;
        if (!sig) {
            LogWarning("probe epoch %u: cannot sign the challenge of prober %s for target %s (%s)", epoch, Hex(prober).c_str(),
                       Hex(target).c_str(), key ? "signing failed" : std::get<wallet::WalletFailure>(secret).message.c_str());
            view.complete = false;
            continue;
        }
        plans.push_back({*endpoint, interfaces::ProbeChallenge{epoch, target, prober, *sig}});
    }
    return view;
}

interfaces::ProbeVerdict ProbeAgent::Check(const interfaces::ProbeChallenge& c, OurTarget& target, uint8_t& index)
{
    LOCK(m_mutex);
    if (!m_view || m_view->epoch == 0) return {503, "Service Unavailable (probe epoch not known yet)", std::nullopt};
    if (c.epoch != m_view->epoch) {
        // The prober's tip may be a block ahead of or behind ours across an epoch boundary: it
        // retries after its backoff, by when one of us has caught up.
        if (c.epoch == m_view->epoch + 1 || c.epoch + 1 == m_view->epoch) {
            return {503, "Service Unavailable (probe epoch changing)", std::nullopt};
        }
        return {403, "Forbidden (probe epoch " + std::to_string(c.epoch) + " is not current)", std::nullopt};
    }
    const auto it = m_view->targets.find(c.target);
    if (it == m_view->targets.end()) return {404, "Not Found (not a probe target of this node)", std::nullopt};
    const auto pos = std::find(it->second.probers.begin(), it->second.probers.end(), c.prober);
    if (pos == it->second.probers.end()) return {403, "Forbidden (not a drawn prober of this target)", std::nullopt};
    if (!ToXOnly(c.prober).Verify(registry::ProbeChallengeMessage(c.target, c.prober, c.epoch, m_view->genesis).span(), c.sig)) {
        return {403, "Forbidden (bad probe signature)", std::nullopt};
    }
    target = it->second;
    index = static_cast<uint8_t>(pos - it->second.probers.begin());
    return {200, "OK", std::nullopt};
}

interfaces::ProbeVerdict ProbeAgent::Answer(const interfaces::ProbeChallenge& c, std::string_view peer)
{
    OurTarget target;
    uint8_t index = 0;
    interfaces::ProbeVerdict verdict = Check(c, target, index);
    if (verdict.code != 200) {
        LogDebug(BCLog::SIP, "probe of %s by %s (epoch %u) from %s: %u %s", Hex(c.target).c_str(), Hex(c.prober).c_str(), c.epoch,
                 std::string{peer}.c_str(), verdict.code, verdict.reason.c_str());
        return verdict;
    }
    uint256 genesis;
    {
        LOCK(m_mutex);
        genesis = m_view->genesis;
    }
    auto secret = target.wallet->GetSecret(ToXOnly(c.target));
    const CKey* key = std::get_if<CKey>(&secret);
    const auto answer = key ? key->Sign(registry::ProbeAnswerMessage(c.target, c.prober, c.epoch, c.sig, genesis).span()) : std::nullopt;
    if (!answer) {
        LogWarning("probe of %s by %s from %s: cannot sign the answer (%s)", Hex(c.target).c_str(), Hex(c.prober).c_str(),
                   std::string{peer}.c_str(), key ? "signing failed" : std::get<wallet::WalletFailure>(secret).message.c_str());
        return {503, "Service Unavailable (node key locked)", std::nullopt};
    }
    // The receipt is on disk before the prober learns it was accepted.
    if (auto stored = target.wallet->AddProbeReceipt(ToXOnly(c.target), c.epoch, registry::ProbeReceipt{index, c.sig}); !stored) {
        LogError("probe of %s by %s: cannot store the receipt: %s", Hex(c.target).c_str(), Hex(c.prober).c_str(), stored.error().c_str());
        return {500, "Server Internal Error (receipt not stored)", std::nullopt};
    }
    LogInfo("probe receipt kept: target %s prober %s (index %u, epoch %u) from %s", Hex(c.target).c_str(), Hex(c.prober).c_str(),
            index, c.epoch, std::string{peer}.c_str());
    return {200, "OK", *answer};
}

std::vector<interfaces::ProbeTask> ProbeAgent::DueProbes(int64_t now, size_t max)
{
    LOCK(m_mutex);
    return m_schedule.Due(now, max);
}

void ProbeAgent::ProbeDone(uint64_t id, const std::optional<interfaces::ProbeSig>& answer, std::string_view detail, int64_t now)
{
    LOCK(m_mutex);
    if (!m_view) return;
    bool valid = false;
    std::string why{detail};
    if (const ProbeSchedule::Entry* sent = m_schedule.InFlight(id); sent && answer) {
        const interfaces::ProbeChallenge& c = sent->plan.challenge;
        valid = ToXOnly(c.target).Verify(registry::ProbeAnswerMessage(c.target, c.prober, c.epoch, c.sig, m_view->genesis).span(), *answer);
        if (!valid) why = "answer signature invalid";
    }
    const ProbeSchedule::Entry* e = m_schedule.Done(id, valid, now);
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
