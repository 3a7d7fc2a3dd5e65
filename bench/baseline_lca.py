#!/usr/bin/python3
"""The baseline metabol is measured against: one LCA the way bw2calc does it,
with NumPy and SciPy only (no bw2calc, no PyPardiso, no scikit-umfpack).

Usage: baseline_lca.py DP_DIR DEMAND_ID [--ordering MMD_AT_PLUS_A]
           [--diag-pivot-thresh T] [--repeat-demands K]
           [--all-scores-sample S] [--no-transposed] [--seed N]
       baseline_lca.py DP_DIR DEMAND_ID --compare-orderings [--timeout SEC]

Steps, as bw2calc 2.x performs them (bw2calc/lca.py, matrix_utils):
  load         read datapackage.json and np.load every indices/data/flip
               array it names (a directory datapackage);
  build        map ids to positions like bw2calc's mappers (sorted unique
               ids -> 0..n-1): technosphere rows = products, columns =
               activities; biosphere rows = flows, columns through the
               activity mapping; characterization = one vector over the flows
               per method, entries of unknown flows dropped; flip negates;
               duplicates summed (scipy COO -> CSC);
  factorize    scipy.sparse.linalg.splu(A, permc_spec=ORDERING), which is
               what bw2calc's factorized() calls when no PyPardiso or UMFPACK
               is installed (there with SuperLU's default COLAMD);
  solve        s = A^-1 f for one unit of the product DEMAND_ID;
  characterize g = B s, then h_m = c_m . g for every method.
The scores come out as {"<identifier joined by '/'>": score}, the names
metabol uses, so bench/run can compare them.

Ordering (measured on bench/data/synthetic-25k with --compare-orderings,
see docs/performance.md): MMD_AT_PLUS_A is the default because it is the
fastest. SuperLU's default COLAMD, and MMD_ATA, order for the pattern of
A^T A, in which every market row consumed by k activities becomes a k-clique;
on LCA's market hubs that is pathological (tens of millions of L+U entries,
minutes). NATURAL follows the random id order. The pivot threshold is left
at SuperLU's default (1.0) unless --diag-pivot-thresh is given: that is what
bw2calc users get.

Also reported: the median time of one further solve with the kept
factorization over K random unit demands, and the time of S one-at-a-time
"scores of one activity" computations (solve A s = e_i, g = B s, h = C g),
extrapolated to all n products (what a Brightway user does to score every
activity), plus for reference the same with SciPy's transposed solves
(A^T X = (C B)^T, one solve per method).

One JSON line goes to stdout. Timings use time.perf_counter.
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
from scipy.sparse.linalg import splu

ORDERINGS = ("MMD_AT_PLUS_A", "MMD_ATA", "COLAMD", "NATURAL")


def load(dp_dir):
    """Arrays per (matrix, group, kind), plus each group's identifier."""
    with open(os.path.join(dp_dir, "datapackage.json")) as f:
        meta = json.load(f)
    arrays, names = {}, {}
    for res in meta["resources"]:
        kind = res.get("kind")
        if kind not in ("indices", "data", "flip"):
            continue
        key = (res.get("matrix"), res["group"])
        arrays.setdefault(key, {})[kind] = np.load(
            os.path.join(dp_dir, res["path"]), allow_pickle=False)
        ident = res.get("identifier")
        names[key] = "/".join(ident) if ident else res["group"]
    return arrays, names


def concat(arrays, matrix):
    """Rows, cols and signed values of every group of one matrix."""
    rows, cols, vals = [], [], []
    for (m, _group), a in sorted(arrays.items()):
        if m != matrix:
            continue
        ind, data = a["indices"], a["data"].astype(np.float64)
        if "flip" in a:
            data = np.where(a["flip"], -data, data)
        rows.append(ind["row"].astype(np.int64))
        cols.append(ind["col"].astype(np.int64))
        vals.append(data)
    if not rows:
        sys.exit(f"baseline_lca: no {matrix} in the datapackage")
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)


def map_ids(ids, mapping):
    """Positions of ids in the sorted array mapping, -1 when absent."""
    pos = np.searchsorted(mapping, ids)
    pos = np.minimum(pos, len(mapping) - 1)
    return np.where(mapping[pos] == ids, pos, -1)


def build(arrays, names):
    r, c, v = concat(arrays, "technosphere_matrix")
    products, activities = np.unique(r), np.unique(c)
    A = sp.coo_matrix((v, (np.searchsorted(products, r),
                           np.searchsorted(activities, c))),
                      shape=(len(products), len(activities))).tocsc()
    A.sum_duplicates()

    r, c, v = concat(arrays, "biosphere_matrix")
    flows = np.unique(r)
    cj = map_ids(c, activities)
    ok = cj >= 0
    B = sp.coo_matrix((v[ok], (np.searchsorted(flows, r[ok]), cj[ok])),
                      shape=(len(flows), len(activities))).tocsr()
    B.sum_duplicates()

    method_names, crow, ccol, cval = [], [], [], []
    for key in sorted(k for k in arrays if k[0] == "characterization_matrix"):
        a = arrays[key]
        fi = map_ids(a["indices"]["row"].astype(np.int64), flows)
        ok = fi >= 0
        crow.append(np.full(int(ok.sum()), len(method_names)))
        ccol.append(fi[ok])
        cval.append(a["data"][ok].astype(np.float64))
        method_names.append(names[key])
    C = sp.coo_matrix((np.concatenate(cval),
                       (np.concatenate(crow), np.concatenate(ccol))),
                      shape=(len(method_names), len(flows))).tocsr()
    C.sum_duplicates()
    return A, B, C, products, activities, flows, method_names


