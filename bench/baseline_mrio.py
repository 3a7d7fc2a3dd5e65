#!/usr/bin/python3
"""The EE-MRIO baseline: what a pymrio user's `pymrio.load_all(DIR)` and
`calc_all()` do, with NumPy and pandas only (no pymrio: Debian ships
python3-numpy and python3-pandas, not pymrio).

Usage: baseline_mrio.py SAVE_DIR [--stressors-checked 5]

SAVE_DIR is a system in pymrio's save format (bench/gen_mrio.py writes one):
file_parameters.json, tables with multi-row headers and index columns, one
sub-folder per extension with its own file_parameters.json.

Phases, timed one by one, with the formulas of pymrio's iomath.py (calc_x,
calc_A, calc_L, calc_S, calc_S_Y, calc_M, calc_accounts) and of
Extension.calc_system for the per-region accounts:
  read      pandas.read_csv of every table file_parameters.json lists
            (header rows and index columns as given there), core and
            extensions, as pymrio's load does
  A         x = row sums of [Z Y] (calc_x), A = Z diag(1/x) (1/0 -> 0)
  L         L = numpy.linalg.inv(I - A)
  M         S = F diag(1/x), S_Y = F_Y diag(1/y) (y = column sums of Y),
            M = S L (a DataFrame product)
  accounts  Y_agg = Y summed over the categories of each region;
            Y_diag = each region's column spread on the diagonal of its
            sector blocks (n x n); x_diag = L Y_diag; D_cba = S x_diag;
            D_pba = S diag(x_diag 1); x_trade = x_diag with the domestic
            blocks set to 0; D_imp = S x_trade; D_exp = S diag(x_trade 1);
            then the per-region accounts: D_cba_reg, D_pba_reg (+ F_Y summed
            per region), D_imp_reg, D_exp_reg
One JSON line: seconds per phase, peak RSS (getrusage, MiB), the sizes, and
checksums: for the first --stressors-checked stressors of each extension
the sums over all columns of D_cba, D_pba, D_imp, D_exp and M, and
D_cba_reg's first region, to compare with metabol's results.
"""

import argparse
import json
import os
import resource
import time

import numpy as np
import pandas as pd


def read_table(folder, spec):
    nh, ni = int(spec["nr_header"]), int(spec["nr_index_col"])
    return pd.read_csv(os.path.join(folder, spec["name"]), sep="\t",
                       header=list(range(nh)) if nh > 1 else 0,
                       index_col=list(range(ni)) if ni > 1 else 0)


def read_system(path):
    """{"core": {name: DataFrame}, extension name: {...}}, pymrio-style:
    every sub-folder with a file_parameters.json is an extension."""
    def read_folder(folder):
        with open(os.path.join(folder, "file_parameters.json")) as f:
            para = json.load(f)
        return {k: read_table(folder, v) for k, v in para["files"].items()}

    system = {"core": read_folder(path)}
    for entry in sorted(os.listdir(path)):
        sub = os.path.join(path, entry)
        if os.path.isfile(os.path.join(sub, "file_parameters.json")):
            system[entry] = read_folder(sub)
    return system


def reciprocal(v):
    """1/v with 1/0 set to 0, as pymrio's calc_A does."""
    with np.errstate(divide="ignore"):
        r = 1.0 / v
    r[r == np.inf] = 0.0
    return r


def diagonalize_blocks(arr, blocksize):
    """Each column of arr (n x r) spread on the diagonals of its column's
    blocks: out[i, c*b + i%b] = arr[i, c] (pymrio's diagonalize_blocks)."""
    n, ncol = arr.shape
    out = np.zeros((n, blocksize * ncol))
    i = np.arange(n)
    for c in range(ncol):
        out[i, c * blocksize + i % blocksize] = arr[:, c]
    return out


def set_dom_blocks_zero(arr, blocksize):
    out = arr.copy()
    for b in range(0, arr.shape[0], blocksize):
        out[b:b + blocksize, b:b + blocksize] = 0.0
    return out


