#!/usr/bin/python3
"""The baseline of `metabol paths`: a priority-first supply-chain traversal
the way bw_graph_tools does it (graph_traversal/same_node_each_visit.py and
new_node_each_visit.py: a heap of activities by cumulative score, each
activity one node, a CachingSolver that solves A x = e_i once per product and
scales it), with NumPy and SciPy only (no bw_graph_tools, no bw2calc).

Usage: baseline_paths.py DP_DIR DEMAND_ID METHOD [--cutoff 0.001]

Steps:
  load, build   as baseline_lca.py (bw2calc's matrices from the datapackage);
  factorize     scipy.sparse.linalg.splu(A, permc_spec=MMD_AT_PLUS_A), the
                ordering baseline_lca.py uses (see docs/performance.md);
  traverse      s = A^-1 f, total = c . B s; then from the demand, largest
                |cumulative| first: a node's cumulative score is
                s_j A_jj u_j with u_i the score of one unit of product i, and
                an edge's score -A_ij s_j u_i; u_i comes from one solve
                A x = e_i and c . B x, cached per product, computed for every
                input of every expanded activity (bw_graph_tools has to know
                an edge's score to compare it with the cutoff). An activity
                is expanded when |cumulative| >= cutoff |total|, an edge kept
                when |score| >= cutoff |total|, as metabol does.
Production exchanges are on the diagonal (the synthetic database gives
every activity its product's id: bw_graph_tools' first heuristic).

One JSON line goes to stdout: timings, counts, the number of solves, the
total, and the cumulative score of each node by activity id (bench/run
checks metabol's nodes against these). Timings use time.perf_counter.
"""

import argparse
import heapq
import json
import os
import sys
import time

import numpy as np
from scipy.sparse.linalg import splu

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import baseline_lca  # noqa: E402


def traverse(A, B, c, lu, f, cutoff):
    """(nodes {activity: cumulative}, edges, solves, total)."""
    n = A.shape[0]
    cb = B.T @ c  # direct score of one unit of each activity
    supply = lu.solve(f)
    total = float(cb @ supply)
    threshold = abs(total) * cutoff
    cache = {}

    def unit_score(i):
        if i not in cache:
            e = np.zeros(n)
            e[i] = 1.0
            cache[i] = float(cb @ lu.solve(e))
        return cache[i]

    diag = A.diagonal()

    def cumulative(j):
        return supply[j] * diag[j] * unit_score(j)

    nodes, seen, edges = {}, set(), 0
    heap = []
    for i in np.flatnonzero(f):
        if abs(f[i] * unit_score(i)) >= threshold:
            edges += 1
            seen.add(i)
            heapq.heappush(heap, (-abs(cumulative(i)), int(i)))
    while heap:
        _, j = heapq.heappop(heap)
        cum = cumulative(j)
        nodes[j] = cum
        if abs(cum) < threshold:
            continue
        col = A.indices[A.indptr[j]:A.indptr[j + 1]]
        val = A.data[A.indptr[j]:A.indptr[j + 1]]
        for i, a in zip(col, val):
            if i == j:
                continue
            score = -a * supply[j] * unit_score(i)
            if abs(score) < threshold:
                continue
            edges += 1
            if i not in seen:
                seen.add(i)
                heapq.heappush(heap, (-abs(cumulative(i)), int(i)))
    return nodes, edges, len(cache), total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dp_dir")
    ap.add_argument("demand_id", type=int)
    ap.add_argument("method")
    ap.add_argument("--cutoff", type=float, default=0.001)
    args = ap.parse_args()

    t0 = time.perf_counter()
    arrays, names = baseline_lca.load(args.dp_dir)
    t1 = time.perf_counter()
    A, B, C, products, activities, flows, methods = baseline_lca.build(
        arrays, names)
    if not np.array_equal(products, activities):
        sys.exit("baseline_paths: product and activity ids differ; this "
                 "baseline pairs them on the diagonal")
    m = methods.index(args.method)
    c = np.asarray(C[m].todense()).ravel()
    t2 = time.perf_counter()
    lu = splu(A.tocsc(), permc_spec="MMD_AT_PLUS_A")
    t3 = time.perf_counter()
    f = np.zeros(A.shape[0])
    f[np.searchsorted(products, args.demand_id)] = 1.0
    A = A.tocsc()
    nodes, edges, solves, total = traverse(A, B.tocsc(), c, lu, f,
                                           args.cutoff)
    t4 = time.perf_counter()
    print(json.dumps({
        "timings_s": {"load": t1 - t0, "build": t2 - t1,
                      "factorize": t3 - t2, "traverse": t4 - t3,
                      "total_in_process": t4 - t0},
        "cutoff": args.cutoff, "method": args.method, "total": total,
        "nodes": len(nodes), "edges": edges, "solves": solves,
        "cumulative": {str(int(activities[j])): v
                       for j, v in nodes.items()}}))


if __name__ == "__main__":
    main()
