#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""HTTP JSON-RPC client for dotsd (standard library only).

AuthServiceProxy sends one JSON-RPC request per call over HTTP with basic
authentication and returns the "result", or raises JSONRPCException carrying the
server's error object ({"code": ..., "message": ...}) and the HTTP status.

    proxy = AuthServiceProxy("http://user:pass@127.0.0.1:17443")
    proxy.getnetworkinfo()
    proxy.logging(["sip"], [])
    proxy.help(command="stop")        # named parameters
"""

import base64
import decimal
import http.client
import json
import logging
import urllib.parse

USER_AGENT = "DOTSAuthServiceProxy/0.1"
HTTP_TIMEOUT = 30

log = logging.getLogger("DOTSRPC")


class JSONRPCException(Exception):
    """A JSON-RPC error reply. .error is the error object, .http_status the HTTP status."""

    def __init__(self, rpc_error, http_status=None):
        try:
            errmsg = "%(message)s (%(code)i)" % rpc_error
        except (KeyError, TypeError):
            errmsg = ""
        super().__init__(errmsg)
        self.error = rpc_error
        self.http_status = http_status


def encode_decimal(o):
    if isinstance(o, decimal.Decimal):
        return str(o)
    raise TypeError(repr(o) + " is not JSON serializable")


class AuthServiceProxy:
    """Calls methods by attribute: proxy.method(*args) or proxy.method(**named_args)."""

    __id_count = 0

    def __init__(self, service_url, service_name=None, timeout=HTTP_TIMEOUT, trace=False):
        self.__service_url = service_url
        self._service_name = service_name
        self.__url = urllib.parse.urlparse(service_url)
        user = urllib.parse.unquote(self.__url.username or "")
        passwd = urllib.parse.unquote(self.__url.password or "")
        self.__auth_header = b"Basic " + base64.b64encode(f"{user}:{passwd}".encode("utf8"))
        self.timeout = timeout
        self.trace = trace

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        if self._service_name is not None:
            name = f"{self._service_name}.{name}"
        return AuthServiceProxy(self.__service_url, name, timeout=self.timeout, trace=self.trace)

    def _raw_request(self, body, path=None):
        """POSTs bytes and returns (http_status, headers dict, body bytes). No interpretation."""
        conn = http.client.HTTPConnection(self.__url.hostname, self.__url.port, timeout=self.timeout)
        try:
            headers = {
                "Host": self.__url.hostname,
                "User-Agent": USER_AGENT,
                "Authorization": self.__auth_header,
                "Content-type": "application/json",
            }
            conn.request("POST", path or self.__url.path or "/", body, headers)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def _request_json(self, payload):
        body = json.dumps(payload, default=encode_decimal, ensure_ascii=True)
        if self.trace:
            log.info("-> %s", body)
        status, _headers, data = self._raw_request(body.encode("utf8"))
        if status == 401:
            raise JSONRPCException({"code": -342, "message": "authorization failed (HTTP 401)"}, status)
        try:
            reply = json.loads(data.decode("utf8"), parse_float=decimal.Decimal)
        except (ValueError, UnicodeDecodeError):
            raise JSONRPCException({"code": -342, "message": f"non-JSON HTTP response with '{status}' from server: {data[:200]!r}"}, status)
        if self.trace:
            log.info("<- [%d] %s", status, data.decode("utf8", "replace")[:10000])
        return status, reply

    def get_request(self, *args, **argsn):
        AuthServiceProxy.__id_count += 1
        if args and argsn:
            raise ValueError("Cannot handle both named and positional arguments")
        return {
            "version": "1.1",
            "method": self._service_name,
            "params": args or argsn,
            "id": AuthServiceProxy.__id_count,
        }

    def __call__(self, *args, **argsn):
        status, response = self._request_json(self.get_request(*args, **argsn))
        if not isinstance(response, dict):
            raise JSONRPCException({"code": -343, "message": f"reply is not an object: {response!r}"}, status)
        if response.get("error") is not None:
            raise JSONRPCException(response["error"], status)
        if "result" not in response:
            raise JSONRPCException({"code": -343, "message": "missing JSON-RPC result"}, status)
        return response["result"]

    def batch(self, rpc_call_list):
        """Sends a list of request objects (from get_request) as one batch; returns the reply list."""
        _status, response = self._request_json(list(rpc_call_list))
        return response

    @property
    def url(self):
        return self.__service_url