def sum_per_region(df):
    """Columns summed per region (the first column level), in the order the
    regions appear."""
    regions = df.columns.get_level_values(0).unique()
    return df.T.groupby(level=0, sort=False).sum().T.reindex(regions, axis=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("save_dir")
    ap.add_argument("--stressors-checked", type=int, default=5)
    args = ap.parse_args()
    times = {}

    t = time.perf_counter()
    system = read_system(args.save_dir)
    times["read"] = time.perf_counter() - t
    core = system.pop("core")
    Z, Y = core["Z"], core["Y"]
    regions = Z.columns.get_level_values(0).unique()
    nsec = Z.columns.get_level_values(1).unique().size

    t = time.perf_counter()
    x = pd.DataFrame(np.sum(np.hstack((Z.values, Y.values)), 1)
                     .reshape(-1, 1), index=Z.index, columns=["indout"])
    A = pd.DataFrame(Z.values * reciprocal(x.values).reshape(1, -1),
                     index=Z.index, columns=Z.columns)
    times["A"] = time.perf_counter() - t

    t = time.perf_counter()
    L = pd.DataFrame(np.linalg.inv(np.eye(A.shape[0]) - A.values),
                     index=A.index, columns=A.columns)
    times["L"] = time.perf_counter() - t

    # Each extension: S, S_Y, M; then the accounts.
    times["M"] = 0.0
    times["accounts"] = 0.0
    y_vec = Y.sum(axis=0)
    Y_agg = sum_per_region(Y)
    checks = {}
    k = args.stressors_checked
    for name, ext in system.items():
        F, F_Y = ext["F"], ext.get("F_Y")
        t = time.perf_counter()
        S = pd.DataFrame(F.values * reciprocal(x.values).reshape(1, -1),
                         index=F.index, columns=F.columns)
        S_Y = None
        if F_Y is not None:
            S_Y = pd.DataFrame(
                F_Y.values * reciprocal(y_vec.values).reshape(1, -1),
                index=F_Y.index, columns=F_Y.columns)
        M = S.dot(L)
        times["M"] += time.perf_counter() - t

        t = time.perf_counter()
        Y_diag = diagonalize_blocks(Y_agg.values, nsec)
        x_diag = L.dot(Y_diag)
        x_tot = x_diag.values.sum(1)
        del Y_diag
        D_cba = pd.DataFrame(S.values.dot(x_diag), index=S.index,
                             columns=S.columns)
        D_pba = pd.DataFrame(S.values * x_tot.reshape(1, -1), index=S.index,
                             columns=S.columns)
        x_trade = set_dom_blocks_zero(x_diag.values, nsec)
        del x_diag
        D_imp = pd.DataFrame(S.values.dot(x_trade), index=S.index,
                             columns=S.columns)
        x_exp = x_trade.sum(1)
        del x_trade
        D_exp = pd.DataFrame(S.values * x_exp.reshape(1, -1), index=S.index,
                             columns=S.columns)
        F_Y_agg = sum_per_region(F_Y) if F_Y is not None else 0
        D_cba_reg = sum_per_region(D_cba) + F_Y_agg
        D_pba_reg = sum_per_region(D_pba) + F_Y_agg
        D_imp_reg = sum_per_region(D_imp)
        D_exp_reg = sum_per_region(D_exp)
        times["accounts"] += time.perf_counter() - t

        rows = [str(s) for s in F.index[:k]]
        checks[name] = {
            "stressors": rows,
            **{acc: df.values[:k].sum(1).tolist() for acc, df in
               [("D_cba", D_cba), ("D_pba", D_pba), ("D_imp", D_imp),
                ("D_exp", D_exp), ("M", M)]},
            f"D_cba_reg[{regions[0]}]": D_cba_reg.values[:k, 0].tolist(),
            "D_imp_reg_total": float(D_imp_reg.values.sum()),
            "D_exp_reg_total": float(D_exp_reg.values.sum()),
            "D_pba_reg_total": float(D_pba_reg.values.sum()),
            "S_Y_nonzero": (int(np.count_nonzero(S_Y.values))
                            if S_Y is not None else None)}

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    x_file = core.get("x")
    print(json.dumps({
        "n": int(Z.shape[0]), "regions": int(regions.size), "sectors": nsec,
        "fd_columns": int(Y.shape[1]),
        "stressors": {k2: int(v["F"].shape[0]) for k2, v in system.items()},
        "seconds": {p: round(v, 3) for p, v in times.items()},
        "seconds_total": round(sum(times.values()), 3),
        "peak_rss_mib": round(peak, 1),
        "x_vs_file_max_rel": (float(np.max(np.abs(
            x.values[:, 0] - x_file.values[:, 0]) / x_file.values[:, 0]))
            if x_file is not None else None),
        "checks": checks}))


if __name__ == "__main__":
    main()
