#!/usr/bin/python3
"""A synthetic EXIOBASE-scale environmentally extended MRIO, written in
pymrio's save format (what pymrio.IOSystem.save_all writes as text), for
tests and benchmarks of `metabol mrio` (issue 6).

Usage: gen_mrio.py OUT_DIR [--regions 49] [--sectors 200] [--fd-categories 7]
                   [--stressors 1113] [--seed 1] [--density 0.35]

Layout (copied from ../shared/data/mrio/exio3_mock, pymrio's test archive
in its save format, and from what pandas' DataFrame.to_csv writes, which is
how pymrio's CoreSystem.save writes every table):

  OUT_DIR/file_parameters.json   {"files": {NAME: {"name": "NAME.txt",
                                  "nr_index_col": "2", "nr_header": "2"}},
                                  "systemtype": "IOSystem"}
  OUT_DIR/metadata.json          name, description, system, version, history
  OUT_DIR/Z.txt                  n x n flows; 2 header rows (region, sector),
                                  an index-names row, 2 index columns
  OUT_DIR/Y.txt                  n x r*c final demand; header rows (region,
                                  category)
  OUT_DIR/x.txt                  gross output: index (region, sector), one
                                  column "indout"
  OUT_DIR/unit.txt               index (region, sector), column "unit"
  OUT_DIR/satellite/file_parameters.json   "systemtype": "Extension",
                                  "name": "satellite"
  OUT_DIR/satellite/F.txt        stressors x n; 2 header rows, an index-names
                                  row ("stressor"), 1 index column
  OUT_DIR/satellite/F_Y.txt      stressors x r*c
  OUT_DIR/satellite/unit.txt     index "stressor", column "unit"

Tab separated, "\\n" line ends, numbers as Python's repr of the float (the
shortest string that reads back to the same double: what pandas writes
without a float_format; pymrio's own save defaults to "%.12g").

The structure (assumptions, no published figure used: see docs/mrio-bench.md):
- A is built first, column by column block: the domestic block of a region
  dense (--dom-density, default 0.75), the trade blocks sparser (each
  region pair gets its own density, lognormal with median --density,
  0.30, mean ~0.34; Z comes out ~35 % nonzero) and smaller (5-30 % of a column's inputs are imported).
  Values are lognormal (sigma 2.5: entries span ~10 orders of magnitude);
  each column is scaled so its sum is in [0.2, 0.85]: I - A is strictly
  column diagonally dominant, so well conditioned and L = (I - A)^-1 >= 0.
- Y: households dense and largest, government/NPISH/capital formation
  sparser, changes in inventories signed and small, valuables rare, the last
  category ("Export") zero as in an MRIO (trade is inside Z and Y);
  domestic rows dominate, imports smaller and sparser. Row sums > 0.
- x = (I - A)^-1 y (y = row sums of Y) by one dense LU solve, Z = A diag(x):
  the table balances exactly up to rounding (x = Z 1 + Y 1).
- F: 1,113 stressors; a fifth dense (employment, energy-like), the rest tied
  to a subset of products (as land use, extraction and process emissions
  are), from half of them down to a single product, and some regions
  missing; intensities lognormal with stressor-specific scales (1e-6 ..
  1e6 per unit output). F_Y: household direct emissions for ~10 % of the
  stressors, in the household column of each region.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import scipy.linalg

# EXIOBASE 3's 49 region codes (44 countries, 5 rest-of-world regions).
EXIO_REGIONS = (
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO "
    "SE SI SK GB US JP CN CA KR BR IN MX RU AU CH TR TW NO ID ZA WA WL WE WF "
    "WM").split()

# pymrio's exio3_mock final-demand category names (EXIOBASE 3's).
FD_CATEGORIES = [
    "Final consumption expenditure by households",
    "Final consumption expenditure by non-profit organisations serving "
    "households (NPISH)",
    "Final consumption expenditure by government",
    "Gross fixed capital formation",
    "Changes in inventories",
    "Changes in valuables",
    "Export",
]

COMPARTMENTS = ["air", "water", "soil", "resource", "employment", "energy"]
UNITS = {"air": "kg", "water": "kg", "soil": "kg", "resource": "kt",
         "employment": "1000 p", "energy": "TJ"}


def names(args):
    regions = (EXIO_REGIONS[:args.regions] if args.regions <= 49 else
               [f"R{i:03d}" for i in range(1, args.regions + 1)])
    sectors = [f"Product {i:03d}" for i in range(1, args.sectors + 1)]
    cats = (FD_CATEGORIES[:args.fd_categories]
            if args.fd_categories <= len(FD_CATEGORIES) else
            [f"Category {i}" for i in range(1, args.fd_categories + 1)])
    stressors = [f"Stressor {i:04d} - {COMPARTMENTS[i % len(COMPARTMENTS)]}"
                 for i in range(1, args.stressors + 1)]
    return regions, sectors, cats, stressors


def make_A(rng, r, s, dom_density, density):
    """The coefficient matrix, built one region's columns at a time."""
    n = r * s
    A = np.zeros((n, n))
    # Region-pair trade densities: around `density`, lower for some pairs.
    pair = np.clip(density * rng.lognormal(0.0, 0.5, (r, r)), 0.01, 0.95)
    for c in range(r):
        cols = slice(c * s, (c + 1) * s)
        block = A[:, cols]  # a view: filled in place
        p = np.repeat(pair[:, c], s)[:, None]
        p[c * s:(c + 1) * s] = dom_density
        mask = rng.random((n, s)) < p
        vals = rng.lognormal(0.0, 2.5, (n, s))
        vals *= mask
        dom_sum = vals[c * s:(c + 1) * s].sum(axis=0)
        trade_sum = (vals[:c * s].sum(axis=0)
                     + vals[(c + 1) * s:].sum(axis=0))
        colsum = rng.uniform(0.2, 0.85, s)
        imp_share = rng.uniform(0.05, 0.30, s)
        imp_share[trade_sum == 0] = 0.0
        with np.errstate(divide="ignore", invalid="ignore"):
            f_dom = np.where(dom_sum > 0, colsum * (1 - imp_share) / dom_sum,
                             0.0)
            f_trade = np.where(trade_sum > 0, colsum * imp_share / trade_sum,
                               0.0)
        dom_rows = slice(c * s, (c + 1) * s)
        vals[:c * s] *= f_trade[None, :]
        vals[(c + 1) * s:] *= f_trade[None, :]
        vals[dom_rows] *= f_dom[None, :]
        block[:] = vals
    return A


