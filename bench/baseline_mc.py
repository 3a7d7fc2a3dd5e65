#!/usr/bin/python3
"""The Monte Carlo baseline: what bw2calc's MonteCarloLCA does every
iteration, with NumPy and SciPy only (no bw2calc, no PyPardiso, no
scikit-umfpack, as Debian ships them).

Usage: baseline_mc.py DP_DIR DEMAND_ID [--iterations 5] [--seed 0]
                      [--method INDEX] [--ordering MMD_AT_PLUS_A]

Once: load the datapackage (baseline_lca.load/build: ids mapped like
bw2calc, flip, duplicates summed) and its "distributions" arrays (stats_
arrays lognormals, type 2: loc = ln|x|, scale = sigma, `negative` sign).
Every iteration, as bw2calc 2.x's MonteCarloLCA.__next__:
  resample  every uncertain value of A and B (numpy lognormal, vectorized,
            the way stats_arrays' MCRandomNumberGenerator draws them);
  rebuild   the sparse matrices from the sampled values (COO -> CSC, flip,
            duplicates summed: matrix_utils rebuilds them);
  factorize scipy.sparse.linalg.splu with SciPy's best ordering for these
            matrices (MMD_AT_PLUS_A, see docs/performance.md) - bw2calc
            solves from scratch each iteration;
  solve     s = A^-1 f;
  score     h = c . (B s) for one method.
One JSON line: the median seconds per iteration, iterations per second,
and the mean and sd of the scores (their number is small: a check of
plausibility, not of agreement).
"""

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import baseline_lca  # noqa: E402


def load_group(dp_dir, group):
    """Rows, cols, values, flip and the distributions of one group."""
    def arr(kind):
        return np.load(os.path.join(dp_dir, f"{group}.{kind}.npy"))
    ind = arr("indices")
    flip = (arr("flip") if os.path.exists(
        os.path.join(dp_dir, f"{group}.flip.npy"))
        else np.zeros(len(ind), bool))
    return (ind["row"].astype(np.int64), ind["col"].astype(np.int64),
            arr("data").astype(np.float64), flip, arr("distributions"))


def sampler(dist, values, rng):
    """A function drawing every value (lognormals where given)."""
    logn = dist["uncertainty_type"] == 2
    mu = dist["loc"][logn].astype(np.float64)
    sigma = dist["scale"][logn].astype(np.float64)
    sign = np.where(dist["negative"][logn], -1.0, 1.0)

    def draw():
        out = values.copy()
        out[logn] = sign * rng.lognormal(mu, sigma)
        return out
    return draw


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dp_dir")
    ap.add_argument("demand", type=int)
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--method", type=int, default=0)
    ap.add_argument("--ordering", default="MMD_AT_PLUS_A")
    args = ap.parse_args()

    arrays, names = baseline_lca.load(args.dp_dir)
    _, _, C, products, activities, flows, _ = baseline_lca.build(arrays,
                                                                 names)
    c = np.asarray(C[args.method].todense()).ravel()
    tr, tc, tv, tflip, tdist = load_group(args.dp_dir, "technosphere")
    br, bc, bv, bflip, bdist = load_group(args.dp_dir, "biosphere")
    ti = np.searchsorted(products, tr), np.searchsorted(activities, tc)
    bj = baseline_lca.map_ids(bc, activities)
    ok = bj >= 0
    bi = np.searchsorted(flows, br[ok]), bj[ok]
    rng = np.random.default_rng(args.seed)
    draw_t, draw_b = sampler(tdist, tv, rng), sampler(bdist, bv, rng)
    f = np.zeros(len(products))
    f[np.searchsorted(products, args.demand)] = 1.0
    n, m = len(products), len(flows)

    times, scores = [], []
    for _ in range(args.iterations):
        t0 = time.perf_counter()
        t = draw_t()
        b = draw_b()
        A = sp.coo_matrix((np.where(tflip, -t, t), ti),
                          shape=(n, len(activities))).tocsc()
        B = sp.coo_matrix((np.where(bflip, -b, b)[ok], bi),
                          shape=(m, len(activities))).tocsr()
        s = splu(A, permc_spec=args.ordering).solve(f)
        scores.append(float(c @ (B @ s)))
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(json.dumps({"iterations": args.iterations,
                      "seconds_per_iteration": med,
                      "iterations_per_second": 1.0 / med,
                      "mean": float(np.mean(scores)),
                      "sd": float(np.std(scores, ddof=1))
                      if len(scores) > 1 else 0.0}))


if __name__ == "__main__":
    main()
