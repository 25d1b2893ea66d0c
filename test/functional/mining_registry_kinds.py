#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Every registry kind goes through the mempool into a mined block: node registration, handle
commitment, reveal and update, presence proof, call record and dispute are each sent with
sendrawtransaction, shown by getrawmempool and getblocktemplate (with their kind), and mined by
generatetoaddress (a template from the pool, not generateblock's given list); the registry
RPCs then show their effect."""

from feature_registry_handles import N1, N2, OWNER_A, R1, R2, SALT, RegistryTestBase, node_reg
from test_framework.blocktools import sha256
from test_framework.registry import (
    call_record_payload,
    dispute_void_payload,
    handle_commit_payload,
    handle_commitment,
    handle_fee,
    handle_register_payload,
    handle_update_payload,
    presence_payload,
)
from test_framework.txtools import (
    COIN,
    KIND_CALL_RECORD,
    KIND_DISPUTE,
    KIND_HANDLE_COMMIT,
    KIND_HANDLE_REGISTER,
    KIND_HANDLE_UPDATE,
    KIND_NODE_REGISTER,
    KIND_PRESENCE_PROOF,
    Utxo,
    address_for_key,
    to_display,
)
from test_framework.util import assert_equal

CALL_ID = sha256(b"mining_registry_kinds call")


class MiningRegistryKindsTest(RegistryTestBase):
    HANDLES = ["alice"]
    NODE_KEYS = [N1, N2]
    CALL_IDS = [CALL_ID]

    def set_test_params(self):
        self.num_nodes = 1

    def mine_from_pool(self, txs, kinds):
        """Sends `txs` to the mempool, checks the template lists them with `kinds`, mines one
        block with generatetoaddress and checks it holds them all and leaves the pool empty."""
        node = self.nodes[0]
        txids = [to_display(tx.txid()) for tx in txs]
        for tx, txid in zip(txs, txids):
            assert_equal(node.sendrawtransaction(tx.serialize().hex()), txid)
        assert_equal(sorted(node.getrawmempool()), sorted(txids))
        listed = {t["txid"]: t["kind"] for t in node.getblocktemplate()["transactions"]}
        assert_equal(listed, dict(zip(txids, kinds)))
        blockhash = node.generatetoaddress(1, self.miner_addr)[0]
        assert_equal(sorted(node.getblock(blockhash)["tx"][1:]), sorted(txids))
        assert_equal(node.getrawmempool(), [])
        for tx in txs:
            self.coins.append(Utxo(tx.txid(), 0, tx.vout[0][0], tx.vout[0][1], tx.vout[0][2]))
        return blockhash

    def run_test(self):
        node = self.nodes[0]
        self.setup_registry(node, 10)
        g = self.genesis

        self.log.info("node registrations (bonds locked) from the pool")
        self.mine_from_pool([
            self.rtx(KIND_NODE_REGISTER, node_reg(N1, 1, COIN, R1, ["sip:127.0.0.1:5064;transport=udp"], genesis=g), locked=COIN),
            self.rtx(KIND_NODE_REGISTER, node_reg(N2, 1, COIN, R2, ["sip:127.0.0.1:5066;transport=tcp"], genesis=g), locked=COIN),
        ], ["node_register"] * 2)
        assert_equal(sorted(n["node"] for n in node.listnodes()), sorted([N1.xonly.hex(), N2.xonly.hex()]))

        self.log.info("a handle commitment, then (once mature) its reveal")
        self.mine_from_pool([self.rtx(KIND_HANDLE_COMMIT, handle_commit_payload(handle_commitment("alice", SALT["alice"], OWNER_A)))],
                            ["handle_commit"])
        self.mine_empty(1)
        self.mine_from_pool([self.rtx(KIND_HANDLE_REGISTER, handle_register_payload("alice", SALT["alice"], OWNER_A),
                                      locked=handle_fee("alice"))], ["handle_register"])
        assert_equal(node.gethandle("alice")["owner"], address_for_key(OWNER_A))

        self.log.info("a handle update (home node)")
        self.mine_from_pool([self.rtx(KIND_HANDLE_UPDATE, handle_update_payload(OWNER_A, g, "alice", 1, home=N1.xonly))],
                            ["handle_update"])
        assert_equal(node.gethandle("alice")["home_node"], N1.xonly.hex())

        self.log.info("a presence proof of the home node")
        anchor = self.anchor()
        self.mine_from_pool([self.rtx(KIND_PRESENCE_PROOF, presence_payload(N1, g, "alice", anchor[0], anchor[1]))],
                            ["presence_proof"])
        presence = node.getpresence("alice")
        assert_equal((presence["current_node"], presence["online"]), (N1.xonly.hex(), True))

        self.log.info("a call record between the two nodes, then a dispute voiding it")
        anchor = self.anchor()
        self.mine_from_pool([self.rtx(KIND_CALL_RECORD, call_record_payload(N1, N2, g, CALL_ID, 630, anchor[0], anchor[1]))],
                            ["call_record"])
        assert_equal(node.getcallrecord(to_display(CALL_ID))["status"], "pending")
        self.mine_from_pool([self.rtx(KIND_DISPUTE, dispute_void_payload(N1, g, CALL_ID))], ["dispute"])
        assert_equal(node.getcallrecord(to_display(CALL_ID))["status"], "voided")


if __name__ == "__main__":
    MiningRegistryKindsTest().main()
