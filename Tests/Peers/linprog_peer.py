#!/usr/bin/env python3
"""Independent optimum for the dispatch LP: solves a model exported by LinearProgram.jsonData()
with scipy.optimize.linprog(method="highs") and prints {"status": ..., "objective": ...}.

Rows are lower <= A x <= upper; equal bounds become equality rows, others one or two
inequality rows. Usage: linprog_peer.py MODEL.json
"""
import json
import sys

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, vstack


def main(path):
    with open(path) as handle:
        model = json.load(handle)
    n = len(model["c"])
    m = len(model["row_lower"])
    matrix = coo_matrix((model["vals"], (model["rows"], model["cols"])), shape=(m, n)).tocsr()
    lower = [(-np.inf if v is None else v) for v in model["row_lower"]]
    upper = [(np.inf if v is None else v) for v in model["row_upper"]]
    equal = [i for i in range(m) if lower[i] == upper[i]]
    above = [i for i in range(m) if lower[i] != upper[i] and np.isfinite(upper[i])]
    below = [i for i in range(m) if lower[i] != upper[i] and np.isfinite(lower[i])]
    blocks, bounds_ub = [], []
    if above:
        blocks.append(matrix[above])
        bounds_ub += [upper[i] for i in above]
    if below:
        blocks.append(-matrix[below])
        bounds_ub += [-lower[i] for i in below]
    a_ub = vstack(blocks).tocsr() if blocks else None
    a_eq = matrix[equal] if equal else None
    b_eq = [lower[i] for i in equal] if equal else None
    bounds = list(zip(model["col_lower"], model["col_upper"]))
    result = linprog(model["c"], A_ub=a_ub, b_ub=bounds_ub or None, A_eq=a_eq, b_eq=b_eq,
                     bounds=bounds, method="highs")
    objective = result.fun + model["constant"] if result.status == 0 else None
    print(json.dumps({"status": int(result.status), "objective": objective}))


if __name__ == "__main__":
    main(sys.argv[1])
