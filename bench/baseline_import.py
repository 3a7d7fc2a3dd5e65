#!/usr/bin/python3
"""The baseline for importing an openLCA JSON-LD zip: what a Python user
does today with such a file (zipfile, json, NumPy, SciPy; no olca-ipc, no
Brightway), then one LCA. It is the reference metabol's JSON-LD import and
LCA are checked against, so it is kept plain.

Usage: baseline_import.py ZIP PROCESS_UUID [--amount 1]
           [--ordering MMD_AT_PLUS_A]

Phases (timed with time.perf_counter):
  read_parse   open the zip with zipfile and json.loads every entity
               (olca-schema v2 names; "read" and "parse" are the two parts);
  build        index maps (units, flow properties, flows, providers),
               parameters and amount formulas (process scope), unit
               conversion to the reference unit of the flow's reference
               property (amount * unit factor / flow property factor),
               linking of product inputs (the defaultProvider when it makes
               that flow, else the single producer of the flow), allocation
               of multi-output processes (the factors of their
               defaultAllocationMethod, PHYSICAL or ECONOMIC), then
               scipy.sparse A (providers x providers: outputs positive,
               inputs negative, duplicates summed) and B (elementary flows
               used by some exchange x providers: outputs positive, inputs
               negative, as openLCA does) and the characterization matrix C
               (categories x flows; factors converted to the reference unit,
               negated for input flows, as openLCA does; factors on flows
               no exchange uses are dropped);
  factorize    scipy.sparse.linalg.splu(A, permc_spec=MMD_AT_PLUS_A), as
               baseline_lca.py;
  solve        s = A^-1 f, f = AMOUNT reference units of the reference
               product of PROCESS_UUID;
  characterize h = C (B s).

A provider is a (process, product output) pair: one per single-output
process, one per product of a multi-output process. Scores are keyed
"<method name>/<category name>" (for gen_jsonld.py's data the names
baseline_lca.py prints for the datapackage of the same size and seed).
Unsupported here, and refused rather than guessed: waste flows, avoided
products, causal allocation, multi-output processes without allocation
factors, global parameters, formulas beyond + - * / and parentheses.

One JSON object goes to stdout.
"""

import argparse
import ast
import json
import operator
import sys
import time
import zipfile

import numpy as np
import scipy
import scipy.sparse as sp
from scipy.sparse.linalg import splu

FOLDERS = ("unit_groups", "flow_properties", "flows", "locations",
           "processes", "lcia_methods", "lcia_categories")


def die(msg):
    sys.exit(f"baseline_import: {msg}")


# ----------------------------------------------------------------------
# Formulas: numbers, names (case-insensitive, as in openLCA), + - * /,
# unary signs and parentheses.
# ----------------------------------------------------------------------
BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub,
          ast.Mult: operator.mul, ast.Div: operator.truediv}
UNOPS = {ast.USub: operator.neg, ast.UAdd: operator.pos}


def compile_formula(text):
    try:
        return ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        die(f"formula {text!r}: not supported by this baseline")


def eval_node(node, lookup, text):
    if isinstance(node, ast.Constant) and isinstance(node.value,
                                                     (int, float)):
        return float(node.value)
    if isinstance(node, ast.Name):
        return lookup(node.id.lower())
    if isinstance(node, ast.BinOp) and type(node.op) in BINOPS:
        return BINOPS[type(node.op)](eval_node(node.left, lookup, text),
                                     eval_node(node.right, lookup, text))
    if isinstance(node, ast.UnaryOp) and type(node.op) in UNOPS:
        return UNOPS[type(node.op)](eval_node(node.operand, lookup, text))
    die(f"formula {text!r}: not supported by this baseline")


