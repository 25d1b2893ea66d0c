#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Pure-Python secp256k1 and BIP340 (Schnorr) signatures for functional tests.

Slow (milliseconds per operation) and not constant-time: for tests only, never for real keys.

    key = ECKey()                       # random secret (secrets module)
    key = ECKey(bytes(31) + b"\\x03")    # from a 32-byte secret
    key.xonly                           # 32-byte x-only public key
    sig = key.sign(msg)                 # 64-byte BIP340 signature (aux=None -> 32 zero bytes)
    key.verify(msg, sig)                # or schnorr_verify(xonly, msg, sig)

Run this file directly to check it against the official BIP340 test vectors.
"""

import hashlib
import os
import secrets

# Curve parameters (SEC 2, secp256k1): y^2 = x^3 + 7 over F_p.
P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
GX = 0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798
GY = 0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8


def _tagged(tag, data):
    t = hashlib.sha256(tag.encode()).digest()
    return hashlib.sha256(t + t + data).digest()


# ---- Group arithmetic in Jacobian coordinates (X, Y, Z) ~ (X/Z^2, Y/Z^3); Z == 0 is infinity ----
_INF = (1, 1, 0)
_G = (GX, GY, 1)


def _jac_double(p1):
    x1, y1, z1 = p1
    if z1 == 0 or y1 == 0:
        return _INF
    ysq = y1 * y1 % P
    s = 4 * x1 * ysq % P
    m = 3 * x1 * x1 % P  # a == 0
    x3 = (m * m - 2 * s) % P
    y3 = (m * (s - x3) - 8 * ysq * ysq) % P
    z3 = 2 * y1 * z1 % P
    return (x3, y3, z3)


def _jac_add(p1, p2):
    x1, y1, z1 = p1
    x2, y2, z2 = p2
    if z1 == 0:
        return p2
    if z2 == 0:
        return p1
    z1sq, z2sq = z1 * z1 % P, z2 * z2 % P
    u1, u2 = x1 * z2sq % P, x2 * z1sq % P
    s1, s2 = y1 * z2sq * z2 % P, y2 * z1sq * z1 % P
    if u1 == u2:
        return _jac_double(p1) if s1 == s2 else _INF
    h = (u2 - u1) % P
    r = (s2 - s1) % P
    hsq = h * h % P
    hcu = hsq * h % P
    u1hsq = u1 * hsq % P
    x3 = (r * r - hcu - 2 * u1hsq) % P
    y3 = (r * (u1hsq - x3) - s1 * hcu) % P
    z3 = h * z1 * z2 % P
    return (x3, y3, z3)


def _jac_mul(p1, k):
    result = _INF
    addend = p1
    while k:
        if k & 1:
            result = _jac_add(result, addend)
        addend = _jac_double(addend)
        k >>= 1
    return result


def _to_affine(p1):
    """(x, y) or None for infinity."""
    x, y, z = p1
    if z == 0:
        return None
    zinv = pow(z, -1, P)
    zinv2 = zinv * zinv % P
    return (x * zinv2 % P, y * zinv2 * zinv % P)


def point_mul(point, k):
    """k * point for an affine (x, y) point (None = infinity); returns affine or None."""
    if point is None:
        return None
    return _to_affine(_jac_mul((point[0], point[1], 1), k % N))


def point_add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return _to_affine(_jac_add((a[0], a[1], 1), (b[0], b[1], 1)))


def lift_x(x):
    """The curve point with x coordinate `x` and an even y (BIP340 lift_x), or None."""
    if x >= P:
        return None
    c = (pow(x, 3, P) + 7) % P
    y = pow(c, (P + 1) // 4, P)
    if y * y % P != c:
        return None
    return (x, y if y % 2 == 0 else P - y)


def _int(b):
    return int.from_bytes(b, "big")


def _bytes32(n):
    return n.to_bytes(32, "big")


def pubkey_from_secret(secret):
    """x-only public key (32 bytes) of a 32-byte secret."""
    d = _int(secret)
    assert 1 <= d < N, "secret out of range"
    return _bytes32(point_mul((GX, GY), d)[0])


def schnorr_sign(secret, msg, aux=None):
    """BIP340 signature (64 bytes) of `msg` (any length; 32 bytes in DOTS) by the 32-byte secret.
    aux: 32 bytes of auxiliary randomness; None means 32 zero bytes (deterministic signatures)."""
    if aux is None:
        aux = bytes(32)
    assert len(secret) == 32 and len(aux) == 32
    d0 = _int(secret)
    assert 1 <= d0 < N, "secret out of range"
    pub = point_mul((GX, GY), d0)
    d = d0 if pub[1] % 2 == 0 else N - d0
    t = _bytes32(d ^ _int(_tagged("BIP0340/aux", aux)))
    pk = _bytes32(pub[0])
    k0 = _int(_tagged("BIP0340/nonce", t + pk + msg)) % N
    assert k0 != 0, "nonce is zero (negligible probability)"
    r = point_mul((GX, GY), k0)
    k = k0 if r[1] % 2 == 0 else N - k0
    rx = _bytes32(r[0])
    e = _int(_tagged("BIP0340/challenge", rx + pk + msg)) % N
    sig = rx + _bytes32((k + e * d) % N)
    assert schnorr_verify(pk, msg, sig), "signature does not verify"
    return sig


def schnorr_verify(pubkey, msg, sig):
    """BIP340 verification of a 64-byte signature by a 32-byte x-only key. Never raises on
    malformed input of the right lengths; asserts on wrong lengths."""
    assert len(pubkey) == 32 and len(sig) == 64
    pt = lift_x(_int(pubkey))
    if pt is None:
        return False
    r, s = _int(sig[:32]), _int(sig[32:])
    if r >= P or s >= N:
        return False
    e = _int(_tagged("BIP0340/challenge", sig[:32] + pubkey + msg)) % N
    rp = point_add(point_mul((GX, GY), s), point_mul(pt, N - e))
    if rp is None or rp[1] % 2 != 0 or rp[0] != r:
        return False
    return True


class ECKey:
    """A secp256k1 secret key used for BIP340 signatures (x-only public key)."""

    def __init__(self, secret=None):
        if secret is None:
            while True:
                secret = secrets.token_bytes(32)
                if 1 <= _int(secret) < N:
                    break
        elif isinstance(secret, int):
            secret = _bytes32(secret)
        secret = bytes(secret)
        assert len(secret) == 32 and 1 <= _int(secret) < N, "invalid secret key"
        self.secret = secret
        self.xonly = pubkey_from_secret(secret)

    @classmethod
    def generate(cls):
        return cls()

    def get_bytes(self):
        return self.secret

    def get_pubkey(self):
        """The 32-byte x-only public key (same as .xonly)."""
        return self.xonly

    def sign(self, msg, aux=None):
        """64-byte BIP340 signature of `msg` (aux=None: 32 zero bytes, deterministic)."""
        return schnorr_sign(self.secret, msg, aux)

    def verify(self, msg, sig):
        return schnorr_verify(self.xonly, msg, sig)

    def __repr__(self):
        return f"ECKey(xonly={self.xonly.hex()})"


# ---- Self-test against the official BIP340 vectors ----
# (index, secret, pubkey, aux, msg, sig, expected); a few embedded, all of them also read
# from src/test/data/bip340_test_vectors.csv when the source tree is present.
_EMBEDDED_VECTORS = [
    (0, "0000000000000000000000000000000000000000000000000000000000000003",
     "F9308A019258C31049344F85F89D5229B531C845836F99B08601F113BCE036F9",
     "0000000000000000000000000000000000000000000000000000000000000000",
     "0000000000000000000000000000000000000000000000000000000000000000",
     "E907831F80848D1069A5371B402410364BDF1C5F8307B0084C55F1CE2DCA821525F66A4A85EA8B71E482A74F382D2CE5EBEEE8FDB2172F477DF4900D310536C0",
     True),
    (1, "B7E151628AED2A6ABF7158809CF4F3C762E7160F38B4DA56A784D9045190CFEF",
     "DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659",
     "0000000000000000000000000000000000000000000000000000000000000001",
     "243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89",
     "6896BD60EEAE296DB48A229FF71DFE071BDE413E6D43F917DC8DCF8C78DE33418906D11AC976ABCCB20B091292BFF4EA897EFCB639EA871CFA95F6DE339E4B0A",
     True),
    (3, "0B432B2677937381AEF05BB02A66ECD012773062CF3FA2549E44F58ED2401710",
     "25D1DFF95105F5253C4022F628A996AD3A0D95FBF21D468A1B33F8C160D8F517",
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
     "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
     "7EB0509757E246F19449885651611CB965ECC1A187DD51B64FDA1EDC9637D5EC97582B9CB13DB3933705B32BA982AF5AF25FD78881EBB32771FC5922EFC66EA3",
     True),
    (4, "", "D69C3509BB99E412E68B0FE8544E72837DFA30746D8BE2AA65975F29D22DC7B9", "",
     "4DF3C3F68FCC83B27E9D42C90431A72499F17875C81A599B566C9889B9696703",
     "00000000000000000000003B78CE563F89A0ED9414F5AA28AD0D96D6795F9C6376AFB1548AF603B3EB45C9F8207DEE1060CB71C04E80F593060B07D28308D7F4",
     True),
    (5, "", "EEFDEA4CDB677750A420FEE807EACF21EB9898AE79B9768766E4FAA04A2D4A34", "",
     "243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89",
     "6CFF5C3BA86C69EA4B7376F31A9BCB4F74C1976089B2D9963DA2E5543E17776969E89B4C5564D00349106B8497785DD7D1D713A8AE82B32FA79D5F7FC407D39B",
     False),
    (6, "", "DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659", "",
     "243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89",
     "FFF97BD5755EEEA420453A14355235D382F6472F8568A18B2F057A14602975563CC27944640AC607CD107AE10923D9EF7A73C643E166BE5EBEAFA34B1AC553E2",
     False),
    (13, "", "DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659", "",
     "243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89",
     "6CFF5C3BA86C69EA4B7376F31A9BCB4F74C1976089B2D9963DA2E5543E177769FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141",
     False),
]


def _csv_vectors():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                        "src", "test", "data", "bip340_test_vectors.csv")
    if not os.path.exists(path):
        return []
    out = []
    with open(path, encoding="utf8") as f:
        for line in f.read().splitlines()[1:]:
            if not line.strip():
                continue
            fields = line.split(",")
            out.append((int(fields[0]), fields[1], fields[2], fields[3], fields[4], fields[5], fields[6] == "TRUE"))
    return out


def _check_vector(vec):
    index, sec, pub, aux, msg, sig, expected = vec
    pub_b, msg_b, sig_b = bytes.fromhex(pub), bytes.fromhex(msg), bytes.fromhex(sig)
    if sec:
        key = ECKey(bytes.fromhex(sec))
        assert key.xonly == pub_b, f"vector {index}: public key mismatch"
        assert key.sign(msg_b, bytes.fromhex(aux)) == sig_b, f"vector {index}: signature mismatch"
    assert schnorr_verify(pub_b, msg_b, sig_b) == expected, f"vector {index}: verification result"


def self_test():
    """Checks the implementation against BIP340 test vectors; returns how many were checked."""
    vectors = _EMBEDDED_VECTORS + _csv_vectors()
    for vec in vectors:
        _check_vector(vec)
    # Round trip with random keys and aux, and a rejected tampered signature.
    for _ in range(3):
        key = ECKey()
        msg = secrets.token_bytes(32)
        sig = key.sign(msg, secrets.token_bytes(32))
        assert key.verify(msg, sig)
        assert not key.verify(msg, sig[:63] + bytes([sig[63] ^ 1]))
        assert not key.verify(bytes([msg[0] ^ 1]) + msg[1:], sig)
        assert key.sign(msg) == key.sign(msg, bytes(32))
    return len(vectors)


if __name__ == "__main__":
    print(f"key.py: {self_test()} BIP340 vectors OK")
