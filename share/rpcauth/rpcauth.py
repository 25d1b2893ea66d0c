#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Creates an -rpcauth line for dots.conf: <user>:<salt>$<HMAC-SHA256(salt, password)>.

Usage: rpcauth.py USERNAME [PASSWORD]   (a random password is generated and printed if omitted)
"""
import hmac
import secrets
import sys


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    user = sys.argv[1]
    if ":" in user:
        sys.exit("error: the user name must not contain ':'")
    password = sys.argv[2] if len(sys.argv) == 3 else secrets.token_urlsafe(32)
    salt = secrets.token_hex(16)
    digest = hmac.new(salt.encode(), password.encode(), "sha256").hexdigest()
    print("String to be appended to dots.conf:")
    print(f"rpcauth={user}:{salt}${digest}")
    if len(sys.argv) == 2:
        print(f"Your password:\n{password}")


if __name__ == "__main__":
    main()
