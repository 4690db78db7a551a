#!/usr/bin/env python3
"""Independent reference for the uniform-price double auction (k-DA), for MarketTests.

Written from the market facts, not from the Swift code, and by a different method: the
traded volume is Q = max over ask prices p of min(D(p), S(p)) (demand at or above p, supply
at or below p); b_m and s_m are the limit prices of the bid and ask levels holding the Q-th
unit; p = k*b_m + (1-k)*s_m rounded half up to a whole milli-won/kWh (k in per mille).
Levels above the margin fill completely; the marginal level shares the rest pro rata
(largest remainder, ties to the byte-wise smallest id).

stdin: JSON list of books {"kPerMille", "bids": [{"id","qty","price"}], "asks": [...]}.
stdout: JSON list of {"volume", "price" (or null), "fills": {id: qty}} (only non-zero fills).
"""
import json
import sys


def pro_rata(volume, items):
    total = sum(q for _, q in items)
    if volume >= total:
        return dict(items)
    shares = {i: volume * q // total for i, q in items}
    order = sorted(items, key=lambda item: (-(volume * item[1] % total), item[0].encode()))
    left = volume - sum(shares.values())
    for order_id, _ in order[:left]:
        shares[order_id] += 1
    return shares


def marginal(orders, volume, descending):
    cumulative = 0
    fills = {}
    for level in sorted({o["price"] for o in orders}, reverse=descending):
        members = sorted((o for o in orders if o["price"] == level), key=lambda o: o["id"].encode())
        quantity = sum(o["qty"] for o in members)
        if cumulative + quantity >= volume:
            fills.update(pro_rata(volume - cumulative, [(o["id"], o["qty"]) for o in members]))
            return level, fills
        for o in members:
            fills[o["id"]] = o["qty"]
        cumulative += quantity
    raise AssertionError("volume exceeds the orders")


def clear(book):
    bids = [b for b in book["bids"] if b["qty"] > 0]
    asks = [a for a in book["asks"] if a["qty"] > 0]
    volume = 0
    for p in {a["price"] for a in asks}:
        demand = sum(b["qty"] for b in bids if b["price"] >= p)
        supply = sum(a["qty"] for a in asks if a["price"] <= p)
        volume = max(volume, min(demand, supply))
    if volume == 0:
        return {"volume": 0, "price": None, "fills": {}}
    b_m, bid_fills = marginal(bids, volume, True)
    s_m, ask_fills = marginal(asks, volume, False)
    k = book["kPerMille"]
    price = (k * b_m + (1000 - k) * s_m + 500) // 1000
    fills = {i: q for i, q in {**bid_fills, **ask_fills}.items() if q > 0}
    return {"volume": volume, "price": price, "fills": fills}


if __name__ == "__main__":
    json.dump([clear(book) for book in json.load(sys.stdin)], sys.stdout)