def compare_orderings(args):
    """Factorize with each ordering in a child (SuperLU cannot be
    interrupted) and print one JSON line per ordering and threshold."""
    for thresh in (None, 0.1):
        for ordering in ORDERINGS:
            cmd = [sys.executable, os.path.abspath(__file__), args.dp_dir,
                   str(args.demand_id), "--ordering", ordering,
                   "--repeat-demands", "0", "--all-scores-sample", "0",
                   "--no-transposed"]
            if thresh is not None:
                cmd += ["--diag-pivot-thresh", str(thresh)]
            t0 = time.perf_counter()
            try:
                out = subprocess.run(cmd, capture_output=True, text=True,
                                     timeout=args.timeout, check=True).stdout
                r = json.loads(out)
                line = {"ordering": ordering, "diag_pivot_thresh": thresh,
                        "factorize_s": r["timings_s"]["factorize"],
                        "lu_nnz": r["lu_nnz"],
                        "fill": r["lu_nnz"] / r["technosphere_nnz"],
                        "residual": r["residual"]}
            except subprocess.TimeoutExpired:
                line = {"ordering": ordering, "diag_pivot_thresh": thresh,
                        "factorize_s": None,
                        "note": f"killed after {args.timeout} s"}
            except subprocess.CalledProcessError as e:
                line = {"ordering": ordering, "diag_pivot_thresh": thresh,
                        "error": e.stderr.strip()[-300:]}
            line["wall_s"] = time.perf_counter() - t0
            print(json.dumps(line), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dp_dir")
    ap.add_argument("demand_id", type=int)
    ap.add_argument("--ordering", default="MMD_AT_PLUS_A", choices=ORDERINGS)
    ap.add_argument("--diag-pivot-thresh", type=float, default=None,
                    help="SuperLU's threshold (default: SuperLU's, 1.0)")
    ap.add_argument("--repeat-demands", type=int, default=20, metavar="K")
    ap.add_argument("--all-scores-sample", type=int, default=200,
                    metavar="S")
    ap.add_argument("--no-transposed", action="store_true",
                    help="skip the transposed-solve reference figure")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--compare-orderings", action="store_true")
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()
    if args.compare_orderings:
        compare_orderings(args)
        return

    t = {}
    t0 = time.perf_counter()
    arrays, names = load(args.dp_dir)
    t1 = time.perf_counter()
    A, B, C, products, activities, flows, methods = build(arrays, names)
    t2 = time.perf_counter()
    if A.shape[0] != A.shape[1]:
        sys.exit(f"baseline_lca: technosphere is {A.shape[0]} x "
                 f"{A.shape[1]}, not square")
    opts = {"permc_spec": args.ordering}
    if args.diag_pivot_thresh is not None:
        opts["diag_pivot_thresh"] = args.diag_pivot_thresh
    lu = splu(A, **opts)
    t3 = time.perf_counter()
    k = np.searchsorted(products, args.demand_id)
    if k >= len(products) or products[k] != args.demand_id:
        sys.exit(f"baseline_lca: demand {args.demand_id} is not a product")
    f = np.zeros(len(products))
    f[k] = 1.0
    s = lu.solve(f)
    t4 = time.perf_counter()
    g = B @ s
    h = C @ g
    t5 = time.perf_counter()
    t = {"load": t1 - t0, "build": t2 - t1, "factorize": t3 - t2,
         "solve": t4 - t3, "characterize": t5 - t4,
         "total_in_process": t5 - t0}
    residual = float(np.abs(A @ s - f).max() / np.abs(f).max())

    out = {
        "tool": "scipy-splu",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "ordering": args.ordering,
        "diag_pivot_thresh": (args.diag_pivot_thresh
                              if args.diag_pivot_thresh is not None
                              else 1.0),
        "demand_id": args.demand_id,
        "n_products": int(A.shape[0]),
        "n_flows": int(B.shape[0]),
        "n_methods": len(methods),
        "technosphere_nnz": int(A.nnz),
        "biosphere_nnz": int(B.nnz),
        "lu_nnz": int(lu.L.nnz + lu.U.nnz),
        "residual": residual,
        "timings_s": t,
        "scores": {name: float(x) for name, x in zip(methods, h)},
    }

    rng = np.random.default_rng(args.seed)
    n = A.shape[0]
    if args.repeat_demands > 0:
        times = []
        for i in rng.choice(n, args.repeat_demands, replace=False):
            e = np.zeros(n)
            e[i] = 1.0
            t0 = time.perf_counter()
            lu.solve(e)
            times.append(time.perf_counter() - t0)
        out["further_demand_k"] = args.repeat_demands
        out["further_demand_median_s"] = float(np.median(times))

    if args.all_scores_sample > 0:
        sample = rng.choice(n, min(args.all_scores_sample, n), replace=False)
        scores = np.empty((len(sample), len(methods)))
        t0 = time.perf_counter()
        for r, i in enumerate(sample):
            e = np.zeros(n)
            e[i] = 1.0
            scores[r] = C @ (B @ lu.solve(e))
        dt = time.perf_counter() - t0
        out["all_scores_sample"] = int(len(sample))
        out["all_scores_sample_s"] = dt
        out["all_scores_extrapolated_s"] = dt / len(sample) * n
        if not args.no_transposed:
            t0 = time.perf_counter()
            CB = (C @ B).toarray().T  # activities x methods
            X = lu.solve(np.ascontiguousarray(CB), trans="T")
            out["all_scores_transposed_s"] = time.perf_counter() - t0
            ref = np.abs(X[sample]).max()
            out["all_scores_transposed_maxdiff"] = float(
                np.abs(X[sample] - scores).max() / ref) if ref else 0.0

    print(json.dumps(out))


if __name__ == "__main__":
    main()
