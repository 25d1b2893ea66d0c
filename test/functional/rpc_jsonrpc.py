#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""JSON-RPC over HTTP: Bitcoin Core's 1.0-style and JSON-RPC 2.0 reply shapes and HTTP
statuses, batches, notifications, parse and request errors, wrong methods and sizes. The
node must keep serving after every one of them."""

import base64
import http.client
import json
import threading

from test_framework.test_framework import DotsTestFramework
from test_framework.util import assert_equal, assert_in, get_auth_cookie

RPC_INVALID_REQUEST = -32600
RPC_METHOD_NOT_FOUND = -32601
RPC_PARSE_ERROR = -32700
RPC_MISC_ERROR = -1
RPC_TYPE_ERROR = -3
RPC_INVALID_PARAMETER = -8
MAX_BODY = 32 * 1024 * 1024


class JSONRPCTest(DotsTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def post(self, body, *, method="POST", path="/"):
        """Sends raw bytes (or an object, JSON-encoded); returns (status, headers, body bytes)."""
        node = self.nodes[0]
        if not isinstance(body, (bytes, str)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        user, password = get_auth_cookie(node.datadir)
        conn = http.client.HTTPConnection("127.0.0.1", node.rpc_port, timeout=60)
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        conn.request(method, path, body, {"Authorization": f"Basic {token}"})
        resp = conn.getresponse()
        data = resp.read()
        headers = {k.lower(): v for k, v in resp.getheaders()}
        conn.close()
        return resp.status, headers, data

    def post_json(self, body, **kwargs):
        status, headers, data = self.post(body, **kwargs)
        return status, json.loads(data) if data else None

    def assert_alive(self):
        assert self.nodes[0].uptime() >= 0

    def run_test(self):
        self.test_v1()
        self.test_v2()
        self.test_batches()
        self.test_errors()
        self.test_params()
        self.test_http()
        self.test_work_queue()

    def test_v1(self):
        self.log.info("1.0 requests: result and error both present, HTTP 200/404/500")
        status, reply = self.post_json({"method": "uptime", "params": [], "id": 1})
        assert_equal(status, 200)
        assert_equal(set(reply.keys()), {"result", "error", "id"})
        assert_equal(reply["error"], None)
        assert_equal(reply["id"], 1)
        assert isinstance(reply["result"], int)

        status, reply = self.post_json({"method": "nosuchmethod", "params": [], "id": "abc"})
        assert_equal(status, 404)
        assert_equal(reply["result"], None)
        assert_equal(reply["error"]["code"], RPC_METHOD_NOT_FOUND)
        assert_equal(reply["error"]["message"], "Method not found")
        assert_equal(reply["id"], "abc")

        status, reply = self.post_json({"method": "logging", "params": ["notanarray"], "id": 2})
        assert_equal(status, 500)
        assert_equal(reply["error"]["code"], RPC_TYPE_ERROR)
        assert_equal(reply["result"], None)

        self.log.info("1.0 request without id is answered with id null (not a notification)")
        status, reply = self.post_json({"method": "uptime", "params": []})
        assert_equal(status, 200)
        assert_equal(reply["id"], None)
        assert isinstance(reply["result"], int)

        self.log.info("ids of any JSON type are echoed")
        for id_ in ("text", 7, 1.5, None, [1, 2], {"a": 1}):
            status, reply = self.post_json({"method": "uptime", "params": [], "id": id_})
            assert_equal(status, 200)
            assert_equal(reply["id"], id_)
        self.assert_alive()

    def test_v2(self):
        self.log.info("2.0 requests: only result or error, jsonrpc 2.0, HTTP 200 always")
        status, reply = self.post_json({"jsonrpc": "2.0", "method": "uptime", "params": [], "id": 5})
        assert_equal(status, 200)
        assert_equal(set(reply.keys()), {"jsonrpc", "result", "id"})
        assert_equal(reply["jsonrpc"], "2.0")
        assert_equal(reply["id"], 5)

        status, reply = self.post_json({"jsonrpc": "2.0", "method": "nosuchmethod", "params": [], "id": 6})
        assert_equal(status, 200)
        assert_equal(set(reply.keys()), {"jsonrpc", "error", "id"})
        assert_equal(reply["error"]["code"], RPC_METHOD_NOT_FOUND)
        assert_equal(reply["id"], 6)

        status, reply = self.post_json({"jsonrpc": "2.0", "method": "logging", "params": ["x"], "id": 7})
        assert_equal(status, 200)
        assert_equal(reply["error"]["code"], RPC_TYPE_ERROR)

        self.log.info("2.0 notifications (no id) get 204 and no body, even when they fail")
        for request in ({"jsonrpc": "2.0", "method": "uptime", "params": []},
                        {"jsonrpc": "2.0", "method": "nosuchmethod", "params": []},
                        {"jsonrpc": "2.0", "method": "logging", "params": ["x"]}):
            status, _, data = self.post(request)
            assert_equal(status, 204)
            assert_equal(data, b"")

        self.log.info("2.0 request with id null is a request, not a notification")
        status, reply = self.post_json({"jsonrpc": "2.0", "method": "uptime", "params": [], "id": None})
        assert_equal(status, 200)
        assert_equal(reply["id"], None)
        assert_in("result", reply)
        self.assert_alive()

    def test_batches(self):
        self.log.info("Batches: replies in order, each in its own request's shape, HTTP 200")
        batch = [
            {"method": "uptime", "params": [], "id": 1},
            {"method": "nosuchmethod", "params": [], "id": 2},
            {"jsonrpc": "2.0", "method": "uptime", "params": [], "id": 3},
            {"jsonrpc": "2.0", "method": "nosuchmethod", "params": [], "id": 4},
            {"jsonrpc": "2.0", "method": "uptime", "params": []},  # notification: no reply
            {"method": "help", "params": ["uptime"], "id": 5},
        ]
        status, replies = self.post_json(batch)
        assert_equal(status, 200)
        assert_equal([r["id"] for r in replies], [1, 2, 3, 4, 5])
        assert_equal(replies[0]["error"], None)
        assert_equal(replies[1]["error"]["code"], RPC_METHOD_NOT_FOUND)
        assert_equal(replies[1]["result"], None)
        assert_equal(replies[2]["jsonrpc"], "2.0")
        assert "error" not in replies[2]
        assert_equal(replies[3]["error"]["code"], RPC_METHOD_NOT_FOUND)
        assert "result" not in replies[3]
        assert replies[4]["result"].startswith("uptime")

        self.log.info("Batch elements that are not objects are invalid requests")
        status, replies = self.post_json([1, "x", {"method": "uptime", "params": [], "id": 9}])
        assert_equal(status, 200)
        assert_equal(len(replies), 3)
        assert_equal(replies[0]["error"]["code"], RPC_INVALID_REQUEST)
        assert_equal(replies[1]["error"]["code"], RPC_INVALID_REQUEST)
        assert_equal(replies[2]["id"], 9)

        self.log.info("A batch of notifications only gets 204; an empty batch is an invalid request")
        status, _, data = self.post([{"jsonrpc": "2.0", "method": "uptime", "params": []}] * 3)
        assert_equal(status, 204)
        assert_equal(data, b"")
        status, reply = self.post_json([])
        assert_equal(reply["error"]["code"], RPC_INVALID_REQUEST)

        self.log.info("A large batch works")
        status, replies = self.post_json([{"method": "uptime", "params": [], "id": i} for i in range(500)])
        assert_equal(status, 200)
        assert_equal([r["id"] for r in replies], list(range(500)))
        self.assert_alive()

    def test_errors(self):
        self.log.info("Parse errors: -32700 with HTTP 500")
        for body in (b"{bad json", b"", b"\xff\xfe", b'{"method": "uptime", "id": 1', b"nul"):
            status, reply = self.post_json(body)
            assert_equal(status, 500)
            assert_equal(reply["error"]["code"], RPC_PARSE_ERROR)
        for body in (b"5", b'"uptime"', b"null"):
            status, reply = self.post_json(body)
            assert_equal(status, 500)
            assert_equal(reply["error"]["code"], RPC_PARSE_ERROR)

        self.log.info("Invalid requests: -32600 (HTTP 400 for 1.0, 200 for 2.0)")
        for request in ({"id": 1},
                        {"method": 5, "id": 1},
                        {"method": "uptime", "params": "notalist", "id": 1},
                        {"method": "uptime", "params": 5, "id": 1}):
            status, reply = self.post_json(request)
            assert_equal(status, 400)
            assert_equal(reply["error"]["code"], RPC_INVALID_REQUEST)
            v2 = dict(request, jsonrpc="2.0")
            status, reply = self.post_json(v2)
            assert_equal(status, 200)
            assert_equal(reply["error"]["code"], RPC_INVALID_REQUEST)
            assert_equal(reply["jsonrpc"], "2.0")
        self.assert_alive()

    def test_params(self):
        self.log.info("Wrong number of params: -1 with the method's help text as message")
        status, reply = self.post_json({"method": "uptime", "params": [1], "id": 1})
        assert_equal(status, 500)
        assert_equal(reply["error"]["code"], RPC_MISC_ERROR)
        assert reply["error"]["message"].startswith("uptime"), reply["error"]["message"]
        status, reply = self.post_json({"method": "help", "params": ["a", "b"], "id": 1})
        assert_equal(reply["error"]["code"], RPC_MISC_ERROR)
        assert reply["error"]["message"].startswith("help"), reply["error"]["message"]

        self.log.info("Named params work; unknown names are rejected")
        status, reply = self.post_json({"method": "help", "params": {"command": "uptime"}, "id": 1})
        assert_equal(status, 200)
        assert reply["result"].startswith("uptime")
        status, reply = self.post_json({"method": "help", "params": {"nosuchparam": 1}, "id": 1})
        assert_equal(reply["error"]["code"], RPC_INVALID_PARAMETER)
        assert_in("nosuchparam", reply["error"]["message"])
        status, reply = self.post_json({"method": "uptime", "id": 1})  # params may be omitted
        assert_equal(status, 200)
        assert_equal(reply["error"], None)
        self.assert_alive()

    def test_http(self):
        self.log.info("Only POST: GET gets 405")
        status, _, _ = self.post(b"", method="GET")
        assert_equal(status, 405)
        status, _, _ = self.post(json.dumps({"method": "uptime", "id": 1}), method="PUT")
        assert_equal(status, 405)

        self.log.info("Unknown paths get 404")
        status, _, _ = self.post({"method": "uptime", "params": [], "id": 1}, path="/nosuchpath")
        assert_equal(status, 404)

        self.log.info("Replies are Content-Type application/json")
        status, headers, _ = self.post({"method": "uptime", "params": [], "id": 1})
        assert_equal(headers.get("content-type"), "application/json")

        self.log.info("A request body above the limit is rejected, and the node survives")
        big = b'{"method":"help","params":["' + b"x" * (MAX_BODY + 1024) + b'"],"id":1}'
        try:
            status, _, _ = self.post(big)
            assert_equal(status, 413)
        except (ConnectionError, http.client.HTTPException) as e:
            self.log.info(f"server closed the connection: {e!r}")
        self.assert_alive()

        self.log.info("A large body under the limit is processed")
        status, reply = self.post_json({"method": "help", "params": ["x" * (1024 * 1024)], "id": 1})
        assert_equal(status, 200)
        assert reply["result"].startswith("help: unknown command")
        self.assert_alive()

    def test_work_queue(self):
        self.log.info("A full work queue answers 503, and the node recovers")
        # One worker, queue depth one: a wrong-password request holds the worker for its
        # anti-brute-force delay, so simultaneous requests overflow the queue.
        self.restart_node(0, ["-rpcthreads=1", "-rpcworkqueue=1"])
        node = self.nodes[0]
        statuses = []
        lock = threading.Lock()
        barrier = threading.Barrier(12)

        def request():
            conn = http.client.HTTPConnection("127.0.0.1", node.rpc_port, timeout=60)
            token = base64.b64encode(b"__cookie__:wrongpassword").decode()
            barrier.wait()
            try:
                conn.request("POST", "/", json.dumps({"method": "uptime", "params": [], "id": 1}),
                             {"Authorization": f"Basic {token}"})
                resp = conn.getresponse()
                resp.read()
                with lock:
                    statuses.append(resp.status)
            finally:
                conn.close()

        threads = [threading.Thread(target=request) for _ in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        self.log.info(f"statuses: {sorted(statuses)}")
        assert_equal(len(statuses), 12)
        assert set(statuses) <= {401, 503}, statuses
        assert 503 in statuses, statuses
        assert 401 in statuses, statuses
        self.assert_alive()
        self.restart_node(0)


if __name__ == "__main__":
    JSONRPCTest().main()
