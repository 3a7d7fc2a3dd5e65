#!/usr/bin/python3
"""Check that bench/gen_mrio.py writes pymrio's save format: a tiny table
(3 regions x 4 sectors, 5 stressors) is generated and read the way pymrio's
load does (file_parameters.json: header rows and index columns per table,
pandas.read_csv), next to pymrio's own mock EXIOBASE 3 archive
(../shared/data/mrio/exio3_mock, skipped with a note when absent):

- the same table kinds, the same header and index levels (names and
  count), float data, no NaN;
- the tables balance (x = Z 1 + Y 1) and A's column sums are below 1;
- every table written by gen_mrio.py is byte for byte what pandas'
  DataFrame.to_csv(sep="\\t") writes for the table read back (so the layout
  and the number formatting are pandas').

Usage: check_mrio_layout.py [--keep DIR]; prints "ok" or fails.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
MOCK = os.path.join(os.path.dirname(HERE), "..", "shared", "data", "mrio",
                    "exio3_mock")


def load_dir(path, exact=False):
    """{table name: DataFrame} for one system folder, as pymrio's load does
    (exact: with pandas' round-trip float parser, not its default "high"
    one, which can be off in the last bit)."""
    with open(os.path.join(path, "file_parameters.json")) as f:
        para = json.load(f)
    tables = {}
    for name, spec in para["files"].items():
        nh, ni = int(spec["nr_header"]), int(spec["nr_index_col"])
        tables[name] = pd.read_csv(
            os.path.join(path, spec["name"]), sep="\t",
            header=list(range(nh)) if nh > 1 else 0,
            index_col=list(range(ni)) if ni > 1 else 0,
            float_precision="round_trip" if exact else None)
    return para, tables


def fail(msg):
    print(f"check_mrio_layout: FAILED: {msg}")
    sys.exit(1)


def levels(ix):
    return list(ix.names), ix.nlevels


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep", metavar="DIR", help="generate into DIR")
    args = ap.parse_args()
    out = args.keep or tempfile.mkdtemp(prefix="mrio-layout-")
    subprocess.run([sys.executable, os.path.join(HERE, "gen_mrio.py"), out,
                    "--regions", "3", "--sectors", "4", "--stressors", "5"],
                   check=True, stdout=subprocess.DEVNULL)
    para, core = load_dir(out, exact=True)
    spara, sat = load_dir(os.path.join(out, "satellite"), exact=True)
    if para["systemtype"] != "IOSystem" or spara["systemtype"] != "Extension":
        fail("systemtype")

    # Shapes, level names, dtypes.
    Z, Y, x, F, F_Y = core["Z"], core["Y"], core["x"], sat["F"], sat["F_Y"]
    if Z.shape != (12, 12) or Y.shape != (12, 21) or F.shape != (5, 12) \
            or F_Y.shape != (5, 21) or x.shape != (12, 1):
        fail(f"shapes Z {Z.shape} Y {Y.shape} x {x.shape} F {F.shape} "
             f"F_Y {F_Y.shape}")
    for name, df in [("Z", Z), ("Y", Y), ("x", x), ("F", F), ("F_Y", F_Y)]:
        if not all(dt == np.float64 for dt in df.dtypes):
            fail(f"{name}: non-float columns")
        if df.isna().any().any():
            fail(f"{name}: NaN")
    if not (Z.index.equals(Z.columns) and Y.index.equals(Z.index)
            and F.columns.equals(Z.columns) and F_Y.columns.equals(Y.columns)
            and x.index.equals(Z.index)):
        fail("labels differ between tables")
    if levels(Z.index) != (["region", "sector"], 2) or \
            levels(Y.columns) != (["region", "category"], 2) or \
            levels(F.index) != (["stressor"], 1):
        fail("index level names")

    # Balance and A.
    xs = Z.values.sum(1) + Y.values.sum(1)
    if not np.allclose(xs, x.values[:, 0], rtol=1e-12, atol=0):
        fail("x != Z 1 + Y 1")
    if (Z.values.sum(0) / x.values[:, 0]).max() >= 1:
        fail("a column sum of A >= 1")

    # Byte-identical with pandas' own writer.
    for folder, tables in [(out, core),
                           (os.path.join(out, "satellite"), sat)]:
        for name, df in tables.items():
            path = os.path.join(folder, name + ".txt")
            with open(path) as f:
                ours = f.read()
            if df.to_csv(sep="\t") != ours:
                fail(f"{path} differs from pandas' to_csv of it")

    # Same layout as pymrio's mock EXIOBASE 3 (F_hh there is F_Y here).
    if os.path.isdir(MOCK):
        mpara, mcore = load_dir(MOCK)
        mspara, msat = load_dir(os.path.join(MOCK, "satellite"))
        pairs = [("Y", Y, mcore["Y"]), ("unit", core["unit"], mcore["unit"]),
                 ("F", F, msat["F"]), ("F_Y", F_Y, msat["F_hh"])]
        # The mock stores A where a saved system holds Z: same layout.
        pairs.append(("Z (mock A)", Z, mcore["A"]))
        for name, ours, theirs in pairs:
            for attr in ("index", "columns"):
                a, b = getattr(ours, attr), getattr(theirs, attr)
                if a.nlevels != b.nlevels:
                    fail(f"{name}.{attr}: {a.nlevels} levels, mock "
                         f"{b.nlevels}")
                if name != "F" and name != "F_Y" and list(a.names) != \
                        list(b.names):
                    fail(f"{name}.{attr}: names {list(a.names)}, mock "
                         f"{list(b.names)}")
        for name in ("A", "Y", "unit"):
            if mpara["files"][name]["nr_index_col"] != \
                    para["files"]["Z" if name == "A" else name][
                        "nr_index_col"]:
                fail(f"nr_index_col of {name}")
        print(f"layout matches {os.path.normpath(MOCK)} (A/Y/unit, "
              "satellite F/F_hh/unit)")
    else:
        print(f"note: {MOCK} absent: the comparison with pymrio's mock "
              "was skipped")
    print("ok")


if __name__ == "__main__":
    main()