def make_Y(rng, r, s, cats):
    n, k = r * s, len(cats)
    Y = np.zeros((n, r * k))
    # (share of the region's demand, density of domestic rows, of imports)
    spec = {0: (1.0, 0.95, 0.5), 1: (0.03, 0.3, 0.05), 2: (0.25, 0.3, 0.05),
            3: (0.3, 0.4, 0.2), 4: (0.02, 0.5, 0.2), 5: (0.005, 0.02, 0.01)}
    size = rng.lognormal(0.0, 1.0, r)  # economy sizes
    for c in range(r):
        for j in range(k):
            if cats[j] == "Export":
                continue
            share, d_dom, d_imp = spec.get(j, (0.1, 0.3, 0.1))
            p = np.full(n, d_imp)
            p[c * s:(c + 1) * s] = d_dom
            v = rng.lognormal(0.0, 2.0, n) * (rng.random(n) < p)
            v[np.arange(n) // s != c] *= 0.1
            v *= 1e5 * size[c] * share / max(v.sum(), 1e-300)
            if cats[j] == "Changes in inventories":
                v *= np.where(rng.random(n) < 0.4, -1.0, 1.0)
            Y[:, c * k + j] = v
    # Keep every row's total demand positive (inventory draw-downs can
    # exceed a row's other demand): top up the domestic households.
    tot = Y.sum(axis=1)
    short = np.flatnonzero(tot <= 0)
    Y[short, (short // s) * k] += 1.0 - tot[short]
    return Y


def make_F(rng, r, s, q, x):
    n = r * s
    F = np.zeros((q, n))
    for i in range(q):
        scale = 10.0 ** rng.uniform(-6, 6)
        kind = rng.random()
        if kind < 0.2:          # dense: employment, energy use, ...
            mask = rng.random(n) < 0.95
        else:                   # tied to some products, some regions
            nprod = max(1, int(s * 10.0 ** rng.uniform(-2.3, -0.3)))
            prods = np.zeros(s, bool)
            prods[rng.choice(s, nprod, replace=False)] = True
            regs = rng.random(r) < rng.uniform(0.3, 1.0)
            mask = (np.tile(prods, r) & np.repeat(regs, s)
                    & (rng.random(n) < 0.9))
        F[i] = mask * rng.lognormal(0.0, 1.5, n) * scale * x
    return F


def make_F_Y(rng, r, k, q, Y):
    F_Y = np.zeros((q, r * k))
    hh = Y[:, 0::k].sum(axis=0)  # household demand per region
    for i in np.flatnonzero(rng.random(q) < 0.1):
        F_Y[i, 0::k] = (rng.lognormal(0.0, 1.0, r) * 10.0 ** rng.uniform(-3, 3)
                        * hh * (rng.random(r) < 0.9))
    return F_Y


def write_table(path, data, row_labels, col_levels, index_names):
    """Write as pandas' to_csv(sep="\\t") does: one line per column level
    (its name, blanks under the other index columns, the labels), a line of
    the index names, then the rows (labels, values as repr)."""
    nidx = len(index_names)
    ncols = data.shape[1]
    with open(path, "w", buffering=1 << 22) as f:
        for name, labels in col_levels:
            f.write(name + "\t" * nidx + "\t".join(labels) + "\n")
        f.write("\t".join(index_names) + "\t" * ncols + "\n")
        step = 64
        for a in range(0, data.shape[0], step):
            rows = data[a:a + step].tolist()
            f.write("".join(
                row_labels[a + i] + "\t" + "\t".join(map(repr, row)) + "\n"
                for i, row in enumerate(rows)))


def write_plain(path, header, rows):
    with open(path, "w") as f:
        f.write("\t".join(header) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")


def write_params(path, files, systemtype, name=None):
    para = {"files": {k: {"name": k + ".txt", "nr_index_col": str(ic),
                          "nr_header": str(hr)} for k, ic, hr in files},
            "systemtype": systemtype}
    if name is not None:
        para["name"] = name
    with open(os.path.join(path, "file_parameters.json"), "w") as f:
        json.dump(para, f, indent=4)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--regions", type=int, default=49)
    ap.add_argument("--sectors", type=int, default=200)
    ap.add_argument("--fd-categories", type=int, default=7)
    ap.add_argument("--stressors", type=int, default=1113)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--density", type=float, default=0.30,
                    help="median density of the trade blocks of Z (their "
                    "mean is ~13 %% higher)")
    ap.add_argument("--dom-density", type=float, default=0.75,
                    help="density of the domestic blocks of Z")
    args = ap.parse_args()
    if min(args.regions, args.sectors, args.fd_categories,
           args.stressors) < 1:
        sys.exit("gen_mrio.py: every size must be at least 1")
    t0 = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    regions, sectors, cats, stressors = names(args)
    r, s, k, q = len(regions), len(sectors), len(cats), len(stressors)
    n = r * s

    A = make_A(rng, r, s, args.dom_density, args.density)
    Y = make_Y(rng, r, s, cats)
    y = Y.sum(axis=1)
    IA = np.eye(n)
    IA -= A
    x = scipy.linalg.solve(IA, y, overwrite_a=True, check_finite=False)
    del IA
    if not (x > 0).all():
        sys.exit("gen_mrio.py: a gross output came out non-positive")
    Z = A
    Z *= x[None, :]  # Z = A diag(x), in place
    F = make_F(rng, r, s, q, x)
    F_Y = make_F_Y(rng, r, k, q, Y)
    t_gen = time.perf_counter() - t0

    out = args.out_dir
    os.makedirs(os.path.join(out, "satellite"), exist_ok=True)
    sec_cols = [("region", [g for g in regions for _ in sectors]),
                ("sector", sectors * r)]
    fd_cols = [("region", [g for g in regions for _ in cats]),
               ("category", cats * r)]
    rs_rows = [f"{g}\t{p}" for g in regions for p in sectors]
    write_table(os.path.join(out, "Z.txt"), Z, rs_rows, sec_cols,
                ["region", "sector"])
    write_table(os.path.join(out, "Y.txt"), Y, rs_rows, fd_cols,
                ["region", "sector"])
    write_plain(os.path.join(out, "x.txt"), ["region", "sector", "indout"],
                ([lab, repr(v)] for lab, v in zip(rs_rows, x.tolist())))
    write_plain(os.path.join(out, "unit.txt"), ["region", "sector", "unit"],
                ([lab, "M.EUR"] for lab in rs_rows))
    write_params(out, [("Z", 2, 2), ("Y", 2, 2), ("x", 2, 1), ("unit", 2, 1)],
                 "IOSystem")
    sat = os.path.join(out, "satellite")
    write_table(os.path.join(sat, "F.txt"), F, stressors, sec_cols,
                ["stressor"])
    write_table(os.path.join(sat, "F_Y.txt"), F_Y, stressors, fd_cols,
                ["stressor"])
    write_plain(os.path.join(sat, "unit.txt"), ["stressor", "unit"],
                ([st, UNITS[st.rsplit(" - ", 1)[1]]] for st in stressors))
    write_params(sat, [("F", 1, 2), ("F_Y", 1, 2), ("unit", 1, 1)],
                 "Extension", "satellite")
    with open(os.path.join(out, "metadata.json"), "w") as f:
        json.dump({"description": f"synthetic EXIOBASE-scale MRIO "
                   f"({r} regions x {s} sectors, {k} final demand "
                   f"categories, {q} stressors; bench/gen_mrio.py, seed "
                   f"{args.seed})",
                   "name": "synthetic_mrio", "system": "pxp",
                   "version": "synthetic", "history": []}, f, indent=4)
    t_all = time.perf_counter() - t0
    colsum = A.sum(axis=0) / np.where(x > 0, x, 1)  # A is Z now
    print(json.dumps({
        "out": out, "regions": r, "sectors": s, "n": n,
        "fd_columns": r * k, "stressors": q,
        "Z_density": float(np.count_nonzero(Z) / Z.size),
        "F_density": float(np.count_nonzero(F) / F.size),
        "max_A_colsum": float(colsum.max()),
        "seconds_generate": round(t_gen, 2),
        "seconds_write": round(t_all - t_gen, 2)}))


if __name__ == "__main__":
    main()
