#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Registry consensus (doc/registry.md), part 2: nodes (bonds, update, deregister, bond return in
the coinbase), call records and their rewards (pool, escrow, payout after the dispute window, pair
cap, halving), disputes (void, equivocation slashing), and reorganisations: invalidate/reconsider,
a restart, and a competing chain from a second node must restore the registry state exactly."""

from test_framework.registry import (
    call_record_body,
    call_record_message,
    call_record_payload,
    call_record_payload_raw,
    dispute_equivocation_payload,
    dispute_equivocation_payload_raw,
    dispute_void_payload,
    node_deregister_payload,
    node_statement_payload,
    node_update_payload,
    NODE_OP_UPDATE,
)
from test_framework.txtools import (
    COIN,
    KIND_CALL_RECORD,
    KIND_DISPUTE,
    KIND_NODE_REGISTER,
    address_for_key,
    amount_to_units,
    lock_for_key,
    to_display,
)
from test_framework.blocktools import sha256
from test_framework.util import assert_equal, assert_raises_rpc_error

from feature_registry_handles import FEE, RPC_NOT_FOUND, K, RegistryTestBase, node_reg, pool_at, subsidy

N1, N2, N3, N4, N5 = (K(f"node {i}") for i in range(1, 6))
R1, R2, R3, R4 = (K(f"reward {i}") for i in range(1, 5))
EP1 = "sip:127.0.0.1:5064;transport=udp"
EP2 = "sip:127.0.0.1:5066;transport=tcp"
CALL = {i: sha256(b"call %d" % i) for i in range(1, 11)}
BOND5 = K("bond return 5")
RPC_INVALID_PARAMETER = -8


def units(v):
    return amount_to_units(v)


class RegistryCallsTest(RegistryTestBase):
    HANDLES = []
    NODE_KEYS = [N1, N2, N3, N4, N5]
    CALL_IDS = list(CALL.values())

    def set_test_params(self):
        self.num_nodes = 2

    def call(self, cid, orig, term, duration, anchor=None):
        anchor = anchor or self.anchor()
        return self.rtx(KIND_CALL_RECORD, call_record_payload(orig, term, self.genesis, CALL[cid], duration, anchor[0], anchor[1]))

    def void(self, key, cid):
        return self.rtx(KIND_DISPUTE, dispute_void_payload(key, self.genesis, CALL[cid]))

    def register(self, key, seq, reward, endpoints, prefixes=(), bond=COIN, locked=None):
        return self.rtx(KIND_NODE_REGISTER, node_reg(key, seq, bond, reward, endpoints, prefixes, genesis=self.genesis),
                        locked=bond if locked is None else locked)

    def getcall(self, cid):
        return self.nodes[0].getcallrecord(to_display(CALL[cid]))

    def gateway(self, target, match, keys, node=None):
        """getgateway(target) is {target, match, the getnode objects of `keys` sorted by key}."""
        node = node or self.nodes[0]
        expected_nodes = [node.getnode(k) for k in sorted(keys)]
        assert_equal(node.getgateway(target), {"target": target, "match": match, "nodes": expected_nodes})

    def run_test(self):
        node = self.nodes[0]
        self.setup_registry(node, 8)
        base = node.getblockcount()
        self.first_registry_height = base + 1
        empty_dump = self.dump()
        g = self.genesis
        n1, n2, n3, n4, n5 = (k.xonly.hex() for k in (N1, N2, N3, N4, N5))

        self.log.info("node registration: bond below the minimum, bond not paid, bad endpoint")
        self.assert_rejected(self.register(N1, 1, R1, [EP1], bond=COIN - 1), "bad-node-bond")
        self.assert_rejected(self.register(N1, 1, R1, [EP1], locked=0), "bad-txns-registry-underpaid")
        self.assert_rejected(self.register(N1, 1, R1, ["sip:127.0.0.1:5064;transport=sctp"]), "bad-registry-endpoint")
        self.assert_rejected(self.register(N1, 1, R1, [EP1], ["44"]), "bad-registry-prefix")

        self.log.info("register five nodes (N5 shares N1's reward address)")
        a = self.mine([self.register(N1, 1, R1, [EP1], ["+44"]),
                       self.register(N2, 7, R2, [EP2], ["+4420"], bond=2 * COIN),
                       self.register(N3, 1, R3, ["sip:[::1]:5070;transport=tls"]),
                       self.register(N4, 1, R4, ["sip:node4.example.com;transport=wss"]),
                       self.register(N5, 1, R1, ["sips:127.0.0.1:5071;transport=tls"], ["+4420"])])
        ha = node.getblockcount()
        self.log.info("the bonds are locked, not paid to the miner")
        assert_equal(self.coinbase(a), [self.lock_out(subsidy(ha) + 5 * FEE, self.miner_key)])
        assert_equal(node.getnode(n1), {
            "node": n1, "seq": 1, "active": True, "slashed": False, "reward_address": address_for_key(R1),
            "endpoints": [EP1], "domains": [], "prefixes": ["+44"], "bond": node.getnode(n1)["bond"],
            "registered_height": ha, "deregistered_height": None, "bond_release_height": None,
            "bond_return_address": None, "calls_paid": 0, "billable_seconds_paid": 0, "earned": node.getnode(n1)["earned"]})
        assert_equal(units(node.getnode(n1)["bond"]), COIN)
        assert_equal(units(node.getnode(n1)["earned"]), 0)
        assert_equal((node.getnode(n2)["seq"], units(node.getnode(n2)["bond"])), (7, 2 * COIN))
        assert_equal(sorted(x["node"] for x in node.listnodes()), sorted([n1, n2, n3, n4, n5]))
        self.assert_rejected(self.register(N1, 2, R1, [EP1]), "bad-node-exists")

        self.log.info("getgateway: the nodes of the longest registered prefix; unknown prefix; invalid targets")
        self.gateway("+442071234567", "+4420", [n2, n5])
        self.gateway("+4420", "+4420", [n2, n5])
        self.gateway("+441234567", "+44", [n1])
        self.gateway("+44", "+44", [n1])
        self.gateway("+33123456789", None, [])
        self.gateway("+4", None, [])
        self.gateway("node1.example.com", None, [])
        for bad in ["", "+", "44", "442071234567", "+44 20", "+44a", "+1234567890123456", "node1", "bad domain.example",
                    "-x.example.com"]:
            assert_raises_rpc_error(RPC_INVALID_PARAMETER, "Invalid target", node.getgateway, bad)
        self.log.info("invalidate/reconsider the registration block")

        def no_nodes(n):
            assert_raises_rpc_error(RPC_NOT_FOUND, "Node not found", n.getnode, n1)
            assert_equal(n.listnodes(), [])
            assert_equal(n.getgateway("+442071234567"), {"target": "+442071234567", "match": None, "nodes": []})
        self.roundtrip(a, no_nodes)

        self.log.info("node update: seq, signer, bond 0")
        eps = [EP1, "sips:node1.example.com:5061;transport=tls"]
        self.assert_rejected(self.rtx(KIND_NODE_REGISTER, node_update_payload(N1, g, 3, lock_for_key(R1), eps)), "bad-node-seq")
        self.assert_rejected(self.rtx(KIND_NODE_REGISTER, node_statement_payload(N1, g, 2, NODE_OP_UPDATE, COIN, lock_for_key(R1), eps)),
                             "bad-registry-node-fields")
        forged = node_update_payload(N2, g, 2, lock_for_key(R1), eps)
        forged = N1.xonly + forged[32:]  # N1's statement signed by N2
        self.assert_rejected(self.rtx(KIND_NODE_REGISTER, forged), "bad-node-sig")
        b = self.mine([self.rtx(KIND_NODE_REGISTER, node_update_payload(N1, g, 2, lock_for_key(R1), eps, ["node1.example.com"],
                                                                        ["+44", "+4420"]))])
        rec = node.getnode(n1)
        assert_equal((rec["seq"], rec["endpoints"], rec["domains"], rec["prefixes"], rec["active"]),
                     (2, eps, ["node1.example.com"], ["+44", "+4420"], True))
        assert_equal(units(rec["bond"]), COIN)
        self.log.info("getgateway after the update: n1 also serves +4420 and its domain")
        self.gateway("+442071234567", "+4420", [n1, n2, n5])
        self.gateway("+441234567", "+44", [n1])
        self.gateway("node1.example.com", "node1.example.com", [n1])
        self.gateway("node2.example.com", None, [])
        self.log.info("invalidate/reconsider the update block")

        def before_update(n):
            assert_equal((n.getnode(n1)["seq"], n.getnode(n1)["endpoints"]), (1, [EP1]))
            self.gateway("+442071234567", "+4420", [n2, n5], n)
            self.gateway("node1.example.com", None, [], n)
        self.roundtrip(b, before_update)
        self.gateway("+442071234567", "+4420", [n1, n2, n5])
        self.gateway("node1.example.com", "node1.example.com", [n1])

        self.log.info("deregister node 3: bond back at h + 15")
        c = self.mine([self.rtx(KIND_NODE_REGISTER, node_deregister_payload(N3, g, 2, lock_for_key(R3)))])
        d = node.getblockcount()
        rec = node.getnode(n3)
        assert_equal((rec["active"], rec["deregistered_height"], rec["bond_release_height"], rec["bond_return_address"]),
                     (False, d, d + 15, address_for_key(R3)))
        self.assert_rejected(self.rtx(KIND_NODE_REGISTER, node_update_payload(N3, g, 3, lock_for_key(R3), [EP1])), "bad-node-inactive")
        self.assert_rejected(self.register(N3, 3, R3, [EP1]), "bad-node-exists")
        self.roundtrip(c, lambda n: assert_equal(n.getnode(n3)["active"], True))

        self.log.info("call record rejections")
        self.assert_rejected(self.call(1, N1, N2, 14401), "bad-call-duration")
        self.assert_rejected(self.call(1, N1, N5, 630), "bad-call-same-reward")
        self.assert_rejected(self.call(1, N1, N3, 630), "bad-node-inactive")
        self.assert_rejected(self.call(1, N1, N1, 630), "bad-registry-call-nodes")
        old = node.getblockcount() - 20  # the next block is tip + 1: window is [tip - 19, tip]
        self.assert_rejected(self.call(1, N1, N2, 630, (old, node.getblockhash(old))), "bad-call-anchor")
        anchor = self.anchor()
        body = call_record_body(CALL[1], N1, N2, 630, *anchor)
        msg = call_record_message(body, g)
        bad_term = N2.sign(msg)
        bad_term = bad_term[:-1] + bytes([bad_term[-1] ^ 1])
        self.assert_rejected(self.rtx(KIND_CALL_RECORD, call_record_payload_raw(body, N1.sign(msg), bad_term)), "bad-call-sig")
        self.assert_rejected(self.rtx(KIND_CALL_RECORD, call_record_payload_raw(body, N2.sign(msg), N2.sign(msg))), "bad-call-sig")

        self.log.info("a 630 s call: 600 billable s = saturation, it claims the whole pool")
        x1 = self.call(1, N1, N2, 630, anchor)
        c1b = self.mine([x1])
        c1 = node.getblockcount()
        pool = pool_at(c1)
        assert_equal(pool, COIN)  # before the first halving (height 150)
        assert_equal(self.coinbase(c1b), [self.lock_out(subsidy(c1) + FEE - pool, self.miner_key)])
        rec = self.getcall(1)
        assert_equal((rec["call_id"], rec["txid"], rec["height"], rec["orig_node"], rec["term_node"], rec["duration"],
                      rec["billable_seconds"], rec["anchor_height"], rec["anchor_hash"], rec["status"], rec["payout_height"]),
                     (to_display(CALL[1]), to_display(x1.txid()), c1, n1, n2, 630, 600, anchor[0], anchor[1], "pending", c1 + 10))
        assert_equal((units(rec["orig_amount"]), units(rec["term_amount"])), (pool // 2, pool - pool // 2))
        assert_equal((rec["orig_reward_address"], rec["term_reward_address"]), (address_for_key(R1), address_for_key(R2)))
        ri = node.getrewardinfo(c1)
        assert_equal((units(ri["pool"]), units(ri["claimed"]), units(ri["unclaimed"]), ri["billable_seconds"], ri["call_records"],
                      ri["payout_height"]), (pool, pool, 0, 600, 1, c1 + 10))
        assert_equal([(p["address"], units(p["amount"])) for p in ri["payouts_pending"]],
                     [(address_for_key(R1), pool // 2), (address_for_key(R2), pool - pool // 2)])
        self.assert_rejected(self.call(1, N1, N2, 630), "bad-call-duplicate")
        self.assert_rejected(self.call(1, N2, N1, 631), "bad-call-duplicate")

        self.log.info("a 330 s call earns half the pool; a 20 s call earns nothing; void before payout")
        x2b = self.mine([self.call(2, N2, N1, 330), self.call(3, N1, N2, 20)])
        c2 = c1 + 1
        pool2 = pool_at(c2)
        assert_equal(self.coinbase(x2b), [self.lock_out(subsidy(c2) + 2 * FEE - pool2 // 2, self.miner_key)])
        assert_equal((self.getcall(2)["billable_seconds"], self.getcall(3)["billable_seconds"]), (300, 0))
        ri = node.getrewardinfo(c2)
        assert_equal((units(ri["claimed"]), units(ri["unclaimed"]), ri["billable_seconds"], ri["call_records"]),
                     (pool2 // 2, pool2 - pool2 // 2, 300, 2))
        self.assert_rejected(self.void(N4, 2), "bad-dispute-not-party")
        forged = dispute_void_payload(N1, g, CALL[1])  # signed for call 1, claimed for call 2
        self.assert_rejected(self.rtx(KIND_DISPUTE, forged[:1] + CALL[2] + forged[33:]), "bad-dispute-sig")
        self.assert_rejected(self.void(N1, 9), "bad-dispute-unknown-call")
        vb = self.mine([self.void(N1, 2)])
        assert_equal(self.getcall(2)["status"], "voided")
        assert_equal(node.getrewardinfo(c2)["payouts_pending"], [])
        self.assert_rejected(self.void(N2, 2), "bad-dispute-voided")
        self.roundtrip(vb, lambda n: assert_equal(n.getcallrecord(to_display(CALL[2]))["status"], "pending"))

        self.log.info("the payout block c1 + 10 starts with half the pool to each node's reward address")
        self.mine_to(c1 + 9)
        assert_equal(self.getcall(1)["status"], "pending")
        # What the next coinbase owes is in the template (see rpc_registry_decode.py).
        pay = node.generatetoaddress(1, self.miner_addr)[0]
        assert_equal(self.coinbase(pay), [self.lock_out(pool // 2, R1), self.lock_out(pool - pool // 2, R2),
                                          self.lock_out(subsidy(c1 + 10), self.miner_key)])
        assert_equal(self.getcall(1)["status"], "paid")
        rec = node.getnode(n1)
        assert_equal((rec["calls_paid"], rec["billable_seconds_paid"], units(rec["earned"])), (1, 600, pool // 2))
        assert_equal(units(node.getnode(n2)["earned"]), pool - pool // 2)
        assert_equal(node.getrewardinfo(c1)["payouts_pending"], [])
        self.log.info("invalidate/reconsider the payout block")
        self.roundtrip(pay, lambda n: assert_equal(n.getcallrecord(to_display(CALL[1]))["status"], "pending"))
        self.log.info("void after the payout: bad-dispute-too-late")
        self.assert_rejected(self.void(N2, 1), "bad-dispute-too-late")
        self.log.info("the voided call pays nothing at c2 + 10")
        nxt = node.generatetoaddress(1, self.miner_addr)[0]
        assert_equal(self.coinbase(nxt), [self.lock_out(subsidy(c2 + 10), self.miner_key)])
        assert_equal(self.getcall(2)["status"], "voided")
        self.log.info("a record that earned nothing cannot be voided after its dispute window either")
        self.assert_rejected(self.void(N1, 3), "bad-dispute-too-late")

        self.log.info("the bond of node 3 returns in the coinbase of block d + 15")
        self.mine_to(d + 14)
        assert_equal(units(node.getnode(n3)["bond"]), COIN)
        ret = node.generatetoaddress(1, self.miner_addr)[0]
        cb = self.coinbase(ret)
        assert_equal(cb[0], self.lock_out(COIN, R3))
        assert_equal(cb[1:], [self.lock_out(subsidy(d + 15), self.miner_key)])
        rec = node.getnode(n3)
        assert_equal((units(rec["bond"]), rec["bond_release_height"], rec["active"]), (0, None, False))
        self.roundtrip(ret, lambda n: assert_equal(n.getnode(n3)["bond_release_height"], d + 15))
        self.log.info("with its bond back the node may register again")
        self.mine([self.register(N3, 3, R3, ["sip:[::1]:5070;transport=tls"])])
        assert_equal(node.getnode(n3)["active"], True)

        self.log.info("pair cap: three 3630 s records of one pair bill 3600 + 3600 + 0")
        pb = self.mine([self.call(4, N1, N2, 3630), self.call(5, N2, N1, 3630), self.call(6, N1, N2, 3630)])
        hp = node.getblockcount()
        pp = pool_at(hp)
        assert_equal([self.getcall(i)["billable_seconds"] for i in (4, 5, 6)], [3600, 3600, 0])
        half = pp * 3600 // 7200
        assert_equal([units(self.getcall(i)["orig_amount"]) + units(self.getcall(i)["term_amount"]) for i in (4, 5, 6)], [half, half, 0])
        ri = node.getrewardinfo(hp)
        assert_equal((units(ri["claimed"]), ri["billable_seconds"], ri["call_records"]), (2 * half, 7200, 3))
        assert_equal(self.coinbase(pb), [self.lock_out(subsidy(hp) + 3 * FEE - 2 * half, self.miner_key)])

        self.log.info("equivocation: node 4 signed two bodies for one call id; it deregisters, then is slashed")
        x7_anchor = self.anchor()
        self.mine([self.call(7, N4, N2, 100, x7_anchor)])
        e0 = node.getblockcount()
        assert_equal(self.getcall(7)["billable_seconds"], 70)
        self.mine([self.rtx(KIND_NODE_REGISTER, node_deregister_payload(N4, g, 2, lock_for_key(R4)))])
        assert_equal(node.getnode(n4)["bond_release_height"], e0 + 1 + 15)
        body_a = call_record_body(CALL[7], N4, N2, 100, *x7_anchor)
        body_b = call_record_body(CALL[7], N4, N2, 200, *x7_anchor)
        self.assert_rejected(self.rtx(KIND_DISPUTE, dispute_equivocation_payload(N4, g, body_a, body_a)), "bad-registry-dispute")
        sa, sb = N2.sign(call_record_message(body_a, g)), N2.sign(call_record_message(body_b, g))
        self.assert_rejected(self.rtx(KIND_DISPUTE, dispute_equivocation_payload_raw(N4, body_a, sa, body_b, sb)), "bad-dispute-sig")
        eq = dispute_equivocation_payload(N4, g, body_a, body_b)
        self.mine([self.rtx(KIND_DISPUTE, eq)])
        rec = node.getnode(n4)
        assert_equal((rec["slashed"], rec["active"], units(rec["bond"]), rec["bond_release_height"]), (True, False, 0, None))
        assert_equal(self.getcall(7)["status"], "voided")
        self.assert_rejected(self.rtx(KIND_DISPUTE, eq), "bad-dispute-slashed")
        self.assert_rejected(self.register(N4, 3, R4, [EP1]), "bad-node-slashed")
        self.log.info("no payout for the voided call at e0 + 10, no bond return at e0 + 16")
        r4 = lock_for_key(R4)[1].hex()
        for h in range(node.getblockcount() + 1, e0 + 17 + 1):
            blk = node.generatetoaddress(1, self.miner_addr)[0]
            cb = self.coinbase(blk)
            assert all(o[2] != r4 for o in cb), f"payout to R4 at height {h}"
            if h in (e0 + 10, e0 + 16):
                assert_equal(cb, [self.lock_out(subsidy(h), self.miner_key)])
            if h == hp + 10:
                assert_equal(cb, [self.lock_out(half, R1), self.lock_out(half, R2),
                                  self.lock_out(subsidy(h), self.miner_key)])
        assert_equal(self.getcall(4)["status"], "paid")

        self.log.info("after the halving at 150 the pool is 0.5 DOTS")
        self.mine_to(max(node.getblockcount(), 149))
        hb = self.mine([self.call(8, N2, N1, 630)])
        h8 = node.getblockcount()
        assert_equal(pool_at(h8), COIN // 2)
        assert_equal(units(node.getrewardinfo(h8)["pool"]), COIN // 2)
        assert_equal(units(node.getrewardinfo(h8)["claimed"]), COIN // 2)
        assert_equal(self.coinbase(hb), [self.lock_out(subsidy(h8) + FEE - COIN // 2, self.miner_key)])
        self.mine_to(h8 + 9)
        pay8 = node.generatetoaddress(1, self.miner_addr)[0]
        assert_equal(self.coinbase(pay8)[:2], [self.lock_out(COIN // 4, R2), self.lock_out(COIN // 4, R1)])
        self.mine_empty(2)

        self.log.info("listcallrecords by height and by node")
        assert_equal([r["call_id"] for r in node.listcallrecords(c1, c2)], [to_display(CALL[i]) for i in (1, 2, 3)])
        assert_equal([r["call_id"] for r in node.listcallrecords(None, None, n4)], [to_display(CALL[7])])

        self.log.info("a void in the record's own block burns the earnings: claimed as without the void")
        hv = self.mine([self.call(9, N1, N2, 630), self.void(N1, 9)])
        h9 = node.getblockcount()
        ri = node.getrewardinfo(h9)
        assert_equal(self.getcall(9)["status"], "voided")
        assert_equal(ri["payouts_pending"], [])
        # doc/registry.md: a void never profits anybody, the miner included.
        assert_equal((units(ri["claimed"]), units(ri["unclaimed"])), (pool_at(h9), 0))
        assert_equal(self.coinbase(hv), [self.lock_out(subsidy(h9) + 2 * FEE - pool_at(h9), self.miner_key)])
        self.mine_to(h9 + 9)
        assert_equal(self.coinbase(node.generatetoaddress(1, self.miner_addr)[0]), [self.lock_out(subsidy(h9 + 10), self.miner_key)])

        self.check_reorgs(base, empty_dump)
        # Last, so that a failure here does not hide the checks above.
        self.log.info("payout order: in scheduling order, so a bond return due at H (scheduled at H - 15) "
                      "comes before the call earnings due at H (scheduled at H - 10)")
        self.gateway("+442071234567", "+4420", [n1, n2, n5])
        self.mine([self.rtx(KIND_NODE_REGISTER, node_deregister_payload(N5, g, 2, lock_for_key(BOND5)))])
        x = node.getblockcount()
        self.log.info("getgateway: the deregistered node 5 no longer serves +4420 (its record keeps the prefix)")
        assert_equal((node.getnode(n5)["active"], node.getnode(n5)["prefixes"]), (False, ["+4420"]))
        self.gateway("+442071234567", "+4420", [n1, n2])
        self.mine_to(x + 4)
        self.mine([self.call(10, N1, N2, 630)])
        p10 = pool_at(x + 5)
        self.mine_to(x + 14)
        due = [(p["address"], units(p["amount"])) for p in node.getrewardinfo(x + 5)["payouts_pending"]]
        assert_equal(due, [(address_for_key(R1), p10 // 2), (address_for_key(R2), p10 - p10 // 2)])
        cb = self.coinbase(node.generatetoaddress(1, self.miner_addr)[0])
        assert_equal(cb, [self.lock_out(COIN, BOND5), self.lock_out(p10 // 2, R1), self.lock_out(p10 - p10 // 2, R2),
                          self.lock_out(subsidy(x + 15), self.miner_key)])
        assert_equal((units(node.getnode(n5)["bond"]), self.getcall(10)["status"]), (0, "paid"))

    def check_reorgs(self, base, empty_dump):
        node, other = self.nodes
        final = self.dump()
        for needle in ['"status": "paid"', '"status": "voided"', '"slashed": true', '"calls_paid": 4', '"call_records": 3']:
            assert needle in final, needle
        self.log.info("invalidate the first registry block (height %d): state as at height %d", base + 1, base)
        first = node.getblockhash(base + 1)
        node.invalidateblock(first)
        self.assert_same_dump(empty_dump, self.dump())
        node.reconsiderblock(first)
        self.log.info("reconsider: every registry RPC result is as before")
        self.assert_same_dump(final, self.dump())
        self.log.info("a restart keeps the state identical")
        self.restart_node(0)
        self.assert_same_dump(final, self.dump())

        self.log.info("node 1 mines a longer chain without the registry txs; node 0 reorgs onto it")
        for h in range(1, base + 1):
            assert other.submitblock(node.getblock(node.getblockhash(h), 0)) in (None, "duplicate")
        assert_equal(other.getbestblockhash(), node.getblockhash(base))
        tip = node.getblockcount()
        fork = other.generatetoaddress(tip - base + 2, self.miner_addr)
        for h in fork:
            assert other.getblock(h)["height"] > base
            assert node.submitblock(other.getblock(h, 0)) in (None, "inconclusive")
        assert_equal(node.getbestblockhash(), fork[-1])
        assert_equal(node.listnodes(), [])
        assert_equal(node.listcallrecords(0, node.getblockcount()), [])
        self.assert_same_dump(self.dump(other), self.dump(node))
        self.log.info("back to the registry chain: the state is the final one again")
        node.invalidateblock(fork[0])
        self.assert_same_dump(final, self.dump())


if __name__ == "__main__":
    RegistryCallsTest().main()
