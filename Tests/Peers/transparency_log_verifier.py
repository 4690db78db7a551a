#!/usr/bin/env python3
"""An independent check of the ledger's Merkle tree, proofs and signed checkpoints.

Written from the RFC text only: RFC 6962 section 2.1 (MTH, PATH, PROOF) and RFC 9162 sections
2.1.3.2 and 2.1.4.2 (verifying inclusion and consistency), plus the C2SP signed-note format for
Ed25519 checkpoints (hashlib and the `cryptography` package). It shares no code with the Swift
implementation it checks.

    transparency_log_verifier.py CASES.json

CASES.json: {"leaves": [base64 leaf data...], "trees": [{"size", "root", "inclusion": [{"index",
"proof"}], "consistency": [{"old", "oldRoot", "proof"}]}], "checkpoints": [{"note", "publicKey",
"size"}]}. Prints a JSON summary; exits 1 when anything fails.
"""
import base64
import functools
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(data):
    return sha256(b"\x00" + data)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def largest_power_of_two_below(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


class Tree:
    """MTH, PATH and PROOF exactly as RFC 6962 section 2.1 defines them, over leaves [0, n)."""

    def __init__(self, leaves):
        self.hashes = [leaf_hash(d) for d in leaves]

    @functools.lru_cache(maxsize=None)
    def mth(self, start, end):
        n = end - start
        if n == 0:
            return sha256(b"")
        if n == 1:
            return self.hashes[start]
        k = largest_power_of_two_below(n)
        return node_hash(self.mth(start, start + k), self.mth(start + k, end))

    def path(self, m, start, end):
        n = end - start
        if n == 1:
            return []
        k = largest_power_of_two_below(n)
        if m < k:
            return self.path(m, start, start + k) + [self.mth(start + k, end)]
        return self.path(m - k, start + k, end) + [self.mth(start, start + k)]

    def subproof(self, m, start, end, b):
        n = end - start
        if m == n:
            return [] if b else [self.mth(start, end)]
        k = largest_power_of_two_below(n)
        if m <= k:
            return self.subproof(m, start, start + k, b) + [self.mth(start + k, end)]
        return self.subproof(m - k, start + k, end, False) + [self.mth(start, start + k)]

    def proof(self, m, n):
        if m == 0 or m == n:
            return []
        return self.subproof(m, 0, n, True)


def verify_inclusion(leaf, index, size, path, root):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_hash, second_hash, path):
    """RFC 9162 section 2.1.4.2."""
    if first == second:
        return len(path) == 0 and first_hash == second_hash
    if first == 0:
        return len(path) == 0
    if first > second or not path:
        return False
    if first & (first - 1) == 0:
        path = [first_hash] + list(path)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_hash and sr == second_hash and sn == 0


def tampered(proof):
    """The same proof with one bit of its first hash flipped."""
    first = bytearray(proof[0])
    first[0] ^= 1
    return [bytes(first)] + proof[1:]


def check_note(note, public_key):
    """C2SP signed note with one Ed25519 signature; returns (origin, size, root)."""
    body, _, signatures = note.partition("\n\n")
    body += "\n"
    lines = body.split("\n")
    origin, size, root = lines[0], int(lines[1]), base64.b64decode(lines[2])
    checked = False
    for line in signatures.strip("\n").split("\n"):
        dash, name, blob = line.split(" ")
        assert dash == "\u2014", "signature line must start with an em dash"
        raw = base64.b64decode(blob)
        key_id, signature = raw[:4], raw[4:]
        if name != origin:
            continue
        expected_id = sha256(name.encode() + b"\n" + b"\x01" + public_key)[:4]
        if key_id != expected_id:
            continue
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, body.encode())
        checked = True
    if not checked:
        raise InvalidSignature("no signature by the given key")
    return origin, size, root


def main():
    cases = json.load(open(sys.argv[1]))
    tree = Tree([base64.b64decode(d) for d in cases["leaves"]])
    failures = []
    checked = 0
    for case in cases.get("trees", []):
        n = case["size"]
        root = base64.b64decode(case["root"])
        if tree.mth(0, n) != root:
            failures.append(f"size {n}: root differs from MTH")
        for item in case["inclusion"]:
            i = item["index"]
            proof = [base64.b64decode(p) for p in item["proof"]]
            checked += 1
            if proof != tree.path(i, 0, n):
                failures.append(f"size {n}, leaf {i}: proof differs from PATH")
            if not verify_inclusion(tree.hashes[i], i, n, proof, root):
                failures.append(f"size {n}, leaf {i}: inclusion proof does not verify")
            if proof and verify_inclusion(tree.hashes[i], i, n, tampered(proof), root):
                failures.append(f"size {n}, leaf {i}: a tampered inclusion proof verifies")
            if n > 1 and verify_inclusion(tree.hashes[(i + 1) % n], i, n, proof, root):
                failures.append(f"size {n}, leaf {i}: the proof verifies another leaf")
        for item in case["consistency"]:
            m = item["old"]
            old_root = base64.b64decode(item["oldRoot"])
            proof = [base64.b64decode(p) for p in item["proof"]]
            checked += 1
            if old_root != tree.mth(0, m):
                failures.append(f"{m} -> {n}: old root differs from MTH")
            if proof != tree.proof(m, n):
                failures.append(f"{m} -> {n}: proof differs from PROOF")
            if not verify_consistency(m, n, old_root, root, proof):
                failures.append(f"{m} -> {n}: consistency proof does not verify")
            if proof and verify_consistency(m, n, old_root, root, tampered(proof)):
                failures.append(f"{m} -> {n}: a tampered consistency proof verifies")
            if 0 < m < n and verify_consistency(m, n, sha256(b"other"), root, proof):
                failures.append(f"{m} -> {n}: the proof verifies another old root")
    for item in cases.get("checkpoints", []):
        checked += 1
        public_key = base64.b64decode(item["publicKey"])
        try:
            origin, size, root = check_note(item["note"], public_key)
        except (InvalidSignature, ValueError, AssertionError) as error:
            failures.append(f"checkpoint does not verify: {error!r}")
            continue
        if size != item["size"] or root != tree.mth(0, size):
            failures.append(f"checkpoint of {size}: root differs from MTH of the leaves")
        forged = item["note"].replace(f"\n{size}\n", f"\n{size + 1}\n", 1)
        try:
            check_note(forged, public_key)
            failures.append("a checkpoint with a changed size verifies")
        except (InvalidSignature, ValueError, AssertionError):
            pass
    print(json.dumps({"checked": checked, "failures": failures[:50], "failureCount": len(failures)}))
    sys.exit(1 if failures or checked == 0 else 0)


if __name__ == "__main__":
    main()
