#!/usr/bin/env python3
"""The lowest cost of a battery-only plan request, from the request alone: the EMHASS benchmark's
own LP (Benchmarks/emhass/village_lp.py, SciPy's HiGHS), priced by its pricing function
(village_costs.py). Prints {"totalWon": ..., "finalBatteryKWh": ...}.

Usage: request_lp_peer.py REQUEST.json (a `PlanRequest` as JSON, heat pumps following demand)
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Benchmarks", "emhass"))
import village_costs  # noqa: E402
import village_lp  # noqa: E402


def main(path):
    with open(path) as handle:
        request = json.load(handle)
    plan = village_lp.optimum(request)["steps"]
    priced = village_costs.cost(request, plan)
    print(json.dumps({"totalWon": priced["totalWon"], "finalBatteryKWh": priced["finalBatteryKWh"]}))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: request_lp_peer.py REQUEST.json")
    main(sys.argv[1])
