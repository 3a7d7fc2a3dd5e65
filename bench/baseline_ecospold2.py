#!/usr/bin/python3
"""The baseline for importing a directory of EcoSpold 2 activity datasets:
what a Python user does today without Brightway (whose bw2io reads the
files the same way, with lxml), then one LCA. Kept plain, as the reference
metabol's EcoSpold 2 import is checked against.

Usage: baseline_ecospold2.py DIR PROCESS_UUID [--amount 1]

Phases (time.perf_counter):
  read_parse   lxml.etree.parse of every *.spold file in DIR, and the
               fields an LCA needs taken from the tree: activity id,
               intermediate and elementary exchanges (flow id, amount,
               unit name, input/output group, activityLinkId);
  build        units converted within their dimension (the same known
               unit names as metabol: kg, g, t, MJ, kWh, m3, l, ...),
               linking of product inputs (activityLinkId, else the single
               producer of the product), scipy.sparse A (activities x
               activities: the reference output positive, inputs
               negative, a self-loop netted on the diagonal) and B
               (elementary flows x activities: emissions positive,
               resources negative, as openLCA and metabol do);
  factorize    scipy.sparse.linalg.splu(A, permc_spec=MMD_AT_PLUS_A);
  solve        s = A^-1 f, f = AMOUNT of the reference product of
               PROCESS_UUID, and the inventory g = B s.

Amounts are the "amount" attributes: gen_ecospold2.py writes each
mathematicalRelation's value there, so formulas are not evaluated.

One JSON object goes to stdout, with the inventory by flow id.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
from lxml import etree
from scipy.sparse.linalg import splu

NS = "{http://www.EcoInvent.org/EcoSpold02}"

# unit name -> (dimension, size in the dimension's first unit)
UNITS = {
    "kg": ("mass", 1.0), "g": ("mass", 1e-3), "t": ("mass", 1e3),
    "mg": ("mass", 1e-6), "metric ton": ("mass", 1e3),
    "MJ": ("energy", 1.0), "kJ": ("energy", 1e-3), "GJ": ("energy", 1e3),
    "kWh": ("energy", 3.6), "Wh": ("energy", 3.6e-3),
    "m3": ("volume", 1.0), "l": ("volume", 1e-3),
    "kBq": ("radioactivity", 1.0), "Bq": ("radioactivity", 1e-3),
    "m2": ("area", 1.0), "ha": ("area", 1e4),
    "m2*year": ("area*time", 1.0), "ha*year": ("area*time", 1e4),
    "metric ton*km": ("transport", 1.0), "t*km": ("transport", 1.0),
    "kg*km": ("transport", 1e-3), "unit": ("items", 1.0),
}


def read(path):
    """The activities of DIR: (id, [exchanges]) with exchanges as tuples
    (elementary, flow id, amount, unit, is_input, is_reference, link)."""
    acts = []
    n_bytes = 0
    for name in sorted(os.listdir(path)):
        if not name.endswith(".spold"):
            continue
        full = os.path.join(path, name)
        n_bytes += os.path.getsize(full)
        root = etree.parse(full).getroot()
        ds = root.find(NS + "activityDataset")
        if ds is None:
            ds = root.find(NS + "childActivityDataset")
        act = ds.find(f"{NS}activityDescription/{NS}activity")
        ex = []
        for x in ds.find(NS + "flowData"):
            tag = x.tag[len(NS):]
            if tag not in ("intermediateExchange", "elementaryExchange"):
                continue
            elementary = tag == "elementaryExchange"
            flow = x.get("elementaryExchangeId" if elementary
                         else "intermediateExchangeId")
            ig = x.findtext(NS + "inputGroup")
            og = x.findtext(NS + "outputGroup")
            ex.append((elementary, flow, float(x.get("amount")),
                       x.findtext(NS + "unitName"), ig is not None,
                       og == "0" and not elementary,
                       x.get("activityLinkId")))
        acts.append((act.get("id"), ex))
    return acts, n_bytes


def build(acts):
    """A, B, the flow ids of B's rows and the column of each activity."""
    col = {aid: k for k, (aid, _) in enumerate(acts)}
    producer, flow_unit = {}, {}
    for k, (_, ex) in enumerate(acts):
        for e in ex:
            if e[5]:
                producer.setdefault(e[1], []).append(k)
                break
    rows_a, cols_a, vals_a = [], [], []
    rows_b, cols_b, vals_b = [], [], []
    brow = {}
    for k, (_, ex) in enumerate(acts):
        for elementary, flow, amount, unit, is_input, is_ref, link in ex:
            dim, factor = UNITS[unit]
            if flow_unit.setdefault(flow, dim) != dim:
                raise SystemExit(f"flow {flow} in {unit} and in another "
                                 f"dimension")
            v = amount * factor  # in the dimension's first unit
            if is_input:
                v = -v
            if elementary:
                rows_b.append(brow.setdefault(flow, len(brow)))
                cols_b.append(k)
                vals_b.append(v)
            elif is_ref:
                rows_a.append(k)
                cols_a.append(k)
                vals_a.append(v)
            elif is_input:
                if link is not None and link in col:
                    p = col[link]
                else:
                    ps = producer.get(flow, [])
                    if len(ps) != 1:
                        continue  # cut off
                    p = ps[0]
                rows_a.append(p)
                cols_a.append(k)
                vals_a.append(v)
    n = len(acts)
    A = sp.csc_matrix((vals_a, (rows_a, cols_a)), shape=(n, n))
    B = sp.csc_matrix((vals_b, (rows_b, cols_b)), shape=(len(brow), n))
    A.sum_duplicates()
    B.sum_duplicates()
    ids = [None] * len(brow)
    for f, r in brow.items():
        ids[r] = f
    return A, B, ids, col


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("process")
    ap.add_argument("--amount", type=float, default=1.0)
    args = ap.parse_args()
    t0 = time.perf_counter()
    acts, n_bytes = read(args.dir)
    t1 = time.perf_counter()
    A, B, ids, col = build(acts)
    t2 = time.perf_counter()
    lu = splu(A, permc_spec="MMD_AT_PLUS_A")
    t3 = time.perf_counter()
    f = np.zeros(A.shape[0])
    f[col[args.process]] = args.amount
    s = lu.solve(f)
    g = B @ s
    t4 = time.perf_counter()
    print(json.dumps({
        "tool": "python-lxml-scipy", "python": sys.version.split()[0],
        "scipy": scipy.__version__, "ordering": "MMD_AT_PLUS_A",
        "n_processes": len(acts),
        "n_exchanges": sum(len(ex) for _, ex in acts),
        "xml_bytes": n_bytes, "n_providers": A.shape[0],
        "technosphere_nnz": int(A.nnz), "biosphere_nnz": int(B.nnz),
        "inventory": {ids[r]: float(g[r]) for r in range(len(ids))},
        "timings_s": {"read_parse": t1 - t0, "build": t2 - t1,
                      "factorize": t3 - t2, "solve": t4 - t3,
                      "total": t4 - t0}}))


if __name__ == "__main__":
    main()