class Scope:
    """The parameters of one process, evaluated on demand."""

    def __init__(self, params, where):
        self.where = where
        self.defs, self.values = {}, {}
        for p in params:
            name = p["name"].lower()
            if p.get("isInputParameter", True) or not p.get("formula"):
                self.values[name] = float(p["value"])
            else:
                self.defs[name] = p["formula"]
        self.busy = set()

    def get(self, name):
        if name in self.values:
            return self.values[name]
        if name not in self.defs:
            die(f"{self.where}: unknown parameter {name!r}")
        if name in self.busy:
            die(f"{self.where}: parameters depend on each other in a cycle")
        self.busy.add(name)
        v = self.eval(self.defs[name])
        self.busy.discard(name)
        self.values[name] = v
        return v

    def eval(self, text):
        return eval_node(compile_formula(text), self.get, text)


# ----------------------------------------------------------------------
def read_zip(path):
    """Every entity of the zip as a dict, by folder."""
    data = {f: [] for f in FOLDERS}
    t_read = t_parse = 0.0
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            folder, _, rest = info.filename.partition("/")
            if folder not in data or not rest.endswith(".json"):
                continue
            t0 = time.perf_counter()
            raw = zf.read(info)
            t1 = time.perf_counter()
            data[folder].append(json.loads(raw))
            t_parse += time.perf_counter() - t1
            t_read += t1 - t0
    return data, t_read, t_parse


