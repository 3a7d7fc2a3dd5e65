#!/usr/bin/python3
"""Give every technosphere and biosphere entry of a datapackage directory a
lognormal distribution (Brightway stats_arrays encoding, kind
"distributions"), for the Monte Carlo benchmark.

Usage: add_uncertainty.py DP_DIR OUT_DIR [--seed 7]

OUT_DIR gets DP_DIR's arrays (hard links when possible, else copies), its
datapackage.json with two more resources, and:
  technosphere.distributions.npy  lognormal (type 2), loc = ln|value| of the
      stored value (before flip: bw_processing flips after sampling),
      scale (sigma) uniform in [0.05, 0.25] for inputs and 0.01 for the
      production entries (the diagonal);
  biosphere.distributions.npy     lognormal, sigma uniform in [0.1, 0.5].
These spreads are of the order of ecoinvent's basic uncertainty plus
pedigree (total sigma 0.1-0.5 for most exchanges).
"""

import argparse
import json
import os
import shutil

import numpy as np

# stats_arrays' UNCERTAINTY_DTYPE as bw_processing writes it.
DTYPE = np.dtype([("uncertainty_type", "u1"), ("loc", "<f4"),
                  ("scale", "<f4"), ("shape", "<f4"), ("minimum", "<f4"),
                  ("maximum", "<f4"), ("negative", "?")])


def lognormals(values, sigma):
    d = np.zeros(len(values), DTYPE)
    d["uncertainty_type"] = 2
    d["loc"] = np.log(np.abs(values))
    d["scale"] = sigma
    d["shape"] = d["minimum"] = d["maximum"] = np.nan
    d["negative"] = values < 0
    return d


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dp_dir")
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out_dir, exist_ok=True)
    with open(os.path.join(args.dp_dir, "datapackage.json")) as f:
        meta = json.load(f)
    for res in meta["resources"]:
        src = os.path.join(args.dp_dir, res["path"])
        dst = os.path.join(args.out_dir, res["path"])
        if not os.path.exists(dst):
            try:
                os.link(src, dst)
            except OSError:
                shutil.copyfile(src, dst)
    extra = []
    for group, matrix in (("technosphere", "technosphere_matrix"),
                          ("biosphere", "biosphere_matrix")):
        values = np.load(os.path.join(args.dp_dir, f"{group}.data.npy"))
        if group == "technosphere":
            ind = np.load(os.path.join(args.dp_dir, f"{group}.indices.npy"))
            sigma = rng.uniform(0.05, 0.25, len(values))
            sigma[ind["row"] == ind["col"]] = 0.01
        else:
            sigma = rng.uniform(0.1, 0.5, len(values))
        name = f"{group}.distributions"
        np.save(os.path.join(args.out_dir, name + ".npy"),
                lognormals(values, sigma), allow_pickle=False)
        extra.append({"profile": "data-resource", "format": "npy",
                      "mediatype": "application/octet-stream", "name": name,
                      "matrix": matrix, "kind": "distributions",
                      "path": name + ".npy", "group": group,
                      "category": "vector", "nrows": int(len(values))})
    meta["resources"] += extra
    meta["name"] += "-lognormal"
    meta["id"] = meta["name"] + "-v1"
    with open(os.path.join(args.out_dir, "datapackage.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