def build(data):
    # Units and flow properties.
    unit_factor, unit_group = {}, {}
    for ug in data["unit_groups"]:
        for u in ug.get("units", []):
            unit_factor[u["@id"]] = float(u.get("conversionFactor", 1.0))
            unit_group[u["@id"]] = ug["@id"]
    prop_group = {fp["@id"]: fp["unitGroup"]["@id"]
                  for fp in data["flow_properties"]}

    # Flows: type, reference property, property factors.
    flow_type, flow_ref_prop, flow_props = {}, {}, {}
    for f in data["flows"]:
        fid = f["@id"]
        flow_type[fid] = f.get("flowType")
        props = {}
        for fpf in f.get("flowProperties", []):
            pid = fpf["flowProperty"]["@id"]
            props[pid] = float(fpf.get("conversionFactor", 1.0))
            if fpf.get("isRefFlowProperty"):
                flow_ref_prop[fid] = pid
        flow_props[fid] = props
        if fid not in flow_ref_prop:
            die(f"flow {fid} has no reference flow property")

    conv_cache = {}

    def to_reference(fid, obj):
        """Factor from obj's unit and property to the flow's reference
        unit: amount_ref = amount * factor."""
        prop = (obj.get("flowProperty") or {}).get("@id")
        unit = (obj.get("unit") or {}).get("@id")
        key = (fid, prop, unit)
        c = conv_cache.get(key)
        if c is None:
            p = prop or flow_ref_prop[fid]
            pf = flow_props[fid].get(p)
            if pf is None:
                die(f"flow {fid} has no flow property {p}")
            if unit is None:
                uf = 1.0  # the reference unit of the property's group
            else:
                if unit_group.get(unit) != prop_group.get(p):
                    die(f"unit {unit} is not a unit of flow property {p} "
                        f"(flow {fid})")
                uf = unit_factor[unit]
            c = conv_cache[key] = uf / pf
        return c

    # Providers: (process, product output) pairs, one row and column each.
    processes = data["processes"]
    provider_index, producers = {}, {}
    ref_product = {}
    for p in processes:
        pid = p["@id"]
        for e in p.get("exchanges", []):
            fid = e["flow"]["@id"]
            ft = flow_type.get(fid)
            if ft is None:
                die(f"process {pid}: unknown flow {fid}")
            if ft == "WASTE_FLOW" or e.get("isAvoidedProduct"):
                die(f"process {pid}: waste flows and avoided products are "
                    f"not supported by this baseline")
            if ft == "PRODUCT_FLOW" and not e.get("isInput"):
                key = (pid, fid)
                if key not in provider_index:
                    provider_index[key] = len(provider_index)
                    producers.setdefault(fid, []).append(pid)
                if e.get("isQuantitativeReference"):
                    ref_product[pid] = fid
        if pid not in ref_product:
            die(f"process {pid} has no product output as its quantitative "
                f"reference")
    n = len(provider_index)

    def link(pid, e, fid):
        dp = (e.get("defaultProvider") or {}).get("@id")
        if dp is not None:
            row = provider_index.get((dp, fid))
            if row is not None:
                return row
        prods = producers.get(fid, [])
        if len(prods) != 1:
            die(f"process {pid}: input of {fid} has "
                f"{'no' if not prods else len(prods)} producers and no "
                f"usable default provider")
        return provider_index[(prods[0], fid)]

    # Exchanges to matrix entries.
    a_row, a_col, a_val = [], [], []
    b_flow, b_col, b_val = [], [], []
    flow_input = {}  # elementary flow -> is an input
    n_exchanges = n_formulas = 0
    formula_diff = 0.0
    for p in processes:
        pid = p["@id"]
        exchanges = p.get("exchanges", [])
        n_exchanges += len(exchanges)
        scope = None
        if p.get("parameters"):
            scope = Scope(p["parameters"], f"process {pid}")
        outputs, inputs, elementary = [], [], []
        for e in exchanges:
            fid = e["flow"]["@id"]
            amount = float(e.get("amount", 0.0))
            formula = e.get("amountFormula")
            if formula:
                if scope is None:
                    scope = Scope([], f"process {pid}")
                v = scope.eval(formula)
                if amount != 0.0:
                    formula_diff = max(formula_diff,
                                       abs(v - amount) / abs(amount))
                amount = v
                n_formulas += 1
            amount *= to_reference(fid, e)
            ft = flow_type[fid]
            if ft == "PRODUCT_FLOW":
                if e.get("isInput"):
                    inputs.append((link(pid, e, fid), amount))
                else:
                    outputs.append((fid, amount))
            else:
                is_in = bool(e.get("isInput"))
                if flow_input.setdefault(fid, is_in) != is_in:
                    die(f"elementary flow {fid} is an input in one exchange "
                        f"and an output in another: not supported by this "
                        f"baseline")
                elementary.append((fid, -amount if is_in else amount))

        if len(outputs) == 1:
            shares = {outputs[0][0]: 1.0}
        else:
            method = p.get("defaultAllocationMethod")
            if method not in ("PHYSICAL_ALLOCATION", "ECONOMIC_ALLOCATION"):
                die(f"process {pid}: {len(outputs)} product outputs and "
                    f"allocation method {method!r}: not supported by this "
                    f"baseline")
            shares = {}
            for af in p.get("allocationFactors", []):
                if af.get("allocationType") == method:
                    fid = af["product"]["@id"]
                    shares[fid] = shares.get(fid, 0.0) + float(af["value"])
            missing = [fid for fid, _ in outputs if fid not in shares]
            if missing:
                die(f"process {pid}: no {method} factor for product "
                    f"{missing[0]}")

        done = set()
        for fid, amount in outputs:
            col = provider_index[(pid, fid)]
            # Other product outputs leave the column; their own columns
            # carry them.
            a_row.append(col)
            a_col.append(col)
            a_val.append(amount)
            if fid in done:
                continue  # a second output of the same product
            done.add(fid)
            f = shares[fid]
            for row, amount_in in inputs:
                a_row.append(row)
                a_col.append(col)
                a_val.append(-amount_in * f)
            for efid, amount_e in elementary:
                b_flow.append(efid)
                b_col.append(col)
                b_val.append(amount_e * f)

    A = sp.coo_matrix((a_val, (a_row, a_col)), shape=(n, n)).tocsc()
    A.sum_duplicates()
    flows = sorted(flow_input)
    flow_index = {fid: i for i, fid in enumerate(flows)}
    B = sp.coo_matrix((b_val, ([flow_index[f] for f in b_flow], b_col)),
                      shape=(len(flows), n)).tocsr()
    B.sum_duplicates()

    # Characterization: one row per (method, category).
    categories = {c["@id"]: c for c in data["lcia_categories"]}
    names, c_row, c_col, c_val = [], [], [], []
    n_factors = n_dropped = 0
    pairs = []
    for m in data["lcia_methods"]:
        for ref in m.get("impactCategories", []):
            cat = categories.get(ref["@id"])
            if cat is None:
                die(f"method {m['name']!r}: unknown category {ref['@id']}")
            pairs.append((f"{m['name']}/{cat['name']}", cat))
    for r, (name, cat) in enumerate(pairs):
        names.append(name)
        for fac in cat.get("impactFactors", []):
            n_factors += 1
            fid = fac["flow"]["@id"]
            i = flow_index.get(fid)
            if i is None:
                n_dropped += 1
                continue
            if fac.get("formula"):
                die(f"category {cat['name']!r}: factor formulas are not "
                    f"supported by this baseline")
            # A factor per unit u is worth value / factor(u) per reference
            # unit.
            v = float(fac["value"]) / to_reference(fid, fac)
            c_row.append(r)
            c_col.append(i)
            c_val.append(-v if flow_input[fid] else v)
    C = sp.coo_matrix((c_val, (c_row, c_col)),
                      shape=(len(names), len(flows))).tocsr()
    C.sum_duplicates()
    counts = {
        "n_processes": len(processes),
        "n_providers": n,
        "n_exchanges": n_exchanges,
        "n_formulas": n_formulas,
        "formula_vs_amount_max_rel_diff": formula_diff,
        "n_flows": len(data["flows"]),
        "n_elementary_flows_used": len(flows),
        "n_categories": len(names),
        "n_factors": n_factors,
        "n_factors_dropped": n_dropped,
    }
    return (A, B, C, provider_index, ref_product, names,
            [c["@id"] for _, c in pairs], counts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("zip")
    ap.add_argument("process", help="uuid of the demanded process")
    ap.add_argument("--amount", type=float, default=1.0,
                    help="units of its reference product, in the flow's "
                         "reference unit (default 1)")
    ap.add_argument("--ordering", default="MMD_AT_PLUS_A",
                    choices=("MMD_AT_PLUS_A", "MMD_ATA", "COLAMD",
                             "NATURAL"))
    args = ap.parse_args()

    t0 = time.perf_counter()
    data, t_read, t_parse = read_zip(args.zip)
    t1 = time.perf_counter()
    A, B, C, provider_index, ref_product, names, cat_ids, counts = build(
        data)
    t2 = time.perf_counter()
    if args.process not in ref_product:
        die(f"demand: no process {args.process}")
    k = provider_index[(args.process, ref_product[args.process])]
    t2a = time.perf_counter()
    lu = splu(A, permc_spec=args.ordering)
    t3 = time.perf_counter()
    f = np.zeros(A.shape[0])
    f[k] = args.amount
    s = lu.solve(f)
    t4 = time.perf_counter()
    h = C @ (B @ s)
    t5 = time.perf_counter()
    residual = float(np.abs(A @ s - f).max() / np.abs(f).max())

    out = {
        "tool": "python-zipfile-json-scipy-splu",
        "python": sys.version.split()[0],
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "ordering": args.ordering,
        "zip": args.zip,
        "demand": {"process": args.process, "amount": args.amount},
        **counts,
        "technosphere_nnz": int(A.nnz),
        "biosphere_nnz": int(B.nnz),
        "lu_nnz": int(lu.L.nnz + lu.U.nnz),
        "residual": residual,
        "timings_s": {"read_parse": t1 - t0, "read": t_read,
                      "parse": t_parse, "build": t2 - t1,
                      "factorize": t3 - t2a, "solve": t4 - t3,
                      "characterize": t5 - t4, "total": t5 - t0},
        "scores": {name: float(x) for name, x in zip(names, h)},
        "category_ids": dict(zip(names, cat_ids)),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
